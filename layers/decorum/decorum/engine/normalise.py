"""Fold a message into a plain lower-case form that evasions cannot hide in.

The folded text keeps a map from each of its characters back to the original text, so every
piece of evidence the detectors find can be reported as a span of what the patron typed.

Folding undoes, in order: Unicode compatibility forms (full-width, styled letters), combining
marks and zero-width characters, confusable Cyrillic and Greek letters, leetspeak and symbol
substitutions inside words (sh1t, b!tch, @ss, $hit), masking characters (f**k, f#@k -> ``*``
wildcards the lexicon resolves), letters spaced or dotted apart (f u c k, f.u.c.k) and letters
stretched past two (fuuuuck -> fuuck; the lexicon also tries the squeezed form).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff\u00ad\u034f\u180e")

# Latin letters decorated with a hook, stroke, tail or curl ('ƒuck', 'ʂhit') and the small
# capitals ('ꜰᴜᴄᴋ') have no decomposition for NFKD to undo, but their Unicode names say which
# letter they are: read from the names once (about 2 ms at import), not typed out by hand.
_DECORATED_LATIN = re.compile(
    r"LATIN (?:SMALL |CAPITAL )?LETTER (?:SMALL CAPITAL |DOTLESS |SCRIPT )?([A-Z])(?: WITH .*)?"
)
_DECORATED_RANGES = ((0x0100, 0x02B0), (0x1D00, 0x1DC0), (0x2C60, 0x2C80), (0xA720, 0xA800), (0xAB30, 0xAB70))


def _decorated_latin() -> dict[str, str]:
    letters: dict[str, str] = {}
    for low, high in _DECORATED_RANGES:
        for code in range(low, high):
            char = chr(code)
            match = _DECORATED_LATIN.fullmatch(unicodedata.name(char, ""))
            if match is not None and not unicodedata.decomposition(char):
                letters[char] = match.group(1).lower()
    return letters


# Look-alike letters from other scripts that NFKD leaves alone.
CONFUSABLES = str.maketrans(
    {
        **_decorated_latin(),
        # Regional indicator symbols, the letters flags are made of ('🇳 🇮 🇬'), standing alone
        **{chr(0x1F1E6 + offset): chr(ord("a") + offset) for offset in range(26)},
        # Cyrillic
        "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p",
        "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ї": "i", "ј": "j", "ԁ": "d",
        "ɡ": "g", "һ": "h", "ӏ": "l", "ԛ": "q", "ԝ": "w", "ь": "b", "ц": "u", "п": "n", "г": "r",
        # Greek
        "α": "a", "β": "b", "γ": "y", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o",
        "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ω": "w", "ς": "s", "σ": "o", "μ": "u",
        # Armenian
        "ս": "u", "օ": "o", "ց": "g", "հ": "h", "ո": "n", "ա": "w",
        # Latin look-alikes and typographic apostrophes
        "ı": "i", "ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "©": "c", "®": "r",
        "\u2018": "'", "\u2019": "'", "\u02bc": "'", "`": "'", "\u00b4": "'",
        # Hyphens other than '-' ('s‑h‑i‑t' with non-breaking hyphens) separate letters as '-' does
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2043": "-",
    }
)  # fmt: skip

# Greek capitals look like Latin capitals, not like their own small letters: 'Η' is an H and 'Ν' an
# N, while 'η' looks like an n and 'ν' like a v ('ΒΙΤCΗ'). They are read before lower-casing.
CAPITAL_CONFUSABLES = str.maketrans(
    {
        "Α": "a", "Β": "b", "Ε": "e", "Ζ": "z", "Η": "h", "Ι": "i", "Κ": "k", "Μ": "m", "Ν": "n", "Ο": "o",
        "Ρ": "p", "Τ": "t", "Υ": "y", "Χ": "x",
    }
)  # fmt: skip

# Look-alikes that compatibility decomposition would turn into another letter first: the lunate sigma
# looks like a C ('ΒΙΤϹΗ'), but NFKD makes it a sigma, which reads as an o.
BEFORE_DECOMPOSING = {"Ϲ": "c", "ϲ": "c", "Ϳ": "j", "ϳ": "j"}

# Symbols and digits that stand for letters when they sit inside a word.
LEET = {
    "0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "9": "g",
    "@": "a", "$": "s", "!": "i", "|": "i", "€": "e", "£": "l", "+": "t",
}  # fmt: skip
# Characters patrons use to mask letters: they become wildcards.
MASKS = frozenset("*#%^~")
WILDCARD = "*"

# A message needs the slow path only if it has something to undo. Most chat messages are plain
# ASCII prose and skip straight to str.lower(). Three separate scans, each cheap, beat one
# alternation that tries every branch at every position; a symbol is first looked for alone.
_SYMBOL = re.compile(r"[0-9@$!|+*#%^~`]")
_SYMBOL_IN_WORD = re.compile(r"[A-Za-z][0-9@$!|+*#%^~]|[0-9@$!|*#%^~][A-Za-z]|`|[@$][@$]")
_SPACED_LETTERS = re.compile(r"(?<![A-Za-z])[A-Za-z][ ._-][A-Za-z][ ._-][A-Za-z](?![A-Za-z])")
_STRETCHED_LETTERS = re.compile(r"([A-Za-z])\1\1")


def _needs_folding(text: str) -> bool:
    return (
        not text.isascii()
        or (_SYMBOL.search(text) is not None and _SYMBOL_IN_WORD.search(text) is not None)
        or _SPACED_LETTERS.search(text) is not None
        or _STRETCHED_LETTERS.search(text) is not None
    )


_SPACED = re.compile(r"(?<![a-z*'])(?:[a-z*](?:[ ._-]|\. )){2,}[a-z*](?![a-z*'])")
_STRETCHED = re.compile(r"([a-z])\1{2,}")


def fits_mask(typed: str, listed: str) -> bool:
    """Could the typed word, its masked letters standing for any ('f**k'), be the listed one?"""
    return len(typed) == len(listed) and all(
        mine in (WILDCARD, theirs) for mine, theirs in zip(typed, listed, strict=True)
    )


@dataclass(frozen=True, slots=True)
class Folded:
    """The folded text and, when it differs in length from the original, where each char came from."""

    text: str
    origin: tuple[int, ...] | None  # None: the identity map (fast path)
    original: str

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original text's span for folded[start:end]."""
        if self.origin is None:
            return start, end
        if end <= start:
            position = self.origin[start] if start < len(self.origin) else len(self.original)
            return position, position
        return self.origin[start], self.origin[end - 1] + 1


def fold(text: str) -> Folded:
    if not _needs_folding(text):
        return Folded(text.lower(), None, text)
    chars, origin = _fold_characters(text)
    _substitute_leet(chars)
    folded = "".join(chars)
    folded, origin = _rewrite(folded, origin, _SPACED, _join_spaced)
    folded, origin = _rewrite(folded, origin, _STRETCHED, _shorten_stretch)
    return Folded(folded, tuple(origin), text)


# Cyrillic 'у' looks like 'y' but sounds like 'u', and evasions use it for both: between two
# consonants it stands for 'u' ('fуck', 'fусking'), elsewhere for 'y' ('уou', 'pussу').
_CYRILLIC_U = frozenset("уУ")
_CONSONANTS = frozenset("bcdfghjklmnpqrstvwxz")


def _fold_characters(text: str) -> tuple[list[str], list[int]]:
    chars, origin = _fold_each_character(text)
    if _CYRILLIC_U.isdisjoint(text):
        return chars, origin
    for position, index in enumerate(origin):
        if (
            text[index] in _CYRILLIC_U
            and 0 < position < len(chars) - 1
            and chars[position - 1] in _CONSONANTS
            and chars[position + 1] in _CONSONANTS
        ):
            chars[position] = "u"
    return chars, origin


def _fold_each_character(text: str) -> tuple[list[str], list[int]]:
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        if char.isascii():
            chars.append(char.lower())
            origin.append(index)
            continue
        if char in ZERO_WIDTH or unicodedata.combining(char):
            continue
        early = BEFORE_DECOMPOSING.get(char)
        if early is not None:
            chars.append(early)
            origin.append(index)
            continue
        for piece in unicodedata.normalize("NFKD", char):
            if unicodedata.combining(piece):
                continue
            for folded_char in piece.translate(CAPITAL_CONFUSABLES).lower().translate(CONFUSABLES):
                chars.append(folded_char)
                origin.append(index)
    return chars, origin


# A word spelled in symbols alone ('@$$'): a run of two or more of these with '@' or '$' in it,
# not part of a grawlix ('@$!*#' stands for some swear word, not for 'asi').
_SYMBOL_WORD = re.compile(r"(?<![\w@$!|€£*#%^~])(?=[!|€£]*[@$])[@$!|€£]{2,}(?![\w@$!|€£*#%^~])")


_LETTER_SYMBOLS = frozenset("@$!|+")
# A run of masks and letter-like symbols with at least one of each, touching a letter.
_MIXED_MASK = re.compile(
    r"(?<=[a-z])(?=[@$!|+*#%^~]*[@$!|+][@$!|+*#%^~]*)(?=[@$!|+]*[*#%^~])[@$!|+*#%^~]+"
    r"|(?=[@$!|+*#%^~]*[@$!|+])(?=[@$!|+]*[*#%^~])[@$!|+*#%^~]+(?=[a-z])"
)


def _substitute_leet(chars: list[str]) -> None:
    """Turn symbols into letters (or wildcards) only where they touch a letter: 'sh1t', not '911'.

    A word made of letter-like symbols only ('kiss my @$$') is read too; digits never are ('$50')."""
    count = len(chars)
    if not MASKS.isdisjoint(chars) and not _LETTER_SYMBOLS.isdisjoint(chars):
        # A mask mixed with letter-like symbols against a letter ('$#!t', 's#!t'): the whole run
        # spells the word, its symbols read as letters and its masks as wildcards.
        for match in _MIXED_MASK.finditer("".join(chars)):
            for position in range(match.start(), match.end()):
                char = chars[position]
                chars[position] = WILDCARD if char in MASKS else LEET[char]
    if "@" in chars or "$" in chars:
        for match in _SYMBOL_WORD.finditer("".join(chars)):
            for position in range(match.start(), match.end()):
                chars[position] = LEET[chars[position]]
    for position, char in enumerate(chars):
        if char not in LEET and char not in MASKS:
            continue
        before = chars[position - 1] if position else " "
        after = chars[position + 1] if position + 1 < count else " "
        touches_letter = before.isalpha() or after.isalpha() or WILDCARD in (before, after)
        if not touches_letter:
            continue
        if char in MASKS:
            chars[position] = WILDCARD
        elif char in "!|+" and not _inside_a_word(chars, position):
            # "hi!" and "C++" keep their punctuation; "b!tch" and "b!+ch" do not.
            continue
        elif char.isdigit() and before.isdigit():
            continue
        else:
            chars[position] = LEET[char]
    if "@" in chars or "$" in chars:
        # The pass above reads left to right, so a run before a letter ('@$$hole') is read only
        # from its last symbol; walking back reads the rest.
        for position in range(count - 2, -1, -1):
            if chars[position] in "@$" and chars[position + 1].isalpha():
                chars[position] = LEET[chars[position]]


_PUNCTUATION_LEET = frozenset("!|+")


def _inside_a_word(chars: list[str], position: int) -> bool:
    """Is the run of '!', '|' and '+' around ``position`` flanked by letters on both sides, and one
    symbol or a mix ('b!+ch' is one word spelt)? A run of one symbol repeated stays as typed:
    'idiot!!you' is two words shouted, and reading a sealed message's '||' as 'ii' lost its hit."""
    left = position - 1
    while left >= 0 and chars[left] in _PUNCTUATION_LEET:
        left -= 1
    right = position + 1
    while right < len(chars) and chars[right] in _PUNCTUATION_LEET:
        right += 1
    if right - left > 2 and len(set(chars[left + 1 : right])) == 1:
        return False
    return left >= 0 and right < len(chars) and chars[left].isalpha() and chars[right].isalpha()


def _rewrite(
    folded: str, origin: list[int], pattern: re.Pattern[str], replace: Callable[[re.Match[str]], list[int]]
) -> tuple[str, list[int]]:
    """Rebuild the text where ``pattern`` matches, keeping the characters ``replace`` selects."""
    if not pattern.search(folded):
        return folded, origin
    out: list[str] = []
    out_origin: list[int] = []
    cursor = 0
    for match in pattern.finditer(folded):
        out.append(folded[cursor : match.start()])
        out_origin.extend(origin[cursor : match.start()])
        for offset in replace(match):
            out.append(folded[match.start() + offset])
            out_origin.append(origin[match.start() + offset])
        cursor = match.end()
    out.append(folded[cursor:])
    out_origin.extend(origin[cursor:])
    return "".join(out), out_origin


# Texting shorthand is single letters too ('r u a bot', 'i c u'): a run made only of these is words,
# not a word spelled out.
TEXTING_LETTERS = frozenset("abciknruy")


def _join_spaced(match: re.Match[str]) -> list[int]:
    """Keep the letters of 'f u c k' / 'f.u.c.k', drop the separators.

    One word spelled out keeps one separator: where it changes ('a u.s. citizen': a space, then
    dots) the run is two things, each joined only if it is a spelled-out word of its own (three
    letters or more, not all texting shorthand)."""
    group = match.group()
    letters = [offset for offset, char in enumerate(group) if char.isalpha() or char == WILDCARD]
    runs: list[list[int]] = [[letters[0]]]
    previous: str | None = None
    for before, after in itertools.pairwise(letters):
        kind = group[before + 1 : after].strip() or " "  # '. ' is a dot
        if previous is not None and kind != previous:
            runs.append([before])  # the letter where the separator changes starts the next run too
        previous = kind
        runs[-1].append(after)
    dropped: set[int] = set()
    for run in runs:
        if len(run) >= 3 and not all(group[offset] in TEXTING_LETTERS for offset in run):
            dropped.update(range(run[0], run[-1] + 1))
    if not dropped:
        return list(range(len(group)))
    kept = set(letters)
    return [offset for offset in range(len(group)) if offset not in dropped or offset in kept]


def _shorten_stretch(_match: re.Match[str]) -> list[int]:
    """'fuuuuck' keeps two of the run: 'fuuck'. Two is right for English ('cool', 'book')."""
    return [0, 1]
