"""Build a Powertools REST resolver with Decorum's validation, limits and error mapping.

Every error leaves as ``ErrorBody`` JSON with the status the SPEC gives it. Each domain error maps
to one status here, and nowhere else.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import unquote

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response, content_types
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError
from aws_lambda_powertools.event_handler.openapi.types import OpenAPIResponse

from decorum.errors import MessageConflict, SessionEnded, SessionNotFound, StoreUnavailable
from decorum.models import ErrorBody

MAX_BODY_BYTES = 16 * 1024
logger = Logger(child=True)


def error(status: int, code: str, message: str, details: list[dict[str, Any]] | None = None) -> Response[str]:
    body = ErrorBody(code=code, message=message, details=details)
    return Response(
        status_code=status,
        content_type=content_types.APPLICATION_JSON,
        body=body.model_dump_json(exclude_none=True),
    )


ERROR_RESPONSES: dict[int, OpenAPIResponse] = {
    status: {"description": description, "content": {"application/json": {"model": ErrorBody}}}
    for status, description in {
        400: "Malformed body: not JSON, or not UTF-8.",
        403: "Missing or wrong API key.",
        404: "No such route (a path parameter with characters no id can have matches no route).",
        413: "Body larger than 16 KB.",
        422: "A field is missing or invalid.",
    }.items()
}


class DecorumResolver(APIGatewayRestResolver):
    """Checks the raw body before anything parses it: Powertools' validation runs first otherwise."""

    def resolve(self, event: Mapping[str, Any], context: Any) -> dict[str, Any]:
        rejection = _reject_body(event)
        if rejection is not None:
            return {
                "statusCode": rejection.status_code,
                "headers": {"Content-Type": content_types.APPLICATION_JSON},
                "body": rejection.body,
                "isBase64Encoded": False,
            }
        if event.get("body") is not None:
            event = _as_json_request(event)
        path = event.get("path")
        if isinstance(path, str) and "%" in path:
            # A REST API passes `path` still percent-encoded ('/v1/sessions/a%3Ab') and decodes only
            # `pathParameters`; Powertools reads the parameters out of `path`, so decode it first.
            event = {**event, "path": unquote(path)}
        return super().resolve(event, context)


def create_app(*routers: Router) -> APIGatewayRestResolver:
    app = DecorumResolver(enable_validation=True)
    for router in routers:
        app.include_router(router)
    _register_errors(app)
    return app


def _as_json_request(event: Mapping[str, Any]) -> dict[str, Any]:
    """The body was checked to be UTF-8 JSON: hand it to the resolver as such.

    The API speaks only JSON, so a client that forgets the Content-Type header (`curl -d`) is
    not punished with a form-parsing 422; a base64 body becomes text, never raw bytes.
    """
    body = event["body"]
    if event.get("isBase64Encoded"):
        body = base64.b64decode(body).decode("utf-8")
    headers = {k: v for k, v in (event.get("headers") or {}).items() if k.lower() != "content-type"}
    multi = {k: v for k, v in (event.get("multiValueHeaders") or {}).items() if k.lower() != "content-type"}
    headers["Content-Type"] = content_types.APPLICATION_JSON
    multi["Content-Type"] = [content_types.APPLICATION_JSON]
    return {**event, "body": body, "isBase64Encoded": False, "headers": headers, "multiValueHeaders": multi}


def _reject_body(event: Mapping[str, Any]) -> Response[str] | None:
    """413 for a body over 16 KB; 400 for a body that is not UTF-8 or not JSON."""
    raw = event.get("body")
    if raw is None:
        return None
    if not isinstance(raw, str):
        return error(400, "malformed_body", "The body is not text.")
    try:
        data = base64.b64decode(raw, validate=True) if event.get("isBase64Encoded") else raw.encode("utf-8")
    except (binascii.Error, UnicodeEncodeError):
        return error(400, "malformed_body", "The body is not valid base64 or UTF-8.")
    if len(data) > MAX_BODY_BYTES:
        return error(413, "body_too_large", f"The body is larger than {MAX_BODY_BYTES} bytes.")
    try:
        json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        return error(400, "malformed_body", "The body is not UTF-8.")
    except ValueError:
        return error(400, "malformed_body", "The body is not valid JSON.")
    return None


def _register_errors(app: APIGatewayRestResolver) -> None:
    handlers: dict[type[Exception], Callable[[Any], Response[str]]] = {
        RequestValidationError: _invalid,
        SessionEnded: lambda e: error(
            409,
            "session_ended",
            "This session has ended; start a new session.",
            [{"reason": e.reason, "ended_at": e.ended_at}],
        ),
        MessageConflict: lambda e: error(
            409, "message_id_reused", f"Message {e.message_id} was already received with a different body."
        ),
        SessionNotFound: lambda e: error(404, "session_not_found", f"No session {e.session_id}."),
        # Only a read of the session state can fail this way: a message still gets a degraded verdict.
        StoreUnavailable: lambda _: error(
            503, "session_store_unavailable", "The session state cannot be read right now; retry shortly."
        ),
    }
    for exception_type, handler in handlers.items():
        app.exception_handler(exception_type)(handler)

    @app.not_found
    def _not_found(_: Exception) -> Response[str]:
        return error(404, "not_found", "No such route.")

    app.exception_handler(Exception)(_unexpected)


def _unexpected(exc: Exception) -> Response[str]:
    # A bug, not bad input: log the type (never the event: it holds personal data).
    logger.exception("unexpected error", extra={"error_type": type(exc).__name__})
    return error(500, "internal_error", "Something went wrong on our side; the request can be retried.")


def _invalid(exc: RequestValidationError) -> Response[str]:
    problems = exc.errors()
    if any(problem.get("type") == "json_invalid" for problem in problems):
        return error(400, "malformed_body", "The body is not valid JSON.")
    details = [
        {
            "loc": [str(part) for part in problem.get("loc", ())],
            "msg": str(problem.get("msg", "")),
            "type": str(problem.get("type", "")),
        }
        for problem in problems
    ]
    return error(422, "invalid_request", "A field is missing or invalid.", details)
