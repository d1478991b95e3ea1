"""The use cases: moderate a message in a session, evaluate a lone message, read a session.

The moderator ties the engine (what the message is), the ladder (what to do, given the session)
and the adapters (sessions, scripts, alerts) together. It is the one place both the Lambda
handlers and ``decorum replay`` go through, so what a coordinator replays is what production does.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from decorum import correlation
from decorum.adapters.alerts import AlertSink, DistressAlert
from decorum.adapters.scripts import ScriptStore
from decorum.adapters.sessions import Recorded, SessionStore, now_iso
from decorum.engine import Assessment, Engine
from decorum.errors import SessionNotFound, StoreUnavailable
from decorum.ladder import Decision, SessionRecord, blind_write, decide
from decorum.models import (
    AlertOut,
    CategoryHit,
    DistressOut,
    EvaluateIn,
    Evidence,
    MessageIn,
    ScriptOut,
    SessionState,
    Verdict,
)

_LEVEL_NAMES = ("none", "low", "high", "imminent")
# A child of the Powertools service logger ("decorum"): its lines come out as the handlers' JSON.
_log = logging.getLogger(__name__)


@dataclass
class Moderator:
    engine: Engine
    sessions: SessionStore
    scripts: ScriptStore
    alerts: AlertSink
    clock: Callable[[], str] = now_iso
    # Told how long the engine took for each message, in microseconds (the EngineLatency metric).
    on_assessed: Callable[[float], None] | None = None

    def moderate(self, session_id: str, message: MessageIn) -> Verdict:
        """Moderate one message of a session: decide, remember, fetch the script, alert."""
        assessment = self._assess(message)
        policy = self.engine.policy_for(message.library_id).document
        now = self.clock()

        def ladder(state: SessionRecord) -> Decision:
            return decide(
                state, assessment, message.sender, ladder=policy.ladder, scripts=policy.scripts, now=now
            )

        degraded = False
        try:
            recorded = self.sessions.record(
                session_id,
                message.message_id,
                _digest(message, assessment),
                ladder,
                blind_write(assessment, message.sender, now),
            )
        except StoreUnavailable as error:
            # The error names an exception type and an AWS error code, never the message's text.
            _log.warning("session store unavailable, verdict degraded: %s", error)
            # The engine is stateless: without the session the verdict is still right for a first
            # offence (an abusive message still ends, a rude one is warned, distress is referred).
            recorded = Recorded(ladder(SessionRecord()), replayed=False)
            degraded = True
        alert = self._alert(session_id, message, assessment, recorded) if recorded.decision.alert else None
        return self._verdict(
            session_id=session_id,
            message_id=message.message_id,
            library_id=message.library_id,
            assessment=assessment,
            decision=recorded.decision,
            alert=alert,
            degraded=degraded,
        )

    def evaluate(self, message: EvaluateIn) -> Verdict:
        """The verdict a first message of a fresh session would get; no state read or written."""
        assessment = self._assess(message)
        policy = self.engine.policy_for(message.library_id).document
        decision = decide(
            SessionRecord(),
            assessment,
            message.sender,
            ladder=policy.ladder,
            scripts=policy.scripts,
            now=self.clock(),
        )
        return self._verdict(
            session_id=None,
            message_id=message.message_id,
            library_id=message.library_id,
            assessment=assessment,
            decision=decision,
            alert=None,
            degraded=False,
        )

    def _assess(self, message: MessageIn | EvaluateIn) -> Assessment:
        started = time.perf_counter()
        assessment = self.engine.assess(message.text, message.sender, message.library_id)
        if self.on_assessed is not None:
            self.on_assessed((time.perf_counter() - started) * 1e6)
        return assessment

    def session_state(self, session_id: str) -> SessionState:
        record = self.sessions.get(session_id)
        if record is None:
            raise SessionNotFound(session_id)
        view = record.view()
        return SessionState(
            session_id=session_id,
            **view.model_dump(),
            explicit_requests=record.explicit_requests,
            distress_level=_LEVEL_NAMES[record.distress_level],
            ended_reason=record.ended_reason,
            ended_at=datetime.fromisoformat(record.ended_at) if record.ended_at else None,
            last_activity=datetime.fromisoformat(record.last_activity) if record.last_activity else None,
            policy_version=record.policy_version,
        )

    def _alert(
        self, session_id: str, message: MessageIn, assessment: Assessment, recorded: Recorded
    ) -> AlertOut:
        alert_id = hashlib.sha256(f"{session_id}\x00{message.message_id}".encode()).hexdigest()[:20]
        if recorded.replayed:
            # A retry: the first delivery already published this alert; never send it twice.
            return AlertOut(sent=True, id=alert_id)
        distress = assessment.distress
        assert distress is not None
        return self.alerts.publish(
            DistressAlert(
                alert_id=alert_id,
                session_id=session_id,
                library_id=message.library_id,
                subtype=distress.subtype,
                level=distress.level,
                action=recorded.decision.action.value,
                script_id=recorded.decision.script_id,
                excerpt=assessment.redacted_text,
                at=self.clock(),
                correlation_id=correlation.current(),
            )
        )

    def _verdict(
        self,
        *,
        session_id: str | None,
        message_id: str,
        library_id: str | None,
        assessment: Assessment,
        decision: Decision,
        alert: AlertOut | None,
        degraded: bool,
    ) -> Verdict:
        script = None
        if decision.script_id:
            found = self.scripts.get(decision.script_id, library_id)
            script = ScriptOut(id=found.id, text=found.text)
            degraded = degraded or found.fallback
        if alert is not None and not alert.sent:
            degraded = True
        distress = assessment.distress
        return Verdict(
            session_id=session_id,
            message_id=message_id,
            category=assessment.category,
            categories=[
                CategoryHit(
                    name=category, evidence=[Evidence(start=h.start, end=h.end, rule=h.rule) for h in hits]
                )
                for category, hits in assessment.categories()
            ],
            action=decision.action,
            script=script,
            alert=alert,
            distress=DistressOut(subtype=distress.subtype, severity=distress.level) if distress else None,
            redacted_text=assessment.redacted_text,
            session=decision.state.view(),
            degraded=degraded,
            policy_version=assessment.policy_version,
        )


def _digest(message: MessageIn, assessment: Assessment) -> str:
    """Tells a retry from a different message reusing the id, without storing the text.

    Built from the redacted text, so the stored digest can never be brute-forced back into a card
    number or a phone number.
    """
    material = f"{message.sender}\x00{message.library_id or ''}\x00{assessment.redacted_text}"
    return hashlib.sha256(material.encode()).hexdigest()[:24]
