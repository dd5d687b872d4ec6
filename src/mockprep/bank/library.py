"""A user's library: the bundled bank plus their imported banks, read through the store."""

from __future__ import annotations

from pathlib import Path

from mockprep.bank.catalog import Catalog
from mockprep.bank.importers import read_bank
from mockprep.bank.schema import BankFile
from mockprep.errors import DuplicateQuestionError
from mockprep.store.records import BankRecord
from mockprep.store.repositories import BankRepository


def imported_banks(banks: BankRepository, user_id: int) -> list[BankFile]:
    """The newest version of each bank the user imported."""
    return [
        BankFile.model_validate({**r.content, "version": r.version}) for r in banks.latest(user_id)
    ]


def load_catalog(banks: BankRepository, user_id: int) -> Catalog:
    return Catalog.with_imports(imported_banks(banks, user_id))


def import_bank(
    banks: BankRepository,
    user_id: int,
    path: Path,
    *,
    name: str | None = None,
    source: str | None = None,
) -> tuple[BankRecord, bool]:
    """Validate ``path`` and store it as the newest version of its bank (all or nothing).

    ``source`` is what the stored version says it came from (default: ``path``; an upload
    passes the file name the user chose, not the temporary file holding it). Returns the
    stored record and whether a new version was created.
    """
    bank = read_bank(path, bank=name)
    if bank.bank == "core":
        raise DuplicateQuestionError(
            "the bank name 'core' belongs to the bundled bank",
            fix="Give your bank its own name with --name.",
        )
    content = bank.model_dump(mode="json")
    return banks.add(
        user_id, bank.bank, content, source=source or str(path), question_count=len(bank.questions)
    )
