"""POST /v1/sessions/{session_id}/messages: moderate one message of a chat session."""

from decorum.api.entry import lambda_entry
from decorum.api.routes import messages

app, handler = lambda_entry(messages)
