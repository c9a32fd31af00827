"""Run one benchmark step in a fresh Python process and measure it from outside."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path


def run_child(code: str, *args: str) -> dict:
    """Run `code` with `args` in a new interpreter; it prints one JSON object on stdout.

    Returns that object plus the wall time seen from here and the child's own peak resident
    memory (os.wait4's rusage of that child, not the running maximum over all children).
    """
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE,
                             text=True)
    out = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"benchmark child {' '.join(args)} failed with status {status}")
    result = json.loads(out)
    result.update(wall_s=wall, peak_mb=usage.ru_maxrss / 1024)
    return result


def cli_path() -> list[str]:
    """The `alignscope` command of this interpreter's environment, as a user runs it."""
    script = Path(sys.executable).with_name("alignscope")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from alignscope.cli import main; main()"]


def timed_command(argv: list[str], env: dict[str, str] | None = None) -> dict:
    """Run `argv` in a fresh process; its wall time, user+system CPU and peak RSS (MB)."""
    start = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                             env={**os.environ, **(env or {})})
    err = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"{' '.join(argv)} failed (status {status}): {err.decode()[-500:]}")
    return {"wall_s": wall, "cpu_s": usage.ru_utime + usage.ru_stime,
            "peak_mb": usage.ru_maxrss / 1024}


def summarise(runs: list[dict]) -> dict:
    """Median, min and max of the runs' wall times, median CPU time, maximum peak RSS."""
    walls = [r["wall_s"] for r in runs]
    return {"runs": len(runs), "median_wall_s": statistics.median(walls),
            "min_wall_s": min(walls), "max_wall_s": max(walls),
            "median_cpu_s": statistics.median(r["cpu_s"] for r in runs),
            "peak_mb": max(r["peak_mb"] for r in runs)}
