"""API Gateway's Lambda proxy integration (REST API, payload v1): the event in, the result out."""

from __future__ import annotations

import base64
import binascii
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from decorum.local.provision import ACCOUNT_ID

LOCAL_API_ID = "local"
# Hop-by-hop headers belong to the local HTTP connection, not to the function's response.
_CONNECTION_HEADERS = frozenset({"content-length", "transfer-encoding", "connection", "keep-alive"})


class MalformedResult(ValueError):
    """The function returned something API Gateway would answer 502 for."""


@dataclass(frozen=True, slots=True)
class HttpResponse:
    status: int
    headers: list[tuple[str, str]]
    body: bytes


@dataclass(frozen=True, slots=True)
class ProxyRequest:
    method: str
    target: str  # the request line's path and query, as received
    headers: Sequence[tuple[str, str]]
    body: bytes
    source_ip: str


def header(headers: Sequence[tuple[str, str]], name: str) -> str | None:
    """The last value of a header, by case-insensitive name (as API Gateway's ``headers`` keeps it)."""
    found = None
    for key, value in headers:
        if key.lower() == name:
            found = value
    return found


def build_event(
    request: ProxyRequest,
    *,
    resource: str,
    path_parameters: Mapping[str, str],
    stage: str,
    request_id: str,
    api_key: str | None,
) -> dict[str, Any]:
    url = urlsplit(request.target)
    headers: dict[str, str] = {}
    multi_headers: dict[str, list[str]] = {}
    for name, value in request.headers:
        headers[name] = value
        multi_headers.setdefault(name, []).append(value)
    multi_query: dict[str, list[str]] = {}
    for name, value in parse_qsl(url.query, keep_blank_values=True):
        multi_query.setdefault(name, []).append(value)
    body, is_base64 = _event_body(request.body)
    return {
        "resource": resource,
        "path": url.path,
        "httpMethod": request.method,
        "headers": headers or None,
        "multiValueHeaders": multi_headers or None,
        "queryStringParameters": {name: values[-1] for name, values in multi_query.items()} or None,
        "multiValueQueryStringParameters": multi_query or None,
        "pathParameters": {name: unquote(value) for name, value in path_parameters.items()} or None,
        "stageVariables": None,
        "requestContext": {
            "resourcePath": resource,
            "httpMethod": request.method,
            "path": f"/{stage}{url.path}",
            "stage": stage,
            "requestId": request_id,
            "accountId": ACCOUNT_ID,
            "apiId": LOCAL_API_ID,
            "identity": {
                "sourceIp": request.source_ip,
                "apiKey": api_key,
                "userAgent": header(request.headers, "user-agent"),
            },
            "requestTimeEpoch": int(time.time() * 1000),
            "protocol": "HTTP/1.1",
            "domainName": header(request.headers, "host"),
        },
        "body": body,
        "isBase64Encoded": is_base64,
    }


def _event_body(raw: bytes) -> tuple[str | None, bool]:
    """Text as it came; bytes that are not UTF-8 as base64, flagged, as API Gateway hands binary on."""
    if not raw:
        return None, False
    try:
        return raw.decode("utf-8"), False
    except UnicodeDecodeError:
        return base64.b64encode(raw).decode("ascii"), True


def parse_result(result: Any) -> HttpResponse:
    """The function's proxy result as an HTTP response; anything API Gateway would reject raises."""
    if not isinstance(result, dict) or not isinstance(result.get("statusCode"), int):
        raise MalformedResult("the result is not a dict with an integer statusCode")
    body = result.get("body")
    if body is not None and not isinstance(body, str):
        raise MalformedResult("body must be a string")
    try:
        data = (
            base64.b64decode(body or "", validate=True)
            if result.get("isBase64Encoded")
            else (body or "").encode()
        )
    except binascii.Error as error:
        raise MalformedResult("isBase64Encoded is set but the body is not base64") from error
    return HttpResponse(int(result["statusCode"]), _merged_headers(result), data)


def _merged_headers(result: Mapping[str, Any]) -> list[tuple[str, str]]:
    """multiValueHeaders, plus each ``headers`` entry whose name they lack (API Gateway's merge rule)."""
    merged: list[tuple[str, str]] = []
    for name, values in (result.get("multiValueHeaders") or {}).items():
        merged.extend((name, str(value)) for value in values)
    present = {name.lower() for name, _ in merged}
    merged.extend(
        (name, str(value))
        for name, value in (result.get("headers") or {}).items()
        if name.lower() not in present
    )
    return [(name, value) for name, value in merged if name.lower() not in _CONNECTION_HEADERS]
