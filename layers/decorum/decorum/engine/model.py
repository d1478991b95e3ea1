"""A small linear model over words: the safety net behind the rules.

Hand-written rules are precise but only as broad as their author's imagination; patrons in
distress, or threatening, say it in ways no list foresees. This model scores a message by the
words and word pairs it contains, with weights learnt from the labelled corpus
(``make train``; see ``tests/training/train.py``), and fires a category when the score clears a
threshold chosen to keep legitimate questions out. It is data like the rest of the policy:
versioned, validated at load, and explainable — the evidence is the words that weighed most.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from itertools import pairwise, repeat
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

FIRST_PERSON = frozenset({"i", "i'm", "im", "me", "my", "myself", "i've", "ive", "i'd", "i'll", "mine"})
SECOND_PERSON = frozenset({"you", "u", "ur", "your", "you're", "youre", "yourself", "ya", "yall"})


class CategoryModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    bias: float
    threshold: float = Field(gt=0, lt=1)
    weights: dict[str, float]


class DistressSubtypes(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    weights: dict[Literal["self_harm", "danger_abuse", "medical", "low_mood"], dict[str, float]]


class ModelDocument(BaseModel):
    """model.json: what ``make train`` writes."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: str
    trained_on: list[str]
    categories: dict[Literal["distress", "threat", "rude"], CategoryModel]
    distress_subtypes: DistressSubtypes


@dataclass(frozen=True, slots=True)
class Verdict:
    category: str
    probability: float
    evidence: tuple[int, ...]  # indexes of the words that weighed most
    subtype: str | None = None


def features(words: list[str]) -> dict[str, list[int]]:
    """Each feature of a message and the word indexes it comes from."""
    found: dict[str, list[int]] = {}
    for index, word in enumerate(words):
        found.setdefault(f"w:{word}", []).append(index)
        if index:
            found.setdefault(f"b:{words[index - 1]} {word}", []).append(index)
    if not FIRST_PERSON.isdisjoint(words):
        found["f:first_person"] = []
    if not SECOND_PERSON.isdisjoint(words):
        found["f:second_person"] = []
    return found


class LinearModel:
    def __init__(self, document: ModelDocument) -> None:
        self.document = document
        # Per category: word weights, word-pair weights ('a b') and flag weights, split so the hot
        # path sums them with C-level map(dict.get) and builds no feature strings but the pairs.
        self._split: list[
            tuple[str, CategoryModel, dict[str, float], dict[str, float], dict[str, float]]
        ] = []
        for category, model in document.categories.items():
            words: dict[str, float] = {}
            pairs: dict[str, float] = {}
            flags: dict[str, float] = {}
            for name, weight in model.weights.items():
                kind, _, key = name.partition(":")
                {"w": words, "b": pairs}.get(kind, flags)[key] = weight
            self._split.append((category, model, words, pairs, flags))

    @classmethod
    def load(cls, path: Path) -> LinearModel:
        return cls(ModelDocument.model_validate(json.loads(path.read_text(encoding="utf-8"))))

    def judge(self, words: list[str]) -> list[Verdict]:
        unique = set(words)
        pairs = {f"{first} {second}" for first, second in pairwise(words)}
        flags = [
            flag
            for flag, person in (("first_person", FIRST_PERSON), ("second_person", SECOND_PERSON))
            if not person.isdisjoint(unique)
        ]
        verdicts: list[Verdict] = []
        for category, model, word_weights, pair_weights, flag_weights in self._split:
            score = (
                model.bias
                + sum(map(word_weights.get, unique, repeat(0.0)))
                + sum(map(pair_weights.get, pairs, repeat(0.0)))
                + sum(map(flag_weights.get, flags, repeat(0.0)))
            )
            # Clamped: a 4,000-character message can sum to a score exp() cannot take.
            probability = 1 / (1 + math.exp(-max(-30.0, min(30.0, score))))
            if probability >= model.threshold:
                verdicts.append(self._verdict(category, probability, words))
        return verdicts

    def _verdict(self, category: str, probability: float, words: list[str]) -> Verdict:
        """Rare (the category fired): now it is worth building the features to name the evidence."""
        weights = self.document.categories[category].weights  # type: ignore[index]
        present = features(words)
        contributions = [(weights[name], name) for name in present if name in weights]
        top = sorted((item for item in contributions if item[0] > 0), reverse=True)[:3]
        evidence = tuple(sorted({index for _, name in top for index in present[name]}))
        subtype = self._subtype(present) if category == "distress" else None
        return Verdict(category, probability, evidence, subtype)

    def _subtype(self, present: dict[str, list[int]]) -> str:
        scores = {
            subtype: sum(weights.get(name, 0.0) for name in present)
            for subtype, weights in self.document.distress_subtypes.weights.items()
        }
        return max(scores, key=scores.__getitem__)
