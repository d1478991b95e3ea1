"""Script texts: read from S3 with a bounded cache, rendered with their placeholders.

S3 layout: ``statewide/<script_id>.txt`` and per-library overrides
``libraries/<library_id>/<script_id>.txt``. Whatever S3 does, a verdict never fails for a script:
a missing key or an unreachable bucket falls back to the bundled default.
"""

from __future__ import annotations

import re
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

BUNDLED_DIR = Path(__file__).resolve().parent.parent / "scripts" / "default"
VALUES_FILE = "_values.toml"
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


@dataclass(frozen=True, slots=True)
class Script:
    id: str
    text: str
    source: str  # "s3", "s3:library" or "bundled"


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


class S3Scripts:
    """Scripts from the S3 bucket, cached for ``ttl_seconds``; the bundled set when S3 fails."""

    def __init__(self, bucket: str, client: Any, ttl_seconds: float, fallback: BundledScripts) -> None:
        self._bucket = bucket
        self._client = client
        self._ttl = ttl_seconds
        self._fallback = fallback
        self._cache: dict[str, tuple[float, str | None]] = {}
        self.fallbacks = 0  # how many times the bundled text stood in (also a metric)

    def get(self, script_id: str, library_id: str | None = None) -> Script:
        keys = [f"statewide/{script_id}.txt"]
        if library_id:
            keys.insert(0, f"libraries/{library_id}/{script_id}.txt")
        for key in keys:
            template = self._read(key)
            if template is not None:
                source = "s3:library" if key.startswith("libraries/") else "s3"
                try:
                    return Script(script_id, render(template, self._fallback.values), source)
                except ScriptError:
                    break  # an edited script with a bad placeholder: the default is better than nothing
        self.fallbacks += 1
        return self._fallback.get(script_id)

    def _read(self, key: str) -> str | None:
        now = time.monotonic()
        cached = self._cache.get(key)
        if cached and cached[0] > now:
            return cached[1]
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            body = (
                self._client.get_object(Bucket=self._bucket, Key=key)["Body"].read().decode("utf-8").strip()
            )
        except ClientError as error:
            code = error.response.get("Error", {}).get("Code")
            if code in ("NoSuchKey", "404", "AccessDenied", "403"):
                self._cache[key] = (now + self._ttl, None)  # remember the absence as well
            return None
        except (BotoCoreError, UnicodeDecodeError):
            return None
        text = str(body)
        self._cache[key] = (now + self._ttl, text)
        return text
