"""Run every benchmark in this folder (``bench_*.py``) and let each print its figures.

Benchmarks may read ``../shared/data`` (development data beside the project); each says so and
skips what it cannot find. Exit status is non-zero if any benchmark crashed.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    failures = 0
    scripts = sorted(HERE.glob("bench_*.py"))
    if not scripts:
        print("no benchmarks found")
        return 1
    for script in scripts:
        print(f"\n=== {script.name} ===", flush=True)
        result = subprocess.run([sys.executable, str(script)], cwd=HERE.parent, check=False)
        if result.returncode != 0:
            print(f"{script.name} exited with {result.returncode}")
            failures += 1
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
