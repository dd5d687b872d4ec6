"""The question-bank schema: questions, rubric key points, follow-ups and graded samples.

A bank file is YAML or JSON with this shape (field names are the schema's)::

    bank: core                 # namespace; the bundled bank is "core"
    version: "2026.11.1"
    category: foundations      # optional default for the questions in the file
    questions:
      - id: rag-basics
        category: foundations
        kind: concept          # concept | scenario | opinion | behavioural
        difficulty: 2          # 1 (warm-up) .. 3 (senior)
        roles: [engineer, product]
        question: "What is retrieval-augmented generation ...?"
        model_answer: "..."    # 80-220 words, spoken style
        key_points:
          - id: retrieve-then-generate
            label: Retrieve, then generate
            statement: "One sentence stating the point."
            weight: 0.3        # weights of a question sum to 1
            phrasings: ["RAG", "look up documents first", ...]
        follow_ups:
          - question: "How would you evaluate the retriever on its own?"
            probes: retrieve-then-generate
        tags: [rag, retrieval]
        references: ["Lewis et al., Retrieval-Augmented Generation ..., 2020"]
        samples:               # graded sample answers (core questions have >= 3)
          - level: strong      # strong | partial | weak | wrong
            score: 9
            covers: [retrieve-then-generate]
            answer: "..."
"""

from __future__ import annotations

import hashlib
import json
import re
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
Slug = Annotated[str, Field(pattern=SLUG_PATTERN, min_length=2, max_length=80)]

MODEL_ANSWER_MIN_WORDS = 80
MODEL_ANSWER_MAX_WORDS = 220
WEIGHT_TOLERANCE = 0.011

CORE_CATEGORIES = ("foundations", "implementation", "product", "ethics")


class Kind(StrEnum):
    """What sort of question it is; decides how answers are judged."""

    CONCEPT = "concept"
    SCENARIO = "scenario"
    OPINION = "opinion"
    BEHAVIOURAL = "behavioural"


class Role(StrEnum):
    """Roles a question suits."""

    ENGINEER = "engineer"
    PRODUCT = "product"
    DATA_SCIENCE = "data-science"
    NON_TECHNICAL = "non-technical"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


def word_count(text: str) -> int:
    """Words as a reader counts them (runs of letters, digits, apostrophes and hyphens)."""
    return len(re.findall(r"[\w'’-]+", text))


class KeyPoint(_Strict):
    """One thing a good answer says, with the ways candidates say it."""

    id: Slug
    label: str = Field(min_length=2, max_length=80)
    statement: str = Field(min_length=10)
    weight: float = Field(gt=0, le=1)
    phrasings: list[str] = Field(default_factory=list)
    derived: bool = False
    """True when the point was split out of a reference answer rather than written as a rubric."""


class FollowUp(_Strict):
    """A follow-up question and the key point it probes."""

    question: str = Field(min_length=8)
    probes: Slug


class SampleLevel(StrEnum):
    STRONG = "strong"
    PARTIAL = "partial"
    WEAK = "weak"
    WRONG = "wrong"


class Sample(_Strict):
    """A graded sample answer: what a fair interviewer gives it and which key points it covers."""

    level: SampleLevel
    score: float = Field(ge=0, le=10)
    covers: list[Slug] = Field(default_factory=list)
    answer: str = Field(min_length=1)


class Question(_Strict):
    """One interview question with its model answer and rubric."""

    id: Slug
    category: Slug
    kind: Kind
    difficulty: int = Field(ge=1, le=3)
    roles: list[Role] = Field(min_length=1)
    question: str = Field(min_length=8)
    model_answer: str = ""
    reference_answers: list[str] = Field(default_factory=list)
    key_points: list[KeyPoint] = Field(min_length=1, max_length=12)
    follow_ups: list[FollowUp] = Field(default_factory=list, max_length=3)
    competency: str | None = None
    tags: list[str] = Field(default_factory=list)
    references: list[str] = Field(default_factory=list)
    samples: list[Sample] = Field(default_factory=list)
    bank: Slug = "core"

    @field_validator("roles")
    @classmethod
    def _unique_roles(cls, roles: list[Role]) -> list[Role]:
        if len(set(roles)) != len(roles):
            raise ValueError("roles repeat; list each role once")
        return roles

    @model_validator(mode="after")
    def _check_rubric(self) -> Question:
        ids = [kp.id for kp in self.key_points]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"key point ids repeat: {', '.join(dupes)}")
        total = sum(kp.weight for kp in self.key_points)
        if abs(total - 1.0) > WEIGHT_TOLERANCE:
            raise ValueError(f"key point weights sum to {total:.3f}; they must sum to 1")
        known = set(ids)
        for fu in self.follow_ups:
            if fu.probes not in known:
                raise ValueError(
                    f"follow-up {fu.question!r} probes unknown key point {fu.probes!r}; "
                    f"use one of: {', '.join(ids)}"
                )
        for sample in self.samples:
            unknown = [c for c in sample.covers if c not in known]
            if unknown:
                raise ValueError(f"sample covers unknown key points: {', '.join(unknown)}")
        if not self.model_answer and not self.reference_answers:
            raise ValueError("a question needs a model_answer or at least one reference answer")
        if self.kind is Kind.BEHAVIOURAL and not self.competency:
            raise ValueError("behavioural questions name the competency they probe")
        return self

    @property
    def answers(self) -> list[str]:
        """The model answer and any reference answers, model answer first."""
        return ([self.model_answer] if self.model_answer else []) + list(self.reference_answers)

    @property
    def uid(self) -> str:
        """Bank-qualified id: ``core/rag-basics`` style, unique across banks."""
        return f"{self.bank}/{self.id}"

    def rubric_hash(self) -> str:
        """Stable hash of what grading depends on: question, answers and key points."""
        payload = {
            "question": self.question,
            "answers": self.answers,
            "key_points": [kp.model_dump(mode="json") for kp in self.key_points],
        }
        blob = json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()
        return hashlib.sha256(blob).hexdigest()[:16]


class BankFile(_Strict):
    """One bank file: a namespace, a version and its questions."""

    bank: Slug = "core"
    version: str = "1"
    category: Slug | None = None
    description: str = ""
    questions: list[Question] = Field(default_factory=list)


StrictLevel = Literal["bundled", "imported"]


def check_bundled_quality(q: Question) -> list[str]:
    """Extra rules for the bundled bank (imported banks are looser). Returns problems found."""
    problems: list[str] = []
    n = word_count(q.model_answer)
    if not (MODEL_ANSWER_MIN_WORDS <= n <= MODEL_ANSWER_MAX_WORDS):
        problems.append(
            f"model_answer has {n} words; it must have "
            f"{MODEL_ANSWER_MIN_WORDS}-{MODEL_ANSWER_MAX_WORDS}"
        )
    if not (3 <= len(q.key_points) <= 7):
        problems.append(f"{len(q.key_points)} key points; the bundled bank uses 3-7")
    if not (1 <= len(q.follow_ups) <= 3):
        problems.append(f"{len(q.follow_ups)} follow-ups; the bundled bank uses 1-3")
    for kp in q.key_points:
        if len(kp.phrasings) < 2:
            problems.append(f"key point {kp.id!r} lists {len(kp.phrasings)} phrasings; give >= 2")
    if q.category in CORE_CATEGORIES and len(q.samples) < 3:
        problems.append(f"core question has {len(q.samples)} graded samples; it needs >= 3")
    if q.samples and len({s.level for s in q.samples}) < min(3, len(q.samples)):
        problems.append("graded samples should span at least three levels")
    return problems
