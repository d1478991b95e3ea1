"""`make eval`, third part: every evasion of the policy-engine issue, measured one kind at a time.

The issue's target: each evasion caught at >= 95% of the rate of the plain form. The corpus tags
some of its messages "evasion", but a few hundred messages written by hand mix the kinds and
favour the common words. Here each kind is applied, by rule and alone, to every strong and severe
term of the public list (tests/corpus/public, as `public.py` reads it) inside the same three
sentences aimed at the librarian; a kind's rate is the share of sentences ended, and its ratio that
rate over the plain sentences' rate. Then the same kinds in the corpus's own messages: in each
abusive message the engine ends, the word it names as evidence, and in each distress message it
refers, the longest word of that evidence, disguised in place (on the measurement splits, rates
only): abuse must still end and distress still be referred.

The kinds are written as a patron types them: only the term is disguised, never the sentence
around it, and a disguise a reader could not undo is not made (a long word is masked by its
vowels, not by all its letters: 'g*******d' names no word).

    python -m tests.evaluation.evasions [--errors N]
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from decorum.engine import Engine, default_engine
from decorum.models import Action, Category
from tests.evaluation.evaluate import DEVELOPMENT_SPLITS, MEASUREMENT_SPLITS, Example, judged, load
from tests.evaluation.public import TEMPLATES, Rate, article, ended, judge, load_terms
from tests.training.lookalikes import FANCY_ALPHABETS

CAUGHT_AT_LEAST = 0.95  # of the plain form's rate

VOWELS = frozenset("aeiouAEIOU")
LEET = {"a": "4", "e": "3", "i": "1", "o": "0", "s": "5", "t": "7"}
SYMBOLS = {"a": "@", "s": "$", "i": "!"}
MASKS = "#@%&"
SEPARATORS = "|+/_-"
# Look-alikes a keyboard layout or a copy from a confusables list gives.
CYRILLIC = {"a": "а", "c": "с", "e": "е", "i": "і", "o": "о", "p": "р", "s": "ѕ", "x": "х", "y": "у"}
GREEK = {"a": "α", "i": "ι", "k": "κ", "n": "η", "o": "ο", "p": "ρ", "t": "τ", "u": "υ", "v": "ν"}
INVISIBLE = (
    "\u200b",
    "\u200c",
    "\u200d",
    "\u2060",
    "\u00ad",
)  # zero-width space, (non-)joiner, word joiner, soft hyphen
COMBINING = ("\u0301", "\u0308", "\u0336")  # acute, diaeresis, long stroke overlay
# Mathematical alphanumeric styles: bold, bold script, double-struck (whose C, H, N, P, Q, R, Z
# live elsewhere in Unicode: they are left plain, as a generator would fall back).
STYLES = (0x1D400, 0x1D4D0, 0x1D538)
DOUBLE_STRUCK_HOLES = frozenset("CHNPQRZ")
# Enclosed letters: circled small, negative circled capital, negative squared capital.
ENCLOSED = (0x24D0, 0x1F150, 0x1F170)
# Fancy-text alphabets: Canadian syllabics and Yi syllables.
FANCY = (FANCY_ALPHABETS[0], FANCY_ALPHABETS[-1])


def _each_letter(term: str, change: Callable[[str], str]) -> str:
    return "".join(change(char) if char.isalpha() else char for char in term)


def full_width(term: str) -> str:
    return "".join(chr(ord(char) + 0xFEE0) if "!" <= char <= "~" else char for char in term)


def styled(term: str) -> str:
    base = STYLES[len(term) % len(STYLES)]

    def style(char: str) -> str:
        if not char.isascii() or (base == STYLES[2] and char in DOUBLE_STRUCK_HOLES):
            return char
        return chr(base + (ord(char) - ord("A") if char.isupper() else 26 + ord(char) - ord("a")))

    return _each_letter(term, style)


def enclosed(term: str) -> str:
    """Circled small letters, or negative circled or squared capitals: 'ⓕⓤⓒⓚ', '🅵🆄🅲🅺'."""
    base = ENCLOSED[len(term) % len(ENCLOSED)]

    def enclose(char: str) -> str:
        return chr(base + ord(char.lower()) - ord("a")) if char.isascii() else char

    return _each_letter(term, enclose)


def cyrillic(term: str) -> str:
    return _each_letter(term, lambda char: CYRILLIC.get(char, char))


def greek(term: str) -> str:
    return _each_letter(term, lambda char: GREEK.get(char, char))


def fancy_text(term: str) -> str:
    """Letters of a fancy-text generator's alphabet: Canadian syllabics ('ᖴᑌᑕK') or Yi syllables
    ('ꎇꀎꏳꀘ'). (The alphabets ``normalise``'s look-alike table was written from: this shows the
    table is read in every word, not that an alphabet nobody listed would be.)"""
    alphabet = FANCY[len(term) % len(FANCY)]
    return _each_letter(term, lambda char: alphabet[ord(char.lower()) - ord("a")] if char.isascii() else char)


def zero_width(term: str) -> str:
    mark = INVISIBLE[len(term) % len(INVISIBLE)]
    return " ".join(mark.join(word) for word in term.split(" "))


def combining(term: str) -> str:
    mark = COMBINING[len(term) % len(COMBINING)]
    return _each_letter(term, lambda char: char + mark)


def _first(term: str, table: dict[str, str]) -> str:
    for index, char in enumerate(term):
        if char.lower() in table:
            return term[:index] + table[char.lower()] + term[index + 1 :]
    return term


def leet_one(term: str) -> str:
    return _first(term, LEET)


def leet_every(term: str) -> str:
    return _each_letter(term, lambda char: LEET.get(char.lower(), char))


def symbols(term: str) -> str:
    return _each_letter(term, lambda char: SYMBOLS.get(char.lower(), char))


def _inner_vowels(word: str) -> list[int]:
    return [index for index in range(1, len(word) - 1) if word[index] in VOWELS]


def _mask_words(term: str, mask: Callable[[str, list[int]], str]) -> str:
    return " ".join(mask(word, _inner_vowels(word)) if word.isalpha() else word for word in term.split(" "))


def mask_one(term: str) -> str:
    """One inner vowel of each word starred: 'f*ck', 'sh*thead'."""
    return _mask_words(term, lambda word, at: word[: at[0]] + "*" + word[at[0] + 1 :] if at else word)


def mask_vowels(term: str) -> str:
    """Every inner vowel starred ('m*th*rf*ck*r'), and a short word's every inner letter ('f**k')."""

    def mask(word: str, at: list[int]) -> str:
        if len(word) <= 4:
            return word[0] + "*" * (len(word) - 2) + word[-1] if len(word) > 2 else word
        return "".join("*" if index in at else char for index, char in enumerate(word))

    return _mask_words(term, mask)


def mask_symbols(term: str) -> str:
    """Inner vowels as a run of keyboard symbols: 'f#ck', 'sh@t', 'b%tch'."""

    def mask(word: str, at: list[int]) -> str:
        chars = list(word)
        for n, index in enumerate(at):
            chars[index] = MASKS[n % len(MASKS)]
        return "".join(chars)

    return _mask_words(term, mask)


def spaced(term: str) -> str:
    return "   ".join(" ".join(word) for word in term.split(" "))


def dotted(term: str) -> str:
    return " ".join(".".join(word) for word in term.split(" "))


def set_apart(term: str) -> str:
    """Letters set apart by one symbol, the same throughout: 'f|u|c|k', 'f+u+c+k', 'f/u/c/k'."""
    symbol = SEPARATORS[len(term) % len(SEPARATORS)]
    return " ".join(symbol.join(word) for word in term.split(" "))


def stretched(term: str) -> str:
    """Each word's first vowel (or its last letter, if it has none) typed five times: 'fuuuuck'."""

    def stretch(word: str) -> str:
        at = next((index for index, char in enumerate(word) if char in VOWELS), len(word) - 1)
        return word[: at + 1] + word[at] * 4 + word[at + 1 :] if word else word

    return " ".join(stretch(word) for word in term.split(" "))


def broken(term: str) -> str:
    """Each word of four letters or more broken in its middle by a dot or a comma: 'bull.shit', 'bi,tch'."""
    mark = "." if len(term) % 2 else ","
    return " ".join(
        word[: len(word) // 2] + mark + word[len(word) // 2 :] if len(word) >= 4 and word.isalpha() else word
        for word in term.split(" ")
    )


def ones_for_ls(term: str) -> str:
    """Every 'l' typed as '1': 'ki11', 'bu11shit', '1oser'."""
    return term.replace("l", "1").replace("L", "1")


def vowels_dropped(term: str) -> str:
    """Each word of five letters or more typed without the vowels after its first letter: 'btch',
    'asshl' ('fck' and 'sht' are listed as they are typed)."""
    return " ".join(
        word[:1] + "".join(char for char in word[1:] if char.lower() not in "aeiouy")
        if len(word) >= 5
        else word
        for word in term.split(" ")
    )


def mixed_case(term: str) -> str:
    return "".join(char.upper() if index % 2 else char.lower() for index, char in enumerate(term))


# The list (2), in its order, with six kin: enclosed letters beside the styled ones, the
# alphabets of fancy-text generators beside the look-alikes, letters set apart by other symbols
# beside the spaced and dotted ones, and three found by dev87's writer: a word broken by a mark,
# '1' for 'l' beside the leetspeak, vowels dropped.
EVASIONS: dict[str, Callable[[str], str]] = {
    "full-width forms": full_width,
    "styled letters": styled,
    "enclosed letters": enclosed,
    "Cyrillic look-alikes": cyrillic,
    "Greek look-alikes": greek,
    "fancy-text alphabets": fancy_text,
    "zero-width characters": zero_width,
    "combining marks": combining,
    "leetspeak, one letter": leet_one,
    "leetspeak, every letter": leet_every,
    "symbols (@ $ !)": symbols,
    "masked, one letter": mask_one,
    "masked, vowels": mask_vowels,
    "masked with symbols": mask_symbols,
    "spaced letters": spaced,
    "dotted letters": dotted,
    "letters set apart by symbols": set_apart,
    "stretched letters": stretched,
    "mixed case": mixed_case,
    "broken by a dot or a comma": broken,
    "'1' for 'l'": ones_for_ls,
    "vowels dropped": vowels_dropped,
}


def sentences(term: str, disguise: Callable[[str], str] | None = None) -> list[str]:
    """The public list's sentences for ``term`` (its article read from the plain term), the term
    disguised."""
    shown = disguise(term) if disguise else term
    return [template.format(a=article(term), term=shown) for template in TEMPLATES]


@dataclass(frozen=True)
class KindResult:
    kind: str
    caught: Rate  # the disguised sentences ended
    plain: Rate  # the same terms' plain sentences ended
    missed: tuple[str, ...]

    @property
    def ratio(self) -> float:
        """The disguised sentences' rate over the plain ones'."""
        return self.caught.value / self.plain.value if self.plain.value else 0.0

    @property
    def meets(self) -> bool:
        return self.ratio >= CAUGHT_AT_LEAST


def measure(terms: Sequence[str], engine: Engine) -> tuple[Rate, list[KindResult]]:
    """The plain sentences' rate ended, and each kind's on the terms it disguises ('fuck' has no
    letter leetspeak changes), beside the plain rate of those same terms."""

    def verdicts(texts: list[str]) -> list[bool]:
        return [ended(outcome) for outcome in judge(texts, Category.ABUSIVE, engine)]

    plain_ended = dict(
        zip(terms, _by_term(verdicts([s for term in terms for s in sentences(term)])), strict=True)
    )
    plain = Rate(sum(sum(flags) for flags in plain_ended.values()), len(terms) * len(TEMPLATES))
    results = []
    for kind, disguise in EVASIONS.items():
        chosen = [term for term in terms if disguise(term) != term]
        texts = [sentence for term in chosen for sentence in sentences(term, disguise)]
        flags = verdicts(texts)
        results.append(
            KindResult(
                kind,
                Rate(sum(flags), len(flags)),
                Rate(sum(sum(plain_ended[term]) for term in chosen), len(flags)),
                tuple(text for text, flag in zip(texts, flags, strict=True) if not flag),
            )
        )
    return plain, results


def _by_term(flags: list[bool]) -> list[list[bool]]:
    width = len(TEMPLATES)
    return [flags[start : start + width] for start in range(0, len(flags), width)]


def render(plain: Rate, results: Sequence[KindResult], errors: int) -> list[str]:
    terms = plain.total // len(TEMPLATES)
    lines = [
        f"== evasions: each kind alone, on {terms} terms x {len(TEMPLATES)} sentences",
        f"  target: each kind ended at least {CAUGHT_AT_LEAST:.0%} as often as the plain form",
        "  (a kind is measured on the terms it changes, beside the same terms plain)",
        f"  {'plain, every term':<30}{plain.render()}",
    ]
    for result in results:
        verdict = "ok" if result.meets else "BELOW TARGET"
        lines.append(
            f"  {result.kind:<30}{result.caught.render()}  plain {result.plain.value:6.1%}"
            f"  {result.ratio:6.1%} of plain  {verdict}"
        )
    return lines + _missed(results, errors, "not ended")


def _missed(results: Sequence[KindResult], errors: int, what: str) -> list[str]:
    """The first ``errors`` texts each kind missed."""
    lines = []
    for result in results:
        if errors and result.missed:
            shown = min(errors, len(result.missed))
            lines.append(f"  first {shown} of {len(result.missed)} {what}, {result.kind}")
            lines += [f"    {text!r}" for text in result.missed[:errors]]
    return lines


# --- the corpus's own sentences --------------------------------------------------------------


@dataclass(frozen=True)
class Evidence:
    """A corpus message the engine judges right plain (abuse ended, distress referred), and the word
    to disguise: for abuse, the word its first lexicon or pattern hit names (a single word:
    disguising a whole matched sentence is no patron's evasion); for distress, the longest word of
    four letters or more in that hit ('i want to kill myself': 'myself'), the word a patron
    censors ('s*icide', 'd*pressed')."""

    text: str
    start: int
    end: int


# What counts as judged right, and what the disguise must leave judged right.
VERDICTS = {Category.ABUSIVE: Action.END_SESSION, Category.DISTRESS: Action.REFER}


def evidence_words(examples: Sequence[Example], engine: Engine, category: Category) -> list[Evidence]:
    found = []
    chosen = [example for example in examples if example.label == category and example.sender == "customer"]
    for example in chosen:
        assessment, outcome = judged(example, engine)
        if outcome.action != VERDICTS[category]:
            continue
        hit = next(
            (h for h in assessment.hits if h.category == category and not h.rule.startswith("model.")),
            None,
        )
        if hit is None:
            continue
        span = example.text[hit.start : hit.end]
        if category == Category.ABUSIVE:
            if span.isascii() and span.isalpha():
                found.append(Evidence(example.text, hit.start, hit.end))
            continue
        words = [m for m in re.finditer(r"[A-Za-z]{4,}", span) if m.group().isascii()]
        if words:
            longest = max(words, key=lambda m: len(m.group()))
            found.append(Evidence(example.text, hit.start + longest.start(), hit.start + longest.end()))
    return found


def measure_in_sentences(items: Sequence[Evidence], engine: Engine, category: Category) -> list[KindResult]:
    """Each kind applied to the evidence word of each message: the share still judged right (the
    plain messages all are)."""
    results = []
    for kind, disguise in EVASIONS.items():
        texts = []
        for item in items:
            word = item.text[item.start : item.end]
            if disguise(word) != word:
                texts.append(item.text[: item.start] + disguise(word) + item.text[item.end :])
        flags = [outcome.action == VERDICTS[category] for outcome in judge(texts, category, engine)]
        missed = tuple(text for text, flag in zip(texts, flags, strict=True) if not flag)
        results.append(KindResult(kind, Rate(sum(flags), len(flags)), Rate(len(flags), len(flags)), missed))
    return results


def render_in_sentences(title: str, results: Sequence[KindResult], errors: int) -> list[str]:
    lines = [f"== evasions in the corpus's own sentences: {title}"]
    for result in results:
        verdict = "ok" if result.meets else "BELOW TARGET"
        lines.append(f"  {result.kind:<30}{result.caught.render()}  {verdict}")
    return lines + _missed(results, errors, "not judged right")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--errors", type=int, default=5, help="list the first N sentences each kind missed")
    args = parser.parse_args(argv)
    engine = default_engine()
    plain, results = measure([term.text for term in load_terms()], engine)
    sections = [render(plain, results, args.errors)]
    for name, splits, errors in (
        ("development splits", DEVELOPMENT_SPLITS, args.errors),
        ("measurement splits (rates only: their messages are not read)", MEASUREMENT_SPLITS, 0),
    ):
        examples = [example for split in splits for example in load(split)]
        for category, right in ((Category.ABUSIVE, "ended"), (Category.DISTRESS, "referred")):
            items = evidence_words(examples, engine, category)
            title = f"{name}, {len(items)} {category.value} messages {right} plain, still {right}"
            results_in = measure_in_sentences(items, engine, category)
            sections.append(render_in_sentences(title, results_in, errors))
    print("\n\n".join("\n".join(section) for section in sections))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
