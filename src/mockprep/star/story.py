"""A STAR story as the candidate writes it: title, four parts, competencies, skills, keywords, tags.

``StoryDraft`` is the content (what is created and edited); validation reports every bad field at
once through pydantic, and ``draft_from`` turns that into one ``InputError`` naming each field.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from mockprep.errors import InputError
from mockprep.star.review import STAR_PARTS, StarPart

MAX_TITLE = 200
MAX_PART_CHARS = 10_000
MAX_LABEL = 60
MAX_LABELS = 30

COMPETENCIES: tuple[str, ...] = (
    "leadership",
    "conflict",
    "failure and learning",
    "ambiguity",
    "influence without authority",
    "customer focus",
    "technical judgement",
    "ethics",
    "ownership",
    "collaboration",
    "communication",
    "delivery under pressure",
    "growth",
)
"""Competencies behavioural interviews probe; the bundled bank's questions each name one.
A story may also name others of the candidate's own."""

_NOT_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")


def normalise_label(value: str) -> str:
    """A competency, skill, keyword or tag as stored: trimmed, single spaces, lower case."""
    return " ".join(value.split()).lower()


def _clean_text(value: str) -> str:
    if _NOT_TEXT.search(value):
        raise ValueError("contains control characters; paste plain text")
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


def _labels(values: list[str]) -> list[str]:
    out: list[str] = []
    for raw in values:
        for piece in raw.split(","):
            label = normalise_label(_clean_text(piece))
            if not label:
                continue
            if len(label) > MAX_LABEL:
                raise ValueError(f"{label[:20]!r}… is longer than {MAX_LABEL} characters")
            if label not in out:
                out.append(label)
    if len(out) > MAX_LABELS:
        raise ValueError(f"{len(out)} given; keep it to {MAX_LABELS} at most")
    return out


PartText = Annotated[str, Field(default="", max_length=MAX_PART_CHARS)]


class StoryDraft(BaseModel):
    """The content of a story. Parts may be empty while drafting; the checks say what is missing."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    title: str = Field(min_length=1, max_length=MAX_TITLE)
    situation: PartText = ""
    task: PartText = ""
    action: PartText = ""
    result: PartText = ""
    competencies: list[str] = Field(default_factory=list)
    skills: list[str] = Field(default_factory=list)
    keywords: list[str] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list)
    questions: list[str] = Field(
        default_factory=list,
        description="Bank questions this story answers (ids such as behavioural-failure).",
    )

    @field_validator("title", "situation", "task", "action", "result", mode="before")
    @classmethod
    def _text(cls, value: Any) -> Any:
        return _clean_text(value) if isinstance(value, str) else value

    @field_validator("title")
    @classmethod
    def _title(cls, value: str) -> str:
        return " ".join(value.split())

    @field_validator("competencies", "skills", "keywords", "tags", mode="before")
    @classmethod
    def _label_list(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = [value]
        return (
            _labels(value)
            if isinstance(value, list) and all(isinstance(v, str) for v in value)
            else value
        )

    @field_validator("questions", mode="before")
    @classmethod
    def _question_list(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = [value]
        if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            return value
        out: list[str] = []
        for raw in value:
            for piece in raw.split(","):
                ref = _clean_text(piece).removeprefix("core/")
                if not ref:
                    continue
                if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*(?:/[a-z0-9]+(?:-[a-z0-9]+)*)?", ref):
                    raise ValueError(
                        f"{ref[:40]!r} is not a question id (like behavioural-failure)"
                    )
                if ref not in out:
                    out.append(ref)
        if len(out) > MAX_LABELS:
            raise ValueError(f"{len(out)} questions given; link at most {MAX_LABELS}")
        return out

    @model_validator(mode="after")
    def _some_content(self) -> StoryDraft:
        if not any(self.part(p).strip() for p in STAR_PARTS):
            raise ValueError("the story has no text; write at least one of its four parts")
        return self

    def part(self, part: StarPart) -> str:
        """The text of one part."""
        text: str = getattr(self, part.value)
        return text

    @property
    def words(self) -> int:
        from mockprep.nlp.text import word_count

        return sum(word_count(self.part(p)) for p in STAR_PARTS)


def _field_name(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(x) for x in loc) or "story"


def draft_from(data: Mapping[str, Any]) -> StoryDraft:
    """A validated ``StoryDraft``, or one ``InputError`` listing every bad field and its fix."""
    try:
        return StoryDraft.model_validate(dict(data))
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            message = str(err["msg"]).removeprefix("Value error, ")
            problems.append(f"{_field_name(err['loc'])}: {message}")
        raise InputError(
            "the story is not valid (" + "; ".join(problems) + ")",
            fix="Correct those fields and save again; nothing was saved.",
        ) from exc
