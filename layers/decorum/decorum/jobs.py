"""Scheduled jobs: re-publish the distress alerts that wait in the fallback queue.

EventBridge invokes ``retry_parked_alerts`` every minute (template.yaml: AlertsRetryFunction,
reserved concurrency 1, so two runs never drain at once). Each alert is deleted from the queue
only once SNS has taken it; while SNS is still down the alerts stay, and the alarm on the queue
stays in alarm.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext

from decorum.adapters.alerts import SqsOutbox
from decorum.adapters.aws import client
from decorum.settings import get_settings
from decorum.wiring import build_sns_alerts

logger = Logger()
metrics = Metrics()


@logger.inject_lambda_context
@metrics.log_metrics
def retry_parked_alerts(event: dict[str, Any], context: LambdaContext) -> dict[str, int]:
    del event, context  # a scheduled event says nothing but "now"
    settings = get_settings()
    alerts = build_sns_alerts()
    if alerts is None or not settings.alerts_fallback_queue_url:
        logger.error("no alerts topic or fallback queue configured")
        return {"published": 0, "waiting": 0, "discarded": 0}
    outbox = SqsOutbox(settings.alerts_fallback_queue_url, client("sqs"))
    drained = outbox.drain(alerts.send)
    metrics.add_metric(name="AlertsRepublished", unit=MetricUnit.Count, value=drained.published)
    logger.info(
        "fallback queue drained",
        extra={"published": drained.published, "waiting": drained.waiting, "discarded": drained.discarded},
    )
    return {"published": drained.published, "waiting": drained.waiting, "discarded": drained.discarded}
