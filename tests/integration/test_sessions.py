"""Moderation end to end: verdicts, ladders and retries over HTTP, checked against what moto holds."""

from __future__ import annotations

import io
import json
import uuid
from pathlib import Path
from typing import Any

import pytest

from decorum.cli import main, replay_lines
from decorum.local.stack import LocalStack

from .conftest import REPO_ROOT, Api

pytestmark = pytest.mark.integration

ABUSIVE = "What are you stupid?"
# Rude, as test_engine_categories holds: here the ladder is tested, not the judging.
RUDE = "ugh you're useless"
RUDE_AGAIN = "You suck"


def _script_in_bucket(s3: Any, bucket: str, key: str) -> str:
    text: str = s3.get_object(Bucket=bucket, Key=key)["Body"].read().decode("utf-8")
    return text.strip()


def _items(dynamodb: Any, table: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for page in dynamodb.get_paginator("scan").paginate(TableName=table, ConsistentRead=True):
        items.extend(page["Items"])
    return items


def test_given_an_abusive_message_when_posted_then_the_session_ends_with_the_script_from_s3(
    api: Api, session_id: str, s3: Any, scripts_bucket: str
) -> None:
    # when
    response = api.post_message(session_id, "m1", ABUSIVE)

    # then
    assert response.status_code == 200
    verdict = response.json()
    assert verdict["action"] == "end_session"
    assert verdict["script"]["id"] == "inappropriate_disconnect"
    assert verdict["script"]["text"] == _script_in_bucket(
        s3, scripts_bucket, "statewide/inappropriate_disconnect.txt"
    )
    assert verdict["session"]["ended"] is True


def test_given_a_library_script_written_to_s3_when_its_customer_is_abusive_then_that_text_is_sent(
    api: Api, session_id: str, s3: Any, scripts_bucket: str
) -> None:
    # given: a key no other test uses, with a text the bundled scripts do not contain
    library_id = f"lib-{uuid.uuid4().hex[:12]}"
    edited = f"This chat has ended ({library_id}). Please come back when you have a question."
    s3.put_object(
        Bucket=scripts_bucket,
        Key=f"libraries/{library_id}/inappropriate_disconnect.txt",
        Body=edited.encode(),
    )

    # when
    response = api.post_message(session_id, "m1", ABUSIVE, library_id=library_id)

    # then
    assert response.status_code == 200
    assert response.json()["script"] == {"id": "inappropriate_disconnect", "text": edited}


def test_given_two_rude_messages_when_posted_then_warn_then_end_and_a_third_is_refused(
    api: Api, session_id: str
) -> None:
    # when
    first = api.post_message(session_id, "m1", RUDE)
    second = api.post_message(session_id, "m2", RUDE_AGAIN)
    third = api.post_message(session_id, "m3", "Sorry. Do you have books on gardening?")
    state = api.get_session(session_id)

    # then
    assert (first.status_code, first.json()["action"]) == (200, "warn")
    assert first.json()["session"]["warnings"] == 1
    assert (second.status_code, second.json()["action"]) == (200, "end_session")
    assert third.status_code == 409
    assert third.json()["code"] == "session_ended"
    assert state.status_code == 200
    session = state.json()
    assert session["ended"] is True
    assert session["ended_reason"]


def test_given_an_answered_message_when_it_is_retried_then_the_verdict_is_identical_and_nothing_changes(
    api: Api, session_id: str
) -> None:
    # given
    first = api.post_message(session_id, "m1", RUDE)
    state_before = api.get_session(session_id).json()

    # when
    retry = api.post_message(session_id, "m1", RUDE)

    # then
    assert retry.status_code == 200
    assert retry.json() == first.json()
    assert api.get_session(session_id).json() == state_before
    assert state_before["warnings"] == 1


def test_given_a_message_id_reused_for_another_text_when_posted_then_409(api: Api, session_id: str) -> None:
    # given
    api.post_message(session_id, "m1", "Do you have books on gardening?")

    # when
    response = api.post_message(session_id, "m1", "Do you have books on cooking?")

    # then
    assert response.status_code == 409
    assert response.json()["code"] == "message_id_reused"


def test_given_messages_with_personal_data_when_stored_then_dynamodb_holds_no_message_text(
    api: Api, session_id: str, dynamodb: Any, sessions_table: str
) -> None:
    # given
    marker = uuid.uuid4().hex
    texts = [f"my card number is 21234000567890, ref {marker}", f"{RUDE} {marker}"]

    # when
    for number, text in enumerate(texts):
        assert api.post_message(session_id, f"m{number}", text).status_code == 200

    # then
    items = _items(dynamodb, sessions_table)
    assert any(item["pk"]["S"] == session_id for item in items)
    stored = json.dumps(items)
    assert marker not in stored
    assert "21234000567890" not in stored


def test_given_a_dry_run_when_evaluated_then_no_session_state_is_written(
    api: Api, session_id: str, dynamodb: Any, sessions_table: str
) -> None:
    # given
    before = len(_items(dynamodb, sessions_table))

    # when
    response = api.request("POST", "/v1/evaluate", json_body={"message_id": session_id, "text": ABUSIVE})

    # then
    assert response.status_code == 200
    verdict = response.json()
    assert (verdict["action"], verdict["session_id"]) == ("end_session", None)
    assert len(_items(dynamodb, sessions_table)) == before


def test_given_a_subscribed_queue_when_a_customer_is_in_distress_then_one_alert_without_personal_data_arrives(
    api: Api, session_id: str, stack: LocalStack
) -> None:
    # given: a queue of this test's own on the template's alerts topic
    sqs = stack.client("sqs")
    queue_url = sqs.create_queue(QueueName=f"alerts-{uuid.uuid4().hex[:12]}")["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"
    ]
    topic_arn = stack.resources.topics["AlertsTopic"]
    sns = stack.client("sns")
    subscription = sns.subscribe(TopicArn=topic_arn, Protocol="sqs", Endpoint=queue_arn)["SubscriptionArn"]

    try:
        # when
        response = api.post_message(
            session_id, "m1", "I want to kill myself tonight, call me at 555-123-4567"
        )

        # then
        assert response.status_code == 200
        verdict = response.json()
        assert verdict["action"] == "refer"
        assert verdict["alert"]["sent"] is True
        received = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10, WaitTimeSeconds=1)
        alerts = [json.loads(message["Body"]) for message in received.get("Messages", [])]
        assert len(alerts) == 1
        assert session_id in alerts[0]["Message"]
        assert "555-123-4567" not in json.dumps(alerts)
    finally:
        sns.unsubscribe(SubscriptionArn=subscription)
        sqs.delete_queue(QueueUrl=queue_url)


def test_given_the_ladder_transcript_when_posted_over_http_then_every_verdict_is_what_decorum_replay_gives(
    api: Api,
) -> None:
    # given: the shipped transcript, in sessions no other test uses
    transcript = (REPO_ROOT / "events" / "transcripts" / "ladders.jsonl").read_text(encoding="utf-8")
    records = [json.loads(line) for line in transcript.splitlines()]
    run = uuid.uuid4().hex[:8]
    replayed = io.StringIO()
    replay_lines(transcript.splitlines(keepends=True), replayed)
    expected = [json.loads(line) for line in replayed.getvalue().splitlines()]

    # when
    served: list[dict[str, Any]] = []
    for record in records:
        message = {key: value for key, value in record.items() if key != "session_id"}
        response = api.request(
            "POST", f"/v1/sessions/{record['session_id']}-{run}/messages", json_body=message
        )
        body = response.json()
        served.append(body if response.status_code == 200 else {"error": body["code"]})

    # then: the same verdicts (an alert's id is derived from the session id, which differs here)
    for got, wanted in zip(served, expected, strict=True):
        if "error" in wanted:
            assert got == {"error": wanted["error"]["code"]}
            continue
        assert (got["alert"] is None) == (wanted["alert"] is None)
        if wanted["alert"] is not None:
            assert got["alert"]["sent"] == wanted["alert"]["sent"]
        assert {**got, "alert": None} == {
            **wanted,
            "alert": None,
            "session_id": f"{wanted['session_id']}-{run}",
        }


def test_given_a_warning_reworded_with_decorum_scripts_push_then_the_running_stack_sends_it(
    api: Api, stack: LocalStack, scripts_bucket: str, session_id: str, tmp_path: Path
) -> None:
    # given: the README's steps for a coordinator, for a library of this test's own
    library_id = f"lib-{uuid.uuid4().hex[:10]}"
    wording = f"Let's keep this respectful, please ({library_id})."
    (tmp_path / "warn_rude.txt").write_text(wording + "\n", encoding="utf-8")
    before = api.post_message(session_id, "m0", RUDE, library_id=library_id).json()["script"]["text"]

    # when
    code = main(
        [
            "scripts", "push", str(tmp_path), "--library", library_id,
            "--bucket", scripts_bucket, "--endpoint-url", stack.moto_endpoint,
        ]
    )  # fmt: skip
    after = api.post_message(f"{session_id}-2", "m1", RUDE, library_id=library_id).json()["script"]

    # then: no restart, the next message has it (this stack caches scripts for 0 s)
    assert code == 0
    assert before != wording
    assert after == {"id": "warn_rude", "text": wording}
