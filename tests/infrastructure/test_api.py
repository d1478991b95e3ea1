"""The REST API: the SPEC's routes, API keys where they belong, a usage plan, errors in the API's shape."""

from __future__ import annotations

import json
from typing import Any

import pytest

from .conftest import API_ID

pytestmark = pytest.mark.infrastructure

# The SPEC's "HTTP API (v1)" table, plus the OpenAPI document and its Swagger UI, which the API serves.
# (method, path) -> (function, API key required)
EXPECTED_ROUTES = {
    ("POST", "/v1/sessions/{session_id}/messages"): ("MessagesFunction", True),
    ("POST", "/v1/evaluate"): ("EvaluateFunction", True),
    ("GET", "/v1/sessions/{session_id}"): ("SessionsFunction", True),
    ("GET", "/v1/health"): ("DocsFunction", False),
    ("GET", "/v1/openapi.json"): ("DocsFunction", False),
    ("GET", "/v1/docs"): ("DocsFunction", False),
}
# API Gateway's own errors: response type -> (status code or None to keep API Gateway's, "code" field).
EXPECTED_GATEWAY_RESPONSES: dict[str, tuple[int | None, str]] = {
    "MISSING_AUTHENTICATION_TOKEN": (404, "not_found"),
    "INVALID_API_KEY": (403, "forbidden"),
    "REQUEST_TOO_LARGE": (413, "body_too_large"),
    "THROTTLED": (429, "throttled"),
    "QUOTA_EXCEEDED": (429, "quota_exceeded"),
    "API_CONFIGURATION_ERROR": (500, "internal_error"),
    "DEFAULT_4XX": (None, "bad_request"),
    "DEFAULT_5XX": (None, "internal_error"),
}


def api_events(functions: dict[str, dict[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    return [
        (logical_id, event["Properties"])
        for logical_id, function in functions.items()
        for event in function.get("Properties", {}).get("Events", {}).values()
        if event.get("Type") == "Api"
    ]


def test_given_the_functions_when_their_api_events_are_listed_then_they_are_exactly_the_spec_routes(
    resources: dict[str, Any], functions: dict[str, dict[str, Any]]
) -> None:
    # given
    default_key_required = resources[API_ID]["Properties"]["Auth"]["ApiKeyRequired"]

    # when
    routes = {
        (properties["Method"].upper(), properties["Path"]): (
            logical_id,
            properties.get("Auth", {}).get("ApiKeyRequired", default_key_required),
        )
        for logical_id, properties in api_events(functions)
    }

    # then
    assert len(routes) == len(api_events(functions)), "a route is declared twice"
    assert routes == EXPECTED_ROUTES
    assert {json.dumps(properties["RestApiId"]) for _, properties in api_events(functions)} == {
        json.dumps({"Ref": API_ID})
    }


def test_given_the_translated_api_when_its_methods_are_read_then_only_health_and_docs_skip_the_key(
    translated: dict[str, Any],
) -> None:
    # given
    body = translated["Resources"][API_ID]["Properties"]["Body"]

    # when
    key_required = {
        (method.upper(), path): any(
            "api_key" in requirement for requirement in operation.get("security") or []
        )
        for path, operations in body["paths"].items()
        for method, operation in operations.items()
    }

    # then
    assert key_required == {route: required for route, (_, required) in EXPECTED_ROUTES.items()}
    assert body["components"]["securitySchemes"]["api_key"] == {
        "type": "apiKey",
        "name": "x-api-key",
        "in": "header",
    }


@pytest.mark.parametrize(("response_type", "expected"), EXPECTED_GATEWAY_RESPONSES.items())
def test_given_an_api_gateway_error_when_it_is_answered_then_the_body_is_json_with_code_and_message(
    resources: dict[str, Any], response_type: str, expected: tuple[int | None, str]
) -> None:
    # given
    status, code = expected
    response = resources[API_ID]["Properties"]["GatewayResponses"][response_type]

    # when: API Gateway substitutes $context.error.messageString with a quoted JSON string
    rendered = response["ResponseTemplates"]["application/json"].replace(
        "$context.error.messageString", json.dumps("API Gateway's message")
    )
    body = json.loads(rendered)

    # then
    assert set(body) == {"code", "message"}
    assert body["code"] == code
    assert isinstance(body["message"], str)
    assert body["message"]
    assert response.get("StatusCode") == status
    assert response["ResponseParameters"]["Headers"]["Content-Type"] == "'application/json'"


def test_given_the_api_when_its_usage_plan_is_read_then_throttle_and_quota_are_described_parameters(
    template: dict[str, Any], resources: dict[str, Any]
) -> None:
    # given
    parameters = template["Parameters"]

    # when
    usage_plan = resources[API_ID]["Properties"]["Auth"]["UsagePlan"]
    referenced = [
        usage_plan["Throttle"]["RateLimit"],
        usage_plan["Throttle"]["BurstLimit"],
        usage_plan["Quota"]["Limit"],
        usage_plan["Quota"]["Period"],
    ]

    # then
    assert usage_plan["CreateUsagePlan"] == "PER_API"
    for value in referenced:
        assert isinstance(value, dict), f"{value} should be a parameter"
        assert parameters[value["Ref"]].get("Description"), value


def test_given_the_translated_api_when_read_then_its_key_and_usage_plan_exist_and_the_key_id_is_output(
    template: dict[str, Any], translated: dict[str, Any]
) -> None:
    # given
    generated = translated["Resources"]

    # when
    key = generated[f"{API_ID}ApiKey"]
    usage_plan_key = generated[f"{API_ID}UsagePlanKey"]

    # then
    assert key["Type"] == "AWS::ApiGateway::ApiKey"
    assert usage_plan_key["Properties"]["KeyId"] == {"Ref": f"{API_ID}ApiKey"}
    assert template["Outputs"]["ApiKeyId"]["Value"] == {"Ref": f"{API_ID}ApiKey"}


def test_given_the_translated_stage_when_read_then_tracing_and_metrics_are_on_and_bodies_never_logged(
    template: dict[str, Any], translated: dict[str, Any]
) -> None:
    # given
    stage = translated["Resources"][f"{API_ID}Stage"]["Properties"]

    # when
    method_settings = stage["MethodSettings"]

    # then
    assert stage["StageName"] == {"Ref": "StageName"}
    assert template["Parameters"]["StageName"]["Default"] == "prod"
    assert stage["TracingEnabled"] is True
    assert [setting["MetricsEnabled"] for setting in method_settings] == [True]
    assert all(setting.get("DataTraceEnabled", False) is False for setting in method_settings)
    assert all("ThrottlingRateLimit" in setting for setting in method_settings)
