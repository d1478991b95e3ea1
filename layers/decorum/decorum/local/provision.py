"""Create the template's tables, buckets, topics and queues in moto.

Every step is idempotent, so provisioning twice against the same moto server changes nothing that
is already there: a script a coordinator edited locally survives.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from decorum.local.template import Intrinsics, Template, as_text

STACK_NAME = "decorum-local"
ACCOUNT_ID = "123456789012"  # moto's default account

TABLE_TYPE = "AWS::DynamoDB::Table"
BUCKET_TYPE = "AWS::S3::Bucket"
TOPIC_TYPE = "AWS::SNS::Topic"
QUEUE_TYPE = "AWS::SQS::Queue"

# The DynamoDB API takes these table properties in the same shape as CloudFormation does. The
# rest (SSE, point-in-time recovery, tags) changes nothing a local request can observe.
_TABLE_API_PROPERTIES = (
    "KeySchema",
    "AttributeDefinitions",
    "BillingMode",
    "ProvisionedThroughput",
    "GlobalSecondaryIndexes",
    "LocalSecondaryIndexes",
)
_TABLE_PROPERTIES = (*_TABLE_API_PROPERTIES, "TimeToLiveSpecification")
_BUCKET_PROPERTIES = ("VersioningConfiguration",)
_TOPIC_PROPERTIES = ("FifoTopic",)
# What a local queue's behaviour depends on; the redrive policy is set once every queue exists.
_QUEUE_ATTRIBUTES = ("VisibilityTimeout", "MessageRetentionPeriod", "DelaySeconds")
# adapters/scripts.py reads statewide scripts from here; library overrides live under libraries/.


def local_name(logical_id: str) -> str:
    """The local physical name of a resource: lower case, so it is also a valid bucket name."""
    return f"{STACK_NAME}-{logical_id.lower()}"


@dataclass(frozen=True, slots=True)
class AwsClients:
    dynamodb: Any
    s3: Any
    sns: Any
    sqs: Any = None


@dataclass(slots=True)
class LocalResources:
    tables: dict[str, str] = field(default_factory=dict)  # logical id -> table name
    buckets: dict[str, str] = field(default_factory=dict)  # logical id -> bucket name
    topics: dict[str, str] = field(default_factory=dict)  # logical id -> topic ARN
    queues: dict[str, str] = field(default_factory=dict)  # logical id -> queue URL
    refs: dict[str, str] = field(default_factory=dict)  # logical id -> what !Ref gives
    attributes: dict[tuple[str, str], str] = field(default_factory=dict)  # (logical id, attribute) -> value


def provision(
    template: Template, clients: AwsClients, parameters: Mapping[str, str], region: str
) -> LocalResources:
    """Create (or find) every table, bucket and topic the template declares.

    Only the properties that shape what a local request can observe are read (and resolved): a
    KMS key or a bucket policy refers to resources the local stack does not create.
    """
    intrinsics = Intrinsics(names=parameters, attributes={})
    made = LocalResources()
    for logical_id, properties in template.resources_of_type(TABLE_TYPE).items():
        name = local_name(logical_id)
        arn = _ensure_table(clients.dynamodb, name, _used(properties, _TABLE_PROPERTIES, intrinsics))
        made.tables[logical_id] = made.refs[logical_id] = name
        made.attributes[(logical_id, "Arn")] = arn
    for logical_id, properties in template.resources_of_type(BUCKET_TYPE).items():
        name = local_name(logical_id)
        _ensure_bucket(clients.s3, name, _used(properties, _BUCKET_PROPERTIES, intrinsics), region)
        made.buckets[logical_id] = made.refs[logical_id] = name
        made.attributes[(logical_id, "Arn")] = f"arn:aws:s3:::{name}"
    for logical_id, properties in template.resources_of_type(TOPIC_TYPE).items():
        arn = _ensure_topic(
            clients.sns, local_name(logical_id), _used(properties, _TOPIC_PROPERTIES, intrinsics)
        )
        made.topics[logical_id] = made.refs[logical_id] = arn
        made.attributes[(logical_id, "TopicArn")] = arn
        made.attributes[(logical_id, "TopicName")] = arn.rsplit(":", 1)[-1]
    queues = template.resources_of_type(QUEUE_TYPE)
    if queues and clients.sqs is not None:
        _provision_queues(clients.sqs, queues, intrinsics, made)
    return made


def _provision_queues(
    sqs: Any, queues: Mapping[str, Mapping[str, Any]], intrinsics: Intrinsics, made: LocalResources
) -> None:
    for logical_id, properties in queues.items():
        name = local_name(logical_id)
        used = [key for key in _QUEUE_ATTRIBUTES if key in properties]
        attributes = {key: as_text(intrinsics.resolve(properties[key])) for key in used}
        url = str(sqs.create_queue(QueueName=name, Attributes=attributes)["QueueUrl"])  # idempotent
        arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        made.queues[logical_id] = made.refs[logical_id] = url
        made.attributes[(logical_id, "Arn")] = str(arn)
        made.attributes[(logical_id, "QueueName")] = name
        made.attributes[(logical_id, "QueueUrl")] = url
    resolve = Intrinsics(names=dict(made.refs), attributes=dict(made.attributes))
    for logical_id, properties in queues.items():
        redrive = properties.get("RedrivePolicy")
        if redrive:
            policy = resolve.resolve(redrive)
            sqs.set_queue_attributes(
                QueueUrl=made.queues[logical_id], Attributes={"RedrivePolicy": json.dumps(policy)}
            )


def _used(properties: Mapping[str, Any], names: tuple[str, ...], intrinsics: Intrinsics) -> dict[str, Any]:
    return {name: intrinsics.resolve(properties[name]) for name in names if name in properties}


def _ensure_table(dynamodb: Any, name: str, properties: Mapping[str, Any]) -> str:
    arguments = {key: properties[key] for key in _TABLE_API_PROPERTIES if key in properties}
    try:
        created = dynamodb.create_table(TableName=name, **arguments)
        arn = str(created["TableDescription"]["TableArn"])
    except dynamodb.exceptions.ResourceInUseException:
        arn = str(dynamodb.describe_table(TableName=name)["Table"]["TableArn"])
    ttl = properties.get("TimeToLiveSpecification") or {}
    if str(ttl.get("Enabled")).lower() == "true":
        current = dynamodb.describe_time_to_live(TableName=name)["TimeToLiveDescription"]
        if current.get("TimeToLiveStatus") != "ENABLED":
            dynamodb.update_time_to_live(
                TableName=name,
                TimeToLiveSpecification={"AttributeName": ttl["AttributeName"], "Enabled": True},
            )
    return arn


def _ensure_bucket(s3: Any, name: str, properties: Mapping[str, Any], region: str) -> None:
    arguments: dict[str, Any] = {"Bucket": name}
    if region != "us-east-1":  # S3 refuses a location constraint naming us-east-1
        arguments["CreateBucketConfiguration"] = {"LocationConstraint": region}
    with contextlib.suppress(s3.exceptions.BucketAlreadyOwnedByYou):
        s3.create_bucket(**arguments)
    versioning = (properties.get("VersioningConfiguration") or {}).get("Status")
    if versioning:
        s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": versioning})


def _ensure_topic(sns: Any, name: str, properties: Mapping[str, Any]) -> str:
    attributes = {}
    if str(properties.get("FifoTopic")).lower() == "true":
        name, attributes = f"{name}.fifo", {"FifoTopic": "true"}
    return str(sns.create_topic(Name=name, Attributes=attributes)["TopicArn"])  # create_topic is idempotent
