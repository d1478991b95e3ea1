"""Find personal data in the original text and replace it with a label: ``[card number]``.

Runs on the original text (digits and '@' are not folded), so the rest of the message stays
exactly as typed. Checks that a regular expression cannot do (the Luhn digit of a payment card,
an ISBN that merely looks like a long number) are named by each rule in the policy.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from itertools import pairwise

from decorum.engine.policy import CompiledPersonalData, Policy
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
    if not text.isascii():
        if not _INVISIBLE.isdisjoint(text):
            return _through_invisibles(policy, text)
        # Read with every dash as '-', every space as ' ' and full-width letters and digits as
        # ASCII ('320\u2011555\u20110104' is a phone number, 'ｋ＠ｇｍａｉｌ．ｃｏｍ' an address): one
        # character for one, so each span found is the same span of the original.
        text = text.translate(_SAME_WIDTH)
    lowered = text.lower()
    if not policy.personal_data_gate.search(lowered):  # a digit, mostly: the regex stops at the first
        return []
    if _LETTER_BESIDE_DIGIT.search(text):
        # A letter O typed for a zero, or an l or I for a one, inside a number ('55O-19-3348',
        # '2O448OO1127739', '41O-555-Ol29', '2l98200O5523l9'): read as the digit it stands for, one
        # character for one again. Every such letter touches a digit, or a dash or dot after one: on
        # the benchmark's mix, of the 2,042 of 5,000 messages that get here, 6 have one and 1 is
        # rewritten; the search costs 0.9 us a message. (Testing first for the letters themselves
        # saved nothing: 2,034 of the 2,042 hold an o, an l or an i.)
        text = _LETTER_IN_NUMBER.sub(_as_digits, text)
        lowered = text.lower()
    # A rule that needs a digit, or more digits than the message has, cannot match it (nor what
    # redacting it leaves: labels hold no digits, so that has no more than the message).
    digits = len(_DIGIT.findall(lowered))
    # Both stages' gates are read at once: until something is redacted, stage 2 reads the very
    # text stage 1 read, so each distinct text has its gates read once.
    left = text
    opened = _opened(policy, text, lowered if _lowers_faithfully(text) else None, digits)
    found = _without_overlaps(_find(opened, text, stage=1))
    for _ in range(MAX_ROUNDS):  # 'pin 1234 1234': each round reads what the last one left
        later: list[tuple[Hit, str]] = []
        if found:
            left = redact(text, found)
            opened = _opened(policy, left, left.lower() if _lowers_faithfully(left) else None, digits)
            # Stage 1 again once something is redacted: of two overlapping numbers one is kept,
            # and the digits the other leaves may still form a number of their own.
            later = _find(opened, left, stage=1)
        later += _find(opened, left, stage=2)
        if not later:
            break
        back = _Shifts(found)
        found = _without_overlaps(found + [(back.original(hit), label) for hit, label in later])
    return found


def _through_invisibles(policy: Policy, text: str) -> list[tuple[Hit, str]]:
    """``find_personal_data`` for a text with zero-width characters or soft hyphens in it
    ('leo\u200b.santos\u200b@gmail\u200b.com'): read without them, each span mapped back to the
    original, from its first character to its last."""
    kept = [index for index, char in enumerate(text) if char not in _INVISIBLE]
    found = find_personal_data(policy, "".join(text[index] for index in kept))
    return [
        (Hit(hit.category, kept[hit.start], kept[hit.end - 1] + 1, hit.rule), label)
        for hit, label in found
        if hit.end > hit.start
    ]


_INVISIBLE = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff")
# A run of digits and letters O, l and I with at least two digits, standing alone, or a group of a
# number between dashes or dots ('318-6O-2941', '5O1-l2-7734'): 'H2O', 'CO2' and 'OO7' are words or
# names, not numbers, and 'I-95' has a single letter beside a dash.
_LETTER_BESIDE_DIGIT = re.compile(r"\d[-.]?[OoIl]|[OoIl][-.]?\d")
_LETTER_IN_NUMBER = re.compile(
    r"(?<![A-Za-z0-9])(?=[0-9OoIl]*[OoIl])(?=[OoIl]*[0-9][0-9OoIl]*[0-9])[0-9OoIl]+(?![A-Za-z0-9])"
    r"|(?<=\d[-.])(?=[0-9OoIl]*[OoIl])[0-9OoIl]+(?=[-.]\d)"
)
_AS_DIGITS = str.maketrans("OoIl", "0011")


def _as_digits(match: re.Match[str]) -> str:
    return match.group().translate(_AS_DIGITS)


MAX_ROUNDS = 4
# A message of hundreds of digit runs is an attack, not a chat: each rule looks at its first few
# hundred candidates, so the cost stays bounded (the message is flagged as personal data anyway).
MAX_CANDIDATES = 256


_DIGIT = re.compile(r"\d")
_SAME_WIDTH = str.maketrans(
    {chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)}  # full-width ASCII
    | dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-")
    | dict.fromkeys(
        "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000", " "
    )
    # A Cyrillic or Greek O typed for a zero ('41\u041e 555 \u041e168'): read as the Latin O, which the
    # zero reading below then turns into the digit.
    | dict.fromkeys("\u041e\u039f", "O")
    | dict.fromkeys("\u043e\u03bf", "o")
)


# The only characters that a case-blind regex takes for an ASCII letter and str.lower() does not
# turn into it ('ſ' for s, 'ı' and 'İ' for i; every other one, the Kelvin sign too, lowers to the
# letter it matches), found by testing every code point against [a-z] case-blind.
_CASE_BLIND_ONLY = frozenset("\u0130\u0131\u017f")


def _lowers_faithfully(text: str) -> bool:
    """Does a case-sensitive search of ``text.lower()`` find what a case-blind one of ``text``
    finds, for a pattern in ASCII lower case? For every text without those three characters: a
    long pasted message with one emoji keeps the fast test."""
    return text.isascii() or _CASE_BLIND_ONLY.isdisjoint(text)


def _opened(policy: Policy, text: str, lowered: str | None, digits: int) -> list[CompiledPersonalData]:
    """The rules of both stages whose gates open on ``text``. ``lowered``: its lower case if that
    reads the same to the gates (``_lowers_faithfully``), else None (see
    ``CompiledPersonalData.gate_matches``). ``digits``: at least as many
    digits as the text has, so that the rules that need more are skipped unread."""
    return [
        compiled
        for compiled in policy.personal_data
        if compiled.min_digits <= digits and compiled.gate_matches(text, lowered)
    ]


def _find(opened: list[CompiledPersonalData], text: str, stage: int) -> list[tuple[Hit, str]]:
    """What the rules of ``stage`` among ``opened`` (whose gates open on ``text``) find in it."""
    found: list[tuple[Hit, str]] = []
    for compiled in opened:
        rule = compiled.rule
        if rule.stage != stage:
            continue
        group = rule.group or 0
        position = 0
        tries = 0
        while tries < MAX_CANDIDATES and (match := compiled.regex.search(text, position)) is not None:
            tries += 1
            value = match.group(group)
            passes = bool(value) and _passes(rule.check, value)
            if value and not passes and not group:
                # A card number and then its expiry ('4242424242424242 12/26'): the number that
                # passes may end where a separator does.
                shorter = _shorter_passing(compiled, text, match)
                if shorter is not None:
                    match, value, passes = shorter, shorter.group(), True
            if not passes or _is_label(value):
                # A number that fails its check may hide a valid one starting inside it.
                position = match.start() + 1
                continue
            start, end = match.span(group)
            found.append((Hit(Category.PERSONAL_INFO, start, end, rule.id), rule.label))
            position = max(match.end(), position + 1)
    return found


def _shorter_passing(compiled: CompiledPersonalData, text: str, match: re.Match[str]) -> re.Match[str] | None:
    """The longest match of the rule that ends before a separator inside ``match``, leaving at
    most four digits out (an expiry's month and year, a count), and passes its check, if any."""
    start, end = match.span()
    left_out = 0
    for cut in range(end - 1, start, -1):
        if text[cut].isdigit():
            left_out += 1
            if left_out > 4:
                return None
        elif text[cut] in _SEPARATORS and text[cut - 1] not in _SEPARATORS:
            shorter = compiled.regex.fullmatch(text, start, cut)
            if shorter is not None and _passes(compiled.rule.check, shorter.group()):
                return shorter
    return None


_SEPARATORS = frozenset(" \n-")


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
    if check == "not_counting":
        return not _is_counting(_read_out(value))
    if check == "phone_digits":
        read = _read_out(value)
        return 7 <= len(read) <= 11 and not _is_counting(read)
    # isdecimal, not isdigit: '²' is a digit to Python but no number's digit (int() refuses it).
    digits = [int(char) for char in value if char.isdecimal()]
    if check == "luhn":
        return luhn_valid(digits) and not _is_isbn13(digits)
    if check == "not_isbn":
        return not _is_isbn13(digits)
    return True


# The digits a number read out stands for: 'double' and 'triple' repeat the next one.
_READ_OUT = re.compile(r"(double|triple)?[ -]?(\d|[a-z]+)", re.IGNORECASE)
_DIGIT_WORDS = {
    word: digit
    for digit, words in enumerate(
        (
            ("zero", "oh", "cero"), ("one", "uno"), ("two", "dos"), ("three", "tres"), ("four", "cuatro"),
            ("five", "cinco"), ("six", "seis"), ("seven", "siete"), ("eight", "ocho"), ("nine", "nueve"),
        )
    )
    for word in words
}  # fmt: skip
_REPEATS = {"double": 2, "triple": 3}


def _read_out(value: str) -> list[int]:
    digits: list[int] = []
    for times, token in _READ_OUT.findall(value):
        digit = int(token) if token.isdecimal() else _DIGIT_WORDS.get(token.lower())
        if digit is not None:
            digits.extend([digit] * _REPEATS.get(times.lower(), 1))
    return digits


def _is_counting(digits: list[int]) -> bool:
    """'1 2 3 4 5 6 7', 'one two three ... nine': a count or a list's numbering, not somebody's number."""
    return all(later == earlier + 1 for earlier, later in pairwise(digits))


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
