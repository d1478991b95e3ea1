"""`sam build` builds the layer and the four functions with their makefiles, for python3.13 on arm64."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from .conftest import FUNCTION_IDS, LAYER_ID, REPO_ROOT, TEMPLATE_PATH, run_in_repo

pytestmark = pytest.mark.infrastructure

# Lambda's limit for a function and all its layers, unzipped.
LAMBDA_UNZIPPED_LIMIT_BYTES = 250 * 1024 * 1024


@pytest.mark.parametrize("logical_id", [*FUNCTION_IDS, LAYER_ID])
def test_given_a_code_resource_when_sam_builds_it_then_its_makefile_has_the_target_sam_runs(
    resources: dict[str, Any], logical_id: str
) -> None:
    # given
    resource = resources[logical_id]
    properties = resource["Properties"]
    code_dir = REPO_ROOT / properties.get("CodeUri", properties.get("ContentUri", ""))

    # when
    makefile = (code_dir / "Makefile").read_text(encoding="utf-8")

    # then
    assert resource.get("Metadata", {}).get("BuildMethod") == "makefile"
    assert re.search(rf"^build-{logical_id}:", makefile, re.MULTILINE), f"{code_dir}/Makefile"


def test_given_the_repository_when_sam_builds_then_the_layer_is_for_python313_on_arm64_without_dev_code(
    sam_executable: str, sam_env: dict[str, str], tmp_path: Path, no_aws_sam_dir_left: None
) -> None:
    # given
    build_dir = tmp_path / "build"

    # when
    completed = run_in_repo(
        [sam_executable, "build", "--template-file", str(TEMPLATE_PATH), "--build-dir", str(build_dir)],
        sam_env,
        timeout=900,
    )

    # then
    assert completed.returncode == 0, completed.stdout[-4000:] + completed.stderr[-4000:]
    site = build_dir / LAYER_ID / "python"
    assert (site / "decorum" / "__init__.py").is_file()
    assert (site / "decorum" / "settings.py").is_file()
    assert not (site / "decorum" / "local").exists(), "the dev-only local runner must not ship"
    assert sorted((site / "pydantic_core").glob("*.cpython-313-aarch64-linux-gnu.so")), (
        "pydantic-core must be the cp313 aarch64 wheel"
    )
    assert not [path.name for path in site.rglob("*.so") if "x86_64" in path.name]
    compiled = [str(path.relative_to(site)) for path in site.rglob("*.pyc")]
    assert compiled == [], "the build's Python must not leave .pyc files the 3.13 runtime never uses"
    assert not [str(path) for path in site.rglob("__pycache__")]
    for function_id in FUNCTION_IDS:
        assert (build_dir / function_id / "app.py").is_file(), function_id
        assert not (build_dir / function_id / "decorum").exists(), (
            f"{function_id} gets decorum from the layer"
        )
    shadowing = [name for name in ("boto3", "botocore", "urllib3", "s3transfer") if (site / name).exists()]
    assert shadowing == [], "the runtime's own boto3/botocore must not be shadowed by copies in the layer"
    layer_bytes = sum(path.stat().st_size for path in site.rglob("*") if path.is_file())
    assert layer_bytes < LAMBDA_UNZIPPED_LIMIT_BYTES / 2, f"layer is {layer_bytes / 2**20:.0f} MiB unzipped"
