"""``mockprep star`` through the real app, and a behavioural question practised in a real
terminal that shows the STAR feedback and reminds the candidate of their story."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import pexpect
import pytest
from typer.testing import CliRunner

from mockprep.cli.app import app

runner = CliRunner()
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\r")
FREE_TEXT = (
    "Last year our support chatbot kept quoting an old refund policy to customers. "
    "My job was to find out why and stop it. "
    "I traced the problem to an index that was only rebuilt by hand, and I scheduled a nightly "
    "rebuild with a five-question smoke test. "
    "Wrong refund answers fell from about 40 a week to 2. "
    "I learned to test the data pipeline, not just the model."
)
CONFLICT_ANSWER = (
    "At my last company a colleague and I disagreed about whether to fine-tune a model or use "
    "retrieval for our support assistant. My role was tech lead, so I had to get us to a decision. "
    "We argued for a week. Then I proposed an eval set of 100 real tickets; I built the retrieval "
    "prototype, she built the fine-tuned one, and I ran both. Retrieval won by 12 points, so we "
    "shipped it in three weeks. I learned that data settles arguments faster than debate."
)


@pytest.fixture(autouse=True)
def _home(sealed_home: Path) -> None:
    sealed_home.mkdir(parents=True, exist_ok=True)


def star(*args: str, input: str | None = None) -> tuple[int, str]:
    result = runner.invoke(app, ["star", *args], input=input)
    return result.exit_code, result.output


def test_new_list_show_check_edit_export_delete(tmp_path: Path) -> None:
    code, out = star(
        "new",
        "--title", "Flaky tests",
        "-s", "Our test suite failed randomly one run in five, and people pressed retry.",
        "-t", "I decided to own it.",
        "-a", "We looked at the failures. We fixed some tests and helped the team.",
        "-r", "Things got better.",
        "-c", "ownership", "--question", "behavioural-stopped-ai-feature",
    )  # fmt: skip
    assert code == 0, out
    assert "Saved story #1" in out and "we-not-i" in out and "“We looked at the failures.”" in out

    code, out = star("list", "--json")
    [row] = json.loads(out)
    assert row["title"] == "Flaky tests" and row["problems"] >= 3

    code, out = star("check", "1", "--json")
    checks = {f["check"] for f in json.loads(out)[0]["findings"]}
    assert {"we-not-i", "no-measurable-result", "vague-verbs", "no-reflection"} <= checks

    code, out = star(
        "edit", "1",
        "-a", "I wrote a script that reran the suite overnight and logged every test that failed "
        "without a code change. I quarantined the worst twenty and fixed the shared fixture that "
        "leaked state between tests, which caused half of the failures.",
        "-r", "Random failures fell from 20 percent of runs to under 1. I learned to fix the "
        "fixture before the tests.",
    )  # fmt: skip
    assert code == 0, out
    code, out = star("show", "1", "--json")
    shown = json.loads(out)
    assert shown["action"].startswith("I wrote a script")
    assert {f["check"] for f in shown["findings"]} <= {"thin-part", "action-too-short"}

    doc = tmp_path / "story.md"
    doc.write_text(
        "# Stale bot\ncompetencies: customer focus\n\n## Situation\nOur bot quoted old policy.\n"
        "## Task\nI had to stop it.\n## Action\nI scheduled nightly rebuilds.\n"
        "## Result\nComplaints fell by 90 percent.\n",
        encoding="utf-8",
    )
    code, out = star("new", "--file", str(doc))
    assert code == 0 and "Saved story #2" in out

    code, out = star("coverage", "--json")
    cover = json.loads(out)
    by_q = {q["question_id"]: q["stories"] for q in cover["questions"]}
    assert [s["id"] for s in by_q["behavioural-stopped-ai-feature"]] == [1]
    assert [s["id"] for s in by_q["behavioural-customer-problem-ai"]] == [2]
    assert by_q["behavioural-failure"] == []

    out_file = tmp_path / "bank.md"
    code, out = star("export", "--out", str(out_file))
    text = out_file.read_text(encoding="utf-8")
    assert (
        code == 0 and "## Flaky tests" in text and "## Stale bot" in text and "## Coverage" in text
    )

    code, out = star("delete", "2", "--yes")
    assert code == 0
    code, out = star("list", "--json")
    assert [r["id"] for r in json.loads(out)] == [1]


def test_free_text_is_split_and_saved(tmp_path: Path) -> None:
    code, out = star("split", "-", "--json", input=FREE_TEXT)
    parts = [s["part"] for s in json.loads(out)]
    assert parts == ["situation", "task", "action", "result", "result"]
    notes = tmp_path / "notes.txt"
    notes.write_text(FREE_TEXT, encoding="utf-8")
    code, out = star("new", "--from-text", str(notes), "--title", "Stale index", "--yes")
    assert code == 0, out
    code, out = star("show", "1", "--json")
    shown = json.loads(out)
    assert shown["task"] == "My job was to find out why and stop it."
    assert shown["result"].startswith("Wrong refund answers fell")


def test_edit_in_the_editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    star("new", "--title", "Draft", "-a", "I did a thing.")
    editor = tmp_path / "editor.py"
    editor.write_text(
        "import sys, pathlib\np = pathlib.Path(sys.argv[1])\n"
        "p.write_text(p.read_text().replace('I did a thing.', 'I rewrote the retry logic.'))\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("EDITOR", f"{sys.executable} {editor}")
    monkeypatch.setattr("mockprep.cli.star_cmd._interactive", lambda: True)
    code, out = star("edit", "1")
    assert code == 0, out
    code, out = star("show", "1", "--json")
    assert json.loads(out)["action"] == "I rewrote the retry logic."


def test_bad_input_names_the_problem_and_the_fix() -> None:
    from mockprep.cli.app import main

    assert main(["star", "new", "--title", "", "-a", "x"]) == 2
    assert main(["star", "new", "--title", "T", "-a", "I did.", "-q", "no-such-question"]) == 2
    assert main(["star", "show", "99"]) == 2
    assert main(["star", "new"]) == 2  # not a terminal: no editor to open


def test_grade_shows_the_star_section_and_the_story_reminder() -> None:
    star("new", "--title", "Eval truce", "-a", "I built an eval set.", "-c", "conflict")
    result = runner.invoke(
        app, ["grade", "-q", "behavioural-conflict-colleague", "-a", CONFLICT_ANSWER, "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["star"]["reminder"]["title"] == "Eval truce"
    assert data["star"]["content_score"] >= data["score"]
    result = runner.invoke(
        app, ["grade", "-q", "behavioural-conflict-colleague", "-a", CONFLICT_ANSWER]
    )
    assert "STAR " in result.output and "Remember your story" in result.output


def test_practise_a_behavioural_question_in_a_terminal(sealed_home: Path) -> None:
    assert (
        star("new", "--title", "Eval truce", "-a", "I built an eval set.", "-c", "conflict")[0] == 0
    )
    env = {
        **os.environ,
        "MOCKPREP_HOME": str(sealed_home),
        "PROMPT_TOOLKIT_NO_CPR": "1",
        "TERM": "xterm",
        "COLUMNS": "160",
        "LINES": "50",
    }
    env.pop("DATABASE_URL", None)
    child = pexpect.spawn(
        sys.executable,
        ["-m", "mockprep", "practice", "--question", "behavioural-conflict-colleague"],
        env=env,
        encoding="utf-8",
        timeout=90,
        dimensions=(50, 160),
    )
    child.expect("submits")
    child.send(CONFLICT_ANSWER)
    child.sendcontrol("d")
    child.expect("Remember your story")
    screen = ANSI.sub("", child.before + child.after)
    assert re.search(r"STAR \d+\.\d/10", screen), screen
    assert "ownership" in screen and "(aim 60%)" in screen
    child.expect(r"Follow-up:|answer again")
    child.terminate(force=True)
    child.close()
