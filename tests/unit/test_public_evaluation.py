"""The real-world evaluation (tests/evaluation/public.py) reads its files and counts right.

These tests check the loaders and the arithmetic on tiny in-memory samples; what the engine scores
on the public data is `make eval`'s business, not a test's.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from decorum.models import Action, Category
from tests.evaluation.evaluate import Example, Outcome, Report, render
from tests.evaluation.public import (
    QUESTIONS,
    TEMPLATES,
    TERMS,
    TWEETS,
    Question,
    Rate,
    Term,
    Tweet,
    article,
    load_questions,
    load_terms,
    load_tweets,
    question_rates,
    sentences,
    term_rates,
    tweet_rates,
)

TERMS_HEADER = "text,category_1,category_2,category_3,severity_rating,severity_description\n"


def verdict(text: str, action: Action, category: Category = Category.NONE) -> Outcome:
    return Outcome(Example(text, "customer", Category.NONE, (), (), "public"), category, action, text, ())


def write_lines(path: Path, records: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    return path


def test_questions_load_with_their_source_and_skip_blank_lines(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "q.jsonl", [{"id": "nq-1", "source": "nq", "text": "who wrote hamlet"}])
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")

    assert load_questions(path) == [Question("nq-1", "nq", "who wrote hamlet")]


def test_tweets_load_from_several_files_and_refuse_an_unknown_label(tmp_path: Path) -> None:
    bad = write_lines(tmp_path / "bad.jsonl", [{"id": 5, "label": "hate", "text": "a"}])
    good = write_lines(tmp_path / "good.jsonl", [{"id": 7, "label": "neither", "text": "b"}])

    assert load_tweets([bad, good]) == [Tweet(5, "hate", "a"), Tweet(7, "neither", "b")]

    odd = write_lines(tmp_path / "odd.jsonl", [{"id": 1, "label": "spam", "text": "c"}])
    with pytest.raises(ValueError, match="spam"):
        load_tweets([odd])


def test_terms_keep_strong_and_severe_entries_with_their_categories(tmp_path: Path) -> None:
    path = tmp_path / "terms.csv"
    path.write_text(
        TERMS_HEADER
        + "darn,other / general insult,,,1,Mild\n"
        + "cock sucker,sexual anatomy / sexual acts,,,2.4,Strong\n"
        + '"slur, plural",racial / ethnic slurs,animal references,,3,Severe\n',
        encoding="utf-8",
    )

    assert load_terms(path) == [
        Term("cock sucker", "Strong", 2.4, ("sexual anatomy / sexual acts",)),
        Term("slur, plural", "Severe", 3.0, ("racial / ethnic slurs", "animal references")),
    ]


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("idiot", "an"),
        ("asshole", "an"),
        ("bitch", "a"),
        ("@ssfcker", "an"),
        ("0ral sex", "an"),
        ("3jakulating", "an"),
        ("5kank", "a"),
        ("ugly cow", "an"),
        ("useless fucker", "a"),
        ("Tranny", "a"),
    ],
)
def test_a_term_gets_the_article_its_sound_needs(term: str, expected: str) -> None:
    assert article(term) == expected


def test_each_term_is_placed_in_the_three_stated_templates() -> None:
    assert TEMPLATES == ("you are {a} {term}", "{term}!", "shut up you {term}")
    assert sentences("idiot") == ["you are an idiot", "idiot!", "shut up you idiot"]


def test_a_rate_counts_hits_and_survives_an_empty_set() -> None:
    assert Rate(1, 4).value == 0.25
    assert Rate(0, 0).value == 0.0
    assert Rate(1, 4).render().strip() == "25.0%  (1 of 4)"


def test_a_corpus_target_over_no_messages_is_unmeasured_not_met_or_missed() -> None:
    # A split with no personal data in it has no "personal data left" rate: 100% (the old
    # answer) read as every number leaked, 0% as a target met on nothing.
    report = Report([verdict("hi", Action.ALLOW), verdict("thanks", Action.WARN, Category.RUDE)])

    targets = report.targets()

    assert targets["personal data left unredacted"] == (None, 0)
    assert targets["legitimate given warn/end/refer"] == (0.5, 2)
    shown = [" ".join(line.split()) for line in render(report, errors=0).splitlines()]
    assert "personal data left unredacted — of 0" in shown
    assert "legitimate given warn/end/refer 50.0% of 2" in shown


def test_question_rates_count_warn_end_and_refer_but_not_reply() -> None:
    questions = [Question(str(n), source, "q") for n, source in enumerate(["nq", "nq", "nq", "wq"])]
    outcomes = [
        verdict("q", Action.ALLOW),
        verdict("q", Action.REPLY),
        verdict("q", Action.REFER, Category.DISTRESS),
        verdict("q", Action.WARN, Category.RUDE),
    ]

    rates = question_rates(questions, outcomes)

    assert rates == {"all": Rate(2, 4), "nq": Rate(1, 3), "wq": Rate(1, 1)}


def test_tweet_rates_split_hate_from_offensive_and_count_false_flags_apart() -> None:
    tweets = [
        Tweet(1, "hate", "h1"),
        Tweet(2, "hate", "h2"),
        Tweet(3, "offensive", "o1"),
        Tweet(4, "offensive", "o2"),
        Tweet(5, "neither", "n1"),
        Tweet(6, "neither", "n2"),
    ]
    outcomes = [
        verdict("h1", Action.END_SESSION, Category.ABUSIVE),
        verdict("h2", Action.REFER, Category.DISTRESS),  # refer is neither a warning nor an ending
        verdict("o1", Action.WARN, Category.RUDE),
        verdict("o2", Action.END_SESSION, Category.ABUSIVE),
        verdict("n1", Action.REFER, Category.DISTRESS),  # but it is a false flag on a harmless tweet
        verdict("n2", Action.ALLOW),
    ]

    rates = tweet_rates(tweets, outcomes)

    assert rates == {
        "hate + offensive": Rate(3, 4),
        "hate": Rate(1, 2),
        "offensive": Rate(2, 2),
        "ended": Rate(2, 4),
        "neither": Rate(1, 2),
    }


def test_term_rates_group_each_terms_sentences_in_template_order() -> None:
    terms = [
        Term("idiot", "Strong", 2.0, ("other / general insult",)),
        Term("slur", "Severe", 3.0, ("racial / ethnic slurs", "other / general insult")),
    ]
    ended, warned = Action.END_SESSION, Action.WARN
    outcomes = [
        verdict(text, action)
        for text, action in zip(
            sentences("idiot") + sentences("slur"), [ended, warned, ended, ended, ended, ended], strict=True
        )
    ]

    rates = term_rates(terms, outcomes)

    assert rates["sentences"] == Rate(5, 6)
    assert rates["every sentence"] == Rate(1, 2)
    assert [rates[template] for template in TEMPLATES] == [Rate(2, 2), Rate(1, 2), Rate(2, 2)]
    assert rates["strong"] == Rate(2, 3)
    assert rates["severe"] == Rate(3, 3)
    assert rates["other / general insult"] == Rate(2, 3)  # a term counts under its first category
    assert rates["racial / ethnic slurs"] == Rate(3, 3)

    with pytest.raises(ValueError, match="5 verdicts for 2 terms"):
        term_rates(terms, outcomes[:5])


def test_the_shipped_public_corpus_parses_at_its_documented_size() -> None:
    questions, tweets, terms = load_questions(QUESTIONS), load_tweets(TWEETS), load_terms(TERMS)

    assert len(questions) >= 2000
    assert {question.source for question in questions} == {"nq_open_dev", "webquestions_test"}
    assert len({question.text for question in questions}) == len(questions)
    assert sum(1 for tweet in tweets if tweet.label != "neither") >= 1000
    assert {tweet.label for tweet in tweets} == {"hate", "offensive", "neither"}
    assert len(terms) >= 900
    assert {term.severity for term in terms} == {"Strong", "Severe"}
