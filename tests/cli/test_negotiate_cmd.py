"""`mockprep negotiate` through the real CLI entry point on a real database (SQLite and
PostgreSQL): offers from flags and from files, comparison, script, export and import."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from mockprep.cli import app as cli_app
from mockprep.store.database import Database

ACME_FLAGS = [
    "negotiate",
    "new",
    "--company",
    "Acme",
    "--role",
    "ML engineer",
    "--level",
    "L5",
    "--currency",
    "USD",
    "--base",
    "180,000",
    "--bonus-percent",
    "10",
    "--sign-on",
    "20k",
    "--clawback-months",
    "12",
    "--equity",
    "rsu",
    "--grant-value",
    "200000",
    "--vesting",
    "back-loaded",
    "--refresher",
    "40000",
    "--deadline",
    "2099-01-10",
]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli_app.main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_new_from_flags_and_file_then_compare_and_script(
    db: Database, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = run(capsys, *ACME_FLAGS)
    assert code == 0, err
    assert "Saved offer 1 (Acme)" in out
    beta = tmp_path / "beta.yaml"
    beta.write_text(
        "company: Beta\nrole: ML engineer\ncurrency: USD\nbase_salary: 200000\n"
        "equity: {kind: options, shares: 10000, strike: 5, current_value: 12, "
        "vesting: {preset: monthly-cliff}}\n",
        encoding="utf-8",
    )
    assert run(capsys, "negotiate", "new", "--file", str(beta))[0] == 0
    assert (
        run(
            capsys,
            "negotiate",
            "profile",
            "--currency",
            "USD",
            "--target",
            "300000",
            "--walk-away",
            "250000",
        )[0]
        == 0
    )
    code, out, err = run(
        capsys,
        "negotiate",
        "market",
        "add",
        "--role",
        "ML engineer",
        "--percentile",
        "75",
        "--value",
        "290000",
        "--currency",
        "USD",
        "--source",
        "Bay Area AI pay survey",
        "--date",
        "2026-09-01",
    )
    assert code == 0, err

    code, out, _ = run(capsys, "negotiate", "compare", "--json")
    assert code == 0
    data = json.loads(out)
    # golden values from tests/negotiation/test_compensation.py
    assert [Decimal(o["average"]["value"]) for o in data["offers"]] == [261500, 217500]
    totals = [Decimal(y["total"]["value"]) for y in data["offers"][0]["years"]]
    assert totals == [228000, 230000, 286000, 302000]
    assert Decimal(data["offers"][0]["gaps"]["target"]["gap"]) == -38500
    code, out, _ = run(capsys, "negotiate", "compare")
    assert "Acme" in out and "Beta" in out and "261,500" in out

    code, out, _ = run(capsys, "negotiate", "script", "Acme", "--tone", "firm")
    assert code == 0
    for figure in (
        "205,000 USD",
        "65,000 USD",
        "3,000 USD",
        "301,000 USD",
        "290,000 USD",
        "2099-01-10",
    ):
        assert figure in out
    assert "To accept, I need you to" in out
    code, out, _ = run(capsys, "negotiate", "script", "2", "--part", "email")
    assert out.startswith("Subject: ML engineer offer at Beta: compensation")
    code, out, _ = run(capsys, "negotiate", "counter", "Beta")
    assert "below your walk-away" in out
    code, out, _ = run(capsys, "negotiate", "show", "1")
    assert "grant_value 200,000 USD" in out

    assert (
        run(capsys, "negotiate", "edit", "Acme", "--base", "190000", "--cliff-months", "12")[0] == 0
    )
    code, out, _ = run(capsys, "negotiate", "show", "1", "--json")
    shown = json.loads(out)
    assert Decimal(shown["years"][0]["parts"][0]["value"]) == 190000
    changes = tmp_path / "changes.yaml"
    changes.write_text("sign_on: 30000\nlocation: Remote\n", encoding="utf-8")
    assert run(capsys, "negotiate", "edit", "1", "--file", str(changes))[0] == 0
    code, out, _ = run(capsys, "negotiate", "show", "1")
    assert "sign_on 30,000 USD" in out and "Remote" in out
    # a 12-month cliff on yearly 5/15/40/40 changes nothing in year 1: 5% vests at month 12
    assert Decimal(shown["years"][0]["parts"][3]["value"]) == 10000


def test_export_import_round_trip_and_markdown(
    db: Database, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert run(capsys, *ACME_FLAGS)[0] == 0
    assert run(capsys, "negotiate", "rate", "EUR", "USD", "1.08", "--source", "my bank")[0] == 0
    assert (
        run(
            capsys,
            "negotiate",
            "new",
            "--company",
            "Eta",
            "--role",
            "ML engineer",
            "--currency",
            "eur",
            "--base",
            "150000",
            "--benefit",
            "Health=5000",
        )[0]
        == 0
    )
    assert run(capsys, "negotiate", "profile", "--currency", "USD")[0] == 0
    first = tmp_path / "offers.yaml"
    assert run(capsys, "negotiate", "export", "--out", str(first))[0] == 0
    saved = yaml.safe_load(first.read_text(encoding="utf-8"))
    assert [o["company"] for o in saved["offers"]] == ["Acme", "Eta"]

    for ref in ("Acme", "Eta"):
        assert run(capsys, "negotiate", "delete", ref)[0] == 0
    code, out, _ = run(capsys, "negotiate", "list", "--json")
    assert json.loads(out) == []
    code, out, err = run(capsys, "negotiate", "import", str(first), "--replace")
    assert code == 0, err
    assert "2 offer(s)" in out
    second = tmp_path / "again.json"
    assert run(capsys, "negotiate", "export", "--out", str(second))[0] == 0
    again = json.loads(second.read_text(encoding="utf-8"))
    assert again["offers"] == saved["offers"] and again["profile"] == saved["profile"]

    report = tmp_path / "report.md"
    assert run(capsys, "negotiate", "export", "--out", str(report), "--tone", "warm")[0] == 0
    md = report.read_text(encoding="utf-8")
    assert md.startswith("# Offers and negotiation")
    assert (
        "| Acme |" in md and "162,000 USD" in md
    )  # Eta: 150,000 EUR + 5,000 × 1.08 = 167,400; base alone 162,000
    assert "Script (warm)" in md and "1 EUR = 1.08 USD (my bank)" in md


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["--base", "-5"], "base_salary"),
        (["--currency", "XYZ"], "currency"),
        (
            ["--equity", "rsu", "--grant-value", "1000", "--vesting", "10,20,30"],
            "equity.vesting.percentages",
        ),
        (["--deadline", "2000-01-01"], "deadline"),
        (["--base", "lots"], "base_salary"),
    ],
)
def test_bad_input_exits_2_naming_the_field(
    args: list[str], field: str, sealed_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = [
        "negotiate",
        "new",
        "--company",
        "A",
        "--role",
        "B",
        "--currency",
        "USD",
        "--base",
        "100000",
    ]
    code, out, err = run(capsys, *base, *args)
    assert code == 2
    assert f"{field}:" in err
    code, out, _ = run(capsys, "negotiate", "list", "--json")
    assert json.loads(out) == []  # nothing was saved


def test_offers_in_two_currencies_without_a_rate_say_how_to_fix(
    sealed_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, *ACME_FLAGS)[0] == 0
    assert (
        run(
            capsys,
            "negotiate",
            "new",
            "--company",
            "Eta",
            "--role",
            "R",
            "--currency",
            "EUR",
            "--base",
            "1",
        )[0]
        == 0
    )
    assert run(capsys, "negotiate", "profile", "--currency", "USD")[0] == 0
    code, _, err = run(capsys, "negotiate", "compare")
    assert code == 2
    assert "no exchange rate from EUR to USD" in err and "mockprep negotiate rate EUR USD" in err
