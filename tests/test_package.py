"""Importing the package: numpy's BLAS runs on one thread unless the user chose otherwise."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def run_python(code: str, **env: str) -> str:
    clean = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return done.stdout.strip()


def test_openblas_gets_one_thread_unless_the_user_set_a_number() -> None:
    show = "import mockprep, os; print(os.environ['OPENBLAS_NUM_THREADS'])"
    assert run_python(show) == "1"
    assert run_python(show, OPENBLAS_NUM_THREADS="3") == "3"


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="counts threads in /proc")
def test_numpy_imported_after_mockprep_starts_no_blas_worker_threads() -> None:
    count = "import mockprep, numpy, os; print(len(os.listdir('/proc/self/task')))"
    assert run_python(count) == "1"
