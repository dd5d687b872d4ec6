"""The dashboard: reviews due, streak, mastery by category, score trend, start practising."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from mockprep.store.repositories import AttemptRepository
from mockprep.web.api.progress import progress_of
from mockprep.web.charts import mastery_svg, score_trend_svg
from mockprep.web.deps import CatalogDep, CurrentUserDep, DbDep, RunnerDep, SettingsDep
from mockprep.web.templating import templates

router = APIRouter()


@router.get("/", name="dashboard")
def dashboard(
    request: Request,
    db: DbDep,
    user: CurrentUserDep,
    catalog: CatalogDep,
    settings: SettingsDep,
    runner: RunnerDep,
) -> Response:
    stats = progress_of(db, user.id, catalog, settings)
    trend = stats.daily if len(stats.daily) <= 30 else stats.weekly
    with db.read() as s:
        recent = AttemptRepository(s).history(user.id, limit=5)
    return templates.TemplateResponse(
        request,
        "pages/dashboard.html",
        {
            "stats": stats,
            "trend_svg": score_trend_svg(
                trend, title="Mean score per day" if trend is stats.daily else "Mean score per week"
            ),
            "trend": trend,
            "mastery_svg": mastery_svg(stats.by_category),
            "recent": recent,
            "unfinished": runner.unfinished(),
        },
    )
