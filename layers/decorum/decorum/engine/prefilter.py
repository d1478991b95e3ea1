"""Split a rule's regex into its top-level alternatives, each guarded by a literal it must contain.

Python's regex engine tries every alternative at every position, so a rule of forty alternatives
costs forty times one. Almost every alternative contains a literal run of characters that any
match must include ('log off' in ``\\b(?:just )?log off\\b``); checking ``literal in text`` is a
C-speed substring search. So each alternative runs only in messages that contain its literal —
the same idea as the literal prefilters of RE2 and Hyperscan, done conservatively: when in doubt,
no literal, and the alternative always runs.
"""

from __future__ import annotations

import re

MIN_LITERAL = 3
_OPTIONAL = ("?", "*")


class Branch:
    """One alternative, compiled the first time a message needs it.

    Compiling the policy's thousand-odd alternatives takes half a second; a warm function needs
    them, a cold start does not all at once. ``Policy.check()`` compiles every one (tests, CI and
    ``decorum policy check`` run it), so a broken regex never reaches a deployment.
    """

    __slots__ = ("_compiled", "literal", "source")

    def __init__(self, source: str, literal: str | None) -> None:
        self.source = source
        self.literal = literal  # every match contains it; None: no safe literal, always run
        self._compiled: re.Pattern[str] | None = None

    @property
    def regex(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self.source)
        return self._compiled


def branches(pattern: str) -> list[Branch]:
    """The top-level alternatives of ``pattern``, each with its required literal."""
    parts = split_alternatives(pattern)
    return [Branch(part, required_literal(part)) for part in parts]


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


def required_literal(branch: str) -> str | None:
    """The longest run of plain characters at depth 0 that every match of ``branch`` contains."""
    runs: list[str] = []
    run: list[str] = []

    def close() -> None:
        if run:
            runs.append("".join(run))
            run.clear()

    index = 0
    while index < len(branch):
        char = branch[index]
        following = branch[index + 1] if index + 1 < len(branch) else ""
        if char in "\\[(":
            close()
            index = _skip_atom(branch, index)
            if index < len(branch) and branch[index] in "?*+{":
                index = _skip_quantifier(branch, index)
            continue
        if char in ".^$)|":
            close()
            index += 1
            continue
        if following in _OPTIONAL or branch.startswith("{0", index + 1):
            close()  # the character may be absent
            index = _skip_quantifier(branch, index + 1)
            continue
        run.append(char)
        if following in ("+", "{"):
            close()  # present, but maybe repeated: the run stops here
            index = _skip_quantifier(branch, index + 1)
            continue
        index += 1
    close()
    best = max(runs, key=len, default="")
    return best if len(best.strip()) >= MIN_LITERAL else None


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
