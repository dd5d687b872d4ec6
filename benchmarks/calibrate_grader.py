"""Fit the grader's GLOBAL parameters (grading/calibration.py) and check them on unseen questions.

Data: ../shared/data/asag/ (Mohler scores, SciEntsBank and Beetle 2-way labels) and the bundled
bank's graded samples and model answers. One soft-label logistic objective over all of them,
each data set weighted equally; targets are score/max or the 0/1 label. Questions are split by a
hash of their id into a fit half and a check half; the script prints the fit on each half and on
all data. The shipped PARAMETERS are the all-data fit, printed at the end (deterministic).

    PYTHONPATH=src .venv/bin/python benchmarks/calibrate_grader.py
"""

from __future__ import annotations

import csv
import hashlib
import sys
from dataclasses import dataclass, fields
from pathlib import Path

import numpy as np

from mockprep.bank.loader import load_bundled
from mockprep.bank.schema import Question
from mockprep.grading.agreement import macro_f1, pearson, spearman
from mockprep.grading.calibration import PARAMETERS, Parameters
from mockprep.grading.coverage import AnswerFeatures
from mockprep.grading.grader import Grader
from mockprep.grading.keypoints import question_from_references
from mockprep.nlp.embeddings import load_embedding_model

START = Parameters(
    b0=-9.0, b_sem=13.0, b_phrase=2.5, b_recall=2.5, a0=-4.0, a_cov=6.0, a_ref=2.0, a_overlap=2.0
)
"""Fixed starting point of the fit, so the result does not depend on what is shipped."""
WEIGHTS = {"bank": 3.0}
"""The product grades bank questions: their samples weigh three data sets' worth."""
ASAG = Path(__file__).resolve().parents[2] / "shared" / "data" / "asag"


@dataclass
class Table:
    """Flattened features of one data set."""

    name: str
    group: list[str]
    target: np.ndarray
    kp_answer: np.ndarray
    kp_weight: np.ndarray
    kp_sem: np.ndarray
    kp_phrase: np.ndarray
    kp_recall: np.ndarray
    reference: np.ndarray
    overlap: np.ndarray


def features(grader: Grader, name: str, items: list[tuple[str, Question, str, float]]) -> Table:
    collected: list[AnswerFeatures | None] = [None] * len(items)

    def keep(i: int, f: AnswerFeatures) -> None:
        collected[i] = f

    grader.grade_many([(q, a) for _, q, a, _ in items], on_features=keep)
    kp_answer, kp_weight, kp_sem, kp_phrase, kp_recall, ref, ovl = [], [], [], [], [], [], []
    for i, ((_, question, _, _), f) in enumerate(zip(items, collected, strict=True)):
        assert f is not None
        for k, kp in enumerate(question.key_points):
            kp_answer.append(i)
            kp_weight.append(kp.weight)
            kp_sem.append(f.semantic[k])
            kp_phrase.append(f.lexical[k].phrase)
            kp_recall.append(f.lexical[k].recall)
        ref.append(f.reference_similarity)
        ovl.append(grader.overlap(grader.prepare(question), f))
    a = np.asarray
    return Table(
        name,
        [g for g, _, _, _ in items],
        a([t for *_, t in items]),
        a(kp_answer),
        a(kp_weight),
        a(kp_sem),
        a(kp_phrase),
        a(kp_recall),
        a(ref),
        a(ovl),
    )


def asag_items(
    file: str, ref_col: str, sep: str | None, target: str
) -> list[tuple[str, Question, str, float]]:
    with (ASAG / file).open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    questions: dict[str, Question] = {}
    items = []
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
        items.append((f"{file}:{qid}", questions[qid], row["student_answer"], y))
    return items


def bank_items() -> list[tuple[str, Question, str, float]]:
    items = []
    for q in load_bundled():
        for s in q.samples:
            items.append((q.uid, q, s.answer, s.score / 10.0))
        items.append((q.uid, q, q.model_answer, 1.0))
    return items


def predict(p: Parameters, t: Table) -> np.ndarray:
    z = p.b0 + p.b_sem * t.kp_sem + p.b_phrase * t.kp_phrase + p.b_recall * t.kp_recall
    strength = 1 / (1 + np.exp(-z))
    n = len(t.target)
    coverage = np.bincount(t.kp_answer, t.kp_weight * strength, n) / np.bincount(
        t.kp_answer, t.kp_weight, n
    )
    zz = p.a0 + p.a_cov * coverage + p.a_ref * t.reference + p.a_overlap * t.overlap
    return 1 / (1 + np.exp(-zz))


def loss(theta: np.ndarray, tables: list[tuple[Table, np.ndarray]]) -> float:
    p = Parameters(*theta)
    total = 0.0
    for t, mask in tables:
        y = t.target[mask]
        q = np.clip(predict(p, t)[mask], 1e-6, 1 - 1e-6)
        total += WEIGHTS.get(t.name, 1.0) * float(-(y * np.log(q) + (1 - y) * np.log(1 - q)).mean())
    return total / sum(WEIGHTS.get(t.name, 1.0) for t, _ in tables) + 1e-4 * float((theta**2).sum())


def fit(tables: list[tuple[Table, np.ndarray]], start: Parameters) -> Parameters:
    """Adam on finite-difference gradients: few parameters, deterministic."""
    theta = np.array([getattr(start, f.name) for f in fields(Parameters)], dtype=float)
    m = np.zeros_like(theta)
    v = np.zeros_like(theta)
    for step in range(1, 801):
        base = loss(theta, tables)
        grad = np.zeros_like(theta)
        for j in range(len(theta)):
            bump = theta.copy()
            bump[j] += 1e-4
            grad[j] = (loss(bump, tables) - base) / 1e-4
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad**2
        theta -= 0.05 * (m / (1 - 0.9**step)) / (np.sqrt(v / (1 - 0.999**step)) + 1e-8)
        theta[1:4] = np.maximum(theta[1:4], 0.0)  # more evidence never lowers a strength
        theta[5:] = np.maximum(theta[5:], 0.0)  # more coverage or similarity never lowers a score
    return Parameters(*[round(float(x), 3) for x in theta])


def in_half(groups: list[str], half: int) -> np.ndarray:
    return np.array([int(hashlib.sha256(g.encode()).hexdigest(), 16) % 2 == half for g in groups])


def report(p: Parameters, tables: list[Table], label: str, half: int | None) -> None:
    parts = []
    for t in tables:
        mask = np.ones(len(t.target), bool) if half is None else in_half(t.group, half)
        pred, y = predict(p, t)[mask], t.target[mask]
        if t.name in ("scientsbank", "beetle"):
            parts.append(f"{t.name} macro-F1 {macro_f1(y >= 0.5, pred >= 0.5):.3f}")
        elif t.name == "mohler":
            parts.append(f"{t.name} r {pearson(pred, y):.3f}")
        else:
            parts.append(f"{t.name} rho {spearman(pred, y):.3f}")
    print(f"  {label:<28}" + "; ".join(parts))


def main() -> int:
    if not ASAG.is_dir():
        print(f"skipped: {ASAG} is missing (the human-graded data lives outside the project)")
        return 0
    grader = Grader(load_embedding_model())
    print("extracting features ...", flush=True)
    tables = [
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
    ]
    bank = bank_items()
    if bank:
        tables.append(features(grader, "bank", bank))
    for half in (0, 1):
        fitted = fit([(t, in_half(t.group, half)) for t in tables], START)
        print(f"fit on half {half}: {fitted}")
        report(fitted, tables, f"half {half} (fit)", half)
        report(fitted, tables, f"half {1 - half} (unseen questions)", 1 - half)
    final = fit([(t, np.ones(len(t.target), bool)) for t in tables], START)
    print("all data:")
    report(final, tables, "all", None)
    print("PARAMETERS = " + repr(final))
    if final != PARAMETERS:
        print(
            "note: differs from the shipped calibration.PARAMETERS; paste the line above to update it"
        )
        return 1
    print("matches the shipped calibration.PARAMETERS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
