"""The API page for integrators: the Swagger UI the API serves, rendered by a real browser.

Debian's headless Chromium loads /v1/docs from the local stack (no key: the page is public), runs
its JavaScript and hands back the DOM; every route of the served OpenAPI document must be on it.
`make test` installs the `chromium` package when it is missing.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
import requests

from decorum.local.stack import LocalStack

pytestmark = pytest.mark.integration

OPERATION = re.compile(r'data-path="([^"]+)"')


def rendered(url: str) -> str:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.fail("Chromium is not installed: `make test` installs Debian's chromium package")
    completed = subprocess.run(
        [
            browser,
            "--headless=new",
            "--no-sandbox",  # root in a container has no user namespace for the sandbox
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--virtual-time-budget=15000",  # let the page's scripts fetch the spec and render
            "--dump-dom",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    return completed.stdout


def test_given_the_api_page_when_rendered_in_headless_chromium_then_every_route_appears(
    stack: LocalStack,
) -> None:
    # given
    spec = requests.get(f"{stack.base_url}/v1/openapi.json", timeout=10).json()

    # when
    dom = rendered(f"{stack.base_url}/v1/docs")

    # then
    assert "swagger-ui" in dom
    assert set(OPERATION.findall(dom)) == set(spec["paths"])
    assert spec["info"]["title"] in dom
