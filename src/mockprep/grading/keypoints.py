"""Key points derived from reference answers, for questions that come without a rubric.

``derive_key_points`` is pure and lexical (no model): the bank importer reuses it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

from mockprep.bank.schema import KeyPoint, Kind, Question, Role
from mockprep.nlp.text import content_terms, split_sentences, tokenize

MAX_DERIVED_POINTS = 7
MIN_CLAIM_TERMS = 3
_CLAUSE_SPLIT = re.compile(r";\s+|:\s+(?=[A-Za-z])|\s+-{1,2}\s+|\s+—\s+")


def _claims(reference: str) -> list[str]:
    """Distinct statements in one reference answer: sentences, then clauses joined by ';'."""
    claims: list[str] = []
    for sentence in split_sentences(reference):
        parts = [p.strip(" ,.;") for p in _CLAUSE_SPLIT.split(sentence.text)]
        parts = [p for p in parts if p]
        if all(len(content_terms(p)) >= MIN_CLAIM_TERMS for p in parts):
            claims.extend(parts)
        else:
            claims.append(sentence.text.strip())
    merged: list[str] = []
    for claim in claims:
        if merged and len(content_terms(claim)) < MIN_CLAIM_TERMS:
            merged[-1] = f"{merged[-1].rstrip('.')}; {claim}"
        else:
            merged.append(claim)
    if len(merged) > 1 and len(content_terms(merged[0])) < MIN_CLAIM_TERMS:
        merged[1] = f"{merged[0].rstrip('.')}; {merged[1]}"
        merged = merged[1:]
    while len(merged) > MAX_DERIVED_POINTS:
        sizes = [len(content_terms(a)) + len(content_terms(b)) for a, b in pairwise(merged)]
        i = sizes.index(min(sizes))
        merged[i : i + 2] = [f"{merged[i].rstrip('.')}; {merged[i + 1]}"]
    return merged


def _overlap(a: str, b: str) -> float:
    ta, tb = set(content_terms(a)), set(content_terms(b))
    if not ta or not tb:
        return 0.0
    return len(ta & tb) / len(ta | tb)


def _slug(text: str, taken: set[str]) -> str:
    words = [t.text.lower() for t in tokenize(text) if not t.is_stopword and t.text.isalnum()]
    base = "-".join(re.sub(r"[^a-z0-9]", "", w) for w in words[:4]).strip("-") or "point"
    base = re.sub(r"-+", "-", base)[:60].strip("-") or "point"
    if len(base) < 2:
        base = f"point-{base}"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def _label(text: str) -> str:
    words = [t.text for t in tokenize(text) if not t.is_stopword]
    label = " ".join(words[:6]) or text[:60]
    label = label[:80].strip()
    return label[0].upper() + label[1:] if len(label) >= 2 else f"Point {label}".strip()


def _statement(claim: str) -> str:
    claim = claim.strip()
    return claim if len(claim) >= 10 else f"The answer is: {claim}"


def derive_key_points(reference_answers: Sequence[str]) -> list[KeyPoint]:
    """Split reference answers into distinct claims, one key point each (``derived=True``).

    The first non-empty reference supplies the points. Further references are treated as other
    correct wordings: each of their claims joins, as a phrasing, the point it overlaps most.
    Weights follow each claim's number of content words and sum to 1.

    Raises:
        ValueError: no reference answer has any text.
    """
    references = [r.strip() for r in reference_answers if r and r.strip()]
    if not references:
        raise ValueError("derive_key_points needs at least one non-empty reference answer")
    claims = _claims(references[0]) or [references[0]]
    phrasings: list[list[str]] = [[] for _ in claims]
    for other in references[1:]:
        for claim in _claims(other) or [other]:
            scores = [_overlap(claim, c) for c in claims]
            best = scores.index(max(scores))
            if claim.lower() != claims[best].lower() and claim not in phrasings[best]:
                phrasings[best].append(claim)
    sizes = [max(1, len(set(content_terms(c)))) ** 0.5 for c in claims]
    total = sum(sizes)
    weights = [round(s / total, 4) for s in sizes]
    weights[-1] = round(1.0 - sum(weights[:-1]), 4)
    taken: set[str] = set()
    return [
        KeyPoint(
            id=_slug(claim, taken),
            label=_label(claim),
            statement=_statement(claim),
            weight=max(weight, 0.0001),
            phrasings=phrasings[i],
            derived=True,
        )
        for i, (claim, weight) in enumerate(zip(claims, weights, strict=True))
    ]


def question_from_references(
    question_id: str,
    question_text: str,
    reference_answers: Sequence[str],
    *,
    bank: str = "imported",
) -> Question:
    """A gradable question built from its text and reference answer(s) alone, as an imported bank is."""
    references = [r.strip() for r in reference_answers if r and r.strip()]
    slug = re.sub(r"[^a-z0-9]+", "-", question_id.lower()).strip("-")
    slug = slug if len(slug) >= 2 else f"q-{slug or 'x'}"
    text = question_text.strip()
    return Question(
        id=slug[:80].strip("-"),
        category="imported",
        kind=Kind.CONCEPT,
        difficulty=2,
        roles=[Role.ENGINEER],
        question=text if len(text) >= 8 else f"Question: {text or question_id}",
        reference_answers=references,
        key_points=derive_key_points(references),
        bank=bank,
    )
