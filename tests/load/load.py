"""`make load`: a bounded load test of the local stack, on loopback. Measures; asserts correctness.

    python -m tests.load.load [--requests 5000] [--clients 20] [--sessions 200]

Each client owns sessions/clients sessions and sends their messages in order (as one chat does),
while the clients run concurrently. Every verdict is compared with what `decorum replay` gives for
the same session, and every session's final state with the replayed one: no error, no lost or
doubled ladder step. Prints the throughput and the latency percentiles the README quotes.
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import random
import statistics
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

from decorum.cli import replay_lines
from decorum.local.stack import LocalStack
from tests.evaluation.evaluate import load

SEED = 2026


@dataclass
class Outcome:
    latencies_ms: list[float] = field(default_factory=list)
    mismatches: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def conversations(requests_total: int, sessions: int) -> dict[str, list[dict[str, Any]]]:
    """Sessions of corpus messages (every category, in its proportions), message ids in order."""
    rng = random.Random(SEED)
    corpus = load("all")
    run = uuid.uuid4().hex[:8]
    chats: dict[str, list[dict[str, Any]]] = {f"load-{run}-{n}": [] for n in range(sessions)}
    names = list(chats)
    for number in range(requests_total):
        example = rng.choice(corpus)
        session = names[number % sessions]
        chats[session].append(
            {"message_id": f"m{len(chats[session])}", "sender": example.sender, "text": example.text}
        )
    return chats


def expected(chats: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    """What `decorum replay` answers each message: a verdict, or the error an HTTP 409 carries."""
    lines = [json.dumps({"session_id": s, **m}) + "\n" for s, messages in chats.items() for m in messages]
    out = io.StringIO()
    replay_lines(lines, out)
    results = iter(json.loads(line) for line in out.getvalue().splitlines())
    return {session: [next(results) for _ in messages] for session, messages in chats.items()}


def drive(stack: LocalStack, chats: dict[str, list[dict[str, Any]]], clients: int) -> Outcome:
    predicted = expected(chats)
    outcome = Outcome()
    headers = {"Content-Type": "application/json", "x-api-key": stack.api_key}
    owned = [list(chats)[n::clients] for n in range(clients)]

    def client(sessions: list[str]) -> None:
        with requests.Session() as http:
            for session in sessions:
                url = f"{stack.base_url}/v1/sessions/{session}/messages"
                for message, wanted in zip(chats[session], predicted[session], strict=True):
                    started = time.perf_counter()
                    response = http.post(url, data=json.dumps(message), headers=headers, timeout=30)
                    outcome.latencies_ms.append((time.perf_counter() - started) * 1000)
                    if response.status_code >= 500:
                        outcome.errors.append(f"{session}/{message['message_id']}: {response.status_code}")
                    elif not _same(response, wanted):
                        outcome.mismatches.append(f"{session}/{message['message_id']}")
                state = http.get(f"{stack.base_url}/v1/sessions/{session}", headers=headers, timeout=30)
                last = [r for r in predicted[session] if "error" not in r][-1]["session"]
                served = state.json()
                if {key: served[key] for key in last} != last:
                    outcome.mismatches.append(f"{session}: final state {served} != {last}")

    with ThreadPoolExecutor(max_workers=clients) as pool:
        list(pool.map(client, owned))
    return outcome


def _same(response: requests.Response, wanted: dict[str, Any]) -> bool:
    body = response.json()
    if "error" in wanted:
        return response.status_code == 409 and body.get("code") == wanted["error"]["code"]
    keys = ("category", "action", "session")
    return response.status_code == 200 and all(body[key] == wanted[key] for key in keys)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--sessions", type=int, default=200)
    args = parser.parse_args(argv)
    chats = conversations(args.requests, args.sessions)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # moto logs every AWS call at INFO
    function_log = Path(tempfile.mkdtemp(prefix="decorum-load-")) / "functions.log"
    print(f"the functions' logs: {function_log}")
    with LocalStack(function_log=function_log) as stack:
        stack.start(moto_port=0, api_port=0)
        started = time.perf_counter()
        outcome = drive(stack, chats, args.clients)
        elapsed = time.perf_counter() - started
    latencies = sorted(outcome.latencies_ms)
    percentile = statistics.quantiles(latencies, n=100)
    p50, p90, p99 = percentile[49], percentile[89], percentile[98]
    rate = len(latencies) / elapsed
    print(f"{len(latencies)} requests, {args.clients} clients, {args.sessions} sessions, {elapsed:.1f} s")
    print(f"throughput {rate:.0f} requests/s (gateway + functions + embedded AWS on one machine)")
    print(f"latency ms: p50 {p50:.1f}  p90 {p90:.1f}  p99 {p99:.1f}  max {latencies[-1]:.1f}")
    print(f"5xx: {len(outcome.errors)}   unlike decorum replay (verdicts, states): {len(outcome.mismatches)}")
    for problem in (outcome.errors + outcome.mismatches)[:10]:
        print("  " + problem)
    return 1 if outcome.errors or outcome.mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
