"""``decorum serve`` as a developer runs it: a process that prints what to use and stops cleanly."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pytest
import requests

from .conftest import REPO_ROOT

pytestmark = pytest.mark.integration

START_TIMEOUT_SECONDS = 60


def _clean_environment(**extra: str) -> dict[str, str]:
    """This process's environment without what the in-process stack or a developer's shell set."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("AWS_", "DECORUM_", "POWERTOOLS_")) and name not in ("PORT", "MOTO_PORT")
    }
    env["PYTHONPATH"] = str(REPO_ROOT / "layers" / "decorum")
    return {**env, **extra}


def _serve(log: IO[str], **extra: str) -> subprocess.Popen[str]:
    # stderr goes to a file: a pipe nobody reads would fill up and stall the server
    return subprocess.Popen(
        [sys.executable, "-m", "decorum.local.server"],
        cwd=REPO_ROOT,
        env=_clean_environment(**extra),
        stdout=subprocess.PIPE,
        stderr=log,
        text=True,
    )


def _banner(process: subprocess.Popen[str]) -> Iterator[str]:
    assert process.stdout is not None
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            return
        yield line
        if line.startswith("Press Ctrl-C"):
            return


@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_given_decorum_serve_when_it_is_up_then_it_prints_its_url_key_and_topic_and_a_signal_stops_it_cleanly(
    stop_signal: signal.Signals, tmp_path: Path
) -> None:
    # given
    log_path = tmp_path / "serve.log"
    with log_path.open("w", encoding="utf-8") as log:
        process = _serve(log, PORT="0", MOTO_PORT="0", DECORUM_API_KEY="serve-test-key")
    try:
        banner = "".join(_banner(process))
        url = re.search(r"API base URL:\s+(http://127\.0\.0\.1:\d+)", banner)
        assert url is not None, banner + log_path.read_text(encoding="utf-8")

        # when
        health = requests.get(f"{url.group(1)}/v1/health", timeout=10)
        keyed = requests.post(
            f"{url.group(1)}/v1/evaluate",
            json={"text": "hello"},
            headers={"x-api-key": "serve-test-key"},
            timeout=10,
        )
        process.send_signal(stop_signal)
        code = process.wait(timeout=20)

        # then
        assert health.status_code == 200
        assert keyed.status_code == 200
        assert "serve-test-key" in banner
        assert re.search(r"arn:aws:sns:[a-z0-9-]+:\d{12}:decorum-local-alertstopic", banner)
        assert "decorum-local-sessionstable" in banner
        assert code == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()


def test_given_the_moto_port_is_taken_when_decorum_serve_starts_then_it_says_so_and_exits_1() -> None:
    # given
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]

        # when
        completed = subprocess.run(
            [sys.executable, "-m", "decorum.local.server"],
            cwd=REPO_ROOT,
            env=_clean_environment(PORT="0", MOTO_PORT=str(port)),
            capture_output=True,
            text=True,
            timeout=START_TIMEOUT_SECONDS,
            check=False,
        )

    # then
    assert completed.returncode == 1
    assert f"127.0.0.1:{port} is in use" in completed.stderr
    assert "MOTO_PORT" in completed.stderr
