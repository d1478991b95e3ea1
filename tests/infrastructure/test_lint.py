"""template.yaml passes the two linters a reviewer runs: cfn-lint and `sam validate --lint`."""

from __future__ import annotations

import json
import os
import shutil
from typing import Any

import pytest
from cfnlint.api import lint_file
from cfnlint.config import ManualArgs

from .conftest import REGION, TEMPLATE_PATH, run_in_repo

pytestmark = pytest.mark.infrastructure


def test_given_the_template_when_cfn_lint_runs_with_informational_rules_then_it_reports_nothing() -> None:
    # given / when
    matches = lint_file(TEMPLATE_PATH, config=ManualArgs(regions=[REGION], include_checks=["I"]))

    # then
    assert [str(match) for match in matches] == []


def test_given_the_template_when_sam_validate_lint_runs_then_it_exits_zero(
    sam_executable: str, sam_env: dict[str, str]
) -> None:
    # given / when
    completed = run_in_repo(
        [sam_executable, "validate", "--lint", "--template-file", str(TEMPLATE_PATH)], sam_env
    )

    # then
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "is a valid SAM Template" in completed.stdout + completed.stderr


def checkov_report() -> dict[str, Any]:
    """checkov on template.yaml, offline (`make test` installs it in .tools/checkov)."""
    checkov = shutil.which("checkov")
    if checkov is None:
        pytest.fail("checkov is not on PATH: run the tests through make (it installs .tools/checkov)")
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", "/tmp"),
        "BC_SKIP_MAPPING": "TRUE",  # no download of the check mapping: offline
        "CHECKOV_RUN_SCA_PACKAGE_SCAN_V2": "false",
    }
    command = [checkov, "-f", str(TEMPLATE_PATH), "--framework", "cloudformation"]
    completed = run_in_repo([*command, "--skip-download", "--compact", "-o", "json"], env)
    report: Any = json.loads(completed.stdout)
    return dict(report[0] if isinstance(report, list) else report)


def test_given_the_template_when_checkov_runs_then_no_check_fails_and_every_skip_says_why(
    template: dict[str, Any],
) -> None:
    # given / when
    report = checkov_report()

    # then
    failed = [(c["check_id"], c["resource"]) for c in report["results"]["failed_checks"]]
    assert failed == []
    assert report["summary"]["parsing_errors"] == 0 and report["summary"]["passed"] > 0
    for logical_id, resource in template["Resources"].items():
        for skip in (resource.get("Metadata") or {}).get("checkov", {}).get("skip", []):
            words = str(skip.get("comment", "")).split()
            assert len(words) >= 5, f"{logical_id} skips {skip['id']} without saying why"
    skipped = {c["check_id"] for c in report["results"]["skipped_checks"]}
    declared = {
        skip["id"]
        for resource in template["Resources"].values()
        for skip in (resource.get("Metadata") or {}).get("checkov", {}).get("skip", [])
    }
    assert skipped <= declared  # nothing is skipped that the template does not justify
