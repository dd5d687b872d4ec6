"""Storage speed: attempts written per second on SQLite (WAL) from one process, and listing time.

Prints figures; asserts nothing. Run with `make bench` or `python benchmarks/bench_store.py`.
"""

from __future__ import annotations

import os
import tempfile
import time

from mockprep.config import load_settings
from mockprep.store.database import open_database
from mockprep.store.repositories import AttemptRepository, UserRepository

N = 2000


def main() -> None:
    with tempfile.TemporaryDirectory() as home:
        os.environ["MOCKPREP_HOME"] = home
        os.environ.pop("DATABASE_URL", None)
        t0 = time.perf_counter()
        db = open_database(load_settings())
        t_open = time.perf_counter() - t0
        with db.write() as s:
            user_id = UserRepository(s).local_user().id
        t0 = time.perf_counter()
        for i in range(N):
            with db.write() as s:
                AttemptRepository(s).add(user_id, f"core/q{i % 50}", "an answer " * 30)
        t_write = time.perf_counter() - t0
        t0 = time.perf_counter()
        with db.read() as s:
            rows = AttemptRepository(s).list(user_id, limit=100)
        t_list = time.perf_counter() - t0
        db.dispose()
    print(f"open + migrate a new SQLite database: {t_open * 1000:.0f} ms")
    print(f"attempt writes, one transaction each: {N / t_write:.0f}/s ({N} writes)")
    print(f"list newest 100 attempts: {t_list * 1000:.1f} ms ({len(rows)} rows)")


if __name__ == "__main__":
    main()
