"""The offers file round trip (YAML and JSON), and the repository on SQLite and PostgreSQL:
offers and profiles belong to one user and nobody else can read, change or delete them."""

from __future__ import annotations

from datetime import date

import pytest
from negotiation_samples import ACME, BETA, PROFILE

from mockprep.errors import InputError, RecordNotFoundError
from mockprep.negotiation import portfolio
from mockprep.negotiation.offer import parse_offer, parse_profile
from mockprep.negotiation.offer_file import dump_offers, merge_offer, parse_offers_text
from mockprep.store.database import Database
from mockprep.store.offers_repository import OfferRepository
from mockprep.store.repositories import UserRepository

TODAY = date(2029, 12, 1)


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_offers_file_round_trip(fmt: str) -> None:
    offers = [
        parse_offer(ACME),
        parse_offer(BETA | {"benefits": [{"name": "Gym", "yearly_value": "600.50"}]}),
    ]
    profile = parse_profile(
        PROFILE | {"rates": [{"from_currency": "EUR", "to_currency": "USD", "rate": "1.0825"}]}
    )
    text = dump_offers(offers, profile, fmt=fmt)
    back = parse_offers_text(text, f"offers.{fmt}")
    assert back.offers == tuple(offers)
    assert back.profile == profile
    assert "float" not in text and "600.5" in text


def test_a_single_offer_file_and_a_bad_file() -> None:
    single = parse_offers_text(
        "company: Acme\nrole: ML engineer\ncurrency: USD\nbase_salary: 185k\n", "x.yaml"
    )
    assert single.profile is None and single.offers[0].company == "Acme"
    with pytest.raises(InputError) as caught:
        parse_offers_text(
            "offers:\n  - company: A\n    role: B\n    currency: USD\n    base_salary: -1\n",
            "bad.yaml",
        )
    assert "bad.yaml, offer 1" in str(caught.value) and "base_salary" in str(caught.value)
    with pytest.raises(InputError) as caught:
        parse_offers_text("offers: [\n", "broken.yaml")
    assert "not valid YAML or JSON at line" in str(caught.value)


def test_merge_offer_changes_only_the_given_fields() -> None:
    acme = parse_offer(ACME)
    changed = merge_offer(
        acme, {"base_salary": 190000, "equity": {"vesting": {"cliff_months": 12}}}
    )
    assert changed.base_salary == 190000 and changed.bonus_percent == 10
    assert changed.equity is not None and changed.equity.grant_value == 200000
    assert changed.equity.vesting.cliff_months == 12 and changed.equity.vesting.preset is None
    assert changed.equity.vesting.percentages == (5, 15, 40, 40)


def _two_users(db: Database) -> tuple[int, int]:
    with db.write() as s:
        users = UserRepository(s)
        return users.create("ada").id, users.create("eve").id


def test_repository_keeps_each_users_offers_private(db: Database) -> None:
    ada, eve = _two_users(db)
    with db.write() as s:
        repo = OfferRepository(s)
        saved = portfolio.add_offer(repo, ada, parse_offer(ACME), today=TODAY)
        portfolio.save_profile(repo, ada, parse_profile(PROFILE))
    with db.read() as s:
        repo = OfferRepository(s)
        assert [o.offer for o in portfolio.saved_offers(repo, ada)] == [parse_offer(ACME)]
        assert portfolio.saved_offers(repo, eve) == []
        assert portfolio.load_profile(repo, eve) == parse_profile({})
        assert portfolio.load_profile(repo, ada) == parse_profile(PROFILE)
        with pytest.raises(RecordNotFoundError):
            repo.get(eve, saved.id)
    with db.write() as s, pytest.raises(RecordNotFoundError):
        OfferRepository(s).update(eve, saved.id, {"company": "stolen"})
    with db.write() as s, pytest.raises(RecordNotFoundError):
        OfferRepository(s).delete(eve, saved.id)
    with db.read() as s:
        assert OfferRepository(s).get(ada, saved.id).company == "Acme"


def test_update_replace_and_delete(db: Database) -> None:
    ada, _ = _two_users(db)
    with db.write() as s:
        repo = OfferRepository(s)
        a = portfolio.add_offer(repo, ada, parse_offer(ACME), today=TODAY)
        b = portfolio.add_offer(repo, ada, parse_offer(ACME | {"role": "Staff"}), today=TODAY)
        # two offers from one company are told apart by id
        assert {x.name for x in portfolio.saved_offers(repo, ada)} == {
            f"Acme #{a.id}",
            f"Acme #{b.id}",
        }
        with pytest.raises(InputError):
            portfolio.find(portfolio.saved_offers(repo, ada), "acme")
        changed = portfolio.replace_offer(
            repo, ada, a.id, merge_offer(a.offer, {"base_salary": 1}), today=TODAY
        )
        assert changed.offer.base_salary == 1
        # a changed deadline in the past is refused; an unchanged old one is kept
        with pytest.raises(InputError):
            portfolio.replace_offer(
                repo, ada, a.id, merge_offer(a.offer, {"deadline": "2029-11-30"}), today=TODAY
            )
        later = date(2031, 1, 1)
        portfolio.replace_offer(
            repo, ada, a.id, merge_offer(changed.offer, {"base_salary": 2}), today=later
        )
        repo.delete(ada, b.id)
        assert [x.id for x in portfolio.saved_offers(repo, ada)] == [a.id]
        repo.replace_all(ada, [])
        assert portfolio.saved_offers(repo, ada) == []
