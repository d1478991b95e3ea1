"""Build the moderator from the environment: the real adapters where configured.

Lazy and cached: a function that never needs DynamoDB never creates a client for it, and a warm
Lambda reuses everything. Tests and the local runner call ``set_moderator`` instead.
"""

from __future__ import annotations

from datetime import timedelta

from decorum.adapters.alerts import AlertSink, SnsAlerts, SqsOutbox
from decorum.adapters.aws import client
from decorum.adapters.scripts import BundledScripts, S3Scripts, ScriptStore
from decorum.adapters.sessions import Decide, DynamoSessionStore, Recorded, SessionStore
from decorum.api.telemetry import count_alert_outcome, count_script_fallback, record_engine_latency
from decorum.engine import default_engine
from decorum.errors import StoreUnavailable
from decorum.ladder import BlindWrite, SessionRecord
from decorum.models import AlertOut
from decorum.service import Moderator
from decorum.settings import get_settings

_moderator: Moderator | None = None


class UnconfiguredSessions:
    """A function without a sessions table (a misconfiguration): every verdict is degraded."""

    def get(self, session_id: str) -> SessionRecord | None:
        raise StoreUnavailable("DECORUM_SESSIONS_TABLE is not set")

    def record(
        self, session_id: str, message_id: str, digest: str, decide: Decide, blind: BlindWrite | None = None
    ) -> Recorded:
        raise StoreUnavailable("DECORUM_SESSIONS_TABLE is not set")


def build_sns_alerts() -> SnsAlerts | None:
    """The coordinators' topic, with the fallback queue when the stack has one."""
    settings = get_settings()
    if not settings.alerts_topic_arn:
        return None
    outbox = (
        SqsOutbox(settings.alerts_fallback_queue_url, client("sqs"))
        if settings.alerts_fallback_queue_url
        else None
    )
    return SnsAlerts(settings.alerts_topic_arn, client("sns"), outbox, on_outcome=count_alert_outcome)


class UnconfiguredAlerts:
    def publish(self, alert: object) -> AlertOut:
        return AlertOut(sent=False, id=None)


def get_moderator() -> Moderator:
    global _moderator  # noqa: PLW0603  (one moderator per warm Lambda container, built on first use)
    if _moderator is None:
        _moderator = build_moderator()
    return _moderator


def set_moderator(moderator: Moderator | None) -> None:
    global _moderator  # noqa: PLW0603
    _moderator = moderator


def build_moderator() -> Moderator:
    settings = get_settings()
    sessions: SessionStore = (
        DynamoSessionStore(
            settings.sessions_table, client("dynamodb"), timedelta(hours=settings.session_ttl_hours)
        )
        if settings.sessions_table
        else UnconfiguredSessions()
    )
    bundled = BundledScripts()
    scripts: ScriptStore = (
        S3Scripts(
            settings.scripts_bucket,
            client("s3"),
            settings.scripts_cache_seconds,
            bundled,
            on_fallback=count_script_fallback,
        )
        if settings.scripts_bucket
        else bundled
    )
    alerts: AlertSink = build_sns_alerts() or UnconfiguredAlerts()
    return Moderator(default_engine(), sessions, scripts, alerts, on_assessed=record_engine_latency)
