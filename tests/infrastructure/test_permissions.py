"""Least privilege, checked on the IAM roles that aws-sam-translator generates from template.yaml."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from .conftest import FUNCTION_IDS, REPO_ROOT

SESSIONS_ADAPTER = REPO_ROOT / "layers/decorum/decorum/adapters/sessions.py"

pytestmark = pytest.mark.infrastructure

# Actions AWS offers no resource-level permission for: the only ones allowed on Resource "*".
NO_RESOURCE_LEVEL_ACTIONS = {
    "xray:PutTraceSegments",
    "xray:PutTelemetryRecords",
    "xray:GetSamplingRules",
    "xray:GetSamplingTargets",
    "xray:GetSamplingStatisticSummaries",
}
# What SAM attaches to every role it generates: logs for the function, X-Ray for `Tracing: Active`.
ALLOWED_MANAGED_POLICIES = {
    "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
    "arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess",
    "arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess",
}
# The AWS services each function's own statements may use (logs and X-Ray come with the role).
EXPECTED_SERVICES = {
    "MessagesFunction": {"dynamodb", "s3", "sns", "kms", "sqs"},
    "EvaluateFunction": {"s3"},
    "SessionsFunction": {"dynamodb"},
    "DocsFunction": set(),
    "AlertsRetryFunction": {"sqs", "sns", "kms"},
}
TABLE_ARN = {"Fn::GetAtt": ["SessionsTable", "Arn"]}
TOPIC_ARN = {"Ref": "AlertsTopic"}
KEY_ARN = {"Fn::GetAtt": ["AlertsKey", "Arn"]}
SCRIPT_OBJECTS_ARN = {"Fn::Sub": "${ScriptsBucket.Arn}/*"}


def dynamodb_actions_called_by(source: Path) -> set[str]:
    """'self._client.update_item(' -> 'dynamodb:UpdateItem', for every client call in the file."""
    operations = re.findall(r"_client\.([a-z_]+)\(", source.read_text(encoding="utf-8"))
    return {"dynamodb:" + "".join(part.title() for part in name.split("_")) for name in operations}


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def managed_policy_arns(role: dict[str, Any]) -> set[str]:
    """The role's managed policies as plain ARNs (SAM may write them as Fn::Sub over the partition)."""
    arns = set()
    for arn in role["Properties"].get("ManagedPolicyArns", []):
        text = arn["Fn::Sub"] if isinstance(arn, dict) else arn
        arns.add(str(text).replace("${AWS::Partition}", "aws"))
    return arns


def role_of(translated: dict[str, Any], function_id: str) -> tuple[str, dict[str, Any]]:
    resources = translated["Resources"]
    role = resources[function_id]["Properties"]["Role"]
    assert isinstance(role, dict), f"{function_id} must use the role SAM generates for it, not a shared one"
    role_id = role["Fn::GetAtt"][0]
    return role_id, resources[role_id]


def statements_of(role: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        statement
        for policy in role["Properties"].get("Policies", [])
        for statement in as_list(policy["PolicyDocument"]["Statement"])
    ]


def allowed(statements: list[dict[str, Any]], action: str, resource: Any) -> bool:
    return any(
        statement["Effect"] == "Allow"
        and action in as_list(statement["Action"])
        and resource in as_list(statement["Resource"])
        for statement in statements
    )


def actions_of(statements: list[dict[str, Any]], service: str) -> set[str]:
    return {
        action
        for statement in statements
        for action in as_list(statement["Action"])
        if action.split(":")[0] == service
    }


def test_given_the_translated_template_when_roles_are_listed_then_each_function_has_its_own(
    translated: dict[str, Any],
) -> None:
    # given / when
    role_ids = [role_of(translated, function_id)[0] for function_id in FUNCTION_IDS]

    # then
    assert len(set(role_ids)) == len(FUNCTION_IDS)


@pytest.mark.parametrize("function_id", FUNCTION_IDS)
def test_given_a_function_role_when_its_statements_are_read_then_none_uses_wildcard_actions_or_resources(
    translated: dict[str, Any], function_id: str
) -> None:
    # given
    _, role = role_of(translated, function_id)

    # when
    statements = statements_of(role)
    actions = [action for statement in statements for action in as_list(statement["Action"])]
    on_any_resource = [
        action
        for statement in statements
        if "*" in as_list(statement["Resource"])
        for action in as_list(statement["Action"])
    ]

    # then
    assert [action for action in actions if action == "*" or action.endswith(":*")] == []
    assert sorted(set(on_any_resource) - NO_RESOURCE_LEVEL_ACTIONS) == []
    assert [
        statement for statement in statements if "NotAction" in statement or "NotResource" in statement
    ] == []
    assert managed_policy_arns(role) <= ALLOWED_MANAGED_POLICIES


@pytest.mark.parametrize("function_id", FUNCTION_IDS)
def test_given_a_function_role_when_its_services_are_listed_then_they_are_only_those_it_needs(
    translated: dict[str, Any], function_id: str
) -> None:
    # given
    _, role = role_of(translated, function_id)

    # when
    services = {
        action.split(":")[0] for statement in statements_of(role) for action in as_list(statement["Action"])
    }

    # then
    assert services - {"logs", "xray"} == EXPECTED_SERVICES[function_id]


def test_given_the_messages_role_when_read_then_it_can_update_the_session_and_publish_an_alert(
    translated: dict[str, Any],
) -> None:
    # given
    _, role = role_of(translated, "MessagesFunction")

    # when
    statements = statements_of(role)

    # then
    # exactly the DynamoDB operations the sessions adapter calls, read from its source
    called = dynamodb_actions_called_by(SESSIONS_ADAPTER)
    assert called == {"dynamodb:GetItem", "dynamodb:UpdateItem"}
    assert actions_of(statements, "dynamodb") == called
    for action in called:
        assert allowed(statements, action, TABLE_ARN), action
    assert allowed(statements, "s3:GetObject", SCRIPT_OBJECTS_ARN)
    assert actions_of(statements, "s3") == {"s3:GetObject"}
    assert actions_of(statements, "sns") == {"sns:Publish"}
    assert allowed(statements, "sns:Publish", TOPIC_ARN)
    # publishing to a topic encrypted with a customer managed key needs the key
    assert allowed(statements, "kms:GenerateDataKey*", KEY_ARN)
    assert allowed(statements, "kms:Decrypt", KEY_ARN)


def test_given_the_evaluate_role_when_read_then_it_reads_scripts_and_touches_no_state_or_alerts(
    translated: dict[str, Any],
) -> None:
    # given
    _, role = role_of(translated, "EvaluateFunction")

    # when
    statements = statements_of(role)

    # then
    assert allowed(statements, "s3:GetObject", SCRIPT_OBJECTS_ARN)
    assert actions_of(statements, "s3") == {"s3:GetObject"}
    assert actions_of(statements, "dynamodb") == set()
    assert actions_of(statements, "sns") == set()
    assert actions_of(statements, "kms") == set()


def test_given_the_sessions_role_when_read_then_it_can_only_get_a_session(translated: dict[str, Any]) -> None:
    # given
    _, role = role_of(translated, "SessionsFunction")

    # when
    statements = statements_of(role)

    # then
    assert actions_of(statements, "dynamodb") == {"dynamodb:GetItem"}
    assert allowed(statements, "dynamodb:GetItem", TABLE_ARN)


def test_given_the_docs_role_when_read_then_it_has_no_statement_of_its_own(
    translated: dict[str, Any],
) -> None:
    # given
    _, role = role_of(translated, "DocsFunction")

    # when
    statements = statements_of(role)

    # then
    assert statements == []


FALLBACK_QUEUE_ARN = {"Fn::GetAtt": ["AlertsFallbackQueue", "Arn"]}


def test_given_the_alert_roles_when_read_then_messages_may_park_and_only_the_retry_job_may_drain(
    translated: dict[str, Any],
) -> None:
    # given
    _, messages = role_of(translated, "MessagesFunction")
    _, retry = role_of(translated, "AlertsRetryFunction")

    # when
    messages_statements, retry_statements = statements_of(messages), statements_of(retry)

    # then
    assert actions_of(messages_statements, "sqs") == {"sqs:SendMessage"}
    assert allowed(messages_statements, "sqs:SendMessage", FALLBACK_QUEUE_ARN)
    drain = {"sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility"}
    assert actions_of(retry_statements, "sqs") == drain
    for action in drain:
        assert allowed(retry_statements, action, FALLBACK_QUEUE_ARN), action
    assert actions_of(retry_statements, "sns") == {"sns:Publish"}
    assert allowed(retry_statements, "sns:Publish", TOPIC_ARN)
    assert allowed(retry_statements, "kms:GenerateDataKey*", KEY_ARN)
