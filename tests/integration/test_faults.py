"""Each AWS dependency down in turn: the API still answers, marks the verdict degraded, loses nothing.

``stack.outage(service)`` makes the embedded AWS answer every request to that service with 503,
so the functions meet what an outage looks like to boto3: retries, then an error.
"""

from __future__ import annotations

import pytest

from decorum.adapters.scripts import BundledScripts
from decorum.local.stack import LocalStack

from .conftest import Api

pytestmark = pytest.mark.integration

# Rude, as test_engine_categories holds: here the ladder is tested, not the judging.
RUDE = "ugh you're useless"
ABUSIVE = "What are you stupid?"


def test_given_dynamodb_down_then_messages_get_the_first_offence_action_degraded_and_reads_get_503(
    api: Api, stack: LocalStack, session_id: str
) -> None:
    # when
    with stack.outage("dynamodb"):
        rude = api.post_message(session_id, "m1", RUDE)
        abusive = api.post_message(f"{session_id}-2", "m1", ABUSIVE)
        question = api.post_message(f"{session_id}-3", "m1", "Do you have books on bees?")
        state = api.get_session(session_id)
    after = api.post_message(f"{session_id}-4", "m1", RUDE)

    # then
    assert (rude.status_code, rude.json()["action"], rude.json()["degraded"]) == (200, "warn", True)
    assert (abusive.json()["action"], abusive.json()["degraded"]) == ("end_session", True)
    assert (question.json()["action"], question.json()["degraded"]) == ("allow", True)
    assert state.status_code == 503 and state.json()["code"] == "session_store_unavailable"
    assert after.json()["degraded"] is False


def test_given_s3_down_then_the_bundled_script_is_sent_and_the_verdict_is_degraded(
    api: Api, stack: LocalStack, session_id: str
) -> None:
    # when
    with stack.outage("s3"):
        response = api.post_message(session_id, "m1", RUDE)

    # then
    verdict = response.json()
    assert response.status_code == 200
    assert (verdict["action"], verdict["degraded"]) == ("warn", True)
    assert verdict["script"] == {"id": "warn_rude", "text": BundledScripts().get("warn_rude").text}
    assert api.get_session(session_id).json()["warnings"] == 1  # the state was kept all the same


def test_given_sns_down_then_the_referral_comes_back_degraded_and_the_alert_waits_in_the_fallback_queue(
    api: Api, stack: LocalStack, session_id: str
) -> None:
    # given
    stack.run_schedule("AlertsRetryFunction")  # nothing left over from other tests

    # when
    with stack.outage("sns"):
        response = api.post_message(session_id, "m1", "i want to kill myself")
        waiting = stack.run_schedule("AlertsRetryFunction")
    delivered = stack.run_schedule("AlertsRetryFunction")

    # then
    verdict = response.json()
    assert (verdict["action"], verdict["degraded"]) == ("refer", True)
    assert verdict["alert"]["queued"] is True
    assert (waiting["published"], waiting["waiting"]) == (0, 1)
    assert delivered["published"] == 1
