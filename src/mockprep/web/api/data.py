"""``/api/v1/data``: all of your data out (a download) and in (an upload), as `mockprep export`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel

from mockprep.errors import InputError
from mockprep.practice.transfer import (
    dumps_export,
    export_data,
    export_time,
    import_data,
    parse_export,
)
from mockprep.store.repositories import DataRepository
from mockprep.web.deps import CurrentUserDep, DbDep
from mockprep.web.uploads import MAX_DATA_BYTES, read_upload, safe_name

router = APIRouter(prefix="/data", tags=["your data"])


class DataImported(BaseModel):
    imported: dict[str, int]
    message: str


def export_response(db: DbDep, user_id: int) -> Response:
    """The export file as a download (the format is documented in practice/transfer.py)."""
    when = export_time()
    with db.read() as s:
        data = export_data(DataRepository(s), user_id, exported_at=when)
    filename = f"mockprep-export-{when:%Y%m%d-%H%M%S}.json"
    return Response(
        dumps_export(data),
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.get(
    "/export",
    summary="Download everything of yours as one JSON file",
    response_class=Response,
    responses={200: {"content": {"application/json": {"schema": {"type": "object"}}}}},
)
def download_export(db: DbDep, user: CurrentUserDep) -> Response:
    return export_response(db, user.id)


def restore(db: DbDep, user_id: int, filename: str | None, data: bytes) -> DataImported:
    """Check an uploaded export whole, then restore it in one transaction (or change nothing)."""
    source = safe_name(filename)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{source} is not a UTF-8 text file, so not a mockprep export",
            fix="Nothing was imported. Upload the .json file that an export wrote.",
        ) from exc
    export = parse_export(text, source=source)
    with db.write() as s:
        summary = import_data(DataRepository(s), user_id, export)
    return DataImported(
        imported=dict(summary.counts), message=f"Imported {summary.describe()} from {source}."
    )


@router.post("/import", status_code=201, summary="Restore an export into your (empty) data")
def upload_import(
    db: DbDep,
    user: CurrentUserDep,
    file: Annotated[UploadFile, File(description="A file that an export wrote.")],
) -> DataImported:
    data = read_upload(file, limit=MAX_DATA_BYTES, what="export file")
    return restore(db, user.id, file.filename, data)
