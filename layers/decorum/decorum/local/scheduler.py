"""The template's ``Type: Schedule`` events, run locally: each function on its rate, on a thread.

EventBridge invokes a scheduled function asynchronously; a failed run is logged and the next one
comes at its time, as in AWS. ``run_now`` is for a test or an operator who will not wait a minute.
"""

from __future__ import annotations

import logging
import threading
import uuid
from datetime import UTC, datetime
from typing import Any

from decorum.local.functions import Invocable
from decorum.local.provision import ACCOUNT_ID, local_name
from decorum.local.template import ScheduleSpec

logger = logging.getLogger("decorum-local")


def scheduled_event(function_id: str, region: str) -> dict[str, Any]:
    """What EventBridge sends a function on a schedule."""
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": "Scheduled Event",
        "source": "aws.events",
        "account": ACCOUNT_ID,
        "time": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "region": region,
        "resources": [f"arn:aws:events:{region}:{ACCOUNT_ID}:rule/{local_name(function_id)}"],
        "detail": {},
    }


class Scheduler:
    def __init__(self, schedules: list[ScheduleSpec], functions: dict[str, Invocable], region: str) -> None:
        self._schedules = schedules
        self._functions = functions
        self._region = region
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    def start(self) -> None:
        for schedule in self._schedules:
            thread = threading.Thread(
                target=self._every, args=(schedule,), name=f"schedule-{schedule.function_id}", daemon=True
            )
            thread.start()
            self._threads.append(thread)

    def run_now(self, function_id: str) -> Any:
        event = scheduled_event(function_id, self._region)
        return self._functions[function_id].invoke(event, str(uuid.uuid4()))

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=5)
        self._threads = []

    def _every(self, schedule: ScheduleSpec) -> None:
        while not self._stop.wait(schedule.every_seconds):
            try:
                self.run_now(schedule.function_id)
            except Exception as error:  # a failed run is logged; the next one comes at its time
                logger.error("scheduled %s failed: %s", schedule.function_id, type(error).__name__)
