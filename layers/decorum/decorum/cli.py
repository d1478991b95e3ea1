"""The ``decorum`` command: replay transcripts, check a message, manage scripts, serve the local stack.

``decorum replay`` runs the very engine and ladder the Lambda functions run, against an in-memory
session store, so a coordinator auditing a transcript sees what production would have done.
``decorum scripts check|diff|push`` lets a coordinator edit the script texts safely, and
``decorum policy check`` the policy: the statewide rules and every library's override.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from pydantic import ValidationError

from decorum.adapters.alerts import InMemoryAlerts
from decorum.adapters.scripts import BUNDLED_DIR, BundledScripts
from decorum.adapters.sessions import InMemorySessionStore
from decorum.audit import AuditReport, render_csv, render_table
from decorum.engine import default_engine
from decorum.engine.policy import DEFAULT_POLICY_DIR, LIBRARY_POLICY_DIR, PolicyError, load_policy
from decorum.errors import DecorumError, MessageConflict, SessionEnded
from decorum.models import MessageIn, Verdict
from decorum.service import Moderator


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["serve"]:
        # The local stack parses its own options (PORT, --parameter-overrides ...).
        from decorum.local.server import main as serve_main

        return int(serve_main(argv[1:]))
    parser = argparse.ArgumentParser(prog="decorum", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    replay = commands.add_parser("replay", help="print one verdict per JSON Lines message")
    replay.add_argument("file", help="a JSON Lines file, or - for standard input")
    replay.add_argument(
        "--report", action="store_true", help="an audit table: counts, ended sessions and why, referrals"
    )
    replay.add_argument("--format", choices=("table", "csv"), default="table", help="with --report")

    check = commands.add_parser("check", help="a readable verdict for one message, with its evidence")
    check.add_argument("text")
    check.add_argument("--provider", action="store_true", help="the librarian wrote it")
    check.add_argument("--library", default=None, help="apply this library's policy override")
    check.add_argument("--json", action="store_true", help="print the verdict as JSON")

    commands.add_parser("serve", help="run the local stack (moto server + the API on loopback)")
    _add_scripts_commands(commands)
    policy = commands.add_parser("policy", help="check the policy files before they are deployed")
    policy_actions = policy.add_subparsers(dest="policy_command", required=True)
    policy_check = policy_actions.add_parser(
        "check", help="load the statewide policy and every library override and compile every rule"
    )
    policy_check.add_argument("--folder", type=Path, default=DEFAULT_POLICY_DIR, help="the statewide policy")
    policy_check.add_argument(
        "--libraries", type=Path, default=LIBRARY_POLICY_DIR, help="the folder of <library_id>.toml overrides"
    )

    args = parser.parse_args(argv)
    if args.command == "scripts":
        return _scripts(args)
    if args.command == "policy":
        return check_policy(args.folder, args.libraries)
    if args.command == "replay":
        if args.file == "-":
            return _replay(sys.stdin, args)
        with open(args.file, encoding="utf-8") as lines:
            return _replay(lines, args)
    return check_text(args.text, "provider" if args.provider else "customer", args.library, args.json)


def replay_moderator() -> Moderator:
    return Moderator(default_engine(), InMemorySessionStore(), BundledScripts(), InMemoryAlerts())


def replay_lines(lines: Iterable[str], out: IO[str], moderator: Moderator | None = None) -> int:
    """One output line per non-blank input line: a verdict, or an error naming the line.

    ``moderator``: by default the embedded one; tests pass one on DynamoDB to prove they agree.
    """
    failures = 0
    for _, _, result in replay_records(lines, moderator):
        if "error" in result:
            failures += 1
        out.write(json.dumps(result, ensure_ascii=False) + "\n")
    return 1 if failures else 0


def replay_records(
    lines: Iterable[str], moderator: Moderator | None = None
) -> Iterator[tuple[int, Any, dict[str, Any]]]:
    """(line number, the parsed line, its verdict or error) for each non-blank line, in order."""
    moderator = moderator or replay_moderator()
    for number, record in _records(lines):
        yield number, record, _replay_one(moderator, number, record)


def report_lines(lines: Iterable[str], out: IO[str], output_format: str = "table") -> int:
    """``--report``: the audit of a whole transcript instead of one verdict per line."""
    report = AuditReport()
    for number, record, result in replay_records(lines):
        report.add(number, record, result)
    out.write(render_csv(report) if output_format == "csv" else render_table(report))
    return 0


def _replay(lines: Iterable[str], args: argparse.Namespace) -> int:
    if args.report:
        return report_lines(lines, sys.stdout, args.format)
    return replay_lines(lines, sys.stdout)


def _records(lines: Iterable[str]) -> Iterator[tuple[int, Any]]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except ValueError:
            yield number, None


def _replay_one(moderator: Moderator, number: int, record: Any) -> dict[str, Any]:
    if not isinstance(record, dict):
        return _error(number, "malformed_line", "not a JSON object")
    session_id = str(record.get("session_id") or f"replay-line-{number}")
    fields = {key: value for key, value in record.items() if key != "session_id"}
    fields.setdefault("message_id", f"line-{number}")
    try:
        message = MessageIn.model_validate(fields)
        verdict = moderator.moderate(session_id, message)
    except ValidationError as error:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors())
        return _error(number, "invalid_line", problems)
    except SessionEnded as ended:
        return _error(number, "session_ended", f"session {ended.session_id} ended ({ended.reason})")
    except MessageConflict as conflict:
        return _error(number, "message_id_reused", str(conflict))
    except DecorumError as error:
        return _error(number, "error", str(error))
    return verdict.model_dump(mode="json")


def _error(number: int, code: str, message: str) -> dict[str, Any]:
    return {"line": number, "error": {"code": code, "message": message}}


def check_text(text: str, sender: str, library_id: str | None, as_json: bool) -> int:
    message = MessageIn(message_id="check", sender=sender, text=text, library_id=library_id)
    verdict = replay_moderator().moderate("check", message)
    if as_json:
        print(verdict.model_dump_json(indent=2))
    else:
        print(describe(verdict, text))
    return 0


def describe(verdict: Verdict, text: str) -> str:
    lines = [f"category: {verdict.category.value}", f"action:   {verdict.action.value}"]
    if verdict.distress:
        lines.append(f"distress: {verdict.distress.subtype}, {verdict.distress.severity}")
    if verdict.script:
        lines.append(f"script:   {verdict.script.id}: {verdict.script.text}")
    for hit in verdict.categories:
        for evidence in hit.evidence:
            lines.append(
                f"  {hit.name.value:<18} {text[evidence.start : evidence.end]!r} "
                f"[{evidence.start}:{evidence.end}] by {evidence.rule}"
            )
    if verdict.redacted_text != text:
        lines.append(f"redacted: {verdict.redacted_text}")
    lines.append(f"policy:   {verdict.policy_version}")
    return "\n".join(lines)


# --- decorum policy check ----------------------------------------------------------------------


def check_policy(folder: Path, libraries: Path) -> int:
    """Load the statewide policy and each library's override merged over it, and compile every
    pattern: loading validates the files, but patterns compile when a message first needs them (a
    cold start would pay for all of them), so a broken one would otherwise surface in production."""
    problems: list[str] = []
    overrides = sorted(libraries.glob("*.toml")) if libraries.is_dir() else []
    for override in [None, *overrides]:
        name = "statewide policy" if override is None else override.name
        try:
            load_policy(folder, override).check()
        except PolicyError as error:
            problems.append(f"{name}: {error}")
    for problem in problems:
        print(problem, file=sys.stderr)
    if not problems:
        loaded = f"the statewide policy and {len(overrides)} library override(s) load"
        print(f"{folder}: {loaded}; every rule compiles")
    return 1 if problems else 0


# --- decorum scripts ---------------------------------------------------------------------------

LOCAL_BUCKET_ID = "ScriptsBucket"


def _add_scripts_commands(commands: Any) -> None:
    scripts = commands.add_parser("scripts", help="check, diff and push the script texts")
    actions = scripts.add_subparsers(dest="scripts_command", required=True)
    check = actions.add_parser("check", help="what is wrong with an edited set of <script id>.txt files")
    check.add_argument("folder", type=Path)
    for name, help_text in (
        ("diff", "what a push would change in the bucket"),
        ("push", "upload the new and changed scripts (checked first)"),
    ):
        action = actions.add_parser(name, help=help_text)
        action.add_argument(
            "folder", type=Path, nargs="?", default=BUNDLED_DIR, help="default: the bundled scripts"
        )
        where = action.add_mutually_exclusive_group(required=True)
        where.add_argument("--bucket", help="the stack's ScriptsBucket")
        where.add_argument("--local", action="store_true", help="the bucket of the running `make run` stack")
        action.add_argument("--library", default=None, help="a library's overrides instead of statewide")
        action.add_argument("--endpoint-url", default=None, help="an S3 endpoint other than AWS's")
        if name == "push":
            action.add_argument(
                "--only-new", action="store_true", help="never overwrite a key that exists (seeding)"
            )


def _scripts(args: argparse.Namespace) -> int:
    from decorum.scriptset import check_set, plan, push, read_set

    problems = check_set(args.folder)
    if args.scripts_command == "check" or problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        if not problems:
            print(f"{args.folder}: {len(read_set(args.folder))} scripts, all fine")
        return 1 if problems else 0
    s3, bucket = _scripts_bucket(args)
    changes = plan(s3, bucket, read_set(args.folder), args.library)
    if args.scripts_command == "diff":
        for change in changes:
            print(change.diff() if change.status != "unchanged" else f"= {change.key} (unchanged)")
        return 0
    uploaded = {change.key for change in push(s3, bucket, changes, only_new=args.only_new)}
    for change in changes:
        print(f"{'uploaded' if change.key in uploaded else 'kept':8} {change.key} ({change.status})")
    return 0


def _scripts_bucket(args: argparse.Namespace) -> tuple[Any, str]:
    import boto3

    if not args.local:
        return boto3.client("s3", endpoint_url=args.endpoint_url), str(args.bucket)
    from decorum.local.provision import local_name

    port = os.environ.get("MOTO_PORT", "5000")
    fake = "testing"  # moto's documented fake credentials: the local stack takes any
    session = boto3.session.Session(
        aws_access_key_id=fake, aws_secret_access_key=fake, region_name="us-east-1"
    )
    endpoint = args.endpoint_url or f"http://127.0.0.1:{port}"
    return session.client("s3", endpoint_url=endpoint), local_name(LOCAL_BUCKET_ID)


if __name__ == "__main__":
    raise SystemExit(main())
