"""Quality and speed of the answer grader; prints every figure the issue asks for.

Reads ../shared/data/asag/ (human-graded data outside the project) and says so, skipping those
figures, when it is missing. The bank figures use the bundled bank.

    PYTHONPATH=src .venv/bin/python benchmarks/bench_grader.py
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from mockprep.bank.loader import load_bundled
from mockprep.grading.evaluation import Columns, Item, check_bank, evaluate, read_items
from mockprep.grading.grader import Grader
from mockprep.nlp.embeddings import load_embedding_model
from mockprep.nlp.text import split_sentences, word_count

ROOT = Path(__file__).resolve().parents[1]
ASAG = ROOT.parent / "shared" / "data" / "asag"
POINT_AGREEMENT_FLOOR = 0.95
"""Also asserted by tests/bank/test_bank_grading.py (see the reasoning there)."""


def line(name: str, value: str, target: str, ok: bool) -> None:
    print(f"  {name:<48} {value:>10}   target {target:<10} {'met' if ok else 'NOT MET'}")


def bank_figures(grader: Grader) -> None:
    questions = load_bundled()
    print(f"bundled bank: {len(questions)} questions")
    if not questions:
        print("  skipped: no bundled questions yet")
        return
    check = check_bank(grader, questions)
    line(
        "samples Spearman with intended scores",
        f"{check.spearman:.3f}",
        ">= 0.85",
        check.spearman >= 0.85,
    )
    line(
        "samples' key points: grader agrees with intended",
        f"{check.point_agreement:.3f}",
        f">= {POINT_AGREEMENT_FLOOR}",
        check.point_agreement >= POINT_AGREEMENT_FLOOR,
    )
    print(f"    {check.point_pairs} (sample, key point) pairs over {check.samples} samples")
    line(
        "model answers >= 9 with all points covered",
        f"{check.model_answers_complete}/{check.model_answers}",
        "all",
        check.model_answers_complete == check.model_answers,
    )
    if check.incomplete:
        print("    lowest: " + ", ".join(check.incomplete[:5]))


def asag_figures(grader: Grader) -> None:
    if not ASAG.is_dir():
        print(f"human-graded data: skipped, {ASAG} is missing")
        return
    print(f"human-graded data from {ASAG}")
    items = read_items(
        ASAG / "mohler-dev.csv", columns := Columns(score="score_avg", group="question_id")
    )
    report = evaluate(grader, items, columns)
    mohler_items = items
    line(
        "Mohler Pearson (score_avg)",
        f"{report.pearson:.3f}",
        ">= 0.62",
        (report.pearson or 0) >= 0.62,
    )
    print(
        f"    spearman {report.spearman:.3f} rmse {report.rmse:.3f} qwk {report.qwk:.3f}; baselines: "
        + "; ".join(f"{k} r {v['pearson']:.3f}" for k, v in report.baselines.items())
    )
    labelled_sets: dict[str, list[Item]] = {}
    for name in ("scientsbank", "beetle"):
        columns = Columns(
            reference="all_reference_answers",
            reference_sep=" ||| ",
            label="label_2way",
            group="question_id",
        )
        labelled = read_items(ASAG / f"{name}-train.csv", columns)
        report = evaluate(grader, labelled, columns)
        labelled_sets[name] = labelled
        line(
            f"{name} 2-way macro-F1 at the pass mark",
            f"{report.macro_f1:.3f}",
            ">= 0.72",
            (report.macro_f1 or 0) >= 0.72,
        )
        print(
            f"    accuracy {report.accuracy:.3f}; baselines at their best threshold: "
            + "; ".join(f"{k} F1 {v['macro_f1']:.3f}" for k, v in report.baselines.items())
        )
    print("  imported questions' derived key points (shown coverage; right = at the pass mark):")
    derived_coverage(grader, "mohler (score_avg >= 2.5)", mohler_items, 2.5)
    for name, labelled in labelled_sets.items():
        derived_coverage(grader, f"{name} (label correct)", labelled, 0.5)


def derived_coverage(grader: Grader, name: str, items: list[Item], right: float) -> None:
    """Share of derived key points shown covered, for answers humans marked right vs wrong.

    Every ASAG question is imported from its reference answers, so all its points are derived;
    ``right`` is the human grade at or above which an answer counts as right.
    """
    grades = grader.grade_many([(item.question, item.answer) for item in items])
    shares: dict[bool, list[float]] = {True: [], False: []}
    for item, grade in zip(items, grades, strict=True):
        points = [r.covered for r in grade.key_points]
        shares[item.truth >= right].extend(float(c) for c in points)
    yes, no = (statistics.fmean(shares[k]) if shares[k] else 0.0 for k in (True, False))
    line(
        f"{name} derived points covered: right vs wrong",
        f"{yes:.2f} / {no:.2f}",
        "right>wrong",
        yes > no,
    )


def speed_figures(grader: Grader) -> None:
    questions = [q for q in load_bundled() if len(q.key_points) == 6] or load_bundled()
    if not questions:
        print("speed: skipped, no bundled questions")
        return
    q = questions[0]
    words = (q.model_answer + " " + q.samples[0].answer if q.samples else q.model_answer).split()
    answer = " ".join((words * 3)[:150])
    sentences = [s.text for s in split_sentences(answer)]
    grader.grade(q, answer)
    floor, full = [], []
    for i in range(30):
        variant = answer.replace(".", f" {i}.", 1)  # a fresh text each round: nothing cached
        texts = [s.text for s in split_sentences(variant)]
        t0 = time.perf_counter()
        grader.model.embed(texts)
        floor.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        grader.grade(q, variant)
        full.append(time.perf_counter() - t0)
    ratio = statistics.median(full) / statistics.median(floor)
    print(
        f"speed: {word_count(answer)}-word answer, {len(sentences)} sentences, {len(q.key_points)}-point rubric"
    )
    print(
        f"    embedding sentences alone {1000 * statistics.median(floor):.1f} ms, grading {1000 * statistics.median(full):.1f} ms"
    )
    line("grading / embedding time (warm)", f"{ratio:.2f}x", "<= 1.3x", ratio <= 1.3)
    if ASAG.is_dir():
        cmd = [
            sys.executable,
            "-m",
            "mockprep",
            "eval-grader",
            str(ASAG / "mohler-dev.csv"),
            "--question-col",
            "question",
            "--reference-col",
            "reference_answer",
            "--answer-col",
            "student_answer",
            "--score-col",
            "score_avg",
            "--scale",
            "0-5",
            "--group-col",
            "question_id",
            "--json",
        ]
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, env=env)
        elapsed = time.perf_counter() - t0
        line("eval-grader on mohler-dev.csv incl. load", f"{elapsed:.1f} s", "< 20 s", elapsed < 20)


def main() -> int:
    t0 = time.perf_counter()
    grader = Grader(load_embedding_model())
    print(
        f"model {grader.model.name} loaded in {time.perf_counter() - t0:.2f} s; grader {grader.info.version}"
    )
    bank_figures(grader)
    asag_figures(grader)
    speed_figures(grader)
    return 0


if __name__ == "__main__":
    sys.exit(main())
