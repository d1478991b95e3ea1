"""The stateful resources, the layer, the log groups, parameters and outputs are what operators rely on."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import FUNCTION_IDS, LAYER_ID

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


def test_given_the_alerts_topic_when_read_then_a_rotated_customer_key_encrypts_it_and_email_is_optional(
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
    assert template["Parameters"]["CoordinatorEmail"]["Default"] == ""
    assert subscriptions
    for subscription in subscriptions:
        assert subscription["Properties"]["Protocol"] == "email"
        assert subscription["Properties"]["Endpoint"] == {"Ref": "CoordinatorEmail"}
        assert subscription["Condition"] in template["Conditions"], "subscribe only when an address is given"


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
