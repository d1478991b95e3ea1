"""Split a rule's regex into its top-level alternatives, each guarded by a literal it must contain.

Python's regex engine tries every alternative at every position, so a rule of forty alternatives
costs forty times one. Almost every alternative contains a literal run of characters that any
match must include ('log off' in ``\\b(?:just )?log off\\b``); checking ``literal in text`` is a
C-speed substring search. So each alternative runs only in messages that contain its literal —
the same idea as the literal prefilters of RE2 and Hyperscan, done conservatively: when in doubt,
no literal, and the alternative always runs. Where no single run is required, a group can be: every
match of '(?:kill|hurt) me' contains 'kill' or 'hurt'.
"""

from __future__ import annotations

import importlib
import re
from typing import Any

MIN_LITERAL = 3
_OPTIONAL = ("?", "*")


class Branch:
    """One alternative, read and compiled the first time a message needs it.

    Compiling the policy's thousand-odd alternatives takes half a second, and finding their
    literals a tenth of that; a warm function needs them, a cold start does not all at once.
    ``Policy.check()`` compiles every one (tests, CI and ``decorum policy check`` run it), so a
    broken regex never reaches a deployment.
    """

    __slots__ = ("_compiled", "_guard", "_lead", "_literals", "anchored", "source")

    def __init__(self, source: str) -> None:
        self.source = source
        self._literals: tuple[str, ...] | _Unread | None = _UNREAD
        self._compiled: re.Pattern[str] | None = None
        self._guard: Guard | None = None
        self._lead: str | _Unread | None = _UNREAD
        # Compiled alone and without flags, a branch that starts with '^' matches only at the
        # very start of the text: a search from any later position finds nothing.
        self.anchored = source.startswith("^")

    @property
    def regex(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self.source)
        return self._compiled

    @property
    def literals(self) -> tuple[str, ...] | None:
        """Every match contains one of these; None: no safe literal, the alternative always runs."""
        literals = self._literals
        if isinstance(literals, _Unread):
            literals = self._literals = required_literals(self.source)
        return literals

    def may_match(self, text: str) -> bool:
        literals = self.literals
        return literals is None or any(map(text.__contains__, literals))

    def guard(self) -> Guard:
        """What a message must contain for this alternative to match, read for the hot path:
        literals that must all occur, then groups of which one literal each must occur."""
        guard = self._guard
        if guard is None:
            # Without a literal long enough to be required on its own merits, the one every match
            # starts with still is ('hi', an emoji): a message without it cannot match.
            lead = self.lead
            requirements = required_all(self.source) or (((lead,),) if lead else ())
            guard = self._guard = (
                tuple(literals[0] for literals in requirements if len(literals) == 1),
                tuple(literals for literals in requirements if len(literals) > 1),
            )
        return guard

    @property
    def lead(self) -> str | None:
        """The literal every match starts with, if there is one (see ``leading_literal``)."""
        lead = self._lead
        if isinstance(lead, _Unread):
            lead = self._lead = leading_literal(self.source)
        return lead

    def search_window(self, text: str, low: int, high: int) -> re.Match[str] | None:
        """``regex.search(text, low, high)``. When every match starts with the same literal, only
        the places it occurs are tried, each with ``regex.match`` from there to ``high``: the same
        leftmost match, without running the regex at every position of a long window."""
        lead = self.lead
        if lead is None:
            return self.regex.search(text, low, high)
        regex = self.regex
        position = text.find(lead, low, high)
        while position != -1:
            match = regex.match(text, position, high)
            if match is not None:
                return match
            position = text.find(lead, position + 1, high)
        return None

    def may_match_within(self, text: str, low: int, high: int) -> bool:
        """Can a match lie inside text[low:high]? Every literal it needs would be there too."""
        if low and self.anchored:
            return False
        every, groups = self.guard()
        return all(text.find(literal, low, high) != -1 for literal in every) and all(
            any(text.find(literal, low, high) != -1 for literal in group) for group in groups
        )


# (every one of these occurs, one of each of these occurs)
Guard = tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]


class _Unread:
    """The literals of a branch not yet needed by any message."""


_UNREAD = _Unread()


def guards(pattern: str) -> list[Guard] | None:
    """The guard of each top-level alternative of ``pattern`` compiled whole: the text can match
    only if it meets one of them. None (search regardless) if the pattern has inline flags, which
    compiled whole reach past the alternative they are written in."""
    if _INLINE_FLAGS.search(pattern):
        return None
    return [branch.guard() for branch in branches(pattern)]


def meets_any(guards: list[Guard], text: str) -> bool:
    """Does ``text`` hold all the literals of at least one of ``guards``?"""
    for every, groups in guards:
        if all(literal in text for literal in every) and all(
            any(literal in text for literal in group) for group in groups
        ):
            return True
    return False


def branches(pattern: str) -> list[Branch]:
    """The top-level alternatives of ``pattern``, each read for its literals when first needed."""
    return [Branch(part) for part in split_alternatives(pattern)]


_ZERO_WIDTH_OPENINGS = ("(?<!", "(?<=", "(?=", "(?!")


def leading_literal(branch: str) -> str | None:
    """The literal text every match of ``branch`` starts with, or None.

    Zero-width openings (``\\b``, lookarounds) are passed over: they consume nothing, so the match
    still starts where the literal does. The literal stops before anything optional, repeated or
    special. A branch with inline flags has none (case-insensitive letters are not literals).
    """
    if _INLINE_FLAGS.search(branch):
        return None
    index = 0
    while True:
        if branch.startswith("\\b", index):
            index += 2
        elif branch.startswith(_ZERO_WIDTH_OPENINGS, index):
            index = _skip_atom(branch, index)
        else:
            break
        if index < len(branch) and branch[index] in "?*+{":
            return None  # a quantified assertion: too odd to reason about
    run: list[str] = []
    while index < len(branch):
        char = branch[index]
        width = 1
        if char == "\\":
            following = branch[index + 1 : index + 2]
            if not following or following.isalnum():
                break  # a class (\\w, \\d), an assertion or a reference: not a literal
            char, width = following, 2
        elif char in ".^$*+?{}[]()|":
            break
        after = index + width
        if branch[after : after + 1] in ("?", "*") or _may_repeat_zero(branch, after):
            break  # this character may be absent
        run.append(char)
        if branch[after : after + 1] in ("+", "{"):
            break  # present, but maybe repeated: the literal stops here
        index = after
    return "".join(run) or None


def split_alternatives(pattern: str) -> list[str]:
    """Split on '|' at depth 0 (outside groups and character classes)."""
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            current.append(pattern[index : index + 2])
            index += 2
            continue
        if char == "[":
            end = _class_end(pattern, index)
            current.append(pattern[index : end + 1])
            index = end + 1
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append("".join(current))
            current = []
            index += 1
            continue
        current.append(char)
        index += 1
    parts.append("".join(current))
    return parts


def _mandatory_parts(branch: str) -> tuple[list[str], list[str]]:
    """The plain runs at depth 0 and the bodies of the mandatory groups: every match holds each run."""
    runs: list[str] = []
    bodies: list[str] = []  # mandatory groups, read only if no plain run will do
    run: list[str] = []

    def close() -> None:
        if run:
            runs.append("".join(run))
            run.clear()

    index = 0
    while index < len(branch):
        char = branch[index]
        following = branch[index + 1] if index + 1 < len(branch) else ""
        width = 1
        if char == "\\" and following and not following.isalnum():
            char, width = following, 2  # an escaped symbol ('\\*', '\\.') is itself: 'p\\*rn'
            following = branch[index + 2] if index + 2 < len(branch) else ""
        elif char in "\\[(":
            close()
            end = _skip_atom(branch, index)
            optional = end < len(branch) and (branch[end] in _OPTIONAL or _may_repeat_zero(branch, end))
            if char == "(" and not optional:
                inner = _group_body(branch[index:end])
                if inner is not None:
                    bodies.append(inner)
            index = end
            if index < len(branch) and branch[index] in "?*+{":
                index = _skip_quantifier(branch, index)
            continue
        elif char in ".^$)|":
            close()
            index += 1
            continue
        after = index + width
        if following in _OPTIONAL or _may_repeat_zero(branch, after):
            close()  # the character may be absent
            index = _skip_quantifier(branch, after)
            continue
        run.append(char)
        if following in ("+", "{"):
            close()  # present, but maybe repeated: the run stops here
            index = _skip_quantifier(branch, after)
            continue
        index = after
    close()
    return runs, bodies


def required_literals(branch: str) -> tuple[str, ...] | None:
    """Literals one of which every match of ``branch`` contains, or None if none is safe.

    The longest plain run at depth 0 if there is one ('log off'); otherwise a mandatory group
    whose every alternative has its own ('(?:kill|hurt) (?:me|myself)' needs 'kill' or 'hurt').
    """
    runs, bodies = _mandatory_parts(branch)
    best = max(runs, key=len, default="")
    if len(best.strip()) >= MIN_LITERAL:
        return (best,)
    groups = [found for found in map(_any_of, bodies) if found is not None]
    # Fewest alternatives, then longest shortest literal: the cheapest and most selective test.
    return min(groups, key=lambda group: (len(group), -min(map(len, group))), default=None)


def required_all(branch: str) -> tuple[tuple[str, ...], ...] | None:
    """Every requirement of ``branch`` that a literal test can check: each is a tuple of literals
    one of which every match contains, and a match meets all of them. None: nothing to test.

    ``required_literals`` picks one of these (the most selective on its own); the others make a
    sharper guard for free, since a message that lacks any of them cannot match. A branch with
    inline flags keeps only the one literal the prefilter has always used.
    """
    chosen = required_literals(branch)
    if chosen is None:
        return None
    if _INLINE_FLAGS.search(branch):
        return (chosen,)
    runs, bodies = _mandatory_parts(branch)
    found: list[tuple[str, ...]] = [chosen]
    for run in sorted(set(runs), key=len, reverse=True):
        if len(run.strip()) >= MIN_LITERAL and not any(run in other for (other,) in _singles(found)):
            found.append((run,))
    for group in map(_any_of, bodies):
        if group is not None and group not in found:
            found.append(group)
    return tuple(found)


_INLINE_FLAGS = re.compile(r"\(\?[aiLmsux-]|\(\?\(")  # (?i), (?i:...), (?(1)...)


def _singles(found: list[tuple[str, ...]]) -> list[tuple[str]]:
    return [(literals[0],) for literals in found if len(literals) == 1]


MAX_ANY_OF = 24  # beyond this many literals a test costs more than the search it would save


def _any_of(body: str) -> tuple[str, ...] | None:
    """One required literal per alternative of a group body, or None if any has none."""
    literals: set[str] = set()
    for alternative in split_alternatives(body):
        found = required_literals(alternative)
        if found is None:
            return None
        literals.update(found)
    return tuple(sorted(literals)) if len(literals) <= MAX_ANY_OF else None


def _group_body(group: str) -> str | None:
    """The inside of a capturing, non-capturing or named group; None for lookarounds and flags."""
    if not group.endswith(")"):
        return None
    if group.startswith("(?:"):
        return group[3:-1]
    if group.startswith("(?P<"):
        close = group.find(">")
        return group[close + 1 : -1] if close != -1 else None
    if group.startswith("(?"):
        return None  # lookaround, flags, conditional, comment: not a requirement
    return group[1:-1]


def _may_repeat_zero(branch: str, index: int) -> bool:
    """A '{0,n}' or '{,n}' quantifier starts at ``index``: what precedes may be absent."""
    return branch.startswith(("{0", "{,"), index)


def _class_end(pattern: str, start: int) -> int:
    index = start + 1
    if index < len(pattern) and pattern[index] == "^":
        index += 1
    if index < len(pattern) and pattern[index] == "]":
        index += 1
    while index < len(pattern) and pattern[index] != "]":
        index += 2 if pattern[index] == "\\" else 1
    return index


def _skip_atom(branch: str, index: int) -> int:
    """Past an escape, a character class or a whole group."""
    char = branch[index]
    if char == "\\":
        return index + 2
    if char == "[":
        return _class_end(branch, index) + 1
    depth = 0
    while index < len(branch):
        char = branch[index]
        if char == "\\":
            index += 2
            continue
        if char == "[":
            index = _class_end(branch, index) + 1
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return index + 1
        index += 1
    return index


def _skip_quantifier(branch: str, index: int) -> int:
    if index >= len(branch):
        return index
    if branch[index] == "{":
        end = branch.find("}", index)
        index = end + 1 if end != -1 else index + 1
    elif branch[index] in "?*+":
        index += 1
    if index < len(branch) and branch[index] in "?+":  # lazy or possessive
        index += 1
    return index


_DIGIT = re.compile(r"\d")
_PARSER: Any = importlib.import_module("re._parser")  # the stdlib's own regex parser


def min_digits(pattern: str, flags: int = 0) -> int:
    """How many characters matching \\d every match of ``pattern`` holds at least (0 when unsure).

    Read from the stdlib's parse of the regex: a sequence adds up, an alternation takes its least,
    a repeat multiplies by its minimum, assertions and anything unknown count nothing. A text with
    fewer digits than this cannot match, so the rule is not run on it.
    """
    try:
        return _least_digits(_PARSER.parse(pattern, flags))
    except Exception:
        return 0


def _least_digits(items: Any) -> int:
    total = 0
    for op, value in items:
        name = str(op)
        if name == "LITERAL":
            total += 1 if chr(value).isdecimal() and _DIGIT.match(chr(value)) else 0
        elif name == "IN":
            total += 1 if _only_digits(value) else 0
        elif name == "BRANCH":
            total += min((_least_digits(branch) for branch in value[1]), default=0)
        elif name == "SUBPATTERN":
            total += _least_digits(value[-1])
        elif name == "ATOMIC_GROUP":
            total += _least_digits(value)
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            least, _, item = value
            total += least * _least_digits(item)
    return total


def _only_digits(members: Any) -> bool:
    """A character class every member of which is a digit (``\\d``, ``[0-9]``)."""
    if not members:
        return False
    for op, value in members:
        name = str(op)
        if name == "CATEGORY" and str(value) == "CATEGORY_DIGIT":
            continue
        if name == "LITERAL" and _DIGIT.match(chr(value)):
            continue
        if name == "RANGE" and all(_DIGIT.match(chr(code)) for code in range(value[0], value[1] + 1)):
            continue
        return False
    return True
