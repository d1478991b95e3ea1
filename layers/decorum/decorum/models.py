"""The data that crosses Decorum's boundaries: requests, verdicts and session views.

These models are the HTTP contract of SPEC "HTTP API (v1)". The engine works on its own small
dataclasses (see ``decorum.engine.types``) for speed; the service turns them into these models.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

MAX_TEXT_CHARS = 4000
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$"

Identifier = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=128)]


def _date_time_text(value: object) -> object:
    """The schema promises an RFC 3339 string; pydantic alone would also take a number of seconds."""
    if isinstance(value, int | float):
        raise ValueError("a date-time string (RFC 3339), not a number")
    return value


Timestamp = Annotated[datetime, BeforeValidator(_date_time_text)]
Sender = Literal["customer", "provider"]


class Category(StrEnum):
    NONE = "none"
    CHIT_CHAT = "chit_chat"
    RUDE = "rude"
    THREAT = "threat"
    ABUSIVE = "abusive"
    DISTRESS = "distress"
    EXPLICIT_REQUEST = "explicit_request"
    FILTER_BYPASS = "filter_bypass"
    PROVIDER_PERSONAL = "provider_personal"
    SERVICE_QUESTION = "service_question"
    SERVICE_POLICY = "service_policy"
    PERSONAL_INFO = "personal_info"
    PROVIDER_OPINION = "provider_opinion"
    PROVIDER_OVERASK = "provider_overask"


# SPEC "Categories": the primary category is the first of these that fired.
PRECEDENCE: tuple[Category, ...] = (
    Category.DISTRESS,
    Category.ABUSIVE,
    Category.THREAT,
    Category.RUDE,
    Category.EXPLICIT_REQUEST,
    Category.FILTER_BYPASS,
    Category.SERVICE_POLICY,
    Category.SERVICE_QUESTION,
    Category.PROVIDER_PERSONAL,
    Category.PERSONAL_INFO,
    # Provider coaching never competes with customer categories (different senders), but it must
    # still have a rank so the ordering is total.
    Category.PROVIDER_OPINION,
    Category.PROVIDER_OVERASK,
    Category.CHIT_CHAT,
    Category.NONE,
)


class Action(StrEnum):
    ALLOW = "allow"
    REPLY = "reply"
    WARN = "warn"
    END_SESSION = "end_session"
    REFER = "refer"
    COACH = "coach"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class MessageIn(Strict):
    """One chat message as the platform sends it."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        json_schema_extra={
            "examples": [
                {
                    "message_id": "m1",
                    "sender": "customer",
                    "text": "Do you have books on the history of Rome?",
                },
                {
                    "message_id": "m2",
                    "sender": "customer",
                    "text": "What are you stupid?",
                    "sent_at": "2026-11-28T14:03:00Z",
                    "library_id": "lib-towson",
                },
            ]
        },
    )

    message_id: Identifier = Field(description="The platform's id for this message; a retry reuses it.")
    sender: Sender = Field(description="Who wrote the message.")
    text: Annotated[str, StringConstraints(max_length=MAX_TEXT_CHARS)] = Field(
        description="The message text, at most 4,000 characters."
    )
    sent_at: Timestamp | None = Field(default=None, description="When the platform received it.")
    library_id: Identifier | None = Field(
        default=None, description="The customer's library, for per-library policy and scripts."
    )


class EvaluateIn(Strict):
    """A lone message for a dry run: same verdict, no session state touched."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        json_schema_extra={"examples": [{"text": "Can you hurry it up?"}]},
    )

    message_id: Identifier = Field(default="dry-run")
    sender: Sender = "customer"
    text: Annotated[str, StringConstraints(max_length=MAX_TEXT_CHARS)]
    sent_at: Timestamp | None = None
    library_id: Identifier | None = None


class Evidence(Strict):
    start: int = Field(ge=0, description="Start offset in the original text (inclusive).")
    end: int = Field(ge=0, description="End offset in the original text (exclusive).")
    rule: str = Field(description="The id of the policy rule that matched.")


class CategoryHit(Strict):
    name: Category
    evidence: list[Evidence]


class ScriptOut(Strict):
    id: str
    text: str


class AlertOut(Strict):
    sent: bool = Field(description="Published to the coordinators' topic.")
    id: str | None = None
    queued: bool = Field(
        default=False,
        description="SNS failed: the alert waits in the fallback queue and is re-published within minutes.",
    )


class DistressOut(Strict):
    subtype: Literal["self_harm", "danger_abuse", "medical", "low_mood"]
    severity: Literal["low", "high", "imminent"]


class SessionView(Strict):
    warnings: int = 0
    chit_chat_streak: int = 0
    distress: bool = False
    ended: bool = False


class SessionState(SessionView):
    """``GET /v1/sessions/{id}``: the ladder state, and why and when the session ended."""

    session_id: str
    explicit_requests: int = 0
    distress_level: Literal["none", "low", "high", "imminent"] = "none"
    ended_reason: str | None = None
    ended_at: datetime | None = None
    last_activity: datetime | None = None
    policy_version: str | None = None


class Verdict(Strict):
    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        json_schema_extra={
            "examples": [
                {
                    "session_id": "s1",
                    "message_id": "m2",
                    "category": "abusive",
                    "categories": [
                        {"name": "abusive", "evidence": [{"start": 13, "end": 19, "rule": "abusive.insult"}]}
                    ],
                    "action": "end_session",
                    "script": {
                        "id": "inappropriate_disconnect",
                        "text": "By using this service you agree ...",
                    },
                    "alert": None,
                    "distress": None,
                    "redacted_text": "What are you stupid?",
                    "session": {"warnings": 0, "chit_chat_streak": 0, "distress": False, "ended": True},
                    "degraded": False,
                    "policy_version": "2026.12.01-174",
                }
            ]
        },
    )

    session_id: str | None
    message_id: str
    category: Category
    categories: list[CategoryHit]
    action: Action
    script: ScriptOut | None = None
    alert: AlertOut | None = None
    distress: DistressOut | None = None
    redacted_text: str
    session: SessionView
    degraded: bool = Field(
        default=False,
        description=(
            "True when a dependency failed for this message and a safe default stood in: the session"
            " state could not be read or written (the action is the first offence's), the script came"
            " from the bundled defaults because S3 failed, or the alert waits in the fallback queue."
        ),
    )
    policy_version: str


class Health(Strict):
    status: Literal["ok"] = "ok"
    version: str


class ErrorBody(Strict):
    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        json_schema_extra={
            "examples": [
                {"code": "session_ended", "message": "This session has ended; start a new session."},
                {
                    "code": "invalid_request",
                    "message": "A field is missing or invalid.",
                    "details": [
                        {
                            "loc": ["body", "sender"],
                            "msg": "Input should be 'customer' or 'provider'",
                            "type": "literal_error",
                        }
                    ],
                },
            ]
        },
    )

    code: str = Field(description="A stable, machine-readable error code.")
    message: str = Field(description="What went wrong, for a human.")
    details: list[dict[str, object]] | None = None
