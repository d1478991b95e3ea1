"""Script sets: a folder of ``<script id>.txt`` files a coordinator edits, and the bucket they go to.

    decorum scripts check DIR                       what is wrong with an edited set, if anything
    decorum scripts diff DIR --bucket B [--library L]   what a push would change, as a diff
    decorum scripts push DIR --bucket B [--library L]   upload what changed (checked first)
    decorum scripts push --only-new --bucket B      seed the bundled defaults; never overwrite

A set may hold only the scripts being changed: the others keep their text in the bucket (or the
bundled default). Placeholders are rendered with the deployment's values (``_values.toml`` in the
layer), so a placeholder without a value is refused here, before it is ever uploaded.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from decorum.adapters.scripts import BUNDLED_DIR, BundledScripts, ScriptError, render, script_key
from decorum.engine.policy import Scripts

# A script is one chat message: long enough for the crisis referral, short enough to read on a phone.
MAX_SCRIPT_CHARS = 1_200


def known_script_ids() -> frozenset[str]:
    """Every script the policy's actions can send."""
    return frozenset(Scripts().model_dump().values())


@dataclass(frozen=True, slots=True)
class Change:
    script_id: str
    key: str
    status: Literal["new", "changed", "unchanged"]
    current: str | None  # the bucket's text, None if absent
    proposed: str

    def diff(self) -> str:
        before = f"{self.current}\n".splitlines(keepends=True) if self.current is not None else []
        lines = difflib.unified_diff(
            before,
            f"{self.proposed}\n".splitlines(keepends=True),
            fromfile=f"s3://…/{self.key}" if self.current is not None else "/dev/null",
            tofile=self.key,
        )
        return "".join(lines)


def read_set(folder: Path) -> dict[str, str]:
    """The texts of a set, by script id (file stem), stripped as the service strips them."""
    return {path.stem: path.read_bytes().decode("utf-8").strip() for path in sorted(folder.glob("*.txt"))}


def check_set(folder: Path, values: dict[str, str] | None = None) -> list[str]:
    """Every problem with the set in ``folder``, one line each; an empty list means it can go."""
    if not folder.is_dir():
        return [f"{folder}: not a folder"]
    values = BundledScripts().values if values is None else values
    known = known_script_ids()
    problems: list[str] = []
    paths = sorted(folder.glob("*.txt"))
    if not paths:
        problems.append(f"{folder}: no <script id>.txt files")
    for path in paths:
        try:
            text = path.read_bytes().decode("utf-8").strip()
        except UnicodeDecodeError:
            problems.append(f"{path.name}: not UTF-8 text")
            continue
        if path.stem not in known:
            names = ", ".join(sorted(known))
            problems.append(f"{path.name}: no action sends a script {path.stem!r} (known: {names})")
        if not text:
            problems.append(f"{path.name}: empty")
        if len(text) > MAX_SCRIPT_CHARS:
            problems.append(f"{path.name}: {len(text)} characters, more than {MAX_SCRIPT_CHARS}")
        try:
            render(text, values)
        except ScriptError as error:
            problems.append(f"{path.name}: {error} (the values are in _values.toml)")
    return problems


def plan(s3: Any, bucket: str, texts: dict[str, str], library_id: str | None = None) -> list[Change]:
    """What pushing ``texts`` would do to each key."""
    changes: list[Change] = []
    for script_id, proposed in sorted(texts.items()):
        key = script_key(script_id, library_id)
        current = _current(s3, bucket, key)
        if current is None:
            status: Literal["new", "changed", "unchanged"] = "new"
        else:
            status = "unchanged" if current == proposed else "changed"
        changes.append(Change(script_id, key, status, current, proposed))
    return changes


def push(s3: Any, bucket: str, changes: list[Change], *, only_new: bool = False) -> list[Change]:
    """Upload the new and changed scripts; with ``only_new``, an existing key is never overwritten
    (an atomic conditional put, so a coordinator's edit made a moment ago is kept as well)."""
    uploaded: list[Change] = []
    for change in changes:
        if change.status == "unchanged" or (only_new and change.status != "new"):
            continue
        extra = {"IfNoneMatch": "*"} if only_new else {}
        try:
            s3.put_object(
                Bucket=bucket,
                Key=change.key,
                Body=change.proposed.encode("utf-8") + b"\n",
                ContentType="text/plain; charset=utf-8",
                **extra,
            )
        except s3.exceptions.ClientError as error:
            if only_new and error.response.get("Error", {}).get("Code") == "PreconditionFailed":
                continue  # created since the plan was made: keep it
            raise
        uploaded.append(change)
    return uploaded


@dataclass(frozen=True, slots=True)
class SeededScripts:
    uploaded: list[str]
    kept: list[str]  # already in the bucket: left as they are


def seed_scripts(s3: Any, bucket: str, folder: Path = BUNDLED_DIR) -> SeededScripts:
    """Upload each bundled script that the bucket does not have yet; never overwrite one.

    No read first: the conditional put itself says whether the key was there (one call a script).
    """
    changes = [
        Change(script_id, script_key(script_id), "new", None, text)
        for script_id, text in read_set(folder).items()
    ]
    uploaded = {change.key for change in push(s3, bucket, changes, only_new=True)}
    return SeededScripts(
        uploaded=sorted(uploaded), kept=sorted(change.key for change in changes if change.key not in uploaded)
    )


def _current(s3: Any, bucket: str, key: str) -> str | None:
    try:
        body: bytes = s3.get_object(Bucket=bucket, Key=key)["Body"].read()
    except s3.exceptions.ClientError as error:
        if error.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
            return None
        raise
    return body.decode("utf-8", errors="replace").strip()
