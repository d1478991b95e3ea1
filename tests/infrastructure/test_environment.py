"""Every variable the code reads is declared, wired to the right resource, and backed by a permission."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from decorum.settings import Settings

from .conftest import FUNCTION_IDS

pytestmark = pytest.mark.infrastructure

# Variable -> the logical id of the resource it names; its value must be `!Ref` of that resource.
RESOURCE_VARIABLES = {
    "DECORUM_SESSIONS_TABLE": "SessionsTable",
    "DECORUM_SCRIPTS_BUCKET": "ScriptsBucket",
    "DECORUM_ALERTS_TOPIC_ARN": "AlertsTopic",
}
RESOURCE_TYPES = {
    "SessionsTable": "AWS::DynamoDB::Table",
    "ScriptsBucket": "AWS::S3::Bucket",
    "AlertsTopic": "AWS::SNS::Topic",
}
POWERTOOLS_CONSTANTS = {"POWERTOOLS_SERVICE_NAME": "decorum", "POWERTOOLS_METRICS_NAMESPACE": "Decorum"}


def settings_variables() -> set[str]:
    return {field.alias for field in Settings.model_fields.values() if field.alias is not None}


def walk(node: Any) -> Iterator[tuple[Any, Any]]:
    """Every (key, value) pair in a nested structure of dicts and lists."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield key, value
            yield from walk(value)
    elif isinstance(node, list):
        for item in node:
            yield from walk(item)


def references(node: Any, logical_id: str) -> bool:
    """Whether node names logical_id through Ref, Fn::GetAtt or a ${...} in Fn::Sub."""
    for key, value in walk({"root": node}):
        if key == "Ref" and value == logical_id:
            return True
        if key == "Fn::GetAtt" and isinstance(value, list) and value[:1] == [logical_id]:
            return True
        if key == "Fn::Sub":
            text = value[0] if isinstance(value, list) else value
            if isinstance(text, str) and (f"${{{logical_id}}}" in text or f"${{{logical_id}." in text):
                return True
    return False


def policy_statements(function: dict[str, Any]) -> list[dict[str, Any]]:
    statements: list[dict[str, Any]] = []
    for policy in function.get("Properties", {}).get("Policies", []):
        if isinstance(policy, dict) and "Statement" in policy:
            statements.extend(policy["Statement"])
    return statements


def test_given_the_settings_model_when_the_template_is_read_then_every_variable_it_reads_is_declared(
    function_environments: dict[str, dict[str, Any]],
) -> None:
    # given
    wanted = settings_variables()

    # when
    declared = set().union(*(env.keys() for env in function_environments.values()))

    # then
    assert wanted, "Settings declares no environment variables: the model has changed shape"
    assert sorted(wanted - declared) == []


def test_given_the_template_when_its_decorum_variables_are_listed_then_each_is_a_settings_field(
    function_environments: dict[str, dict[str, Any]],
) -> None:
    # given
    known = settings_variables()

    # when
    declared = {name for env in function_environments.values() for name in env if name.startswith("DECORUM_")}

    # then
    assert sorted(declared - known) == [], "a DECORUM_* variable the code never reads (misspelt?)"


def test_given_the_whole_template_when_searched_then_the_event_payload_is_never_logged(
    template: dict[str, Any],
) -> None:
    # given / when
    log_event = [value for key, value in walk(template) if key == "POWERTOOLS_LOGGER_LOG_EVENT"]

    # then: payloads carry personal data
    assert [value for value in log_event if str(value).strip().lower() not in ("false", "0")] == []


def test_given_each_function_when_its_environment_is_read_then_powertools_is_configured(
    template: dict[str, Any], function_environments: dict[str, dict[str, Any]]
) -> None:
    # given
    log_level = template["Parameters"]["PowertoolsLogLevel"]

    # when / then
    assert log_level["Default"] == "INFO"
    assert log_level.get("Description")
    for logical_id, env in function_environments.items():
        assert {name: env.get(name) for name in POWERTOOLS_CONSTANTS} == POWERTOOLS_CONSTANTS, logical_id
        assert env.get("POWERTOOLS_LOG_LEVEL") == {"Ref": "PowertoolsLogLevel"}, logical_id


def test_given_the_globals_when_read_then_they_name_no_resource_so_each_function_declares_its_own(
    template: dict[str, Any],
) -> None:
    # given
    global_vars = template.get("Globals", {}).get("Function", {}).get("Environment", {}).get("Variables", {})

    # when / then
    assert sorted(set(global_vars) & set(RESOURCE_VARIABLES)) == []


@pytest.mark.parametrize("function_id", FUNCTION_IDS)
def test_given_a_resource_variable_when_a_function_declares_it_then_it_names_the_resource_and_may_use_it(
    resources: dict[str, Any],
    functions: dict[str, dict[str, Any]],
    function_environments: dict[str, dict[str, Any]],
    function_id: str,
) -> None:
    # given
    env = function_environments[function_id]
    statements = policy_statements(functions[function_id])

    for variable, logical_id in RESOURCE_VARIABLES.items():
        if variable not in env:
            continue
        # when
        granting = [
            statement for statement in statements if references(statement.get("Resource"), logical_id)
        ]

        # then
        assert resources[logical_id]["Type"] == RESOURCE_TYPES[logical_id]
        assert env[variable] == {"Ref": logical_id}, f"{function_id}: {variable}"
        assert granting, f"{function_id} reads {variable} but no policy statement names {logical_id}"


@pytest.mark.parametrize(
    ("function_id", "expected"),
    [
        (
            "MessagesFunction",
            {"DECORUM_SESSIONS_TABLE", "DECORUM_SCRIPTS_BUCKET", "DECORUM_ALERTS_TOPIC_ARN"},
        ),
        ("EvaluateFunction", {"DECORUM_SCRIPTS_BUCKET"}),
        ("SessionsFunction", {"DECORUM_SESSIONS_TABLE"}),
        ("DocsFunction", set()),
    ],
)
def test_given_a_function_when_its_resource_variables_are_listed_then_they_are_exactly_what_it_uses(
    function_environments: dict[str, dict[str, Any]], function_id: str, expected: set[str]
) -> None:
    # given
    env = function_environments[function_id]

    # when
    declared = set(env) & set(RESOURCE_VARIABLES)

    # then
    assert declared == expected
