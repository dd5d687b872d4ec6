"""Page /offers: the comparison table and a chart of compensation by year per offer, forms to
add and edit offers, your numbers, market data and exchange rates, and the script view with a
tone choice. Every form is a plain POST (CSRF token included), then a redirect."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, Form, Path, Query, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from markupsafe import Markup

from mockprep.errors import InputError
from mockprep.negotiation import portfolio
from mockprep.negotiation.chart import compensation_svg
from mockprep.negotiation.compensation import Comparison, compute
from mockprep.negotiation.counter import Counter
from mockprep.negotiation.currency import COMMON, money, plain
from mockprep.negotiation.offer import (
    ExchangeRate,
    MarketPoint,
    Offer,
    Profile,
    parse_amount,
    parse_model,
    parse_offer,
)
from mockprep.negotiation.offer_file import offer_data
from mockprep.negotiation.script import TONES, build_script, check_tone
from mockprep.negotiation.vesting import PRESETS
from mockprep.store.offers_repository import OfferRepository
from mockprep.web.api.offers import (
    MAX_OFFERS_FILE_BYTES,
    export_response,
    import_upload,
)
from mockprep.web.api.schemas import MAX_ID
from mockprep.web.deps import CurrentUserDep, DbDep
from mockprep.web.templating import templates
from mockprep.web.uploads import read_upload

router = APIRouter(prefix="/offers")
OfferId = Annotated[int, Path(ge=1, le=MAX_ID)]
DONE = {
    "added": "Offer saved.",
    "saved": "Offer updated.",
    "deleted": "Offer deleted.",
    "profile": "Your numbers are saved.",
    "market": "Market data saved.",
    "rate": "Exchange rates saved.",
}
MONEY_FIELDS = (
    "base_salary",
    "bonus_amount",
    "sign_on",
    "sign_on_year2",
    "retirement_match_cap",
)
PERCENT_FIELDS = ("bonus_percent", "retirement_match_percent")
TEXT_FIELDS = ("company", "role", "level", "location", "currency", "notes")
EQUITY_MONEY = ("grant_value", "shares", "share_price", "strike", "current_value")
MAX_FIELD = 2000


async def read_form(request: Request) -> dict[str, str]:
    """The posted form's text fields (files are read by the routes that take them)."""
    form = await request.form()
    return {k: v[:MAX_FIELD] for k, v in form.items() if isinstance(v, str) and k != "csrf_token"}


FormDep = Annotated[dict[str, str], Depends(read_form)]


def see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _today() -> datetime:
    return datetime.now(UTC)


# -- form <-> offer ------------------------------------------------------------------------
def _get(form: dict[str, str], key: str) -> str:
    return form.get(key, "").replace("\x00", "").strip()


def form_to_offer(form: dict[str, str]) -> Offer:
    """An offer from the form's fields (blank means not given); errors name the field."""
    data: dict[str, Any] = {}
    for key in TEXT_FIELDS:
        if _get(form, key):
            data[key] = _get(form, key)
    for key in (*MONEY_FIELDS, *PERCENT_FIELDS):
        if _get(form, key):
            data[key] = parse_amount(_get(form, key), key)
    if _get(form, "sign_on_clawback_months"):
        data["sign_on_clawback_months"] = _get(form, "sign_on_clawback_months")
    for key in ("start_date", "deadline"):
        if _get(form, key):
            data[key] = _get(form, key)
    benefits = []
    for number, line in enumerate(_get(form, "benefits").splitlines(), start=1):
        if not line.strip():
            continue
        name, sep, value = line.rpartition("=")
        if not sep or not name.strip():
            raise InputError(
                f"benefits: line {number} ({line.strip()!r}) is not NAME = VALUE",
                fix="Write one benefit a line, e.g. Health insurance = 6000.",
            )
        benefits.append({"name": name.strip(), "yearly_value": parse_amount(value, "benefits")})
    if benefits:
        data["benefits"] = benefits
    kind = _get(form, "equity_kind") or "none"
    if kind != "none":
        equity: dict[str, Any] = {"kind": kind}
        for key in EQUITY_MONEY:
            if _get(form, f"equity_{key}"):
                equity[key] = parse_amount(_get(form, f"equity_{key}"), f"equity.{key}")
        if _get(form, "equity_refresher_value"):
            equity["refresher_value"] = parse_amount(
                _get(form, "equity_refresher_value"), "equity.refresher_value"
            )
        preset = _get(form, "equity_vesting") or "even"
        if preset == "custom":
            parts = _get(form, "equity_percentages").replace("/", ",").split(",")
            vesting: dict[str, Any] = {
                "percentages": [
                    parse_amount(p, "equity.vesting.percentages") for p in parts if p.strip()
                ],
                "period": _get(form, "equity_period") or "yearly",
                "cliff_months": _get(form, "equity_cliff_months") or 0,
            }
        else:
            vesting = {"preset": preset}
        equity["vesting"] = vesting
        data["equity"] = equity
    return parse_offer(data)


def offer_to_form(offer: Offer) -> dict[str, str]:
    """The edit form's values for ``offer``."""
    data = offer_data(offer)
    form: dict[str, str] = {}
    for key in (*TEXT_FIELDS, *MONEY_FIELDS, *PERCENT_FIELDS, "sign_on_clawback_months"):
        if data.get(key) is not None:
            form[key] = str(data[key])
    for key in ("start_date", "deadline"):
        if data.get(key):
            form[key] = str(data[key])
    form["benefits"] = "\n".join(f"{b.name} = {plain(b.yearly_value)}" for b in offer.benefits)
    e = offer.equity
    form["equity_kind"] = e.kind if e is not None else "none"
    if e is not None:
        for key in (*EQUITY_MONEY, "refresher_value"):
            value = getattr(e, key)
            if value is not None and (key != "refresher_value" or value):
                form[f"equity_{key}"] = plain(value)
        if e.vesting.preset:
            form["equity_vesting"] = e.vesting.preset
        else:
            form["equity_vesting"] = "custom"
            form["equity_percentages"] = ",".join(plain(p) for p in e.vesting.percentages)
            form["equity_period"] = e.vesting.period
            form["equity_cliff_months"] = str(e.vesting.cliff_months)
    return form


# -- rendering ------------------------------------------------------------------------------
def _load(db: DbDep, user_id: int) -> tuple[list[portfolio.SavedOffer], Profile]:
    with db.read() as s:
        repo = OfferRepository(s)
        return portfolio.saved_offers(repo, user_id), portfolio.load_profile(repo, user_id)


def _common() -> dict[str, Any]:
    return {
        "presets": PRESETS,
        "tones": TONES,
        "currencies": COMMON,
        "money": money,
        "plain": plain,
    }


def _index(
    request: Request,
    db: DbDep,
    user_id: int,
    *,
    message: str | None = None,
    error: InputError | None = None,
    form: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    offers, profile = _load(db, user_id)
    comparison: Comparison | None = None
    comparison_error: InputError | None = None
    try:
        comparison = portfolio.comparison(offers, profile)
    except InputError as exc:
        comparison_error = exc
    own = {o.id: compute(o.offer, o.name) for o in offers}
    return templates.TemplateResponse(
        request,
        "offers/index.html",
        {
            **_common(),
            "offers": offers,
            "own": own,
            "profile": profile,
            "comparison": comparison,
            "comparison_error": comparison_error,
            "chart": Markup(compensation_svg(comparison)) if comparison else None,
            "message": message,
            "error": error,
            "problems": getattr(error, "problems", None) or [],
            "form": form or {},
        },
        status_code=status_code,
    )


@router.get("", name="offers")
def offers_page(
    request: Request,
    db: DbDep,
    user: CurrentUserDep,
    done: Annotated[str, Query(max_length=20)] = "",
) -> Response:
    return _index(request, db, user.id, message=DONE.get(done))


@router.post("", name="offers_add")
def offers_add(request: Request, db: DbDep, user: CurrentUserDep, form: FormDep) -> Response:
    try:
        offer = form_to_offer(form)
        with db.write() as s:
            portfolio.add_offer(OfferRepository(s), user.id, offer, today=_today().date())
    except InputError as exc:
        return _index(request, db, user.id, error=exc, form=form, status_code=exc.http_status)
    return see_other("/offers?done=added")


def _profile_changes(form: dict[str, str]) -> dict[str, Any]:
    changes: dict[str, Any] = {"currency": _get(form, "currency") or None}
    for key in ("target_total", "walk_away_total"):
        changes[key] = parse_amount(_get(form, key), key) if _get(form, key) else None
    changes["leverage"] = [
        line.strip() for line in _get(form, "leverage").splitlines() if line.strip()
    ]
    return changes


@router.post("/profile", name="offers_profile")
def offers_profile(request: Request, db: DbDep, user: CurrentUserDep, form: FormDep) -> Response:
    try:
        changes = _profile_changes(form)
        with db.write() as s:
            portfolio.update_profile(OfferRepository(s), user.id, changes)
    except InputError as exc:
        return _index(request, db, user.id, error=exc, status_code=exc.http_status)
    return see_other("/offers?done=profile")


def _edit_profile(db: DbDep, user_id: int, change: Any) -> None:
    with db.write() as s:
        repo = OfferRepository(s)
        profile = portfolio.load_profile(repo, user_id)
        portfolio.save_profile(repo, user_id, change(profile))


@router.post("/market", name="offers_market_add")
def offers_market_add(request: Request, db: DbDep, user: CurrentUserDep, form: FormDep) -> Response:
    try:
        point = parse_model(
            MarketPoint,
            {
                "role": _get(form, "role"),
                "level": _get(form, "level"),
                "location": _get(form, "location"),
                "component": _get(form, "component") or "total",
                "percentile": _get(form, "percentile"),
                "value": parse_amount(_get(form, "value"), "value")
                if _get(form, "value")
                else None,
                "currency": _get(form, "currency"),
                "source": _get(form, "source"),
                "as_of": _get(form, "as_of"),
            },
            what="market data point",
        )
        _edit_profile(db, user.id, lambda p: p.model_copy(update={"market": (*p.market, point)}))
    except InputError as exc:
        return _index(request, db, user.id, error=exc, status_code=exc.http_status)
    return see_other("/offers?done=market")


@router.post("/market/{number}/delete", name="offers_market_delete")
def offers_market_delete(
    db: DbDep, user: CurrentUserDep, number: Annotated[int, Path(ge=1, le=1000)]
) -> Response:
    def drop(p: Profile) -> Profile:
        if number > len(p.market):
            raise InputError(f"no market point {number}", fix="Reload the page and try again.")
        return p.model_copy(update={"market": p.market[: number - 1] + p.market[number:]})

    _edit_profile(db, user.id, drop)
    return see_other("/offers?done=market")


@router.post("/rates", name="offers_rate_add")
def offers_rate_add(request: Request, db: DbDep, user: CurrentUserDep, form: FormDep) -> Response:
    try:
        new = parse_model(
            ExchangeRate,
            {
                "from_currency": _get(form, "from_currency"),
                "to_currency": _get(form, "to_currency"),
                "rate": parse_amount(_get(form, "rate"), "rate") if _get(form, "rate") else None,
                "source": _get(form, "source"),
                "as_of": _get(form, "as_of") or None,
            },
            what="exchange rate",
        )
        key = (new.from_currency, new.to_currency)

        def put(p: Profile) -> Profile:
            kept = [r for r in p.rates if (r.from_currency, r.to_currency) != key]
            return p.model_copy(update={"rates": (*kept, new)})

        _edit_profile(db, user.id, put)
    except InputError as exc:
        return _index(request, db, user.id, error=exc, status_code=exc.http_status)
    return see_other("/offers?done=rate")


@router.post("/rates/delete", name="offers_rate_delete")
def offers_rate_delete(db: DbDep, user: CurrentUserDep, form: FormDep) -> Response:
    key = (_get(form, "from_currency"), _get(form, "to_currency"))
    _edit_profile(
        db,
        user.id,
        lambda p: p.model_copy(
            update={"rates": tuple(r for r in p.rates if (r.from_currency, r.to_currency) != key)}
        ),
    )
    return see_other("/offers?done=rate")


@router.get("/export", name="offers_export")
def offers_export(
    db: DbDep,
    user: CurrentUserDep,
    format: Annotated[Literal["yaml", "json", "md"], Query()] = "yaml",
) -> Response:
    return export_response(db, user.id, format, "neutral")


@router.post("/import", name="offers_import")
def offers_import(
    request: Request,
    db: DbDep,
    user: CurrentUserDep,
    file: Annotated[UploadFile, File()],
    replace: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    try:
        data = read_upload(file, limit=MAX_OFFERS_FILE_BYTES, what="offers file")
        done = import_upload(db, user.id, file.filename, data, replace=replace == "yes")
    except InputError as exc:
        return _index(request, db, user.id, error=exc, status_code=exc.http_status)
    return _index(request, db, user.id, message=done.message)


def _counter(
    offers: list[portfolio.SavedOffer], saved: portfolio.SavedOffer, profile: Profile
) -> tuple[Counter | None, InputError | None]:
    try:
        return portfolio.counter_for(saved, offers, profile), None
    except InputError as exc:
        return None, exc


def _find(offers: list[portfolio.SavedOffer], offer_id: int) -> portfolio.SavedOffer:
    return portfolio.find(offers, str(offer_id))


def _detail(
    request: Request,
    db: DbDep,
    user_id: int,
    offer_id: int,
    *,
    message: str | None = None,
    error: InputError | None = None,
    form: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    with db.read() as s:
        OfferRepository(s).get(user_id, offer_id)  # 404 for anyone else's offer
    offers, profile = _load(db, user_id)
    saved = _find(offers, offer_id)
    counter, counter_error = _counter(offers, saved, profile)
    return templates.TemplateResponse(
        request,
        "offers/offer.html",
        {
            **_common(),
            "saved": saved,
            "comp": compute(saved.offer, saved.name),
            "counter": counter,
            "counter_error": counter_error,
            "message": message,
            "error": error,
            "problems": getattr(error, "problems", None) or [],
            "form": form or offer_to_form(saved.offer),
        },
        status_code=status_code,
    )


@router.get("/{offer_id:int}", name="offer")
def offer_page(
    request: Request,
    db: DbDep,
    user: CurrentUserDep,
    offer_id: OfferId,
    done: Annotated[str, Query(max_length=20)] = "",
) -> Response:
    return _detail(request, db, user.id, offer_id, message=DONE.get(done))


@router.post("/{offer_id:int}", name="offer_update")
def offer_update(
    request: Request, db: DbDep, user: CurrentUserDep, offer_id: OfferId, form: FormDep
) -> Response:
    try:
        offer = form_to_offer(form)
        with db.write() as s:
            portfolio.replace_offer(
                OfferRepository(s), user.id, offer_id, offer, today=_today().date()
            )
    except InputError as exc:
        return _detail(
            request, db, user.id, offer_id, error=exc, form=form, status_code=exc.http_status
        )
    return see_other(f"/offers/{offer_id}?done=saved")


@router.post("/{offer_id:int}/delete", name="offer_delete")
def offer_delete(db: DbDep, user: CurrentUserDep, offer_id: OfferId) -> Response:
    with db.write() as s:
        OfferRepository(s).delete(user.id, offer_id)
    return see_other("/offers?done=deleted")


@router.get("/{offer_id:int}/script", name="offer_script")
def offer_script(
    request: Request,
    db: DbDep,
    user: CurrentUserDep,
    offer_id: OfferId,
    tone: Annotated[str, Query(max_length=20)] = "neutral",
) -> Response:
    chosen = check_tone(tone)
    with db.read() as s:
        OfferRepository(s).get(user.id, offer_id)
    offers, profile = _load(db, user.id)
    saved = _find(offers, offer_id)
    counter, counter_error = _counter(offers, saved, profile)
    return templates.TemplateResponse(
        request,
        "offers/script.html",
        {
            **_common(),
            "saved": saved,
            "counter": counter,
            "counter_error": counter_error,
            "script": build_script(counter, chosen) if counter is not None else None,
            "tone": chosen,
        },
        status_code=200 if counter is not None else 422,
    )
