"""Find personal data in the original text and replace it with a label: ``[card number]``.

Runs on the original text (digits and '@' are not folded), so the rest of the message stays
exactly as typed. Checks that a regular expression cannot do (the Luhn digit of a payment card,
an ISBN that merely looks like a long number) are named by each rule in the policy.
"""

from __future__ import annotations

from decorum.engine.policy import Policy
from decorum.engine.types import Hit
from decorum.models import Category


def find_personal_data(policy: Policy, text: str) -> list[tuple[Hit, str]]:
    """Each personal datum found: its hit and the label that replaces it."""
    found: list[tuple[Hit, str]] = []
    if policy.personal_data_gate is None or not policy.personal_data_gate.search(text):
        return found
    for compiled in policy.personal_data:
        if not compiled.gate.search(text):
            continue
        rule = compiled.rule
        for match in compiled.regex.finditer(text):
            group = rule.group or 0
            value = match.group(group)
            if not value or _is_label(value) or not _passes(rule.check, value):
                continue
            start, end = match.span(group)
            found.append((Hit(Category.PERSONAL_INFO, start, end, rule.id), rule.label))
    return _without_overlaps(found)


def _is_label(value: str) -> bool:
    """'[password]' is what redaction left, not a password."""
    return value.startswith("[") and value.rstrip(".,;:!?").endswith("]")


def _without_overlaps(found: list[tuple[Hit, str]]) -> list[tuple[Hit, str]]:
    """Where two rules matched overlapping text, keep the longer match (a card beats a phone)."""
    found.sort(key=lambda item: (item[0].start, -(item[0].end - item[0].start)))
    kept: list[tuple[Hit, str]] = []
    for hit, label in found:
        if kept and hit.start < kept[-1][0].end:
            continue
        kept.append((hit, label))
    return kept


def redact(text: str, found: list[tuple[Hit, str]]) -> str:
    if not found:
        return text
    pieces: list[str] = []
    cursor = 0
    for hit, label in found:
        pieces.append(text[cursor : hit.start])
        pieces.append(f"[{label}]")
        cursor = hit.end
    pieces.append(text[cursor:])
    return "".join(pieces)


def _passes(check: str, value: str) -> bool:
    digits = [int(char) for char in value if char.isdigit()]
    if check == "luhn":
        return luhn_valid(digits) and not _is_isbn13(digits)
    if check == "not_isbn":
        return not _is_isbn13(digits)
    return True


def luhn_valid(digits: list[int]) -> bool:
    total = 0
    for position, digit in enumerate(reversed(digits)):
        doubled = digit * 2 if position % 2 else digit
        total += doubled - 9 if doubled > 9 else doubled
    return bool(digits) and total % 10 == 0


def _is_isbn13(digits: list[int]) -> bool:
    if len(digits) != 13 or digits[:3] not in ([9, 7, 8], [9, 7, 9]):
        return False
    weighted = sum(digit * (1 if index % 2 == 0 else 3) for index, digit in enumerate(digits))
    return weighted % 10 == 0
