"""The local stack builds what template.yaml declares, no more and no less, and nothing by hand."""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml

from decorum.adapters.scripts import STATEWIDE_PREFIX
from decorum.local.provision import BUCKET_TYPE, QUEUE_TYPE, TABLE_TYPE, TOPIC_TYPE
from decorum.local.stack import LocalStack, StackError, merge_environments
from decorum.local.template import CloudFormationLoader, Intrinsics, Template, TemplateError
from decorum.scriptset import seed_scripts

from .conftest import TEMPLATE_PATH

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def template() -> Template:
    return Template.load(TEMPLATE_PATH)


def test_given_cloudformation_short_tags_when_loaded_then_they_read_as_their_long_forms() -> None:
    # given
    text = "\n".join(
        [
            "a: !Ref Table",
            "b: !GetAtt Table.Arn",
            "c: !Sub '${Bucket.Arn}/*'",
            "d: !If [Cond, 1, !Ref AWS::NoValue]",
        ]
    )

    # when
    loaded = yaml.load(text, Loader=CloudFormationLoader)

    # then
    assert loaded == {
        "a": {"Ref": "Table"},
        "b": {"Fn::GetAtt": ["Table", "Arn"]},
        "c": {"Fn::Sub": "${Bucket.Arn}/*"},
        "d": {"Fn::If": ["Cond", 1, {"Ref": "AWS::NoValue"}]},
    }


def test_given_refs_getatts_and_subs_when_resolved_then_they_name_the_local_resources() -> None:
    # given
    intrinsics = Intrinsics(
        {"Bucket": "local-bucket", "Stage": "prod"}, {("Bucket", "Arn"): "arn:aws:s3:::local-bucket"}
    )

    # when
    resolved = intrinsics.resolve(
        {
            "ref": {"Ref": "Bucket"},
            "sub": {"Fn::Sub": "${Bucket.Arn}/${Stage}/${!Literal}"},
            "list": [{"Ref": "Stage"}],
        }
    )

    # then
    assert resolved == {
        "ref": "local-bucket",
        "sub": "arn:aws:s3:::local-bucket/prod/${Literal}",
        "list": ["prod"],
    }
    with pytest.raises(TemplateError, match="Missing"):
        intrinsics.resolve({"Ref": "Missing"})


def test_given_the_template_tables_when_the_stack_is_up_then_moto_has_each_with_the_declared_keys_and_ttl(
    stack: LocalStack, template: Template
) -> None:
    # given
    declared = template.resources_of_type(TABLE_TYPE)
    dynamodb = stack.client("dynamodb")

    # when
    created = {logical_id: stack.resources.tables[logical_id] for logical_id in declared}

    # then
    assert set(stack.resources.tables) == set(declared)
    for logical_id, properties in declared.items():
        table = dynamodb.describe_table(TableName=created[logical_id])["Table"]
        assert table["KeySchema"] == properties["KeySchema"]
        assert sorted(table["AttributeDefinitions"], key=str) == sorted(
            properties["AttributeDefinitions"], key=str
        )
        assert table["BillingModeSummary"]["BillingMode"] == properties["BillingMode"]
        ttl = dynamodb.describe_time_to_live(TableName=created[logical_id])["TimeToLiveDescription"]
        assert ttl["TimeToLiveStatus"] == "ENABLED"
        assert ttl["AttributeName"] == properties["TimeToLiveSpecification"]["AttributeName"]


def test_given_the_template_buckets_and_topics_when_the_stack_is_up_then_moto_has_each_of_them(
    stack: LocalStack, template: Template
) -> None:
    # given
    s3, sns = stack.client("s3"), stack.client("sns")

    # when
    bucket_names = {bucket["Name"] for bucket in s3.list_buckets()["Buckets"]}
    topic_arns = {topic["TopicArn"] for topic in sns.list_topics()["Topics"]}

    # then
    assert set(stack.resources.buckets) == set(template.resources_of_type(BUCKET_TYPE))
    assert set(stack.resources.buckets.values()) <= bucket_names
    for logical_id, properties in template.resources_of_type(BUCKET_TYPE).items():
        versioning = s3.get_bucket_versioning(Bucket=stack.resources.buckets[logical_id]).get("Status")
        assert versioning == (properties.get("VersioningConfiguration") or {}).get("Status")
    assert set(stack.resources.topics) == set(template.resources_of_type(TOPIC_TYPE))
    assert set(stack.resources.topics.values()) <= topic_arns


def test_given_the_template_queues_when_the_stack_is_up_then_each_exists_with_its_redrive_policy(
    stack: LocalStack, template: Template
) -> None:
    # given
    sqs = stack.client("sqs")

    # when
    attributes = {
        logical_id: sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
        for logical_id, url in stack.resources.queues.items()
    }

    # then
    assert set(attributes) == set(template.resources_of_type(QUEUE_TYPE))
    for logical_id, properties in template.resources_of_type(QUEUE_TYPE).items():
        assert attributes[logical_id]["VisibilityTimeout"] == str(properties.get("VisibilityTimeout", 30))
        if "RedrivePolicy" in properties:
            redrive = json.loads(attributes[logical_id]["RedrivePolicy"])
            target = properties["RedrivePolicy"]["deadLetterTargetArn"]["Fn::GetAtt"][0]
            assert redrive["deadLetterTargetArn"] == attributes[target]["QueueArn"]
            assert int(redrive["maxReceiveCount"]) == properties["RedrivePolicy"]["maxReceiveCount"]


def test_given_each_function_environment_when_resolved_then_every_variable_names_a_local_resource(
    stack: LocalStack, template: Template
) -> None:
    # given
    (table,) = stack.resources.tables.values()
    (bucket,) = stack.resources.buckets.values()
    topic = stack.resources.topics["AlertsTopic"]
    fallback = stack.resources.queues["AlertsFallbackQueue"]

    # when
    declared = {name for spec in template.functions() for name in spec.variables}

    # then
    assert declared <= set(stack.environment)
    assert stack.environment["DECORUM_SESSIONS_TABLE"] == table
    assert stack.environment["DECORUM_SCRIPTS_BUCKET"] == bucket
    assert stack.environment["DECORUM_ALERTS_TOPIC_ARN"] == topic
    assert stack.environment["DECORUM_ALERTS_FALLBACK_QUEUE_URL"] == fallback
    assert stack.environment["DECORUM_SCRIPTS_CACHE_SECONDS"] == "0"  # the fixture's parameter override
    assert all(not value.startswith("{") for value in stack.environment.values())  # nothing left unresolved


def test_given_functions_that_disagree_on_a_variable_when_merged_then_the_stack_refuses_to_start() -> None:
    # given
    environments = {
        "A": {"DECORUM_SESSIONS_TABLE": "one", "SHARED": "x"},
        "B": {"DECORUM_SESSIONS_TABLE": "two"},
    }

    # when / then
    with pytest.raises(StackError, match="DECORUM_SESSIONS_TABLE"):
        merge_environments(environments)
    assert merge_environments({"A": {"SHARED": "x"}, "B": {"SHARED": "x", "OWN": "y"}}) == {
        "SHARED": "x",
        "OWN": "y",
    }


def test_given_the_template_events_when_routes_are_read_then_each_route_and_its_key_requirement_is_there(
    template: Template,
) -> None:
    # when
    routes = {(route.method, route.path, route.api_key_required) for route in template.routes()}

    # then
    assert routes == {
        ("POST", "/v1/sessions/{session_id}/messages", True),
        ("POST", "/v1/evaluate", True),
        ("GET", "/v1/sessions/{session_id}", True),
        ("GET", "/v1/health", False),
        ("GET", "/v1/openapi.json", False),
        ("GET", "/v1/docs", False),
    }


def test_given_an_edited_script_when_the_scripts_are_seeded_again_then_the_edit_survives_and_a_gap_is_filled(
    stack: LocalStack, s3: Any, scripts_bucket: str
) -> None:
    # given
    edited_key, deleted_key = (
        f"{STATEWIDE_PREFIX}what_is_service.txt",
        f"{STATEWIDE_PREFIX}filter_decline.txt",
    )
    original = s3.get_object(Bucket=scripts_bucket, Key=edited_key)["Body"].read()
    s3.put_object(Bucket=scripts_bucket, Key=edited_key, Body=b"Edited by a coordinator.")
    s3.delete_object(Bucket=scripts_bucket, Key=deleted_key)

    try:
        # when
        seeded = seed_scripts(s3, scripts_bucket)

        # then
        assert seeded.uploaded == [deleted_key]
        assert edited_key in seeded.kept
        assert (
            s3.get_object(Bucket=scripts_bucket, Key=edited_key)["Body"].read() == b"Edited by a coordinator."
        )
    finally:
        s3.put_object(Bucket=scripts_bucket, Key=edited_key, Body=original)


def test_given_a_parameter_the_template_lacks_when_overridden_then_the_stack_refuses_it() -> None:
    # when / then
    with pytest.raises(TemplateError, match="NoSuchParameter"):
        LocalStack(TEMPLATE_PATH, parameter_overrides={"NoSuchParameter": "1"})
