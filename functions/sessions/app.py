"""GET /v1/sessions/{session_id}: a session's ladder state."""

from decorum.api.entry import lambda_entry
from decorum.api.routes import sessions

app, handler = lambda_entry(sessions)
