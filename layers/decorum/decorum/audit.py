"""`decorum replay --report`: what a coordinator auditing a transcript wants to see at a glance.

Counts per category and action, the sessions that ended with the evidence that ended them (the
rule and the words it matched), and the distress referrals with their severity and whether the
coordinators were alerted. As a readable table, or ``--format csv`` for a spreadsheet.

The evidence words come from the coordinator's own transcript and are shown to them only; the
words of a personal-data hit are never shown, only its rule.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from decorum.models import Category

# A personal-data hit's words are the personal data itself.
_HIDDEN_EVIDENCE = frozenset({Category.PERSONAL_INFO.value})


@dataclass(frozen=True, slots=True)
class Ended:
    line: int
    session_id: str
    category: str
    evidence: tuple[tuple[str, str], ...]  # (rule, words)


@dataclass(frozen=True, slots=True)
class Referral:
    line: int
    session_id: str
    subtype: str
    severity: str
    alerted: bool


@dataclass
class AuditReport:
    messages: int = 0
    refused: Counter[str] = field(default_factory=Counter)  # error code -> lines
    by_category_action: Counter[tuple[str, str]] = field(default_factory=Counter)
    ended: list[Ended] = field(default_factory=list)
    referrals: list[Referral] = field(default_factory=list)

    def add(self, line: int, record: Any, result: dict[str, Any]) -> None:
        self.messages += 1
        if "error" in result:
            self.refused[result["error"]["code"]] += 1
            return
        category, action = result["category"], result["action"]
        self.by_category_action[(category, action)] += 1
        if action == "end_session":
            self.ended.append(Ended(line, result["session_id"], category, _evidence(record, result)))
        if result.get("distress") and action == "refer":
            alert = result.get("alert") or {}
            self.referrals.append(
                Referral(
                    line,
                    result["session_id"],
                    result["distress"]["subtype"],
                    result["distress"]["severity"],
                    bool(alert.get("sent")),
                )
            )


def _evidence(record: Any, result: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    text = str(record.get("text", "")) if isinstance(record, dict) else ""
    found = []
    for hit in result["categories"]:
        for evidence in hit["evidence"]:
            words = "" if hit["name"] in _HIDDEN_EVIDENCE else text[evidence["start"] : evidence["end"]]
            found.append((evidence["rule"], words))
    return tuple(found)


def render_table(report: AuditReport) -> str:
    lines = [f"Messages: {report.messages}"]
    if report.refused:
        refused = ", ".join(f"{code} {count}" for code, count in sorted(report.refused.items()))
        lines.append(f"Refused lines: {refused}")
    lines += ["", "Category            Action         Messages"]
    for (category, action), count in sorted(report.by_category_action.items(), key=lambda item: -item[1]):
        lines.append(f"{category:<19} {action:<14} {count:>8}")
    lines += ["", f"Sessions ended: {len(report.ended)}"]
    for ended in report.ended:
        evidence = "; ".join(f"{rule} {words!r}" if words else rule for rule, words in ended.evidence)
        lines.append(f"  line {ended.line:<5} {ended.session_id:<24} {ended.category:<16} {evidence}")
    lines += ["", f"Distress referrals: {len(report.referrals)}"]
    for referral in report.referrals:
        alerted = "alerted" if referral.alerted else "no new alert"
        lines.append(
            f"  line {referral.line:<5} {referral.session_id:<24} "
            f"{referral.subtype:<13} {referral.severity:<9} {alerted}"
        )
    return "\n".join(lines) + "\n"


CSV_COLUMNS = (
    "section",
    "line",
    "session_id",
    "category",
    "action",
    "count",
    "rule",
    "words",
    "subtype",
    "severity",
    "alerted",
)


def render_csv(report: AuditReport) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="raise")
    writer.writeheader()
    for (category, action), count in sorted(report.by_category_action.items()):
        writer.writerow({"section": "count", "category": category, "action": action, "count": count})
    for code, count in sorted(report.refused.items()):
        writer.writerow({"section": "refused", "action": code, "count": count})
    for ended in report.ended:
        for rule, words in ended.evidence:
            writer.writerow(
                {
                    "section": "ended",
                    "line": ended.line,
                    "session_id": ended.session_id,
                    "category": ended.category,
                    "action": "end_session",
                    "rule": rule,
                    "words": words,
                }
            )
    for referral in report.referrals:
        writer.writerow(
            {
                "section": "referral",
                "line": referral.line,
                "session_id": referral.session_id,
                "category": "distress",
                "action": "refer",
                "subtype": referral.subtype,
                "severity": referral.severity,
                "alerted": "yes" if referral.alerted else "no",
            }
        )
    return out.getvalue()
