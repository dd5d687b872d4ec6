"""A user's saved offers and profile, as the CLI, the pages and the API use them.

The functions take an ``OfferRepository`` (store/ does the database work) and return domain
objects; the adapters stay thin. An offer is referred to by its id or its company name.
"""

from __future__ import annotations

from collections import Counter as Tally
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from mockprep.errors import InputError
from mockprep.negotiation.compensation import Comparison, compare
from mockprep.negotiation.counter import Counter, recommend
from mockprep.negotiation.offer import Offer, Profile, check_deadline, parse_offer, parse_profile
from mockprep.negotiation.offer_file import OffersFile, offer_data, profile_data
from mockprep.store.offers_repository import OfferRepository


@dataclass(frozen=True)
class SavedOffer:
    id: int
    name: str
    """The company, or ``company #id`` when two offers share a company."""
    offer: Offer


def saved_offers(repo: OfferRepository, user_id: int) -> list[SavedOffer]:
    records = repo.all(user_id)
    offers = [(r.id, parse_offer(r.data)) for r in records]
    counts = Tally(o.company.casefold() for _, o in offers)
    return [
        SavedOffer(i, o.company if counts[o.company.casefold()] == 1 else f"{o.company} #{i}", o)
        for i, o in offers
    ]


def find(offers: Sequence[SavedOffer], ref: str) -> SavedOffer:
    """The offer with id ``ref``, or whose company (or name) is ``ref`` (case ignored)."""
    text = ref.strip()
    for s in offers:
        if text == str(s.id) or text.casefold() in (s.name.casefold(), s.offer.company.casefold()):
            matches = [x for x in offers if text.casefold() == x.offer.company.casefold()]
            if len(matches) > 1 and text != str(s.id):
                raise InputError(
                    f"{len(matches)} offers are from {ref!r}",
                    fix="Name the offer by its id (see `mockprep negotiate list`).",
                )
            return s
    known = ", ".join(f"{s.id} ({s.name})" for s in offers) or "none yet"
    raise InputError(f"no offer {ref!r}", fix=f"Give an offer id or company. Your offers: {known}.")


def add_offer(repo: OfferRepository, user_id: int, offer: Offer, *, today: date) -> SavedOffer:
    check_deadline(offer, today)
    record = repo.add(user_id, offer_data(offer))
    return next(s for s in saved_offers(repo, user_id) if s.id == record.id)


def replace_offer(
    repo: OfferRepository,
    user_id: int,
    offer_id: int,
    offer: Offer,
    *,
    today: date,
) -> SavedOffer:
    """Save ``offer`` over offer ``offer_id``; a changed deadline must not be in the past."""
    before = parse_offer(repo.get(user_id, offer_id).data)
    if offer.deadline != before.deadline:
        check_deadline(offer, today)
    repo.update(user_id, offer_id, offer_data(offer))
    return next(s for s in saved_offers(repo, user_id) if s.id == offer_id)


def load_profile(repo: OfferRepository, user_id: int) -> Profile:
    return parse_profile(repo.profile(user_id))


def save_profile(repo: OfferRepository, user_id: int, profile: Profile) -> None:
    repo.save_profile(user_id, profile_data(profile))


def update_profile(repo: OfferRepository, user_id: int, changes: dict[str, Any]) -> Profile:
    """The profile with top-level fields replaced, validated, and saved."""
    data = {**load_profile(repo, user_id).model_dump(exclude_defaults=True), **changes}
    profile = parse_profile({k: v for k, v in data.items() if v is not None})
    save_profile(repo, user_id, profile)
    return profile


def comparison(offers: Sequence[SavedOffer], profile: Profile) -> Comparison:
    return compare([(s.name, s.offer) for s in offers], profile)


def counter_for(saved: SavedOffer, offers: Sequence[SavedOffer], profile: Profile) -> Counter:
    others = [(s.name, s.offer) for s in offers if s.id != saved.id]
    return recommend(saved.name, saved.offer, profile, others)


def import_file(
    repo: OfferRepository, user_id: int, content: OffersFile, *, replace: bool
) -> tuple[int, bool]:
    """Add (or, with ``replace``, swap in) the file's offers and profile: (offers, profile?)."""
    data = [offer_data(o) for o in content.offers]
    if replace:
        repo.replace_all(user_id, data)
    else:
        for item in data:
            repo.add(user_id, item)
    if content.profile is not None and (replace or not repo.profile(user_id)):
        save_profile(repo, user_id, content.profile)
        return len(data), True
    return len(data), False
