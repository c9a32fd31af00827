"""Load benchmark of `alignscope serve`: a real server on loopback, 50 concurrent clients,
5,000 requests mixing pages and API calls, once warm.

    python benchmarks/serve.py [--db STORE] [--clients 50] [--requests 5000]

Measures (printed, and written to benchmarks/results/serve.json):
  start      fresh `alignscope serve` process until it accepts a connection, and until
             it answers its first API call (the state index: loads the store's tables);
  warm-up    each distinct URL of the mix once, serially (first computations: cold);
  load       requests/s and p50/p95/p99 latency per kind (API, dyad page, other pages),
             errors (any status but 200, any connection failure) — must be 0.
Targets (issue 14): API p95 < 100 ms, dyad page p95 < 300 ms once warm; start < 3 s.
The clients are threads with keep-alive connections (Python's http.client) on the same
2-core machine as the server, so the figures include the clients' own CPU.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fresh_process import cli_path

RESULTS = Path(__file__).resolve().parent / "results" / "serve.json"
DYADS = [("TWN", "JPN"), ("USA", "JPN"), ("CHN", "RUS"), ("IND", "PAK"), ("USA", "GBR"),
         ("KOR", "JPN")]
YEAR = 2011


def mix() -> list[tuple[str, str, float]]:
    """(kind, path, weight) of the request mix: ~60 % API calls, ~40 % pages."""
    out: list[tuple[str, str, float]] = []
    for a, b in DYADS:
        out.append(("api", f"/api/assess?a={a}&b={b}&year={YEAR}", 3))
        out.append(("dyad page", f"/dyad?a={a}&b={b}&year={YEAR}", 1.5))
        out.append(("dyad page", f"/dyad?a={a}&b={b}&year={YEAR}&lang=zh-TW", 1.5))
    out += [
        ("api", f"/api/network?year={YEAR}", 2),
        ("api", f"/api/atlas?year={YEAR}&type=rivalry", 2),
        ("api", f"/api/atlas?year={YEAR}&state=TWN", 2),
        ("api", "/api/history?a=TWN&b=JPN&start=2000&end=2011", 2),
        ("api", "/api/states?q=tai", 4),
        ("api", "/api/states?q=%E6%97%A5", 4),  # 日
        ("page", f"/world?year={YEAR}", 1.5),
        ("page", f"/world?year={YEAR}&lang=zh-TW", 1.5),
        ("page", f"/state?q=JPN&year={YEAR}", 2),
        ("page", f"/compare?a=TWN&b=JPN&year={YEAR}&a2=KOR&b2=JPN&year2={YEAR}", 2),
        ("page", "/static/style.css", 1),
    ]
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(conn: http.client.HTTPConnection, path: str, gzip: bool) -> int:
    conn.request("GET", path, headers={"Accept-Encoding": "gzip"} if gzip else {})
    response = conn.getresponse()
    response.read()
    return response.status


def start_server(db: str, port: int) -> tuple[subprocess.Popen, float, float]:
    """The server process, seconds until it accepts a connection, until it answers."""
    t0 = time.perf_counter()
    proc = subprocess.Popen([*cli_path(), "--db", db, "serve", "--port", str(port)],
                            stderr=subprocess.PIPE, text=True)
    listening = None
    while True:
        if proc.poll() is not None:
            raise SystemExit(f"the server stopped: {proc.stderr.read()[-800:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                listening = listening or time.perf_counter() - t0
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
            if get(conn, "/api/states?q=japan", False) == 200:
                return proc, listening, time.perf_counter() - t0
        except OSError:
            time.sleep(0.05)


def percentiles(values: list[float]) -> dict[str, float]:
    qs = statistics.quantiles(values, n=100, method="inclusive")
    return {"n": len(values), "p50_ms": 1000 * statistics.median(values),
            "p95_ms": 1000 * qs[94], "p99_ms": 1000 * qs[98], "max_ms": 1000 * max(values)}


def load(port: int, clients: int, total: int, seed: int) -> dict:
    requests = mix()
    rng = random.Random(seed)
    plan = rng.choices(requests, weights=[w for *_, w in requests], k=total)
    lock = threading.Lock()
    cursor = iter(range(total))
    times: dict[str, list[float]] = {}
    errors: list[str] = []

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while True:
            with lock:
                i = next(cursor, None)
            if i is None:
                break
            kind, path, _ = plan[i]
            t = time.perf_counter()
            try:
                status = get(conn, path, gzip=kind != "api")
            except (OSError, http.client.HTTPException) as exc:
                status = f"{type(exc).__name__}"
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            elapsed = time.perf_counter() - t
            with lock:
                if status == 200:
                    times.setdefault(kind, []).append(elapsed)
                else:
                    errors.append(f"{status} {path}")
        conn.close()

    t0 = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    wall = time.perf_counter() - t0
    every = [x for v in times.values() for x in v]
    return {
        "clients": clients, "requests": total, "seconds": wall,
        "requests_per_s": total / wall, "errors": len(errors), "error_examples": errors[:5],
        "all": percentiles(every), "by_kind": {k: percentiles(v) for k, v in times.items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help="store to serve (default: a new one in a temp folder)")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="alignscope-serve-")
    db = args.db or os.path.join(folder, "store.duckdb")
    port = free_port()
    proc, listening, answering = start_server(db, port)
    try:
        print(f"start: listening after {listening:.2f} s, first API answer after "
              f"{answering:.2f} s ({'given' if args.db else 'new'} store)")
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1200)
        warm: dict[str, float] = {}
        for _, path, _ in mix():
            t = time.perf_counter()
            status = get(conn, path, gzip=True)
            warm[path] = time.perf_counter() - t
            if status != 200:
                raise SystemExit(f"warm-up: {path} answered {status}")
        print(f"warm-up: {len(warm)} URLs in {sum(warm.values()):.1f} s "
              f"(slowest {max(warm.values()):.1f} s: {max(warm, key=warm.get)})")
        result = load(port, args.clients, args.requests, args.seed)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    print(f"load: {result['requests']} requests, {result['clients']} clients, "
          f"{result['seconds']:.1f} s, {result['requests_per_s']:.0f} requests/s, "
          f"{result['errors']} errors")
    for kind, p in {"all": result["all"], **result["by_kind"]}.items():
        print(f"  {kind:10s} n={p['n']:5d}  p50 {p['p50_ms']:7.1f} ms  p95 {p['p95_ms']:7.1f} ms"
              f"  p99 {p['p99_ms']:7.1f} ms  max {p['max_ms']:7.1f} ms")
    by = result["by_kind"]
    targets = {
        "start_s<3": listening < 3,
        "api_p95_ms<100": by.get("api", {}).get("p95_ms", 1e9) < 100,
        "dyad_page_p95_ms<300": by.get("dyad page", {}).get("p95_ms", 1e9) < 300,
        "errors==0": result["errors"] == 0,
    }
    print("targets: " + ", ".join(f"{k} {'met' if v else 'NOT met'}" for k, v in
                                  targets.items()))
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps({"start": {"listening_s": listening,
                                             "first_answer_s": answering,
                                             "store": "given" if args.db else "new"},
                                   "warm_up_s": warm, "load": result, "targets": targets,
                                   "cpus": os.cpu_count()}, indent=1) + "\n")
    print(f"wrote {RESULTS}")
    if result["errors"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
