"""Distress alerts for the on-call coordinators, published to SNS.

An alert carries what a coordinator needs to act and no personal data: the session id, the
library, the distress subtype and level, the action taken and a redacted excerpt.
"""

from __future__ import annotations

import json
from typing import Any, Protocol

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
            ]
        )


class AlertSink(Protocol):
    def publish(self, alert: DistressAlert) -> AlertOut: ...


class InMemoryAlerts:
    def __init__(self) -> None:
        self.published: list[DistressAlert] = []

    def publish(self, alert: DistressAlert) -> AlertOut:
        self.published.append(alert)
        return AlertOut(sent=True, id=alert.alert_id)


class SnsAlerts:
    def __init__(self, topic_arn: str, client: Any) -> None:
        self._topic = topic_arn
        self._client = client

    def publish(self, alert: DistressAlert) -> AlertOut:
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
                },
            )
        except (ClientError, BotoCoreError):
            return AlertOut(sent=False, id=alert.alert_id)
        return AlertOut(sent=True, id=alert.alert_id)
