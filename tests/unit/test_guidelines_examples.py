"""The six examples of the guidelines, exactly: the floor every policy change must keep."""

from __future__ import annotations

import pytest

from decorum.engine import Engine
from decorum.models import Category


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("What the f**k is taking so long?", Category.ABUSIVE),
        ("What are you stupid?", Category.ABUSIVE),
        ("Hey, you want to get it on?", Category.ABUSIVE),
        ("Can you hurry it up?", Category.NONE),
        ("That other librarian didn't have a clue.", Category.NONE),
        ("Where do babies come from?", Category.NONE),
    ],
)
def test_given_a_guideline_example_when_assessed_then_it_gets_the_guidelines_category(
    engine: Engine, text: str, expected: Category
) -> None:
    assessment = engine.assess(text)

    assert assessment.category == expected
    if expected == Category.NONE:
        assert assessment.hits == ()


def test_given_the_abusive_examples_then_the_evidence_points_at_the_offending_words(engine: Engine) -> None:
    cases = {
        "What the f**k is taking so long?": "f**k",
        "What are you stupid?": "stupid",
        "Hey, you want to get it on?": "you want to get it on",
    }
    for text, words in cases.items():
        hits = engine.assess(text).hits
        assert [text[hit.start : hit.end] for hit in hits] == [words]
        assert all(hit.rule.startswith("abusive.") for hit in hits)
