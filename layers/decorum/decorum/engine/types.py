"""The engine's own small value types: cheap to build on the per-message hot path."""

from __future__ import annotations

from dataclasses import dataclass

from decorum.models import PRECEDENCE, Category


@dataclass(frozen=True, slots=True)
class Hit:
    """One piece of evidence: a rule matched this span of the original text."""

    category: Category
    start: int
    end: int
    rule: str
    subtype: str | None = None
    level: str | None = None


@dataclass(frozen=True, slots=True)
class Distress:
    subtype: str
    level: str  # low | high | imminent


@dataclass(frozen=True, slots=True)
class Assessment:
    """What a message is, with its evidence; no decision about what to do yet."""

    category: Category
    hits: tuple[Hit, ...]
    redacted_text: str
    distress: Distress | None
    policy_version: str

    def categories(self) -> list[tuple[Category, list[Hit]]]:
        """Every category that fired, in precedence order, each with its evidence."""
        grouped: dict[Category, list[Hit]] = {}
        for hit in self.hits:
            grouped.setdefault(hit.category, []).append(hit)
        return [(category, grouped[category]) for category in PRECEDENCE if category in grouped]
