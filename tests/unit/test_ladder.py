"""SPEC "Session ladders", message by message, through the moderator and an in-memory store."""

from __future__ import annotations

import itertools

import pytest

from decorum.adapters.alerts import InMemoryAlerts
from decorum.engine import Assessment, Distress, Engine
from decorum.errors import MessageConflict, SessionEnded
from decorum.ladder import SessionRecord, blind_write, decide
from decorum.models import Category, MessageIn, Verdict
from decorum.service import Moderator

_ids = itertools.count()


def send(
    moderator: Moderator, session: str, text: str, sender: str = "customer", message_id: str | None = None
) -> Verdict:
    message = MessageIn(message_id=message_id or f"m{next(_ids)}", sender=sender, text=text)
    return moderator.moderate(session, message)


def actions(moderator: Moderator, session: str, texts: list[str]) -> list[str]:
    return [send(moderator, session, text).action.value for text in texts]


def test_rude_warns_then_ends(moderator: Moderator) -> None:
    first = send(moderator, "s-rude", "ugh you're useless")
    second = send(moderator, "s-rude", "do your job")

    assert (first.action.value, first.script and first.script.id) == ("warn", "warn_rude")
    assert first.session.warnings == 1
    assert (second.action.value, second.session.ended) == ("end_session", True)
    with pytest.raises(SessionEnded):
        send(moderator, "s-rude", "hello?")


def test_threat_then_rude_share_one_warning_ladder(moderator: Moderator) -> None:
    assert actions(moderator, "s-mixed", ["I know where you live", "shut up"]) == ["warn", "end_session"]


def test_abusive_ends_at_once(moderator: Moderator) -> None:
    verdict = send(moderator, "s-abuse", "What are you stupid?")

    assert verdict.action.value == "end_session"
    assert verdict.script is not None and verdict.script.id == "inappropriate_disconnect"


def test_explicit_requests_reply_then_warn_then_end(moderator: Moderator) -> None:
    texts = ["where can i find porn", "just give me porn sites", "pornhub link pls"]

    assert actions(moderator, "s-porn", texts) == ["reply", "warn", "end_session"]


def test_chit_chat_allow_nudge_allow_end(moderator: Moderator) -> None:
    texts = ["how are you", "lol", "im bored", "whats ur fav color"]

    verdicts = [send(moderator, "s-chat", text) for text in texts]

    assert [v.action.value for v in verdicts] == ["allow", "reply", "allow", "end_session"]
    assert verdicts[1].script is not None and verdicts[1].script.id == "chit_chat_nudge"
    assert verdicts[3].script is not None and verdicts[3].script.id == "chit_chat_end"


def test_a_librarian_message_does_not_break_the_chit_chat_streak_but_a_question_does(
    moderator: Moderator,
) -> None:
    send(moderator, "s-streak", "how are you")
    send(moderator, "s-streak", "I'm well! What can I help you find?", sender="provider")
    assert send(moderator, "s-streak", "lol").session.chit_chat_streak == 2

    reset = send(moderator, "s-streak", "do you have books on volcanoes")
    assert reset.session.chit_chat_streak == 0
    assert send(moderator, "s-streak", "lol").action.value == "allow"


def test_distress_refers_every_time_and_alerts_once_unless_it_escalates(
    moderator: Moderator, alerts: InMemoryAlerts
) -> None:
    low = send(moderator, "s-sad", "i feel so hopeless")
    again = send(moderator, "s-sad", "nobody cares about me")
    worse = send(moderator, "s-sad", "i'm going to kill myself tonight")

    assert [v.action.value for v in (low, again, worse)] == ["refer", "refer", "refer"]
    assert [v.alert is not None and v.alert.sent for v in (low, again, worse)] == [True, False, True]
    assert [alert.level for alert in alerts.published] == ["low", "imminent"]


def test_a_distressed_session_is_never_ended_automatically(moderator: Moderator) -> None:
    send(moderator, "s-crisis", "i want to die")
    swearing = send(moderator, "s-crisis", "fuck off")
    more = send(moderator, "s-crisis", "you stupid bitch")

    assert [swearing.action.value, more.action.value] == ["warn", "warn"]
    assert not more.session.ended


def test_a_retry_gets_the_same_verdict_and_changes_nothing(
    moderator: Moderator, alerts: InMemoryAlerts
) -> None:
    first = send(moderator, "s-retry", "i want to kill myself", message_id="dup")
    retry = send(moderator, "s-retry", "i want to kill myself", message_id="dup")

    assert retry == first
    assert len(alerts.published) == 1


def test_a_reused_message_id_with_another_text_is_refused(moderator: Moderator) -> None:
    send(moderator, "s-reuse", "hello", message_id="same")

    with pytest.raises(MessageConflict):
        send(moderator, "s-reuse", "something else", message_id="same")


def test_a_retry_after_the_session_ended_still_gets_its_verdict(moderator: Moderator) -> None:
    ending = send(moderator, "s-end-retry", "fuck you", message_id="last")

    assert send(moderator, "s-end-retry", "fuck you", message_id="last") == ending


def test_evaluate_touches_no_state(moderator: Moderator) -> None:
    from decorum.models import EvaluateIn

    verdict = moderator.evaluate(EvaluateIn(text="ugh you're useless"))

    assert verdict.action.value == "warn" and verdict.session_id is None
    assert moderator.sessions.get("dry-run") is None


def test_chit_chat_never_ends_a_distressed_session(moderator: Moderator) -> None:
    send(moderator, "s-sad-chat", "i feel so alone")
    chat = [send(moderator, "s-sad-chat", text) for text in ["lol", "haha", "im bored", "wyd"]]

    assert [v.action.value for v in chat] == ["allow", "reply", "allow", "reply"]
    assert not chat[-1].session.ended


# --- the blind write: the store's one-request path must agree with decide() ---------------------

_STATES = [
    SessionRecord(),
    SessionRecord(warnings=1),
    SessionRecord(chit_chat_streak=1),
    SessionRecord(chit_chat_streak=2, warnings=1),
    SessionRecord(explicit_requests=2, warnings=1),
    SessionRecord(distress_level=2, alerted_level=2),
    SessionRecord(distress_level=3, alerted_level=3, warnings=1, chit_chat_streak=3),
]


def _assessment(category: Category) -> Assessment:
    distress = Distress("self_harm", "high") if category == Category.DISTRESS else None
    return Assessment(category, (), "text", distress, "test-1")


@pytest.mark.parametrize("sender", ["customer", "provider"])
@pytest.mark.parametrize("category", list(Category))
def test_a_message_takes_the_blind_write_exactly_when_its_answer_ignores_the_session(
    engine: Engine, category: Category, sender: str
) -> None:
    # given
    policy = engine.policy.document
    assessment = _assessment(category)
    now = "2026-11-28T12:00:00+00:00"

    # when
    blind = blind_write(assessment, sender, now)
    decisions = [
        decide(state, assessment, sender, ladder=policy.ladder, scripts=policy.scripts, now=now)
        for state in _STATES
    ]

    # then
    answers = {(d.action, d.script_id, d.alert) for d in decisions}
    if blind is None:
        # A ladder step: its answer depends on the session, so the store must read it first.
        assert len(answers) > 1
    else:
        assert len(answers) == 1
        assert [d.state for d in decisions] == [blind.apply(state) for state in _STATES]


@pytest.mark.parametrize(
    "category",
    [Category.NONE, Category.SERVICE_QUESTION, Category.PERSONAL_INFO, Category.PROVIDER_PERSONAL],
)
def test_ordinary_customer_messages_take_the_blind_path(category: Category) -> None:
    assert blind_write(_assessment(category), "customer", "now") is not None


@pytest.mark.parametrize(
    "category", [Category.RUDE, Category.THREAT, Category.ABUSIVE, Category.CHIT_CHAT, Category.DISTRESS]
)
def test_ladder_steps_never_take_the_blind_path(category: Category) -> None:
    assert blind_write(_assessment(category), "customer", "now") is None
