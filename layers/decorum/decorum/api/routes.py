"""The routes of SPEC "HTTP API (v1)", one router per Lambda function."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Path
from aws_lambda_powertools.event_handler.openapi.types import OpenAPIResponse
from pydantic import BaseModel

from decorum import __version__
from decorum.api.app import ERROR_RESPONSES, error
from decorum.api.telemetry import record_verdict
from decorum.models import ID_PATTERN, ErrorBody, EvaluateIn, Health, MessageIn, SessionState, Verdict
from decorum.wiring import get_moderator

SessionId = Annotated[
    str, Path(pattern=ID_PATTERN, max_length=128, description="The chat platform's session id.")
]

_CONFLICT: OpenAPIResponse = {
    "description": "The session has ended, or the message id was reused.",
    "content": {"application/json": {"model": ErrorBody}},
}
_NOT_FOUND: OpenAPIResponse = {
    "description": "No such session.",
    "content": {"application/json": {"model": ErrorBody}},
}
_UNAVAILABLE: OpenAPIResponse = {
    "description": "The session store cannot be read right now (DynamoDB outage); retry shortly.",
    "content": {"application/json": {"model": ErrorBody}},
}


def _ok(description: str, model: type[BaseModel]) -> OpenAPIResponse:
    """The success response, declared: a route given other responses loses its default 200."""
    return {"description": description, "content": {"application/json": {"model": model}}}


messages = Router()
evaluate = Router()
sessions = Router()
health = Router()


@messages.post(
    "/v1/sessions/<session_id>/messages",
    summary="Moderate one message of a chat session",
    description="Classifies the message, applies the session's ladders, returns the verdict and script.",
    responses={
        200: _ok("The verdict, with the session after it.", Verdict),
        **ERROR_RESPONSES,
        409: _CONFLICT,
    },
    tags=["moderation"],
)
def post_message(session_id: SessionId, message: MessageIn) -> Verdict:
    verdict = get_moderator().moderate(session_id, message)
    record_verdict(verdict, "messages")
    return verdict


@evaluate.post(
    "/v1/evaluate",
    summary="Dry run: the verdict for a lone message",
    description="The verdict the first message of a new session would get; no state is read or written.",
    responses={200: _ok("The verdict a first message would get.", Verdict), **ERROR_RESPONSES},
    tags=["moderation"],
)
def post_evaluate(message: EvaluateIn) -> Verdict:
    verdict = get_moderator().evaluate(message)
    record_verdict(verdict, "evaluate")
    return verdict


@sessions.get(
    "/v1/sessions/<session_id>",
    summary="A session's ladder state",
    responses={
        200: _ok("The session's ladder state.", SessionState),
        **ERROR_RESPONSES,
        404: _NOT_FOUND,
        503: _UNAVAILABLE,
    },
    tags=["sessions"],
)
def get_session(session_id: SessionId) -> SessionState:
    return get_moderator().session_state(session_id)


@health.get("/v1/health", summary="Liveness", tags=["operations"])
def get_health() -> Health:
    return Health(version=__version__)


__all__ = ["error", "evaluate", "health", "messages", "sessions"]
