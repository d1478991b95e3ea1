"""Script texts: read from S3 with a bounded cache, rendered with their placeholders.

S3 layout: ``statewide/<script_id>.txt`` and per-library overrides
``libraries/<library_id>/<script_id>.txt``. Whatever S3 does, a verdict never fails for a script:
a missing key or an unreachable bucket falls back to the bundled default.

Why not Powertools' parameters ``S3Provider``: its cache is a plain TTL, so every expiry downloads
the object again; here an expired entry is revalidated with its ETag (``If-None-Match``: a 304 and
no body when the coordinators changed nothing), an absent key is cached as absent, and the bundled
text stands in, counted, when S3 fails.
"""

from __future__ import annotations

import logging
import re
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

BUNDLED_DIR = Path(__file__).resolve().parent.parent / "scripts" / "default"
VALUES_FILE = "_values.toml"
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
STATEWIDE_PREFIX = "statewide/"
LIBRARY_PREFIX = "libraries/"

_log = logging.getLogger(__name__)


def script_key(script_id: str, library_id: str | None = None) -> str:
    if library_id:
        return f"{LIBRARY_PREFIX}{library_id}/{script_id}.txt"
    return f"{STATEWIDE_PREFIX}{script_id}.txt"


@dataclass(frozen=True, slots=True)
class Script:
    id: str
    text: str
    source: str  # "s3", "s3:library" or "bundled"
    fallback: bool = False  # the bundled text stood in for one S3 could not give


class ScriptStore(Protocol):
    def get(self, script_id: str, library_id: str | None = None) -> Script: ...


class ScriptError(ValueError):
    """A script that cannot be rendered: an unknown placeholder or no such script."""


def render(template: str, values: dict[str, str]) -> str:
    """Fill {placeholders}; any other brace is left as typed. A placeholder without a value is an error."""

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in values:
            raise ScriptError(f"no value for placeholder {{{name}}}")
        return values[name]

    return PLACEHOLDER.sub(fill, template)


class BundledScripts:
    """The default scripts shipped in the layer."""

    def __init__(self, folder: Path = BUNDLED_DIR) -> None:
        self.values: dict[str, str] = {
            key: str(value) for key, value in tomllib.loads((folder / VALUES_FILE).read_text("utf-8")).items()
        }
        self.templates = {path.stem: path.read_text("utf-8").strip() for path in sorted(folder.glob("*.txt"))}

    def get(self, script_id: str, library_id: str | None = None) -> Script:
        del library_id  # the bundled set is statewide
        template = self.templates.get(script_id)
        if template is None:
            raise ScriptError(f"no script {script_id}")
        return Script(script_id, render(template, self.values), "bundled")


@dataclass(slots=True)
class _Cached:
    expires: float
    text: str | None  # None: the key is absent
    etag: str | None


class S3Scripts:
    """Scripts from the S3 bucket, cached for ``ttl_seconds``; the bundled set when S3 fails.

    ``on_fallback(script_id, reason)`` is told each time the bundled text stands in (a metric).
    """

    def __init__(
        self,
        bucket: str,
        client: Any,
        ttl_seconds: float,
        fallback: BundledScripts,
        *,
        on_fallback: Callable[[str, str], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._bucket = bucket
        self._client = client
        self._ttl = ttl_seconds
        self._fallback = fallback
        self._on_fallback = on_fallback
        self._clock = clock
        self._cache: dict[str, _Cached] = {}

    def get(self, script_id: str, library_id: str | None = None) -> Script:
        keys = [script_key(script_id)]
        if library_id:
            keys.insert(0, script_key(script_id, library_id))
        reason = "missing"
        for key in keys:
            template = self._read(key)
            if template is None:
                continue
            source = "s3:library" if key.startswith(LIBRARY_PREFIX) else "s3"
            try:
                return Script(script_id, render(template, self._fallback.values), source)
            except ScriptError:
                reason = "bad_placeholder"  # an edited script `decorum scripts check` would refuse
                break
        else:
            if any(self._cache.get(key) is None for key in keys):
                reason = "unreachable"
        _log.warning("script %s: bundled text used (%s)", script_id, reason)
        if self._on_fallback is not None:
            self._on_fallback(script_id, reason)
        bundled = self._fallback.get(script_id)
        return Script(bundled.id, bundled.text, bundled.source, fallback=True)

    def _read(self, key: str) -> str | None:
        now = self._clock()
        cached = self._cache.get(key)
        if cached is not None and cached.expires > now:
            return cached.text
        from botocore.exceptions import BotoCoreError, ClientError

        request: dict[str, str] = {"Bucket": self._bucket, "Key": key}
        if cached is not None and cached.etag:
            request["IfNoneMatch"] = cached.etag
        try:
            response = self._client.get_object(**request)
            text = response["Body"].read().decode("utf-8").strip()
        except ClientError as error:
            code = error.response.get("Error", {}).get("Code")
            if code == "304" and cached is not None:
                cached.expires = now + self._ttl  # unchanged: keep the text, no body was sent
                return cached.text
            if code in ("NoSuchKey", "404", "AccessDenied", "403"):
                self._cache[key] = _Cached(now + self._ttl, None, None)  # remember the absence too
                return None
            self._cache.pop(key, None)
            return None
        except (BotoCoreError, UnicodeDecodeError):
            self._cache.pop(key, None)  # unreachable: try again next time, bundled text meanwhile
            return None
        self._cache[key] = _Cached(now + self._ttl, str(text), response.get("ETag"))
        return str(text)
