"""`make train` (tests/training/train.py): the word model it writes is what the engine loads, and
each category learns its own words, at a threshold inside the bounds the trainer promises.

The real corpus takes minutes; a small made-up one, each category with words no other has, shows
the same path end to end in seconds."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from decorum.engine.model import LinearModel
from decorum.models import Category
from tests.evaluation.evaluate import Example
from tests.training import train as trainer

FILLER = ("the", "a", "book", "please", "library", "today", "about", "for", "my", "and", "where", "is")


def _own_words(category: str) -> tuple[str, str]:
    name = category.replace("_", "")
    return f"zq{name}", f"vx{name}"


def _message(words: tuple[str, ...], rng: random.Random, sender: str, label: str) -> Example:
    """A message made of its category's own words among everyday filler, in a shuffled order."""
    chosen = [*words, *rng.sample(FILLER, 4)]
    rng.shuffle(chosen)
    subtype = "self_harm" if label == "distress" else None
    return Example(" ".join(chosen), sender, Category(label), (), (), "made_up", subtype, None)


def _corpus() -> list[Example]:
    rng = random.Random(7)
    examples = []
    for sender, categories in trainer.CATEGORIES.items():
        for category in categories:
            words = _own_words(category)
            examples += [_message(words, rng, sender, category) for _ in range(12)]
        examples += [_message((), rng, sender, "none") for _ in range(60)]
    return examples


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("model")
    output, provider_output = folder / "model.json", folder / "provider_model.json"
    corpus = _corpus()
    patch = pytest.MonkeyPatch()
    patch.setattr(trainer, "DEVELOPMENT_SPLITS", ("made_up",))
    patch.setattr(trainer, "load", lambda split: corpus)
    try:
        trainer.train(output, provider_output)
    finally:
        patch.undo()
    return output, provider_output


@pytest.mark.parametrize("sender", ["customer", "provider"])
def test_each_category_learns_its_own_words_and_no_other(trained: tuple[Path, Path], sender: str) -> None:
    path = trained[0] if sender == "customer" else trained[1]
    model = LinearModel.load(path)
    assert model.document.sender == sender
    assert model.document.trained_on == ["made_up"]
    assert set(model.document.categories) == set(trainer.CATEGORIES[sender])
    for category in trainer.CATEGORIES[sender]:
        words = ["where", "is", *_own_words(category), "please"]
        assert [verdict.category for verdict in model.judge(words)] == [category]
    assert model.judge(["where", "is", "the", "book", "please"]) == []


def test_thresholds_stay_inside_the_bounds_the_trainer_promises(trained: tuple[Path, Path]) -> None:
    for path in trained:
        for category, fitted in json.loads(path.read_text())["categories"].items():
            floor = trainer.MIN_THRESHOLD.get(category, trainer.DEFAULT_MIN_THRESHOLD)
            ceiling = trainer.MAX_THRESHOLD.get(category, trainer.DEFAULT_MAX_THRESHOLD)
            assert floor <= fitted["threshold"] <= ceiling, category


def test_distress_subtypes_are_learned_from_distress_messages(trained: tuple[Path, Path]) -> None:
    model = LinearModel.load(trained[0])
    verdict = model.judge(["i", *_own_words("distress"), "tonight"])
    assert [(v.category, v.subtype) for v in verdict] == [("distress", "self_harm")]


def test_fit_is_reproducible_and_keeps_no_negligible_weight() -> None:
    rng = random.Random(3)
    examples = [_message(("zqbad",), rng, "customer", "rude") for _ in range(10)]
    examples += [_message((), rng, "customer", "none") for _ in range(30)]
    documents = [trainer.message_features(example) for example in examples]
    labels = [int(example.label == Category.RUDE) for example in examples]
    vocab = trainer.vocabulary(documents)
    first = trainer.fit(documents, labels, vocab)
    assert trainer.fit(documents, labels, vocab) == first
    bias, weights = first
    assert weights["w:zqbad"] > 1.0 > abs(bias)
    assert all(abs(weight) >= trainer.MIN_WEIGHT for weight in weights.values())
    rude, plain = (trainer.probability(bias, weights, [name]) for name in ("w:zqbad", "w:book"))
    assert rude > 0.9 > plain


def test_a_feature_in_one_message_only_is_not_learned() -> None:
    documents = [["w:once", "w:twice"], ["w:twice"], ["w:thrice"], ["w:thrice"], ["w:thrice"]]
    assert trainer.vocabulary(documents) == {"w:twice", "w:thrice"}


def test_personal_data_is_not_learned() -> None:
    # The engine does not let its models read personal data (detect.model_words), so the trainer
    # does not learn it: no weight for a phone's numbers, nor for a pair that joins them to a word.
    example = Example(
        "text me at 612-555-0144 tonight", "customer", Category.NONE, (), (), "made_up", None, None
    )

    names = trainer.message_features(example)

    assert "w:612" not in names
    assert "w:555" not in names
    assert not [name for name in names if name.startswith("b:at ") or name.endswith(" tonight")]
    assert {"w:text", "w:me", "w:at", "w:tonight", "b:text me", "b:me at"} <= set(names)


def test_a_disguised_word_is_learned_as_the_engine_reads_it() -> None:
    # The engine folds a stretched letter by the words its model knows ('myseeeelf' is 'myself'):
    # the trainer reads the message the same way, so the next model learns the word it will meet.
    example = Example(
        "i want to kill myseeeelf", "customer", Category.DISTRESS, (), (), "made_up", None, None
    )

    names = trainer.message_features(example)

    assert "w:myself" in names
    assert "w:myseelf" not in names
