"""Adversarial messages: what one long, hostile message costs Decorum, and that the cost is linear.

Each kind is a function of the length wanted, so the same message can be timed at 500, 1,000,
2,000 and 4,000 characters (the API caps a message at 4,000).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from decorum.engine import Engine
from tests.evaluation.evaluate import Example

LENGTHS = (500, 1_000, 2_000, 4_000)


def _cycle(unit: str) -> Callable[[int], str]:
    return lambda length: (unit * (length // len(unit) + 1))[:length]


def _nested_quotes(length: int) -> str:
    core = " you are a stupid idiot "
    depth = max(1, (length - len(core)) // 22)
    text = "he said \"she said 'what" * depth + core + "'\"" * depth
    return (text + " " * length)[:length]


def trigger_words(engine: Engine, seed: int = 7) -> list[str]:
    """Every pattern and context trigger and every term word of the loaded policy, shuffled."""
    document = engine.policy.document
    words: set[str] = set()
    for pattern in document.patterns:
        words.update(trigger.rstrip("*") for trigger in pattern.triggers)
    for context in document.contexts:
        words.update(trigger.rstrip("*") for trigger in context.triggers)
    for term in document.terms:
        words.update(term.words)
        words.update(prefix.rstrip("*") for prefix in term.prefixes)
    ordered = sorted(words)
    random.Random(seed).shuffle(ordered)
    return ordered


def kinds(engine: Engine, examples: Sequence[Example]) -> dict[str, Callable[[int], str]]:
    hostile = [
        e.text for e in examples if e.label.value in {"abusive", "threat", "distress", "personal_info"}
    ]
    return {
        'spaced "f u c k " repeated': _cycle("f u c k "),
        '"a" repeated': _cycle("a"),
        "leet and symbols (f@ck, 5h!t, @$!*#)": _cycle("f@ck @$!*# 5h!7 #!*@$ a$$h0l3 "),
        "one masked word (a*b*c*...)": _cycle("a*b*c*"),
        "zero-width runs mixed with letters": _cycle("\u200b" * 24 + "i\u200bd\u200bi\u200bo\u200bt\u00ad "),
        "every policy trigger word": _cycle(" ".join(trigger_words(engine)) + " "),
        "nested quotes around an insult": _nested_quotes,
        "card numbers, phones, barcodes": _cycle("4111 1111 1111 1111 555-0134 21234567890123 "),
        "hostile corpus messages pasted": _cycle(" ".join(hostile) + " "),
    }


@dataclass(frozen=True)
class Adversarial:
    kind: str
    category: str  # what Decorum made of the 4,000-character message
    best_ms: float  # the 4,000-character message, best of the runs
    worst_ms: float  # ... and its slowest run
    by_length: tuple[float, ...]  # best ms at each of LENGTHS, the first 500 characters repeated

    @property
    def ratio(self) -> float:
        """Time at the longest length over time at the shortest (linear: 8 for 4,000 / 500)."""
        return self.by_length[-1] / self.by_length[0] if self.by_length[0] else 0.0


def measure(engine: Engine, examples: Sequence[Example], repeats: int) -> list[Adversarial]:
    """Best and worst of ``repeats`` runs of each 4,000-character message, and the cost against length.

    For the cost against length every length repeats the kind's first 500 characters, so only the
    length changes, not the mix of words (the 4,000-character message itself may say more). The
    runs are interleaved (one run of every message, ``repeats`` times over) so that a burst of
    other work on the machine cannot land on one message's runs alone.
    """
    texts: dict[tuple[str, int], str] = {}  # (kind, length): text; length 0 is the 4,000-character message
    for kind, make in kinds(engine, examples).items():
        texts[(kind, 0)] = make(LENGTHS[-1])
        unit = make(LENGTHS[0])
        for length in LENGTHS:
            texts[(kind, length)] = (unit * (length // len(unit) + 1))[:length]
    durations: dict[tuple[str, int], list[int]] = {key: [] for key in texts}
    for text in texts.values():
        engine.assess(text, "customer")
    clock = time.perf_counter_ns
    for _ in range(repeats):
        for key, text in texts.items():
            start = clock()
            engine.assess(text, "customer")
            durations[key].append(clock() - start)
    results: list[Adversarial] = []
    for kind in kinds(engine, examples):
        headline = durations[(kind, 0)]
        results.append(
            Adversarial(
                kind,
                engine.assess(texts[(kind, 0)], "customer").category.value,
                min(headline) / 1e6,
                max(headline) / 1e6,
                tuple(min(durations[(kind, length)]) / 1e6 for length in LENGTHS),
            )
        )
    return results
