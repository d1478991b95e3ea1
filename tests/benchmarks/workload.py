"""What the systems are measured on: a chat-like mix for speed, the labelled corpus for accuracy.

The binary task every system is scored on: "should this message be flagged as offensive?"

- positives: messages labelled ``abusive``, ``rude`` or ``threat``;
- negatives: messages labelled ``none`` (about 36% of the corpus is hard negatives: Scunthorpe,
  sexual-health questions, research on slurs, idioms such as "this homework is killing me");
- left out: every other label. ``explicit_request`` is left out on purpose: a request for
  pornography ("where can I watch porn here") is out of scope for the service, not offensive
  language, and Decorum answers it with its own category and script. How often each system flags
  such requests, and customers in distress, is reported beside the score instead.

Decorum "flags" a message when its primary category is abusive, rude or threat.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from decorum.models import Category
from tests.evaluation.evaluate import Example

POSITIVE = frozenset({Category.ABUSIVE, Category.RUDE, Category.THREAT})
NEGATIVE = frozenset({Category.NONE})
SIDE_LABELS = (Category.EXPLICIT_REQUEST, Category.DISTRESS)
SCORED = POSITIVE | NEGATIVE | frozenset(SIDE_LABELS)
HARD_NEGATIVE = "hard_negative"


@dataclass(frozen=True)
class MixPart:
    name: str
    weight: float
    select: Callable[[Example], bool]


def _labelled(*labels: Category) -> Callable[[Example], bool]:
    chosen = frozenset(labels)
    return lambda example: example.label in chosen


# What a library chat service sees: mostly ordinary questions and greetings. Two thirds of the stream
# is labelled none: the plain questions (few in the corpus, so drawn often) and the hard negatives
# (greetings such as "hi" and "still there?", polite impatience, sensitive research, titles).
MIX: tuple[MixPart, ...] = (
    MixPart(
        "plain questions (none)",
        0.35,
        lambda e: e.label == Category.NONE and HARD_NEGATIVE not in e.tags,
    ),
    MixPart(
        "greetings, impatience, sensitive research, titles (none, hard negatives)",
        0.30,
        lambda e: e.label == Category.NONE and HARD_NEGATIVE in e.tags,
    ),
    MixPart("chit-chat", 0.07, _labelled(Category.CHIT_CHAT)),
    MixPart(
        "service questions and policy", 0.06, _labelled(Category.SERVICE_QUESTION, Category.SERVICE_POLICY)
    ),
    MixPart("personal data", 0.04, _labelled(Category.PERSONAL_INFO)),
    MixPart(
        "personal questions to the librarian, librarian coaching",
        0.04,
        _labelled(Category.PROVIDER_PERSONAL, Category.PROVIDER_OPINION, Category.PROVIDER_OVERASK),
    ),
    MixPart("rude", 0.04, _labelled(Category.RUDE)),
    MixPart("abusive", 0.03, _labelled(Category.ABUSIVE)),
    MixPart("threat", 0.01, _labelled(Category.THREAT)),
    MixPart("distress", 0.03, _labelled(Category.DISTRESS)),
    MixPart(
        "explicit requests, filter bypass", 0.03, _labelled(Category.EXPLICIT_REQUEST, Category.FILTER_BYPASS)
    ),
)


def build_stream(examples: Sequence[Example], size: int, seed: int) -> list[Example]:
    """``size`` messages drawn (with replacement, seeded) from the corpus in the MIX proportions."""
    rng = random.Random(seed)
    stream: list[Example] = []
    for part in MIX:
        pool = [example for example in examples if part.select(example)]
        stream.extend(rng.choice(pool) for _ in range(round(part.weight * size)))
    rng.shuffle(stream)
    return stream


def describe_mix() -> str:
    return "; ".join(f"{part.weight:.0%} {part.name}" for part in MIX)


@dataclass(frozen=True)
class Binary:
    """Confusion counts of the binary task, with the false positives on the negatives' subsets."""

    true_positive: int
    false_positive: int
    false_negative: int
    true_negative: int
    hard_false_positive: int
    hard_negatives: int
    side: tuple[tuple[Category, int, int], ...]  # (label, flagged, total)

    @property
    def precision(self) -> float:
        flagged = self.true_positive + self.false_positive
        return self.true_positive / flagged if flagged else 1.0

    @property
    def recall(self) -> float:
        positives = self.true_positive + self.false_negative
        return self.true_positive / positives if positives else 1.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    @property
    def fpr_hard(self) -> float:
        return self.hard_false_positive / self.hard_negatives if self.hard_negatives else 0.0

    @property
    def fpr_none(self) -> float:
        negatives = self.false_positive + self.true_negative
        return self.false_positive / negatives if negatives else 0.0


def score(examples: Sequence[Example], flagged: Sequence[bool]) -> Binary:
    """Score one system's flags (aligned with ``examples``) on the binary task."""
    tp = fp = fn = tn = hard_fp = hard = 0
    side = {label: [0, 0] for label in SIDE_LABELS}
    for example, flag in zip(examples, flagged, strict=True):
        if example.label in POSITIVE:
            tp += flag
            fn += not flag
        elif example.label in NEGATIVE:
            fp += flag
            tn += not flag
            if HARD_NEGATIVE in example.tags:
                hard += 1
                hard_fp += flag
        elif example.label in side:
            side[example.label][0] += flag
            side[example.label][1] += 1
    rates = tuple((label, side[label][0], side[label][1]) for label in SIDE_LABELS)
    return Binary(tp, fp, fn, tn, hard_fp, hard, rates)
