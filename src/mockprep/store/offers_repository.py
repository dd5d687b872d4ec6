"""Negotiation offers and profiles, scoped to one user (issue 10).

Rows hold the validated models as JSON; the repository returns frozen records with that JSON
and never imports the negotiation package (domain code parses the data). Every query filters by
``user_id``: one user never sees, edits or deletes another's offers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from mockprep.errors import RecordNotFoundError
from mockprep.store.models import NegotiationOffer, NegotiationProfile, utcnow


@dataclass(frozen=True)
class OfferRecord:
    id: int
    user_id: int
    company: str
    role: str
    currency: str
    data: dict[str, Any]
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, row: NegotiationOffer) -> OfferRecord:
        return cls(
            id=row.id,
            user_id=row.user_id,
            company=row.company,
            role=row.role,
            currency=row.currency,
            data=dict(row.data or {}),
            created_at=row.created_at,
            updated_at=row.updated_at,
        )


def _columns(data: dict[str, Any]) -> dict[str, str]:
    return {
        "company": str(data.get("company", ""))[:120],
        "role": str(data.get("role", ""))[:120],
        "currency": str(data.get("currency", ""))[:3],
    }


class OfferRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _row(self, user_id: int, offer_id: int) -> NegotiationOffer:
        row = self.session.get(NegotiationOffer, offer_id)
        if row is None or row.user_id != user_id:
            raise RecordNotFoundError(
                f"no offer {offer_id}",
                fix="List your offers with `mockprep negotiate list` (or see /offers).",
            )
        return row

    def all(self, user_id: int) -> list[OfferRecord]:
        rows = self.session.scalars(
            select(NegotiationOffer)
            .where(NegotiationOffer.user_id == user_id)
            .order_by(NegotiationOffer.id)
        )
        return [OfferRecord.of(r) for r in rows]

    def get(self, user_id: int, offer_id: int) -> OfferRecord:
        return OfferRecord.of(self._row(user_id, offer_id))

    def add(self, user_id: int, data: dict[str, Any]) -> OfferRecord:
        now = utcnow()
        row = NegotiationOffer(
            user_id=user_id, data=dict(data), created_at=now, updated_at=now, **_columns(data)
        )
        self.session.add(row)
        self.session.flush()
        return OfferRecord.of(row)

    def restore(
        self, user_id: int, data: dict[str, Any], *, created_at: datetime, updated_at: datetime
    ) -> OfferRecord:
        """Insert an offer from a data export, keeping its times (see ``practice.transfer``)."""
        row = NegotiationOffer(
            user_id=user_id,
            data=dict(data),
            created_at=created_at,
            updated_at=updated_at,
            **_columns(data),
        )
        self.session.add(row)
        self.session.flush()
        return OfferRecord.of(row)

    def update(self, user_id: int, offer_id: int, data: dict[str, Any]) -> OfferRecord:
        row = self._row(user_id, offer_id)
        row.data = dict(data)
        for key, value in _columns(data).items():
            setattr(row, key, value)
        row.updated_at = utcnow()
        self.session.flush()
        return OfferRecord.of(row)

    def delete(self, user_id: int, offer_id: int) -> None:
        self.session.delete(self._row(user_id, offer_id))
        self.session.flush()

    def replace_all(self, user_id: int, offers: Sequence[dict[str, Any]]) -> list[OfferRecord]:
        """Delete the user's offers and add ``offers`` (one transaction: all or nothing)."""
        self.session.execute(delete(NegotiationOffer).where(NegotiationOffer.user_id == user_id))
        return [self.add(user_id, data) for data in offers]

    def profile(self, user_id: int) -> dict[str, Any]:
        """The user's profile JSON (empty when they have none yet)."""
        row = self.session.scalar(
            select(NegotiationProfile).where(NegotiationProfile.user_id == user_id)
        )
        return dict(row.data or {}) if row is not None else {}

    def save_profile(self, user_id: int, data: dict[str, Any]) -> None:
        row = self.session.scalar(
            select(NegotiationProfile).where(NegotiationProfile.user_id == user_id)
        )
        if row is None:
            self.session.add(
                NegotiationProfile(user_id=user_id, data=dict(data), updated_at=utcnow())
            )
        else:
            row.data = dict(data)
            row.updated_at = utcnow()
        self.session.flush()
