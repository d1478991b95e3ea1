"""The chat platform's correlation id (header ``X-Correlation-Id``), carried into every log line
and every alert of the request, so that an operator can follow one message across systems.

Set once per invocation by the Lambda entry point; read where a log line or an alert is made. A
value that is not a plain id (at most 128 of ``A-Z a-z 0-9 . _ : -``) is ignored, so that a
header can never smuggle text into the logs.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from contextvars import ContextVar

HEADER = "x-correlation-id"
_PLAIN_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
_current: ContextVar[str | None] = ContextVar("decorum_correlation_id", default=None)


def from_headers(headers: Mapping[str, str] | None) -> str | None:
    """The header's value if it is a plain id (header names are case-insensitive)."""
    for name, value in (headers or {}).items():
        if name.lower() == HEADER and isinstance(value, str) and _PLAIN_ID.fullmatch(value):
            return value
    return None


def set_current(correlation_id: str | None) -> None:
    _current.set(correlation_id)


def current() -> str | None:
    return _current.get()
