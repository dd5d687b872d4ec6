"""Measure the grader against human grades in a CSV file (what ``mockprep eval-grader`` runs).

Every question is graded from its text and reference answer(s) alone, as an imported bank is.
Two baselines run alongside: unigram-overlap F1 and plain embedding cosine to the reference.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel

from mockprep.bank.schema import Question
from mockprep.errors import InputError
from mockprep.grading import agreement
from mockprep.grading.coverage import AnswerFeatures
from mockprep.grading.grader import Grader, overlap_f1
from mockprep.grading.keypoints import question_from_references
from mockprep.grading.lexical import keys_of
from mockprep.grading.models import PASS_SCORE


@dataclass(frozen=True)
class Columns:
    """Which CSV columns hold what; either ``score`` (with ``scale``) or ``label`` (with ``positive``)."""

    question: str = "question"
    reference: str = "reference_answer"
    answer: str = "student_answer"
    score: str | None = None
    scale: tuple[float, float] = (0.0, 5.0)
    label: str | None = None
    positive: str = "correct"
    group: str | None = None
    reference_sep: str | None = None


@dataclass
class Item:
    group: str
    question: Question
    answer: str
    truth: float


class QuestionResult(BaseModel):
    group: str
    n: int
    metric: float
    """Pearson (scores) or accuracy (labels) for this question."""


class EvalReport(BaseModel):
    """Agreement figures; score files fill pearson..qwk, label files accuracy and macro_f1."""

    n: int
    questions: int
    kind: str
    pearson: float | None = None
    spearman: float | None = None
    rmse: float | None = None
    qwk: float | None = None
    accuracy: float | None = None
    macro_f1: float | None = None
    baselines: dict[str, dict[str, float]] = field(default_factory=dict)
    per_question: list[QuestionResult] = field(default_factory=list)


def parse_scale(text: str) -> tuple[float, float]:
    """``"0-5"`` to ``(0.0, 5.0)``."""
    try:
        low, high = (float(x) for x in text.split("-", 1))
    except ValueError as exc:
        raise InputError(
            f"--scale {text!r} is not MIN-MAX", fix="Write it like --scale 0-5."
        ) from exc
    if high <= low:
        raise InputError(
            f"--scale {text!r}: MAX must be above MIN", fix="Write it like --scale 0-5."
        )
    return low, high


def read_items(path: Path, columns: Columns) -> list[Item]:
    """Rows of the CSV as gradable items, one imported question per group."""
    if (columns.score is None) == (columns.label is None):
        raise InputError(
            "give exactly one of --score-col or --label-col",
            fix="Name the column with the human grade.",
        )
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise InputError(
            f"cannot read {path} ({exc})", fix="Give a UTF-8 CSV file with a header row."
        ) from exc
    if not rows:
        raise InputError(
            f"{path} has no data rows", fix="Give a CSV with a header row and graded answers."
        )
    wanted = [
        c
        for c in (
            columns.question,
            columns.reference,
            columns.answer,
            columns.score,
            columns.label,
            columns.group,
        )
        if c
    ]
    missing = [c for c in wanted if c not in rows[0]]
    if missing:
        raise InputError(
            f"{path} has no column(s) {', '.join(missing)}; it has {', '.join(rows[0])}",
            fix="Name the columns with --question-col, --reference-col, --answer-col, --score-col/--label-col.",
        )
    questions: dict[str, Question] = {}
    items: list[Item] = []
    for line, row in enumerate(rows, start=2):
        group = row[columns.group] if columns.group else row[columns.question]
        if group not in questions:
            refs = row[columns.reference]
            references = refs.split(columns.reference_sep) if columns.reference_sep else [refs]
            if not any(r.strip() for r in references):
                raise InputError(
                    f"{path}:{line}: empty reference answer",
                    fix="Every question needs a reference answer.",
                )
            questions[group] = question_from_references(
                f"q-{len(questions) + 1}-{group}", row[columns.question], references
            )
        if columns.score:
            try:
                truth = float(row[columns.score])
            except ValueError as exc:
                raise InputError(
                    f"{path}:{line}: score {row[columns.score]!r} is not a number",
                    fix="Fix that cell.",
                ) from exc
        else:
            truth = float(row[columns.label or ""].strip().lower() == columns.positive.lower())
        items.append(Item(group, questions[group], row[columns.answer], truth))
    return items


def _score_metrics(
    predicted: list[float], truth: list[float], scale: tuple[float, float]
) -> dict[str, float]:
    mapped = agreement.linear_map(predicted, truth)
    return {
        "pearson": round(agreement.pearson(predicted, truth), 4),
        "spearman": round(agreement.spearman(predicted, truth), 4),
        "rmse": round(agreement.rmse(mapped, truth), 4),
        "qwk": round(agreement.quadratic_weighted_kappa(mapped, truth, *scale), 4),
    }


def _label_metrics(passed: list[bool], truth: list[bool]) -> dict[str, float]:
    return {
        "accuracy": round(agreement.accuracy(truth, passed), 4),
        "macro_f1": round(agreement.macro_f1(truth, passed), 4),
    }


def _best_threshold_metrics(values: list[float], truth: list[bool]) -> dict[str, float]:
    """A baseline has no pass mark of its own: report it at its best threshold (flatters it)."""
    best: dict[str, float] = {"accuracy": 0.0, "macro_f1": 0.0}
    for threshold in sorted({round(v, 3) for v in values}):
        metrics = _label_metrics([v >= threshold for v in values], truth)
        if metrics["macro_f1"] > best["macro_f1"]:
            best = metrics
    return best


def evaluate(
    grader: Grader,
    items: list[Item],
    columns: Columns,
    progress: Callable[[int], None] | None = None,
) -> EvalReport:
    """Grade every item and compare with the human grades."""
    cosine = [0.0] * len(items)

    def keep_cosine(index: int, features: AnswerFeatures) -> None:
        cosine[index] = features.reference_similarity

    grades = grader.grade_many(
        [(i.question, i.answer) for i in items], progress=progress, on_features=keep_cosine
    )
    scores = [g.score for g in grades]
    truth = [i.truth for i in items]
    overlap = [
        max(overlap_f1(keys_of(i.answer), keys_of(a), frozenset()) for a in i.question.answers)
        for i in items
    ]
    groups = sorted({i.group for i in items})
    per_question: list[QuestionResult] = []
    if columns.score:
        report = EvalReport(
            n=len(items),
            questions=len(groups),
            kind="score",
            **_score_metrics(scores, truth, columns.scale),
        )
        report.baselines = {
            "overlap_f1": _score_metrics(overlap, truth, columns.scale),
            "cosine": _score_metrics(cosine, truth, columns.scale),
        }
        for group in groups:
            idx = [k for k, i in enumerate(items) if i.group == group]
            per_question.append(
                QuestionResult(
                    group=group,
                    n=len(idx),
                    metric=round(
                        agreement.pearson([scores[k] for k in idx], [truth[k] for k in idx]), 4
                    ),
                )
            )
    else:
        labels = [t >= 0.5 for t in truth]
        report = EvalReport(
            n=len(items),
            questions=len(groups),
            kind="label",
            **_label_metrics([s >= PASS_SCORE for s in scores], labels),
        )
        report.baselines = {
            "overlap_f1": _best_threshold_metrics(overlap, labels),
            "cosine": _best_threshold_metrics(cosine, labels),
        }
        for group in groups:
            idx = [k for k, i in enumerate(items) if i.group == group]
            per_question.append(
                QuestionResult(
                    group=group,
                    n=len(idx),
                    metric=round(
                        agreement.accuracy(
                            [labels[k] for k in idx], [scores[k] >= PASS_SCORE for k in idx]
                        ),
                        4,
                    ),
                )
            )
    report.per_question = per_question
    return report


class BankCheck(BaseModel):
    """How the grader reads the bank's own answers (the bank issue's quality checks)."""

    samples: int
    spearman: float
    """Spearman of the grader's scores with the samples' intended scores."""
    point_pairs: int
    point_agreement: float
    """Share of (sample, key point) pairs where the grader's covered/not agrees with the sample's."""
    model_answers: int
    model_answers_complete: int
    """Model answers scoring >= 9 with every key point covered."""
    incomplete: list[str]
    """Ids of the model answers that fall short, lowest score first, with their scores."""


MODEL_ANSWER_MIN_SCORE = 9.0


def check_bank(grader: Grader, questions: list[Question]) -> BankCheck:
    """Grade every graded sample and every model answer of ``questions`` in one batch."""
    items: list[tuple[Question, str]] = []
    for q in questions:
        items.extend((q, s.answer) for s in q.samples)
        if q.model_answer:
            items.append((q, q.model_answer))
    grades = iter(grader.grade_many(items))
    intended: list[float] = []
    scored: list[float] = []
    agree = pairs = 0
    short: list[tuple[float, str]] = []
    complete = models = 0
    for q in questions:
        for sample in q.samples:
            grade = next(grades)
            intended.append(sample.score)
            scored.append(grade.score)
            for kp in grade.key_points:
                pairs += 1
                agree += kp.covered == (kp.id in sample.covers)
        if q.model_answer:
            grade = next(grades)
            models += 1
            if grade.score >= MODEL_ANSWER_MIN_SCORE and all(k.covered for k in grade.key_points):
                complete += 1
            else:
                short.append((grade.score, q.id))
    return BankCheck(
        samples=len(intended),
        spearman=round(agreement.spearman(scored, intended), 4) if len(intended) > 1 else 0.0,
        point_pairs=pairs,
        point_agreement=round(agree / pairs, 4) if pairs else 0.0,
        model_answers=models,
        model_answers_complete=complete,
        incomplete=[f"{qid} {score}" for score, qid in sorted(short)],
    )
