"""The word model: a sentence said in passing is judged on its own, with the message's indexes;
the packed sums that rule categories out fire exactly what plain float sums fire."""

from __future__ import annotations

import importlib
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any, get_args

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from decorum.engine import Engine
from decorum.engine.model import UNREAD, LinearModel, ModelCategory, ModelDocument, _pairs, _present, features
from decorum.engine.policy import Policy, load_policy
from decorum.models import Category
from tests.training.train import Fitted, model_document, write_model

detect = importlib.import_module("decorum.engine.detect")
model_module = importlib.import_module("decorum.engine.model")

Table = dict[str, float]  # weights keyed by feature name, as a reader thinks of them


def _document(categories: dict[str, tuple[float, float, Table]], subtypes: dict[str, Table]) -> ModelDocument:
    """model.json's dense layout from readable tables: (bias, threshold, weights) per category and
    weights per distress subtype, each aligned with the sorted names of every feature they weigh."""
    tables = [weights for _, _, weights in categories.values()] + list(subtypes.values())
    names = sorted(set().union(*tables))

    def aligned(weights: Table) -> list[float]:
        return [weights.get(name, 0.0) for name in names]

    return ModelDocument.model_validate(
        {
            "version": "test",
            "trained_on": ["test"],
            "features": names,
            "categories": {
                name: {"bias": bias, "threshold": threshold, "weights": aligned(weights)}
                for name, (bias, threshold, weights) in categories.items()
            },
            "distress_subtypes": {"weights": {name: aligned(weights) for name, weights in subtypes.items()}},
        }
    )


# A toy model: 'hopeless' weighs towards distress, a library question's words away from it.
TOY = _document(
    {"distress": (-3.0, 0.9, {"w:hopeless": 5.0, "w:renew": -1.5, "w:books": -1.0})},
    {"low_mood": {"w:hopeless": 1.0}},
)


def test_given_distress_diluted_by_a_question_then_only_its_sentence_clears_the_bar() -> None:
    model = LinearModel(TOY)
    tokens = detect.Tokens("can you renew my books please. i feel so hopeless")
    parts = detect._sentences(tokens)

    whole = model.judge(tokens.words, tokens.pairs)
    passing = model.judge_parts("distress", tokens.words, parts, 0.85)

    assert whole == []  # -3 + 5 - 2.5: p = 0.38
    assert passing is not None and passing.category == "distress" and passing.subtype == "low_mood"
    assert [tokens.words[index] for index in passing.evidence] == ["hopeless"]


def test_given_a_stricter_bar_than_the_sentence_reaches_then_nothing_is_said() -> None:
    tokens = detect.Tokens("can you renew my books please. i feel so hopeless")

    assert LinearModel(TOY).judge_parts("distress", tokens.words, detect._sentences(tokens), 0.95) is None


def test_sentences_skip_fragments_and_a_single_sentence_is_one_part() -> None:
    tokens = detect.Tokens("hi. do you have the new one. thanks so much!")

    assert [tokens.words[part.start : part.stop] for part in detect._sentences(tokens)] == [
        ["do", "you", "have", "the", "new", "one"],
        ["thanks", "so", "much"],
    ]
    assert len(detect._sentences(detect.Tokens("do you have the new one?"))) == 1


def _toy(categories: dict[str, tuple[float, float, Table]]) -> LinearModel:
    """A model of the given categories' (bias, threshold, weights); distress is always low mood."""
    return LinearModel(_document(categories, {"low_mood": {}}))


def _float_verdicts(model: LinearModel, words: list[str]) -> list[str]:
    """The categories a plain float score of every feature fires (the model before packing)."""
    found = features(words)
    fired: list[str] = []
    for name, category in model.document.categories.items():
        weights = dict(zip(model.document.features, category.weights, strict=True))
        score = category.bias + sum(weights.get(feature, 0.0) for feature in found)
        if 1 / (1 + math.exp(-max(-30.0, min(30.0, score)))) >= category.threshold:
            fired.append(name)
    return fired


def test_given_an_unread_word_then_it_makes_no_feature_alone_or_in_a_pair() -> None:
    assert features(["call", UNREAD, UNREAD, "tonight"]) == {"w:call": [0], "w:tonight": [3]}


def test_given_personal_data_then_the_model_weighs_the_rest_as_without_it() -> None:
    # A weight on a word of the data (here 'oak') would count if the model read it: it does not.
    model = _toy({"threat": (0.0, 0.9, {"w:find": 3.0, "w:oak": -5.0})})
    text = "on my way to 22 Oak St to find you"
    folded = detect.fold(text)
    tokens = detect.Tokens(folded.text)
    start = text.index("22")
    read = detect.model_words(folded, tokens, [(start, start + len("22 Oak St"))])

    assert read == ["on", "my", "way", "to", UNREAD, UNREAD, UNREAD, "to", "find", "you"]
    assert [verdict.category for verdict in model.judge(read)] == ["threat"]
    assert model.judge(tokens.words) == []


def test_given_a_tie_for_third_place_then_the_full_names_break_it() -> None:
    # 'w:abc' outranks 'b:x y' by name (w > b), though its key 'abc' sorts before 'x y'.
    weights = {"w:huge": 3.0, "w:big": 2.0, "w:abc": 1.0, "b:x y": 1.0}
    model = _toy({"rude": (0.0, 0.5, weights)})

    [verdict] = model.judge(["x", "y", "abc", "big", "huge"])

    assert verdict.evidence == (2, 3, 4)


def test_given_a_score_exactly_at_the_threshold_then_it_fires_as_the_float_score_says() -> None:
    at_the_cut = 1 / (1 + math.exp(-(-1.0 + 0.25)))

    fires = _toy({"rude": (-1.0, at_the_cut, {"w:a": 0.25})}).judge(["a"])
    misses = _toy({"rude": (-1.0, math.nextafter(at_the_cut, 1.0), {"w:a": 0.25})}).judge(["a"])

    assert [verdict.probability for verdict in fires] == [at_the_cut]
    assert misses == []


def test_packed_lanes_hold_each_weight_rounded_to_fixed_point_with_signs() -> None:
    packed = model_module._pack(["k"], [[-1.5e-10], [2.25], [-1024.0]])

    assert packed["k"] == round(-1.5e-10 * 2**32) + (round(2.25 * 2**32) << 64) + (
        round(-1024.0 * 2**32) << 128
    )


@pytest.mark.parametrize("threshold", [1e-300, 5e-14, 1e-13, 0.2, 0.5, 0.9, 0.995, 1 - 2**-53])
def test_no_score_at_or_below_the_score_below_a_threshold_fires(threshold: float) -> None:
    below = model_module._score_below(threshold)

    if below == -math.inf:
        assert model_module._probability(-math.inf) >= threshold  # the clamp: every score fires
    else:
        assert model_module._probability(below) < threshold
        if threshold <= model_module._probability(30):  # a score can reach it: the cut is near
            assert model_module._probability(below + 2**-20) >= threshold


_weight = st.one_of(
    st.floats(-model_module.WEIGHT_LIMIT, model_module.WEIGHT_LIMIT), st.floats(-3, 3), st.just(0.0)
)
_threshold = st.one_of(st.floats(1e-300, 1 - 2**-53), st.sampled_from([1e-14, 0.5, 0.9, 1 - 2**-53]))
_vocabulary = ["a", "b", "c", "i", "you", "sad", "hate", "book"]
_names = [f"w:{word}" for word in _vocabulary] + [f"b:{a} {b}" for a in _vocabulary for b in _vocabulary[:4]]


@settings(max_examples=300, deadline=None)
@given(
    categories=st.lists(
        st.tuples(
            _weight, _threshold, st.dictionaries(st.sampled_from([*_names, "f:first_person"]), _weight)
        ),
        min_size=1,
        max_size=8,
    ),
    words=st.lists(st.sampled_from(_vocabulary), max_size=40),
)
def test_packed_sums_fire_the_categories_float_sums_fire(
    categories: list[tuple[float, float, Table]], words: list[str]
) -> None:
    model = _toy(dict(zip(get_args(ModelCategory), categories, strict=False)))

    assert [verdict.category for verdict in model.judge(words)] == _float_verdicts(model, words)


def test_given_more_features_than_the_packed_sums_serve_then_every_category_is_scored_in_floats() -> None:
    model = _toy({"rude": (-3.0, 0.9, {"w:a": -1.0, "b:x0 x1": 6.0}), "threat": (0.0, 0.5, {"w:a": 0.1})})
    words = [f"x{index}" for index in range(model_module._MOST_FEATURES)]

    assert (
        [verdict.category for verdict in model.judge(words)]
        == _float_verdicts(model, words)
        == ["rude", "threat"]
    )


def _raw(
    *,
    features: Sequence[str] = ("b:a b", "w:a"),
    bias: float = -1.0,
    weights: object = (1.0, 0.5),
    low_mood: Sequence[float] = (0.0, 0.25),
    sender: str = "customer",
) -> dict[str, object]:
    """A small document in the dense layout, valid as it is, for a test to break one thing of."""
    return {
        "version": "test",
        "trained_on": ["test"],
        "sender": sender,
        "features": features,
        "categories": {"rude": {"bias": bias, "threshold": 0.5, "weights": weights}},
        "distress_subtypes": {"weights": {"low_mood": low_mood}},
    }


@pytest.mark.parametrize(
    "broken",
    [
        pytest.param({"weights": (1.0,)}, id="a category short of a weight"),
        pytest.param({"low_mood": (0.0, 0.25, 0.0)}, id="a subtype with a weight too many"),
        pytest.param({"features": ("w:a", "w:a")}, id="a feature named twice"),
        pytest.param(
            {"weights": (1.0, math.nextafter(model_module.WEIGHT_LIMIT, math.inf))},
            id="a weight over the limit",
        ),
        pytest.param({"bias": -2 * model_module.WEIGHT_LIMIT}, id="a bias over the limit"),
        pytest.param({"weights": {"b:a b": 1.0, "w:a": 0.5}}, id="weights keyed by name, the old layout"),
        pytest.param({"sender": "provider"}, id="a librarians' model judging rudeness"),
        pytest.param({"sender": "staff"}, id="a sender the chat does not have"),
        # Names ``features`` never gives: a word with a space or a colon in it would be taken for a
        # pair's key or a flag's.
        *(
            pytest.param({"features": ("b:a b", name)}, id=f"feature {name!r}")
            for name in ("w:a c", "w:a:c", "w:", "b:a", "b:a  c", "x:a", "a", "f:third_person")
        ),
    ],
)
def test_a_document_that_breaks_the_dense_layout_is_refused(broken: dict[str, Any]) -> None:
    ModelDocument.model_validate(_raw())

    with pytest.raises(ValidationError):
        ModelDocument.model_validate(_raw(**broken))


def test_the_trainer_writes_the_dense_layout_the_engine_loads_with_the_same_weights(tmp_path: Path) -> None:
    categories = {
        "rude": Fitted(-1.0, 0.5, {"w:b": 0.25, "b:a b": -0.5}),
        "distress": Fitted(-3.0, 0.9, {"w:hopeless": 5.0, "f:first_person": 0.125}),
    }
    subtypes = {"low_mood": {"w:hopeless": 1.0}, "self_harm": {"w:end": 2.0}}
    path = tmp_path / "model.json"

    write_model(model_document("test", ["dev"], categories, subtypes), path)
    loaded = LinearModel.load(path).document

    def table(weights: list[float]) -> Table:
        return {name: weight for name, weight in zip(loaded.features, weights, strict=True) if weight}

    assert loaded.features == ["b:a b", "f:first_person", "w:b", "w:end", "w:hopeless"]
    assert {name: (c.bias, c.threshold, table(c.weights)) for name, c in loaded.categories.items()} == {
        name: tuple(fitted) for name, fitted in categories.items()
    }
    assert {name: table(weights) for name, weights in loaded.distress_subtypes.weights.items()} == subtypes


def test_a_messages_features_come_in_the_order_it_has_them_whatever_the_hash_seed() -> None:
    # A float sum depends on the order of its terms: a set's order, which changes with each
    # process's hash seed, could make a score at a threshold fire in one process and not the next.
    words = ["you", "are", "so", "so", "kind", "you"]

    present = _present(words, _pairs(words))

    assert present == [
        "you",
        "are",
        "so",
        "kind",
        "you are",
        "are so",
        "so so",
        "so kind",
        "kind you",
        "f:second_person",
    ]


# A librarians' model that reads 'zorble' (a word no rule knows) as asking for personal data.
PROVIDER_TOY = ModelDocument.model_validate(
    _raw(features=("w:zorble",), low_mood=(0.0,), sender="provider")
    | {
        "categories": {"provider_overask": {"bias": -3.0, "threshold": 0.9, "weights": [8.0]}},
        "distress_subtypes": {"weights": {}},
    }
)


def _policy_with(document: ModelDocument) -> Policy:
    """The shipped policy with a toy model in place of its customers' or librarians' model."""
    policy = load_policy()
    if document.sender == "provider":
        policy.provider_model = LinearModel(document)
    else:
        policy.model = LinearModel(document)
    return policy


@pytest.fixture(scope="module")
def policy_with_provider_toy() -> Policy:
    return _policy_with(PROVIDER_TOY)


def test_given_a_librarians_message_no_rule_places_then_their_model_names_the_coaching(
    policy_with_provider_toy: Policy,
) -> None:
    text = "Before I look, what's your zorble?"
    hits, _ = detect.detect(policy_with_provider_toy, text, "provider")

    assert [(hit.category.value, hit.rule, text[hit.start : hit.end]) for hit in hits] == [
        ("provider_overask", "model.provider_overask", "zorble")
    ]


def test_the_librarians_model_never_judges_a_customer_nor_overrules_a_rule(
    policy_with_provider_toy: Policy,
) -> None:
    customer, _ = detect.detect(policy_with_provider_toy, "Before I look, what's your zorble?", "customer")
    ruled, _ = detect.detect(
        policy_with_provider_toy,
        "Honestly, I think you should sue your landlord. What's your zorble?",
        "provider",
    )

    assert all(hit.rule != "model.provider_overask" for hit in customer)
    assert ruled and all(hit.rule != "model.provider_overask" for hit in ruled)


# A customers' model that reads 'holdup' and 'asia' as rude: which of its guesses count is the gates'.
RUDE_TOY = _document({"rude": (-3.0, 0.9, {"w:holdup": 8.0, "w:asia": 8.0})}, {})


@pytest.fixture(scope="module")
def policy_with_rude_toy() -> Policy:
    return _policy_with(RUDE_TOY)


@pytest.mark.parametrize(
    ("text", "rude"),
    [
        # Impatience needs no person: a word of friction ('forever', 'seriously') says it is aimed.
        ("what's the holdup, this is taking forever", True),
        ("seriously what's the holdup", True),
        ("what's the holdup with you", True),
        # An impersonal question with neither a person nor friction is a question, whatever the guess.
        ("sri lanka belongs to which part of asia", False),
        ("which rivers run through asia", False),
    ],
)
def test_the_models_rudeness_needs_a_person_or_a_word_of_friction(
    policy_with_rude_toy: Policy, text: str, rude: bool
) -> None:
    hits, _ = detect.detect(policy_with_rude_toy, text, "customer")

    assert any(hit.rule == "model.rude" for hit in hits) is rude


# A customers' model sure of 'silver' as menace (p 0.993) and unsure of 'glass' (p 0.95).
THREAT_TOY = _document({"threat": (-3.0, 0.9, {"w:silver": 8.0, "w:glass": 5.95})}, {})


@pytest.fixture(scope="module")
def policy_with_threat_toy() -> Policy:
    return _policy_with(THREAT_TOY)


@pytest.mark.parametrize(
    ("text", "threat"),
    [
        ("nice car btw. the silver one", True),  # names nobody, but the model is sure
        ("the branch has a lot of glass, doesn't it", False),  # names nobody, and it is not sure
        ("i know you work behind all that glass", True),  # a person: its threshold is enough
    ],
)
def test_the_models_threat_without_a_person_needs_it_sure(
    policy_with_threat_toy: Policy, text: str, threat: bool
) -> None:
    hits, _ = detect.detect(policy_with_threat_toy, text, "customer")

    assert any(hit.rule == "model.threat" for hit in hits) is threat


# A customers' model all but certain of 'walnut' as abuse (p 0.998), fairly sure of a made-up word (p 0.97).
ABUSE_TOY = _document({"abusive": (-3.0, 0.9, {"w:walnut": 9.0, "w:blorp": 6.5})}, {})


@pytest.mark.parametrize(
    ("text", "ended"),
    [
        ("what a walnut, honestly", True),  # speaks to nobody, but the model is all but certain
        ("blorp behavior honestly", False),  # speaks to nobody, and ending a session needs more
        ("you give blorp vibes", True),  # speaks to the librarian: its threshold is enough
    ],
)
def test_the_models_abuse_not_aimed_at_the_librarian_needs_it_all_but_certain(text: str, ended: bool) -> None:
    hits, _ = detect.detect(_policy_with(ABUSE_TOY), text, "customer")

    assert any(hit.rule == "model.abusive" for hit in hits) is ended


# A customers' model sure that talk of rainy days is chit-chat.
CHAT_TOY = _document({"chit_chat": (-3.0, 0.8, {"w:rainy": 8.0})}, {})


def test_a_chit_chat_rule_the_message_outgrows_leaves_the_whole_message_to_the_model() -> None:
    # 'do you like ...' is a chit-chat rule's, kept only when the whole message is social talk; the
    # model judges the whole message, so the rule's hit must not stand in its way.
    hits, _ = detect.detect(
        _policy_with(CHAT_TOY), "do you like rainy days? i love them for reading", "customer"
    )

    assert {hit.category.value for hit in hits} == {"chit_chat"}
    assert "model.chit_chat" in {hit.rule for hit in hits}


def test_personal_data_does_not_keep_the_model_from_placing_a_service_question() -> None:
    # The SPEC ranks a service question above personal data: a card number in the message does
    # not make the question about the service any less one. Chit-chat ranks below, and stays out.
    engine = Engine()
    engine.policy.model = LinearModel(
        _document(
            {"service_question": (-3.0, 0.8, {"w:zorble": 8.0}), "chit_chat": (-3.0, 0.8, {"w:wibble": 8.0})},
            {},
        )
    )

    asked = engine.assess("is this chat zorble? my email is jo.reyes@example.com")
    chatted = engine.assess("wibble wibble! my email is jo.reyes@example.com")

    assert asked.category == Category.SERVICE_QUESTION
    assert "jo.reyes@example.com" not in asked.redacted_text
    assert chatted.category == Category.PERSONAL_INFO
