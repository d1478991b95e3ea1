"""The stateful resources, the layer, the log groups, parameters and outputs are what operators rely on."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from .conftest import FUNCTION_IDS, LAYER_ID, REPO_ROOT

pytestmark = pytest.mark.infrastructure

EXPECTED_OUTPUTS = {
    "ApiUrl",
    "ApiKeyId",
    "SessionsTableName",
    "ScriptsBucketName",
    "AlertsTopicArn",
    "DecorumLayerArn",
}


def test_given_the_parameters_when_sam_deploy_guided_asks_for_them_then_each_explains_itself(
    template: dict[str, Any],
) -> None:
    # given
    parameters = template["Parameters"]

    # when
    undescribed = [name for name, parameter in parameters.items() if not parameter.get("Description")]

    # then
    assert parameters
    assert undescribed == []


def test_given_the_outputs_when_operators_and_tests_read_them_then_each_is_there_and_described(
    template: dict[str, Any],
) -> None:
    # given
    outputs = template["Outputs"]

    # when
    present = {name for name, output in outputs.items() if output.get("Value") and output.get("Description")}

    # then
    assert present >= EXPECTED_OUTPUTS
    assert outputs["SessionsTableName"]["Value"] == {"Ref": "SessionsTable"}
    assert outputs["ScriptsBucketName"]["Value"] == {"Ref": "ScriptsBucket"}
    assert outputs["AlertsTopicArn"]["Value"] == {"Ref": "AlertsTopic"}
    assert outputs["DecorumLayerArn"]["Value"] == {"Ref": LAYER_ID}
    assert "${StageName}" in outputs["ApiUrl"]["Value"]["Fn::Sub"]


def test_given_the_sessions_table_when_read_then_it_is_keyed_on_pk_expires_and_is_protected(
    resources: dict[str, Any],
) -> None:
    # given
    table = resources["SessionsTable"]

    # when
    properties = table["Properties"]

    # then
    assert table["Type"] == "AWS::DynamoDB::Table"
    assert properties["BillingMode"] == "PAY_PER_REQUEST"
    assert properties["KeySchema"] == [{"AttributeName": "pk", "KeyType": "HASH"}]
    assert properties["AttributeDefinitions"] == [{"AttributeName": "pk", "AttributeType": "S"}]
    assert properties["TimeToLiveSpecification"] == {"AttributeName": "expires_at", "Enabled": True}
    assert properties["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True
    assert properties["SSESpecification"]["SSEEnabled"] is True


def test_given_the_scripts_bucket_when_read_then_it_is_private_versioned_encrypted_and_tls_only(
    resources: dict[str, Any],
) -> None:
    # given
    bucket = resources["ScriptsBucket"]["Properties"]
    policies = [
        resource["Properties"]
        for resource in resources.values()
        if resource["Type"] == "AWS::S3::BucketPolicy"
        and resource["Properties"]["Bucket"] == {"Ref": "ScriptsBucket"}
    ]

    # when
    denials = [
        statement
        for policy in policies
        for statement in policy["PolicyDocument"]["Statement"]
        if statement["Effect"] == "Deny"
        and statement.get("Condition", {}).get("Bool", {}).get("aws:SecureTransport") in ("false", False)
    ]

    # then
    assert set(bucket["PublicAccessBlockConfiguration"].values()) == {True}
    assert len(bucket["PublicAccessBlockConfiguration"]) == 4
    assert bucket["VersioningConfiguration"]["Status"] == "Enabled"
    assert bucket["OwnershipControls"]["Rules"] == [{"ObjectOwnership": "BucketOwnerEnforced"}]
    encryption = bucket["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]
    assert encryption["ServerSideEncryptionByDefault"]["SSEAlgorithm"] in ("AES256", "aws:kms")
    assert denials, "the bucket policy must deny requests that are not over TLS"


def test_given_the_alerts_topic_when_read_then_a_rotated_key_encrypts_it_and_subscribers_are_optional(
    template: dict[str, Any], resources: dict[str, Any]
) -> None:
    # given
    topic = resources["AlertsTopic"]["Properties"]
    key_ref = topic["KmsMasterKeyId"]

    # when
    key = resources[key_ref["Ref"]]
    subscriptions = [
        resource for resource in resources.values() if resource["Type"] == "AWS::SNS::Subscription"
    ]

    # then
    assert key["Type"] == "AWS::KMS::Key"
    assert key["Properties"]["EnableKeyRotation"] is True
    principals = [statement["Principal"] for statement in key["Properties"]["KeyPolicy"]["Statement"]]
    assert "*" not in principals
    endpoints = {"email": "CoordinatorEmail", "sms": "CoordinatorPhone"}
    coordinators = [s for s in subscriptions if s["Properties"]["TopicArn"] == {"Ref": "AlertsTopic"}]
    assert {s["Properties"]["Protocol"] for s in coordinators} == set(endpoints)
    for subscription in subscriptions:
        endpoint = subscription["Properties"]["Endpoint"]["Ref"]
        assert template["Parameters"][endpoint]["Default"] == ""
        assert subscription["Condition"] in template["Conditions"], "subscribe only when an address is given"
    for subscription in coordinators:
        protocol = subscription["Properties"]["Protocol"]
        assert subscription["Properties"]["Endpoint"] == {"Ref": endpoints[protocol]}
    assert resources["OperationsTopic"]["Properties"]["KmsMasterKeyId"] == key_ref


def test_given_the_alert_fallback_when_read_then_a_queue_with_a_dead_letter_queue_is_drained_every_minute(
    resources: dict[str, Any],
) -> None:
    # given
    fallback = resources["AlertsFallbackQueue"]["Properties"]
    dead_letter = resources["AlertsDeadLetterQueue"]["Properties"]
    retry = resources["AlertsRetryFunction"]["Properties"]

    # when
    (schedule,) = retry["Events"].values()

    # then
    assert fallback["SqsManagedSseEnabled"] is True and dead_letter["SqsManagedSseEnabled"] is True
    dead_letter_arn = {"Fn::GetAtt": ["AlertsDeadLetterQueue", "Arn"]}
    assert fallback["RedrivePolicy"]["deadLetterTargetArn"] == dead_letter_arn
    assert schedule == {
        "Type": "Schedule",
        "Properties": {"Schedule": "rate(1 minute)", "Description": "Re-publish parked distress alerts"},
    }
    assert retry["ReservedConcurrentExecutions"] == 1
    assert retry["Timeout"] < 60 <= fallback["VisibilityTimeout"]
    queue_url = retry["Environment"]["Variables"]["DECORUM_ALERTS_FALLBACK_QUEUE_URL"]
    assert queue_url == {"Ref": "AlertsFallbackQueue"}


def test_given_the_alarms_when_read_then_waiting_dead_lettered_failed_and_lost_alerts_notify_operations(
    resources: dict[str, Any],
) -> None:
    # given
    alarms = {
        logical_id: resource["Properties"]
        for logical_id, resource in resources.items()
        if resource["Type"] == "AWS::CloudWatch::Alarm"
    }

    # when
    watched = {
        (alarm["Namespace"], alarm["MetricName"], json.dumps(alarm["Dimensions"], sort_keys=True))
        for alarm in alarms.values()
        if "MetricName" in alarm
    }

    # then
    for queue in ("AlertsFallbackQueue", "AlertsDeadLetterQueue"):
        dimensions = [{"Name": "QueueName", "Value": {"Fn::GetAtt": [queue, "QueueName"]}}]
        depth = ("AWS/SQS", "ApproximateNumberOfMessagesVisible", json.dumps(dimensions, sort_keys=True))
        assert depth in watched
    service = json.dumps([{"Name": "service", "Value": "decorum"}], sort_keys=True)
    assert ("Decorum", "AlertPublishFailures", service) in watched
    assert ("Decorum", "AlertsLost", service) in watched
    for alarm in alarms.values():
        assert alarm["AlarmActions"] == [{"Ref": "OperationsTopic"}]
        assert alarm["TreatMissingData"] == "notBreaching"


def _alarmed_metrics(alarm: dict[str, Any]) -> set[tuple[str, str, str | None]]:
    """(namespace, metric, function) for a plain alarm and for each metric of a metric-math one."""
    if "MetricName" in alarm:
        return {(alarm["Namespace"], alarm["MetricName"], None)}
    found = set()
    for query in alarm["Metrics"]:
        metric = (query.get("MetricStat") or {}).get("Metric")
        if metric:
            dimensions = metric.get("Dimensions", [])
            functions = [d["Value"]["Ref"] for d in dimensions if d["Name"] == "FunctionName"]
            found.add((metric["Namespace"], metric["MetricName"], functions[0] if functions else None))
    return found


def test_given_the_alarms_when_read_then_api_errors_latency_function_failures_and_end_spikes_are_watched(
    resources: dict[str, Any],
) -> None:
    # given
    alarms = [r["Properties"] for r in resources.values() if r["Type"] == "AWS::CloudWatch::Alarm"]
    functions = {name for name, r in resources.items() if r["Type"] == "AWS::Serverless::Function"}

    # when
    watched = set().union(*(_alarmed_metrics(alarm) for alarm in alarms))

    # then
    assert {("AWS/ApiGateway", "5XXError", None), ("AWS/ApiGateway", "Latency", None)} <= watched
    for function in functions:
        assert ("AWS/Lambda", "Errors", function) in watched
        assert ("AWS/Lambda", "Throttles", function) in watched
    (spike,) = [a for a in alarms if ("Decorum", "SessionsEnded", None) in _alarmed_metrics(a)]
    assert any("ANOMALY_DETECTION_BAND" in q.get("Expression", "") for q in spike["Metrics"])
    assert spike["ComparisonOperator"] == "GreaterThanUpperThreshold"


EMITTED = re.compile(r'(?:name=|_single\(|: )"([A-Z][A-Za-z]+)"')


def test_given_the_dashboard_when_read_then_it_shows_every_metric_the_code_emits(
    resources: dict[str, Any],
) -> None:
    # given
    body_template = resources["OperationsDashboard"]["Properties"]["DashboardBody"]["Fn::Sub"]
    code = REPO_ROOT / "layers/decorum/decorum"
    sources = [code / "api/telemetry.py", code / "jobs.py"]
    emitted = {name for path in sources for name in EMITTED.findall(path.read_text(encoding="utf-8"))}

    # when
    body = json.loads(re.sub(r"\$\{[^}]+\}", "x", body_template))
    shown = json.dumps(body)

    # then
    assert {"Verdicts", "SessionsEnded", "EngineLatency", "DegradedVerdicts", "ScriptFallbacks"} <= emitted
    assert {"AlertsQueued", "AlertsLost", "AlertPublishFailures", "AlertsRepublished"} <= emitted
    missing = sorted(name for name in emitted if f'"{name}"' not in shown and f'\\"{name}\\"' not in shown)
    assert missing == []
    assert all(widget["properties"].get("region") or widget["type"] == "text" for widget in body["widgets"])


@pytest.mark.parametrize("function_id", FUNCTION_IDS)
def test_given_a_function_when_its_logging_is_read_then_it_writes_to_a_log_group_with_set_retention(
    template: dict[str, Any], resources: dict[str, Any], function_id: str
) -> None:
    # given
    properties = resources[function_id]["Properties"]

    # when
    log_group = resources[properties["LoggingConfig"]["LogGroup"]["Ref"]]

    # then
    assert log_group["Type"] == "AWS::Logs::LogGroup"
    assert log_group["Properties"]["LogGroupName"]["Fn::Sub"].startswith("/aws/lambda/")
    assert log_group["Properties"]["RetentionInDays"] == {"Ref": "LogRetentionDays"}
    assert template["Parameters"]["LogRetentionDays"]["Default"] == 30


def test_given_the_function_globals_when_read_then_every_function_runs_python313_on_arm64_with_the_layer(
    template: dict[str, Any], resources: dict[str, Any]
) -> None:
    # given
    function_globals = template["Globals"]["Function"]

    # when
    layer = resources[LAYER_ID]["Properties"]

    # then
    assert function_globals["Runtime"] == "python3.13"
    assert function_globals["Architectures"] == ["arm64"]
    assert function_globals["Handler"] == "app.handler"
    assert function_globals["Tracing"] == "Active"
    assert function_globals["Layers"] == [{"Ref": LAYER_ID}]
    assert layer["CompatibleRuntimes"] == ["python3.13"]
    assert layer["CompatibleArchitectures"] == ["arm64"]
    assert layer["RetentionPolicy"] == "Delete"
    for function_id in FUNCTION_IDS:
        overridden = {"Runtime", "Architectures", "Handler", "Layers"} & set(
            resources[function_id]["Properties"]
        )
        assert overridden == set(), f"{function_id} overrides Globals: {overridden}"
