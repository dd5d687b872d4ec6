"""``mockprep grade`` and ``mockprep eval-grader`` through the real app (real model, no mocks)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mockprep.bank.loader import load_bundled
from mockprep.cli.app import app


@pytest.fixture(autouse=True)
def _sealed_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MOCKPREP_HOME", str(tmp_path / "home"))


@pytest.fixture(scope="module")
def question_id() -> str:
    questions = load_bundled()
    if not questions:
        pytest.skip("the bundled bank has no questions yet")
    return questions[0].id


runner = CliRunner()


def test_grade_json_has_the_promised_fields(question_id: str) -> None:
    q = next(q for q in load_bundled() if q.id == question_id)
    result = runner.invoke(
        app, ["grade", "--question", question_id, "--answer", q.model_answer, "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"score", "band", "key_points", "flags", "feedback", "follow_up", "grader"} <= set(data)
    assert data["band"] == "strong" and data["model_answer"] is None
    assert {"id", "label", "covered", "strength", "evidence"} <= set(data["key_points"][0])


def test_grade_reads_stdin_and_shows_model_answer(question_id: str) -> None:
    result = runner.invoke(
        app,
        ["grade", "--question", question_id, "--json", "--show-model-answer", "-"],
        input="I am not sure.",
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["model_answer"] and not data["passed"]


def test_grade_rich_output_names_score_and_key_points(question_id: str, tmp_path: Path) -> None:
    answer = tmp_path / "answer.txt"
    q = next(q for q in load_bundled() if q.id == question_id)
    answer.write_text(q.model_answer, encoding="utf-8")
    result = runner.invoke(app, ["grade", "--question", question_id, "--answer-file", str(answer)])
    assert result.exit_code == 0, result.output
    assert "Score" in result.stdout and q.key_points[0].label.split()[0] in result.stdout


def test_batch_writes_one_grade_per_line_with_line_numbers(
    question_id: str, tmp_path: Path
) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(
        json.dumps({"question_id": question_id, "answer": "Something short."})
        + "\n\n"
        + json.dumps({"question_id": question_id, "answer": "Another answer entirely about it."})
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["grade", "--batch", str(src), "--out", str(out)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["line"] for r in rows] == [1, 3]
    assert all(r["question_id"] == question_id for r in rows)


def test_unknown_question_is_a_clean_user_error() -> None:
    from mockprep.cli.app import main

    assert main(["grade", "--question", "no-such-question-id", "--answer", "x"]) == 2


def _write_csv(path: Path) -> None:
    rows = [
        (
            "q1",
            "What does a stack do?",
            "A stack stores items last in, first out: push adds on top, pop removes the top.",
            a,
            s,
        )
        for a, s in [
            (
                "It is last in first out; push puts an item on top and pop takes the top item off.",
                5,
            ),
            ("Items go on top with push and come off the top with pop, LIFO.", 5),
            ("A stack keeps things in order.", 2),
            ("It sorts numbers.", 0),
        ]
    ] + [
        (
            "q2",
            "What is a queue?",
            "A queue is first in, first out: items are added at the back and removed from the front.",
            a,
            s,
        )
        for a, s in [
            ("First in first out, you enqueue at the back and dequeue from the front.", 5),
            ("FIFO structure where the oldest element leaves first.", 4),
            ("A list of things.", 1),
        ]
    ]
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["qid", "question", "reference", "answer", "score"])
        writer.writerows(rows)


def test_eval_grader_reports_metrics_and_baselines(tmp_path: Path) -> None:
    path = tmp_path / "graded.csv"
    _write_csv(path)
    args = [
        "eval-grader",
        str(path),
        "--question-col",
        "question",
        "--reference-col",
        "reference",
        "--answer-col",
        "answer",
        "--group-col",
        "qid",
    ]
    result = runner.invoke(app, [*args, "--score-col", "score", "--scale", "0-5", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["n"] == 7 and {"pearson", "spearman", "rmse", "qwk", "baselines"} <= set(data)
    assert data["pearson"] > 0.5
    assert set(data["baselines"]) == {"overlap_f1", "cosine"}
    labels = runner.invoke(app, [*args, "--label-col", "score", "--positive", "5", "--json"])
    assert labels.exit_code == 0, labels.output
    assert {"accuracy", "macro_f1"} <= set(json.loads(labels.stdout))
