"""Shared test set-up. Fake AWS credentials come first, before any code creates a client, so no
test can ever reach a real AWS account."""

from __future__ import annotations

import os

os.environ.update(
    AWS_ACCESS_KEY_ID="testing",
    AWS_SECRET_ACCESS_KEY="testing",
    AWS_SECURITY_TOKEN="testing",
    AWS_SESSION_TOKEN="testing",
    AWS_DEFAULT_REGION="us-east-1",
    POWERTOOLS_TRACE_DISABLED="1",
    POWERTOOLS_SERVICE_NAME="decorum",
    POWERTOOLS_METRICS_NAMESPACE="Decorum",
)
os.environ.pop("AWS_PROFILE", None)
