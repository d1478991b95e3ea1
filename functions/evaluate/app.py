"""POST /v1/evaluate: the verdict for a lone message, touching no session state."""

from decorum.api.entry import lambda_entry
from decorum.api.routes import evaluate

app, handler = lambda_entry(evaluate)
