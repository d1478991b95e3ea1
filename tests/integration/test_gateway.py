"""The gateway's own decisions, without sockets: errors of a function, routing precedence, defaults."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import requests

from decorum.local.functions import LocalFunction
from decorum.local.gateway import Gateway, GatewayResponses
from decorum.local.proxy import ProxyRequest
from decorum.local.template import FunctionSpec, RouteSpec, Template

from .conftest import TEMPLATE_PATH, Api

pytestmark = pytest.mark.integration

SECRET_TEXT = "my card number is 21234000567890"


def _function(handler: Callable[[dict[str, Any], Any], Any]) -> LocalFunction:
    spec = FunctionSpec("Fake", Path("."), "app.handler", 128, 3, {})
    return LocalFunction(spec, "_fake_module", handler, "us-east-1")


def _gateway(
    handler: Callable[[dict[str, Any], Any], Any], routes: list[RouteSpec], responses: dict[str, Any]
) -> Gateway:
    return Gateway(routes, {"Fake": _function(handler)}, "key", GatewayResponses(responses), stage="prod")


def _template_responses() -> dict[str, Any]:
    declared: dict[str, Any] = Template.load(TEMPLATE_PATH).api_properties("DecorumApi")["GatewayResponses"]
    return declared


def _post(path: str, body: bytes = b"{}") -> ProxyRequest:
    return ProxyRequest("POST", path, [("x-api-key", "key")], body, "127.0.0.1")


def test_given_a_function_that_raises_when_invoked_then_502_in_the_templates_shape_and_no_text_is_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # given
    def handler(event: dict[str, Any], context: Any) -> Any:
        raise ValueError(f"cannot handle {json.loads(event['body'])['text']}")

    gateway = _gateway(handler, [RouteSpec("Fake", "POST", "/v1/boom", True, None)], _template_responses())

    # when
    with caplog.at_level(logging.INFO):
        outcome = gateway.handle(_post("/v1/boom", json.dumps({"text": SECRET_TEXT}).encode()))

    # then
    assert outcome.response.status == 502
    assert json.loads(outcome.response.body)["code"] == "internal_error"
    assert "ValueError" in caplog.text
    assert SECRET_TEXT not in caplog.text


@pytest.mark.parametrize("result", [None, {"body": "{}"}, {"statusCode": 200, "body": {"not": "a string"}}])
def test_given_a_malformed_proxy_result_when_returned_then_502(result: Any) -> None:
    # given
    gateway = _gateway(lambda event, context: result, [RouteSpec("Fake", "GET", "/x", False, None)], {})

    # when
    outcome = gateway.handle(ProxyRequest("GET", "/x", [], b"", "127.0.0.1"))

    # then
    assert outcome.response.status == 502
    assert json.loads(outcome.response.body) == {"message": "Internal server error"}


def test_given_a_template_without_gateway_responses_when_refused_then_api_gateways_own_defaults_answer() -> (
    None
):
    # given
    gateway = _gateway(lambda event, context: None, [RouteSpec("Fake", "POST", "/x", True, None)], {})

    # when
    no_route = gateway.handle(_post("/nowhere")).response
    no_key = gateway.handle(ProxyRequest("POST", "/x", [], b"", "127.0.0.1")).response

    # then
    assert (no_route.status, json.loads(no_route.body)) == (403, {"message": "Missing Authentication Token"})
    assert (no_key.status, json.loads(no_key.body)) == (403, {"message": "Forbidden"})


def test_given_literal_parameter_and_greedy_routes_when_matched_then_the_most_specific_wins() -> None:
    # given
    seen: list[tuple[str, Any]] = []

    def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        seen.append((event["resource"], event["pathParameters"]))
        return {"statusCode": 200, "body": ""}

    routes = [
        RouteSpec("Fake", "ANY", "/files/{proxy+}", False, None),
        RouteSpec("Fake", "GET", "/files/{name}", False, None),
        RouteSpec("Fake", "GET", "/files/latest", False, None),
    ]
    gateway = _gateway(handler, routes, {})

    # when
    for path in ("/files/latest", "/files/a%20b", "/files/a/b/c"):
        gateway.handle(ProxyRequest("GET", path, [], b"", "127.0.0.1"))

    # then
    assert seen == [
        ("/files/latest", None),
        ("/files/{name}", {"name": "a b"}),
        ("/files/{proxy+}", {"proxy": "a/b/c"}),
    ]


def test_given_headers_and_multi_value_headers_when_returned_then_they_merge_as_api_gateway_merges_them() -> (
    None
):
    # given
    def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        return {
            "statusCode": 201,
            "headers": {"X-One": "single", "X-Two": "from-headers", "Content-Length": "999"},
            "multiValueHeaders": {"X-Two": ["a", "b"]},
            "body": "ok",
        }

    gateway = _gateway(handler, [RouteSpec("Fake", "GET", "/x", False, None)], {})

    # when
    response = gateway.handle(ProxyRequest("GET", "/x", [], b"", "127.0.0.1")).response

    # then
    assert response.status == 201
    assert response.body == b"ok"
    names = [(name, value) for name, value in response.headers if name != "x-amzn-RequestId"]
    assert names == [("X-Two", "a"), ("X-Two", "b"), ("X-One", "single")]


def test_given_parallel_requests_when_served_then_each_gets_its_own_answer(api: Api, session_id: str) -> None:
    # given: one connection per request (a requests.Session is not meant to be shared by threads)
    texts = [f"Do you have books about topic number {number}?" for number in range(12)]

    def post(number: int) -> requests.Response:
        return requests.post(
            f"{api.base_url}/v1/sessions/{session_id}-{number}/messages",
            json={"message_id": f"m{number}", "sender": "customer", "text": texts[number]},
            headers={"x-api-key": api.key or ""},
            timeout=10,
        )

    # when
    with ThreadPoolExecutor(max_workers=6) as pool:
        responses = list(pool.map(post, range(len(texts))))

    # then
    assert [response.status_code for response in responses] == [200] * len(texts)
    assert [response.json()["message_id"] for response in responses] == [f"m{n}" for n in range(len(texts))]
