"""The functions' configuration, read from environment variables when first needed.

Every variable the code reads is a field here, so the infrastructure tests can check that
``template.yaml`` declares each one. Nothing reads ``os.environ`` at import time: tests set the
environment first and then build the settings.
"""

from __future__ import annotations

import os
from functools import lru_cache

from pydantic import BaseModel, ConfigDict, Field


class Settings(BaseModel):
    model_config = ConfigDict(frozen=True, populate_by_name=True, extra="ignore")

    sessions_table: str | None = Field(default=None, alias="DECORUM_SESSIONS_TABLE")
    scripts_bucket: str | None = Field(default=None, alias="DECORUM_SCRIPTS_BUCKET")
    alerts_topic_arn: str | None = Field(default=None, alias="DECORUM_ALERTS_TOPIC_ARN")
    alerts_fallback_queue_url: str | None = Field(default=None, alias="DECORUM_ALERTS_FALLBACK_QUEUE_URL")
    scripts_cache_seconds: int = Field(default=300, ge=0, alias="DECORUM_SCRIPTS_CACHE_SECONDS")
    session_ttl_hours: int = Field(default=24, ge=1, alias="DECORUM_SESSION_TTL_HOURS")
    aws_timeout_seconds: float = Field(default=1.0, gt=0, le=10, alias="DECORUM_AWS_TIMEOUT_SECONDS")

    @classmethod
    def from_env(cls) -> Settings:
        return cls.model_validate(dict(os.environ))


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings.from_env()
