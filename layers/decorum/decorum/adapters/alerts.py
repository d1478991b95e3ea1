"""Distress alerts for the on-call coordinators, published to SNS, never lost.

An alert carries what a coordinator needs to act and no personal data: the session id, the
library, the distress subtype and level, the action taken and a redacted excerpt.

A missed alert is the worst failure this service can have. When SNS refuses or cannot be reached
(after the client's bounded retries), the alert is parked in an SQS queue (``SqsOutbox``) and the
verdict goes back at once, marked ``queued``; a scheduled function (``decorum.jobs``) re-publishes
what waits there every minute, and an alarm fires while anything does.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from pydantic import BaseModel, ConfigDict

from decorum.models import AlertOut

EXCERPT_CHARS = 280


class DistressAlert(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    alert_id: str
    session_id: str
    library_id: str | None
    subtype: str
    level: str
    action: str
    script_id: str | None
    excerpt: str  # already redacted
    at: str
    correlation_id: str | None = None  # the chat platform's, to find the message in its records

    def subject(self) -> str:
        return f"[Decorum] {self.level.upper()} distress ({self.subtype}) - {self.library_id or 'statewide'}"[
            :100
        ]

    def text(self) -> str:
        return "\n".join(
            [
                f"A customer in chat session {self.session_id} may be in distress.",
                f"Library: {self.library_id or 'statewide'}",
                f"When: {self.at}",
                f"Kind: {self.subtype.replace('_', ' ')}, level {self.level}",
                f"Decorum sent the crisis referral script ({self.script_id}).",
                f"Excerpt (personal data removed): {self.excerpt[:EXCERPT_CHARS]}",
                "Next: check on the session with the librarian on duty and follow the Crisis Guidelines.",
                *([f"Correlation id: {self.correlation_id}"] if self.correlation_id else []),
            ]
        )


class AlertSink(Protocol):
    def publish(self, alert: DistressAlert) -> AlertOut: ...


# What happened to an alert, for the metrics: published, SNS failed, parked, or lost (both failed).
Outcome = Literal["published", "publish_failed", "queued", "lost"]
OnOutcome = Callable[[Outcome], None]

_log = logging.getLogger(__name__)


class InMemoryAlerts:
    def __init__(self) -> None:
        self.published: list[DistressAlert] = []

    def publish(self, alert: DistressAlert) -> AlertOut:
        self.published.append(alert)
        return AlertOut(sent=True, id=alert.alert_id)


class AlertOutbox(Protocol):
    def park(self, alert: DistressAlert) -> bool:
        """Keep the alert durably for a later publish; False if that failed too."""
        ...


class SnsAlerts:
    """Publishes to the coordinators' topic; parks an alert SNS would not take in ``outbox``."""

    def __init__(
        self,
        topic_arn: str,
        client: Any,
        outbox: AlertOutbox | None = None,
        on_outcome: OnOutcome | None = None,
    ) -> None:
        self._topic = topic_arn
        self._client = client
        self._outbox = outbox
        self._on_outcome = on_outcome or (lambda _outcome: None)

    def publish(self, alert: DistressAlert) -> AlertOut:
        if self.send(alert):
            return AlertOut(sent=True, id=alert.alert_id)
        queued = self._outbox is not None and self._outbox.park(alert)
        self._on_outcome("queued" if queued else "lost")
        if not queued:
            # The last resort: the alert (redacted, as published) in the function's log.
            _log.error("distress alert could not be published nor queued: %s", alert.model_dump_json())
        return AlertOut(sent=False, id=alert.alert_id, queued=queued)

    def send(self, alert: DistressAlert) -> bool:
        """One publish (the client's bounded retries included): True if SNS took it."""
        from botocore.exceptions import BotoCoreError, ClientError

        text = alert.text()
        message = {
            "default": text,
            "email": text,
            "sms": f"{alert.subject()} session {alert.session_id}",
            "sqs": alert.model_dump_json(),
            "lambda": alert.model_dump_json(),
        }
        try:
            self._client.publish(
                TopicArn=self._topic,
                Subject=alert.subject(),
                Message=json.dumps(message),
                MessageStructure="json",
                MessageAttributes={
                    "level": {"DataType": "String", "StringValue": alert.level},
                    "subtype": {"DataType": "String", "StringValue": alert.subtype},
                    "library": {"DataType": "String", "StringValue": alert.library_id or "statewide"},
                    # A re-published alert keeps its id: a subscriber can drop a rare duplicate.
                    "alert_id": {"DataType": "String", "StringValue": alert.alert_id},
                },
            )
        except (ClientError, BotoCoreError) as error:
            _log.warning("SNS publish failed for alert %s: %s", alert.alert_id, type(error).__name__)
            self._on_outcome("publish_failed")
            return False
        self._on_outcome("published")
        return True


@dataclass(frozen=True, slots=True)
class Drained:
    published: int
    waiting: int  # received but not published: visible again for the next run
    discarded: int  # not an alert at all (left for the dead-letter queue)


class SqsOutbox:
    """Alerts waiting for SNS, in the fallback queue of ``template.yaml`` (with its dead-letter queue)."""

    BATCH = 10  # SQS's most per receive

    def __init__(self, queue_url: str, client: Any) -> None:
        self._queue = queue_url
        self._client = client

    def park(self, alert: DistressAlert) -> bool:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            self._client.send_message(QueueUrl=self._queue, MessageBody=alert.model_dump_json())
        except (ClientError, BotoCoreError) as error:
            _log.error("alert %s could not be queued: %s", alert.alert_id, type(error).__name__)
            return False
        return True

    def drain(self, send: Callable[[DistressAlert], bool], max_batches: int = 30) -> Drained:
        """Publish what waits; delete each alert once SNS took it. Stops when a batch comes back empty
        or SNS fails (the rest waits for the next run)."""
        published = waiting = discarded = 0
        for _ in range(max_batches):
            messages = self._client.receive_message(
                QueueUrl=self._queue, MaxNumberOfMessages=self.BATCH, WaitTimeSeconds=0
            ).get("Messages", [])
            if not messages:
                break
            for message in messages:
                try:
                    alert = DistressAlert.model_validate_json(message["Body"])
                except ValueError:
                    discarded += 1  # received again until the redrive policy moves it aside
                    continue
                if send(alert):
                    self._client.delete_message(QueueUrl=self._queue, ReceiptHandle=message["ReceiptHandle"])
                    published += 1
                else:
                    # Visible again at once: the next run (a minute on) tries it, not one after the
                    # queue's visibility timeout.
                    self._client.change_message_visibility(
                        QueueUrl=self._queue, ReceiptHandle=message["ReceiptHandle"], VisibilityTimeout=0
                    )
                    waiting += 1
            if waiting:
                break  # SNS is still down: try again at the next run
        return Drained(published, waiting, discarded)
