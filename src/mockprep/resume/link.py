"""From a missing keyword to the practice that lets a candidate prove it in an interview: the
bank questions about it, and the candidate's own STAR stories that already show it."""

from __future__ import annotations

from dataclasses import dataclass
from weakref import WeakKeyDictionary

from mockprep.bank.catalog import Catalog
from mockprep.bank.schema import Kind, Question
from mockprep.resume.taxonomy import Category, Taxonomy

QUESTIONS_PER_KEYWORD = 2


@dataclass(frozen=True)
class StoryRef:
    """A STAR story as the link needs it: its id, title and all its words."""

    id: int
    title: str
    text: str


@dataclass(frozen=True)
class Practice:
    kind: str
    """``question`` (a bank question) or ``story`` (one of the candidate's STAR stories)."""
    ref: str
    """The question's id (``rag-basics``) or the story's number."""
    title: str


_INDEXES: WeakKeyDictionary[Catalog, dict[str, list[tuple[int, Question]]]] = WeakKeyDictionary()


def _index(catalog: Catalog, taxonomy: Taxonomy) -> dict[str, list[tuple[int, Question]]]:
    """Each term -> the questions about it, with how often they name it (built once per catalog).

    A question is about a term when its own words (question, tags, competency, key points)
    name the term or a narrower one; a word in common is not enough.
    """
    found = _INDEXES.get(catalog)
    if found is not None:
        return found
    index: dict[str, list[tuple[int, Question]]] = {}
    for q in catalog.questions:
        words = " ".join(
            [q.question, *q.tags, q.competency or "", *(kp.label for kp in q.key_points)]
        )
        counts: dict[str, int] = {}
        for hit in taxonomy.find(words):
            for credited in taxonomy.credits(hit.term):
                counts[credited] = counts.get(credited, 0) + (2 if credited == hit.term else 1)
        for term, n in counts.items():
            index.setdefault(term, []).append((n, q))
    for entries in index.values():
        entries.sort(key=lambda e: (-e[0], e[1].uid))
    _INDEXES[catalog] = index
    return index


def questions_for(term: str, catalog: Catalog, taxonomy: Taxonomy) -> list[Practice]:
    """Bank questions about the term, those naming it most first; soft skills get behavioural
    questions only, and hard skills only the others."""
    soft = taxonomy.terms[term].category == Category.SOFT_SKILL
    out = []
    for _, q in _index(catalog, taxonomy).get(term, []):
        if soft != (q.kind == Kind.BEHAVIOURAL):
            continue
        out.append(Practice("question", q.uid.removeprefix("core/"), q.question))
        if len(out) == QUESTIONS_PER_KEYWORD:
            break
    return out


def stories_for(term: str, stories: list[StoryRef], taxonomy: Taxonomy) -> list[Practice]:
    """Stories that mention the term (or a narrower one)."""
    out = []
    for story in stories:
        found = {c for hit in taxonomy.find(story.text) for c in taxonomy.credits(hit.term)}
        if term in found:
            out.append(Practice("story", str(story.id), story.title))
    return out[:2]


def practice_for(
    terms: list[str],
    taxonomy: Taxonomy,
    *,
    catalog: Catalog | None = None,
    stories: list[StoryRef] | None = None,
) -> dict[str, list[Practice]]:
    """For each term: the candidate's stories first (they are proof already), then questions."""
    out: dict[str, list[Practice]] = {}
    for term in terms:
        if term not in taxonomy.terms:
            continue
        found = stories_for(term, stories or [], taxonomy)
        if catalog is not None:
            found += questions_for(term, catalog, taxonomy)
        if found:
            out[term] = found
    return out
