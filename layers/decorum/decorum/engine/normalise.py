"""Fold a message into a plain lower-case form that evasions cannot hide in.

The folded text keeps a map from each of its characters back to the original text, so every
piece of evidence the detectors find can be reported as a span of what the patron typed.

Folding undoes, in order: Unicode compatibility forms (full-width, styled letters), combining
marks and zero-width characters, confusable Cyrillic and Greek letters, leetspeak and symbol
substitutions inside words (sh1t, b!tch, @ss, $hit), masking characters (f**k, f#@k -> ``*``
wildcards the lexicon resolves), letters spaced, dotted or set apart (f u c k, f.u.c.k, f|u|c|k,
s u c k   m y   d i c k) and letters stretched past two (fuuuuck -> fuck, shitttt -> shitt; the
lexicon also tries the squeezed form). Enclosed letters (ⓕ, 🅵) and the invisible variation
selectors go with the compatibility forms and zero-width characters.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from decorum.engine.lookalikes import LOOKALIKES

# Variation selectors too ('🅱️oi': the emoji form of a letter), which are invisible.
ZERO_WIDTH = frozenset(
    "\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff\u00ad\u034f\u180e"
    + "".join(map(chr, range(0xFE00, 0xFE10)))
)

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


# Look-alike letters from other scripts that NFKD leaves alone, read by hand and from Unicode names;
# the rest of Unicode's confusables list (lookalikes.py) lies beneath them.
HAND_CONFUSABLES: dict[str, str] = {
    **_decorated_latin(),
    # Regional indicator symbols, the letters flags are made of ('🇳 🇮 🇬'), standing alone,
    # and the negative circled and squared capitals of fancy-text generators ('🅵🆄🅲🅺')
    **{chr(base + at): chr(ord("a") + at) for base in (0x1F1E6, 0x1F150, 0x1F170) for at in range(26)},
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
    # The cent sign is a c in fancy text ('ƒυ¢к')
    "¢": "c",
}  # fmt: skip
CONFUSABLES = str.maketrans({**LOOKALIKES, **HAND_CONFUSABLES})

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
_SPACED_LETTERS = re.compile(r"(?<![A-Za-z])[A-Za-z](?:[ ._-]|\. )[A-Za-z](?:[ ._-]|\. )[A-Za-z](?![A-Za-z])")
_SLASHED_LETTERS = re.compile(r"(?<![\w/])[A-Za-z0-9@$]/[A-Za-z0-9@$]/[A-Za-z0-9@$](?!\w)")
_STRETCHED_LETTERS = re.compile(r"([A-Za-z])\1\1", re.IGNORECASE)  # "fUuUuck" too


def _needs_folding(text: str) -> bool:
    if not text.isascii() or _SPACED_LETTERS.search(text) or _STRETCHED_LETTERS.search(text):
        return True
    if ("-" in text or "\n" in text) and _BROKEN_WORD.search(text):
        return True
    if "/" in text and _SLASHED_LETTERS.search(text):
        return True
    if _SYMBOL.search(text) is None:
        return False
    return _SYMBOL_IN_WORD.search(text) is not None or bool(_spaced_symbol_runs(text.lower()))


# Letters spaced apart with a symbol or digit among them ('c 0 c k', '@ s s h o l e', 'd i p s h 1
# t', '0_r_a_l'): each item touches only separators, so the in-word leet reading never sees it.
_ITEM = r"[a-z0-9@$!|+*#%^~]"
_SPACED_ITEMS = re.compile(
    rf"(?<![^\W_]|[@$!|+*#%^~]){_ITEM}(?P<gap>[ ._-]|\. ){_ITEM}(?:(?P=gap){_ITEM})+(?![^\W_]|[@$|+*#%^~])"
)
_EDGE_PUNCTUATION = frozenset("!|+")  # 'f u c k !' ends with a shout, not an 'i'
# Letters set apart by '|', '+' or '/', the same one throughout ('f|u|c|k', 'b+i+t+c+h', '@/s/s'):
# separators, not the 'i' and 't' the first two stand for inside a word. Read as dots, so that the
# spaced letters' rules (a symbol among them, the joining) apply.
_SET_APART = re.compile(
    r"(?<![\w@$!*#%^~|+/])[a-z0-9@$!*#%^~](?P<separator>[|+/])[a-z0-9@$!*#%^~]"
    r"(?:(?P=separator)[a-z0-9@$!*#%^~])+(?![\w@$*#%^~|+/])"
)


def _spaced_symbol_runs(folded: str) -> list[list[int]]:
    """The positions of each spaced run's symbols and digits to read as letters or masks: a run of
    three items or more, one separator throughout, at least two items letters, and no more symbols
    than letters, each one that stands for a letter ('1 2 3', 'a 1 2' and 'u r 2 c o o l' stay as
    typed)."""
    runs: list[list[int]] = []
    for match in _SPACED_ITEMS.finditer(folded):
        if _SYMBOL.search(match.group()) is None:
            continue  # letters only: 'f u c k' four hundred times over is read in one pass
        items = [match.start() + offset for offset, char in enumerate(match.group()) if char not in " ._-"]
        while items and folded[items[-1]] in _EDGE_PUNCTUATION:
            items.pop()
        while items and folded[items[0]] in _EDGE_PUNCTUATION:
            items.pop(0)
        separators = {folded[before + 1 : after] for before, after in itertools.pairwise(items)}
        if len(separators) > 1:
            continue  # 'I-5 S': one item hyphened to the next, another spaced, is no word spelled
        letters = sum(1 for position in items if folded[position].isalpha())
        symbols = [position for position in items if not folded[position].isalpha()]
        readable = all(folded[position] in LEET or folded[position] in MASKS for position in symbols)
        if symbols and readable and len(items) >= 3 and letters >= 2 and len(symbols) <= letters:
            runs.append(symbols)
    return runs


# Words spelled out letter by letter with a wider gap between them ('s u c k   m y   d i c k', 'g o
# t o   h e l l'): the gap says where a word ends, so a two-letter word ('m y') is one too.
# A search starts only where a spelled-out word does, not after one of its letters: 'f u c k ' four
# hundred times over is one failed try, not one for each letter (which cost 70 ms).
_SPACED_WORDS = re.compile(
    r"(?<![a-z*'])(?<!^[a-z*] )(?<![^a-z*'][a-z*] )[a-z*](?: [a-z*])*(?: {2,}[a-z*](?: [a-z*])*)+(?![a-z*'])"
)
_SPACED = re.compile(r"(?<![a-z*'])(?:[a-z*](?:[ ._-]|\. )){2,}[a-z*](?![a-z*'])")
# A word broken by a hyphen or a line break ('dep-ressed', 'ki\nll you', 'por\nn'): two pieces.
# Case-blind, so the gate reads the message as typed without lowering a copy of it.
_BROKEN_WORD = re.compile(r"(?<![a-z'-])[a-z]+[-\n][a-z]+(?![a-z'-])", re.IGNORECASE)


def _join_broken(match: re.Match[str], known: Callable[[str], bool]) -> list[int]:
    """The pieces of a broken word joined, when together they are a word and apart they are not both
    words ('dep-ressed' is 'depressed'); 'e-mail' and 'well-known' keep their hyphen."""
    group = match.group()
    cut = max(group.find("-"), group.find("\n"))
    left, right = group[:cut], group[cut + 1 :]
    if len(group) > _LONGEST_WORD or not known(left + right):
        return list(range(len(group)))
    pieces_known = known(left) and known(right)
    if group[cut] == "\n":
        # Nobody ends a line inside a word but to hide it: a piece of two letters or fewer ('ki',
        # 'll') is no word of its own there.
        pieces_known = pieces_known and min(len(left), len(right)) > 2
    if pieces_known:
        return list(range(len(group)))
    return [offset for offset in range(len(group)) if offset != cut]


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
        first, last = self.origin[start], self.origin[end - 1]
        if first > last:  # text typed upside down was read backwards
            first, last = last, first
        return first, last + 1


def fold(text: str, known: Callable[[str], bool] | None = None) -> Folded:
    """``known``: is this a word (the word model's vocabulary)? It decides how a stretched letter
    English may double is read: 'myseeeelf' is 'myself', 'gooood' stays 'good'."""
    if not _needs_folding(text):
        return Folded(text.lower(), None, text)
    turned = _turned_back(text)
    if turned is None:
        chars, origin = _fold_characters(text)
    else:  # read as typed right way up; each character still knows where it came from
        chars, origin = _fold_characters(turned)
        origin = [len(text) - 1 - index for index in origin]
    shown = "".join(chars)
    if "|" in shown or "+" in shown or "/" in shown:
        for match in _SET_APART.finditer(shown):
            if sum(1 for char in match.group()[::2] if char.isalpha()) >= 2:
                for position in range(match.start() + 1, match.end(), 2):
                    chars[position] = "."  # 'f|u|c|k' is 'f.u.c.k', not 'fiuicik'
        shown = "".join(chars)
    for symbols in _spaced_symbol_runs(shown):
        for position in symbols:
            chars[position] = WILDCARD if chars[position] in MASKS else LEET[chars[position]]
    _substitute_leet(chars)
    if known is not None and "1" in text:
        _ones_as_l(chars, origin, text, known)
    folded = "".join(chars)
    if known is not None and ("-" in folded or "\n" in folded):
        folded, origin = _rewrite(folded, origin, _BROKEN_WORD, partial(_join_broken, known=known))
    folded, origin = _rewrite(folded, origin, _SPACED_WORDS, partial(_join_spaced_words, known=known))
    folded, origin = _rewrite(folded, origin, _SPACED, partial(_join_spaced, known=known))
    ones = _stretches_read_as_one(folded, known)
    folded, origin = _rewrite(folded, origin, _STRETCHED, partial(_shorten_stretch, ones=ones))
    if known is not None and not CYRILLIC_U.isdisjoint(text):
        folded = _cyrillic_u_as_known(folded, origin, text, known)
    return Folded(folded, tuple(origin), text)


# Text typed upside down ('ʇoıpı ƃuıʞɔnɟ ɐ ǝɹɐ noʎ'): each letter is turned and the line runs
# backwards. A message is read so only when it has at least this many letters that occur only in turned
# text and no letter that cannot be a turned one (a turned 'n' is a 'u', so plain text must not be
# turned); then every character is turned back and the line read from its end.
_TURNED = {
    "ɐ": "a", "q": "b", "ɔ": "c", "p": "d", "ǝ": "e", "ɟ": "f", "ƃ": "g", "ɥ": "h", "ı": "i", "ᴉ": "i",
    "ɾ": "j", "ʞ": "k", "l": "l", "ɯ": "m", "u": "n", "o": "o", "d": "p", "b": "q", "ɹ": "r", "s": "s",
    "ʇ": "t", "n": "u", "ʌ": "v", "ʍ": "w", "x": "x", "ʎ": "y", "z": "z", "∀": "A", "Ɔ": "C", "Ǝ": "E",
    "Ⅎ": "F", "⅁": "G", "ſ": "J", "˥": "L", "W": "M", "Ԁ": "P", "┴": "T", "∩": "U", "Λ": "V", "M": "W",
    "⅄": "Y", "H": "H", "I": "I", "N": "N", "O": "O", "S": "S", "X": "X", "Z": "Z",
    "¿": "?", "¡": "!", "˙": ".", "‘": ",", ",": "'", "„": '"',
}  # fmt: skip
_TURNED_ONLY = frozenset("ɐɔǝɟƃɥıᴉɾʞɯɹʇʌʍʎ∀ƆƎℲ⅁˥Ԁ┴∩Λ⅄")
MIN_TURNED_LETTERS = 3


def _turned_back(text: str) -> str | None:
    """``text`` turned right way up and read from its end, if it was typed upside down."""
    if text.isascii() or _TURNED_ONLY.isdisjoint(text):
        return None
    if sum(char in _TURNED_ONLY for char in text) < MIN_TURNED_LETTERS:
        return None
    if any(char.isalpha() and char not in _TURNED for char in text):
        return None
    return "".join(_TURNED.get(char, char) for char in reversed(text))


# No word is longer: a longer run of letters (an attack) is not looked up in the vocabulary, so the
# cost of reading a word by it stays linear in the message's length.
_LONGEST_WORD = 40


# Cyrillic 'у' looks like 'y' but sounds like 'u', and evasions use it for both: between two
# consonants it stands for 'u' ('fуck', 'fусking'), elsewhere for 'y' ('уou', 'pussу').
CYRILLIC_U = frozenset("уУ")
_CONSONANTS = frozenset("bcdfghjklmnpqrstvwxz")


def _cyrillic_u_as_known(folded: str, origin: list[int], text: str, known: Callable[[str], bool]) -> str:
    """Each Cyrillic 'у' read as the one of 'u' and 'y' that makes its word a known one: 'mуѕеlf' is
    'myself', though between consonants 'у' is mostly a 'u' ('fуck'). Where both or neither make
    one, the reading by its neighbours stands."""
    places = [position for position, index in enumerate(origin) if text[index] in CYRILLIC_U]
    chars = list(folded)
    read: dict[tuple[str, tuple[int, ...]], str] = {}  # a pasted page repeats its words
    for word in _LETTER_RUN.finditer(folded):
        first = bisect_left(places, word.start())
        if first == len(places) or places[first] >= word.end() or len(word.group()) > _LONGEST_WORD:
            continue
        offsets = tuple(
            position - word.start() for position in places[first : bisect_left(places, word.end())]
        )
        spelled = read.get((word.group(), offsets))
        if spelled is None:
            spelled = read[word.group(), offsets] = _with_u_or_y(word.group(), offsets, known)
        chars[word.start() : word.end()] = spelled
    return "".join(chars)


def _with_u_or_y(spelled: str, offsets: tuple[int, ...], known: Callable[[str], bool]) -> str:
    """``spelled`` with each 'u' or 'y' at ``offsets`` turned into the other where only that is a word."""
    for offset in offsets:
        other = spelled[:offset] + ("y" if spelled[offset] == "u" else "u") + spelled[offset + 1 :]
        if spelled[offset] in "uy" and not known(spelled) and known(other):
            spelled = other
    return spelled


_LETTER_RUN = re.compile(r"[a-z]+")
# A word with more '1's than this is not read letter by letter (2**4 readings at most).
_MOST_ONES = 4


def _ones_as_l(chars: list[str], origin: list[int], text: str, known: Callable[[str], bool]) -> None:
    """A '1' inside a word stands for an 'i' ('sh1t') or an 'l' ('ki11', 'myse1f', 'a11'): each is
    read as 'l' where only that makes its word a known one ('bu11sh1t' is 'bullshit'). Only the words
    a '1' was read in are looked at: most '1's are digits ('10am', '11/21') and stay so."""
    if origin and origin[0] > origin[-1]:  # text typed upside down, read backwards
        places = [position for position, index in enumerate(origin) if text[index] == "1"]
    else:  # each character's place, found from the text's index (folding keeps their order)
        places = [bisect_left(origin, match.start()) for match in _ONE.finditer(text)]
    words: dict[tuple[int, int], list[int]] = {}
    start = end = 0  # the word the last '1' was in: places run left to right, each word is walked once
    for place in places:
        if place >= len(chars) or chars[place] != "i" or text[origin[place]] != "1":
            continue  # left a digit
        if place >= end:
            start, end = place, place + 1
            while start and chars[start - 1].isalpha():
                start -= 1
            while end < len(chars) and chars[end].isalpha():
                end += 1
        words.setdefault((start, end), []).append(place - start)
    read: dict[tuple[str, tuple[int, ...]], str] = {}  # a pasted page repeats its words
    for (start, end), offsets in words.items():
        if len(offsets) > _MOST_ONES or end - start > _LONGEST_WORD:
            continue
        word = "".join(chars[start:end])
        key = (word, tuple(offsets))
        spelled = read.get(key)
        if spelled is None:
            spelled = read[key] = _with_i_or_l(word, key[1], known)
        chars[start:end] = spelled


_ONE = re.compile("1")


def _with_i_or_l(spelled: str, places: tuple[int, ...], known: Callable[[str], bool]) -> str:
    """``spelled`` with its 'i's at ``places`` made 'l' where that makes it a known word: all of them
    first (a run of '1's is one letter doubled: 'a11' is 'all', not 'ali'), else the fewest; as it
    is if it is a known word already, or if no reading is."""
    if known(spelled):
        return spelled
    for count in (len(places), *range(1, len(places))):
        for chosen in itertools.combinations(places, count):
            letters = list(spelled)
            for place in chosen:
                letters[place] = "l"
            candidate = "".join(letters)
            if known(candidate):
                return candidate
    return spelled


def _fold_characters(text: str) -> tuple[list[str], list[int]]:
    chars, origin = _fold_each_character(text)
    if CYRILLIC_U.isdisjoint(text):
        return chars, origin
    for position, index in enumerate(origin):
        if (
            text[index] in CYRILLIC_U
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
        elif (
            char in "!|+"
            and not _inside_a_word(chars, position)
            and not _opens_a_spelled_word(chars, position)
        ):
            # "hi!" and "C++" keep their punctuation; "b!tch", "b!+ch" and "!d!ot" do not.
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


def _opens_a_spelled_word(chars: list[str], position: int) -> bool:
    """Does the '!' or '|' at ``position`` start a word that spells itself with another symbol
    between its letters ('!d!ot', '!mbec!le', '!dg@f')? '!important' and '!help' do not."""
    if chars[position] == "+" or (position and not chars[position - 1].isspace()):
        return False
    end = position + 1
    while end < len(chars) and not chars[end].isspace():
        end += 1
    return any(
        chars[inner] in LEET and chars[inner - 1].isalpha() and chars[inner + 1].isalpha()
        for inner in range(position + 2, end - 1)
    )


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


def _join_spaced(match: re.Match[str], known: Callable[[str], bool] | None = None) -> list[int]:
    """Keep the letters of 'f u c k' / 'f.u.c.k', drop the separators.

    One word spelled out keeps one separator: where it changes ('a u.s. citizen': a space, then
    dots) the run is two things, each joined only if it is a spelled-out word of its own (three
    letters or more, not all texting shorthand). With ``known``, a one-letter word at either end
    of the run stays apart when only that makes the rest a word ('you are a b i t c h')."""
    group = match.group()
    letters = [offset for offset, char in enumerate(group) if char.isalpha() or char == WILDCARD]
    runs: list[list[int]] = [[letters[0]]]
    previous: str | None = None
    for before, after in itertools.pairwise(letters):
        # '.' and '. ' differ: 'm.o.r.o.n. I asked' is a word, then 'I'; 's. h. i. t' is one word.
        kind = group[before + 1 : after]
        if previous is not None and kind != previous:
            runs.append([before])  # the letter where the separator changes starts the next run too
        previous = kind
        runs[-1].append(after)
    dropped: set[int] = set()
    for run in runs:
        if len(run) >= 3 and not all(group[offset] in TEXTING_LETTERS for offset in run):
            apart = _word_apart_at(group, run, known)
            joined = run
            if apart == 0:
                joined = run[1:]  # 'a b i t c h': the article stays apart
            elif apart is not None:
                joined = run[: apart + 1]  # 'd u m b I', 'k i l l u': the pronoun stays apart
            dropped.update(range(joined[0], joined[-1] + 1))
    if not dropped:
        return list(range(len(group)))
    kept = set(letters)
    return [offset for offset in range(len(group)) if offset not in dropped or offset in kept]


def _join_spaced_words(match: re.Match[str], known: Callable[[str], bool] | None = None) -> list[int]:
    """Join each word of 's u c k   m y   d i c k' and keep one space of each gap between words, if
    one of them is a spelled-out word (three letters or more, not all texting shorthand); a
    one-letter word glued to one stays apart as ``_join_spaced`` keeps it ('a b l o w   j o b')."""
    group = match.group()
    words = [word.replace(" ", "") for word in re.split(" {2,}", group)]
    if not any(len(word) >= 3 and not TEXTING_LETTERS.issuperset(word) for word in words):
        return list(range(len(group)))
    apart: set[int] = set()
    if known is not None:
        for spelled in _SPELLED_WORD.finditer(group):
            run = list(range(spelled.start(), spelled.end(), 2))
            at = _word_apart_at(group, run, known)
            if at == 0:
                apart.add(run[0] + 1)  # the space after the letter that stays apart
            elif at is not None:
                apart.update(run[index] + 1 for index in range(at, len(run) - 1))  # and between those
    return [
        offset
        for offset, char in enumerate(group)
        if char != " " or offset in apart or (group[offset - 1] != " " and group[offset + 1] == " ")
    ]


_SPELLED_WORD = re.compile(r"[a-z*](?: [a-z*])*")
# The words of one letter: spelled out at either end of a run, each may be a word of its own.
_ONE_LETTER_WORDS = frozenset("ai")


def _word_apart_at(group: str, run: list[int], known: Callable[[str], bool] | None) -> int | None:
    """Where a spelled-out word has a one-letter word glued on: 0 if its first letter is one ('a b
    i t c h'), else the index of the word's last letter if texting words follow it ('d u m b I', 'k
    i l l u', 'w t f r u'), else None. Only where the run is no known word and the rest is. A run
    longer than any word is not looked up (a page of 'f u c k ' is one run of two thousand letters)."""
    if known is None or not 4 <= len(run) <= _LONGEST_WORD:
        return None
    word = "".join(group[offset] for offset in run)
    if not word.isalpha() or known(word):
        return None
    if word[0] in _ONE_LETTER_WORDS and known(word[1:]):
        return 0
    if word[-1] in _ONE_LETTER_WORDS and known(word[:-1]):
        return len(run) - 2
    for tail in _TEXTING_TAILS:
        if word.endswith(tail) and len(word) - len(tail) >= 3 and known(word[: -len(tail)]):
            return len(run) - len(tail) - 1
    return None


# Texting words that may follow a spelled-out word in the same run: 'u' (you), 'r u' (are you).
_TEXTING_TAILS = ("u", "ru", "ur")


# English hardly doubles these ('vacuum', 'skiing' and 'bazaar' are the rare ones, and nobody
# stretches them): a run of three or more is one letter stretched ('suuuuck my diiiick', 'shuuuut
# uuuup'), which phrases and patterns then read as typed. 'y' is not doubled either, but 'heyyy'
# still folds to 'heyy', the form the word model learnt from the corpus.
_NEVER_DOUBLED = frozenset("aiu")


# The last letter of an abbreviation stretched ('kysssss', 'jfcccc', 'wtffff') is one letter; not
# the vowels, nor the letters of interjections written doubled ('hmm', 'shh', 'brr', 'grr', 'zzz',
# 'xxx'), nor 'y' ('whyyy' folds to 'whyy', the form the word model learnt).
_ABBREVIATION_ENDS = frozenset("bcdfgjklnpqstvw")
_VOWELS = frozenset("aeiou")


_STRETCHED_WORD = re.compile(r"(?<![a-z])[a-z]*?([a-z])\1\1[a-z]*")


def _stretches_read_as_one(text: str, known: Callable[[str], bool] | None) -> frozenset[int]:
    """Where a stretched run that folds to two letters is one ('myseeeelf', 'heeeell', 'shitttt':
    'myself', 'hell', 'shit'): only that spelling is a word. Where the doubled one is too, or
    neither is, two stay ('gooood', 'sooooo': 'good', 'soo', the spelling the model learnt)."""
    if known is None or not _STRETCHED.search(text):
        return frozenset()
    ones: set[int] = set()
    read: dict[str, list[int]] = {}  # each distinct word is read once (a pasted page repeats them)
    for match in _STRETCHED_WORD.finditer(text):
        word = match.group()
        if len(word) > _LONGEST_WORD:
            continue
        offsets = read.get(word)
        if offsets is None:
            offsets = read[word] = [
                run.start()
                for run in _STRETCHED.finditer(word)
                if len(_stretch_kept(run)) == 2
                and not known(_read_stretched(word, run.start(), 2))
                and known(_read_stretched(word, run.start(), 1))
            ]
        ones.update(match.start() + offset for offset in offsets)
    return frozenset(ones)


def _shorten_stretch(match: re.Match[str], ones: frozenset[int] = frozenset()) -> list[int]:
    """The letters of a stretched run that are kept; one where ``ones`` says so."""
    kept = _stretch_kept(match)
    if len(kept) == 2 and match.start() in ones:
        return kept[:1] if match.start() == 0 or not match.string[match.start() - 1].isalpha() else kept[1:]
    return kept


def _read_stretched(word: str, here: int, length: int) -> str:
    """``word`` with its stretched run at ``here`` as ``length`` letters, the others as they fold."""
    parts: list[str] = []
    cursor = 0
    for run in _STRETCHED.finditer(word):
        parts.append(word[cursor : run.start()])
        if run.start() == here:
            parts.append(run.group()[:length])
        else:
            parts.append("".join(run.group()[offset] for offset in _stretch_kept(run)))
        cursor = run.end()
    parts.append(word[cursor:])
    return "".join(parts)


def _stretch_kept(match: re.Match[str]) -> list[int]:
    """'fuuuuck' keeps one of the run: 'fuck'; 'cooool' and 'helllllo' keep two, right for English
    ('cool', 'hello'; the lexicon also tries the squeezed form: 'shitttt', 'heeeell'). The last
    letter of an abbreviation, a word with no vowel, keeps one ('kysssss', 'jfcccc', 'wtffff')."""
    letter = match.group()[0]
    text, start, end = match.string, match.start(), match.end()
    # The letters kept are the run's first and last, so that evidence spans the whole run.
    last = end - start - 1
    one = [0] if start == 0 or not text[start - 1].isalpha() else [last]
    if letter in _NEVER_DOUBLED:
        return one
    if letter in _ABBREVIATION_ENDS and (end == len(text) or not text[end].isalpha()):
        first = start
        while first and text[first - 1].isalpha():
            first -= 1
        if first < start and _VOWELS.isdisjoint(text[first:start]):
            return one
    return [0, last]
