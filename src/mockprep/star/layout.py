"""A text cut into sentences, each labelled Situation, Task, Action or Result, with offsets.

A stored story already has its parts, so its layout is its four parts joined in order; a free
answer gets its layout from the splitter. Checks and the coach read layouts, so they judge a
stored story and a spoken or typed answer the same way. ``text[s.start:s.end] == s.text`` for
every sentence.
"""

from __future__ import annotations

from dataclasses import dataclass

from mockprep.nlp.text import split_sentences, word_count
from mockprep.star.review import STAR_PARTS, StarPart
from mockprep.star.story import StoryDraft

PART_SEPARATOR = "\n\n"
"""Between parts in a story's composed text (``story_text``)."""


@dataclass(frozen=True, slots=True)
class LabelledSentence:
    """One sentence of the text, the part it belongs to and how sure the label is (0-1)."""

    part: StarPart
    start: int
    end: int
    text: str
    confidence: float = 1.0


@dataclass(frozen=True)
class StarLayout:
    """The text and its labelled sentences, in reading order."""

    text: str
    sentences: tuple[LabelledSentence, ...]

    def of(self, part: StarPart) -> list[LabelledSentence]:
        return [s for s in self.sentences if s.part is part]

    def words(self, part: StarPart) -> int:
        return sum(word_count(s.text) for s in self.of(part))

    @property
    def total_words(self) -> int:
        return sum(word_count(s.text) for s in self.sentences)

    def shares(self) -> dict[StarPart, float]:
        """Share of the words each part takes (0 for all when the text has none)."""
        total = self.total_words
        return {p: (self.words(p) / total if total else 0.0) for p in STAR_PARTS}

    def part_text(self, part: StarPart) -> str:
        return " ".join(s.text for s in self.of(part))

    def with_labels(self, parts: list[StarPart]) -> StarLayout:
        """The same sentences with new labels (a person's corrections)."""
        if len(parts) != len(self.sentences):
            raise ValueError("one label per sentence")
        return StarLayout(
            self.text,
            tuple(
                LabelledSentence(p, s.start, s.end, s.text, 1.0)
                for p, s in zip(parts, self.sentences, strict=True)
            ),
        )

    def to_parts(self) -> dict[StarPart, str]:
        """Each part's sentences as one paragraph (what a story form is filled with)."""
        return {p: self.part_text(p) for p in STAR_PARTS}


def story_text(story: StoryDraft) -> tuple[str, dict[StarPart, int]]:
    """A story's parts joined in S-T-A-R order, and where each non-empty part starts."""
    pieces: list[str] = []
    starts: dict[StarPart, int] = {}
    offset = 0
    for part in STAR_PARTS:
        body = story.part(part)
        if not body.strip():
            continue
        if pieces:
            offset += len(PART_SEPARATOR)
        starts[part] = offset
        pieces.append(body)
        offset += len(body)
    return PART_SEPARATOR.join(pieces), starts


def story_layout(story: StoryDraft) -> StarLayout:
    """The layout of a written story: every sentence labelled with the part it was written in."""
    text, starts = story_text(story)
    sentences: list[LabelledSentence] = []
    for part, base in starts.items():
        for span in split_sentences(story.part(part)):
            sentences.append(
                LabelledSentence(part, base + span.start, base + span.end, span.text, 1.0)
            )
    return StarLayout(text, tuple(sentences))
