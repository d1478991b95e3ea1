"""GET /v1/health, /v1/openapi.json and /v1/docs: liveness and the API's documentation (no key)."""

from decorum.api.docs import create_docs_app
from decorum.api.entry import lambda_entry

app, handler = lambda_entry(app=create_docs_app())
