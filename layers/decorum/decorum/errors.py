"""Domain errors. The API maps each to one HTTP status in one place (``decorum.api.app``)."""

from __future__ import annotations


class DecorumError(Exception):
    """Base class: every error the domain raises on purpose."""


class SessionEnded(DecorumError):
    """The session was ended; later messages are refused and change nothing."""

    def __init__(self, session_id: str, reason: str | None, ended_at: str | None) -> None:
        super().__init__(f"session {session_id} has ended")
        self.session_id = session_id
        self.reason = reason
        self.ended_at = ended_at


class MessageConflict(DecorumError):
    """A message id was reused for a different message."""

    def __init__(self, message_id: str) -> None:
        super().__init__(f"message {message_id} was already received with a different body")
        self.message_id = message_id


class SessionNotFound(DecorumError):
    def __init__(self, session_id: str) -> None:
        super().__init__(f"no session {session_id}")
        self.session_id = session_id


class StoreUnavailable(DecorumError):
    """Session state could not be read or written in time: the verdict is given degraded."""
