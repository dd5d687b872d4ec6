"""The schema's rules, and loader errors that name file, line and field."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from mockprep.bank.loader import load_bank_file
from mockprep.bank.schema import Question
from mockprep.errors import BankFormatError


def make_question(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": "kv-cache-basics",
        "category": "serving",
        "kind": "concept",
        "difficulty": 2,
        "roles": ["engineer"],
        "question": "What does the KV cache store and why?",
        "model_answer": "It stores keys and values of past tokens so decoding does not recompute them.",
        "key_points": [
            {
                "id": "stores-kv",
                "label": "Stores K and V",
                "statement": "It keeps past keys and values.",
                "weight": 0.6,
                "phrasings": ["keys and values"],
            },
            {
                "id": "saves-compute",
                "label": "Saves compute",
                "statement": "Decoding reuses them instead of recomputing.",
                "weight": 0.4,
                "phrasings": ["no recompute"],
            },
        ],
        "follow_ups": [{"question": "How big does the cache get?", "probes": "stores-kv"}],
    }
    data.update(overrides)
    return data


def test_a_valid_question_has_a_stable_rubric_hash() -> None:
    q = Question.model_validate(make_question())
    again = Question.model_validate(make_question(tags=["changed tags do not matter"]))
    changed = Question.model_validate(make_question(question="What does a KV cache hold?"))
    assert q.rubric_hash() == again.rubric_hash() != changed.rubric_hash()
    assert q.uid == "core/kv-cache-basics"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {
                "key_points": [
                    {
                        "id": "a-point",
                        "label": "A point",
                        "statement": "Only half the weight.",
                        "weight": 0.5,
                    }
                ]
            },
            "sum to",
        ),
        (
            {"follow_ups": [{"question": "What about the other thing?", "probes": "nope"}]},
            "unknown key point",
        ),
        ({"id": "Not A Slug"}, "pattern"),
        ({"difficulty": 4}, "less than or equal to 3"),
        ({"kind": "behavioural"}, "competency"),
        ({"model_answer": ""}, "model_answer or at least one reference"),
        ({"roles": ["engineer", "engineer"]}, "roles repeat"),
    ],
)
def test_schema_rejects_bad_questions(overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Question.model_validate(make_question(**overrides))


def test_loader_reports_every_problem_with_file_line_and_field(tmp_path: Path) -> None:
    bad = make_question()
    bad["key_points"][1]["weight"] = "heavy"
    second = make_question(id="second-q", difficulty=7)
    path = tmp_path / "bank.yaml"
    path.write_text(yaml.safe_dump({"bank": "mine", "questions": [bad, second]}, sort_keys=False))
    with pytest.raises(BankFormatError) as info:
        load_bank_file(path)
    text = str(info.value)
    lines = path.read_text().splitlines()
    weight_line = next(i for i, line in enumerate(lines, 1) if "heavy" in line)
    difficulty_line = next(i for i, line in enumerate(lines, 1) if "difficulty: 7" in line)
    assert (
        f"{path}:{weight_line}: questions[kv-cache-basics].key_points[saves-compute].weight" in text
    )
    assert f"{path}:{difficulty_line}: questions[second-q].difficulty" in text


def test_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("questions:\n  - id: a\n    question: [unclosed\n")
    with pytest.raises(BankFormatError, match=r"broken.yaml:\d+: not valid YAML"):
        load_bank_file(path)


def test_duplicate_ids_in_one_file_are_listed(tmp_path: Path) -> None:
    path = tmp_path / "dupes.yaml"
    path.write_text(yaml.safe_dump({"questions": [make_question(), make_question()]}))
    with pytest.raises(BankFormatError, match=r"questions\[kv-cache-basics\]\.id: duplicate id"):
        load_bank_file(path)
