"""The offers API and pages through the real app on a real database: add, compare, script,
edit, export and import; bad input answers 422 naming the field and saves nothing; in hosted
mode one user never sees another's offers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from webhelpers import BASE_URL, Api, make_client

from mockprep.config import Settings, load_settings

ACME: dict[str, Any] = {
    "company": "Acme",
    "role": "ML engineer",
    "currency": "USD",
    "base_salary": 180000,
    "bonus_percent": 10,
    "sign_on": 20000,
    "equity": {
        "kind": "rsu",
        "grant_value": 200000,
        "vesting": {"preset": "back-loaded"},
        "refresher_value": 40000,
    },
}
BETA_FORM = {
    "company": "Beta",
    "role": "ML engineer",
    "currency": "USD",
    "base_salary": "200,000",
    "equity_kind": "options",
    "equity_shares": "10000",
    "equity_strike": "5",
    "equity_current_value": "12",
    "equity_vesting": "monthly-cliff",
    "benefits": "Gym = 600",
}


def test_api_add_compare_script_edit_delete(any_db_api: Api) -> None:
    r = any_db_api.post("/api/v1/offers", json=ACME)
    assert r.status_code == 201, r.text
    acme = r.json()
    assert Decimal(acme["compensation"]["average"]["value"]) == 261500
    assert acme["compensation"]["years"][0]["parts"][0]["basis"] == "base_salary 180,000 USD"
    r = any_db_api.post("/api/v1/offers", json=ACME | {"company": "Beta", "base_salary": "150000"})
    beta_id = r.json()["id"]
    r = any_db_api.client.put(
        "/api/v1/offers/profile",
        json={"currency": "USD", "target_total": 300000, "walk_away_total": 250000},
        headers={"X-CSRF-Token": any_db_api.token},
    )
    assert r.status_code == 200, r.text

    comparison = any_db_api.get("/api/v1/offers/comparison").json()
    assert [o["name"] for o in comparison["offers"]] == ["Acme", "Beta"]
    assert Decimal(comparison["gaps"]["Acme"][0]["gap"]["value"]) == -38500

    script = any_db_api.get(
        f"/api/v1/offers/items/{acme['id']}/script", params={"tone": "warm"}
    ).json()
    assert script["tone"] == "warm"
    text = " ".join(line for s in script["call"] for line in s["lines"])
    for _, shown in script["figures"]:
        assert shown in text + script["email_body"] + " ".join(script["checklist"])
    assert "Would you be able to" in text
    assert Decimal(script["counter"]["ask_total"]["value"]) == 300000

    r = any_db_api.client.put(
        f"/api/v1/offers/items/{beta_id}",
        json=ACME | {"company": "Beta", "base_salary": 155000},
        headers={"X-CSRF-Token": any_db_api.token},
    )
    assert r.status_code == 200 and Decimal(r.json()["offer"]["base_salary"]) == 155000
    r = any_db_api.client.delete(
        f"/api/v1/offers/items/{beta_id}", headers={"X-CSRF-Token": any_db_api.token}
    )
    assert r.status_code == 204
    assert any_db_api.get(f"/api/v1/offers/items/{beta_id}").status_code == 404
    assert [
        o["company"] for o in (x["offer"] for x in any_db_api.get("/api/v1/offers").json())
    ] == ["Acme"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"base_salary": -1}, "base_salary"),
        ({"currency": "XYZ"}, "currency"),
        ({"equity": ACME["equity"] | {"vesting": {"percentages": [10, 20, 30]}}}, "equity.vesting"),
        ({"deadline": "2001-01-01"}, "deadline"),
    ],
)
def test_api_bad_input_is_422_naming_the_field(
    api: Api, change: dict[str, Any], field: str
) -> None:
    r = api.post("/api/v1/offers", json=ACME | change)
    assert r.status_code == 422
    error = r.json()["error"]
    assert field in error["message"]
    assert api.get("/api/v1/offers").json() == []


def test_pages_add_offers_compare_chart_script_and_edit(any_db_client: TestClient) -> None:
    web = Api(any_db_client)
    page = any_db_client.get("/offers")
    assert page.status_code == 200 and "No offers yet" in page.text
    form = {
        "company": "Acme",
        "role": "ML engineer",
        "level": "L5",
        "currency": "usd",
        "base_salary": "180k",
        "bonus_percent": "10",
        "sign_on": "20000",
        "equity_kind": "rsu",
        "equity_grant_value": "200000",
        "equity_vesting": "back-loaded",
        "equity_refresher_value": "40000",
    }
    r = web.form("/offers", form)
    assert r.status_code == 303 and r.headers["location"] == "/offers?done=added"
    assert web.form("/offers", BETA_FORM).status_code == 303
    page = any_db_client.get("/offers?done=added")
    assert "Offer saved." in page.text
    table = page.text[page.text.index('data-testid="comparison"') :]
    assert "261,500 USD" in table and "218,100 USD" in table  # Beta: 217,500 + gym 600
    assert 'data-testid="offers-chart"' in page.text
    assert page.text.count('class="offer-bar s0"') == 5  # four years + the legend swatch

    offer_id = re.search(r'href="/offers/(\d+)/script"', page.text).group(1)  # type: ignore[union-attr]
    script = any_db_client.get(f"/offers/{offer_id}/script?tone=firm")
    assert script.status_code == 200
    assert (
        "Call script (firm)" in script.text
        and "salary band for this level" in script.text  # Acme beats its only anchor
    )
    assert any_db_client.get(f"/offers/{offer_id}/script?tone=shouty").status_code == 422

    detail = any_db_client.get(f"/offers/{offer_id}")
    assert 'value="180000"' in detail.text and "5% of the grant vests in year 1" in detail.text
    r = web.form(f"/offers/{offer_id}", {**form, "base_salary": "190000"})
    assert r.status_code == 303
    assert "190,000 USD" in any_db_client.get(f"/offers/{offer_id}").text


def test_page_bad_input_shows_the_field_and_keeps_what_was_typed(client: TestClient) -> None:
    web = Api(client)
    r = web.form(
        "/offers", {**BETA_FORM, "base_salary": "-3", "currency": "ABC", "deadline": "2001-01-01"}
    )
    assert r.status_code == 422
    assert "base_salary: must not be negative" in r.text
    assert "currency: &#39;ABC&#39; is not an ISO 4217 currency code" in r.text
    assert 'value="Beta"' in r.text  # the form keeps what was typed
    r = web.form("/offers", {**BETA_FORM, "deadline": "2001-01-01"})
    assert r.status_code == 422 and "deadline: 2001-01-01 is in the past" in r.text
    assert "No offers yet" in client.get("/offers").text


def test_page_profile_market_rates_and_missing_rate(client: TestClient) -> None:
    web = Api(client)
    assert web.form("/offers", BETA_FORM).status_code == 303
    assert (
        web.form(
            "/offers", {**BETA_FORM, "company": "Eta", "currency": "EUR", "benefits": ""}
        ).status_code
        == 303
    )
    assert (
        web.form(
            "/offers/profile",
            {"currency": "USD", "target_total": "300000", "walk_away_total": "250000"},
        ).status_code
        == 303
    )
    page = client.get("/offers")
    assert "no exchange rate from EUR to USD" in page.text
    r = web.form(
        "/offers/rates",
        {"from_currency": "EUR", "to_currency": "USD", "rate": "1.10", "source": "bank"},
    )
    assert r.status_code == 303
    r = web.form(
        "/offers/market",
        {
            "role": "ML engineer",
            "percentile": "50",
            "value": "240000",
            "currency": "USD",
            "source": "Survey",
            "as_of": "2026-10-01",
        },
    )
    assert r.status_code == 303
    page = client.get("/offers")
    assert "1 EUR = 1.1 USD" in page.text and "Survey" in page.text
    # Eta: (200,000 + 10,000 × (12 − 5) / 4) EUR = 217,500 EUR × 1.10 = 239,250 USD
    assert "239,250 USD" in page.text
    r = web.form(
        "/offers/market",
        {
            "role": "x",
            "percentile": "50",
            "value": "1",
            "currency": "USD",
            "source": "",
            "as_of": "2026-10-01",
        },
    )
    assert r.status_code == 422 and "source:" in r.text
    assert web.form("/offers/market/1/delete", {}).status_code == 303
    assert "Survey" not in client.get("/offers").text


def test_page_export_and_import_round_trip(client: TestClient) -> None:
    web = Api(client)
    assert web.form("/offers", BETA_FORM).status_code == 303
    exported = client.get("/offers/export?format=yaml")
    assert exported.status_code == 200 and "attachment" in exported.headers["content-disposition"]
    md = client.get("/offers/export?format=md")
    assert md.text.startswith("# Offers and negotiation")
    r = client.post(
        "/offers/import",
        data={"csrf_token": web.token, "replace": "yes"},
        files={"file": ("offers.yaml", exported.content, "application/yaml")},
    )
    assert r.status_code == 200 and "Imported 1 offer(s)" in r.text
    assert (
        client.get("/offers/export?format=yaml").text.split("offers:")[1]
        == exported.text.split("offers:")[1]
    )
    r = client.post(
        "/offers/import",
        data={"csrf_token": web.token},
        files={
            "file": (
                "bad.yaml",
                b"offers:\n  - company: A\n    role: B\n    currency: USD\n    base_salary: -2\n",
                "application/yaml",
            )
        },
    )
    assert r.status_code == 422 and "base_salary" in r.text


@pytest.fixture
def hosted_app(
    database_url: str, sealed_home: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[FastAPI]:
    sealed_home.mkdir(parents=True, exist_ok=True)
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("MOCKPREP_AUTH", "accounts")
    monkeypatch.setenv("MOCKPREP_SECRET_KEY", "k3y-for-tests-only-0123456789abcdef")
    settings: Settings = load_settings()
    for client in make_client(settings):
        assert isinstance(client.app, FastAPI)
        yield client.app


def _signed_up(app: FastAPI, username: str) -> Api:
    web = Api(TestClient(app, base_url=BASE_URL))
    r = web.post(
        "/api/v1/auth/signup", json={"username": username, "password": "correct horse battery"}
    )
    assert r.status_code == 201, r.text
    return web


def test_hosted_users_see_only_their_own_offers(hosted_app: FastAPI) -> None:
    ada = _signed_up(hosted_app, "ada")
    eve = _signed_up(hosted_app, "eve")
    offer_id = ada.post("/api/v1/offers", json=ACME).json()["id"]
    assert ada.get(f"/api/v1/offers/items/{offer_id}").status_code == 200
    assert eve.get(f"/api/v1/offers/items/{offer_id}").status_code == 404
    assert eve.get(f"/api/v1/offers/items/{offer_id}/script").status_code == 404
    assert eve.get("/api/v1/offers").json() == []
    assert eve.get(f"/offers/{offer_id}").status_code == 404
    assert eve.form(f"/offers/{offer_id}/delete", {}).status_code == 404
    r = eve.client.put(
        f"/api/v1/offers/items/{offer_id}",
        json=ACME | {"company": "Evil"},
        headers={"X-CSRF-Token": eve.token},
    )
    assert r.status_code == 404
    assert "Acme" not in eve.get("/offers").text
    assert ada.get(f"/api/v1/offers/items/{offer_id}").json()["offer"]["company"] == "Acme"
    stranger = TestClient(hosted_app, base_url=BASE_URL)
    assert stranger.get("/api/v1/offers").status_code == 401
