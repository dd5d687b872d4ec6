"""Word error rate between what was said and what a recogniser wrote, on fairly normalised words.

A raw word comparison counts differences no listener would call a mistake: ``re-ranker`` against
``reranker``, ``colour`` against ``color``, ``it's`` against ``it is``, ``25`` against ``twenty
five``, an ``um`` the script did not have. ``normalise_words`` removes those differences the same
way on both sides, and ``word_errors`` then also joins compounds one side writes as one word and
the other as two (``roll back`` / ``rollback``) before counting substitutions, insertions and
deletions. Every rule is general English spelling; none knows any particular sentence.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

FILLERS = frozenset({"um", "umm", "uh", "uhm", "erm", "hmm", "hm", "mm", "mmm", "mhm"})
"""Hesitation sounds; a reference script never has them, so they are not scored."""

_CONTRACTIONS: tuple[tuple[str, str], ...] = (
    (r"\bwon't\b", "will not"),
    (r"\bcan't\b", "can not"),
    (r"\bcannot\b", "can not"),
    (r"\bshan't\b", "shall not"),
    (r"\blet's\b", "let us"),
    (r"\by'all\b", "you all"),
    (r"\bgonna\b", "going to"),
    (r"\bwanna\b", "want to"),
    (r"\bgotta\b", "got to"),
    (r"n't\b", " not"),
    (r"'re\b", " are"),
    (r"'ve\b", " have"),
    (r"'ll\b", " will"),
    (r"'d\b", " would"),
    (r"'m\b", " am"),
    (r"'s\b", " is"),
)
"""Contracted forms spelled out (``'s`` and ``'d`` are ambiguous; the same reading on both
sides is what matters)."""

_SPELLINGS = {
    "grey": "gray",
    "programme": "program",
    "programmes": "programs",
    "catalogue": "catalog",
    "catalogues": "catalogs",
    "dialogue": "dialog",
    "dialogues": "dialogs",
    "analogue": "analog",
    "licence": "license",
    "licences": "licenses",
    "defence": "defense",
    "offence": "offense",
    "pretence": "pretense",
    "practise": "practice",
    "practised": "practiced",
    "practising": "practicing",
    "judgement": "judgment",
    "judgements": "judgments",
    "acknowledgement": "acknowledgment",
    "ageing": "aging",
    "enrolment": "enrollment",
    "fulfil": "fulfill",
    "fulfilment": "fulfillment",
    "skilful": "skillful",
    "sceptical": "skeptical",
    "aluminium": "aluminum",
    "mould": "mold",
    "cheque": "check",
    "cheques": "checks",
    "tyre": "tire",
    "tyres": "tires",
    "ok": "okay",
}
"""British (and other variant) spellings whose difference is not a regular ending."""

_OUR = re.compile(r"^([a-z]{2,})our(s|ed|ing|ite|ites|able|ably|al|er|ers|less|ful)?$")
_OUR_KEEP = frozenset({"fl", "sc", "am", "cont", "dev", "det", "vel", "param", "troubad", "tamb"})
_ISE = re.compile(r"^([a-z]{3,})iz(e|es|ed|ing|er|ers|ation|ations|able)$")
_YSE = re.compile(r"^([a-z]{2,})yz(e|es|ed|ing|er|ers)$")
_RE = re.compile(r"^([a-z]+)re(s?)$")
_RE_STEMS = frozenset(
    {"cent", "lit", "theat", "fib", "calib", "somb", "sab", "spect", "lust", "scept", "meag"}
)
_LL = re.compile(r"^([a-z]{3,}e)ll(ed|ing|er|ers)$")


def common_spelling(word: str) -> str:
    """One spelling for a word British and American English spell differently.

    ``-our`` becomes ``-or`` (colour), ``-ize`` becomes ``-ise`` (the direction that merges no two
    distinct words), ``-yze`` becomes ``-yse``, ``-re`` becomes ``-er`` for the usual stems
    (centre, metre, fibre), and ``-elled``/``-elling`` lose the second ``l`` (modelling).
    """
    if word in _SPELLINGS:
        return _SPELLINGS[word]
    if (m := _OUR.match(word)) and m.group(1) not in _OUR_KEEP:
        return f"{m.group(1)}or{m.group(2) or ''}"
    if m := _ISE.match(word):
        return f"{m.group(1)}is{m.group(2)}"
    if m := _YSE.match(word):
        return f"{m.group(1)}ys{m.group(2)}"
    if (m := _RE.match(word)) and (m.group(1) in _RE_STEMS or m.group(1).endswith("met")):
        return f"{m.group(1)}er{m.group(2)}"
    if m := _LL.match(word):
        return f"{m.group(1)}l{m.group(2)}"
    return word


def _words(text: str) -> list[str]:
    return text.split()


_UNITS = {
    w: i
    for i, w in enumerate(
        _words(
            "zero one two three four five six seven eight nine ten eleven twelve thirteen "
            "fourteen fifteen sixteen seventeen eighteen nineteen"
        )
    )
}
_TENS = {
    w: 10 * i
    for i, w in enumerate(_words("twenty thirty forty fifty sixty seventy eighty ninety"), start=2)
}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_ORDINALS = {
    "first": "one",
    "second": "two",
    "third": "three",
    "fifth": "five",
    "eighth": "eight",
    "ninth": "nine",
    "twelfth": "twelve",
}


def _ordinal_base(word: str) -> str | None:
    """``"fourth"`` -> ``"four"``, ``"twentieth"`` -> ``"twenty"``; None when not an ordinal."""
    if word in _ORDINALS:
        return _ORDINALS[word]
    if word.endswith("ieth") and word[:-4] + "y" in _TENS:
        return word[:-4] + "y"
    if word.endswith("th") and (word[:-2] in _UNITS or word[:-2] in _SCALES):
        return word[:-2]
    return None


def _suffix(n: int) -> str:
    if n % 100 in (11, 12, 13):
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def _is_number_word(word: str) -> bool:
    return word in _UNITS or word in _TENS or word in _SCALES


def spoken_numbers_to_digits(words: Sequence[str]) -> list[str]:
    """Runs of number words as one figure: ``twenty five`` -> ``25``, ``two hundred and ten``
    -> ``210``, ``three point five`` -> ``3.5``, ``twenty first`` -> ``21st``.

    A tens word followed by a tens word starts a new figure (``twenty twenty`` -> ``20 20``), so
    spoken years and digit strings stay comparable once ``word_errors`` joins split compounds.
    """
    out: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        ordinal = _ordinal_base(word)
        if not _is_number_word(word) and ordinal is None:
            out.append(word)
            i += 1
            continue
        total = current = 0
        last: str | None = None  # "unit", "tens" or "scale": what the previous word was
        is_ordinal = False
        j = i
        while j < len(words):
            w = words[j]
            base = _ordinal_base(w)
            key = base or w
            if w == "and" and last == "scale" and j + 1 < len(words):
                nxt = words[j + 1]
                if nxt in _UNITS or nxt in _TENS or _ordinal_base(nxt) is not None:
                    j += 1
                    continue
            if key in _UNITS:
                if last == "unit" or (last == "tens" and _UNITS[key] >= 10):
                    break
                current += _UNITS[key]
                last = "unit"
            elif key in _TENS:
                if last in ("unit", "tens"):
                    break
                current += _TENS[key]
                last = "tens"
            elif key in _SCALES:
                if last is None:
                    break
                scale = _SCALES[key]
                if scale == 100 and current >= 100:  # "one hundred two hundred"
                    break
                if scale == 100:
                    current = max(current, 1) * 100
                else:
                    total += max(current, 1) * scale
                    current = 0
                last = "scale"
            else:
                break
            j += 1
            if base is not None:
                is_ordinal = True
                break
        if j == i:  # a lone scale word ("hundred"): keep it as a word
            out.append(word)
            i += 1
            continue
        value = total + current
        figure = str(value)
        if is_ordinal:
            figure += _suffix(value)
        elif j + 1 < len(words) and words[j] == "point" and words[j + 1] in _UNITS:
            decimals = []
            j += 1
            while j < len(words) and words[j] in _UNITS and _UNITS[words[j]] < 10:
                decimals.append(str(_UNITS[words[j]]))
                j += 1
            figure += "." + "".join(decimals)
        out.append(figure)
        i = j
    return out


_SYMBOLS = (
    (re.compile(r"(?<=\d),(?=\d{3}\b)"), ""),  # 1,000 -> 1000
    (re.compile(r"%"), " percent "),
    (re.compile(r"[$]\s*(\d[\d.]*)"), r"\1 dollars"),
    (re.compile(r"£\s*(\d[\d.]*)"), r"\1 pounds"),
    (re.compile(r"€\s*(\d[\d.]*)"), r"\1 euros"),
    (re.compile(r"&"), " and "),
)


def normalise_words(text: str) -> list[str]:
    """Lower-case words with punctuation, hyphens, contractions, fillers, spelling variants and
    spoken numbers made uniform; what is left is what a listener would call the words."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    text = re.sub(r"\[[^\]]*\]|\([^)]*\)", " ", text)  # [laughs], (inaudible)
    for pattern, replacement in _SYMBOLS:
        text = pattern.sub(replacement, text)
    for contraction, full in _CONTRACTIONS:
        text = re.sub(contraction, full, text)
    text = re.sub(r"(?<=\d)\.(?=\d)", "\0", text)  # keep decimal points through the next step
    text = re.sub(r"[^a-z0-9\0]+", " ", text).replace("\0", ".")
    words = [common_spelling(w) for w in text.split() if w not in FILLERS]
    return spoken_numbers_to_digits(words)


def join_compounds(words: Sequence[str], vocabulary: set[str]) -> list[str]:
    """Join two or three neighbouring words whose concatenation is a single word of
    ``vocabulary`` (the other side's words): ``roll back`` -> ``rollback`` when the other side
    wrote ``rollback``. Words already in ``vocabulary`` on their own are left alone."""
    out: list[str] = []
    i = 0
    while i < len(words):
        for size in (3, 2):
            group = words[i : i + size]
            joined = "".join(group)
            if (
                len(group) == size
                and joined in vocabulary
                and not all(w in vocabulary for w in group)
            ):
                out.append(joined)
                i += size
                break
        else:
            out.append(words[i])
            i += 1
    return out


def edit_distance(ref: Sequence[str], hyp: Sequence[str]) -> int:
    """Word-level Levenshtein distance (substitutions, insertions, deletions)."""
    previous = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, start=1):
        current = [i] + [0] * len(hyp)
        for j, h in enumerate(hyp, start=1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (r != h))
        previous = current
    return previous[-1]


@dataclass(frozen=True)
class WordErrors:
    """How far a hypothesis is from its reference, in words."""

    errors: int
    reference_words: int
    reference: tuple[str, ...]
    hypothesis: tuple[str, ...]

    @property
    def rate(self) -> float:
        return self.errors / self.reference_words if self.reference_words else 0.0


def word_errors(reference: str, hypothesis: str) -> WordErrors:
    """Errors of ``hypothesis`` against ``reference`` after normalising both the same way."""
    ref, hyp = normalise_words(reference), normalise_words(hypothesis)
    ref, hyp = join_compounds(ref, set(hyp)), join_compounds(hyp, set(ref))
    return WordErrors(edit_distance(ref, hyp), len(ref), tuple(ref), tuple(hyp))


__all__ = [
    "FILLERS",
    "WordErrors",
    "common_spelling",
    "edit_distance",
    "join_compounds",
    "normalise_words",
    "spoken_numbers_to_digits",
    "word_errors",
]
