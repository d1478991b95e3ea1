"""The word model: a sentence said in passing is judged on its own, with the message's indexes."""

from __future__ import annotations

import importlib

from decorum.engine.model import LinearModel, ModelDocument

detect = importlib.import_module("decorum.engine.detect")

# A toy model: 'hopeless' weighs towards distress, a library question's words away from it.
TOY = ModelDocument.model_validate(
    {
        "version": "test",
        "trained_on": ["test"],
        "categories": {
            "distress": {
                "bias": -3.0,
                "threshold": 0.9,
                "weights": {"w:hopeless": 5.0, "w:renew": -1.5, "w:books": -1.0},
            }
        },
        "distress_subtypes": {"weights": {"low_mood": {"w:hopeless": 1.0}}},
    }
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
