"""``decorum serve``: the local stack on 127.0.0.1 until Ctrl-C or SIGTERM.

``PORT`` (default 3000) and ``MOTO_PORT`` (default 5000) choose the ports, 0 for any free one;
``DECORUM_API_KEY`` (default ``local-dev-key``) is the key the API asks for; ``DECORUM_TEMPLATE``
points at another template than the nearest ``template.yaml``.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType
from typing import Any

from decorum.local.stack import LocalStack, StackError
from decorum.local.template import TemplateError


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s", stream=sys.stderr)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # moto's server logs every AWS call at INFO
    # Health and docs requests publish only the cold-start metric; Powertools warns each time.
    warnings.filterwarnings("ignore", message="No application metrics to publish")
    try:
        api_port = _port("PORT", 3000)
        moto_port = _port("MOTO_PORT", 5000)
        stack = LocalStack(args.template, parameter_overrides=dict(args.parameter_overrides))
    except (StackError, TemplateError, OSError) as error:
        print(f"decorum serve: {error}", file=sys.stderr)
        return 2

    stop_requested = threading.Event()
    previous = _on_stop_signals(stop_requested)
    try:
        stack.start(moto_port=moto_port, api_port=api_port)
    except (StackError, TemplateError, OSError) as error:
        _restore_signals(previous)
        print(f"decorum serve: cannot start the local stack: {error}", file=sys.stderr)
        return 1
    try:
        print("\n".join(describe(stack)), flush=True)
        stop_requested.wait()
        print("Stopping the local stack...", flush=True)
    finally:
        stack.stop()
        _restore_signals(previous)
    return 0


def describe(stack: LocalStack) -> Iterator[str]:
    yield "Decorum local stack is ready."
    yield f"  API base URL:   {stack.base_url}   (e.g. {stack.base_url}/v1/health, {stack.base_url}/v1/docs)"
    yield f"  API key:        {stack.api_key}   (header x-api-key; set DECORUM_API_KEY to change it)"
    for logical_id, arn in stack.resources.topics.items():
        yield f"  SNS topic:      {arn}   ({logical_id})"
    for logical_id, name in stack.resources.tables.items():
        yield f"  DynamoDB table: {name}   ({logical_id})"
    for logical_id, name in stack.resources.buckets.items():
        yield f"  S3 bucket:      {name}   ({logical_id})"
    for logical_id, url in stack.resources.queues.items():
        yield f"  SQS queue:      {url}   ({logical_id})"
    for schedule in stack.template.schedules():
        yield f"  Scheduled:      {schedule.function_id} every {schedule.every_seconds} s"
    if stack.seeded is not None:
        uploaded, kept = len(stack.seeded.uploaded), len(stack.seeded.kept)
        yield f"  Scripts:        {uploaded} uploaded, {kept} already there (kept as they are)"
    yield f"  Embedded AWS:   {stack.moto_endpoint}   (moto; use it as --endpoint-url, any credentials)"
    yield "Press Ctrl-C to stop."


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="decorum serve", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--template", type=Path, default=None, help="the SAM template (default: template.yaml)"
    )
    parser.add_argument(
        "--parameter-overrides",
        nargs="+",
        default=[],
        type=_parameter,
        metavar="NAME=VALUE",
        help="template parameters, as for sam deploy (e.g. ScriptsCacheSeconds=0)",
    )
    return parser


def _parameter(text: str) -> tuple[str, str]:
    name, separator, value = text.partition("=")
    if not separator or not name:
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE, got {text!r}")
    return name, value


def _port(variable: str, default: int) -> int:
    text = os.environ.get(variable) or str(default)
    if not text.isdigit() or int(text) > 65535:
        raise StackError(f"{variable}={text!r} is not a port number (0 picks a free one)")
    return int(text)


_Handler = Callable[[int, FrameType | None], Any] | int | signal.Handlers | None


def _on_stop_signals(stop_requested: threading.Event) -> dict[int, _Handler]:
    """Ctrl-C and SIGTERM ask for a clean stop instead of interrupting whatever runs (main thread only)."""

    def request_stop(_signal: int, _frame: FrameType | None) -> None:
        stop_requested.set()

    return {number: signal.signal(number, request_stop) for number in (signal.SIGINT, signal.SIGTERM)}


def _restore_signals(previous: dict[int, _Handler]) -> None:
    for number, handler in previous.items():
        signal.signal(number, handler)


if __name__ == "__main__":
    raise SystemExit(main())
