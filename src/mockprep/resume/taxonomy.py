"""The generative-AI skill taxonomy: terms with aliases and acronyms, and a matcher over text.

A term matches any of its aliases regardless of case, with spaces and hyphens interchangeable
or left out ("fine-tuning", "fine tuning", "finetuning") and a plural ``s``; ``exact`` forms
(acronyms that are also words: "RAG", "Go") match only as written. ``broader`` links make a
specific term evidence for a wider one: Qdrant credits "vector databases" and "vector search".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from functools import cache, cached_property
from importlib import resources
from itertools import pairwise

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from mockprep.errors import BankFormatError


class Category(StrEnum):
    HARD_SKILL = "hard_skill"
    TOOL = "tool"
    LANGUAGE = "language"
    PLATFORM = "platform"
    SOFT_SKILL = "soft_skill"


class Term(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    name: str
    category: Category
    aliases: tuple[str, ...] = ()
    exact: tuple[str, ...] = ()
    broader: tuple[str, ...] = ()


class TaxonomyFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int
    terms: tuple[Term, ...]

    @model_validator(mode="after")
    def _links(self) -> TaxonomyFile:
        ids = [t.id for t in self.terms]
        problems = [f"duplicate id {i}" for i in sorted({i for i in ids if ids.count(i) > 1})]
        known = set(ids)
        problems += [
            f"{t.id}: broader {b!r} is not a term"
            for t in self.terms
            for b in t.broader
            if b not in known
        ]
        problems += [
            f"{t.id}: no alias or exact form" for t in self.terms if not t.aliases + t.exact
        ]
        if problems:
            raise ValueError("; ".join(problems))
        return self


@dataclass(frozen=True)
class TermHit:
    term: str
    start: int
    end: int
    matched: str


_TOKEN = re.compile(r"[A-Za-z0-9]+|[+#&/.@']")
_SYMBOLS = frozenset("+#&/.@'")
_GAP = re.compile(r"[ \t\-_]*")


def _tokens(text: str) -> list[re.Match[str]]:
    return list(_TOKEN.finditer(text))


def _key(parts: list[str]) -> str:
    """Tokens joined without spaces or hyphens: "fine-tuning", "fine tuning" -> "finetuning"."""
    return "".join(parts).strip(".'")


class Taxonomy:
    """Terms by id, and where they occur in a text."""

    def __init__(self, data: TaxonomyFile) -> None:
        self.version = data.version
        self.terms = {t.id: t for t in data.terms}
        self._folded: dict[str, str] = {}
        self._exact: dict[str, str] = {}
        longest = 1
        for term in data.terms:
            names = (term.name,) if len(term.name) >= 4 and term.name not in term.exact else ()
            for alias in (*term.aliases, *names):
                parts = [m.group(0) for m in _tokens(alias.lower())]
                self._folded.setdefault(_key(parts), term.id)
                longest = max(longest, len(parts))
            for form in term.exact:
                parts = [m.group(0) for m in _tokens(form)]
                self._exact.setdefault(_key(parts), term.id)
                longest = max(longest, len(parts))
        self._longest = longest

    def __len__(self) -> int:
        return len(self.terms)

    def name(self, term_id: str) -> str:
        return self.terms[term_id].name

    @cached_property
    def _ancestors(self) -> dict[str, frozenset[str]]:
        out: dict[str, frozenset[str]] = {}

        def up(tid: str, seen: frozenset[str]) -> frozenset[str]:
            if tid in out:
                return out[tid]
            found = {tid}
            for parent in self.terms[tid].broader:
                if parent not in seen:
                    found |= up(parent, seen | {tid})
            return frozenset(found)

        for tid in self.terms:
            out[tid] = up(tid, frozenset())
        return out

    def credits(self, term_id: str) -> frozenset[str]:
        """The term itself and every broader term it is evidence for."""
        return self._ancestors[term_id]

    def _lookup(self, parts: list[str]) -> str | None:
        key = _key(parts)
        if not key or key[0] in _SYMBOLS:
            return None
        folded = key.lower()
        for candidate in (
            folded,
            folded[:-1] if folded.endswith("s") else None,
            folded[:-2] if folded.endswith("es") else None,
        ):
            if candidate and candidate in self._folded:
                return self._folded[candidate]
        if key in self._exact:
            return self._exact[key]
        if key.endswith("s") and key[:-1] in self._exact:
            return self._exact[key[:-1]]
        return None

    def find(self, text: str) -> list[TermHit]:
        """Every term occurrence in ``text``, left to right, longest first, none overlapping."""
        tokens = _tokens(text)
        words = [m.group(0) for m in tokens]
        joined = [bool(_GAP.fullmatch(text[a.end() : b.start()])) for a, b in pairwise(tokens)]
        hits: list[TermHit] = []
        i = 0
        while i < len(tokens):
            if words[i] in _SYMBOLS:
                i += 1
                continue
            for n in range(min(self._longest, len(tokens) - i), 0, -1):
                last = tokens[i + n - 1]
                if n > 1 and (words[i + n - 1] in ".'" or not all(joined[i : i + n - 1])):
                    continue  # a full stop, a comma or a line between words ends a term
                term = self._lookup(words[i : i + n])
                if term is not None:
                    start, end = tokens[i].start(), last.end()
                    hits.append(TermHit(term, start, end, text[start:end]))
                    i += n
                    break
            else:
                i += 1
        return hits

    def iter_terms(self) -> Iterator[Term]:
        yield from self.terms.values()


def parse_taxonomy(text: str, source: str) -> Taxonomy:
    try:
        raw = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        return Taxonomy(TaxonomyFile.model_validate(raw))
    except (yaml.YAMLError, ValidationError) as exc:
        raise BankFormatError(
            f"{source}: not a valid skill taxonomy ({exc})",
            fix="Correct the file; every term needs id, name, category and aliases or exact.",
        ) from exc


@cache
def load_taxonomy() -> Taxonomy:
    """The taxonomy shipped with mockprep (read once per process)."""
    path = resources.files("mockprep.resume") / "data" / "genai_skills.yaml"
    return parse_taxonomy(path.read_text(encoding="utf-8"), "genai_skills.yaml")
