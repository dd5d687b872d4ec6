"""The real `mockprep practice` in a pseudo-terminal: type answers, read the feedback, interrupt, resume."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pexpect
import pytest

from mockprep.config import load_settings
from mockprep.store.database import open_database
from mockprep.store.repositories import AttemptRepository, SessionRepository, UserRepository

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\r")

RAG_ANSWER = (
    "Retrieval-augmented generation means the system first retrieves relevant passages from a "
    "document index, using embeddings in a vector database, and puts them into the prompt. The "
    "model then answers grounded in those sources, so it can cite them and hallucinates less. It "
    "gives the model private, up-to-date company knowledge without retraining. Quality depends on "
    "retrieval, so I would evaluate retrieval recall and answer faithfulness separately."
)


def spawn(*args: str, home: Path) -> pexpect.spawn:
    env = {
        **os.environ,
        "MOCKPREP_HOME": str(home),
        "PROMPT_TOOLKIT_NO_CPR": "1",
        "TERM": "xterm",
        "COLUMNS": "160",
        "LINES": "50",
    }
    env.pop("DATABASE_URL", None)
    child = pexpect.spawn(
        sys.executable,
        ["-m", "mockprep", "practice", *args],
        env=env,
        encoding="utf-8",
        timeout=90,
        dimensions=(50, 160),
    )
    return child


def expect_text(child: pexpect.spawn, pattern: str) -> str:
    child.expect(pattern)
    return ANSI.sub("", child.before + child.after)


def test_practice_interrupt_and_resume_in_a_terminal(sealed_home: Path) -> None:
    child = spawn(
        "--question", "rag-basics", "--question", "lora-low-rank-adaptation", home=sealed_home
    )
    expect_text(child, "Question 1/2")
    expect_text(child, "retrieval-augmented generation")
    expect_text(child, "submits")
    child.send(RAG_ANSWER)
    child.sendcontrol("d")
    screen = expect_text(child, r"Follow-up:")
    assert re.search(r"Grade: \d+\.\d/10", screen), screen
    assert "✓" in screen  # covered key points are listed
    child.send("I would measure recall at k on a labelled set of queries.")
    child.sendcontrol("d")
    screen = expect_text(child, "answer again")
    assert "Follow-up: " in screen and "/10" in screen
    child.sendline("")  # next question
    expect_text(child, "Question 2/2")
    child.send("LoRA trains small low-rank")  # mid-answer ...
    child.terminate(force=True)  # ... the terminal closes
    child.close()

    settings = load_settings(home=sealed_home)
    db = open_database(settings)
    with db.read() as s:
        user = UserRepository(s).local_user()
        attempts = AttemptRepository(s).history(user.id)
        session = SessionRepository(s).latest_unfinished(user.id)
    db.dispose()
    assert session is not None
    top = [a for a in attempts if a.parent_attempt_id is None]
    assert [a.question_id for a in top] == ["core/rag-basics"]
    assert top[0].answer_text == RAG_ANSWER and top[0].score is not None
    assert any(a.parent_attempt_id == top[0].id and a.score is not None for a in attempts)

    child = spawn("--resume", home=sealed_home)
    screen = expect_text(child, "Question 2/2")
    assert "LoRA" in expect_text(child, "submits")
    child.send(
        "LoRA freezes the pretrained weights and learns two small low-rank matrices whose product "
        "is added to the weight update, so only a tiny share of parameters is trained and the "
        "adapters are cheap to store and swap."
    )
    child.sendcontrol("d")
    expect_text(child, r"Follow-up:")
    child.send("/skip")
    child.sendcontrol("d")
    expect_text(child, "answer again")
    child.sendline("")
    summary = expect_text(child, "Average score")
    assert "rag-basics" in summary and "lora-low-rank-adaptation" in summary
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    db = open_database(settings)
    with db.read() as s:
        user = UserRepository(s).local_user()
        assert SessionRepository(s).latest_unfinished(user.id) is None
        questions = [
            a.question_id
            for a in AttemptRepository(s).history(user.id)
            if a.parent_attempt_id is None
        ]
    db.dispose()
    assert sorted(questions) == ["core/lora-low-rank-adaptation", "core/rag-basics"]


@pytest.mark.parametrize("command", ["/quit"])
def test_quit_keeps_the_session_resumable(sealed_home: Path, command: str) -> None:
    child = spawn("--question", "rag-basics", home=sealed_home)
    expect_text(child, "submits")
    child.send(command)
    child.sendcontrol("d")
    screen = expect_text(child, "--resume")
    assert "answers are saved" in screen
    child.expect(pexpect.EOF)
