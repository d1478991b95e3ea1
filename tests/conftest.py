"""Shared test set-up. Fake AWS credentials come first, before any code creates a client, so no
test can ever reach a real AWS account."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

os.environ.update(
    AWS_ACCESS_KEY_ID="testing",
    AWS_SECRET_ACCESS_KEY="testing",
    AWS_SECURITY_TOKEN="testing",
    AWS_SESSION_TOKEN="testing",
    AWS_DEFAULT_REGION="us-east-1",
    POWERTOOLS_TRACE_DISABLED="1",
    POWERTOOLS_SERVICE_NAME="decorum",
    POWERTOOLS_METRICS_NAMESPACE="Decorum",
)
os.environ.pop("AWS_PROFILE", None)


# --- privacy: what the whole suite printed and logged must hold no personal data ------------------
#
# Every test's captured output (stdout, stderr, log records: the handlers' JSON logs and metrics
# among them) is kept; when the session ends it is searched for the personal data in the inputs the
# handlers are driven with (events/*.json) and in the corpus (its `pii` annotations). Any found
# fails the run. The integration suite also scans the local stack's function logs and its
# DynamoDB table (tests/integration/conftest.py).

_captured_output: list[str] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    _captured_output.extend(content for _, content in report.sections)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if exitstatus != 0 or not _captured_output:
        return
    output = "\n".join(_captured_output)
    leaked = sorted(datum for datum in _personal_data_in_inputs() if datum in output)
    if leaked:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line(f"PRIVACY: {len(leaked)} personal data found in the suite's logs", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def _personal_data_in_inputs() -> set[str]:
    from decorum.engine import default_engine
    from decorum.engine.redact import find_personal_data

    root = Path(__file__).resolve().parents[1]
    policy = default_engine().policy
    found: set[str] = set()
    for event in (root / "events").glob("*.json"):
        body = json.loads(event.read_text(encoding="utf-8")).get("body") or ""
        text = json.loads(body).get("text", "") if body.startswith("{") else ""
        found |= {text[hit.start : hit.end] for hit, _ in find_personal_data(policy, text)}
    for corpus in (root / "tests" / "corpus").glob("*/*.jsonl"):
        for line in corpus.read_text(encoding="utf-8").splitlines():
            if line.strip():
                found |= set(json.loads(line).get("pii", ()))
    # A four-digit PIN also turns up in request ids and timestamps: only longer data can be looked for.
    return {datum for datum in found if len(datum) >= _SEARCHABLE_DATUM}


_SEARCHABLE_DATUM = 6
