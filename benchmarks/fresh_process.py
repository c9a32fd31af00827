"""Run one benchmark step in a fresh Python process and measure it from outside."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time


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
