"""The AWS adapters against moto in-process, on the resources template.yaml declares."""

from __future__ import annotations

import io
import json
import logging
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Literal

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ReadTimeoutError
from moto import mock_aws

from decorum.adapters.alerts import DistressAlert, SnsAlerts, SqsOutbox
from decorum.adapters.aws import client, reset_clients
from decorum.adapters.scripts import BundledScripts, S3Scripts
from decorum.adapters.sessions import DynamoSessionStore
from decorum.cli import replay_lines
from decorum.engine import Engine
from decorum.errors import SessionEnded, StoreUnavailable
from decorum.local.provision import AwsClients, LocalResources, provision
from decorum.local.template import Template, find_template
from decorum.models import AlertOut, MessageIn
from decorum.scriptset import seed_scripts
from decorum.service import Moderator
from decorum.settings import get_settings
from tests.unit.conftest import ROOT
from tests.unit.test_cli import TRANSCRIPTS

REGION = "us-east-1"


@dataclass
class Aws:
    clients: AwsClients
    resources: LocalResources
    table: str
    bucket: str
    topic: str


@pytest.fixture
def aws() -> Iterator[Aws]:
    with mock_aws():
        clients = AwsClients(
            boto3.client("dynamodb", region_name=REGION),
            boto3.client("s3", region_name=REGION),
            boto3.client("sns", region_name=REGION),
        )
        template = Template.load(find_template(ROOT))
        resources = provision(template, clients, template.parameter_values(), REGION)
        bucket = resources.buckets["ScriptsBucket"]
        seed_scripts(clients.s3, bucket)
        yield Aws(
            clients, resources, resources.tables["SessionsTable"], bucket, resources.topics["AlertsTopic"]
        )


def moderator(aws: Aws, engine: Engine, cache_seconds: float = 300) -> Moderator:
    sessions = DynamoSessionStore(aws.table, aws.clients.dynamodb, timedelta(hours=24))
    scripts = S3Scripts(aws.bucket, aws.clients.s3, cache_seconds, BundledScripts())
    return Moderator(engine, sessions, scripts, SnsAlerts(aws.topic, aws.clients.sns))


def message(text: str, message_id: str) -> MessageIn:
    return MessageIn(message_id=message_id, sender="customer", text=text)


def test_the_table_is_the_templates(aws: Aws) -> None:
    description = aws.clients.dynamodb.describe_table(TableName=aws.table)["Table"]
    ttl = aws.clients.dynamodb.describe_time_to_live(TableName=aws.table)["TimeToLiveDescription"]

    assert description["KeySchema"] == [{"AttributeName": "pk", "KeyType": "HASH"}]
    assert ttl == {"TimeToLiveStatus": "ENABLED", "AttributeName": "expires_at"}


def test_sessions_round_trip_with_ttl_and_no_text(aws: Aws, engine: Engine) -> None:
    mod = moderator(aws, engine)

    mod.moderate("s1", message("ugh you're useless, my card is 4111 1111 1111 1111", "m1"))
    mod.moderate("s1", message("do your job", "m2"))

    item = aws.clients.dynamodb.get_item(TableName=aws.table, Key={"pk": {"S": "s1"}})["Item"]
    assert item["warnings"] == {"N": "2"} and item["ended_reason"] == {"S": "repeated_rude"}
    a_day_from_now = time.time() + 24 * 3600
    assert a_day_from_now - 60 < int(item["expires_at"]["N"]) <= a_day_from_now
    stored = json.dumps(item)
    assert "useless" not in stored and "4111" not in stored and "job" not in stored
    with pytest.raises(SessionEnded):
        mod.moderate("s1", message("hello?", "m3"))


def test_a_retry_returns_the_stored_verdict(aws: Aws, engine: Engine) -> None:
    mod = moderator(aws, engine)

    first = mod.moderate("s2", message("I know where you live", "m1"))
    retry = mod.moderate("s2", message("I know where you live", "m1"))

    assert retry == first
    assert mod.session_state("s2").warnings == 1


class AtomicWrites:
    """DynamoDB applies a conditional write atomically; moto in-process does not under threads.

    This proxy restores that one guarantee (each write call is atomic) and nothing more: reads,
    decisions and retries still race, which is what the test is about.
    """

    def __init__(self, client: Any) -> None:
        self._client = client
        self._lock = threading.Lock()

    def __getattr__(self, name: str) -> Any:
        method = getattr(self._client, name)
        if name not in ("put_item", "update_item"):
            return method

        def atomic(**kwargs: Any) -> Any:
            with self._lock:
                return method(**kwargs)

        return atomic


def test_racing_messages_get_exactly_one_warning(aws: Aws, engine: Engine) -> None:
    sessions = DynamoSessionStore(aws.table, AtomicWrites(aws.clients.dynamodb), timedelta(hours=24))
    mod = Moderator(engine, sessions, BundledScripts(), SnsAlerts(aws.topic, aws.clients.sns))
    start = threading.Barrier(8)
    actions: list[str] = []
    errors: list[Exception] = []

    def send(number: int) -> None:
        start.wait()
        try:
            actions.append(mod.moderate("race", message("shut up", f"m{number}")).action.value)
        except SessionEnded:
            actions.append("refused")
        except Exception as error:  # collected, then asserted empty
            errors.append(error)

    threads = [threading.Thread(target=send, args=(number,)) for number in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert actions.count("warn") == 1
    assert actions.count("end_session") == 1
    assert actions.count("refused") == 6
    assert mod.session_state("race").warnings == 2


class CountedCalls:
    """Counts the DynamoDB requests a store makes, by operation."""

    def __init__(self, client: Any) -> None:
        self._client = client
        self.calls: list[str] = []

    def __getattr__(self, name: str) -> Any:
        method = getattr(self._client, name)
        if name.startswith("_") or not callable(method):
            return method

        def counted(**kwargs: Any) -> Any:
            self.calls.append(name)
            return method(**kwargs)

        return counted


def counted_moderator(aws: Aws, engine: Engine) -> tuple[Moderator, CountedCalls]:
    dynamodb = CountedCalls(aws.clients.dynamodb)
    sessions = DynamoSessionStore(aws.table, dynamodb, timedelta(hours=24))
    return Moderator(engine, sessions, BundledScripts(), SnsAlerts(aws.topic, aws.clients.sns)), dynamodb


def test_a_question_costs_one_request_and_a_ladder_step_two(aws: Aws, engine: Engine) -> None:
    mod, dynamodb = counted_moderator(aws, engine)

    mod.moderate("cost", message("do you have books on bees?", "m1"))
    question = list(dynamodb.calls)
    dynamodb.calls.clear()
    mod.moderate("cost", message("ugh you're useless", "m2"))
    rude = list(dynamodb.calls)
    dynamodb.calls.clear()
    mod.moderate("cost", message("do you have books on bees?", "m1"))  # a retry
    retry = list(dynamodb.calls)

    assert question == ["update_item"]
    assert rude == ["get_item", "update_item"]
    assert retry == ["update_item"]


class WriteFirst:
    """Runs ``meanwhile`` once, just before the store's first conditional write: a message landing
    between a ladder step's read and its write."""

    def __init__(self, client: Any, meanwhile: Callable[[], object]) -> None:
        self._client = client
        self._meanwhile: Callable[[], object] | None = meanwhile
        self.writes = 0

    def __getattr__(self, name: str) -> Any:
        method = getattr(self._client, name)
        if name != "update_item":
            return method

        def write(**kwargs: Any) -> Any:
            self.writes += 1
            if self._meanwhile is not None:
                meanwhile, self._meanwhile = self._meanwhile, None
                meanwhile()
            return method(**kwargs)

        return write


def test_a_question_landing_inside_a_ladder_step_costs_it_no_retry(aws: Aws, engine: Engine) -> None:
    other = moderator(aws, engine)  # another Lambda environment, on the same table
    question = message("books on bees?", "q")
    dynamodb = WriteFirst(aws.clients.dynamodb, lambda: other.moderate("inside", question))
    sessions = DynamoSessionStore(aws.table, dynamodb, timedelta(hours=24))
    mod = Moderator(engine, sessions, BundledScripts(), SnsAlerts(aws.topic, aws.clients.sns))
    other.moderate("inside", message("hi there", "m0"))

    rude = mod.moderate("inside", message("you're useless", "m1"))

    assert (rude.action.value, dynamodb.writes) == ("warn", 1)
    state = mod.session_state("inside")
    assert (state.warnings, state.chit_chat_streak) == (1, 0)  # the question's reset stands


def test_a_streak_reset_landing_inside_a_chit_chat_step_makes_it_decide_again(
    aws: Aws, engine: Engine
) -> None:
    other = moderator(aws, engine)
    question = message("books on bees?", "q")
    dynamodb = WriteFirst(aws.clients.dynamodb, lambda: other.moderate("reset", question))
    sessions = DynamoSessionStore(aws.table, dynamodb, timedelta(hours=24))
    mod = Moderator(engine, sessions, BundledScripts(), SnsAlerts(aws.topic, aws.clients.sns))
    other.moderate("reset", message("hi how are you", "m1"))
    other.moderate("reset", message("what's your favourite colour", "m2"))

    chat = mod.moderate("reset", message("do you like cats", "m3"))

    # Read at a streak of 2, decided again on the question's 0: the streak is 1, not 3.
    assert (chat.session.chit_chat_streak, dynamodb.writes) == (1, 2)
    assert mod.session_state("reset").chit_chat_streak == 1


def test_a_timed_out_store_gives_a_degraded_verdict_not_an_error(aws: Aws, engine: Engine) -> None:
    class TimingOut:
        def __getattr__(self, name: str) -> Any:
            def timed_out(**kwargs: Any) -> Any:
                raise ReadTimeoutError(endpoint_url="http://dynamodb.local")

            return timed_out

    sessions = DynamoSessionStore(aws.table, TimingOut(), timedelta(hours=1))
    mod = Moderator(engine, sessions, BundledScripts(), SnsAlerts(aws.topic, aws.clients.sns))

    rude = mod.moderate("slow", message("you're useless", "m1"))
    question = mod.moderate("slow", message("do you have books on bees?", "m2"))

    assert (rude.action.value, rude.degraded) == ("warn", True)
    assert (question.action.value, question.degraded) == ("allow", True)
    with pytest.raises(StoreUnavailable, match="ReadTimeoutError"):
        sessions.get("slow")


def test_a_retried_question_gets_its_verdict_even_after_the_session_moved_on(
    aws: Aws, engine: Engine
) -> None:
    mod = moderator(aws, engine)
    mod.moderate("moved", message("ugh you're useless", "m1"))
    first = mod.moderate("moved", message("how do I renew a book?", "m2"))
    mod.moderate("moved", message("hi how are you", "m3"))
    mod.moderate("moved", message("what's your favourite colour", "m4"))

    retry = mod.moderate("moved", message("how do I renew a book?", "m2"))

    assert retry == first
    assert (first.session.warnings, first.session.chit_chat_streak) == (1, 0)
    assert mod.session_state("moved").chit_chat_streak == 2


def test_a_retried_librarian_reply_keeps_the_chit_chat_streak_it_saw(aws: Aws, engine: Engine) -> None:
    mod = moderator(aws, engine)
    mod.moderate("streak", message("how are you", "m1"))
    reply = MessageIn(message_id="m2", sender="provider", text="I'm well! What can I help you find?")
    first = mod.moderate("streak", reply)

    retry = mod.moderate("streak", reply)

    assert first.session.chit_chat_streak == 1
    assert retry == first


def test_a_question_in_an_ended_session_is_refused_and_changes_nothing(aws: Aws, engine: Engine) -> None:
    mod, dynamodb = counted_moderator(aws, engine)
    mod.moderate("over", message("fuck you", "m1"))
    before = aws.clients.dynamodb.get_item(TableName=aws.table, Key={"pk": {"S": "over"}})["Item"]
    dynamodb.calls.clear()

    with pytest.raises(SessionEnded):
        mod.moderate("over", message("do you have books on bees?", "m2"))

    after = aws.clients.dynamodb.get_item(TableName=aws.table, Key={"pk": {"S": "over"}})["Item"]
    assert after == before
    assert dynamodb.calls == ["update_item"]


def test_the_session_item_holds_counters_and_digests_only(aws: Aws, engine: Engine) -> None:
    mod = moderator(aws, engine)
    mod.moderate("item", message("my card is 21234000567890, do you have books on bees?", "q-1"))
    mod.moderate("item", message("you're useless", "q-2"))

    item = aws.clients.dynamodb.get_item(TableName=aws.table, Key={"pk": {"S": "item"}})["Item"]

    plain = {name for name in item if "#" not in name}
    assert plain == {
        "pk",
        "expires_at",
        "warnings",
        "chit_chat_streak",
        "explicit_requests",
        "distress_level",
        "alerted_level",
        "last_activity",
        "policy_version",
    }
    assert sorted(name for name in item if name.startswith("m#")) == ["m#q-1", "m#q-2"]  # answered ids
    assert item["warnings"] == {"N": "1"}
    stored = json.dumps(item)
    assert "21234000567890" not in stored and "bees" not in stored and "useless" not in stored


def test_questions_and_insults_racing_in_one_session_never_pass_the_ladder(aws: Aws, engine: Engine) -> None:
    sessions = DynamoSessionStore(aws.table, AtomicWrites(aws.clients.dynamodb), timedelta(hours=24))
    mod = Moderator(engine, sessions, BundledScripts(), SnsAlerts(aws.topic, aws.clients.sns))
    texts = ["shut up", "do you have books on bees?"] * 6
    start = threading.Barrier(len(texts))
    outcomes: dict[str, str] = {}
    errors: list[Exception] = []

    def send(number: int) -> None:
        start.wait()
        try:
            outcomes[texts[number] + str(number)] = mod.moderate(
                "mixed", message(texts[number], f"m{number}")
            ).action.value
        except SessionEnded:
            outcomes[texts[number] + str(number)] = "refused"
        except Exception as error:  # collected, then asserted empty
            errors.append(error)

    threads = [threading.Thread(target=send, args=(number,)) for number in range(len(texts))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    insults = [action for key, action in outcomes.items() if key.startswith("shut up")]
    questions = [action for key, action in outcomes.items() if not key.startswith("shut up")]
    assert errors == []
    assert sorted(insults) == ["end_session", "refused", "refused", "refused", "refused", "warn"]
    assert set(questions) <= {"allow", "refused"}
    state = mod.session_state("mixed")
    assert (state.warnings, state.ended) == (2, True)
    item = aws.clients.dynamodb.get_item(TableName=aws.table, Key={"pk": {"S": "mixed"}})["Item"]
    answered = sum(1 for action in outcomes.values() if action != "refused")
    assert sum(1 for name in item if name.startswith("m#")) == answered


def test_a_transcript_on_dynamodb_gets_exactly_what_decorum_replay_gives(aws: Aws, engine: Engine) -> None:
    transcript = (TRANSCRIPTS / "ladders.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    embedded, on_dynamodb = io.StringIO(), io.StringIO()

    replay_lines(transcript, embedded)
    replay_lines(transcript, on_dynamodb, moderator(aws, engine))

    assert on_dynamodb.getvalue().splitlines() == embedded.getvalue().splitlines()
    assert len(embedded.getvalue().splitlines()) == len(transcript)


def test_an_unreachable_table_gives_a_degraded_verdict_with_the_safe_action(
    aws: Aws, engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    broken = boto3.client(
        "dynamodb",
        region_name=REGION,
        endpoint_url="http://127.0.0.1:9",
        config=Config(connect_timeout=0.2, read_timeout=0.2, retries={"max_attempts": 1}),
    )
    sessions = DynamoSessionStore(aws.table, broken, timedelta(hours=1))
    mod = Moderator(engine, sessions, BundledScripts(), SnsAlerts(aws.topic, aws.clients.sns))

    from pytest_socket import enable_socket

    enable_socket()  # the closed local port is the point of this test
    with caplog.at_level(logging.WARNING, logger="decorum"):
        abusive = mod.moderate("down", message("fuck you", "m1"))
        rude = mod.moderate("down", message("you're useless", "m2"))

    assert (abusive.action.value, abusive.degraded) == ("end_session", True)
    assert (rude.action.value, rude.degraded) == ("warn", True)
    warnings = [record.getMessage() for record in caplog.records if "degraded" in record.getMessage()]
    assert len(warnings) == 2 and "EndpointConnectionError" in warnings[0]
    assert not any("useless" in line or "fuck" in line for line in warnings)
    with pytest.raises(StoreUnavailable):
        sessions.get("down")


def test_scripts_come_from_s3_and_a_warm_cache_makes_no_call(aws: Aws) -> None:
    calls: list[str] = []
    aws.clients.s3.meta.events.register("before-call.s3.GetObject", lambda **_: calls.append("get"))
    aws.clients.s3.put_object(Bucket=aws.bucket, Key="statewide/warn_rude.txt", Body=b"Edited {service_name}")
    scripts = S3Scripts(aws.bucket, aws.clients.s3, 300, BundledScripts())

    first = scripts.get("warn_rude")
    second = scripts.get("warn_rude")

    assert first.text == second.text == "Edited AskUsNow!"
    assert first.source == "s3"
    assert calls == ["get"]


def test_a_library_override_wins_and_a_missing_key_falls_back(aws: Aws) -> None:
    aws.clients.s3.put_object(
        Bucket=aws.bucket, Key="libraries/lib-7/warn_rude.txt", Body=b"Library 7 says hi"
    )
    aws.clients.s3.delete_object(Bucket=aws.bucket, Key="statewide/filter_decline.txt")
    scripts = S3Scripts(aws.bucket, aws.clients.s3, 300, BundledScripts())

    assert scripts.get("warn_rude", "lib-7").text == "Library 7 says hi"
    assert scripts.get("warn_rude", "lib-8").source == "s3"
    fallback = scripts.get("filter_decline")
    assert fallback.source == "bundled" and fallback.text == BundledScripts().get("filter_decline").text


def test_seeding_never_overwrites_an_edited_script(aws: Aws) -> None:
    aws.clients.s3.put_object(Bucket=aws.bucket, Key="statewide/warn_rude.txt", Body=b"Coordinator's words")

    seed_scripts(aws.clients.s3, aws.bucket)

    body = aws.clients.s3.get_object(Bucket=aws.bucket, Key="statewide/warn_rude.txt")["Body"].read()
    assert body == b"Coordinator's words"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def s3_calls(aws: Aws) -> list[dict[str, Any]]:
    """Each GetObject the S3 client sends, with its parameters."""
    calls: list[dict[str, Any]] = []
    aws.clients.s3.meta.events.register(
        "provide-client-params.s3.GetObject", lambda params, **_: calls.append(dict(params))
    )
    return calls


def test_an_edit_shows_after_the_ttl_and_an_unchanged_script_is_revalidated_without_a_download(
    aws: Aws,
) -> None:
    calls = s3_calls(aws)
    clock = FakeClock()
    scripts = S3Scripts(aws.bucket, aws.clients.s3, 60, BundledScripts(), clock=clock)
    key = "statewide/warn_rude.txt"
    aws.clients.s3.put_object(Bucket=aws.bucket, Key=key, Body=b"First wording.")

    first = scripts.get("warn_rude").text
    aws.clients.s3.put_object(Bucket=aws.bucket, Key=key, Body=b"Second wording.")
    clock.now += 59
    still_cached = scripts.get("warn_rude").text
    clock.now += 2
    after_ttl = scripts.get("warn_rude").text
    clock.now += 61
    revalidated = scripts.get("warn_rude").text

    assert (first, still_cached, after_ttl, revalidated) == (
        "First wording.",
        "First wording.",
        "Second wording.",
        "Second wording.",
    )
    assert len(calls) == 3  # the first read, the changed one, the 304
    assert "IfNoneMatch" not in calls[0] and calls[1]["IfNoneMatch"] and calls[2]["IfNoneMatch"]
    assert calls[2]["IfNoneMatch"] != calls[1]["IfNoneMatch"]  # the new ETag


def test_missing_unreachable_and_broken_scripts_fall_back_and_are_counted(aws: Aws) -> None:
    fallbacks: list[tuple[str, str]] = []
    aws.clients.s3.delete_object(Bucket=aws.bucket, Key="statewide/filter_decline.txt")
    aws.clients.s3.put_object(Bucket=aws.bucket, Key="statewide/warn_rude.txt", Body=b"Hi {nobody}")
    scripts = S3Scripts(
        aws.bucket, aws.clients.s3, 60, BundledScripts(), on_fallback=lambda *why: fallbacks.append(why)
    )
    closed = boto3.client(
        "s3",
        region_name=REGION,
        endpoint_url="http://127.0.0.1:9",
        config=Config(connect_timeout=0.2, read_timeout=0.2, retries={"max_attempts": 1}),
    )
    down = S3Scripts(aws.bucket, closed, 60, BundledScripts(), on_fallback=lambda *why: fallbacks.append(why))
    bundled = BundledScripts()

    missing = scripts.get("filter_decline")
    broken = scripts.get("warn_rude")
    from pytest_socket import enable_socket

    enable_socket()  # the closed local port is the point of this part
    unreachable = down.get("crisis_referral")

    assert missing.text == bundled.get("filter_decline").text and missing.source == "bundled"
    assert broken.text == bundled.get("warn_rude").text
    assert unreachable.text == bundled.get("crisis_referral").text
    assert fallbacks == [
        ("filter_decline", "missing"),
        ("warn_rude", "bad_placeholder"),
        ("crisis_referral", "unreachable"),
    ]


def test_a_distress_alert_reaches_a_subscribed_queue_without_personal_data(aws: Aws, engine: Engine) -> None:
    sqs = boto3.client("sqs", region_name=REGION)
    queue = sqs.create_queue(QueueName="coordinators")["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"
    ]
    aws.clients.sns.subscribe(TopicArn=aws.topic, Protocol="sqs", Endpoint=queue_arn)
    mod = moderator(aws, engine)

    verdict = mod.moderate("s-help", message("i want to kill myself, call me 410-555-0123", "m1"))

    assert verdict.alert is not None and verdict.alert.sent
    received = sqs.receive_message(QueueUrl=queue, MessageAttributeNames=["All"], MaxNumberOfMessages=10)
    (envelope,) = [json.loads(m["Body"]) for m in received["Messages"]]
    alert: dict[str, Any] = json.loads(envelope["Message"])
    assert DistressAlert.model_validate(alert).session_id == "s-help"
    assert "410-555-0123" not in envelope["Message"] and "[phone]" in alert["excerpt"]
    assert envelope["MessageAttributes"]["level"]["Value"] == "high"


def subscribed_queue(aws: Aws, name: str) -> tuple[Any, str]:
    """A queue of the test's own subscribed to the alerts topic: what a coordinator would receive."""
    sqs = boto3.client("sqs", region_name=REGION)
    queue = sqs.create_queue(QueueName=name)["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    aws.clients.sns.subscribe(TopicArn=aws.topic, Protocol="sqs", Endpoint=arn)
    return sqs, queue


def delivered(sqs: Any, queue: str) -> list[dict[str, Any]]:
    received = sqs.receive_message(QueueUrl=queue, MessageAttributeNames=["All"], MaxNumberOfMessages=10)
    return [json.loads(message["Body"]) for message in received.get("Messages", [])]


def unreachable(service: Literal["sns", "sqs"]) -> Any:
    return boto3.client(
        service,
        region_name=REGION,
        endpoint_url="http://127.0.0.1:9",
        config=Config(connect_timeout=0.2, read_timeout=0.2, retries={"max_attempts": 1}),
    )


def an_alert(alert_id: str = "a1") -> DistressAlert:
    return DistressAlert(
        alert_id=alert_id,
        session_id="s-parked",
        library_id="lib-3",
        subtype="self_harm",
        level="imminent",
        action="refer",
        script_id="crisis_referral",
        excerpt="i want to end it tonight, call me at [phone]",
        at="2026-11-28T12:00:00+00:00",
    )


def test_an_alert_sns_refuses_is_parked_then_delivered_exactly_once_by_the_retry(aws: Aws) -> None:
    from pytest_socket import enable_socket

    enable_socket()  # the closed local port stands for SNS being down
    sqs, coordinators = subscribed_queue(aws, "coordinators-parked")
    fallback = sqs.create_queue(QueueName="alerts-fallback")["QueueUrl"]
    outcomes: list[str] = []
    outbox = SqsOutbox(fallback, sqs)
    down = SnsAlerts(aws.topic, unreachable("sns"), outbox, on_outcome=outcomes.append)

    parked = down.publish(an_alert())
    nothing_yet = delivered(sqs, coordinators)
    up = SnsAlerts(aws.topic, aws.clients.sns, outbox, on_outcome=outcomes.append)
    first_run = outbox.drain(up.send)
    second_run = outbox.drain(up.send)

    assert parked == AlertOut(sent=False, id="a1", queued=True)
    assert nothing_yet == []
    assert (first_run.published, second_run.published) == (1, 0)
    (envelope,) = delivered(sqs, coordinators)
    assert DistressAlert.model_validate_json(envelope["Message"]) == an_alert()
    assert envelope["MessageAttributes"]["alert_id"]["Value"] == "a1"
    assert outcomes == ["publish_failed", "queued", "published"]


def test_an_alert_that_can_be_neither_published_nor_parked_is_logged_redacted_and_counted_lost(
    aws: Aws, caplog: pytest.LogCaptureFixture
) -> None:
    from pytest_socket import enable_socket

    enable_socket()
    outcomes: list[str] = []
    alerts = SnsAlerts(
        aws.topic,
        unreachable("sns"),
        SqsOutbox("http://127.0.0.1:9/queue/alerts", unreachable("sqs")),
        on_outcome=outcomes.append,
    )

    with caplog.at_level(logging.ERROR, logger="decorum"):
        result = alerts.publish(an_alert("a2"))

    assert result == AlertOut(sent=False, id="a2", queued=False)
    assert outcomes == ["publish_failed", "lost"]
    (last_resort,) = [r.getMessage() for r in caplog.records if "nor queued" in r.getMessage()]
    assert '"alert_id":"a2"' in last_resort and "[phone]" in last_resort


def test_a_distress_session_alerts_once_again_on_escalation_and_never_on_a_retry(
    aws: Aws, engine: Engine
) -> None:
    sqs, coordinators = subscribed_queue(aws, "coordinators-once")
    mod = moderator(aws, engine)

    mod.moderate("s-once", message("i feel so hopeless", "m1"))
    mod.moderate("s-once", message("i feel so hopeless", "m1"))  # a retry
    mod.moderate("s-once", message("nobody cares about me", "m2"))  # the same danger again
    mod.moderate("s-once", message("i'm going to kill myself tonight", "m3"))  # escalation

    levels = [json.loads(envelope["Message"])["level"] for envelope in delivered(sqs, coordinators)]
    assert levels == ["low", "imminent"]


def test_production_clients_give_up_in_bounded_time(monkeypatch: pytest.MonkeyPatch) -> None:
    # botocore's defaults are a 60 s read timeout and legacy retries: a chat message would wait.
    monkeypatch.setenv("DECORUM_AWS_TIMEOUT_SECONDS", "0.8")
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    get_settings.cache_clear()
    reset_clients()
    try:
        config = client("dynamodb").meta.config
    finally:
        get_settings.cache_clear()
        reset_clients()

    assert (config.connect_timeout, config.read_timeout) == (0.8, 0.8)
    assert config.retries == {"mode": "standard", "total_max_attempts": 3}  # one try, two retries
