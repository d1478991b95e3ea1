"""Session state: the ladder counters of each chat session, and the messages already answered.

``SessionStore.record`` applies one message to a session atomically: it reads the state, asks
the ladder for a decision and writes the new state only if nobody else changed the session in
between (optimistic concurrency on a version number). A message id seen before returns the
decision it got the first time and changes nothing. Only counters, flags and a digest of each
message are stored: never its text.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from decorum.errors import MessageConflict, SessionEnded, StoreUnavailable
from decorum.ladder import Decision, SessionRecord
from decorum.models import Action

# How many message ids a session remembers for retries. A chat has far fewer messages; the cap
# keeps the item small if a client misbehaves.
REMEMBERED_MESSAGES = 200
MAX_ATTEMPTS = 5

Decide = Callable[[SessionRecord], Decision]


@dataclass(frozen=True, slots=True)
class Recorded:
    decision: Decision
    replayed: bool  # True: a retry of a message already answered


class SessionStore(Protocol):
    def get(self, session_id: str) -> SessionRecord | None: ...

    def record(self, session_id: str, message_id: str, digest: str, decide: Decide) -> Recorded: ...


def _remembered(decision: Decision, digest: str) -> dict[str, Any]:
    state = decision.state
    return {
        "d": digest,
        "a": decision.action.value,
        "s": decision.script_id,
        "al": decision.alert,
        "w": state.warnings,
        "c": state.chit_chat_streak,
        "x": state.distress_level,
        "e": state.ended_reason,
    }


def _replay(seen: dict[str, Any], digest: str, message_id: str, current: SessionRecord) -> Recorded:
    if seen["d"] != digest:
        raise MessageConflict(message_id)
    state = SessionRecord(
        warnings=int(seen["w"]),
        chit_chat_streak=int(seen["c"]),
        distress_level=int(seen["x"]),
        ended_reason=seen.get("e"),
        ended_at=current.ended_at if seen.get("e") else None,
        policy_version=current.policy_version,
    )
    return Recorded(Decision(Action(seen["a"]), seen.get("s"), bool(seen["al"]), state), replayed=True)


class InMemorySessionStore:
    """The same semantics in a dict: for unit tests and ``decorum replay``."""

    def __init__(self) -> None:
        self._items: dict[str, tuple[SessionRecord, dict[str, dict[str, Any]]]] = {}
        self._lock = threading.Lock()

    def get(self, session_id: str) -> SessionRecord | None:
        item = self._items.get(session_id)
        return item[0] if item else None

    def record(self, session_id: str, message_id: str, digest: str, decide: Decide) -> Recorded:
        with self._lock:
            state, seen = self._items.get(session_id, (SessionRecord(), {}))
            if message_id in seen:
                return _replay(seen[message_id], digest, message_id, state)
            if state.ended:
                raise SessionEnded(session_id, state.ended_reason, state.ended_at)
            decision = decide(state)
            seen = {**seen, message_id: _remembered(decision, digest)}
            self._items[session_id] = (decision.state, dict(list(seen.items())[-REMEMBERED_MESSAGES:]))
            return Recorded(decision, replayed=False)


_STATE_FIELDS = tuple(asdict(SessionRecord()).keys())


class DynamoSessionStore:
    """Sessions in the DynamoDB table of ``template.yaml`` (key ``pk``, TTL ``expires_at``)."""

    def __init__(self, table_name: str, client: Any, ttl: timedelta) -> None:
        self._table = table_name
        self._client = client
        self._ttl = ttl

    def get(self, session_id: str) -> SessionRecord | None:
        item = self._get_item(session_id)
        return _record_from_item(item) if item else None

    def record(self, session_id: str, message_id: str, digest: str, decide: Decide) -> Recorded:
        for _ in range(MAX_ATTEMPTS):
            item = self._get_item(session_id)
            state = _record_from_item(item) if item else SessionRecord()
            seen: dict[str, Any] = (item or {}).get("seen", {})
            if message_id in seen:
                return _replay(seen[message_id], digest, message_id, state)
            if state.ended:
                raise SessionEnded(session_id, state.ended_reason, state.ended_at)
            decision = decide(state)
            seen = dict(
                list({**seen, message_id: _remembered(decision, digest)}.items())[-REMEMBERED_MESSAGES:]
            )
            version = int((item or {}).get("version", 0))
            if self._put_if_unchanged(session_id, decision.state, seen, version):
                return Recorded(decision, replayed=False)
        raise StoreUnavailable(f"session {session_id} kept changing under {MAX_ATTEMPTS} attempts")

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

    def _put_if_unchanged(
        self, session_id: str, state: SessionRecord, seen: dict[str, Any], version: int
    ) -> bool:
        from botocore.exceptions import BotoCoreError, ClientError

        expires = datetime.now(UTC) + self._ttl
        item: dict[str, Any] = {
            "pk": session_id,
            "version": version + 1,
            "expires_at": int(expires.timestamp()),
            "seen": seen,
            **{name: value for name, value in asdict(state).items() if value is not None},
        }
        condition = "attribute_not_exists(pk)" if version == 0 else "version = :version"
        kwargs: dict[str, Any] = {
            "TableName": self._table,
            "Item": {key: _to_dynamo(value) for key, value in item.items()},
            "ConditionExpression": condition,
        }
        if version:
            kwargs["ExpressionAttributeValues"] = {":version": {"N": str(version)}}
        try:
            self._client.put_item(**kwargs)
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException":
                return False
            raise StoreUnavailable(_describe(error)) from error
        except BotoCoreError as error:
            raise StoreUnavailable(_describe(error)) from error
        return True


def _describe(error: Exception) -> str:
    code = getattr(error, "response", {}).get("Error", {}).get("Code")
    return f"{type(error).__name__}: {code}" if code else type(error).__name__


def _record_from_item(item: dict[str, Any]) -> SessionRecord:
    values = {name: item[name] for name in _STATE_FIELDS if name in item}
    for name in ("warnings", "chit_chat_streak", "explicit_requests", "distress_level", "alerted_level"):
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
