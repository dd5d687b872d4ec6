"""Importing banks from CSV, Markdown and our schema: all or nothing, key points derived."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mockprep.bank.importers import read_bank
from mockprep.errors import BankFormatError

GUIDE = """# Generative AI interview guide

## Retrieval

Q1: What is retrieval-augmented generation?
Retrieval-augmented generation fetches relevant passages from a document store before the model
answers. The passages go into the prompt, so the answer is grounded in sources and can cite them.

It also lets you update knowledge without retraining the model.

2. Why do vector databases use approximate search?
Exact nearest-neighbour search over millions of vectors is too slow. Approximate indexes such as
HNSW trade a little recall for much lower latency.

## Models

### What does temperature control during sampling?
Temperature rescales the logits before sampling. Low values make output more deterministic;
high values make it more varied and more error-prone.

**Question 4: What is LoRA?**
LoRA freezes the base weights and trains small low-rank matrices added to some layers.
"""


def test_markdown_guide_becomes_categorised_questions_with_derived_points(tmp_path: Path) -> None:
    path = tmp_path / "genai-guide.md"
    path.write_text(GUIDE)
    bank = read_bank(path)
    assert bank.bank == "genai-guide"
    texts = [q.question for q in bank.questions]
    assert texts == [
        "What is retrieval-augmented generation?",
        "Why do vector databases use approximate search?",
        "What does temperature control during sampling?",
        "What is LoRA?",
    ]
    assert [q.category for q in bank.questions] == ["retrieval", "retrieval", "models", "models"]
    rag = bank.questions[0]
    assert "update knowledge without retraining" in rag.reference_answers[0]
    assert len(rag.key_points) >= 2 and all(kp.derived for kp in rag.key_points)
    assert abs(sum(kp.weight for kp in rag.key_points) - 1) < 0.01
    assert all(q.bank == "genai-guide" for q in bank.questions)


def test_csv_with_several_reference_answers_and_optional_columns(tmp_path: Path) -> None:
    path = tmp_path / "team.csv"
    path.write_text(
        "question,reference_answer,key_points,category\n"
        '"What is a KV cache?","It stores past keys and values so decoding skips recomputation.",,serving\n'
        '"What is a KV cache?","A cache of attention keys and values from earlier tokens.",,serving\n'
        '"Why quantise a model?","It cuts memory and speeds inference at a small accuracy cost.",'
        '"less memory; faster inference; small accuracy loss",serving\n'
    )
    bank = read_bank(path)
    kv, quant = bank.questions
    assert len(kv.reference_answers) == 2
    assert all(kp.derived for kp in kv.key_points)
    assert [kp.statement for kp in quant.key_points] == [
        "less memory",
        "faster inference",
        "small accuracy loss",
    ]
    assert not any(kp.derived for kp in quant.key_points)
    assert kv.category == "serving"


def test_csv_without_required_columns_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("prompt_text,notes\nhello,world\n")
    with pytest.raises(BankFormatError, match="lacks a question or reference-answer column"):
        read_bank(path)


def test_csv_import_is_all_or_nothing_with_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "partly-bad.csv"
    path.write_text(
        "question,reference_answer\n"
        "What is a token?,A token is a piece of text the model reads.\n"
        "What is an embedding?,\n"
    )
    with pytest.raises(BankFormatError) as info:
        read_bank(path)
    assert "partly-bad.csv:3" in str(info.value) and "nothing was imported" in str(info.value)


def test_our_json_schema_imports_under_the_file_name(tmp_path: Path) -> None:
    path = tmp_path / "extra.json"
    question = {
        "id": "my-question",
        "category": "custom",
        "kind": "concept",
        "difficulty": 1,
        "roles": ["product"],
        "question": "What is an AI product manager for?",
        "reference_answers": ["They decide what to build with AI and how to measure it."],
        "key_points": [
            {"id": "decide", "label": "Decides", "statement": "Decides what to build.", "weight": 1}
        ],
    }
    path.write_text(json.dumps({"questions": [question]}))
    bank = read_bank(path)
    assert bank.bank == "extra" and bank.questions[0].uid == "extra/my-question"


def test_markdown_without_questions_is_explained(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text("# Notes\n\nJust some notes, nothing that looks like a question.\n")
    with pytest.raises(BankFormatError, match="no questions found"):
        read_bank(path)


def test_unsupported_file_type_names_the_supported_ones(tmp_path: Path) -> None:
    path = tmp_path / "bank.docx"
    path.write_bytes(b"PK\x03\x04")
    with pytest.raises(BankFormatError, match=r"\.yaml.*\.csv"):
        read_bank(path)
