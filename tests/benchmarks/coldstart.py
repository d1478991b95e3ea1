"""Cold start: what a fresh Python process pays before it can assess its first message."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

ENGINE = (
    "import time\n"
    "start = time.perf_counter_ns()\n"
    "import decorum.engine\n"
    "decorum.engine.default_engine()\n"
    "print(time.perf_counter_ns() - start)\n"
)
MESSAGES_APP = (
    "import sys, time\n"
    "sys.path.insert(0, 'functions/messages')\n"
    "start = time.perf_counter_ns()\n"
    "import app\n"
    "print(time.perf_counter_ns() - start)\n"
)
CASES = (
    ("import decorum.engine + default_engine()", ENGINE),
    ("import functions/messages/app.py (Powertools, routes, engine)", MESSAGES_APP),
)


@dataclass(frozen=True)
class ColdStart:
    what: str
    median_ms: float
    best_ms: float
    worst_ms: float
    process_ms: float  # median wall time of the whole subprocess, interpreter start included
    error: str | None = None


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        PYTHONPATH="layers/decorum",
        POWERTOOLS_TRACE_DISABLED="1",
        POWERTOOLS_METRICS_NAMESPACE="Decorum",
        POWERTOOLS_SERVICE_NAME="decorum",
        AWS_DEFAULT_REGION=env.get("AWS_DEFAULT_REGION", "us-east-1"),
    )
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _once(code: str) -> tuple[float, float]:
    start = time.perf_counter_ns()
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=_environment(), capture_output=True, text=True, check=True
    )
    wall = (time.perf_counter_ns() - start) / 1e6
    return int(done.stdout.strip().splitlines()[-1]) / 1e6, wall


def measure(runs: int) -> list[ColdStart]:
    """Median of ``runs`` fresh subprocesses per case, after one untimed run that writes the .pyc files."""
    results: list[ColdStart] = []
    for what, code in CASES:
        try:
            _once(code)
            timings = [_once(code) for _ in range(runs)]
        except subprocess.CalledProcessError as failure:
            last = (failure.stderr or "").strip().splitlines()[-1:] or ["no output"]
            results.append(ColdStart(what, 0.0, 0.0, 0.0, 0.0, error=last[0]))
            continue
        inside = [timing[0] for timing in timings]
        results.append(
            ColdStart(
                what,
                statistics.median(inside),
                min(inside),
                max(inside),
                statistics.median(timing[1] for timing in timings),
            )
        )
    return results
