"""The grader: ``Grader(model).grade(question, answer) -> Grade``, and a batch variant.

Deterministic and local: the same question, answer, model and grader version give the same grade.
Steps: split and embed the answer's sentences (keeping the model's word-piece vectors from the same
pass), measure coverage of each key point (meaning, rubric wording and word alignment) and the
whole answer's alignment with the references, map to 0-10 with the calibrated parameters, apply
the gaming guards, write feedback.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from mockprep.bank.schema import Question
from mockprep.grading import feedback
from mockprep.grading.calibration import COVERED_AT, PARAMETERS, Parameters, derived_strength
from mockprep.grading.coverage import AnswerFeatures, PreparedQuestion, measure, prepare_question
from mockprep.grading.guards import MAX_ANSWER_CHARS, detect
from mockprep.grading.lexical import keys_of
from mockprep.grading.models import (
    Evidence,
    Flag,
    Grade,
    GraderInfo,
    KeyPointResult,
    band_for,
    passes,
)
from mockprep.grading.signals import compute_signals
from mockprep.nlp.embeddings import (
    EmbeddingCache,
    EmbeddingModel,
    TokenEmbeddingModel,
    TokenVectors,
    Vectors,
    word_token_vectors,
)
from mockprep.nlp.text import Span, split_sentences

GRADER_NAME = "mockprep-rubric"
GRADER_VERSION = "2.3.0"
"""Bump when anything that changes scores changes (parameters, features, guards).
2.0.0: contextual word alignment, written rubric as a reference, evidence only from on-topic
sentences, two-slope output map, feedback naming the missing areas.
2.1.0: contradictions (a word match across a negated and an affirmed clause, or between opposites,
counts half; a rubric phrasing matches only a clause of its own polarity), alignment recall
averaged over all references as a second answer feature, recalibrated.
2.2.0: key points derived from reference answers show their own calibrated coverage (aligned
recall of the point's words, ``calibration.derived_strength``), so a restatement covers them; an
answer flagged as stating nothing (keyword list, word salad, off-topic, ...) covers no point.
Scores are unchanged.
2.3.0: the answer logit takes ``log(number of references)`` as a penalty (the closest of many
reference wordings runs closer than a single one, for right and wrong answers alike);
recalibrated. Word salad is also caught in answers too short for the content-word check: one
reference's own words in another order (``guards.SHUFFLED_SHARE``); a sentence that opens with a
clause and then enumerates is no longer taken for a keyword list."""
NOT_CLAIMS: frozenset[Flag] = frozenset(
    {
        Flag.GIBBERISH,
        Flag.KEYWORD_LIST,
        Flag.WORD_SALAD,
        Flag.QUESTION_COPIED,
        Flag.GRADER_INSTRUCTIONS,
        Flag.OFF_TOPIC,
    }
)
"""Guard flags meaning the text states nothing about the answer (a bag of the right words is not a
claim): such an answer covers no key point, whatever words it shares with the rubric. Padding,
filler and repetition are left out: the sentence they surround may well cover a point."""
EVIDENCE_AT = 0.45
"""A sentence is quoted as evidence when its cosine with the point reaches this."""


MAX_PREPARED = 512
"""Prepared questions kept per process (a few hundred KB each)."""
_PREPARED: dict[tuple[str, str, str], PreparedQuestion] = {}
_PREPARED_LOCK = threading.Lock()


def overlap_f1(
    answer_keys: Sequence[str], reference_keys: Sequence[str], question_keys: frozenset[str]
) -> float:
    """Unigram-overlap F1 of content words, words of the question removed (question demoting)."""
    a = set(answer_keys) - question_keys
    r = set(reference_keys) - question_keys or set(reference_keys)
    common = len(a & r)
    if not common:
        return 0.0
    precision, recall = common / len(a), common / len(r)
    return 2 * precision * recall / (precision + recall)


def _bind(
    callback: Callable[[int, AnswerFeatures], None] | None, index: int
) -> Callable[[AnswerFeatures], None] | None:
    if callback is None:
        return None
    return lambda features: callback(index, features)


class Grader:
    """Grades answers against a question's rubric (or key points derived from its reference answers)."""

    def __init__(
        self,
        model: EmbeddingModel,
        *,
        cache_dir: Path | None = None,
        parameters: Parameters = PARAMETERS,
    ) -> None:
        self.model = model
        self.cache = EmbeddingCache(model, cache_dir)
        self.parameters = parameters
        self.info = GraderInfo(name=GRADER_NAME, version=GRADER_VERSION, embedding_model=model.name)

    def prepare(self, question: Question) -> PreparedQuestion:
        """The question's compiled, embedded rubric (computed once per model and rubric hash).

        Preparations are shared by every grader in the process with the same model: they are a
        pure function of the model and the question.
        """
        key = (f"{self.model.name}@{id(self.model)}", question.uid, question.rubric_hash())
        with _PREPARED_LOCK:
            found = _PREPARED.get(key)
        if found is None:
            found = prepare_question(question, self.cache)
            with _PREPARED_LOCK:
                if len(_PREPARED) >= MAX_PREPARED:
                    _PREPARED.clear()
                _PREPARED[key] = found
        return found

    def grade(self, question: Question, answer: str, *, show_model_answer: bool = False) -> Grade:
        """Grade one answer."""
        return self.grade_many([(question, answer)], show_model_answer=show_model_answer)[0]

    def grade_many(
        self,
        items: Sequence[tuple[Question, str]],
        *,
        show_model_answer: bool = False,
        progress: Callable[[int], None] | None = None,
        on_features: Callable[[int, AnswerFeatures], None] | None = None,
    ) -> list[Grade]:
        """Grade many answers, embedding their sentences in shared batches. Order is kept."""
        texts = [answer[:MAX_ANSWER_CHARS] for _, answer in items]
        sentences = [split_sentences(t) for t in texts]
        grades: list[Grade] = []
        chunk = 64
        for lo in range(0, len(items), chunk):
            flat = [s.text for group in sentences[lo : lo + chunk] for s in group]
            vectors, pieces = self._embed(flat)
            at = 0
            for i in range(lo, min(lo + chunk, len(items))):
                n = len(sentences[i])
                question, answer = items[i]
                grades.append(
                    self._grade_embedded(
                        question,
                        answer,
                        texts[i],
                        sentences[i],
                        vectors[at : at + n],
                        pieces[at : at + n],
                        show_model_answer=show_model_answer,
                        on_features=_bind(on_features, i),
                    )
                )
                at += n
            if progress is not None:
                progress(min(lo + chunk, len(items)) - lo)
        return grades

    def _embed(self, texts: list[str]) -> tuple[Vectors, list[TokenVectors]]:
        """Sentence vectors and word-piece vectors of an answer's sentences (not cached)."""
        if isinstance(self.model, TokenEmbeddingModel):
            return self.model.embed_with_tokens(texts)
        vectors = self.model.embed(texts)
        return vectors, word_token_vectors(texts, self.cache.embed, self.model.dimension)

    def _grade_embedded(
        self,
        question: Question,
        answer: str,
        text: str,
        sentences: list[Span],
        vectors: Vectors,
        pieces: list[TokenVectors],
        *,
        show_model_answer: bool,
        on_features: Callable[[AnswerFeatures], None] | None = None,
    ) -> Grade:
        prepared = self.prepare(question)
        features = measure(prepared, text, sentences, vectors, pieces)
        if on_features is not None:
            on_features(features)
        results = self._key_point_results(question, text, features)
        coverage = self.coverage(question, features)
        raw = self.parameters.score_of(self.answer_logit(features, coverage)) if sentences else 0.0
        guard = detect(
            text, features, prepared, truncated=len(answer) > MAX_ANSWER_CHARS, raw_score=raw
        )
        score = raw if guard.cap is None else min(raw, guard.cap)
        if NOT_CLAIMS.intersection(guard.flags):
            results = [
                r.model_copy(update={"covered": False, "strength": 0.0, "evidence": []})
                for r in results
            ]
        score = round(float(np.clip(score, 0.0, 10.0)), 1)
        band = band_for(score)
        signals = compute_signals(
            text, features.sentences, features.sentence_relevance, prepared.expected_words
        )
        missing = feedback.missing_points(question, results)
        return Grade(
            question_id=question.id,
            score=score,
            band=band,
            passed=passes(band),
            key_points=results,
            missing=missing,
            signals=signals,
            flags=guard.flags,
            confidence=self._confidence(results, score, guard.flags, signals.words),
            feedback=feedback.compose(text, results, missing, signals, guard.flags),
            follow_up=feedback.follow_up_for(question, missing, results),
            model_answer=(question.model_answer or next(iter(question.answers), None))
            if show_model_answer
            else None,
            grader=self.info,
            rubric_hash=question.rubric_hash(),
        )

    def answer_logit(self, features: AnswerFeatures, coverage: float) -> float:
        """The answer-level evidence before the output map (see ``calibration``)."""
        return self.parameters.answer_logit(
            coverage,
            features.alignment_recall,
            features.alignment_precision,
            features.length_ratio,
            features.alignment_recall_mean,
            features.references,
        )

    def coverage(self, question: Question, features: AnswerFeatures) -> float:
        """The score's coverage term: the weight-averaged fitted ``Parameters.strength``.

        For written points this is the strength shown; for derived points the shown strength comes
        from ``derived_strength`` (see ``calibration.DERIVED_COVERS_AT``) and the score keeps the
        term it was calibrated with.
        """
        total = weighted = 0.0
        for k, kp in enumerate(question.key_points):
            lex = features.lexical[k]
            strength = self.parameters.strength(
                features.semantic[k],
                lex.phrase,
                lex.recall,
                features.point_alignment[k],
                derived=kp.derived,
            )
            total += kp.weight
            weighted += kp.weight * strength
        return weighted / max(total, 1e-9)

    def overlap(self, prepared: PreparedQuestion, features: AnswerFeatures) -> float:
        """Best unigram-overlap F1 with a model/reference answer."""
        keys = features.answer_terms.keys
        q = prepared.terms.question_keys
        return max(
            (overlap_f1(keys, keys_of(a), q) for a in prepared.question.answers), default=0.0
        )

    def _key_point_results(
        self, question: Question, text: str, features: AnswerFeatures
    ) -> list[KeyPointResult]:
        results: list[KeyPointResult] = []
        for k, kp in enumerate(question.key_points):
            lex = features.lexical[k]
            if kp.derived:
                strength = derived_strength(features.point_alignment[k])
            else:
                strength = self.parameters.strength(
                    features.semantic[k],
                    lex.phrase,
                    lex.recall,
                    features.point_alignment[k],
                    derived=False,
                )
            evidence: list[Evidence] = []
            first, last = features.best_sentence[k]
            # a derived point is covered by its own words, said anywhere in the sentence closest
            # to it in meaning: quote that sentence even when the cosine alone is modest
            quoted = features.semantic[k] >= EVIDENCE_AT or (kp.derived and strength >= COVERED_AT)
            if first >= 0 and quoted:
                start, end = features.sentences[first].start, features.sentences[last].end
                evidence.append(
                    Evidence(start=start, end=end, text=text[start:end], kind="sentence")
                )
            for start, end in lex.spans:
                if not any(e.start <= start and end <= e.end for e in evidence):
                    evidence.append(
                        Evidence(start=start, end=end, text=text[start:end], kind="phrase")
                    )
            covered = strength >= COVERED_AT
            results.append(
                KeyPointResult(
                    id=kp.id,
                    label=kp.label,
                    weight=kp.weight,
                    covered=covered,
                    strength=round(strength, 3),
                    evidence=evidence if covered or strength >= 0.3 else [],
                )
            )
        return results

    @staticmethod
    def _confidence(
        results: list[KeyPointResult], score: float, flags: list[Flag], words: int
    ) -> float:
        """High when each point is clearly in or out and the score is far from a band edge."""
        if Flag.EMPTY in flags:
            return 1.0
        decisiveness = sum(r.weight * abs(2 * r.strength - 1) for r in results) / max(
            sum(r.weight for r in results), 1e-9
        )
        edges = (2.0, 5.0, 7.5)
        margin = min(abs(score - e) for e in edges)
        value = 0.5 * decisiveness + 0.3 * min(1.0, margin / 1.5) + 0.2 * min(1.0, words / 30)
        return round(float(np.clip(value, 0.0, 1.0)), 2)
