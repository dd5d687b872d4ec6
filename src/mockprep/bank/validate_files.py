"""Validate bank files from the command line: ``python -m mockprep.bank.validate_files FILE...``.

Used while writing the bundled bank; `mockprep bank validate` is the user-facing command.
"""

from __future__ import annotations

import sys
from pathlib import Path

from mockprep.bank.loader import load_bank_file
from mockprep.bank.schema import word_count
from mockprep.errors import BankFormatError


def main(argv: list[str]) -> int:
    status = 0
    for name in argv:
        try:
            bank = load_bank_file(Path(name), bundled=True)
        except BankFormatError as exc:
            print(exc)
            status = 1
            continue
        words = [word_count(q.model_answer) for q in bank.questions]
        print(
            f"{name}: OK, {len(bank.questions)} questions, model answers {min(words)}-{max(words)} words"
        )
    return status


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
