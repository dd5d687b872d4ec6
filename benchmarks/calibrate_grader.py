"""Fit the grader's GLOBAL parameters (grading/calibration.py) and check them on unseen questions.

Data: ../shared/data/asag/ (Mohler scores, SciEntsBank and Beetle 2-way labels) and the bundled
bank's graded samples (their intended scores and the key points each covers) and model answers.
Nothing is fitted per question. Three steps, all global:

1. One joint logistic fit of the key-point weights (``b_*``; the fixed semantic route of written
   rubric points, ``calibration.SEMANTIC_COVERS_AT``, is not fitted) and the answer weights (``a_*``):
   the bank's per-(answer, key point) coverage labels train the key-point strength; the 2-way
   labels train the answer logit; Mohler scores and bank scores enter as soft targets with their
   own intercept (only their order matters: Pearson and Spearman ignore the location), so the
   location of the scale is set by the right/wrong labels alone. Model answers enter only through
   their key points (all covered), not as answers (they are the reference itself).
2. The pass threshold: the answer logit that maximises the worse of the two label sets' macro-F1
   (one threshold for both, as the product has one pass mark).
3. The output map: ``10 * sigmoid(slope * (z - threshold))`` with one slope below the pass mark
   and one above, chosen on a grid to agree with the bank's intended scores (squared error) and
   Mohler's grades (Pearson), with model answers pushed to >= 9.5.

4. The shown coverage of derived key points (``DERIVED_COVERS_AT``, ``DERIVED_SLOPE``): a
   class-balanced logistic in the point's aligned recall on the ASAG questions with one derived
   point (see ``fit_derived_map``). It does not enter the score.

Questions are split by a hash of their id into 5 folds; the whole procedure runs on 4 folds and is
scored on the fifth (questions it never saw), and the script prints fit vs held-out figures. It
also splits the questions into two halves and fits on each half, scoring the other (the judge's
setting: a second half of each data set, on questions never seen).
The shipped PARAMETERS are the all-data fit, printed at the end (deterministic).

    PYTHONPATH=src .venv/bin/python benchmarks/calibrate_grader.py
"""

from __future__ import annotations

import csv
import hashlib
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from mockprep.bank.loader import load_bundled
from mockprep.bank.schema import Question
from mockprep.grading.agreement import macro_f1, pearson, spearman
from mockprep.grading.calibration import (
    DERIVED_COVERS_AT,
    DERIVED_SLOPE,
    PARAMETERS,
    Parameters,
    semantic_route,
)
from mockprep.grading.coverage import AnswerFeatures
from mockprep.grading.grader import Grader
from mockprep.grading.keypoints import question_from_references
from mockprep.nlp.embeddings import load_embedding_model

ASAG = Path(__file__).resolve().parents[2] / "shared" / "data" / "asag"
FOLDS = 5
LABELS = ("scientsbank", "beetle")
NUISANCE = ("mohler", "bank")
"""Data sets whose location is free in step 1 (only their ranking is measured)."""
WEIGHTS = {"mohler": 2.0, "scientsbank": 1.0, "beetle": 1.0, "bank": 3.0}
"""The product grades bank questions: their samples weigh three data sets' worth. Mohler's
graded scores weigh two: they are the only human scores (not right/wrong labels), and with one
weight the two label sets pull the shared weights away from Mohler's ranking on unseen
questions (held-out half: r 0.589 with weight 1, 0.608 with weight 2)."""
POINT_LABEL_WEIGHT = 1.0
L2 = 1e-3
SLOPES = np.round(np.arange(0.3, 4.01, 0.1), 2)
MOHLER_MAP_WEIGHT = 1.0
MODEL_ANSWER_TARGET = 9.5
N_POINT = 5  # b0, b_sem, b_phrase, b_recall, b_align
N_ANSWER = 7  # a0, a_cov, a_recall, a_precision, a_length, a_recall_mean, a_references

Item = tuple[str, Question, str, float, list[bool] | None, bool]
"""(question group, question, answer, target 0-1, key points it covers, is a model answer)"""


@dataclass
class Table:
    """Flattened features of one data set."""

    name: str
    group: list[str]
    target: np.ndarray
    model: np.ndarray
    answer_x: (
        np.ndarray
    )  # (n, 5): alignment recall, precision, length, mean recall, -log(references)
    kp_answer: np.ndarray
    kp_weight: np.ndarray  # normalised within each answer
    kp_x: np.ndarray  # (m, 5): 1, semantic, phrase, recall, alignment
    kp_label: np.ndarray  # 1/0, nan where unknown
    kp_semantic: np.ndarray  # the fixed semantic route (0 for derived points)

    @property
    def folds(self) -> np.ndarray:
        return np.array(
            [int(hashlib.sha256(g.encode()).hexdigest(), 16) % FOLDS for g in self.group]
        )


def features(grader: Grader, name: str, items: list[Item]) -> Table:
    collected: list[AnswerFeatures | None] = [None] * len(items)

    def keep(i: int, f: AnswerFeatures) -> None:
        collected[i] = f

    grader.grade_many([(q, a) for _, q, a, *_ in items], on_features=keep)
    answer_x, kp_answer, kp_weight, kp_x, kp_label, kp_semantic = [], [], [], [], [], []
    for i, ((_, question, _, _, covers, _), f) in enumerate(zip(items, collected, strict=True)):
        assert f is not None
        total = sum(kp.weight for kp in question.key_points)
        for k, kp in enumerate(question.key_points):
            kp_answer.append(i)
            kp_weight.append(kp.weight / total)
            lex = f.lexical[k]
            kp_x.append([1.0, f.semantic[k], lex.phrase, lex.recall, f.point_alignment[k]])
            kp_label.append(np.nan if covers is None else float(covers[k]))
            kp_semantic.append(0.0 if kp.derived else semantic_route(f.semantic[k]))
        answer_x.append(
            [
                f.alignment_recall,
                f.alignment_precision,
                min(1.0, f.length_ratio),
                f.alignment_recall_mean,
                -float(np.log(max(1, f.references))),
            ]
        )
    a = np.asarray
    return Table(
        name,
        [g for g, *_ in items],
        a([t for _, _, _, t, _, _ in items], float),
        a([m for *_, m in items], bool),
        a(answer_x, float).reshape(len(items), N_ANSWER - 2),
        a(kp_answer),
        a(kp_weight, float),
        a(kp_x, float),
        a(kp_label, float),
        a(kp_semantic, float),
    )


def asag_items(file: str, ref_col: str, sep: str | None, target: str) -> list[Item]:
    with (ASAG / file).open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    questions: dict[str, Question] = {}
    items: list[Item] = []
    for row in rows:
        qid = row["question_id"]
        if qid not in questions:
            refs = row[ref_col].split(sep) if sep else [row[ref_col]]
            questions[qid] = question_from_references(qid, row["question"], refs)
        y = (
            float(row["score_avg"]) / 5.0
            if target == "score"
            else float(row["label_2way"] == "correct")
        )
        items.append((f"{file}:{qid}", questions[qid], row["student_answer"], y, None, False))
    return items


def bank_items() -> list[Item]:
    items: list[Item] = []
    for q in load_bundled():
        for s in q.samples:
            covers = [kp.id in s.covers for kp in q.key_points]
            items.append((q.uid, q, s.answer, s.score / 10.0, covers, False))
        items.append((q.uid, q, q.model_answer, 1.0, [True] * len(q.key_points), True))
    return items


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def logits(theta: np.ndarray, t: Table) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Key-point strengths, coverage and answer logits (without nuisance intercepts)."""
    b, a = theta[:N_POINT], theta[N_POINT : N_POINT + N_ANSWER]
    strength = 1 - (1 - _sigmoid(t.kp_x @ b)) * (1 - t.kp_semantic)
    coverage = np.bincount(t.kp_answer, t.kp_weight * strength, len(t.target))
    z = a[0] + a[1] * coverage + t.answer_x @ a[2:]
    return strength, coverage, z


def loss_and_gradient(
    theta: np.ndarray, tables: list[Table], masks: list[np.ndarray]
) -> tuple[float, np.ndarray]:
    grad = np.zeros_like(theta)
    total = 0.0
    a_cov = theta[N_POINT + 1]
    for t, mask in zip(tables, masks, strict=True):
        strength, coverage, z = logits(theta, t)
        nuisance = N_POINT + N_ANSWER + NUISANCE.index(t.name) if t.name in NUISANCE else None
        if nuisance is not None:
            z = z + theta[nuisance]
        rows = mask & ~t.model
        w = np.where(rows, WEIGHTS[t.name] / max(rows.sum(), 1), 0.0)
        p = _sigmoid(z)
        q = np.clip(p, 1e-7, 1 - 1e-7)
        y = t.target
        total -= float((w * (y * np.log(q) + (1 - y) * np.log(1 - q))).sum())
        delta = w * (p - y)
        grad[N_POINT] += delta.sum()
        grad[N_POINT + 1] += (delta * coverage).sum()
        grad[N_POINT + 2 : N_POINT + N_ANSWER] += t.answer_x.T @ delta
        if nuisance is not None:
            grad[nuisance] += delta.sum()
        lexical = _sigmoid(t.kp_x @ theta[:N_POINT])
        d_lexical = (1 - t.kp_semantic) * lexical * (1 - lexical)  # d strength / d logit
        slope = a_cov * delta[t.kp_answer] * t.kp_weight * d_lexical
        grad[:N_POINT] += t.kp_x.T @ slope
        labelled = ~np.isnan(t.kp_label) & mask[t.kp_answer]
        if labelled.any():
            lw = POINT_LABEL_WEIGHT / labelled.sum()
            s = np.clip(strength[labelled], 1e-7, 1 - 1e-7)
            y_kp = t.kp_label[labelled]
            total -= float(lw * (y_kp * np.log(s) + (1 - y_kp) * np.log(1 - s)).sum())
            # d loss / d strength = (s - y) / (s (1 - s)); d strength / d logit = d_lexical
            grad[:N_POINT] += t.kp_x[labelled].T @ (
                lw * (s - y_kp) / (s * (1 - s)) * d_lexical[labelled]
            )
    penalised = np.ones_like(theta)
    penalised[[0, N_POINT]] = 0.0
    penalised[N_POINT + N_ANSWER :] = 0.0
    total += L2 * float((penalised * theta**2).sum())
    grad += 2 * L2 * penalised * theta
    return total, grad


def fit_weights(tables: list[Table], masks: list[np.ndarray]) -> np.ndarray:
    """Step 1: Adam on the analytic gradient from a fixed start (deterministic)."""
    theta = np.zeros(N_POINT + N_ANSWER + len(NUISANCE))
    theta[:N_POINT] = [-5.0, 1.0, 5.0, 1.0, 2.0]
    theta[N_POINT : N_POINT + 2] = [-2.0, 2.0]
    m = np.zeros_like(theta)
    v = np.zeros_like(theta)
    for step in range(1, 2001):
        _, grad = loss_and_gradient(theta, tables, masks)
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad**2
        theta -= 0.05 * (m / (1 - 0.9**step)) / (np.sqrt(v / (1 - 0.999**step)) + 1e-8)
        # more evidence never lowers a strength or a score
        theta[1:N_POINT] = np.maximum(theta[1:N_POINT], 0.0)
        theta[N_POINT + 1 : N_POINT + N_ANSWER] = np.maximum(
            theta[N_POINT + 1 : N_POINT + N_ANSWER], 0.0
        )
    return theta


def fit_threshold(z: dict[str, np.ndarray], y: dict[str, np.ndarray]) -> float:
    """Step 2: the logit where both label sets are served best (max of the worse macro-F1)."""
    best = (-1.0, 0.0)
    for cut in np.arange(-2.0, 2.0001, 0.05):
        worst = min(macro_f1(y[n] >= 0.5, z[n] >= cut) for n in LABELS)
        if worst > best[0] + 1e-9:
            best = (worst, float(cut))
    return round(best[1], 2)


def apply_map(cut: float, below: float, above: float, z: np.ndarray) -> np.ndarray:
    d = z - cut
    return 10.0 * _sigmoid(np.where(d < 0, below, above) * d)


def fit_map(
    cut: float, z: dict[str, np.ndarray], y: dict[str, np.ndarray], model_z: np.ndarray
) -> tuple[float, float]:
    """Step 3: the two slopes of the output map, by grid search (deterministic)."""
    best = (np.inf, 1.0, 1.0)
    for below in SLOPES:
        for above in SLOPES:
            bank = apply_map(cut, below, above, z["bank"])
            mohler = apply_map(cut, below, above, z["mohler"])
            models = apply_map(cut, below, above, model_z)
            value = (
                float(np.mean((bank - 10 * y["bank"]) ** 2)) / 10.0
                + MOHLER_MAP_WEIGHT * (1.0 - pearson(mohler, y["mohler"]))
                + float(np.mean(np.maximum(0.0, MODEL_ANSWER_TARGET - models) ** 2))
            )
            if value < best[0] - 1e-12:
                best = (value, float(below), float(above))
    return best[1], best[2]


def calibrate(tables: list[Table], masks: list[np.ndarray]) -> Parameters:
    theta = fit_weights(tables, masks)
    z, y = {}, {}
    model_z = np.zeros(0)
    for t, mask in zip(tables, masks, strict=True):
        zt = logits(theta, t)[2]
        keep = mask & ~t.model
        z[t.name], y[t.name] = zt[keep], t.target[keep]
        if t.name == "bank":
            model_z = zt[mask & t.model]
    cut = fit_threshold(z, y)
    below, above = fit_map(cut, z, y, model_z)
    r = [round(float(x), 3) for x in theta]
    return Parameters(
        *r[: N_POINT + N_ANSWER], pass_logit=cut, slope_below=below, slope_above=above
    )


def fit_derived_map(tables: list[Table]) -> tuple[float, float]:
    """Step 4: ``(DERIVED_COVERS_AT, DERIVED_SLOPE)``, the shown coverage of derived key points.

    A logistic in the point's aligned recall, fitted on the human-graded answers to the ASAG
    questions that derive exactly one point (there the point is covered exactly when the answer is
    right: a label, or Mohler's average at the pass mark), classes balanced within each data set
    and the data sets weighted equally (Newton's method from zero: deterministic).
    """
    xs, ys, ws = [], [], []
    for t in tables:
        if t.name == "bank":
            continue
        single = np.bincount(t.kp_answer, minlength=len(t.target)) == 1
        rows = single[t.kp_answer]
        x = t.kp_x[rows, 4]
        y = (t.target[t.kp_answer[rows]] >= 0.5).astype(float)
        n_pos, n_neg = max(y.sum(), 1.0), max((1 - y).sum(), 1.0)
        xs.append(x)
        ys.append(y)
        ws.append(np.where(y > 0, 0.5 / n_pos, 0.5 / n_neg))
    x, y, w = np.concatenate(xs), np.concatenate(ys), np.concatenate(ws) / len(xs)
    design = np.column_stack([np.ones(len(x)), x])
    theta = np.zeros(2)
    for _ in range(50):
        p = _sigmoid(design @ theta)
        hessian = (design * (w * p * (1 - p))[:, None]).T @ design
        theta -= np.linalg.solve(hessian, design.T @ (w * (p - y)))
    return round(float(-theta[0] / theta[1]), 3), round(float(theta[1]), 3)


def predict(p: Parameters, t: Table) -> tuple[np.ndarray, np.ndarray]:
    """Scores 0-10 (before guards and rounding) and key-point strengths."""
    point = [p.b0, p.b_sem, p.b_phrase, p.b_recall, p.b_align]
    answer = [
        p.a0, p.a_cov, p.a_recall, p.a_precision, p.a_length, p.a_recall_mean,
        p.a_references,
    ]  # fmt: skip
    theta = np.array([*point, *answer])
    strength, _, z = logits(theta, t)
    return apply_map(p.pass_logit, p.slope_below, p.slope_above, z), strength


def figures(t: Table, score: np.ndarray, strength: np.ndarray, mask: np.ndarray) -> str:
    keep = mask & ~t.model
    s, y = score[keep], t.target[keep]
    if t.name in LABELS:
        return f"{t.name} F1 {macro_f1(y >= 0.5, s >= 5.0):.3f}"
    if t.name == "mohler":
        return f"mohler r {pearson(s, y):.3f}"
    labelled = ~np.isnan(t.kp_label) & keep[t.kp_answer]
    agree = float(((strength[labelled] >= 0.5) == (t.kp_label[labelled] > 0.5)).mean())
    models = score[mask & t.model]
    return (
        f"bank rho {spearman(s, y):.3f} points agree {agree:.3f} "
        f"models>=9 {int((models >= 9).sum())}/{len(models)}"
    )


def extract(grader: Grader) -> list[Table]:
    return [
        features(grader, "mohler", asag_items("mohler-dev.csv", "reference_answer", None, "score")),
        features(
            grader,
            "scientsbank",
            asag_items("scientsbank-train.csv", "all_reference_answers", " ||| ", "label"),
        ),
        features(
            grader,
            "beetle",
            asag_items("beetle-train.csv", "all_reference_answers", " ||| ", "label"),
        ),
        features(grader, "bank", bank_items()),
    ]


def cross_validate(tables: list[Table]) -> None:
    """Fit on 4 folds of questions, score the fifth; print mean fit and pooled held-out figures."""
    held = [(np.zeros(len(t.target)), np.zeros(len(t.kp_answer))) for t in tables]
    fit_lines: list[list[str]] = []
    for fold in range(FOLDS):
        fitted = calibrate(tables, [t.folds != fold for t in tables])
        fit_lines.append([])
        for t, (score, strength) in zip(tables, held, strict=True):
            s, k = predict(fitted, t)
            out = t.folds == fold
            score[out], strength[out[t.kp_answer]] = s[out], k[out[t.kp_answer]]
            fit_lines[-1].append(figures(t, s, k, ~out))
        print(f"  fold {fold} fit: " + "; ".join(fit_lines[-1]), flush=True)
    print(
        "  held-out (pooled): "
        + "; ".join(
            figures(t, s, k, np.ones(len(t.target), bool))
            for t, (s, k) in zip(tables, held, strict=True)
        )
    )


def half_split(tables: list[Table]) -> None:
    """Fit on one half of the questions, score the other half; both ways."""
    halves = [
        np.array([int(hashlib.sha256(f"half:{g}".encode()).hexdigest(), 16) % 2 for g in t.group])
        for t in tables
    ]
    for half in (0, 1):
        fitted = calibrate(tables, [h == half for h in halves])
        for label, keep in (("fit", True), ("held-out", False)):
            print(
                f"  half {half} {label}: "
                + "; ".join(
                    figures(t, *predict(fitted, t), (h == half) == keep)
                    for t, h in zip(tables, halves, strict=True)
                ),
                flush=True,
            )


def main() -> int:
    if not ASAG.is_dir():
        print(f"skipped: {ASAG} is missing (the human-graded data lives outside the project)")
        return 0
    grader = Grader(load_embedding_model())
    print("extracting features ...", flush=True)
    tables = extract(grader)
    print(f"question-grouped {FOLDS}-fold cross-validation (fit = the 4 folds it was fitted on):")
    cross_validate(tables)
    print("question-grouped halves (fit on one half of the questions, score the other):")
    half_split(tables)
    final = calibrate(tables, [np.ones(len(t.target), bool) for t in tables])
    everything = np.ones
    print(
        "all data (fit): "
        + "; ".join(figures(t, *predict(final, t), everything(len(t.target), bool)) for t in tables)
    )
    covers_at, slope = fit_derived_map(tables)
    print(f"DERIVED_COVERS_AT = {covers_at}; DERIVED_SLOPE = {slope}")
    if (covers_at, slope) != (DERIVED_COVERS_AT, DERIVED_SLOPE):
        print("note: differs from the shipped derived-point map in calibration.py; update it")
    print("PARAMETERS = " + repr(final))
    if final != PARAMETERS:
        print(
            "note: differs from the shipped calibration.PARAMETERS; paste the line above to update it"
        )
        return 1
    print("matches the shipped calibration.PARAMETERS")
    return 0 if (covers_at, slope) == (DERIVED_COVERS_AT, DERIVED_SLOPE) else 1


if __name__ == "__main__":
    sys.exit(main())
