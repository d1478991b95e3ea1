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


# The customer categories a model may add to the rules' findings. Abusive too, but only aimed at
# the librarian and at a strict threshold (policy.toml, [word_model] aimed): insults made of
# ordinary words ('an amoeba with a login') are learnt from two thousand examples where no lexicon
# lists them, and a wrong guess ends a session. Not pornography or filters either: their words
# ('filter', 'breast') are also everyday questions' words, and a repeated request is warned.
ModelCategory = Literal[
    "distress",
    "abusive",
    "threat",
    "rude",
    "service_policy",
    "service_question",
    "provider_personal",
    "chit_chat",
]


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
    categories: dict[ModelCategory, CategoryModel]
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


def _present(words: list[str], pairs: list[str] | None = None) -> list[str]:
    """Each feature of the message once, as the weight tables key them (see ``features``)."""
    unique = set(words)
    present = [*unique, *set(map(" ".join, pairwise(words)) if pairs is None else pairs)]
    if not FIRST_PERSON.isdisjoint(unique):
        present.append("f:first_person")
    if not SECOND_PERSON.isdisjoint(unique):
        present.append("f:second_person")
    return present


def _probability(score: float) -> float:
    # Clamped: a 4,000-character message can sum to a score exp() cannot take.
    return 1 / (1 + math.exp(-max(-30.0, min(30.0, score))))


class LinearModel:
    def __init__(self, document: ModelDocument) -> None:
        self.document = document
        # Per category one weight table keyed as the hot path meets features: a word as it is
        # ('sad'), a pair as 'a b', a flag by its full name ('f:first_person'). Tokens have no space
        # or colon, so the keys cannot collide, and one C-level map(dict.get) sums a category.
        self._tables: list[tuple[str, CategoryModel, dict[str, float]]] = []
        for category, model in document.categories.items():
            table: dict[str, float] = {}
            for name, weight in model.weights.items():
                kind, _, key = name.partition(":")
                table[key if kind in ("w", "b") else name] = weight
            self._tables.append((category, model, table))
        # The tables merged: a feature's weight in every category at once (0.0 where a category
        # has none, as table.get(feature, 0.0) would give), so one look-up per feature serves all
        # categories and each still sums the same terms in the same order.
        tables = [table for _, _, table in self._tables]
        keys = list(set().union(*tables))
        # Built column by column with C-level map and zip: a comprehension over every feature's
        # tuple cost a tenth of a second of cold start.
        columns = [list(map(table.get, keys, repeat(0.0))) for table in tables]
        self._merged: dict[str, tuple[float, ...]] = dict(zip(keys, zip(*columns, strict=True), strict=True))
        self._nothing = (0.0,) * len(self._tables)
        self._tables_by_name = {category: (model, table) for category, model, table in self._tables}

    @classmethod
    def load(cls, path: Path) -> LinearModel:
        return cls(ModelDocument.model_validate(json.loads(path.read_text(encoding="utf-8"))))

    def judge(self, words: list[str], pairs: list[str] | None = None) -> list[Verdict]:
        """``pairs``: each two words in a row as 'a b', if the caller has them already."""
        present = _present(words, pairs)
        # One row of weights per feature, turned into one column per category.
        rows = map(self._merged.get, present, repeat(self._nothing))
        columns = list(zip(*rows, strict=True)) or [()] * len(self._tables)
        verdicts: list[Verdict] = []
        for (category, model, _), column in zip(self._tables, columns, strict=True):
            probability = _probability(model.bias + sum(column))
            if probability >= model.threshold:
                verdicts.append(self._verdict(category, probability, words))
        return verdicts

    def judge_parts(
        self, category: str, words: list[str], parts: list[range], threshold: float
    ) -> Verdict | None:
        """``category`` in the first of ``parts`` (runs of word indexes: a message's sentences)
        whose own score clears ``threshold``; evidence indexes are the message's."""
        table = self._tables_by_name.get(category)
        if table is None:
            return None
        model, weights = table
        for part in parts:
            piece = words[part.start : part.stop]
            probability = _probability(model.bias + sum(map(weights.get, _present(piece), repeat(0.0))))
            if probability >= threshold:
                verdict = self._verdict(category, probability, piece)
                evidence = tuple(part.start + index for index in verdict.evidence)
                return Verdict(category, probability, evidence, verdict.subtype)
        return None

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
            subtype: sum(map(weights.get, present, repeat(0.0)))
            for subtype, weights in self.document.distress_subtypes.weights.items()
        }
        return max(scores, key=scores.__getitem__)
