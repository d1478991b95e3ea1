"""The Lambda handlers, driven by the events in events/ (the same files `sam local invoke` uses)."""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from typing import Any

import pytest

from decorum.adapters.alerts import InMemoryAlerts
from decorum.api.telemetry import record_engine_latency
from decorum.models import ErrorBody, Verdict
from decorum.service import Moderator
from decorum.wiring import set_moderator
from tests.unit.conftest import EVENTS, FakeContext, load_event, load_function, log_to

EXPECTED: dict[str, dict[str, Any]] = json.loads((EVENTS / "expected.json").read_text(encoding="utf-8"))
FUNCTION_DIRS = {
    "MessagesFunction": "messages",
    "EvaluateFunction": "evaluate",
    "SessionsFunction": "sessions",
    "DocsFunction": "docs",
}


def invoke(function: str, event: dict[str, Any]) -> dict[str, Any]:
    response: dict[str, Any] = load_function(FUNCTION_DIRS[function]).handler(event, FakeContext())
    return response


def test_every_event_file_has_an_expectation() -> None:
    files = {path.name for path in EVENTS.glob("*.json")} - {"expected.json"}

    assert files == set(EXPECTED)


@pytest.mark.usefixtures("moderator")
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_given_an_event_when_its_function_handles_it_then_the_expected_answer(name: str) -> None:
    expected = EXPECTED[name]

    response = invoke(expected["function"], load_event(name))

    assert response["statusCode"] == expected["status"], response["body"]
    body = json.loads(response["body"])
    if "category" in expected:
        verdict = Verdict.model_validate(body)
        assert (verdict.category.value, verdict.action.value) == (expected["category"], expected["action"])
    elif expected["status"] >= 400:
        ErrorBody.model_validate(body)


@pytest.mark.usefixtures("moderator")
def test_personal_data_never_comes_back_unredacted() -> None:
    response = invoke("MessagesFunction", load_event("message-personal-info.json"))

    body = json.loads(response["body"])
    assert "21234000567890" not in response["body"]
    assert "4821" not in body["redacted_text"]


def _message_event(body: str, session: str = "s-errors") -> dict[str, Any]:
    event = load_event("message-rude.json")
    event["body"] = body
    event["path"] = f"/v1/sessions/{session}/messages"
    event["pathParameters"] = {"session_id": session}
    return event


@pytest.mark.usefixtures("moderator")
@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ("{not json", 400, "malformed_body"),
        ("", 400, "malformed_body"),
        ('{"message_id": "m1", "sender": "customer", "text": "' + "a" * 17_000 + '"}', 413, "body_too_large"),
        ('{"message_id": "m1", "sender": "customer", "text": "' + "a" * 4_001 + '"}', 422, "invalid_request"),
        ('{"message_id": "m1", "sender": "robot", "text": "hi"}', 422, "invalid_request"),
        ('{"message_id": "../etc", "sender": "customer", "text": "hi"}', 422, "invalid_request"),
        ('{"sender": "customer", "text": "hi"}', 422, "invalid_request"),
        ('{"message_id": "m1", "sender": "customer", "text": "hi", "extra": 1}', 422, "invalid_request"),
        ("[1, 2]", 422, "invalid_request"),
    ],
)
def test_given_bad_input_then_a_json_4xx_never_a_5xx(body: str, status: int, code: str) -> None:
    response = invoke("MessagesFunction", _message_event(body))

    assert response["statusCode"] == status
    error = ErrorBody.model_validate_json(response["body"])
    assert error.code == code
    if status == 422:
        assert error.details and all({"loc", "msg", "type"} <= set(detail) for detail in error.details)


@pytest.mark.usefixtures("moderator")
def test_given_a_body_that_is_not_utf8_then_400() -> None:
    event = _message_event("")
    event["body"] = "/w=="  # base64 of the byte 0xFF
    event["isBase64Encoded"] = True

    response = invoke("MessagesFunction", event)

    assert response["statusCode"] == 400


@pytest.mark.usefixtures("moderator")
def test_given_an_invalid_session_id_then_422() -> None:
    event = _message_event('{"message_id": "m1", "sender": "customer", "text": "hi"}', session="bad id!")

    assert invoke("MessagesFunction", event)["statusCode"] == 422


def test_given_an_ended_session_then_409_and_nothing_changes(moderator: Moderator) -> None:
    invoke(
        "MessagesFunction",
        _message_event('{"message_id": "a", "sender": "customer", "text": "fuck you"}', "s-409"),
    )
    before = moderator.sessions.get("s-409")

    response = invoke(
        "MessagesFunction",
        _message_event('{"message_id": "b", "sender": "customer", "text": "sorry"}', "s-409"),
    )

    assert response["statusCode"] == 409
    assert ErrorBody.model_validate_json(response["body"]).code == "session_ended"
    assert moderator.sessions.get("s-409") == before


@pytest.mark.usefixtures("moderator")
def test_the_openapi_document_describes_every_route_and_its_errors() -> None:
    event = load_event("health.json")
    event["path"] = event["resource"] = "/v1/openapi.json"

    document = json.loads(invoke("DocsFunction", event)["body"])

    assert set(document["paths"]) == {
        "/v1/sessions/{session_id}/messages",
        "/v1/evaluate",
        "/v1/sessions/{session_id}",
        "/v1/health",
    }
    post = document["paths"]["/v1/sessions/{session_id}/messages"]["post"]
    for status in ("400", "409", "413", "422"):
        assert post["responses"][status]["content"]["application/json"]["schema"]["$ref"].endswith(
            "/ErrorBody"
        )
    assert set(document["components"]["schemas"]["ErrorBody"]["required"]) == {"code", "message"}


def _with_correlation_id(event: dict[str, Any], value: str) -> dict[str, Any]:
    """The event with this X-Correlation-Id header instead of the one the event file carries."""
    headers = {k: v for k, v in (event.get("headers") or {}).items() if k.lower() != "x-correlation-id"}
    return {**event, "headers": {**headers, "X-Correlation-Id": value}, "multiValueHeaders": None}


def _json_lines(output: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def test_given_a_correlation_id_header_then_every_log_line_and_the_alert_carry_it(
    moderator: Moderator, alerts: InMemoryAlerts, capsys: pytest.CaptureFixture[str]
) -> None:
    # given
    log_to(sys.stdout)  # capsys' stream, now that it is active
    event = _with_correlation_id(load_event("message-distress.json"), "chat-7f3a:42")

    # when
    response = invoke("MessagesFunction", event)

    # then
    assert response["statusCode"] == 200
    logs = [line for line in _json_lines(capsys.readouterr().out) if "level" in line]
    assert logs and all(line["correlation_id"] == "chat-7f3a:42" for line in logs)
    (alert,) = alerts.published
    assert alert.correlation_id == "chat-7f3a:42" and "Correlation id: chat-7f3a:42" in alert.text()


def test_given_a_correlation_header_that_is_not_a_plain_id_then_the_request_id_is_used(
    moderator: Moderator, capsys: pytest.CaptureFixture[str]
) -> None:
    log_to(sys.stdout)  # capsys' stream, now that it is active
    event = _with_correlation_id(load_event("message-rude.json"), "my card 4111 1111")

    invoke("MessagesFunction", event)

    logs = [line for line in _json_lines(capsys.readouterr().out) if "level" in line]
    assert logs and all(line["correlation_id"] == event["requestContext"]["requestId"] for line in logs)


def test_an_ended_session_and_the_engine_latency_are_published_as_metrics(
    moderator: Moderator, capsys: pytest.CaptureFixture[str]
) -> None:
    set_moderator(replace(moderator, on_assessed=record_engine_latency))  # as wiring builds it

    invoke("MessagesFunction", load_event("message-abusive.json"))

    emitted = [line for line in _json_lines(capsys.readouterr().out) if "_aws" in line]
    directives = [d for line in emitted for d in line["_aws"]["CloudWatchMetrics"]]
    names = {metric["Name"]: directive for directive in directives for metric in directive["Metrics"]}
    assert names["SessionsEnded"]["Dimensions"] == [["service"]]
    assert set(names["EngineLatency"]["Dimensions"][0]) == {"category", "action", "service"}
    (latency,) = next(line["EngineLatency"] for line in emitted if "EngineLatency" in line)
    assert 0 < latency < 1_000_000  # microseconds
