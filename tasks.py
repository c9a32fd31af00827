"""The two quick-start commands, runnable with nothing but Python 3.11+ and pip.

python3 tasks.py demo   # create .venv, install alignscope, run the flagship job
python3 tasks.py test   # create .venv, install alignscope with test tools, run the tests
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".alignscope-installed"


def _run(*args: str | Path) -> None:
    completed = subprocess.run([str(a) for a in args], cwd=ROOT)
    if completed.returncode != 0:
        sys.exit(completed.returncode)


def ensure_env(*, dev: bool) -> None:
    """Create .venv and install the project (with the test tools when `dev`) unless done."""
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    installed = STAMP.read_text().split() if STAMP.exists() else []
    if installed[:1] == [digest] and (not dev or "dev" in installed):
        return
    if not (BIN / "python").exists():
        print("creating .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    target = ".[dev]" if dev else "."
    print(f"installing alignscope{' and its test tools' if dev else ''} into .venv ...", flush=True)
    _run(BIN / "python", "-m", "pip", "install", "--quiet", "-e", target)
    STAMP.write_text(f"{digest} dev" if dev else digest)


def demo() -> None:
    """The flagship assessment: Taiwan–Japan in 2011, as an HTML report and a terminal summary."""
    ensure_env(dev=False)
    report = "alignscope-TWN-JPN-2011.html"
    _run(BIN / "alignscope", "assess", "TWN", "JPN", "--year", "2011", "--format", "html",
         "--out", report)
    _run(BIN / "alignscope", "assess", "TWN", "JPN", "--year", "2011")
    print(f"\nThe full report is {ROOT / report}: open it in a browser (no network needed).")


def test() -> None:
    ensure_env(dev=True)
    _run(BIN / "python", "-m", "pytest", "-q", *sys.argv[2:])


if __name__ == "__main__":
    commands = {"demo": demo, "test": test}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        sys.exit(__doc__)
    commands[sys.argv[1]]()
