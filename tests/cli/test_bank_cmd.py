"""`mockprep bank …` end to end through the real CLI entry point and a real database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from mockprep.cli.app import main


class Cli:
    def __init__(self, capsys: pytest.CaptureFixture[str]) -> None:
        self.capsys = capsys

    def __call__(self, *args: str) -> tuple[int, str, str]:
        code = main(list(args))
        out = self.capsys.readouterr()
        return code, out.out, out.err


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(capsys)


def test_list_json_has_the_documented_fields_and_filters_work(cli: Cli) -> None:
    code, out, _ = cli("bank", "list", "--json")
    assert code == 0
    rows = json.loads(out)
    assert len(rows) >= 120
    assert {"id", "category", "kind", "difficulty", "question"} <= set(rows[0])
    code, out, _ = cli("bank", "list", "--json", "--category", "ethics", "--kind", "opinion")
    ethics = json.loads(out)
    assert ethics and all(r["category"] == "ethics" and r["kind"] == "opinion" for r in ethics)
    code, out, _ = cli("bank", "list", "--json", "--role", "non-technical", "--difficulty", "1")
    assert all("non-technical" in r["roles"] and r["difficulty"] == 1 for r in json.loads(out))


def test_unknown_category_is_a_clear_error(cli: Cli) -> None:
    code, _, err = cli("bank", "list", "--category", "astrology")
    assert code == 2 and "Error: no category 'astrology'" in err and "foundations" in err


def test_show_json_prints_the_whole_question_in_schema_field_names(cli: Cli) -> None:
    code, out, _ = cli("bank", "show", "rag-basics", "--json")
    assert code == 0
    q = json.loads(out)
    assert q["id"] == "rag-basics" and q["model_answer"]
    assert q["key_points"] and {"id", "label", "statement", "weight", "phrasings"} <= set(
        q["key_points"][0]
    )
    assert q["follow_ups"] and "probes" in q["follow_ups"][0]


def test_show_unknown_id_suggests_close_matches(cli: Cli) -> None:
    code, _, err = cli("bank", "show", "rag-basic")
    assert code == 2 and "no question 'rag-basic'" in err and "rag-basics" in err


def test_search_by_meaning_finds_hallucination_and_rag(cli: Cli) -> None:
    code, out, _ = cli("bank", "search", "how do I stop a model making things up", "--json")
    assert code == 0
    top = [h["id"] for h in json.loads(out)[:5]]
    assert "hallucination-causes-mitigations" in top[:3]
    assert any("rag" in qid for qid in top)


def test_validate_bundled_and_bad_files(cli: Cli, tmp_path: Path) -> None:
    code, out, _ = cli("bank", "validate")
    assert code == 0 and "bundled bank is valid" in out
    bad = tmp_path / "bad.yaml"
    bad.write_text("questions:\n  - id: x1\n    kind: concept\n    difficulty: nine\n")
    code, _, err = cli("bank", "validate", str(bad))
    assert code == 2 and "bad.yaml:4" in err and "difficulty" in err


def test_import_is_versioned_and_all_or_nothing(cli: Cli, tmp_path: Path) -> None:
    csv_file = tmp_path / "team-bank.csv"
    csv_file.write_text(
        "question,reference_answer,category\n"
        "What is a KV cache?,It stores attention keys and values of earlier tokens so decoding "
        "does not recompute them.,serving\n"
    )
    code, out, err = cli("bank", "import", str(csv_file))
    assert code == 0, err
    assert "bank team-bank version 1" in " ".join(out.split())
    code, out, _ = cli("bank", "list", "--json", "--bank", "team-bank")
    assert [r["id"] for r in json.loads(out)] == ["what-is-a-kv-cache"]
    code, out, _ = cli("bank", "import", str(csv_file))
    assert "already has this content" in out
    csv_file.write_text(csv_file.read_text() + "Why batch requests?,It raises GPU use.,serving\n")
    code, out, _ = cli("bank", "import", str(csv_file))
    assert "version 2" in out
    broken = tmp_path / "team-bank-broken.csv"
    broken.write_text("question,reference_answer\nWhat is a token?,\n")
    code, _, err = cli("bank", "import", str(broken), "--name", "team-bank")
    assert code == 2 and "nothing was imported" in err
    code, out, _ = cli("bank", "list", "--json", "--bank", "team-bank")
    assert len(json.loads(out)) == 2  # the failed import changed nothing
    code, out, _ = cli("bank", "show", "team-bank/what-is-a-kv-cache")
    assert code == 0 and "Reference answer" in out


def test_export_round_trips_through_import(cli: Cli, tmp_path: Path) -> None:
    out_file = tmp_path / "ethics-copy.yaml"
    code, _, err = cli("bank", "export", "--bank", "core", "--out", str(out_file))
    assert code == 0, err
    data = yaml.safe_load(out_file.read_text())
    assert data["bank"] == "core" and len(data["questions"]) >= 120
    data["questions"] = [q for q in data["questions"] if q["category"] == "ethics"]
    data["bank"] = "ethics-copy"
    out_file.write_text(yaml.safe_dump(data, sort_keys=False))
    code, out, err = cli("bank", "import", str(out_file))
    assert code == 0, err
    code, out, _ = cli("bank", "list", "--json", "--bank", "ethics-copy")
    assert len(json.loads(out)) == 10
    code, out, _ = cli("bank", "export", "--format", "csv", "--bank", "ethics-copy")
    assert out.splitlines()[0].startswith("id,bank,category,kind,difficulty,question")
    assert len(out.strip().splitlines()) >= 11
