"""Guards against gaming: each detector names what it saw; any gaming flag caps the score
below the pass mark. Pure functions of the answer, its features and the compiled rubric."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise

from mockprep.grading.coverage import AnswerFeatures, PreparedQuestion
from mockprep.grading.lexical import match_key
from mockprep.grading.models import BAND_FLOORS, Band, Flag
from mockprep.grading.signals import on_topic as on_topic_sentences
from mockprep.nlp.text import STOPWORDS, Token, tokenize

SALAD_MIN_TERMS = 25
"""Word salad is judged on answers with at least this many content words: a short fluent answer
that rewords the reference naturally shares few of its word pairs (measured on human-graded
short answers), while shuffling a whole model answer is long by construction."""
SALAD_IN_ORDER = 0.1
"""...and fewer than this share of its consecutive term pairs appear in that order in a reference.
Shuffled model answers of all 122 bundled questions reach at most 0.084; a fluent paraphrase that
reuses the model answer's vocabulary in its own order reaches 0.14 and more (0.15 flagged one)."""
SHUFFLED_MIN_WORDS = 6
SHUFFLED_SHARE = 0.7
SHUFFLED_IN_ORDER = 0.2
SHUFFLED_IN_ORDER_BROKEN = 0.35
"""A shorter answer is a reference answer shuffled when it shares at least ``SHUFFLED_SHARE`` of
its words with one reference (all words, function words included, over the longer of the two)
and fewer than ``SHUFFLED_IN_ORDER`` of its neighbouring word pairs stand next to each other in
that reference, or fewer than ``SHUFFLED_IN_ORDER_BROKEN`` when it also holds two word pairs no
English sentence has (``the of``, ``a and``, see ``_broken_pairs``). On the 10,547 human-written
answers to the ASAG and bank questions this flags one (a reordered sentence about battery
terminals); it catches about 88% of shuffled references of six words or more (the rest keep word
pairs together by chance)."""


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_ARTICLES = _words("the a an its their my your our every")
_PREPOSITIONS = _words(
    "of to in on at by for with from into about through over under between during without "
    "within onto upon"
)
_CONJUNCTIONS = _words("and or but nor")
_AUXILIARIES = _words(
    "is are was were be been being will would can could should may might must shall does did "
    "has have had"
)
_AFTER_ARTICLE = (
    _ARTICLES
    | _PREPOSITIONS
    | _CONJUNCTIONS
    | _AUXILIARIES
    | _words("which who whom whose what where when why how it they he she we i you them")
)
COPIED_QUESTION_SHARE = 0.5
"""An answer made of question words counts as the question copied back only when it also carries
at least this share of the question's words: answers to a long, scene-setting question reuse its
terms without restating it."""

ECHO_ADDS_TERMS = 2
"""An answer that echoes the question is not flagged when it adds this many terms of the model
answer or rubric: students restate the question before answering (on Mohler's human-graded answers
the flag without this exemption hit 56 answers averaging 3.9/5)."""

RUBRIC_LIST_SHARE = 0.7
"""An answer whose content words sit this much inside verbatim rubric phrasings and labels is a
list of them, whatever joins them (commas, spaces, "and"). Written answers to the bundled bank
reach at most 0.5 (model answers and every graded sample); lists of phrasings reach 1.0."""
RUBRIC_LIST_MIN_WORDS = 6

MAX_ANSWER_CHARS = 12_000
"""Longer answers are flagged and only this much is graded (about 2,000 words: no spoken answer)."""

OFF_TARGET_CAP = 1.5
GAMING_CAP = 3.5
CAPS: dict[Flag, float] = {
    Flag.EMPTY: 0.0,
    Flag.GIBBERISH: OFF_TARGET_CAP,
    Flag.OFF_TOPIC: OFF_TARGET_CAP,
    Flag.GRADER_INSTRUCTIONS: OFF_TARGET_CAP,
    Flag.QUESTION_COPIED: OFF_TARGET_CAP,
    Flag.KEYWORD_LIST: GAMING_CAP,
    Flag.WORD_SALAD: GAMING_CAP,
    Flag.PADDING: GAMING_CAP,
    Flag.FILLER_ADJECTIVES: GAMING_CAP,
    Flag.REPETITION: GAMING_CAP,
    Flag.TOO_LONG: GAMING_CAP,
}
assert all(cap < BAND_FLOORS[Band.ADEQUATE] for cap in CAPS.values())

_INSTRUCTIONS = re.compile(
    r"\b(ignore|disregard|forget|override)\b.{0,40}\b(rubric|grading|grader|scoring|marking|mark scheme)\b"
    r"|\b(give|award|grade|score|rate|mark)\s+(this|me|my|the|it)\b.{0,30}\b(10|ten|full marks|100|perfect|maximum|top marks)\b"
    r"|\b(full|perfect|maximum|top) (marks|score)\b|\b10\s*/\s*10\b"
    r"|\b(dear|attention|note (to|for)( the)?) (grader|evaluator|marker|examiner)\b"
    r"|\byou are (a|an|the) (grader|evaluator|marker|examiner)\b"
    r"|[\[(<{]\s*(note to )?(the )?(grader|evaluator|marker|examiner|assessor|system)\b"
    r"|\b(grader|evaluator|marker|examiner|assessor)\s*:"
    r"|\b(mark|rate|grade|score|classify)\s+(this|it|me|my answer|the answer)\s+(as\s+)?"
    r"(a\s+)?(strong|excellent|correct|perfect|complete|pass|passing|high)\b"
    r"|\b(covers|addresses|meets|satisfies)\s+(every|all|each)( of the)?\s+(rubric|key|marking|grading)"
    r"\s+(points?|criteria|items?)\b",
    re.IGNORECASE,
)
_HYPE_WORDS_TEXT = """crucial critical vital essential robust comprehensive cutting-edge state-of-the-art seamless seamlessly
    innovative powerful significant significantly extremely highly incredibly truly deeply fundamentally
    holistic holistically synergistic synergy leverage leveraging paradigm revolutionary transformative
    world-class best-in-class game-changing groundbreaking remarkable remarkably exceptional exceptionally
    dynamic dynamically strategic strategically optimal optimally unparalleled unprecedented amazing
    incredible absolutely definitely clearly obviously very really key pivotal paramount meticulous
    meticulously nuanced sophisticated elegant elegantly"""
HYPE_WORDS: frozenset[str] = frozenset(_HYPE_WORDS_TEXT.split())
_VOWELS = set("aeiouy")


@dataclass(frozen=True)
class GuardResult:
    flags: list[Flag]
    cap: float | None


def _wordlike(word: str) -> bool:
    w = word.lower()
    if not w.isalpha():
        return any(c.isalpha() for c in w) or w.isdigit()
    if w in STOPWORDS:
        return True
    if not set(w) & _VOWELS or len(w) > 22:
        return False
    return re.search(r"[^aeiouy]{5,}", w) is None and re.search(r"(.)\1\1", w) is None


def _made_of_rubric_phrasings(tokens: list[Token], prepared: PreparedQuestion) -> bool:
    """Whether the answer is (almost) nothing but the written rubric's phrasings and labels.

    Only hand-written key points count (``RubricTerms.verbatim``): the points of an imported
    question are derived from its reference answers, so an answer that restates a reference would
    match them in full.
    """
    norms = [t.norm for t in tokens]
    covered = [False] * len(norms)
    for seq in prepared.terms.verbatim:
        for i in range(len(norms) - len(seq) + 1):
            if norms[i : i + len(seq)] == list(seq):
                covered[i : i + len(seq)] = [True] * len(seq)
    content = [i for i, w in enumerate(norms) if w not in STOPWORDS and len(w) > 1]
    if len(content) < RUBRIC_LIST_MIN_WORDS:
        return False
    inside = sum(1 for i in content if covered[i]) / len(content)
    return inside >= RUBRIC_LIST_SHARE


def _broken_pairs(tokens: list[Token]) -> int:
    """Neighbouring words that fluent English does not put side by side: an article followed by
    a function word (``the of``, ``a which``), a preposition followed by a preposition,
    conjunction or auxiliary (``of and``, ``in is``; ``to be`` is fine), two conjunctions, and
    an article at the very end."""
    words = [t.text.lower() for t in tokens]
    broken = 0
    for a, b in pairwise(words):
        if (
            (a in _ARTICLES and b in _AFTER_ARTICLE)
            or (a in _PREPOSITIONS and (b in _PREPOSITIONS or b in _CONJUNCTIONS))
            or (a in _PREPOSITIONS and a != "to" and b in _AUXILIARIES)
            or (a in _CONJUNCTIONS and b in _CONJUNCTIONS)
        ):
            broken += 1
    return broken + (1 if words and words[-1] in _ARTICLES else 0)


def _shuffled_reference(tokens: list[Token], prepared: PreparedQuestion) -> bool:
    """True when the answer is mostly one reference's own words in another order (see
    ``SHUFFLED_SHARE``): word salad too short for the content-word check below."""
    words = [t.norm for t in tokens]
    if len(words) < SHUFFLED_MIN_WORDS:
        return False
    mine = Counter(words)
    pairs = list(pairwise(words))
    broken: int | None = None
    for reference in prepared.reference_order:
        shared = sum((mine & reference.counts).values()) / max(len(words), reference.length)
        if shared < SHUFFLED_SHARE:
            continue
        in_order = sum(1 for p in pairs if p in reference.pairs) / len(pairs)
        if in_order < SHUFFLED_IN_ORDER:
            return True
        if in_order < SHUFFLED_IN_ORDER_BROKEN:
            broken = _broken_pairs(tokens) if broken is None else broken
            if broken >= 2:
                return True
    return False


def detect(
    text: str,
    features: AnswerFeatures,
    prepared: PreparedQuestion,
    *,
    truncated: bool,
    raw_score: float,
) -> GuardResult:
    """Every gaming pattern found in ``text``, and the score cap they impose."""
    flags: list[Flag] = []
    tokens = tokenize(text)
    if not tokens:
        return GuardResult([Flag.EMPTY], CAPS[Flag.EMPTY])
    if truncated:
        flags.append(Flag.TOO_LONG)
    if _INSTRUCTIONS.search(text):
        flags.append(Flag.GRADER_INSTRUCTIONS)
    words = [t.text for t in tokens]
    n = len(words)
    stop_share = sum(1 for w in words if w.lower() in STOPWORDS) / n
    relevance = max(features.sentence_relevance, default=0.0)
    terms = prepared.terms
    known = terms.rubric_keys | terms.answer_keys | terms.question_keys
    keys = features.answer_terms.keys
    known_share = sum(1 for k in keys if k in known) / len(keys) if keys else 0.0
    wordlike = sum(1 for w in words if _wordlike(w)) / n
    if wordlike < 0.7 or (n >= 3 and stop_share < 0.1 and known_share < 0.3 and relevance < 0.35):
        flags.append(Flag.GIBBERISH)
    segments = [seg.split() for seg in re.split(r"[,;\n•|]+|\s-\s", text) if seg.strip()]
    mean_segment = n / max(len(segments), 1)
    long_segments = sum(1 for seg in segments if len(seg) >= 5) / max(len(segments), 1)
    # a sentence that opens with a clause and then enumerates ("works with more than one
    # modality, such as text, images, audio or video") is not a list: its clause holds the words
    in_clauses = sum(len(seg) for seg in segments if len(seg) >= 5) / n
    enders = len(re.findall(r"[.!?](\s|$)", text))
    listy = (
        len(segments) >= 4
        and (stop_share < 0.2 or known_share >= 0.5)
        and mean_segment <= 5
        and long_segments < 0.3
        and in_clauses < 0.4
        and enders < 2
    )
    if (
        n >= 4 and (listy or (stop_share < 0.12 and (mean_segment < 4.5 or known_share >= 0.6)))
    ) or _made_of_rubric_phrasings(tokens, prepared):
        flags.append(Flag.KEYWORD_LIST)
    if len(keys) >= SALAD_MIN_TERMS and Flag.KEYWORD_LIST not in flags:
        in_answers = sum(1 for k in keys if k in terms.answer_keys) / len(keys)
        pairs = list(pairwise(keys))
        in_order = sum(1 for p in pairs if p in terms.answer_bigrams) / len(pairs)
        if in_answers >= 0.7 and in_order < SALAD_IN_ORDER:
            flags.append(Flag.WORD_SALAD)
    if (
        Flag.WORD_SALAD not in flags
        and Flag.KEYWORD_LIST not in flags
        and _shuffled_reference(tokens, prepared)
    ):
        flags.append(Flag.WORD_SALAD)
    question_keys = terms.question_keys
    new_keys = {k for k in keys if k not in question_keys}
    from_question = sum(1 for k in keys if k in question_keys) / len(keys) if keys else 0.0
    adds_answer = new_keys & (terms.answer_keys | terms.rubric_keys)
    question_share = len(set(keys) & question_keys) / max(len(question_keys), 1)
    copied = (
        len(keys) >= 3
        and from_question >= 0.75
        and len(new_keys) < 3
        and not adds_answer
        and question_share >= COPIED_QUESTION_SHARE
    )
    qsim = features.question_similarity
    restated = max(features.sentence_question_similarity, default=0.0)
    echo = max(qsim, restated) >= 0.8 and max(qsim, restated) > features.reference_similarity + 0.05
    weak = raw_score < BAND_FLOORS[Band.ADEQUATE]
    # an answer that restates the question but also brings two or more of the answer's or the
    # rubric's own terms is answering it
    if copied or (echo and weak and len(adds_answer) < ECHO_ADDS_TERMS):
        flags.append(Flag.QUESTION_COPIED)
    if n >= 8 and relevance < 0.35 and features.reference_similarity < 0.3 and weak:
        flags.append(Flag.OFF_TOPIC)
    low = prepared.minimum_words
    on_topic = on_topic_sentences(features.sentence_relevance)
    off_words = sum(
        len(s.text.split()) for s, ok in zip(features.sentences, on_topic, strict=True) if not ok
    )
    if n >= 40 and len(on_topic) >= 3 and off_words >= 0.7 * n and Flag.OFF_TOPIC not in flags:
        flags.append(Flag.PADDING)
    hype = sum(1 for w in words if w.lower() in HYPE_WORDS)
    if hype >= 4 and hype / n >= 0.08:
        flags.append(Flag.FILLER_ADJECTIVES)
    sentence_counts = Counter(
        re.sub(r"\W+", " ", s.text.lower()).strip() for s in features.sentences
    )
    repeated = sum(c - 1 for c in sentence_counts.values())
    distinct = len({match_key(k) for k in keys})
    if (len(features.sentences) >= 3 and repeated / len(features.sentences) >= 0.3) or (
        len(keys) >= 60 and distinct / len(keys) < 0.25
    ):
        flags.append(Flag.REPETITION)
    if n < low:
        flags.append(Flag.TOO_SHORT)
    caps = [CAPS[f] for f in flags if f in CAPS]
    return GuardResult(flags, min(caps) if caps else None)
