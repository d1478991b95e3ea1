"""The literal prefilter only ever skips an alternative that could not have matched."""

from __future__ import annotations

import pytest

from decorum.engine import Engine
from decorum.engine.normalise import fold
from decorum.engine.prefilter import (
    Branch,
    branches,
    leading_literal,
    min_digits,
    required_all,
    required_literals,
)
from tests.evaluation.evaluate import load


@pytest.mark.parametrize(
    ("regex", "literals"),
    [
        (r"\b(?:just )?log off\b", ("log off",)),
        (r"\b(?:kill|hurt) (?:me|myself)\b", ("hurt", "kill")),
        (r"(?<![a-z*])(?:p\*rn\w*|n\*des?)", ("n*de", "p*rn")),
        (r"\bwhat'?s up\b", ("what",)),
        (r"\b(?:kill|hurt)? me\b", None),  # the group may be absent and ' me' is too short
        (r"(?:kill|me|hurt) you", (" you",)),  # 'me' alone is too short to test for
        (r"(?=.*pills)\b(?:how many|what dose)\b", ("how many", "what dose")),
        (r"\bpin\s+\d{4}", ("pin",)),
        (r"a{0,3}bcd", ("bcd",)),
        (r"(?:abcd|){1}x", None),  # an empty alternative needs nothing
        (r"\bi (?:want|wanna|need) (?:to )?die\b", ("die",)),  # one run beats a group
        (r"\bi (?:want|wanna|need) (?:to )?d(?:ie|ead)\b", ("need", "wanna", "want")),
    ],
)
def test_given_an_alternative_then_its_required_literals_are_found(
    regex: str, literals: tuple[str, ...] | None
) -> None:
    assert required_literals(regex) == literals


def _all_branches(engine: Engine) -> list[Branch]:
    policy = engine.policy
    compiled = [item for index in policy.pattern_triggers.values() for item in index.lookup_all()]
    compiled += [item for by_char in policy.patterns_by_char.values() for _, item in by_char]
    return [branch for item in compiled for branch in item.branches]


def test_given_the_shipped_rules_and_the_corpus_then_no_skipped_alternative_would_have_matched(
    engine: Engine,
) -> None:
    every = _all_branches(engine)
    texts = [fold(example.text).text for example in load("all")]
    wrongly_skipped = [
        (branch.source, text)
        for text in texts
        for branch in every
        if not branch.may_match(text) and branch.regex.search(text)
    ]

    assert sum(branch.literals is not None for branch in every) > 0.8 * len(every)
    assert wrongly_skipped == []


def test_given_a_whole_pattern_then_each_top_level_alternative_gets_its_own_literals() -> None:
    split = branches(r"\bshut up\b|\b(?:go|get) away\b|\bx\b")

    assert [branch.literals for branch in split] == [("shut up",), (" away",), None]


def test_given_the_shipped_rules_and_the_corpus_then_no_alternative_failing_its_full_guard_would_match(
    engine: Engine,
) -> None:
    every = _all_branches(engine)
    texts = [
        fold(example.text).text for split in ("dev", "fresh", "fresh2", "holdout") for example in load(split)
    ]
    guards = [(branch, required_all(branch.source)) for branch in every]
    wrongly_skipped = [
        (branch.source, text)
        for text in texts
        for branch, guard in guards
        if guard is not None
        and not all(any(literal in text for literal in group) for group in guard)
        and branch.regex.search(text)
    ]

    assert sum(guard is not None and len(guard) > 1 for _, guard in guards) > 0.5 * len(every)
    assert wrongly_skipped == []


@pytest.mark.parametrize(
    ("regex", "guard"),
    [
        (r"\bhow (?:do|does) i (?:log|sign) in\b", (("how ",), ("log", "sign"))),
        (r"\b(?:just )?log off\b", (("log off",),)),
        (r"(?i)\bfoo bar\b baz", (("foo bar",),)),  # inline flags: only the literal it always had
        (r"\b(?:kill|hurt)? me\b", None),
        (
            r"\bwhere (?:can|do) i (?:watch|stream) (?:it|them) online\b",
            ((" online",), ("where ",), ("stream", "watch")),
        ),
    ],
)
def test_given_an_alternative_then_every_literal_requirement_is_found(
    regex: str, guard: tuple[tuple[str, ...], ...] | None
) -> None:
    assert required_all(regex) == guard


@pytest.mark.parametrize(
    ("regex", "least"),
    [
        (r"(?:\d[ -]?){12}", 12),
        (r"\d{3}[- ]\d{2}[- ]\d{4}", 9),
        (r"a|\d", 0),
        (r"[0-9]{2}x[^0-9]", 2),
        (r"(?P<v>7\d+)", 2),
        (r"\bpin\s+(?:#\s*)?(?P<v>\d{4,8})\b", 4),
        (r"(\d)\1", 1),  # a back-reference counts nothing
    ],
)
def test_given_a_regex_then_the_fewest_digits_of_a_match_are_counted(regex: str, least: int) -> None:
    assert min_digits(regex) == least


def test_given_the_shipped_personal_data_rules_then_no_skipped_rule_would_have_matched(
    engine: Engine,
) -> None:
    texts = [example.text for split in ("dev", "fresh", "fresh2", "holdout") for example in load(split)]
    texts += ["4111 1111 1111 1111", "call 555 123 4567", "pin 1234", "12 Main St", "PO Box 12"]
    wrongly_skipped = [
        (compiled.rule.id, text)
        for text in texts
        for compiled in engine.policy.personal_data
        if sum(char.isdecimal() for char in text) < compiled.min_digits and compiled.regex.search(text)
    ]

    assert wrongly_skipped == []


def test_given_the_shipped_rules_and_the_corpus_then_no_alternative_failing_its_guard_would_match(
    engine: Engine,
) -> None:
    texts = [
        fold(example.text).text for split in ("dev", "fresh", "fresh2", "holdout") for example in load(split)
    ]
    wrongly_skipped = [
        (branch.source, text)
        for branch in _all_branches(engine)
        for every, groups in [branch.guard()]
        for text in texts
        if not (
            all(lit in text for lit in every) and all(any(lit in text for lit in group) for group in groups)
        )
        and branch.regex.search(text)
    ]

    assert wrongly_skipped == []


@pytest.mark.parametrize(
    ("regex", "lead"),
    [
        (r"\bi (?:want|x)", "i "),
        (r"(?<![a-z])fuck+", "fuck"),
        (r"\bwhat\'?s up", "what"),
        (r"\b(?:a|b)", None),
        (r"abc?d", "ab"),
        (r"(?i)abc", None),
        (r"x{0,2}y", None),
        (r"(?=.*pills)\bhow many", "how many"),
        ("\U0001f346", "\U0001f346"),
    ],
)
def test_given_an_alternative_then_the_literal_every_match_starts_with_is_found(
    regex: str, lead: str | None
) -> None:
    assert leading_literal(regex) == lead
