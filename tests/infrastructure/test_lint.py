"""template.yaml passes the two linters a reviewer runs: cfn-lint and `sam validate --lint`."""

from __future__ import annotations

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
