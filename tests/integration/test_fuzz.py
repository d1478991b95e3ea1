"""schemathesis against the served OpenAPI document, on the local stack: no 5xx, every response
as documented (status, content type, schema), schema-violating requests refused, valid ones taken.

A bounded run is part of `make test`; `make fuzz` runs the same with many more examples
(DECORUM_FUZZ_EXAMPLES). The checks' configuration, and the one check left out, is in
schemathesis.toml at the repository root.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from decorum.local.stack import LocalStack

from .conftest import REPO_ROOT

pytestmark = pytest.mark.integration

EXAMPLES = int(os.environ.get("DECORUM_FUZZ_EXAMPLES", "8"))


def test_given_the_served_openapi_document_when_fuzzed_then_every_check_passes(stack: LocalStack) -> None:
    # given
    schemathesis = Path(sys.executable).parent / "schemathesis"
    command = [
        str(schemathesis),
        "--no-color",
        "run",
        f"{stack.base_url}/v1/openapi.json",
        "--url",
        stack.base_url,
        "-H",
        f"x-api-key: {stack.api_key}",
        "--max-examples",
        str(EXAMPLES),
        "--request-timeout",
        "15",
    ]

    # when
    run = subprocess.run(
        command, cwd=REPO_ROOT, capture_output=True, text=True, timeout=60 + 10 * EXAMPLES, check=False
    )

    # then
    summary = "\n".join(line[:300] for line in run.stdout.splitlines()[-60:])
    print(summary)  # `make fuzz` shows it (-rP): the cases generated and passed
    assert run.returncode == 0, summary
    assert " passed" in run.stdout and "failed" not in run.stdout.split("SUMMARY")[-1], summary
