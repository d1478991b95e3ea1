"""Unit tests run in-process: no socket may be opened (moto's mock_aws needs none)."""

from __future__ import annotations

import importlib.util
import json
import logging
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any, TextIO, cast

import aws_xray_sdk.core  # noqa: F401  (its recorder opens a UDP socket at import; it sends nothing)
import pytest
from pytest_socket import disable_socket, enable_socket

from decorum.adapters.alerts import InMemoryAlerts
from decorum.adapters.scripts import BundledScripts
from decorum.adapters.sessions import InMemorySessionStore
from decorum.engine import Engine, default_engine
from decorum.service import Moderator
from decorum.wiring import set_moderator

ROOT = Path(__file__).resolve().parents[2]
EVENTS = ROOT / "events"


def log_to(stream: TextIO) -> None:
    """Point the handlers' Powertools Logger at ``stream``: it keeps writing to the stream it was
    created with, which may be an earlier test's closed capture buffer. (Assigned, not setStream:
    that flushes the old stream first, and it may be closed.)"""
    from decorum.api.entry import logger

    handler = cast("logging.StreamHandler[TextIO]", logger.registered_handler)
    handler.stream = stream


@pytest.fixture(autouse=True)
def _logs_to_this_test() -> None:
    """Each test's log lines are captured with it, and so read by the privacy scan (tests/conftest.py)."""
    log_to(sys.stdout)


@pytest.fixture(autouse=True)
def _no_network() -> Iterator[None]:
    disable_socket(allow_unix_socket=True)
    yield
    enable_socket()


@pytest.fixture(scope="session")
def engine() -> Engine:
    return default_engine()


@pytest.fixture
def alerts() -> InMemoryAlerts:
    return InMemoryAlerts()


@pytest.fixture
def moderator(engine: Engine, alerts: InMemoryAlerts) -> Iterator[Moderator]:
    """An in-memory moderator, also installed for the Lambda handlers; removed afterwards."""
    built = Moderator(engine, InMemorySessionStore(), BundledScripts(), alerts)
    set_moderator(built)
    yield built
    set_moderator(None)


def load_function(name: str) -> ModuleType:
    """Import functions/<name>/app.py under a unique module name (every function's file is app.py)."""
    path = ROOT / "functions" / name / "app.py"
    spec = importlib.util.spec_from_file_location(f"decorum_function_{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_event(name: str) -> dict[str, Any]:
    event: dict[str, Any] = json.loads((EVENTS / name).read_text(encoding="utf-8"))
    return event


class FakeContext:
    function_name = "decorum-test"
    function_version = "$LATEST"
    memory_limit_in_mb = 512
    invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:decorum-test"
    aws_request_id = "test-request"
    log_group_name = "/aws/lambda/decorum-test"
    log_stream_name = "test"

    def get_remaining_time_in_millis(self) -> int:
        return 10_000
