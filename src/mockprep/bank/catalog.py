"""The catalog: the bundled bank plus a user's imported banks, with lookup, filters and search.

Search ranks questions by words (a BM25 score over the question, its tags, key-point labels and
phrasings) and by meaning (embedding cosine between the query and each question with its key
points), and fuses the two rankings, so "how do I stop a model making things up" finds the
hallucination and RAG questions although it shares few words with them.
"""

from __future__ import annotations

import difflib
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from mockprep.bank.loader import bundled_files, check_unique, load_bundled
from mockprep.bank.schema import CORE_CATEGORIES, BankFile, Kind, Question, Role
from mockprep.errors import InputError, QuestionNotFoundError
from mockprep.nlp.embeddings import EmbeddingCache

_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")
_STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "can",
        "do",
        "does",
        "for",
        "from",
        "how",
        "i",
        "in",
        "is",
        "it",
        "of",
        "on",
        "or",
        "so",
        "that",
        "the",
        "this",
        "to",
        "what",
        "when",
        "where",
        "which",
        "who",
        "why",
        "with",
        "you",
        "your",
        "we",
        "our",
        "my",
        "me",
        "would",
        "should",
        "could",
        "will",
    ]
)
RRF_K = 60


def _terms(text: str) -> list[str]:
    out = []
    for word in _WORD.findall(text.lower()):
        if word in _STOP:
            continue
        if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        out.append(word)
    return out


def _category_rank(category: str) -> tuple[int, str]:
    """Core categories in their fixed order, then the others by name, behavioural last."""
    if category in CORE_CATEGORIES:
        return (CORE_CATEGORIES.index(category), "")
    return (len(CORE_CATEGORIES) + (category == "behavioural"), category)


@lru_cache(maxsize=1)
def bundled_questions() -> tuple[Question, ...]:
    """The bundled bank, loaded and validated once per process: core categories first."""
    questions = load_bundled()
    return tuple(sorted(questions, key=lambda q: _category_rank(q.category)))


@lru_cache(maxsize=1)
def bundled_version() -> str:
    """The bundled bank's version (the newest version named by its files)."""
    found = set()
    for path in bundled_files():
        match = re.search(r'^version:\s*"?([^"\n]+)"?\s*$', path.read_text("utf-8"), re.MULTILINE)
        if match:
            found.add(match.group(1).strip())
    return max(found) if found else "0"


@dataclass(frozen=True)
class SearchHit:
    question: Question
    score: float
    by_words: float
    by_meaning: float


class Catalog:
    """Every question a user can practise: bundled first, then imported banks."""

    def __init__(
        self, questions: Iterable[Question], *, versions: dict[str, str] | None = None
    ) -> None:
        self.questions: list[Question] = list(questions)
        self.versions: dict[str, str] = dict(versions or {})
        """Version of each bank (``core`` is the bundled bank's version)."""
        check_unique(self.questions)
        self._by_uid = {q.uid: q for q in self.questions}
        self._doc_terms = [Counter(_terms(self._search_text(q))) for q in self.questions]
        self._avg_len = (
            sum(sum(c.values()) for c in self._doc_terms) / len(self._doc_terms)
            if self._doc_terms
            else 1.0
        )
        df: Counter[str] = Counter()
        for counts in self._doc_terms:
            df.update(counts.keys())
        n = max(1, len(self.questions))
        self._idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in df.items()}

    @classmethod
    def with_imports(cls, imported: Sequence[BankFile] = ()) -> Catalog:
        questions = list(bundled_questions())
        versions = {"core": bundled_version()}
        for bank in imported:
            questions.extend(bank.questions)
            versions[bank.bank] = bank.version
        return cls(questions, versions=versions)

    @staticmethod
    def _search_text(q: Question) -> str:
        parts = [q.question, q.category.replace("-", " "), " ".join(q.tags)]
        for kp in q.key_points:
            parts.append(kp.label)
            parts.extend(kp.phrasings)
        return " ".join(parts)

    @property
    def banks(self) -> list[str]:
        return sorted({q.bank for q in self.questions}, key=lambda b: (b != "core", b))

    @property
    def categories(self) -> list[str]:
        return sorted({q.category for q in self.questions})

    def get(self, ref: str) -> Question:
        """A question by ``id`` (bundled bank first) or by ``bank/id``."""
        ref = ref.strip()
        if ref in self._by_uid:
            return self._by_uid[ref]
        if "/" not in ref:
            if f"core/{ref}" in self._by_uid:
                return self._by_uid[f"core/{ref}"]
            matches = [q for q in self.questions if q.id == ref]
            if len(matches) == 1:
                return matches[0]
            if len(matches) > 1:
                raise InputError(
                    f"{ref!r} is in several banks: {', '.join(q.uid for q in matches)}",
                    fix="Name the bank too, as BANK/ID.",
                )
        close = difflib.get_close_matches(ref, [q.id for q in self.questions], n=3, cutoff=0.6)
        hint = f"Did you mean {', '.join(close)}? " if close else ""
        raise QuestionNotFoundError(
            f"no question {ref!r}", fix=f"{hint}List questions with `mockprep bank list`."
        )

    def filter(
        self,
        *,
        category: str | None = None,
        kind: Kind | str | None = None,
        role: Role | str | None = None,
        difficulty: int | None = None,
        bank: str | None = None,
    ) -> list[Question]:
        """Questions matching every given filter, in catalog order."""
        self._check_filter("category", category, self.categories)
        self._check_filter("bank", bank, self.banks)
        out = []
        for q in self.questions:
            if category and q.category != category:
                continue
            if kind and q.kind != Kind(kind):
                continue
            if role and Role(role) not in q.roles:
                continue
            if difficulty and q.difficulty != difficulty:
                continue
            if bank and q.bank != bank:
                continue
            out.append(q)
        return out

    @staticmethod
    def _check_filter(name: str, value: str | None, known: list[str]) -> None:
        if value and value not in known:
            raise InputError(f"no {name} {value!r}", fix=f"Use one of: {', '.join(known)}.")

    def _bm25(self, query: str) -> np.ndarray:
        k1, b = 1.4, 0.6
        terms = _terms(query)
        scores = np.zeros(len(self.questions), dtype=np.float64)
        for i, counts in enumerate(self._doc_terms):
            length = sum(counts.values())
            s = 0.0
            for t in terms:
                f = counts.get(t, 0)
                if f:
                    s += (
                        self._idf[t]
                        * f
                        * (k1 + 1)
                        / (f + k1 * (1 - b + b * length / self._avg_len))
                    )
            scores[i] = s
        return scores

    def search(
        self, query: str, *, cache: EmbeddingCache | None = None, limit: int = 10
    ) -> list[SearchHit]:
        """Questions ranked by words and (when a model cache is given) by meaning."""
        if not query.strip():
            raise InputError("the search text is empty", fix="Give some words to search for.")
        if not self.questions:
            return []
        words = self._bm25(query)
        meaning = np.zeros(len(self.questions), dtype=np.float64)
        if cache is not None:
            docs = [
                f"{q.question} " + "; ".join(kp.label for kp in q.key_points)
                for q in self.questions
            ]
            doc_vecs = cache.embed(docs)
            query_vec = cache.embed([query])[0]
            meaning = (doc_vecs @ query_vec).astype(np.float64)
        word_rank = {i: r for r, i in enumerate(np.argsort(-words, kind="stable"))}
        meaning_rank = {i: r for r, i in enumerate(np.argsort(-meaning, kind="stable"))}
        fused = []
        for i in range(len(self.questions)):
            score = 0.0
            if words[i] > 0:
                score += 1.0 / (RRF_K + word_rank[i])
            if cache is not None and meaning[i] > 0.2:
                score += 1.0 / (RRF_K + meaning_rank[i])
            if score > 0:
                fused.append((score, i))
        fused.sort(key=lambda t: (-t[0], t[1]))
        order = [i for _, i in fused]
        if order:  # "see also": questions the best hit's rubric points to come right after it
            related = [j for j in self.related(order[0]) if j != order[0]][:2]
            order = [order[0], *related, *(i for i in order[1:] if i not in related)]
        score_of = {i: sc for sc, i in fused}
        return [
            SearchHit(
                self.questions[i],
                round(score_of.get(i, 0.0), 5),
                float(words[i]),
                float(meaning[i]),
            )
            for i in order[:limit]
        ]

    def related(self, index: int) -> list[int]:
        """Questions whose own text names a term from question ``index``'s rubric phrasings.

        The hallucination question's rubric mentions retrieval-augmented generation as a fix, so
        the RAG question is related to it. Most-mentioned first.
        """
        source = self.questions[index]
        phrases = {
            p.lower()
            for kp in source.key_points
            for p in kp.phrasings
            if len(p) >= 3 and len(p.split()) <= 4
        }
        counts: Counter[int] = Counter()
        for j, q in enumerate(self.questions):
            if j == index or q.bank != source.bank:
                continue
            text = q.question.lower()
            for phrase in phrases:
                if re.search(rf"(?<![a-z0-9]){re.escape(phrase)}(?![a-z0-9])", text):
                    counts[j] += 1
        return [j for j, _ in counts.most_common()]
