"""`make eval`: how well the engine classifies the labelled corpus (tests/corpus).

Prints per-category precision, recall and F1, the macro-F1, the confusion table and the targets
of the policy-engine issue: abusive messages ended, distress referred, legitimate messages given
warn/end/refer, personal data left in redacted_text, evasions caught. Each message is judged as
the first message of a fresh session (the dry-run verdict), so the ladder does not blur the
classification.

    python -m tests.evaluation.evaluate [--split SPLIT|all] [--errors N]   (SPLITS below name them)
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from decorum.engine import Assessment, Engine, default_engine
from decorum.ladder import SessionRecord, decide
from decorum.models import PRECEDENCE, Action, Category

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
# Development splits may be read while writing rules and are what `make train` learns from;
# measurement splits are never used to tune anything: they stand for messages nobody has seen.
DEVELOPMENT_SPLITS = (
    "dev",
    "dev2",
    "dev3",
    "dev4",
    "dev5",
    "dev6",
    "dev7",
    "dev8",
    "dev9",
    "dev10",
    "dev11",
    "dev12",
    "dev13",
    "dev14",
    "dev15",
    "dev16",
    "dev17",
    "dev18",
    "dev19",
    "dev20",
    "dev21",
    "dev22",
    "dev23",
    "dev24",
    "dev25",
    "dev26",
    "dev27",
    "dev28",
    "dev29",
    "dev30",
    "dev31",
    "dev32",
    "dev33",
    "dev34",
    "dev35",
    "dev36",
    "dev37",
    "dev38",
    "dev39",
    "dev40",
    "dev41",
    "dev42",
    "dev43",
    "dev44",
    "dev45",
    "dev46",
    "dev47",
    "dev48",
    "dev49",
    "dev50",
    "dev51",
    "dev52",
    "dev53",
    "dev54",
    "dev55",
    "dev56",
    "dev57",
    "dev58",
    "dev59",
    "dev60",
    "dev61",
    "dev62",
    "dev63",
    "dev64",
    "dev65",
    "dev66",
    "dev67",
    "dev68",
    "dev69",
    "dev70",
    "dev71",
    "dev72",
    "dev73",
    "dev74",
    "dev75",
    "dev76",
    "dev77",
    "dev78",
    "dev79",
    "dev80",
    "dev81",
    "dev82",
    "dev83",
    "dev84",
    "dev85",
    "dev86",
    "dev87",
    "dev88",
    "dev89",
    "dev90",
    "dev91",
    "dev92",
    "dev93",
    "dev94",
    "dev95",
    "dev96",
    "dev97",
    "dev98",
    "dev99",
    "dev100",
    "dev101",
    "dev102",
    "dev103",
    "dev104",
    "dev105",
    "dev106",
    "dev107",
    "dev108",
    "dev109",
    "dev110",
    "dev111",
    "dev112",
    "dev113",
    "dev114",
    "dev115",
    "dev116",
    "dev117",
    "dev118",
    "dev119",
    "dev120",
    "dev121",
    "dev122",
    "dev123",
    "dev124",
    "dev125",
    "dev126",
    "dev127",
    "dev128",
    "dev129",
    "fresh",
    "fresh2",
)
MEASUREMENT_SPLITS = (
    "holdout",
    "fresh3",
    "fresh4",
    "fresh5",
    "fresh6",
    "fresh7",
    "fresh8",
    "fresh9",
    "fresh10",
    "fresh11",
    "fresh12",
    "fresh13",
    "fresh14",
    "fresh15",
    "fresh16",
    "fresh17",
    "fresh18",
    "fresh19",
    "fresh20",
    "fresh21",
    "fresh22",
    "fresh23",
    "fresh24",
    "fresh25",
    "fresh26",
    "fresh27",
    "fresh28",
    "fresh29",
    "fresh30",
    "fresh31",
    "fresh32",
    "fresh33",
    "fresh34",
    "fresh35",
    "fresh36",
    "fresh37",
    "fresh38",
    "fresh39",
    "fresh40",
    "fresh41",
    "fresh42",
    "fresh43",
    "fresh44",
    "fresh45",
    "fresh46",
    "fresh47",
    "fresh48",
    "fresh49",
    "fresh50",
    "fresh51",
    "fresh52",
    "fresh53",
    "fresh54",
    "fresh55",
    "fresh56",
)
SPLITS = DEVELOPMENT_SPLITS + MEASUREMENT_SPLITS
HARSH = {Action.WARN, Action.END_SESSION, Action.REFER}


@dataclass(frozen=True)
class Example:
    text: str
    sender: str
    label: Category
    tags: tuple[str, ...]
    pii: tuple[str, ...]
    split: str
    distress_subtype: str | None = None
    distress_level: str | None = None


@dataclass(frozen=True)
class Outcome:
    example: Example
    predicted: Category
    action: Action
    redacted_text: str
    rules: tuple[str, ...]


@dataclass
class Report:
    outcomes: list[Outcome]
    confusion: Counter[tuple[Category, Category]] = field(default_factory=Counter)

    def __post_init__(self) -> None:
        for outcome in self.outcomes:
            self.confusion[(outcome.example.label, outcome.predicted)] += 1

    def scores(self, category: Category) -> tuple[float, float, float, int]:
        true_positive = self.confusion[(category, category)]
        predicted = sum(count for (_, guess), count in self.confusion.items() if guess == category)
        actual = sum(count for (label, _), count in self.confusion.items() if label == category)
        precision = true_positive / predicted if predicted else 1.0
        recall = true_positive / actual if actual else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1, actual

    def labels(self) -> list[Category]:
        present = {outcome.example.label for outcome in self.outcomes}
        return [category for category in PRECEDENCE if category in present]

    def macro_f1(self) -> float:
        labels = self.labels()
        return sum(self.scores(category)[2] for category in labels) / len(labels)

    def rate(self, selected: Iterable[Outcome], good: Any) -> tuple[float | None, int]:
        """The share of ``selected`` that is ``good``, and how many there were; None when there
        were none (a split without personal data has no rate of it left, not 0% or 100%)."""
        chosen = list(selected)
        if not chosen:
            return None, 0
        return sum(1 for outcome in chosen if good(outcome)) / len(chosen), len(chosen)

    def targets(self) -> dict[str, tuple[float | None, int]]:
        by_label = defaultdict(list)
        for outcome in self.outcomes:
            by_label[outcome.example.label].append(outcome)
        with_pii = [outcome for outcome in self.outcomes if outcome.example.pii]
        evasions = [outcome for outcome in self.outcomes if "evasion" in outcome.example.tags]
        plain_abusive = [o for o in by_label[Category.ABUSIVE] if "evasion" not in o.example.tags]
        return {
            "abusive ended": self.rate(by_label[Category.ABUSIVE], lambda o: o.action == Action.END_SESSION),
            "distress referred": self.rate(by_label[Category.DISTRESS], lambda o: o.action == Action.REFER),
            "legitimate given warn/end/refer": self.rate(
                by_label[Category.NONE], lambda o: o.action in HARSH
            ),
            "personal data left unredacted": self.rate(
                with_pii, lambda o: any(secret in o.redacted_text for secret in o.example.pii)
            ),
            "evasions caught (right category)": self.rate(evasions, lambda o: o.predicted == o.example.label),
            "plain abusive caught": self.rate(plain_abusive, lambda o: o.predicted == Category.ABUSIVE),
        }

    def errors(self) -> list[Outcome]:
        return [outcome for outcome in self.outcomes if outcome.predicted != outcome.example.label]


def load(split: str) -> list[Example]:
    splits = SPLITS if split == "all" else (split,)
    examples: list[Example] = []
    for name in splits:
        for path in sorted((CORPUS / name).glob("*.jsonl")):
            for line in path.read_text(encoding="utf-8").splitlines():
                if not line.strip():
                    continue
                record = json.loads(line)
                examples.append(
                    Example(
                        text=record["text"],
                        sender=record["sender"],
                        label=Category(record["label"]),
                        tags=tuple(record.get("tags", ())),
                        pii=tuple(record.get("pii", ())),
                        split=name,
                        distress_subtype=(record.get("distress") or {}).get("subtype"),
                        distress_level=(record.get("distress") or {}).get("level"),
                    )
                )
    return examples


def run(examples: list[Example], engine: Engine | None = None) -> Report:
    engine = engine or default_engine()
    return Report([judged(example, engine)[1] for example in examples])


def judged(example: Example, engine: Engine) -> tuple[Assessment, Outcome]:
    """The engine's assessment of ``example`` and its outcome as the first message of a fresh session."""
    document = engine.policy.document
    assessment = engine.assess(example.text, example.sender)
    decision = decide(
        SessionRecord(),
        assessment,
        example.sender,
        ladder=document.ladder,
        scripts=document.scripts,
        now="2026-01-01T00:00:00+00:00",
    )
    outcome = Outcome(
        example,
        assessment.category,
        decision.action,
        assessment.redacted_text,
        tuple(hit.rule for hit in assessment.hits),
    )
    return assessment, outcome


def render(report: Report, errors: int) -> str:
    lines = [f"{'category':<20}{'precision':>10}{'recall':>9}{'F1':>7}{'n':>6}"]
    for category in report.labels():
        precision, recall, f1, count = report.scores(category)
        lines.append(f"{category.value:<20}{precision:>10.3f}{recall:>9.3f}{f1:>7.3f}{count:>6}")
    lines.append(f"{'macro-F1':<20}{report.macro_f1():>33.3f}")
    lines.append("")
    labels = report.labels()
    short = {category: category.value[:6] for category in labels}
    lines.append("confusion (rows: label, columns: predicted)")
    lines.append(" " * 20 + "".join(f"{short[c]:>7}" for c in labels))
    for label in labels:
        row = "".join(f"{report.confusion[(label, guess)] or '.':>7}" for guess in labels)
        lines.append(f"{label.value:<20}{row}")
    lines.append("")
    lines.append("targets")
    for name, (value, count) in report.targets().items():
        shown = "—" if value is None else f"{value:.1%}"
        lines.append(f"  {name:<36}{shown:>8}  of {count}")
    if errors:
        lines.append("")
        lines.append(f"first {errors} errors")
        for outcome in report.errors()[:errors]:
            example = outcome.example
            verdict = f"[{example.label.value} -> {outcome.predicted.value}]"
            lines.append(f"  {verdict} {example.text!r} {list(outcome.rules)}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--split", choices=[*SPLITS, "all"], default="all")
    parser.add_argument("--errors", type=int, default=0, help="list the first N misclassified messages")
    args = parser.parse_args(argv)
    for split in SPLITS if args.split == "all" else (args.split,):
        report = run(load(split))
        print(f"== {split}: {len(report.outcomes)} messages")
        print(render(report, args.errors))
        print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
