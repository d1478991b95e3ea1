"""The evasion evaluation (tests/evaluation/evasions.py) disguises terms as patrons do, and counts
right. What the engine scores on the public list is `make eval`'s business, not a test's."""

from __future__ import annotations

import pytest

from decorum.engine import Engine
from decorum.engine.normalise import fold
from decorum.models import Action, Category
from tests.evaluation import evasions
from tests.evaluation.evaluate import Example
from tests.evaluation.evasions import (
    EVASIONS,
    Evidence,
    KindResult,
    evidence_words,
    measure,
    measure_in_sentences,
    render,
    sentences,
)
from tests.evaluation.public import Rate, ended, judge


def is_ended(engine: Engine, text: str) -> bool:
    return ended(judge([text], Category.ABUSIVE, engine)[0])


UNDONE_BY_FOLDING = (
    "full-width forms",
    "styled letters",
    "enclosed letters",
    "Cyrillic look-alikes",
    "Greek look-alikes",
    "fancy-text alphabets",
    "zero-width characters",
    "combining marks",
    "mixed case",
)


@pytest.mark.parametrize("kind", UNDONE_BY_FOLDING)
@pytest.mark.parametrize("term", ["fuck", "bitch", "cock sucker", "Camel Jockey", "knob"])
def test_given_a_disguise_of_characters_then_it_keeps_the_letters_a_reader_sees(kind: str, term: str) -> None:
    disguised = EVASIONS[kind](term)

    assert disguised != term
    assert fold(disguised).text == term.lower()


@pytest.mark.parametrize(
    ("kind", "term", "disguised"),
    [
        ("leetspeak, one letter", "shit", "5hit"),
        ("leetspeak, every letter", "shit", "5h17"),
        ("symbols (@ $ !)", "ass", "@$$"),
        ("masked, one letter", "fuck off", "f*ck off"),  # 'off' has no inner vowel
        ("masked, vowels", "motherfucker", "m*th*rf*ck*r"),
        ("masked, vowels", "fuck", "f**k"),  # a short word: every inner letter
        ("masked with symbols", "bitch", "b#tch"),
        ("masked with symbols", "motherfucker", "m#th@rf%ck&r"),
        ("spaced letters", "kiss my ass", "k i s s   m y   a s s"),
        ("dotted letters", "kiss my ass", "k.i.s.s m.y a.s.s"),
        ("letters set apart by symbols", "fuck", "f-u-c-k"),
        ("letters set apart by symbols", "bitch", "b|i|t|c|h"),
        ("enclosed letters", "fuck", "🅕🅤🅒🅚"),
        ("enclosed letters", "ass", "ⓐⓢⓢ"),
        ("stretched letters", "cock sucker", "cooooock suuuuucker"),
        ("stretched letters", "psst", "pssttttt"),  # no vowel: the last letter
        ("broken by a dot or a comma", "bullshit", "bull,shit"),
        ("broken by a dot or a comma", "kiss my ass", "ki.ss my ass"),  # short words stay whole
        ("'1' for 'l'", "kill yourself", "ki11 yourse1f"),
        ("vowels dropped", "bitch", "btch"),
        ("vowels dropped", "stupid cow", "stpd cow"),  # a short word stays as typed
    ],
)
def test_given_a_disguise_of_spelling_then_it_is_the_one_a_patron_types(
    kind: str, term: str, disguised: str
) -> None:
    assert EVASIONS[kind](term) == disguised


def test_given_a_disguised_term_then_its_article_is_the_plain_terms() -> None:
    assert sentences("idiot", EVASIONS["masked, one letter"]) == [
        "you are an id*ot",
        "id*ot!",
        "shut up you id*ot",
    ]


def test_given_a_kind_then_it_is_measured_on_the_terms_it_changes_beside_them_plain(engine: Engine) -> None:
    def ended_here(text: str) -> bool:
        return is_ended(engine, text)

    terms = ["fuck", "book", "idiot"]
    plain, results = measure(terms, engine)
    by_kind = {result.kind: result for result in results}
    spaced = by_kind["spaced letters"]
    spaced_texts = [text for term in terms for text in sentences(term, EVASIONS["spaced letters"])]
    leet = by_kind["leetspeak, one letter"]  # 'fuck' has no letter leetspeak changes

    assert plain == Rate(sum(map(ended_here, [text for term in terms for text in sentences(term)])), 9)
    assert spaced.caught == Rate(sum(map(ended_here, spaced_texts)), 9)
    assert spaced.plain == plain
    assert spaced.ratio == pytest.approx(spaced.caught.hits / plain.hits)
    assert list(spaced.missed) == [text for text in spaced_texts if not ended_here(text)]
    assert "b o o k!" in spaced.missed  # 'book!' is no insult, plain or spaced
    assert leet.caught.total == leet.plain.total == 6
    plain_of_the_two = [text for term in ("book", "idiot") for text in sentences(term)]
    assert leet.plain.hits == sum(map(ended_here, plain_of_the_two))


def test_given_a_kind_below_the_bar_then_the_report_says_so() -> None:
    results = [
        KindResult("spaced letters", Rate(94, 100), Rate(100, 100), ("f u c k!",)),
        KindResult("mixed case", Rate(50, 60), Rate(50, 60), ()),
    ]

    lines = render(Rate(100, 100), results, errors=1)

    assert results[0].ratio == pytest.approx(0.94)
    assert any("spaced letters" in line and "BELOW TARGET" in line for line in lines)
    assert any("mixed case" in line and line.endswith("ok") for line in lines)
    assert "    'f u c k!'" in lines
    assert evasions.CAUGHT_AT_LEAST == 0.95


def test_given_corpus_messages_then_the_evidence_word_of_each_judged_right_is_disguised(
    engine: Engine,
) -> None:
    def example(text: str, label: Category) -> Example:
        return Example(text, "customer", label, (), (), "dev")

    examples = [
        example("you are a moron", Category.ABUSIVE),
        example("how do I renew my card", Category.NONE),  # neither abusive nor distress
        example("you are a m0r0n", Category.ABUSIVE),  # its evidence is no plain word
        example("i want to kill myself", Category.DISTRESS),
    ]

    abusive = evidence_words(examples, engine, Category.ABUSIVE)
    distress = evidence_words(examples, engine, Category.DISTRESS)
    results = {result.kind: result for result in measure_in_sentences(abusive, engine, Category.ABUSIVE)}
    masked = next(
        r for r in measure_in_sentences(distress, engine, Category.DISTRESS) if r.kind == "masked, one letter"
    )

    assert abusive == [Evidence("you are a moron", 10, 15)]
    assert distress == [Evidence("i want to kill myself", 15, 21)]  # the longest word: 'myself'
    spaced = results["spaced letters"]
    assert spaced.plain == Rate(1, 1)
    assert spaced.caught == Rate(int(is_ended(engine, "you are a m o r o n")), 1)
    assert results["leetspeak, one letter"].caught.total == 1  # 'm0ron'
    assert results["symbols (@ $ !)"].caught.total == 0  # 'moron' has no a, s or i
    referred = judge(["i want to kill mys*lf"], Category.DISTRESS, engine)[0].action == Action.REFER
    assert masked.caught == Rate(int(referred), 1)
