"""Session state: the ladder counters of each chat session, and the messages already answered.

``SessionStore.record`` applies one message to a session atomically and returns the decision.
A message id seen before returns the decision it got the first time and changes nothing; a
message in an ended session changes nothing and raises ``SessionEnded``. Only counters, flags and
a digest of each message are stored: never its text.

The DynamoDB store spends one request on the common message and two on a ladder step:

- A message whose action ignores the session (``ladder.blind_write``: a question, a librarian's
  reply) is one conditional ``UpdateItem`` with no read: "not ended and this message id not seen"
  is its condition, ``ALL_OLD`` hands back the state it replaced (from which ``decide`` gives the
  verdict), and a failed condition hands back the item that failed it (a retry, or an ended
  session) in the same round trip.
- A ladder step (rude, threat, chit-chat, distress, explicit request, abusive) reads the item and
  writes the new state on condition that the ladder is as it read it: the same counters, not
  ended, this message not yet answered. Two messages racing in one session cannot both be the
  "first warning". A lost race hands back the item that won and the decision is taken again on
  it, without another read.

A blind write changes no counter except a chit-chat streak it resets, so it makes a ladder step
decide again only when the step's answer could differ: a question landing beside an insult never
costs the insult a retry, however many arrive at once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from decorum.errors import MessageConflict, SessionEnded, StoreUnavailable
from decorum.ladder import BlindWrite, Decision, SessionRecord
from decorum.models import Action

# How many message ids the in-memory store remembers per session for retries. The DynamoDB item
# keeps every id until the session expires (see README "Session state"): ~100 bytes a message.
REMEMBERED_MESSAGES = 200
# A ladder step decided again this many times without winning its write gives up (degraded). Each
# lost race is another message's ladder step landing first, and the ladder ends a session after a
# few steps, so a step that loses this often is being starved, not raced.
MAX_ATTEMPTS = 8

Decide = Callable[[SessionRecord], Decision]


@dataclass(frozen=True, slots=True)
class Recorded:
    decision: Decision
    replayed: bool  # True: a retry of a message already answered


class SessionStore(Protocol):
    def get(self, session_id: str) -> SessionRecord | None: ...

    def record(
        self, session_id: str, message_id: str, digest: str, decide: Decide, blind: BlindWrite | None = None
    ) -> Recorded:
        """Apply one message. ``blind``: its action ignores the session, and this is all it changes."""
        ...


@dataclass(frozen=True, slots=True)
class Answered:
    """What a session remembers of a message it answered, to give a retry the same verdict."""

    digest: str
    action: str
    script_id: str | None
    alert: bool
    warnings: int
    chit_chat_streak: int
    distress_level: int
    ended_reason: str | None

    @classmethod
    def of(cls, decision: Decision, digest: str) -> Answered:
        state = decision.state
        return cls(
            digest,
            decision.action.value,
            decision.script_id,
            decision.alert,
            state.warnings,
            state.chit_chat_streak,
            state.distress_level,
            state.ended_reason,
        )

    def replay(self, digest: str, message_id: str, current: SessionRecord) -> Recorded:
        if digest != self.digest:
            raise MessageConflict(message_id)
        state = SessionRecord(
            warnings=self.warnings,
            chit_chat_streak=self.chit_chat_streak,
            distress_level=self.distress_level,
            ended_reason=self.ended_reason,
            ended_at=current.ended_at if self.ended_reason else None,
            policy_version=current.policy_version,
        )
        decision = Decision(Action(self.action), self.script_id, self.alert, state)
        return Recorded(decision, replayed=True)


class InMemorySessionStore:
    """The same semantics in a dict: for unit tests and ``decorum replay``."""

    def __init__(self) -> None:
        self._items: dict[str, tuple[SessionRecord, dict[str, Answered]]] = {}
        self._lock = threading.Lock()

    def get(self, session_id: str) -> SessionRecord | None:
        item = self._items.get(session_id)
        return item[0] if item else None

    def record(
        self, session_id: str, message_id: str, digest: str, decide: Decide, blind: BlindWrite | None = None
    ) -> Recorded:
        # ``blind`` only saves DynamoDB a read; deciding on the current state gives the same answer.
        with self._lock:
            state, answered = self._items.get(session_id, (SessionRecord(), {}))
            if message_id in answered:
                return answered[message_id].replay(digest, message_id, state)
            if state.ended:
                raise SessionEnded(session_id, state.ended_reason, state.ended_at)
            decision = decide(state)
            answered = {**answered, message_id: Answered.of(decision, digest)}
            self._items[session_id] = (decision.state, dict(list(answered.items())[-REMEMBERED_MESSAGES:]))
            return Recorded(decision, replayed=False)


_STATE_FIELDS = tuple(asdict(SessionRecord()).keys())
_COUNTERS = ("warnings", "chit_chat_streak", "explicit_requests", "distress_level", "alerted_level")
# An answered message is one map attribute, ``m#<message id>``, plus, for a blind write, the
# counters the write copied from the item (it could not know them when it was sent):
# ``w#<id>``, ``c#<id>``, ``x#<id>``. '#' is not allowed in an id, so no two names collide.
_ANSWER = "m#"
_COPIED = {"w": "warnings", "c": "chit_chat_streak", "x": "distress_level"}


class DynamoSessionStore:
    """Sessions in the DynamoDB table of ``template.yaml`` (key ``pk``, TTL ``expires_at``)."""

    def __init__(self, table_name: str, client: Any, ttl: timedelta) -> None:
        self._table = table_name
        self._client = client
        self._ttl = ttl

    def get(self, session_id: str) -> SessionRecord | None:
        item = self._get_item(session_id)
        return _record_from_item(item) if item else None

    def record(
        self, session_id: str, message_id: str, digest: str, decide: Decide, blind: BlindWrite | None = None
    ) -> Recorded:
        if blind is not None:
            return self._record_blind(session_id, message_id, digest, decide, blind)
        item = self._get_item(session_id)
        attempts = 0
        while True:
            # Every item is looked at, the one a last lost race handed back included: the winner
            # may have ended the session or answered this very message.
            state = _record_from_item(item) if item else SessionRecord()
            answered = _answered(item, message_id)
            if answered is not None:
                return answered.replay(digest, message_id, state)
            if state.ended:
                raise SessionEnded(session_id, state.ended_reason, state.ended_at)
            if attempts == MAX_ATTEMPTS:
                raise StoreUnavailable(f"a session kept changing under {MAX_ATTEMPTS} attempts")
            attempts += 1
            decision = decide(state)
            won, item = self._write_step(session_id, message_id, decision, digest, state)
            if won:
                return Recorded(decision, replayed=False)

    def _record_blind(
        self, session_id: str, message_id: str, digest: str, decide: Decide, blind: BlindWrite
    ) -> Recorded:
        promised = decide(SessionRecord())  # the action is the same on every state: see BlindWrite
        copies = dict(_COPIED)
        if blind.resets_chit_chat:
            del copies["c"]  # known: 0
        values: dict[str, Any] = {
            ":now": blind.last_activity,
            ":policy": blind.policy_version,
            ":expires": self._expires_at(),
            ":answer": _answer_map(Answered.of(promised, digest), copied=set(copies)),
            ":zero": 0,
        }
        names = _Names(message_id)
        sets = [
            f"{names['last_activity']} = :now",
            f"{names['policy_version']} = :policy",
            f"{names['expires_at']} = :expires",
            f"{names.answer} = :answer",
        ]
        if blind.resets_chit_chat:
            sets.append(f"{names['chit_chat_streak']} = :zero")
        for short, field in copies.items():
            sets.append(f"{names.copy(short)} = if_not_exists({names[field]}, :zero)")
        ended, answer = names["ended_reason"], names.answer
        live_and_new = f"attribute_not_exists({ended}) AND attribute_not_exists({answer})"
        response = self._update(
            session_id,
            update=f"SET {', '.join(sets)}",
            condition=live_and_new,
            names=names,
            values=values,
        )
        if response.failed is not None:
            state = _record_from_item(response.failed)
            answered = _answered(response.failed, message_id)
            if answered is not None:
                return answered.replay(digest, message_id, state)
            raise SessionEnded(session_id, state.ended_reason, state.ended_at)
        before = _record_from_item(response.old) if response.old else SessionRecord()
        return Recorded(decide(before), replayed=False)

    def _write_step(
        self, session_id: str, message_id: str, decision: Decision, digest: str, read: SessionRecord
    ) -> tuple[bool, dict[str, Any] | None]:
        """Write a ladder step if the ladder is still as ``read``: (won, the item if it was not)."""
        state_values = {field: value for field, value in asdict(decision.state).items() if value is not None}
        names = _Names(message_id)
        values: dict[str, Any] = {
            **{f":{field}": value for field, value in state_values.items()},
            ":answer": _answer_map(Answered.of(decision, digest), copied=set()),
            ":expires": self._expires_at(),
        }
        sets = [f"{names[field]} = :{field}" for field in state_values]
        sets += [f"{names.answer} = :answer", f"{names['expires_at']} = :expires"]
        condition = _ladder_unchanged(read, names, values)
        response = self._update(
            session_id, update=f"SET {', '.join(sets)}", condition=condition, names=names, values=values
        )
        return response.failed is None, response.failed

    def _expires_at(self) -> int:
        return int((datetime.now(UTC) + self._ttl).timestamp())

    def _get_item(self, session_id: str) -> dict[str, Any] | None:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            response = self._client.get_item(
                TableName=self._table, Key={"pk": {"S": session_id}}, ConsistentRead=True
            )
        except (ClientError, BotoCoreError) as error:
            raise StoreUnavailable(_describe(error)) from error
        item = response.get("Item")
        return _from_dynamo(item) if item else None

    def _update(
        self, session_id: str, *, update: str, condition: str, names: _Names, values: dict[str, Any]
    ) -> _Written:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            response = self._client.update_item(
                TableName=self._table,
                Key={"pk": {"S": session_id}},
                UpdateExpression=update,
                ConditionExpression=condition,
                ExpressionAttributeNames=names.used,
                ExpressionAttributeValues={name: _to_dynamo(value) for name, value in values.items()},
                ReturnValues="ALL_OLD",
                ReturnValuesOnConditionCheckFailure="ALL_OLD",
            )
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException":
                refusal: dict[str, Any] = dict(error.response)
                failed: dict[str, Any] = refusal.get("Item") or {}
                return _Written(old=None, failed=_from_dynamo(failed))
            raise StoreUnavailable(_describe(error)) from error
        except BotoCoreError as error:
            raise StoreUnavailable(_describe(error)) from error
        old = response.get("Attributes")
        return _Written(old=_from_dynamo(old) if old else None, failed=None)


class _Names:
    """Expression attribute names, every one aliased: some field names may be reserved words."""

    def __init__(self, message_id: str) -> None:
        self._message_id = message_id
        self.used: dict[str, str] = {}

    def __getitem__(self, attribute: str) -> str:
        alias = f"#{attribute}"
        self.used[alias] = attribute
        return alias

    @property
    def answer(self) -> str:
        self.used["#answer"] = _ANSWER + self._message_id
        return "#answer"

    def copy(self, short: str) -> str:
        alias = f"#copy_{short}"
        self.used[alias] = f"{short}#{self._message_id}"
        return alias


@dataclass(frozen=True, slots=True)
class _Written:
    old: dict[str, Any] | None  # the item the write replaced (None: it created the session)
    failed: dict[str, Any] | None  # the condition failed: the item as it was (empty: no item)


def _ladder_unchanged(read: SessionRecord, names: _Names, values: dict[str, Any]) -> str:
    """The condition that the ladder is still as ``read``: live, the same counters, this message new.

    Only what ``decide`` reads is compared: a question's newer ``last_activity`` changes no decision
    (the step then writes its own, one round trip older; it is shown, never decided on). A counter
    read as 0 may be absent or 0, so a step read on no item still wins if a question created it.
    """
    clauses = [f"attribute_not_exists({names['ended_reason']})", f"attribute_not_exists({names.answer})"]
    for field in _COUNTERS:
        value = getattr(read, field)
        if value:
            values[f":read_{field}"] = value
            clauses.append(f"{names[field]} = :read_{field}")
        else:
            values[":zero"] = 0
            clauses.append(f"(attribute_not_exists({names[field]}) OR {names[field]} = :zero)")
    return " AND ".join(clauses)


def _describe(error: Exception) -> str:
    # A botocore timeout carries ``response = None`` (it is also a requests exception).
    code = (getattr(error, "response", None) or {}).get("Error", {}).get("Code")
    return f"{type(error).__name__}: {code}" if code else type(error).__name__


def _answer_map(answer: Answered, *, copied: set[str]) -> dict[str, Any]:
    """The answer as stored; the counters in ``copied`` are left out: the write copies them."""
    stored: dict[str, Any] = {"d": answer.digest, "a": answer.action, "al": answer.alert}
    if answer.script_id:
        stored["s"] = answer.script_id
    if answer.ended_reason:
        stored["e"] = answer.ended_reason
    counters = {"w": answer.warnings, "c": answer.chit_chat_streak, "x": answer.distress_level}
    return stored | {short: value for short, value in counters.items() if short not in copied}


def _answered(item: dict[str, Any] | None, message_id: str) -> Answered | None:
    if not item:
        return None
    stored = item.get(_ANSWER + message_id)
    if stored is None:
        return None

    def counter(short: str) -> int:
        value = stored.get(short, item.get(f"{short}#{message_id}", 0))
        return int(value)

    return Answered(
        digest=stored["d"],
        action=stored["a"],
        script_id=stored.get("s"),
        alert=bool(stored.get("al")),
        warnings=counter("w"),
        chit_chat_streak=counter("c"),
        distress_level=counter("x"),
        ended_reason=stored.get("e"),
    )


def _record_from_item(item: dict[str, Any]) -> SessionRecord:
    values = {name: item[name] for name in _STATE_FIELDS if name in item}
    for name in _COUNTERS:
        if name in values:
            values[name] = int(values[name])
    return SessionRecord(**values)


def _to_dynamo(value: Any) -> dict[str, Any]:
    """Python -> DynamoDB's typed JSON, for the few types a session item holds."""
    if isinstance(value, bool):
        return {"BOOL": value}
    if isinstance(value, int):
        return {"N": str(value)}
    if isinstance(value, str):
        return {"S": value}
    if value is None:
        return {"NULL": True}
    if isinstance(value, dict):
        return {"M": {key: _to_dynamo(inner) for key, inner in value.items()}}
    raise TypeError(f"cannot store {type(value).__name__}")


def _from_dynamo(item: dict[str, Any]) -> dict[str, Any]:
    return {key: _plain(value) for key, value in item.items()}


def _plain(value: dict[str, Any]) -> Any:
    ((kind, inner),) = value.items()
    if kind == "N":
        return int(inner)
    if kind == "M":
        return {key: _plain(nested) for key, nested in inner.items()}
    if kind == "NULL":
        return None
    return inner


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
