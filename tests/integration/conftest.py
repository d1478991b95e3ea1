"""The local stack, started once for the integration tests on ephemeral loopback ports.

The stack runs in this process (moto server and the gateway each on a thread) and is stopped,
with the process environment restored, after the last integration test: unit tests that run
later in the same pytest session see neither its variables nor its moto endpoint.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest
import requests

from decorum.engine import default_engine
from decorum.engine.redact import find_personal_data
from decorum.local.stack import LocalStack

REPO_ROOT = Path(__file__).resolve().parents[2]
TEMPLATE_PATH = REPO_ROOT / "template.yaml"
EVENTS = REPO_ROOT / "events"
API_KEY = "local-dev-key"  # the key the events/ files carry, as `make run` uses it


@dataclass(frozen=True)
class Api:
    """Requests against the local stack, sending ``key`` as x-api-key (none when it is None).

    Every message text sent is remembered in ``sent``: after the last test the whole sessions
    table is scanned for them.
    """

    base_url: str
    key: str | None
    http: requests.Session
    sent: list[str] = field(default_factory=list)

    def with_key(self, key: str | None) -> Api:
        return replace(self, key=key)

    def request(
        self, method: str, path: str, *, body: bytes | None = None, json_body: Any = None
    ) -> requests.Response:
        headers = {"Content-Type": "application/json"}
        if self.key is not None:
            headers["x-api-key"] = self.key
        if isinstance(json_body, dict) and isinstance(json_body.get("text"), str):
            self.sent.append(json_body["text"])
        data = json.dumps(json_body).encode() if json_body is not None else body
        return self.http.request(method, self.base_url + path, headers=headers, data=data, timeout=10)

    def post_message(self, session_id: str, message_id: str, text: str, **extra: Any) -> requests.Response:
        message = {"message_id": message_id, "sender": "customer", "text": text, **extra}
        return self.request("POST", f"/v1/sessions/{session_id}/messages", json_body=message)

    def get_session(self, session_id: str) -> requests.Response:
        return self.request("GET", f"/v1/sessions/{session_id}")


@pytest.fixture(scope="package")
def function_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Everything the functions print during the integration suite: their logs and metrics."""
    return tmp_path_factory.mktemp("functions") / "functions.log"


@pytest.fixture(scope="package")
def stack(function_log: Path) -> Iterator[LocalStack]:
    # ScriptsCacheSeconds=0: every request reads the scripts bucket, so a test sees its own edits.
    local = LocalStack(
        TEMPLATE_PATH,
        api_key=API_KEY,
        parameter_overrides={"ScriptsCacheSeconds": "0"},
        function_log=function_log,
    )
    local.start(moto_port=0, api_port=0)
    yield local
    local.stop()


@pytest.fixture(scope="package")
def api(stack: LocalStack, function_log: Path) -> Iterator[Api]:
    with requests.Session() as http:
        api = Api(stack.base_url, stack.api_key, http)
        yield api
    _assert_no_text_stored(stack, api.sent)
    _assert_no_text_logged(function_log, api.sent)


# Words this short are field values too ('hi' in 'chit_chat'): only longer texts are looked for.
_SEARCHABLE = 12


def _assert_no_text_logged(log: Path, sent: list[str]) -> None:
    """After the whole suite: the functions' logs hold neither a text sent nor the personal data in it."""
    if not sent:
        return  # a run of tests that sent no message (e.g. only the template's)
    logged = log.read_text(encoding="utf-8", errors="replace").lower()
    assert '"message":"verdict"' in logged, "the functions' logs were captured"
    policy = default_engine().policy
    texts = {text.lower() for text in sent if len(text) >= _SEARCHABLE}
    personal = {
        text[hit.start : hit.end].lower() for text in sent for hit, _ in find_personal_data(policy, text)
    }
    leaked = sorted(item for item in texts | personal if item in logged)
    assert not leaked, f"{len(leaked)} message texts or personal data found in the functions' logs"


def _assert_no_text_stored(stack: LocalStack, sent: list[str]) -> None:
    """After the whole suite: no item of the sessions table holds any text the tests sent."""
    dynamodb = stack.client("dynamodb")
    (table,) = stack.resources.tables.values()
    items: list[dict[str, Any]] = []
    for page in dynamodb.get_paginator("scan").paginate(TableName=table, ConsistentRead=True):
        items.extend(page["Items"])
    stored = json.dumps(items).lower()
    texts = {text.lower() for text in sent if len(text) >= _SEARCHABLE}
    leaked = sorted(text for text in texts if json.dumps(text)[1:-1] in stored)
    assert not leaked, f"{len(leaked)} message texts found in the sessions table"


@pytest.fixture(scope="package")
def dynamodb(stack: LocalStack) -> Any:
    return stack.client("dynamodb")


@pytest.fixture(scope="package")
def s3(stack: LocalStack) -> Any:
    return stack.client("s3")


@pytest.fixture(scope="package")
def sessions_table(stack: LocalStack) -> str:
    (name,) = stack.resources.tables.values()
    return name


@pytest.fixture(scope="package")
def scripts_bucket(stack: LocalStack) -> str:
    (name,) = stack.resources.buckets.values()
    return name


@pytest.fixture
def session_id() -> str:
    return f"it-{uuid.uuid4().hex}"


def load_event(name: str) -> dict[str, Any]:
    event: dict[str, Any] = json.loads((EVENTS / name).read_text(encoding="utf-8"))
    return event
