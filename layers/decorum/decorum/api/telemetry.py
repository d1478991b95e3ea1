"""What each verdict leaves behind in logs and metrics: ids, categories, rules. Never the text."""

from __future__ import annotations

from aws_lambda_powertools import Logger, Metrics, single_metric
from aws_lambda_powertools.metrics import MetricUnit

from decorum.models import Action, Verdict

logger = Logger(child=True)
metrics = Metrics()


def record_verdict(verdict: Verdict, route: str) -> None:
    rules = sorted({evidence.rule for hit in verdict.categories for evidence in hit.evidence})
    logger.info(
        "verdict",
        extra={
            "route": route,
            "session_id": verdict.session_id,
            "message_id": verdict.message_id,
            "category": verdict.category.value,
            "action": verdict.action.value,
            "rules": rules,
            "degraded": verdict.degraded,
            "policy_version": verdict.policy_version,
        },
    )
    metrics.add_dimension(name="category", value=verdict.category.value)
    metrics.add_dimension(name="action", value=verdict.action.value)
    metrics.add_metric(name="Verdicts", unit=MetricUnit.Count, value=1)
    if verdict.degraded:
        metrics.add_metric(name="DegradedVerdicts", unit=MetricUnit.Count, value=1)
    if verdict.action == Action.END_SESSION:
        # Also on its own, with the service as its only dimension: the spike alarm watches it.
        _single("SessionsEnded")
    # Alerts are counted where they are published (count_alert_outcome), retries and the job included.


def count_script_fallback(script_id: str, reason: str) -> None:
    """The bundled text stood in for a script S3 could not give (an alarm watches this)."""
    metrics.add_metric(name="ScriptFallbacks", unit=MetricUnit.Count, value=1)
    metrics.add_metadata(key="script_fallback", value=f"{script_id}: {reason}")


_ALERT_METRICS = {
    "published": "AlertsPublished",
    "publish_failed": "AlertPublishFailures",
    "queued": "AlertsQueued",
    "lost": "AlertsLost",
}


def count_alert_outcome(outcome: str) -> None:
    """One metric per alert outcome, with the service as its only dimension, so the template's
    alarms find it whichever function (messages, or the retry job) published."""
    _single(_ALERT_METRICS[outcome])


def record_engine_latency(microseconds: float) -> None:
    metrics.add_metric(name="EngineLatency", unit=MetricUnit.Microseconds, value=round(microseconds, 1))


def _single(name: str) -> None:
    """A count of one, flushed at once, with the service as its only dimension."""
    with single_metric(
        name=name,
        unit=MetricUnit.Count,
        value=1,
        namespace=metrics.namespace or "Decorum",
        default_dimensions={"service": metrics.service or "decorum"},
    ):
        pass
