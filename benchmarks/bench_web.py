"""Web load: 20 concurrent users practising through the JSON API for 30 s, on loopback.

Starts ``uvicorn --factory mockprep.web.app:create_app`` in a subprocess on a free 127.0.0.1
port with a fresh data folder (SQLite), then runs USERS threads, each a user with its own
connection: take the next question of its session, submit an answer (graded at once), start a
new session when one runs out. It prints requests/s, p50/p95/p99 latency and errors, for the
answer submissions (the graded requests) and for every request, then stops the server.
Goal: p95 <= 100 ms with no errors. Bounded: it stops by itself after --seconds.

Run with `make bench` or `python benchmarks/bench_web.py [--users 20] [--seconds 30]
[--workers 1] [--think-ms 0]`.
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field

import httpx

from mockprep.bank.catalog import Catalog


@dataclass
class Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    answers: list[float] = field(default_factory=list)
    everything: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)

    def record(self, kind: str, seconds: float, ok: bool, what: str = "") -> None:
        with self.lock:
            self.everything.append(seconds)
            if kind == "answer":
                self.answers.append(seconds)
            if not ok:
                self.errors[what] = self.errors.get(what, 0) + 1


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def answers_by_question() -> dict[str, list[str]]:
    """Realistic answers: the bundled bank's graded samples, by question."""
    out: dict[str, list[str]] = {}
    for q in Catalog.with_imports().questions:
        texts = [s.answer for s in q.samples] or [q.model_answer]
        out[q.uid] = [t for t in texts if t]
    return out


def user(
    base: str, stop_at: float, tally: Tally, answers: dict[str, list[str]], think: float, seed: int
) -> None:
    rng = random.Random(seed)
    with httpx.Client(base_url=base, timeout=30) as client:
        token = client.get("/api/v1/csrf").json()["csrf_token"]
        headers = {"X-CSRF-Token": token}

        def call(kind: str, method: str, url: str, **kwargs: object) -> httpx.Response | None:
            began = time.perf_counter()
            try:
                response = client.request(method, url, headers=headers, **kwargs)  # type: ignore[arg-type]
            except httpx.HTTPError as exc:
                tally.record(kind, time.perf_counter() - began, False, type(exc).__name__)
                return None
            ok = response.status_code < 400
            tally.record(kind, time.perf_counter() - began, ok, f"{kind} {response.status_code}")
            return response

        session_id = None
        while time.monotonic() < stop_at:
            if session_id is None:
                made = call("start", "POST", "/api/v1/sessions", json={"count": 10})
                if made is None or made.status_code != 201:
                    time.sleep(0.1)
                    continue
                session_id = made.json()["id"]
            nxt = call("next", "GET", f"/api/v1/sessions/{session_id}/next")
            if nxt is None or nxt.status_code != 200 or nxt.json()["done"]:
                session_id = None
                continue
            uid = nxt.json()["question"]["uid"]
            text = rng.choice(answers.get(uid) or ["I am not sure, but I would start by asking."])
            call(
                "answer",
                "POST",
                f"/api/v1/sessions/{session_id}/answers",
                json={"question_id": uid, "answer": text},
            )
            if think:
                time.sleep(think)


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def report(name: str, values: list[float], seconds: float) -> None:
    if not values:
        print(f"{name}: no requests")
        return
    ms = [v * 1000 for v in values]
    print(
        f"{name}: {len(values)} requests, {len(values) / seconds:.1f}/s; latency ms "
        f"p50 {percentile(ms, 50):.0f}, p95 {percentile(ms, 95):.0f}, "
        f"p99 {percentile(ms, 99):.0f}, mean {statistics.fmean(ms):.0f}, max {max(ms):.0f}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--think-ms", type=float, default=0.0, help="pause after each answer")
    args = parser.parse_args()

    answers = answers_by_question()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="mockprep-bench-web-") as home:
        env = {k: v for k, v in os.environ.items() if not k.startswith("MOCKPREP_")}
        env.pop("DATABASE_URL", None)
        env.update({"MOCKPREP_HOME": home, "MOCKPREP_AUTH": "none"})
        cmd = [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            "mockprep.web.app:create_app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(args.workers),
            "--log-level",
            "warning",
        ]
        server = subprocess.Popen(cmd, env=env)
        try:
            started = time.monotonic()
            deadline = started + 180
            while True:
                try:
                    health = httpx.get(f"{base}/healthz", timeout=2)
                    if health.status_code == 200 and health.json()["grader_warm"]:
                        print(f"server ready and warm after {time.monotonic() - started:.0f} s")
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline or server.poll() is not None:
                    print("the server did not start")
                    return 1
                time.sleep(0.2)
            tally = Tally()
            began = time.monotonic()
            stop_at = began + args.seconds
            threads = [
                threading.Thread(
                    target=user, args=(base, stop_at, tally, answers, args.think_ms / 1000, n)
                )
                for n in range(args.users)
            ]
            for t in threads:
                t.start()
            for t in threads:
                t.join(timeout=args.seconds + 60)
            elapsed = time.monotonic() - began
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
    print(
        f"{args.users} users for {elapsed:.0f} s on {base} "
        f"({args.workers} worker(s), SQLite, think time {args.think_ms:.0f} ms, "
        f"{os.cpu_count()} CPU cores)"
    )
    report("answer submissions (graded)", tally.answers, elapsed)
    report("all requests", tally.everything, elapsed)
    errors = sum(tally.errors.values())
    print(f"errors: {errors}" + (f" {tally.errors}" if errors else ""))
    p95 = percentile([v * 1000 for v in tally.answers], 95)
    verdict = "meets" if p95 <= 100 and not errors else "misses"
    print(f"goal p95 <= 100 ms for answer submissions with no errors: {verdict} ({p95:.0f} ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
