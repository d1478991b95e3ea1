"""Fifty requests to one session at once, over HTTP, through the local stack's worker processes.

The functions run in several processes (as concurrent Lambda environments do) and DynamoDB applies
each write atomically (as the service does), so the requests really race on the session item:
the ladder must still give exactly one warning and exactly one end.
"""

from __future__ import annotations

import json
import threading
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import requests

from .conftest import Api

pytestmark = pytest.mark.integration

CLIENTS = 50
RUNS = 20


def _post_together(api: Api, session_id: str, texts: list[str]) -> list[requests.Response]:
    start = threading.Barrier(len(texts))
    headers = {"Content-Type": "application/json", "x-api-key": api.key or ""}
    url = f"{api.base_url}/v1/sessions/{session_id}/messages"

    def post(number: int) -> requests.Response:
        body = {"message_id": f"m{number}", "sender": "customer", "text": texts[number]}
        start.wait()
        return requests.post(url, data=json.dumps(body), headers=headers, timeout=30)

    api.sent.extend(texts)
    with ThreadPoolExecutor(max_workers=len(texts)) as clients:
        return list(clients.map(post, range(len(texts))))


def _outcome(response: requests.Response) -> str:
    body: dict[str, Any] = response.json()
    if response.status_code != 200:
        return f"{response.status_code} {body['code']}"
    # A degraded verdict was decided without the session: it says nothing about the ladder.
    return f"200 {body['action']}" + (" degraded" if body["degraded"] else "")


@pytest.mark.parametrize("run", range(RUNS))
def test_given_fifty_rude_messages_at_once_then_one_warning_one_end_and_the_rest_refused(
    api: Api, run: int
) -> None:
    # given
    session_id = f"race-{run}-{uuid.uuid4().hex[:8]}"

    # when
    responses = _post_together(api, session_id, ["you are useless"] * CLIENTS)

    # then
    outcomes = Counter(_outcome(response) for response in responses)
    assert outcomes == {"200 warn": 1, "200 end_session": 1, "409 session_ended": CLIENTS - 2}
    state = api.get_session(session_id).json()
    assert (state["warnings"], state["ended"], state["ended_reason"]) == (2, True, "repeated_rude")


def test_given_questions_and_insults_at_once_then_the_ladder_holds_and_every_question_is_answered_or_refused(
    api: Api,
) -> None:
    # given
    session_id = f"race-mixed-{uuid.uuid4().hex[:8]}"
    texts = ["you are useless", "do you have books on bees?"] * (CLIENTS // 2)

    # when
    responses = _post_together(api, session_id, texts)

    # then
    insults = Counter(_outcome(r) for text, r in zip(texts, responses, strict=True) if "useless" in text)
    questions = Counter(_outcome(r) for text, r in zip(texts, responses, strict=True) if "bees" in text)
    assert (insults["200 warn"], insults["200 end_session"]) == (1, 1)
    assert insults["409 session_ended"] == CLIENTS // 2 - 2
    assert set(questions) <= {"200 allow", "409 session_ended"}
    assert api.get_session(session_id).json()["warnings"] == 2
