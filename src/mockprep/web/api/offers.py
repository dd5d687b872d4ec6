"""``/api/v1/offers``: your job offers, their comparison, counter-offers and scripts.

One offer lives at ``/offers/items/{id}`` (not ``/offers/{id}``), so that no offer id ever
shares a path segment with ``/offers/comparison``, ``/profile``, ``/export`` or ``/import``.
Bodies are the ``Offer`` and ``Profile`` models of ``mockprep.negotiation.offer`` (money as
numbers or decimal strings; answers give money as decimal strings, never floats). Everything
is scoped to the signed-in user.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Annotated, Literal

from fastapi import APIRouter, File, Path, Query, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, Field

from mockprep.errors import InputError
from mockprep.negotiation import portfolio
from mockprep.negotiation.compensation import Comparison, Figure, OfferComp, compute
from mockprep.negotiation.counter import Counter
from mockprep.negotiation.markdown import report
from mockprep.negotiation.offer import Offer, Profile
from mockprep.negotiation.offer_file import dump_offers, parse_offers_text
from mockprep.negotiation.script import Script, Tone, build_script
from mockprep.store.offers_repository import OfferRepository
from mockprep.web.api.schemas import MAX_ID
from mockprep.web.deps import CurrentUserDep, DbDep
from mockprep.web.uploads import read_upload, safe_name

router = APIRouter(prefix="/offers", tags=["offers"])
OfferId = Annotated[int, Path(ge=1, le=MAX_ID)]
MAX_OFFERS_FILE_BYTES = 2_000_000


class FigureOut(BaseModel):
    label: str
    value: Decimal = Field(description="Exact, in the currency below (rounded only on screen).")
    currency: str
    basis: str = Field(description="The inputs and arithmetic behind the figure.")

    @classmethod
    def of(cls, f: Figure) -> FigureOut:
        return cls(label=f.label, value=f.value, currency=f.currency, basis=f.basis)


class YearOut(BaseModel):
    year: int
    parts: list[FigureOut]
    total: FigureOut


class CompensationOut(BaseModel):
    name: str
    currency: str
    years: list[YearOut]
    four_year_total: FigureOut
    average: FigureOut
    notes: list[str]

    @classmethod
    def of(cls, c: OfferComp) -> CompensationOut:
        return cls(
            name=c.name,
            currency=c.currency,
            years=[
                YearOut(
                    year=y.year,
                    parts=[FigureOut.of(p) for p in y.parts],
                    total=FigureOut.of(y.total),
                )
                for y in c.years
            ],
            four_year_total=FigureOut.of(c.four_year_total),
            average=FigureOut.of(c.average),
            notes=list(c.notes),
        )


class SavedOfferOut(BaseModel):
    id: int
    name: str
    offer: Offer
    compensation: CompensationOut

    @classmethod
    def of(cls, s: portfolio.SavedOffer) -> SavedOfferOut:
        return cls(
            id=s.id,
            name=s.name,
            offer=s.offer,
            compensation=CompensationOut.of(compute(s.offer, s.name)),
        )


class GapOut(BaseModel):
    label: str
    reference: Decimal
    gap: FigureOut


class ComparisonOut(BaseModel):
    currency: str
    best: str | None
    offers: list[CompensationOut]
    gaps: dict[str, list[GapOut]]
    notes: list[str]

    @classmethod
    def of(cls, c: Comparison) -> ComparisonOut:
        return cls(
            currency=c.currency,
            best=c.best,
            offers=[CompensationOut.of(o) for o in c.offers],
            gaps={
                name: [
                    GapOut(label=g.label, reference=g.reference, gap=FigureOut.of(g.gap))
                    for g in gaps
                ]
                for name, gaps in c.gaps.items()
            },
            notes=list(c.notes),
        )


class SectionOut(BaseModel):
    title: str
    lines: list[str]


class CounterOut(BaseModel):
    ask_total: FigureOut | None
    ask_base: FigureOut | None
    ask_equity: FigureOut | None
    ask_sign_on: FigureOut | None
    proposed_average: FigureOut | None
    reasoning: list[str]
    trades: list[str]

    @classmethod
    def of(cls, c: Counter) -> CounterOut:
        def fig(f: Figure | None) -> FigureOut | None:
            return FigureOut.of(f) if f is not None else None

        return cls(
            ask_total=fig(c.ask_total),
            ask_base=fig(c.ask_base),
            ask_equity=fig(c.ask_equity),
            ask_sign_on=fig(c.ask_sign_on),
            proposed_average=fig(c.proposed.average if c.proposed else None),
            reasoning=list(c.reasoning),
            trades=list(c.trades),
        )


class ScriptOut(BaseModel):
    offer_id: int
    tone: str
    counter: CounterOut
    call: list[SectionOut]
    email_subject: str
    email_body: str
    checklist: list[str]
    figures: list[tuple[str, str]] = Field(
        description="Every number the script relies on: (what it is, as written)."
    )

    @classmethod
    def of(cls, offer_id: int, c: Counter, s: Script) -> ScriptOut:
        return cls(
            offer_id=offer_id,
            tone=s.tone,
            counter=CounterOut.of(c),
            call=[SectionOut(title=x.title, lines=list(x.lines)) for x in s.call],
            email_subject=s.email_subject,
            email_body=s.email_body,
            checklist=list(s.checklist),
            figures=list(s.figures),
        )


class ImportedOut(BaseModel):
    offers: int
    profile_saved: bool
    message: str


def _today() -> datetime:
    return datetime.now(UTC)


@router.get("", summary="Your offers, each with its compensation year by year")
def list_offers(db: DbDep, user: CurrentUserDep) -> list[SavedOfferOut]:
    with db.read() as s:
        offers = portfolio.saved_offers(OfferRepository(s), user.id)
    return [SavedOfferOut.of(o) for o in offers]


@router.post("", status_code=201, summary="Add an offer")
def add_offer(db: DbDep, user: CurrentUserDep, offer: Offer) -> SavedOfferOut:
    with db.write() as s:
        saved = portfolio.add_offer(OfferRepository(s), user.id, offer, today=_today().date())
    return SavedOfferOut.of(saved)


@router.get("/comparison", summary="All offers in one currency, with gaps to your numbers")
def get_comparison(db: DbDep, user: CurrentUserDep) -> ComparisonOut:
    with db.read() as s:
        repo = OfferRepository(s)
        offers = portfolio.saved_offers(repo, user.id)
        profile = portfolio.load_profile(repo, user.id)
    return ComparisonOut.of(portfolio.comparison(offers, profile))


@router.get("/profile", summary="Your target, walk-away, market data, rates and leverage")
def get_profile(db: DbDep, user: CurrentUserDep) -> Profile:
    with db.read() as s:
        return portfolio.load_profile(OfferRepository(s), user.id)


@router.put("/profile", summary="Replace your negotiation profile")
def put_profile(db: DbDep, user: CurrentUserDep, profile: Profile) -> Profile:
    with db.write() as s:
        portfolio.save_profile(OfferRepository(s), user.id, profile)
    return profile


@router.get(
    "/export",
    summary="Your offers file (YAML or JSON, read back by import) or a Markdown report",
    response_class=Response,
    responses={
        200: {
            "content": {
                "application/yaml": {"schema": {"type": "object"}},
                "application/json": {"schema": {"type": "object"}},
                "text/markdown": {"schema": {"type": "string"}},
            }
        }
    },
)
def export_offers(
    db: DbDep,
    user: CurrentUserDep,
    format: Annotated[Literal["yaml", "json", "md"], Query()] = "yaml",
    tone: Annotated[Tone, Query()] = "neutral",
) -> Response:
    return export_response(db, user.id, format, tone)


def export_response(db: DbDep, user_id: int, fmt: str, tone: Tone) -> Response:
    with db.read() as s:
        repo = OfferRepository(s)
        offers = portfolio.saved_offers(repo, user_id)
        profile = portfolio.load_profile(repo, user_id)
    if fmt == "md":
        counters = []
        for o in offers:
            c = portfolio.counter_for(o, offers, profile)
            counters.append((c, build_script(c, tone)))
        text = report(profile, portfolio.comparison(offers, profile), counters)
        media = "text/markdown"
    else:
        text = dump_offers([o.offer for o in offers], profile, fmt=fmt)
        media = "application/json" if fmt == "json" else "application/yaml"
    name = f"mockprep-offers-{_today():%Y%m%d}.{fmt}"
    return Response(
        text, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


def import_upload(
    db: DbDep, user_id: int, filename: str | None, data: bytes, *, replace: bool
) -> ImportedOut:
    source = safe_name(filename)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{source} is not a UTF-8 text file",
            fix="Upload the YAML or JSON file an export wrote.",
        ) from exc
    content = parse_offers_text(text, source)
    with db.write() as s:
        count, saved = portfolio.import_file(OfferRepository(s), user_id, content, replace=replace)
    kept = content.profile is not None and not saved
    return ImportedOut(
        offers=count,
        profile_saved=saved,
        message=f"Imported {count} offer(s) from {source}"
        + ("; your profile was replaced." if saved else "")
        + ("; your existing profile was kept." if kept else "."),
    )


@router.post("/import", status_code=201, summary="Add (or replace) offers from an offers file")
def upload_offers(
    db: DbDep,
    user: CurrentUserDep,
    file: Annotated[UploadFile, File(description="A YAML or JSON offers file.")],
    replace: Annotated[bool, Query(description="Replace your offers and profile.")] = False,
) -> ImportedOut:
    data = read_upload(file, limit=MAX_OFFERS_FILE_BYTES, what="offers file")
    return import_upload(db, user.id, file.filename, data, replace=replace)


@router.get("/items/{offer_id:int}", summary="One offer with its compensation year by year")
def get_offer(db: DbDep, user: CurrentUserDep, offer_id: OfferId) -> SavedOfferOut:
    with db.read() as s:
        repo = OfferRepository(s)
        repo.get(user.id, offer_id)
        offers = portfolio.saved_offers(repo, user.id)
    return SavedOfferOut.of(next(o for o in offers if o.id == offer_id))


@router.put("/items/{offer_id:int}", summary="Replace an offer")
def put_offer(db: DbDep, user: CurrentUserDep, offer_id: OfferId, offer: Offer) -> SavedOfferOut:
    with db.write() as s:
        saved = portfolio.replace_offer(
            OfferRepository(s), user.id, offer_id, offer, today=_today().date()
        )
    return SavedOfferOut.of(saved)


@router.delete("/items/{offer_id:int}", status_code=204, summary="Delete an offer")
def delete_offer(db: DbDep, user: CurrentUserDep, offer_id: OfferId) -> Response:
    with db.write() as s:
        OfferRepository(s).delete(user.id, offer_id)
    return Response(status_code=204)


@router.get(
    "/items/{offer_id:int}/script", summary="Counter-offer, call script, email and checklist"
)
def get_script(
    db: DbDep,
    user: CurrentUserDep,
    offer_id: OfferId,
    tone: Annotated[Tone, Query()] = "neutral",
) -> ScriptOut:
    with db.read() as s:
        repo = OfferRepository(s)
        repo.get(user.id, offer_id)
        offers = portfolio.saved_offers(repo, user.id)
        profile = portfolio.load_profile(repo, user.id)
    saved = next(o for o in offers if o.id == offer_id)
    c = portfolio.counter_for(saved, offers, profile)
    return ScriptOut.of(offer_id, c, build_script(c, tone))
