"""Distress alerts end to end through the local stack: once, escalation, and never lost to an outage."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from decorum.local.stack import LocalStack

from .conftest import Api

pytestmark = pytest.mark.integration

PHONE = "410-555-0199"


@dataclass
class Coordinators:
    """A queue subscribed to the template's alerts topic: what the on-call coordinators receive."""

    sqs: Any
    queue_url: str

    def received(self) -> list[dict[str, Any]]:
        alerts: list[dict[str, Any]] = []
        while True:
            batch = self.sqs.receive_message(
                QueueUrl=self.queue_url, MessageAttributeNames=["All"], MaxNumberOfMessages=10
            ).get("Messages", [])
            if not batch:
                return alerts
            for message in batch:
                alerts.append(json.loads(message["Body"]))
                self.sqs.delete_message(QueueUrl=self.queue_url, ReceiptHandle=message["ReceiptHandle"])


@pytest.fixture
def coordinators(stack: LocalStack) -> Iterator[Coordinators]:
    sqs, sns = stack.client("sqs"), stack.client("sns")
    queue_url = sqs.create_queue(QueueName=f"coordinators-{uuid.uuid4().hex[:12]}")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    subscription = sns.subscribe(TopicArn=stack.resources.topics["AlertsTopic"], Protocol="sqs", Endpoint=arn)
    yield Coordinators(sqs, queue_url)
    sns.unsubscribe(SubscriptionArn=subscription["SubscriptionArn"])
    sqs.delete_queue(QueueUrl=queue_url)


def test_given_a_distress_session_then_one_alert_a_retry_or_repeat_none_and_an_escalation_one_more(
    api: Api, session_id: str, coordinators: Coordinators
) -> None:
    # when
    first = api.post_message(session_id, "d1", f"i feel so hopeless, my number is {PHONE}").json()
    after_first = coordinators.received()
    retry = api.post_message(session_id, "d1", f"i feel so hopeless, my number is {PHONE}").json()
    repeat = api.post_message(session_id, "d2", "nobody cares about me").json()
    after_repeats = coordinators.received()
    escalation = api.post_message(session_id, "d3", "i'm going to kill myself tonight").json()
    after_escalation = coordinators.received()

    # then
    assert [v["action"] for v in (first, retry, repeat, escalation)] == ["refer"] * 4
    assert len(after_first) == 1 and after_repeats == [] and len(after_escalation) == 1
    alert = json.loads(after_first[0]["Message"])
    assert (alert["session_id"], alert["level"], alert["script_id"]) == (session_id, "low", "crisis_referral")
    assert PHONE not in json.dumps(after_first) and "[phone]" in alert["excerpt"]
    attributes = {name: value["Value"] for name, value in after_first[0]["MessageAttributes"].items()}
    assert attributes == {
        "level": "low",
        "subtype": alert["subtype"],
        "library": "statewide",
        "alert_id": alert["alert_id"],
    }
    assert json.loads(after_escalation[0]["Message"])["level"] == "imminent"


def test_given_sns_down_then_the_verdict_comes_back_and_the_alert_arrives_once_after_sns_returns(
    api: Api, stack: LocalStack, session_id: str, coordinators: Coordinators
) -> None:
    # given
    stack.run_schedule("AlertsRetryFunction")  # nothing left over from other tests

    # when
    with stack.outage("sns"):
        response = api.post_message(session_id, "m1", f"i want to die. call me {PHONE}")
        during_outage = coordinators.received()
        run_while_down = stack.run_schedule("AlertsRetryFunction")
    run_after = stack.run_schedule("AlertsRetryFunction")
    delivered = coordinators.received()
    run_again = stack.run_schedule("AlertsRetryFunction")

    # then
    assert response.status_code == 200
    verdict = response.json()
    assert verdict["action"] == "refer"
    assert verdict["alert"]["sent"] is False and verdict["alert"]["queued"] is True
    assert during_outage == []
    assert (run_while_down["published"], run_while_down["waiting"]) == (0, 1)
    assert run_after["published"] == 1
    (alert,) = [json.loads(envelope["Message"]) for envelope in delivered]
    assert alert["session_id"] == session_id and alert["alert_id"] == verdict["alert"]["id"]
    assert PHONE not in json.dumps(delivered)
    assert run_again["published"] == 0 and coordinators.received() == []
