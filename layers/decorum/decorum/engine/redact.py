"""Find personal data in the original text and replace it with a label: ``[card number]``.

Runs on the original text (digits and '@' are not folded), so the rest of the message stays
exactly as typed. Checks that a regular expression cannot do (the Luhn digit of a payment card,
an ISBN that merely looks like a long number) are named by each rule in the policy.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from decorum.engine.policy import Policy
from decorum.engine.types import Hit
from decorum.models import Category


def find_personal_data(policy: Policy, text: str) -> list[tuple[Hit, str]]:
    """Each personal datum found: its hit and the label that replaces it.

    Two stages: data recognisable on its own (an e-mail, a Luhn-valid card) first; then data
    recognised by the words around it ('my pin is 1234'), read in the text with the first
    stage's data already replaced by labels, as it will be left. So what one redaction leaves
    is exactly what a second would find nothing in.
    """
    if policy.personal_data_gate is None:
        return []
    lowered = text.lower()
    if not (
        policy.personal_data_gate.search(lowered)  # a digit, mostly: the regex stops at the first
        or any(map(lowered.__contains__, policy.personal_data_literals))
    ):
        return []
    # A rule that needs a digit, or more digits than the message has, cannot match it (nor what
    # redacting it leaves: labels hold no digits, so that has no more than the message).
    digits = len(_DIGIT.findall(lowered))
    found = _without_overlaps(_run(policy, text, stage=1, digits=digits))
    for _ in range(MAX_ROUNDS):  # 'pin 1234 1234': each round reads what the last one left
        left = redact(text, found)
        # Stage 1 again once something is redacted: of two overlapping numbers one is kept, and
        # the digits the other leaves may still form a number of their own.
        again = _run(policy, left, stage=1, digits=digits) if found else []
        later = again + _run(policy, left, stage=2, digits=digits)
        if not later:
            break
        back = _Shifts(found)
        found = _without_overlaps(found + [(back.original(hit), label) for hit, label in later])
    return found


MAX_ROUNDS = 4
# A message of hundreds of digit runs is an attack, not a chat: each rule looks at its first few
# hundred candidates, so the cost stays bounded (the message is flagged as personal data anyway).
MAX_CANDIDATES = 256


_DIGIT = re.compile(r"\d")


def _run(policy: Policy, text: str, stage: int, *, digits: int | None = None) -> list[tuple[Hit, str]]:
    """``digits``: at least as many digits as the text has (None: unknown), so that the rules that
    need more are skipped."""
    found: list[tuple[Hit, str]] = []
    for compiled in policy.personal_data:
        rule = compiled.rule
        if rule.stage != stage:
            continue
        if digits is not None and ((rule.needs_digit and not digits) or compiled.min_digits > digits):
            continue
        if not compiled.gate.search(text):
            continue
        group = rule.group or 0
        position = 0
        tries = 0
        while tries < MAX_CANDIDATES and (match := compiled.regex.search(text, position)) is not None:
            tries += 1
            value = match.group(group)
            if not value or _is_label(value) or not _passes(rule.check, value):
                # A number that fails its check may hide a valid one starting inside it.
                position = match.start() + 1
                continue
            start, end = match.span(group)
            found.append((Hit(Category.PERSONAL_INFO, start, end, rule.id), rule.label))
            position = max(match.end(), position + 1)
    return found


class _Shifts:
    """Maps spans of the redacted text back to the original: each label replaced some data."""

    def __init__(self, replaced: list[tuple[Hit, str]]) -> None:
        self._starts: list[int] = []  # where each label starts in the redacted text
        self._shifts: list[int] = []  # how far the original is ahead after that label
        shift = 0
        for hit, label in sorted(replaced, key=lambda item: item[0].start):
            self._starts.append(hit.start - shift)
            shift += (hit.end - hit.start) - (len(label) + 2)
            self._shifts.append(shift)

    def original(self, hit: Hit) -> Hit:
        index = bisect_left(self._starts, hit.start) - 1
        shift = self._shifts[index] if index >= 0 else 0
        return Hit(hit.category, hit.start + shift, hit.end + shift, hit.rule)


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
    if check == "none":
        return True
    # isdecimal, not isdigit: '²' is a digit to Python but no number's digit (int() refuses it).
    digits = [int(char) for char in value if char.isdecimal()]
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
