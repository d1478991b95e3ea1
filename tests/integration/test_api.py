"""The HTTP contract over the local stack: auth, routing, errors and documentation, as a client sees them."""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest

from decorum.local.stack import LocalStack

from .conftest import EVENTS, Api, load_event

pytestmark = pytest.mark.integration

ABUSIVE = "What are you stupid?"
DOCUMENTED_PATHS = {
    "/v1/sessions/{session_id}/messages",
    "/v1/evaluate",
    "/v1/sessions/{session_id}",
    "/v1/health",
}


def test_given_no_key_when_health_is_asked_then_it_answers_ok(api: Api) -> None:
    # when
    response = api.with_key(None).request("GET", "/v1/health")

    # then
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_given_no_key_when_the_openapi_document_is_asked_then_it_describes_the_four_routes(api: Api) -> None:
    # when
    response = api.with_key(None).request("GET", "/v1/openapi.json")

    # then
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    assert set(document["paths"]) == DOCUMENTED_PATHS


def test_given_no_key_when_the_docs_page_is_asked_then_swagger_ui_is_served(api: Api) -> None:
    # when
    response = api.with_key(None).request("GET", "/v1/docs")

    # then
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("key", [None, "not-the-key"], ids=["missing", "wrong"])
def test_given_no_valid_key_when_a_message_is_posted_then_403_json_and_the_function_never_runs(
    api: Api, session_id: str, key: str | None
) -> None:
    # when
    response = api.with_key(key).post_message(session_id, "m1", ABUSIVE)

    # then
    assert response.status_code == 403
    assert response.headers["Content-Type"] == "application/json"
    assert response.json()["code"] == "forbidden"
    assert api.get_session(session_id).status_code == 404  # nothing was recorded


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/v1/nothing-here"),
        ("DELETE", "/v1/evaluate"),
        ("GET", "/v1/sessions/a/messages/b"),
        ("GET", "/"),
    ],
)
def test_given_an_unknown_route_when_requested_then_404_json(api: Api, method: str, path: str) -> None:
    # when
    response = api.request(method, path)

    # then
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "No such route."}


def test_given_a_body_that_is_not_json_when_posted_then_400_json(api: Api, session_id: str) -> None:
    # when
    response = api.request("POST", f"/v1/sessions/{session_id}/messages", body=b'{"message_id": "m1", ')

    # then
    assert response.status_code == 400
    assert response.json()["code"] == "malformed_body"


def test_given_bytes_that_are_not_utf8_when_posted_then_they_reach_the_function_as_base64_and_get_400(
    api: Api, session_id: str
) -> None:
    # when
    response = api.request("POST", f"/v1/sessions/{session_id}/messages", body=b'{"text": "caf\xe9"}')

    # then
    assert response.status_code == 400
    assert response.json()["code"] == "malformed_body"


def test_given_a_body_over_16_kb_when_posted_then_413_json_from_the_function(
    api: Api, session_id: str
) -> None:
    # given
    body = {"message_id": "m1", "sender": "customer", "text": "a" * (17 * 1024)}

    # when
    response = api.request("POST", f"/v1/sessions/{session_id}/messages", json_body=body)

    # then
    assert response.status_code == 413
    assert response.json()["code"] == "body_too_large"


def test_given_an_invalid_field_when_posted_then_422_json_naming_the_field(api: Api, session_id: str) -> None:
    # given
    body = {"message_id": "m1", "sender": "robot", "text": "hello"}

    # when
    response = api.request("POST", f"/v1/sessions/{session_id}/messages", json_body=body)

    # then
    assert response.status_code == 422
    error = response.json()
    assert error["code"] == "invalid_request"
    assert any(detail["loc"][-1] == "sender" for detail in error["details"])


def test_given_a_payload_over_api_gateways_10_mb_when_announced_then_413_before_the_body_is_sent(
    stack: LocalStack,
) -> None:
    # given: only the headers go out; a gateway that waited for the body would never answer
    url = urlsplit(stack.base_url)
    connection = http.client.HTTPConnection(url.hostname or "", url.port, timeout=5)
    connection.putrequest("POST", "/v1/evaluate")
    connection.putheader("x-api-key", stack.api_key)
    connection.putheader("Content-Type", "application/json")
    connection.putheader("Content-Length", str(10 * 1024 * 1024 + 1))
    connection.endheaders()

    # when
    response = connection.getresponse()

    # then
    try:
        assert response.status == 413
        assert json.loads(response.read())["code"]
    finally:
        connection.close()


def test_given_a_chunked_body_when_posted_then_the_gateway_reassembles_it(api: Api) -> None:
    # given: a generator makes requests send Transfer-Encoding: chunked
    payload = json.dumps({"text": ABUSIVE}).encode()

    def chunks() -> Iterator[bytes]:
        yield payload[:5]
        yield payload[5:]

    # when
    response = api.http.post(
        f"{api.base_url}/v1/evaluate",
        data=chunks(),
        headers={"x-api-key": api.key or "", "Content-Type": "application/json"},
        timeout=10,
    )

    # then
    assert response.status_code == 200
    assert response.json()["action"] == "end_session"


def test_given_a_query_string_and_repeated_headers_when_requested_then_the_function_still_answers(
    api: Api,
) -> None:
    # when
    response = api.http.get(
        f"{api.base_url}/v1/health?probe=1&probe=2&empty=",
        headers={"X-Correlation-Id": "corr-1"},
        timeout=10,
    )

    # then
    assert response.status_code == 200
    assert response.headers["x-amzn-RequestId"]


def _expected_events() -> dict[str, dict[str, Any]]:
    expected: dict[str, dict[str, Any]] = json.loads((EVENTS / "expected.json").read_text(encoding="utf-8"))
    return expected


@pytest.mark.parametrize(("event_name", "expected"), sorted(_expected_events().items()))
def test_given_each_sample_event_when_sent_over_http_then_the_answer_is_the_expected_one(
    api: Api, session_id: str, event_name: str, expected: dict[str, Any]
) -> None:
    # given: the request each events/ file describes, in a fresh session
    event = load_event(event_name)
    path = event["path"]
    if event.get("pathParameters") and "session_id" in event["pathParameters"]:
        path = path.replace(event["pathParameters"]["session_id"], session_id)
    headers = {name: value for name, value in event["headers"].items() if name.lower() != "host"}

    # when
    response = api.http.request(
        event["httpMethod"],
        api.base_url + path,
        headers=headers,
        data=event["body"].encode("utf-8") if event["body"] else None,
        timeout=10,
    )

    # then
    assert response.status_code == expected["status"]
    if "category" in expected:
        verdict = response.json()
        assert (verdict["category"], verdict["action"]) == (expected["category"], expected["action"])


def test_given_the_readme_curl_without_a_content_type_then_the_json_body_is_still_read(
    api: Api, session_id: str
) -> None:
    # curl -d sends application/x-www-form-urlencoded: the API speaks JSON whatever the header says.
    body = '{"message_id":"m1","sender":"customer","text":"What are you stupid?"}'
    response = api.http.post(
        f"{api.base_url}/v1/sessions/{session_id}/messages",
        data=body,
        headers={"x-api-key": api.key or "", "Content-Type": "application/x-www-form-urlencoded"},
        timeout=10,
    )

    assert response.status_code == 200, response.text
    assert response.json()["action"] == "end_session"
