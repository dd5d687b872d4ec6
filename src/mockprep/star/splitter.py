"""Free text to Situation, Task, Action and Result, one sentence at a time.

Each sentence gets a score for each part from three sources:

1. **cues**: phrases that mark a part ("my role was", "as a result", "I learned");
2. **embeddings** (optional): how close the sentence is to each part's anchor sentences
   (``data/part_anchors.yaml``), using the same embedding model the grader uses;
3. **position**: situations come early, results late.

A story is told in order, so the labels are then decoded together (Viterbi): moving forward
from S to T to A to R is free, staying costs nothing and going back costs a lot, which keeps
one stray cue from flipping a sentence in the middle of the action. Accuracy on the labelled
stories in ``data/labelled_stories.yaml`` is measured by ``evaluate_splitter`` and pinned in
``tests/star/test_splitter.py``.

``split_answer`` is the pure entry point other features use (voice: time per STAR part).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Protocol

import numpy as np
import numpy.typing as npt
import yaml

from mockprep.nlp.embeddings import EmbeddingCache, TransientEmbedder
from mockprep.nlp.text import split_sentences
from mockprep.star.layout import LabelledSentence, StarLayout
from mockprep.star.review import STAR_PARTS, StarPart

S, T, A, R = STAR_PARTS


class Embedder(Protocol):
    """What the splitter needs from an embedding model or cache: unit vectors for texts."""

    def embed(self, texts: Sequence[str]) -> npt.NDArray[np.float32]: ...


def _cues(*pairs: tuple[str, float]) -> tuple[tuple[re.Pattern[str], float], ...]:
    return tuple((re.compile(p, re.IGNORECASE), w) for p, w in pairs)


_I = r"\b(?:i|we)\b"
CUES: dict[StarPart, tuple[tuple[re.Pattern[str], float], ...]] = {
    S: _cues(
        (r"\b(?:the )?(?:situation|context|background) (?:was|is)\b", 2.5),
        (r"\bat the time\b|\bback then\b|\bback in\b|\bwhen i joined\b", 1.5),
        (r"\b(?:at|in) (?:my|a|an|our) (?:last|previous|former|first)\b", 1.5),
        (r"\b(?:last|that) (?:year|spring|summer|autumn|fall|winter|quarter)\b", 0.8),
        (r"\b(?:years?|months?) ago\b", 1.2),
        (r"\bwas (?:struggling|failing|drowning|broken|slow|stuck)\b|\bhad been\b", 1.0),
        (r"\b(?:were|was) (?:building|working on|moving|using|trying)\b", 1.0),
        (r"\bcomplain(?:ed|ing|ts?)\b|\bescalat(?:ed|ion)\b|\bthreaten", 0.8),
        (r"^(?:so,? |okay,? |um,? |well,? )", 0.6),
        (r"\bthere (?:was|were)\b", 0.6),
    ),
    T: _cues(
        (r"\bmy (?:task|job|role|goal|aim|responsibility|brief|remit)\b", 2.5),
        (
            r"\bi was (?:asked|tasked|given|the (?:\w+ )?(?:lead|owner|engineer|manager|person|mentor))\b",
            2.0,
        ),
        (r"\b(?:i|we) (?:needed|had) to\b", 1.4),
        (r"\bi (?:was|am) (?:responsible|in charge|accountable)\b|\bresponsible for\b", 2.0),
        (r"\b(?:it was|was) (?:my|on me|up to me)\b|\bfell to me\b|\bmy (?:call|decision)\b", 1.8),
        (r"\bthe (?:goal|task|aim|challenge|ask) (?:was|is)\b", 2.0),
        (r"\bas (?:the|a) (?:\w+ )?(?:lead|owner|manager|engineer|mentor|scientist)\b", 1.2),
        (
            r"\bi (?:took on|owned|decided to own|wanted to fix)\b|\bi was (?:her|his|their) mentor\b",
            1.4,
        ),
    ),
    A: _cues(
        (
            r"\bi (?:built|wrote|ran|set up|created|designed|added|rewrote|rebuilt|collected|"
            r"pulled|exported|listed|interviewed|asked|met|called|sat|paired|proposed|suggested|"
            r"presented|started|spent|picked|put|fixed|checked|compared|removed|rolled|tried|"
            r"fine-tuned|clustered|showed|offered|read|drew|sketched|deleted|quarantined|"
            r"grouped|changed|looked|walked|scheduled|trained|documented|split|reviewed|"
            r"organised|organized|negotiated|tested|measured|prototyped|moved|automated)\b",
            1.6,
        ),
        (r"^(?:first|then|next|after that|afterwards|finally|so i|instead)\b", 1.4),
        (r"\bthen i\b|\bso i\b|\band i (?:also )?\w+ed\b", 1.0),
        (r"\bi also\b", 1.0),
        (
            r"\bwe (?:built|wrote|ran|set up|created|looked|deployed|worked|paired|watched|tested)\b",
            1.0,
        ),
    ),
    R: _cues(
        (r"\bas a result\b|\bthe (?:result|outcome|impact)\b|\bin the end\b|\bultimately\b", 2.5),
        (r"\b(?:went|rose|fell|dropped|grew|climbed) (?:from|to|by|below|under|back)\b", 2.0),
        (r"\b(?:cut|reduced|increased|improved|raised|saved|halved|doubled)\b.*\b\d", 1.0),
        (r"\b(?:percent|per cent)\b|%", 0.8),
        (
            r"\b(?:i|we) (?:learned|learnt|realised|realized|came away)\b|\blesson\b|\btaught me\b",
            2.5,
        ),
        (r"\bnext time\b|\blooking back\b|\bin hindsight\b|\bsince then\b|\bnow i always\b", 2.2),
        (
            r"\b(?:launched|shipped|delivered) (?:on time|early|in)\b|\bwe (?:switched|stopped|picked|launched)\b",
            1.0,
        ),
        (r"\b(?:approved|agreed|renewed|signed|adopted|offered her|offered him)\b", 1.0),
        (r"\bwent straight\b|\bhave not had\b|\bno (?:repeat|incidents)\b|\bpaid off\b", 1.0),
    ),
}

POSITION_PRIOR: dict[StarPart, tuple[float, float]] = {
    S: (1.2, -1.6),
    T: (0.4, -0.8),
    A: (-0.3, 0.3),
    R: (-1.6, 1.4),
}
"""(score at the first sentence, score at the last), linear in between."""

START_COST: dict[StarPart, float] = {S: 0.0, T: -0.6, A: -1.2, R: -2.5}
BACKWARD_COST = -2.6
SKIP_COST = -0.25
CUE_WEIGHT = 1.0
EMBEDDING_WEIGHT = 6.0
POSITION_WEIGHT = 1.0


@dataclass(frozen=True)
class SplitterModel:
    """The weights of the splitter, so they can be varied in the benchmark."""

    cue_weight: float = CUE_WEIGHT
    embedding_weight: float = EMBEDDING_WEIGHT
    position_weight: float = POSITION_WEIGHT
    backward_cost: float = BACKWARD_COST


def cue_scores(sentence: str) -> dict[StarPart, float]:
    """Sum of the cue weights a sentence matches, per part (capped at 4)."""
    return {
        part: min(4.0, sum(w for pattern, w in patterns if pattern.search(sentence)))
        for part, patterns in CUES.items()
    }


def position_scores(index: int, count: int) -> dict[StarPart, float]:
    rel = index / (count - 1) if count > 1 else 0.5
    return {p: a + (b - a) * rel for p, (a, b) in POSITION_PRIOR.items()}


@cache
def anchors() -> dict[StarPart, tuple[str, ...]]:
    """The anchor sentences of each part (``data/part_anchors.yaml``)."""
    raw = yaml.safe_load(
        resources.files("mockprep.star").joinpath("data/part_anchors.yaml").read_text("utf-8")
    )
    return {p: tuple(raw[p.value]) for p in STAR_PARTS}


def _centroids(embedder: Embedder) -> npt.NDArray[np.float32]:
    rows = []
    for part in STAR_PARTS:
        vectors = embedder.embed(list(anchors()[part]))
        mean = vectors.mean(axis=0)
        rows.append(mean / max(float(np.linalg.norm(mean)), 1e-12))
    return np.stack(rows).astype(np.float32)


def embedding_scores(sentences: Sequence[str], embedder: Embedder) -> list[dict[StarPart, float]]:
    """Cosine of each sentence with each part's centroid, centred on the sentence's mean."""
    if not sentences:
        return []
    # the sentences are the user's own writing: their vectors stay in memory (the anchors may go
    # to the cache's disk)
    user = TransientEmbedder(embedder) if isinstance(embedder, EmbeddingCache) else embedder
    sims = user.embed(list(sentences)) @ _centroids(embedder).T
    centred = sims - sims.mean(axis=1, keepdims=True)
    return [{p: float(row[i]) for i, p in enumerate(STAR_PARTS)} for row in centred]


def _decode(emissions: list[dict[StarPart, float]], model: SplitterModel) -> list[StarPart]:
    """The most likely label sequence (Viterbi) under the story-order transitions."""
    order = {p: i for i, p in enumerate(STAR_PARTS)}

    def move(a: StarPart, b: StarPart) -> float:
        step = order[b] - order[a]
        if step < 0:
            return model.backward_cost
        return SKIP_COST * max(0, step - 1)

    best = [{p: START_COST[p] + emissions[0][p] for p in STAR_PARTS}]
    back: list[dict[StarPart, StarPart]] = []
    for emission in emissions[1:]:
        row: dict[StarPart, float] = {}
        ptr: dict[StarPart, StarPart] = {}
        for b in STAR_PARTS:
            prev = max(STAR_PARTS, key=lambda a: best[-1][a] + move(a, b))
            row[b] = best[-1][prev] + move(prev, b) + emission[b]
            ptr[b] = prev
        best.append(row)
        back.append(ptr)
    last = max(STAR_PARTS, key=lambda p: best[-1][p])
    labels = [last]
    for ptr in reversed(back):
        labels.append(ptr[labels[-1]])
    return labels[::-1]


def _confidence(emission: dict[StarPart, float], label: StarPart) -> float:
    values = np.array([emission[p] for p in STAR_PARTS], dtype=np.float64)
    probs = np.exp(values - values.max())
    probs /= probs.sum()
    return round(float(probs[STAR_PARTS.index(label)]), 3)


def label_sentences(
    sentences: Sequence[str],
    embedder: Embedder | None = None,
    model: SplitterModel = SplitterModel(),
) -> list[tuple[StarPart, float]]:
    """A part and a confidence (0-1) for each sentence, in order."""
    if not sentences:
        return []
    embedded = embedding_scores(sentences, embedder) if embedder is not None else None
    emissions = []
    for i, sentence in enumerate(sentences):
        cues = cue_scores(sentence)
        pos = position_scores(i, len(sentences))
        emissions.append(
            {
                p: model.cue_weight * cues[p]
                + model.position_weight * pos[p]
                + (model.embedding_weight * embedded[i][p] if embedded is not None else 0.0)
                for p in STAR_PARTS
            }
        )
    labels = _decode(emissions, model)
    return [(label, _confidence(e, label)) for label, e in zip(labels, emissions, strict=True)]


def split_answer(
    text: str, embedder: Embedder | None = None, model: SplitterModel = SplitterModel()
) -> StarLayout:
    """Label each sentence of ``text`` S, T, A or R, with character offsets into ``text``.

    Pure: the same text and embedder give the same layout. Without an embedder only cues and
    position are used (less accurate; see the benchmark), which needs no model at all.
    """
    spans = split_sentences(text)
    labelled = label_sentences([s.text for s in spans], embedder, model)
    return StarLayout(
        text,
        tuple(
            LabelledSentence(part, span.start, span.end, span.text, confidence)
            for span, (part, confidence) in zip(spans, labelled, strict=True)
        ),
    )


# -- the labelled stories and the accuracy on them ---------------------------------------------

_LETTERS = {p.letter: p for p in STAR_PARTS}


@dataclass(frozen=True)
class LabelledStory:
    id: str
    split: str
    sentences: tuple[tuple[StarPart, str], ...]


@cache
def labelled_stories() -> tuple[LabelledStory, ...]:
    """The hand-labelled stories of ``data/labelled_stories.yaml``."""
    raw = yaml.safe_load(
        resources.files("mockprep.star").joinpath("data/labelled_stories.yaml").read_text("utf-8")
    )
    return tuple(
        LabelledStory(
            id=item["id"],
            split=item["split"],
            sentences=tuple((_LETTERS[label], text) for label, text in item["sentences"]),
        )
        for item in raw["stories"]
    )


@dataclass(frozen=True)
class SplitterAccuracy:
    """Sentence accuracy of the splitter on labelled stories, overall and per part."""

    stories: int
    sentences: int
    accuracy: float
    per_part: dict[StarPart, float]
    confusion: dict[tuple[StarPart, StarPart], int]


def evaluate_splitter(
    stories: Sequence[LabelledStory],
    embedder: Embedder | None = None,
    model: SplitterModel = SplitterModel(),
) -> SplitterAccuracy:
    """Label every story's sentences (given as the labeller split them) and count agreement."""
    right = 0
    total = 0
    per_total = dict.fromkeys(STAR_PARTS, 0)
    per_right = dict.fromkeys(STAR_PARTS, 0)
    confusion: dict[tuple[StarPart, StarPart], int] = {}
    for story in stories:
        truth = [p for p, _ in story.sentences]
        got = [p for p, _ in label_sentences([t for _, t in story.sentences], embedder, model)]
        for want, have in zip(truth, got, strict=True):
            total += 1
            per_total[want] += 1
            if want is have:
                right += 1
                per_right[want] += 1
            confusion[(want, have)] = confusion.get((want, have), 0) + 1
    return SplitterAccuracy(
        stories=len(stories),
        sentences=total,
        accuracy=round(right / total, 4) if total else 0.0,
        per_part={
            p: round(per_right[p] / per_total[p], 4) if per_total[p] else 0.0 for p in STAR_PARTS
        },
        confusion=confusion,
    )
