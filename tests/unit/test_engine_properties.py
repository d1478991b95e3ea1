"""Properties of the engine on any text: it never raises, its evidence points into the text, and
redaction leaves none of the personal data it found behind."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from decorum.engine import Engine, default_engine
from decorum.engine.redact import find_personal_data

ENGINE: Engine = default_engine()

# Text that looks like chat: words the policy knows, digits, symbols that fold, odd Unicode.
_pieces = st.sampled_from(
    ["you", "are", "stupid", "f**k", "sh1t", "kill", "myself", "my", "card", "is", "4111 1111 1111 1111",
     "21234000567890", "call", "410-555-0123", "jo@example.org", "pin", "1234", "password", "hunter2", "lol",
     "how", "are", "u", "porn", "filter", "\u200b", "ｆ", "с", "!!", "?", "...", "'", '"', "-", "*", "  "]
)  # fmt: skip
chatty = st.lists(st.one_of(_pieces, st.text(max_size=6)), max_size=30).map(" ".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(chatty, st.text(max_size=300)), sender=st.sampled_from(["customer", "provider"]))
def test_any_text_is_assessed_with_evidence_inside_it(text: str, sender: str) -> None:
    assessment = ENGINE.assess(text, sender)

    for hit in assessment.hits:
        assert 0 <= hit.start <= hit.end <= len(text)
    assert assessment.category in {hit.category for hit in assessment.hits} or not assessment.hits


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=chatty)
def test_redaction_leaves_no_detected_personal_data(text: str) -> None:
    redacted = ENGINE.assess(text).redacted_text

    found = find_personal_data(ENGINE.policy, redacted)
    assert [redacted[hit.start : hit.end] for hit, _ in found] == []


def test_a_long_message_full_of_weighty_words_is_still_assessed() -> None:
    text = " ".join(["research", "statistics", "for", "my", "paper", "books", "about"] * 600)[:4000]

    assert ENGINE.assess(text).category is not None
    assert ENGINE.assess(("i want to die " * 300)[:4000]).category.value == "distress"


def test_a_long_message_of_remarks_keeps_one_hit_per_rule_and_its_verdict() -> None:
    assessment = ENGINE.assess(("moron. " * 600)[:4000])

    rules = [hit.rule for hit in assessment.hits]
    assert assessment.category.value == "abusive"
    assert rules and len(rules) == len(set(rules))
