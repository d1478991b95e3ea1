"""The session ladders of SPEC "Session ladders": what to do about a message, given the session.

Pure functions over a small immutable state. The DynamoDB store, the in-memory store used by
``decorum replay`` and the dry-run ``/v1/evaluate`` all call ``decide``: one ladder, everywhere.

Most messages (a question, a librarian's reply) get an action that does not depend on the session
at all; ``blind_write`` names them and what they change, so the store can record them with one
write and no read. ``decide`` stays the only judge: the store still calls it, on the state the
write replaced, and a test holds the two to the same answer for every category.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from decorum.engine.policy import DISTRESS_LEVELS, Ladder, Scripts
from decorum.engine.types import Assessment
from decorum.models import Action, Category, SessionView


@dataclass(frozen=True, slots=True)
class SessionRecord:
    """A session's ladder state: counters and flags only, never message text."""

    warnings: int = 0
    chit_chat_streak: int = 0
    explicit_requests: int = 0
    distress_level: int = 0  # 0 none, 1 low, 2 high, 3 imminent
    alerted_level: int = 0  # the highest level coordinators were alerted for
    ended_reason: str | None = None
    ended_at: str | None = None  # ISO 8601, UTC
    last_activity: str | None = None
    policy_version: str | None = None

    @property
    def ended(self) -> bool:
        return self.ended_reason is not None

    def view(self) -> SessionView:
        return SessionView(
            warnings=self.warnings,
            chit_chat_streak=self.chit_chat_streak,
            distress=self.distress_level > 0,
            ended=self.ended,
        )


@dataclass(frozen=True, slots=True)
class Decision:
    action: Action
    script_id: str | None
    alert: bool  # coordinators must be alerted about this message
    state: SessionRecord  # the session after this message


# The categories whose action depends on the session's counters.
_LADDER_CATEGORIES = frozenset(
    {
        Category.CHIT_CHAT,
        Category.DISTRESS,
        Category.ABUSIVE,
        Category.RUDE,
        Category.THREAT,
        Category.EXPLICIT_REQUEST,
    }
)


@dataclass(frozen=True, slots=True)
class BlindWrite:
    """What a message whose action ignores the session changes in it: these fields and no others."""

    last_activity: str
    policy_version: str
    resets_chit_chat: bool  # a customer's question breaks a chit-chat streak; a librarian's reply does not

    def apply(self, state: SessionRecord) -> SessionRecord:
        return replace(
            state,
            last_activity=self.last_activity,
            policy_version=self.policy_version,
            chit_chat_streak=0 if self.resets_chit_chat else state.chit_chat_streak,
        )


def blind_write(assessment: Assessment, sender: str, now: str) -> BlindWrite | None:
    """The change a message makes if its action cannot depend on the session, else None.

    For such a message ``decide(state)`` gives the same action, script and alert for every live
    state, and its new state is ``apply(state)`` (tests/unit/test_ladder.py holds this).
    """
    if sender == "provider":
        return BlindWrite(now, assessment.policy_version, resets_chit_chat=False)
    if assessment.category in _LADDER_CATEGORIES:
        return None
    return BlindWrite(now, assessment.policy_version, resets_chit_chat=True)


_REPLIES = {
    Category.FILTER_BYPASS: "filter_decline",
    Category.PROVIDER_PERSONAL: "provider_privacy",
    Category.SERVICE_QUESTION: "what_is_service",
    Category.SERVICE_POLICY: "refer_statewide_coordinator",
}
_COACHING = {Category.PROVIDER_OPINION: "coach_opinion", Category.PROVIDER_OVERASK: "coach_overask"}


def decide(
    state: SessionRecord,
    assessment: Assessment,
    sender: str,
    *,
    ladder: Ladder,
    scripts: Scripts,
    now: str,
) -> Decision:
    """The action for one message and the session state after it."""
    state = replace(state, last_activity=now, policy_version=assessment.policy_version)
    category = assessment.category
    if sender == "provider":
        # Librarians' messages neither build nor break the customer's chit-chat streak.
        coaching = _COACHING.get(category)
        if coaching:
            return Decision(Action.COACH, getattr(scripts, coaching), False, state)
        return Decision(Action.ALLOW, None, False, state)

    if category == Category.CHIT_CHAT:
        return _chit_chat(state, ladder, scripts, now, protected=_protected(state, ladder))
    state = replace(state, chit_chat_streak=0)

    if category == Category.DISTRESS and assessment.distress is not None:
        level = DISTRESS_LEVELS[assessment.distress.level]
        alert = level > state.alerted_level
        state = replace(
            state,
            distress_level=max(state.distress_level, level),
            alerted_level=max(state.alerted_level, level),
        )
        return Decision(Action.REFER, scripts.crisis_referral, alert, state)
    if category == Category.ABUSIVE:
        if _protected(state, ladder):
            return _warn(state, scripts.warn_inappropriate)
        return _end(state, "abusive", scripts.inappropriate_disconnect, now)
    if category in (Category.RUDE, Category.THREAT):
        warn_script = scripts.warn_rude if category == Category.RUDE else scripts.warn_inappropriate
        end_script = scripts.end_abusive_language if category == Category.RUDE else scripts.end_inappropriate
        return _behaviour(
            state,
            ladder,
            warn_script=warn_script,
            end_script=end_script,
            reason=f"repeated_{category.value}",
            now=now,
        )
    if category == Category.EXPLICIT_REQUEST:
        state = replace(state, explicit_requests=state.explicit_requests + 1)
        if state.explicit_requests <= ladder.explicit_free_requests:
            return Decision(Action.REPLY, scripts.explicit_out_of_scope, False, state)
        return _behaviour(
            state,
            ladder,
            warn_script=scripts.warn_inappropriate,
            end_script=scripts.end_inappropriate,
            reason="repeated_explicit_request",
            now=now,
        )
    reply = _REPLIES.get(category)
    if reply:
        return Decision(Action.REPLY, getattr(scripts, reply), False, state)
    return Decision(Action.ALLOW, None, False, state)


def _protected(state: SessionRecord, ladder: Ladder) -> bool:
    """A session flagged for distress is never ended automatically (SPEC "Session ladders")."""
    return bool(state.distress_level) and not ladder.distress_end_allowed


def _chit_chat(
    state: SessionRecord, ladder: Ladder, scripts: Scripts, now: str, *, protected: bool
) -> Decision:
    streak = state.chit_chat_streak + 1
    state = replace(state, chit_chat_streak=streak)
    if streak >= ladder.chit_chat_end_at:
        if protected:
            return Decision(Action.REPLY, scripts.chit_chat_nudge, False, state)
        return _end(state, "chit_chat", scripts.chit_chat_end, now)
    if streak == ladder.chit_chat_nudge_at:
        return Decision(Action.REPLY, scripts.chit_chat_nudge, False, state)
    return Decision(Action.ALLOW, None, False, state)


def _behaviour(
    state: SessionRecord, ladder: Ladder, *, warn_script: str, end_script: str, reason: str, now: str
) -> Decision:
    """Inappropriate behaviour: warnings first, then the session ends (never while in distress)."""
    if state.warnings >= ladder.warnings_before_end and not _protected(state, ladder):
        return _end(replace(state, warnings=state.warnings + 1), reason, end_script, now)
    return _warn(state, warn_script)


def _warn(state: SessionRecord, script: str) -> Decision:
    return Decision(Action.WARN, script, False, replace(state, warnings=state.warnings + 1))


def _end(state: SessionRecord, reason: str, script: str, now: str) -> Decision:
    return Decision(Action.END_SESSION, script, False, replace(state, ended_reason=reason, ended_at=now))
