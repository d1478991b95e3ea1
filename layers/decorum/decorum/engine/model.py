"""A small linear model over words: the safety net behind the rules.

Hand-written rules are precise but only as broad as their author's imagination; patrons in
distress, or threatening, say it in ways no list foresees. This model scores a message by the
words and word pairs it contains, with weights learnt from the labelled corpus
(``make train``; see ``tests/training/train.py``), and fires a category when the score clears a
threshold chosen to keep legitimate questions out. It is data like the rest of the policy:
versioned, validated at load, and explainable — the evidence is the words that weighed most.
"""

from __future__ import annotations

import math
import struct
import sys
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, partial
from itertools import chain, compress, count, pairwise, repeat
from operator import itemgetter, sub
from pathlib import Path
from typing import Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

FIRST_PERSON = frozenset({"i", "i'm", "im", "me", "my", "myself", "i've", "ive", "i'd", "i'll", "mine"})
SECOND_PERSON = frozenset({"you", "u", "ur", "your", "you're", "youre", "yourself", "ya", "yall"})


# The categories a model may add to the rules' findings. Abusive too, but only aimed at the
# librarian and at a strict threshold (policy.toml, [word_model] aimed): insults made of ordinary
# words ('an amoeba with a login') are learnt from two thousand examples where no lexicon lists
# them, and a wrong guess ends a session. Requests for pornography and ways round a filter only
# where the rules found nothing, at 0.9 or surer (train.py): their words ('filter', 'breast') are
# also everyday questions' words, but their action is a reply, never a warning on first sight.
CustomerModelCategory = Literal[
    "distress",
    "abusive",
    "threat",
    "rude",
    "explicit_request",
    "filter_bypass",
    "service_policy",
    "service_question",
    "provider_personal",
    "chit_chat",
]
# A librarian's messages have a model of their own (provider_model.json): coaching on an opinion
# given or personal data asked for, learnt from the librarians' messages only.
ProviderModelCategory = Literal["provider_opinion", "provider_overask"]
ModelCategory = Literal[CustomerModelCategory, ProviderModelCategory]
SENDER_CATEGORIES: dict[str, frozenset[str]] = {
    "customer": frozenset(get_args(CustomerModelCategory)),
    "provider": frozenset(get_args(ProviderModelCategory)),
}


# Far beyond what training gives (|weight| < 6): the bound the packed sums' error is argued for.
WEIGHT_LIMIT = 1024.0
Weight = Annotated[float, Field(ge=-WEIGHT_LIMIT, le=WEIGHT_LIMIT)]


# A feature as ``features`` names it: a word ('w:sad'), two words in a row ('b:i am') or a flag. A
# word has no space or colon (tokens never do): that is what keeps the hot path's keys apart
# (``_table_key``), so a name that breaks it is refused at load.
FeatureName = Annotated[
    str, StringConstraints(pattern=r"^(?:w:[^\s:]+|b:[^\s:]+ [^\s:]+|f:first_person|f:second_person)$")
]


class CategoryModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    bias: Weight
    threshold: float = Field(gt=0, lt=1)
    weights: list[Weight]  # aligned with ModelDocument.features


class DistressSubtypes(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    # Each aligned with ModelDocument.features.
    weights: dict[Literal["self_harm", "danger_abuse", "medical", "low_mood"], list[float]]


class ModelDocument(BaseModel):
    """model.json: what ``make train`` writes.

    Dense: ``features`` names every feature any table weighs, once, and each table (a category's
    weights, a distress subtype's) is a list of weights aligned with it, 0.0 where the table has
    none: the columns ``LinearModel`` reads. Keyed by feature name in each table, the same weights
    took 9.5 MB instead of 6.1, three times as long to parse, and re-keying at load."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: str
    trained_on: list[str]
    sender: Literal["customer", "provider"] = "customer"  # whose messages it judges
    features: list[FeatureName]
    categories: dict[ModelCategory, CategoryModel]
    distress_subtypes: DistressSubtypes

    @field_validator("features")
    @classmethod
    def _unique(cls, features: list[str]) -> list[str]:
        if len(set(features)) < len(features):
            repeated = sorted(name for name, times in Counter(features).items() if times > 1)
            raise ValueError(f"features named more than once: {', '.join(repeated[:5])}")
        return features

    @model_validator(mode="after")
    def _for_its_sender(self) -> ModelDocument:
        foreign = sorted(set(self.categories) - SENDER_CATEGORIES[self.sender])
        if foreign:
            raise ValueError(f"a {self.sender} model cannot judge {', '.join(foreign)}")
        return self

    @model_validator(mode="after")
    def _aligned(self) -> ModelDocument:
        subtypes = self.distress_subtypes.weights
        tables = {
            **{f"categories.{name}": model.weights for name, model in self.categories.items()},
            **{f"distress_subtypes.{name}": weights for name, weights in subtypes.items()},
        }
        for table, weights in tables.items():
            if len(weights) != len(self.features):
                raise ValueError(f"{table}: {len(weights)} weights for {len(self.features)} features")
        return self


@dataclass(frozen=True, slots=True)
class Verdict:
    category: str
    probability: float
    evidence: tuple[int, ...]  # indexes of the words that weighed most
    subtype: str | None = None


# Stands in for a word the models do not read (personal data: detect.model_words): no feature is
# made of it, alone or in a pair, so no table has a weight for it.
UNREAD = ""


def features(words: list[str]) -> dict[str, list[int]]:
    """Each feature of a message and the word indexes it comes from."""
    found: dict[str, list[int]] = {}
    for index, word in enumerate(words):
        if word == UNREAD:
            continue
        found.setdefault(f"w:{word}", []).append(index)
        if index and words[index - 1] != UNREAD:
            found.setdefault(f"b:{words[index - 1]} {word}", []).append(index)
    if not FIRST_PERSON.isdisjoint(words):
        found["f:first_person"] = []
    if not SECOND_PERSON.isdisjoint(words):
        found["f:second_person"] = []
    return found


def _present(words: list[str], pairs: Iterable[str]) -> list[str]:
    """Each feature of the message once, as the weight tables key them (see ``features``), in the
    order the message first has them: a float sum depends on the order of its terms, and a set's
    order changes with every process's hash seed, so a score at a threshold could fire in one
    process and not in the next."""
    unique = dict.fromkeys(words)
    present = [*unique, *dict.fromkeys(pairs)]
    if not FIRST_PERSON.isdisjoint(unique):
        present.append("f:first_person")
    if not SECOND_PERSON.isdisjoint(unique):
        present.append("f:second_person")
    return present


def _pairs(words: list[str]) -> list[str]:
    """Each two words in a row as 'a b': pairs[i] starts at word i."""
    return list(map(" ".join, pairwise(words)))


def _table_key(name: str) -> str:
    """A feature's key in the hot path's tables: a word as it is ('sad'), a pair as 'a b', a flag
    by its full name ('f:first_person'). Tokens have no space or colon: the keys cannot collide."""
    kind, _, key = name.partition(":")
    return key if kind in ("w", "b") else name


def _feature_name(key: str) -> str:
    """The name ``features`` gives the feature of a table key (``_table_key`` undone)."""
    if " " in key:
        return f"b:{key}"
    return key if ":" in key else f"w:{key}"


def _probability(score: float) -> float:
    # Clamped: a 4,000-character message can sum to a score exp() cannot take.
    return 1 / (1 + math.exp(-max(-30.0, min(30.0, score))))


@cache
def _score_below(threshold: float) -> float:
    """A score whose probability is below ``threshold``, as near the cut as found: no score at or
    below it fires, since ``_probability`` never falls as the score grows. -inf if there is none
    (the clamp keeps every probability above 9e-14)."""
    if _probability(-math.inf) >= threshold:
        return -math.inf
    score, step = math.log(threshold / (1 - threshold)), 2.0**-40
    # The logit's rounding, or exp's, may leave it on the firing side: step down until it is not.
    while _probability(score) >= threshold:
        score, step = score - step, step * 2
    return score


# All categories' sums at once. Each feature's weights are packed into one integer: lane k, bits
# 64k to 64k+63, holds its weight in category k in fixed point (a signed multiple of 2^-32), so
# one C-level sum() of a message's integers adds up every category. Lane k of the sum starts at
# 2^63 - cut_k, cut_k being the fixed-point sum below which category k cannot fire: each lane's
# value then stays within [0, 2^64), so no lane borrows from the next, and a lane's top bit is
# set exactly where its sum reached the cut. Only those categories, which fire or come within the
# margin of firing, are scored as before, in floats and in the same order: the packed sums only
# rule categories out, and decisions and probabilities stay what the float sums make them.
#
# Why ruling out is safe. With n features, the fixed-point sum is within n·2^-33 of the exact sum
# of the float weights (each rounded to the nearest 2^-32), and the float score within
# (n + 1)·2^-53·(|bias| + Σ|weight|) of the exact one (Higham's bound for a sum added in turn).
# Weights and bias are at most 2^10 (WEIGHT_LIMIT) and the packed sum serves at most 2^16
# features (a 4,000-character message has a few thousand): the two errors are at most
# 2^-17 + 2^-11, less than the 2^-8 margin the cut leaves below a score that cannot fire
# (``_score_below``). And the lanes hold: |sum| <= 2^16·2^10·2^32 = 2^58 and |cut| <= 2^62.
_FRACTION_BITS = 32
_LANE_BITS = 64
_MARGIN = 2.0**-8
_MOST_FEATURES = 1 << 16
_LOWEST_CUT = -(1 << 62)  # below any sum: the category is always scored
# Adding 1.5·2^20 to a float below 2^19 in magnitude rounds it to a multiple of 2^-32 (the ulp at
# 2^20) and leaves that multiple, plus the constant's own bits, in the low bits of the result's
# IEEE 754 pattern: a conversion to fixed point that array() does for a whole table at C speed,
# where a round() per weight cost tens of milliseconds of cold start.
_ROUNDER = 1.5 * 2.0 ** (52 - _FRACTION_BITS)


def _pack(keys: list[str], columns: list[list[float]]) -> dict[str, int]:
    """Each key's weights in every column as one integer, lane k for column k (see above)."""
    lanes = len(columns)
    if not lanes:
        return {}  # struct cannot step through rows of no bytes
    grid = array("d", bytes(8 * lanes * len(keys)))  # a row of lanes per key
    for lane, column in enumerate(columns):
        # A comprehension, whose float addition the interpreter specialises, not a map over
        # _ROUNDER.__add__, which calls through a bound method for each weight: packing the
        # shipped model takes 31 ms instead of 40.
        grid[lane::lanes] = array("d", [_ROUNDER + weight for weight in column])
    if sys.byteorder == "big":
        grid.byteswap()  # each row is read as one little-endian number
    rows = map(itemgetter(0), struct.iter_unpack(f"{8 * lanes}s", grid.tobytes()))
    # Every lane holds the rounder's bit pattern plus its weight: take the patterns away.
    patterns = int.from_bytes(struct.pack("<d", _ROUNDER) * lanes, "little")
    packed = map(sub, map(partial(int.from_bytes, byteorder="little"), rows), repeat(patterns))
    return dict(zip(keys, packed, strict=True))


def _cut(bias: float, threshold: float) -> int:
    """The fixed-point sum of weights below which a category cannot fire: ``_MARGIN`` under the
    sum that reaches the score ``_score_below`` finds."""
    below = _score_below(threshold)
    if below == -math.inf:
        return _LOWEST_CUT
    return math.floor((below - bias - _MARGIN) * 2.0**_FRACTION_BITS)


def _evidence(
    words: list[str], pairs: list[str], present: list[str], weights: list[float]
) -> tuple[int, ...]:
    """The word indexes of the up to three features that weigh most towards a category (``weights``:
    each feature's in ``present``): a word's own indexes, a pair's second word's, a flag's none."""
    ranked = sorted(weights, reverse=True)
    if len(ranked) > 3 and ranked[3] > 0 and ranked[3] == ranked[2]:
        # A tie for third place is broken by the features' full names, as ``features`` names them.
        towards = [
            (weight, _feature_name(key), key)
            for key, weight in zip(present, weights, strict=True)
            if weight > 0
        ]
        top = {key for _, _, key in sorted(towards, reverse=True)[:3]}
    else:
        # The three heaviest (at least as heavy as the third: no fourth ties it), or every feature
        # that weighs towards the category if fewer do; tested by C-level map over bound methods.
        heavy_enough = ranked[2].__le__ if len(ranked) > 2 and ranked[2] > 0 else (0.0).__lt__
        top = set(compress(present, map(heavy_enough, weights)))
    # No word equals a pair (it has a space) or a flag (a colon): one set serves both scans.
    places = chain(
        compress(count(), map(top.__contains__, words)), compress(count(1), map(top.__contains__, pairs))
    )
    return tuple(sorted(set(places)))


@dataclass(frozen=True, slots=True)
class _Category:
    name: str
    bias: float
    threshold: float
    weights: list[float]  # by row (see LinearModel.__init__)
    top_bit: int  # its lane's top bit in the packed sum


class LinearModel:
    def __init__(self, document: ModelDocument) -> None:
        self.document = document
        # One row per feature of the document, found by its key (``_table_key``) as the hot path
        # meets it: the document's tables are the columns, taken as they are.
        keys = list(map(_table_key, document.features))
        self._absent = len(keys)
        self._rows = dict(zip(keys, range(self._absent), strict=True))
        categories = document.categories.items()
        self._packed = _pack(keys, [model.weights for _, model in categories])
        # Each column, copied (the document's stay aligned), gets one more row: it weighs nothing
        # and stands for a feature the model does not have (``_absent``).
        self._categories = [
            _Category(
                category,
                model.bias,
                model.threshold,
                [*model.weights, 0.0],
                1 << (_LANE_BITS * lane + _LANE_BITS - 1),
            )
            for lane, (category, model) in enumerate(categories)
        ]
        self._by_name = {category.name: category for category in self._categories}
        self._subtypes = {
            subtype: [*weights, 0.0] for subtype, weights in document.distress_subtypes.weights.items()
        }
        # Lane k starts at 2^63 - cut_k: its top bit is set once the category's sum reaches the cut.
        self._start = sum(
            ((1 << (_LANE_BITS - 1)) - _cut(category.bias, category.threshold)) << (_LANE_BITS * lane)
            for lane, category in enumerate(self._categories)
        )
        self._top_bits = sum(category.top_bit for category in self._categories)

    @classmethod
    def load(cls, path: Path) -> LinearModel:
        # Parsed and validated in one pass by pydantic's own JSON reader, which rounds floats
        # correctly as json.loads does: 36 ms for the shipped model, against 128 for json.loads
        # and then validating.
        return cls(ModelDocument.model_validate_json(path.read_bytes()))

    def judge(self, words: list[str], pairs: list[str] | None = None) -> list[Verdict]:
        """``pairs``: each two words in a row as 'a b', if the caller has them already."""
        if pairs is None:
            pairs = _pairs(words)
        present = _present(words, pairs)
        candidates = self._top_bits  # beyond _MOST_FEATURES, every category is scored in floats
        if len(present) <= _MOST_FEATURES:
            # Every category's sum at once: a lane's top bit stays set where it may fire.
            candidates &= sum(map(self._packed.get, present, repeat(0)), self._start)
            if not candidates:
                return []
        rows = list(self._rows_of(present))
        verdicts: list[Verdict] = []
        for category in self._categories:
            if candidates & category.top_bit:
                # Scored as ever: the same float terms in the same order give the same probability.
                weights = list(map(category.weights.__getitem__, rows))
                probability = _probability(category.bias + sum(weights))
                if probability >= category.threshold:
                    verdicts.append(
                        self._verdict(
                            category.name, probability, words, pairs=pairs, present=present, weights=weights
                        )
                    )
        return verdicts

    def judge_parts(
        self, category: str, words: list[str], parts: list[range], threshold: float
    ) -> Verdict | None:
        """``category`` in the first of ``parts`` (runs of word indexes: a message's sentences)
        whose own score clears ``threshold``; evidence indexes are the message's."""
        model = self._by_name.get(category)
        if model is None:
            return None
        below = _score_below(threshold)
        weight_at = model.weights.__getitem__
        for part in parts:
            piece = words[part.start : part.stop]
            pairs = _pairs(piece)
            present = _present(piece, pairs)
            score = model.bias + sum(map(weight_at, self._rows_of(present)))
            # No score at or below ``below`` clears the threshold: exp() is left for those above.
            if score > below and (probability := _probability(score)) >= threshold:
                weights = list(map(weight_at, self._rows_of(present)))
                verdict = self._verdict(
                    category, probability, piece, pairs=pairs, present=present, weights=weights
                )
                evidence = tuple(part.start + index for index in verdict.evidence)
                return Verdict(category, probability, evidence, verdict.subtype)
        return None

    def _rows_of(self, features: list[str]) -> Iterator[int]:
        """Each feature's row (the last, weightless row for a feature no table has)."""
        return map(self._rows.get, features, repeat(self._absent))

    def _verdict(
        self,
        category: str,
        probability: float,
        words: list[str],
        *,
        pairs: list[str],
        present: list[str],
        weights: list[float],
    ) -> Verdict:
        """Only for a category that fired: now it is worth naming the evidence."""
        subtype = self._subtype(words, pairs, present) if category == "distress" else None
        return Verdict(category, probability, _evidence(words, pairs, present, weights), subtype)

    def _subtype(self, words: list[str], pairs: list[str], present: list[str]) -> str:
        # Each subtype's weights are summed in the order ``features`` meets the features (each word,
        # then the pair it ends; the flags, last in ``present`` too, after them), as they always
        # were: the same float sums, so the same subtype wins even a near tie.
        met = dict.fromkeys(chain(words[:1], chain.from_iterable(zip(words[1:], pairs, strict=True))))
        rows = list(self._rows_of([*met, *present[len(met) :]]))
        scores = {subtype: sum(map(weights.__getitem__, rows)) for subtype, weights in self._subtypes.items()}
        return max(scores, key=scores.__getitem__)
