"""A lazy, cached factory for boto3 clients with bounded timeouts.

boto3 costs ~200 ms to import, so it is imported when the first client is needed, not at module
import. Timeouts and retries are explicit: the defaults (60 s, legacy retries) would hold a chat
message hostage to an AWS outage. Tests inject their own clients with ``set_client``.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from decorum.settings import get_settings

_injected: dict[str, Any] = {}


def set_client(service: str, client: Any) -> None:
    """Use this client for ``service`` from now on (tests, the local runner)."""
    _injected[service] = client


def reset_clients() -> None:
    _injected.clear()
    _default_client.cache_clear()


def client(service: str) -> Any:
    injected = _injected.get(service)
    if injected is not None:
        return injected
    return _default_client(service)


@cache
def _default_client(service: str) -> Any:
    import boto3
    from botocore.config import Config

    timeout = get_settings().aws_timeout_seconds
    config = Config(
        connect_timeout=timeout,
        read_timeout=timeout,
        retries={"max_attempts": 2, "mode": "standard"},
        tcp_keepalive=True,
    )
    return boto3.session.Session().client(service, config=config)  # type: ignore[call-overload]
