"""Fixtures for the infrastructure tests: template.yaml as data, the SAM CLI, the translated template.

Nothing here talks to AWS. The SAM CLI runs with a region, no credentials, no profile and no
instance metadata, so a command that tried to reach an account would fail instead of using one.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from decorum.local.template import CloudFormationLoader

REPO_ROOT = Path(__file__).resolve().parents[2]
TEMPLATE_PATH = REPO_ROOT / "template.yaml"
REGION = "us-east-1"

FUNCTION_IDS = (
    "MessagesFunction",
    "EvaluateFunction",
    "SessionsFunction",
    "DocsFunction",
    "AlertsRetryFunction",
)
LAYER_ID = "DecorumLayer"
API_ID = "DecorumApi"


def load_template(path: Path = TEMPLATE_PATH) -> dict[str, Any]:
    loaded = yaml.load(path.read_text(encoding="utf-8"), Loader=CloudFormationLoader)
    assert isinstance(loaded, dict), f"{path} is not a YAML mapping"
    return loaded


@pytest.fixture(scope="session")
def template() -> dict[str, Any]:
    """template.yaml, parsed (short tags in their long forms)."""
    return load_template()


@pytest.fixture(scope="session")
def resources(template: dict[str, Any]) -> dict[str, Any]:
    found = template.get("Resources")
    assert isinstance(found, dict), "template.yaml has no Resources"
    return found


@pytest.fixture(scope="session")
def functions(resources: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The AWS::Serverless::Function resources, by logical id."""
    return {
        logical_id: resource
        for logical_id, resource in resources.items()
        if resource.get("Type") == "AWS::Serverless::Function"
    }


@pytest.fixture(scope="session")
def function_environments(
    template: dict[str, Any], functions: dict[str, dict[str, Any]]
) -> dict[str, dict[str, Any]]:
    """Each function's environment variables as Lambda sees them: Globals merged with its own."""
    global_vars = template.get("Globals", {}).get("Function", {}).get("Environment", {}).get("Variables", {})
    return {
        logical_id: {
            **global_vars,
            **resource.get("Properties", {}).get("Environment", {}).get("Variables", {}),
        }
        for logical_id, resource in functions.items()
    }


@pytest.fixture(scope="session")
def sam_executable() -> str:
    """The SAM CLI on PATH. Missing it is a failure, not a skip: the template would go untested."""
    found = shutil.which("sam")
    if found is None:
        pytest.fail(
            "The SAM CLI (`sam`) is not on PATH. `make test` / `make infrastructure` install it in "
            ".tools/sam and put .tools/sam/bin first on PATH; run the tests through make, or prepend "
            "a SAM CLI's bin directory to PATH yourself."
        )
    return found


@pytest.fixture(scope="session")
def sam_env() -> dict[str, str]:
    """Environment for SAM CLI subprocesses: a region, no credentials or profile, no telemetry."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("AWS_")}
    env.update(
        AWS_DEFAULT_REGION=REGION,
        AWS_REGION=REGION,
        AWS_CONFIG_FILE=os.devnull,
        AWS_SHARED_CREDENTIALS_FILE=os.devnull,
        AWS_EC2_METADATA_DISABLED="true",
        SAM_CLI_TELEMETRY="0",
    )
    return env


# Run with the SAM CLI's own Python (aws-sam-translator lives there, not in the project's venv).
# SAM's translator needs code locations it can point a resource at: the local folders become
# placeholders of the s3:// form, as `sam package` would upload them.
_TRANSLATE_SNIPPET = """
import json, sys
from samcli.yamlhelper import yaml_parse
from samtranslator.parser.parser import Parser
from samtranslator.translator.translator import Translator

with open(sys.argv[1], encoding="utf-8") as handle:
    template = yaml_parse(handle.read())
for logical_id, resource in template.get("Resources", {}).items():
    properties = resource.get("Properties") or {}
    for key in ("CodeUri", "ContentUri"):
        if key in properties:
            properties[key] = "s3://decorum-offline-translation/" + logical_id + ".zip"
translated = Translator(managed_policy_map={}, sam_parser=Parser()).translate(template, parameter_values={})
sys.stdout.write(json.dumps(translated))
"""


def sam_python(sam_executable: str) -> Path:
    """The Python interpreter of the virtual environment that holds the SAM CLI."""
    python = Path(sam_executable).parent / "python"
    if not python.exists():
        pytest.fail(
            f"No python next to {sam_executable}: the SAM CLI must be installed in a virtual "
            "environment (as `make` does in .tools/sam) so that aws-sam-translator can be run."
        )
    return python


def run_in_repo(args: list[str], env: dict[str, str], timeout: int = 300) -> subprocess.CompletedProcess[str]:
    """Run a SAM tool from the repository root with its output captured; the caller judges the exit."""
    return subprocess.run(
        args, capture_output=True, text=True, env=env, cwd=REPO_ROOT, timeout=timeout, check=False
    )


@pytest.fixture(scope="session")
def translated(sam_executable: str, sam_env: dict[str, str]) -> dict[str, Any]:
    """template.yaml translated to plain CloudFormation by aws-sam-translator, offline."""
    completed = run_in_repo(
        [str(sam_python(sam_executable)), "-c", _TRANSLATE_SNIPPET, str(TEMPLATE_PATH)], sam_env
    )
    if completed.returncode != 0:
        pytest.fail(f"aws-sam-translator could not translate template.yaml:\n{completed.stderr}")
    result = json.loads(completed.stdout)
    assert isinstance(result, dict)
    return result


@pytest.fixture
def no_aws_sam_dir_left() -> Iterator[None]:
    """Fails a test that leaves a new .aws-sam folder in the repository (builds go to tmp_path)."""
    aws_sam = REPO_ROOT / ".aws-sam"
    existed = aws_sam.exists()
    yield
    if not existed and aws_sam.exists():
        shutil.rmtree(aws_sam, ignore_errors=True)
        pytest.fail("the test left a .aws-sam folder in the repository")
