"""Find every category a message belongs to, with evidence, in context.

The detectors work on the folded text (see ``normalise``) token by token. Words that matter are
looked up in hash indexes built from the policy; a pattern's regular expression runs only when
one of its trigger words is present, so a message costs a handful of dictionary look-ups unless
something in it is worth a closer look.

Context decides whether a hit counts: names and titles on the allow-list, words that are
mentioned rather than used ("what does X mean", a quoted title), research framing for topic
words, negation, and whether a remark is aimed at the librarian or at somebody else.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence

from decorum.engine.model import FIRST_PERSON, UNREAD, LinearModel, Verdict
from decorum.engine.normalise import CYRILLIC_U, LEET, TEXTING_LETTERS, WILDCARD, Folded, fits_mask, fold
from decorum.engine.policy import (
    DISTRESS_LEVELS,
    INFIX_INDEX_DEPTH,
    SEVERITY_RANK,
    SPAN_CONTEXT_KINDS,
    CompiledContext,
    CompiledPattern,
    Policy,
    TermEntry,
    WordModelSettings,
    said_of_oneself,
)
from decorum.engine.types import Hit
from decorum.models import Category

TOKEN = re.compile(r"[a-z0-9*]+(?:'[a-z]+)*")


class Tokens:
    """The words of the folded text; their spans are computed only when a hit needs them."""

    __slots__ = ("_breaks", "_ends", "_first_person", "_pairs", "_plain", "_starts", "text", "words")

    def __init__(self, text: str) -> None:
        self.text = text
        self.words: list[str] = TOKEN.findall(text)
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._pairs: list[str] | None = None
        self._first_person: int | None = None
        self._plain: list[int] | None = None
        self._breaks: list[int] | None = None

    @property
    def pairs(self) -> list[str]:
        """Each two words in a row as 'a b' (pairs[i] starts at word i): the pattern triggers and
        the word model both look them up, so they are built once."""
        pairs = self._pairs
        if pairs is None:
            pairs = self._pairs = list(map(" ".join, itertools.pairwise(self.words)))
        return pairs

    def __len__(self) -> int:
        return len(self.words)

    def speaks_of_self_before(self, index: int) -> bool:
        """Does a word of the first person ('i', 'my', 'me') come before word ``index``? Found once
        per message, so asking for every remark in a long one costs no more than asking once."""
        at = self._first_person
        if at is None:
            words = self.words
            at = self._first_person = next(
                (place for place, word in enumerate(words) if word in FIRST_PERSON), len(words)
            )
        return at < index

    def plain_indexes(self, lexicon_starts: frozenset[str]) -> list[int]:
        """The indexes of the words that start no lexicon entry, in order: found once per message,
        so each remark in a long one looks only at the few plain words near it."""
        plain = self._plain
        if plain is None:
            plain = self._plain = [
                index for index, word in enumerate(self.words) if word not in lexicon_starts
            ]
        return plain

    def sentence_start(self, index: int) -> int:
        """The index of the first word of the sentence word ``index`` is in."""
        breaks = self._sentence_breaks()
        return breaks[bisect_right(breaks, index) - 1]

    def sentence_end(self, after: int) -> int:
        """The index just past the sentence that word ``after - 1`` ends or is in."""
        breaks = self._sentence_breaks()
        return breaks[bisect_left(breaks, after)]

    def _sentence_breaks(self) -> list[int]:
        """0, each word index a mark that ends a sentence comes just before, and the word count:
        found once per message, so each remark finds its sentence by bisection, not by a walk."""
        breaks = self._breaks
        if breaks is None:
            breaks = self._breaks = [0]
            count = 0
            for piece in _SENTENCE_END.split(self.text):
                count += len(TOKEN.findall(piece))
                if count != breaks[-1]:
                    breaks.append(count)
        return breaks

    def span(self, index: int) -> tuple[int, int]:
        self._locate()
        return self._starts[index], self._ends[index]

    def index_at(self, position: int) -> int:
        """The first token that ends after ``position``."""
        self._locate()
        return bisect_right(self._ends, position)

    def index_from(self, position: int) -> int:
        """The first token that starts at or after ``position``."""
        self._locate()
        return bisect_left(self._starts, position)

    def _locate(self) -> None:
        if not self._starts and self.words:
            for match in TOKEN.finditer(self.text):
                self._starts.append(match.start())
                self._ends.append(match.end())


class Context:
    """What the context rules say about one message, worked out only when a hit asks.

    Most messages have no hit at all, so they never pay for the context rules' regexes.
    """

    __slots__ = ("_allowed", "_flags", "_folded", "_kinds", "_policy", "_spans", "_tokens")

    def __init__(self, policy: Policy, tokens: Tokens, folded: Folded | None = None) -> None:
        self._policy = policy
        self._tokens = tokens
        self._folded = folded  # for the case-sensitive contexts; without it they are not run
        self._kinds: dict[str, list[CompiledContext]] | None = None
        self._spans: dict[str, list[tuple[int, int]]] = {}
        self._flags: dict[str, bool] = {}
        self._allowed: list[tuple[int, int]] | None = None

    def allows(self, start: int, end: int) -> bool:
        """Is the span inside a name or title of the allow-list (Moby Dick, cum laude)?"""
        if self._allowed is None:
            self._allowed = _allowed_spans(self._policy, self._tokens)
        return _covers(self._allowed, start, end)

    def suppresses(self, kinds: tuple[str, ...], start: int, end: int) -> bool:
        for kind in kinds:
            if kind in SPAN_CONTEXT_KINDS:
                if _covers(self._spans_of(kind), start, end):
                    return True
            elif self._flag(kind):
                return True
        return False

    def _triggered(self, kind: str) -> list[CompiledContext]:
        if self._kinds is None:
            kinds: dict[str, list[CompiledContext]] = {}
            tokens = self._tokens
            for compiled in self._policy.context_triggers.woken(tokens.words, tokens.pairs, tokens.text):
                kinds.setdefault(compiled.rule.kind, []).append(compiled)
            for chars, compiled in self._policy.contexts_by_char:
                if any(char in self._tokens.text for char in chars):
                    kinds.setdefault(compiled.rule.kind, []).append(compiled)
            self._kinds = kinds
        return self._kinds.get(kind, [])

    def _spans_of(self, kind: str) -> list[tuple[int, int]]:
        spans = self._spans.get(kind)
        if spans is None:
            spans = []
            for compiled in self._triggered(kind):
                if not compiled.guards_pass(self._tokens.text):
                    continue
                scopes = [name for name in compiled.regex.groupindex if name.startswith("scope")]
                groups: list[str | int] = [*scopes] or [0]
                if compiled.rule.case_sensitive:
                    if self._folded is not None:
                        spans.extend(_original_spans(compiled.regex, groups, self._folded))
                    continue
                for match in compiled.regex.finditer(self._tokens.text):
                    for group in groups:
                        if match.group(group) is not None:
                            spans.append(match.span(group))
            self._spans[kind] = spans
        return spans

    def _text_for(self, case_sensitive: bool) -> str:
        if case_sensitive and self._folded is not None:
            return self._folded.original
        return self._tokens.text

    def _flag(self, kind: str) -> bool:
        flag = self._flags.get(kind)
        if flag is None:
            flag = any(
                compiled.guards_pass(self._tokens.text)
                and compiled.regex.search(self._text_for(compiled.rule.case_sensitive))
                for compiled in self._triggered(kind)
            )
            self._flags[kind] = flag
        return flag


def _original_spans(regex: re.Pattern[str], groups: list[str | int], folded: Folded) -> list[tuple[int, int]]:
    """The spans of ``groups`` where ``regex`` matches the original text, in folded positions."""
    spans: list[tuple[int, int]] = []
    for match in regex.finditer(folded.original):
        for group in groups:
            if match.group(group) is None:
                continue
            start, end = match.span(group)
            if folded.origin is not None:  # the first folded char at or after each end
                start, end = bisect_left(folded.origin, start), bisect_left(folded.origin, end)
            spans.append((start, end))
    return spans


def _covers(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(span_start < end and start < span_end for span_start, span_end in spans)


def _allowed_spans(policy: Policy, tokens: Tokens) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    words = tokens.words
    masked = WILDCARD in tokens.text
    if policy.allow_starts.isdisjoint(words) and not masked:
        return spans  # no word starts a name or title of the allow-list
    inexact = 0
    for index, word in enumerate(words):
        if masked and WILDCARD in word:
            # A masked first word ('Sh*t My Dad Says') may start any listed phrase of its shape; as
            # for the lexicon, a message of hundreds of masked words is read for its first ones.
            inexact += 1
            phrases = policy.allow_phrases_like(word) if inexact <= MAX_INEXACT else []
        else:
            phrases = policy.allow_phrases.get(word, [])
        for phrase in phrases:
            end_index = index + len(phrase)
            if end_index <= len(words) and all(
                _same_word(words[index + offset], listed) for offset, listed in enumerate(phrase)
            ):
                spans.append((tokens.span(index)[0], tokens.span(end_index - 1)[1]))
    return spans


def _same_word(typed: str, listed: str) -> bool:
    """A typed word matches a listed one; a masked letter matches any ('go the f**k to sleep'), and a
    possessive is its word ("Pussy Riot's book")."""
    if typed == listed or (typed.endswith("'s") and typed[:-2] == listed):
        return True
    return WILDCARD in typed and fits_mask(typed, listed)


def detect(
    policy: Policy, text: str, sender: str, *, personal_data: Sequence[tuple[int, int]] = ()
) -> tuple[list[Hit], Folded]:
    """Every hit in ``text`` except personal data (see ``redact``), in text order.

    ``personal_data``: where in ``text`` the redactor found some. The rules have then placed the
    message even if nothing here fires: the word model's chit-chat, which personal data outranks,
    stays out. And the word models do not read the data itself (``model_words``)."""
    folded = fold(text, policy.spells)
    tokens = Tokens(folded.text)
    context = Context(policy, tokens, folded)
    hits: list[Hit] = []
    if sender == "customer":
        hits.extend(_term_hits(policy, folded, tokens, context))
    if folded.origin is not None and (WILDCARD in folded.text or _TYPED_SYMBOL.search(folded.original)):
        # The lexicon reads masked words itself ('f**k'); the patterns and the word model read
        # them as the one word they can be ('i want to kill mys*lf', 'im so d*pressed').
        unmasked = _unmasked(policy, tokens, folded)
        if unmasked is not None:
            tokens = Tokens(unmasked)
            context = Context(policy, tokens, folded)
    hits.extend(_pattern_hits(policy, folded, tokens, context=context, sender=sender))
    if sender == "customer":
        hits.extend(_model_hits(policy, folded, tokens, hits, context=context, personal_data=personal_data))
        hits = _settle_chit_chat(policy, hits, folded, tokens, context)
    else:
        hits.extend(_provider_model_hits(policy, folded, tokens, hits, context, personal_data=personal_data))
    return hits, folded


def _unmasked(policy: Policy, tokens: Tokens, folded: Folded) -> str | None:
    """The text with each masked word that can be only one known word written as that word (the
    same length: every offset still holds), or None if none can. A letter typed as a symbol is
    hidden too, as the lexicon reads it: '@' folds to 'a', but in 'mys@lf' it hides an 'e'."""
    text = tokens.text
    original = folded.original
    chars: list[str] | None = None
    # Each distinct masked word is looked up once, and a message of hundreds of them (an attack,
    # not a question) has its first ones read, as the lexicon's masked words are.
    read: dict[str, str | None] = {}
    for match in _SHOWN_WORD.finditer(text):
        start, end = match.span()
        if WILDCARD not in match.group():
            if policy.spells(match.group()):
                continue  # a word as folded ('5h1t' is 'shit'), as folding itself reads words
            first, last = folded.span(start, end)
            if original[first:last].isalpha():
                continue  # typed as letters
        masked = "".join(
            WILDCARD if original[folded.span(at, at + 1)[0]] in _HIDING_SYMBOLS else char
            for at, char in enumerate(match.group(), start)
        )
        if masked in read:
            word = read[masked]
        elif len(read) < MAX_INEXACT:
            word = read[masked] = policy.unmasked(masked)
        else:
            break
        if word is not None:
            chars = chars or list(text)
            chars[start:end] = word
    return None if chars is None else "".join(chars)


_TYPED_SYMBOL = re.compile(r"[@$!|+€£0-9]")
# Symbols typed for a letter that may hide another ('mys@lf'); a digit reads as its letter
# ('l1ck1ng' is 'licking', not 'locking').
_HIDING_SYMBOLS = frozenset("@$!|+€£")
# A word with its first letter shown ('mys*lf', not '*uck' nor '***'), masked or not: a folded word
# may hold letters typed as symbols.
_SHOWN_WORD = re.compile(r"(?<![\w*'])[a-z][a-z*]*(?![\w*'])")


_MODEL_LEVELS = {"low_mood": "low"}


def _model_hits(
    policy: Policy,
    folded: Folded,
    tokens: Tokens,
    hits: list[Hit],
    *,
    context: Context,
    personal_data: Sequence[tuple[int, int]],
) -> list[Hit]:
    """What the word model adds where the rules found nothing of that category (and, for its
    fallback categories, nothing at all; ``personal_data``: the redactor found some, which only
    chit-chat ranks below, so a service question with a card number in it is still one).

    The checks on who the message speaks of, and the context look-up, run only for the rare
    message the model has a verdict on."""
    if policy.model is None or not tokens.words:
        return []
    words = tokens.words
    placed = bool(personal_data)
    read, pairs = _model_input(folded, tokens, personal_data)
    verdicts = policy.model.judge(read, pairs)
    settings = policy.document.word_model
    fired = {hit.category for hit in hits}
    # A long message may say it in passing ('can u renew my books. i wont be needing them after
    # this week. thanks'): its other sentences, a question's everyday words, weigh the whole down,
    # so each sentence is judged too, at a stricter bar. Most messages are one sentence (no mark
    # that ends one before their last word) and skip the word positions this needs.
    unjudged = [
        category
        for category in settings.by_sentence
        if category not in fired and all(verdict.category != category for verdict in verdicts)
    ]
    parts: list[range] = []  # the message's sentences, where it has several and one is judged so
    if unjudged and _may_have_sentences(tokens):
        parts = _sentences(tokens)
        if len(parts) > 1:
            for category in unjudged:
                passing = policy.model.judge_parts(category, read, parts, settings.sentence_threshold)
                if passing is not None:
                    verdicts.append(passing)
    if (
        Category.DISTRESS not in fired
        and all(verdict.category != Category.DISTRESS for verdict in verdicts)
        and not LAUGHTER.isdisjoint(read)
    ):
        laughed_off = _distress_under_laughter(policy.model, read, parts, settings.sentence_threshold)
        if laughed_off is not None:
            verdicts.append(laughed_off)
    # A question about a song, film or book ('who sings let me love you') quotes its title: the
    # rules judge it with their own contexts, the word model, blind to quoting, does not.
    if not verdicts or context.suppresses(("reference", "work"), 0, len(tokens.text)):
        return []
    # 'Discord's terms of service' names another company's service, not this one.
    speaking = _without_terms_of_service(words)
    to_librarian = not (
        policy.second_person.isdisjoint(speaking) and policy.librarian_nouns.isdisjoint(speaking)
    )
    personal = to_librarian or not FIRST_PERSON.isdisjoint(words)
    frictional = not policy.friction_words.isdisjoint(words)
    of_service = to_librarian or not policy.service_words.isdisjoint(speaking)
    asks_a_fact = words[0] in policy.question_words
    empty = policy.empty_words
    needs_words = policy.model_needs_words
    # A chit-chat rule ('do you like ...') is kept only if the whole message is social talk
    # (_settle_chit_chat): the model, which judges the whole message, is the judge it needs, so the
    # rule's hit neither pre-empts nor blocks the model's chit-chat.
    besides_chat = fired - {Category.CHIT_CHAT}
    found: list[Hit] = []
    for verdict in verdicts:
        category = Category(verdict.category)
        ruled = besides_chat if category == Category.CHIT_CHAT else fired
        if (
            category in ruled
            or ((ruled or (placed and category == Category.CHIT_CHAT)) and category in settings.fallback)
            # Impatience needs no person: a word of friction says who it is aimed at ('this is
            # taking forever', 'what's the holdup'); nor does menace the model is sure of ('nice
            # car btw. the silver one').
            or (
                not personal
                and category in settings.personal
                and not (frictional and category in settings.needs_friction)
                and verdict.probability < settings.impersonal_threshold.get(category, 1.0)
            )
            or (
                not to_librarian
                and category in settings.aimed
                and verdict.probability < settings.impersonal_threshold.get(category, 1.0)
            )
            or (not of_service and category in settings.addressed)
            or (asks_a_fact and category in settings.not_in_questions)
            or (asks_a_fact and not to_librarian and category in settings.not_in_impersonal_questions)
            or (category in settings.needs_meaning and all(words[i] in empty for i in verdict.evidence))
            or (category in settings.needs_friction and not to_librarian and not frictional)
            or (category in needs_words and needs_words[category].isdisjoint(words))
        ):
            continue
        begin, finish = _evidence_span(tokens, verdict)
        if _yields(settings, context, category, begin, finish):
            continue
        start, end = folded.span(begin, finish)
        judged = settings.defers_to.get(category, ())
        if judged and any(hit.category in judged and hit.start <= start and end <= hit.end for hit in hits):
            continue
        subtype = verdict.subtype if category == Category.DISTRESS else None
        level = _MODEL_LEVELS.get(subtype or "", "high") if subtype else None
        found.append(Hit(category, start, end, f"model.{verdict.category}", subtype, level))
    return found


# Laughter typed beside trouble ('lol i'm so done with existing', 'cut deeper than usual last night
# lol oops'): the word model learnt laughter from jokes, so it weighs a message down whatever the
# rest says. Distress is judged again with the laughter unread; the contexts that tell a joke from
# trouble (a chore's hyperbole, a past told as over) still judge what that finds.
MIN_LAUGHED_OFF_WORDS = 8
LAUGHTER = frozenset(
    {"lol", "lool", "lolol", "lolz", "lmao", "lmfao", "haha", "hahah", "hahaha", "hehe", "rofl"}
)


def _distress_under_laughter(
    model: LinearModel, read: list[str], sentences: list[range], threshold: float
) -> Verdict | None:
    """The word model's distress in the message, or in one of its ``sentences`` at ``threshold``,
    with its laughter unread; evidence indexes are the message's."""
    kept = [index for index, word in enumerate(read) if word not in LAUGHTER]
    if len(kept) < MIN_LAUGHED_OFF_WORDS:
        return None  # 'I feel like we're friends now lol': in a few words the laughter is the tone
    plain = [read[index] for index in kept]
    verdict = next((found for found in model.judge(plain) if found.category == Category.DISTRESS), None)
    if verdict is None and len(sentences) > 1:
        parts = [
            part
            for part in (range(bisect_left(kept, p.start), bisect_left(kept, p.stop)) for p in sentences)
            if len(part) >= MIN_SENTENCE_WORDS
        ]
        if len(parts) > 1:
            verdict = model.judge_parts(Category.DISTRESS, plain, parts, threshold)
    if verdict is None:
        return None
    return Verdict(
        verdict.category,
        verdict.probability,
        tuple(kept[index] for index in verdict.evidence),
        verdict.subtype,
    )


def _model_input(
    folded: Folded, tokens: Tokens, personal_data: Sequence[tuple[int, int]]
) -> tuple[list[str], list[str] | None]:
    """The words a word model reads, and their pairs where the tokens' own serve (no word unread);
    otherwise the model pairs the words it reads itself."""
    read = model_words(folded, tokens, personal_data)
    return read, (tokens.pairs if read is tokens.words else None)


def model_words(folded: Folded, tokens: Tokens, personal_data: Sequence[tuple[int, int]]) -> list[str]:
    """The words the word models read (``train.py`` too): each one inside personal data (spans in
    the original text) is UNREAD. A card number, a phone or an address is no evidence of threat or
    distress, but its words weighed: learnt from the corpus's messages that give their data, the
    numbers, 'rd' and '555' counted against every other category, and 'I'm 10 minutes from your
    branch at 1410 Meadowbrook Rd and I'm on my way to find you' fell below the threat threshold
    that the same message without its address clears. Same length, so indexes and sentences hold."""
    if not personal_data:
        return tokens.words
    read = list(tokens.words)
    # Words and spans both run left to right: one sweep, not every word against every span (a pasted
    # page of card numbers has hundreds of each).
    spans = sorted(personal_data)
    next_span = 0
    for index in range(len(read)):
        start, end = folded.span(*tokens.span(index))
        while next_span < len(spans) and spans[next_span][1] <= start:
            next_span += 1
        if next_span == len(spans):
            break
        # Spans never overlap (the redactor keeps the longest): the first not yet passed decides.
        low, high = spans[next_span]
        if low < end and start < high:
            read[index] = UNREAD
    return read


def _without_terms_of_service(words: list[str]) -> list[str]:
    """The words, less each 'service' of someone's 'terms of service' ('Discord's terms of service';
    'violating terms of service' may be this service's)."""
    if "terms" not in words:
        return words
    return [
        word
        for index, word in enumerate(words)
        if not (
            word in ("service", "services")
            and index >= 3
            and words[index - 2 : index] == ["terms", "of"]
            and (words[index - 3].endswith("'s") or words[index - 3] in ("their", "its"))
        )
    ]


def _evidence_span(tokens: Tokens, verdict: Verdict) -> tuple[int, int]:
    """From the first to the last word of the verdict's evidence (the whole message if it has none),
    in the folded text."""
    first, last = (verdict.evidence[0], verdict.evidence[-1]) if verdict.evidence else (0, len(tokens) - 1)
    return tokens.span(first)[0], tokens.span(last)[1]


def _yields(settings: WordModelSettings, context: Context, category: Category, begin: int, end: int) -> bool:
    """Does a context of a kind this category yields to cover the verdict's evidence?"""
    return any(
        category in categories and context.suppresses((kind,), begin, end)
        for kind, categories in settings.yields_to.items()
    )


def _provider_model_hits(
    policy: Policy,
    folded: Folded,
    tokens: Tokens,
    hits: list[Hit],
    context: Context,
    *,
    personal_data: Sequence[tuple[int, int]],
) -> list[Hit]:
    """What the librarians' word model adds: coaching the rules missed ('honestly I'd just stop
    taking it', 'and your date of birth?'), under the same ``fallback``, ``needs_words`` and
    ``yields_to`` as the customers'."""
    if policy.provider_model is None or not tokens.words:
        return []
    settings = policy.document.word_model
    needs_words = policy.model_needs_words
    fired = {hit.category for hit in hits}
    found: list[Hit] = []
    for verdict in policy.provider_model.judge(*_model_input(folded, tokens, personal_data)):
        category = Category(verdict.category)
        if category in fired or (fired and category in settings.fallback):
            continue
        if category in needs_words and needs_words[category].isdisjoint(tokens.words):
            continue
        begin, finish = _evidence_span(tokens, verdict)
        if _yields(settings, context, category, begin, finish):
            continue
        start, end = folded.span(begin, finish)
        found.append(Hit(category, start, end, f"model.{verdict.category}"))
    return found


_SENTENCE_END = re.compile(r"[.!?\n]")


def _may_have_sentences(tokens: Tokens) -> bool:
    """Could ``_sentences`` find two? Only with room for two and a mark that ends a sentence with a
    word after it: marks in the closing run of punctuation have none."""
    return len(tokens) >= 2 * MIN_SENTENCE_WORDS and (
        _SENTENCE_END.search(tokens.text.rstrip(_CLOSING)) is not None
    )


_CLOSING = " \t\n.!?\"')"


def _sentences(tokens: Tokens) -> list[range]:
    """The word indexes of each sentence of at least three words: none if the text has no mark that
    ends a sentence, one part for a single sentence that ends with one.

    Counted piece by piece between the marks (no word holds one), so the words' positions in the
    text are never needed."""
    pieces = _SENTENCE_END.split(tokens.text)
    if len(pieces) == 1:
        return []
    parts: list[range] = []
    start = end = 0
    for piece in pieces:
        end += len(TOKEN.findall(piece))
        if end - start >= MIN_SENTENCE_WORDS:
            parts.append(range(start, end))
        start = end
    return parts


MIN_SENTENCE_WORDS = 3


# --- words and phrases of the lexicon ---------------------------------------------------------


def _term_hits(policy: Policy, folded: Folded, tokens: Tokens, context: Context) -> list[Hit]:
    found: list[tuple[int, int, TermEntry]] = []  # (first token, token after, entry)
    words = tokens.words
    text = tokens.text
    if not policy.term_starts.isdisjoint(words):
        for index, word in enumerate(words):
            if word in policy.term_starts and _base(word) not in policy.exceptions:
                hit = _phrase_at(policy, words, index)
                entry = policy.words.get(word)
                if hit is not None:
                    found.append((index, hit[1], hit[0]))
                elif entry is not None:
                    found.append((index, index + 1, entry))
    # A word that only squeezes onto an aimed entry ('niggers' onto the aimed 'nigers') may hold a
    # slur that counts anywhere: the compound scans look at it again, and an unconditional entry
    # they find replaces the squeezed one. A word listed as it is keeps its placement.
    squeezed = {
        index
        for index, after, entry in found
        if entry.rule.aimed and after == index + 1 and entry.word != words[index]
    }
    known = {index for index, _, _ in found} - squeezed
    compounds = _compounds(policy, tokens, known)
    replaced = {index for index, _, entry in compounds if index in squeezed and not entry.rule.aimed}
    found = [item for item in found if item[0] not in replaced]
    found.extend(item for item in compounds if item[0] not in squeezed or item[0] in replaced)
    known = {index for index, _, _ in found}
    if folded.origin is not None:  # folding changed the text: an evasion may have left a remnant
        found.extend(_evasion_remnants(policy, tokens, folded, known))
        known = {index for index, _, _ in found}
    guessed: set[int] = set()  # words read by a guess that counts only when aimed at the librarian
    if _VOWELLESS.search(text) is not None:
        dropped = _vowels_dropped(policy, tokens, folded, known)
        guessed.update(index for index, _, _ in dropped)
        found.extend(dropped)
    if _BROKEN_HINT.search(text) is not None:
        found.extend(_broken_words(policy, tokens, known))
    ordinary = policy.ordinary_short_words
    fragments = [
        index for index, word in enumerate(words) if len(word) < 3 and word not in ordinary and word.isalpha()
    ]
    if fragments:
        # Like masked words, a message of hundreds of fragments (an attack) is judged on its first ones.
        found.extend(_split_apart(policy, tokens, fragments[:MAX_INEXACT], known))
    if WILDCARD in text:
        found.extend(_masked(policy, tokens, folded, known))

    hits: list[Hit] = []
    # A long message (an attack, a pasted page) keeps one hit per rule, as its patterns do: the
    # verdict is the same, and 'moron. ' five hundred times costs one aim check, not five hundred.
    kept: set[str] | None = set() if len(text) > LONG_TEXT else None
    for first, after, entry in sorted(found, key=lambda item: item[0]):
        rule = entry.rule
        if kept is not None and rule.id in kept:
            continue
        start, end = tokens.span(first)[0], tokens.span(after - 1)[1]
        if context.allows(start, end) or context.suppresses(rule.suppressed_by, start, end):
            continue
        if (rule.needs_aim(words, first, after) or first in guessed) and not _aimed_at_librarian(
            policy, tokens, first, after
        ):
            continue
        original_start, original_end = folded.span(start, end)
        hits.append(Hit(rule.category, original_start, original_end, rule.id))
        if kept is not None:
            kept.add(rule.id)
    return hits


_DOUBLED = re.compile(r"([a-z])\1")
_TRIPLED = re.compile(r"([^\W\d_])\1\1", re.IGNORECASE)
_SPACED_GAP = re.compile(r"[a-z][ ._-]+[a-z]", re.IGNORECASE)
MAX_STRETCHED_RUNS = 4


def _evasion_remnants(
    policy: Policy, tokens: Tokens, folded: Folded, known: set[int]
) -> list[tuple[int, int, TermEntry]]:
    """Two evasions folding leaves half undone.

    A word stretched in two places ('stuuuupiiiid'): folding cuts each run to two letters, and the
    lexicon lists each entry with one letter doubled, so the word is looked up with each doubled
    letter kept or single (the original must show a run of three: 'bookkeeper' is a word as typed).
    A spelled-out word after spelled-out texting words ('ur a w h o r e', 'u r a d u m b a s s'): the
    run joins them on."""
    found: list[tuple[int, int, TermEntry]] = []
    stretched = _TRIPLED.search(folded.original) is not None  # most folded messages have no run
    cyrillic_u = not CYRILLIC_U.isdisjoint(folded.original)
    for index, word in enumerate(tokens.words):
        if index in known or word in policy.term_starts:
            continue
        entry: TermEntry | None = None
        if stretched:
            pairs = [match.start() for match in _DOUBLED.finditer(word)]
            if 2 <= len(pairs) <= MAX_STRETCHED_RUNS and _TRIPLED.search(
                folded.original, *folded.span(*tokens.span(index))
            ):
                entry = _squeezed_entry(policy, word, pairs)
        if (
            entry is None
            and len(word) > 3
            and word[0] in TEXTING_LETTERS
            and _SPACED_GAP.match(folded.original, *folded.span(*tokens.span(index))) is not None
        ):
            entry = _after_texting_letters(policy, word)
        if entry is None and not word.isalpha() and _DIGIT.search(word):
            entry = _spelled_with_digits(policy, word)
        if entry is None and cyrillic_u and "u" in word:
            entry = _cyrillic_u_as_y(policy, word, tokens.span(index)[0], folded)
        if entry is not None:
            found.append((index, index + 1, entry))
    return found


# Digits read as the letters they look like. Folding reads one only where it touches a letter, so
# a run of them before a word stays digits ('455hole', '57fu', '70553r': '100k' and '5th' are not
# words spelled); the lexicon says which such word is one.
_DIGIT = re.compile(r"\d")
_DIGITS_AS_LETTERS = str.maketrans({digit: letter for digit, letter in LEET.items() if digit.isdigit()})


def _spelled_with_digits(policy: Policy, word: str) -> TermEntry | None:
    """The lexicon entry a word of letters and digits spells with its digits read as letters."""
    if not any(char.isalpha() for char in word):
        return None  # '7175' is a number
    spelled = word.translate(_DIGITS_AS_LETTERS)
    if spelled == word or not spelled.isalpha():
        return None
    return _read_as(policy, spelled)


def _cyrillic_u_as_y(policy: Policy, word: str, start: int, folded: Folded) -> TermEntry | None:
    """A Cyrillic 'у' between consonants folds to 'u' ('fуck'), but it looks like a 'y' and stands
    for one as often ('kуѕ', 'dуkе'): the lexicon entry the word spells with it read as 'y'."""
    original = folded.original
    letters = list(word)
    for offset, char in enumerate(word):
        if char == "u" and original[folded.span(start + offset, start + offset + 1)[0]] in CYRILLIC_U:
            letters[offset] = "y"
    spelled = "".join(letters)
    if spelled == word:
        return None
    return _read_as(policy, spelled)


def _read_as(policy: Policy, spelled: str) -> TermEntry | None:
    """The entry of a word as a disguise spells it: listed (with the lexicon's stretched spellings,
    as a word typed plain is looked up), or a prefix and at most a short suffix."""
    if spelled in policy.exceptions:
        return None
    entry = policy.words.get(spelled)
    return entry or _joined_entry(policy, spelled, may_infix=False, max_suffix=MAX_SUFFIX)


def _after_texting_letters(policy: Policy, word: str) -> TermEntry | None:
    """A spelled-out word after spelled-out texting words ('ur a w h o r e', 'u r a d u m b a s s'):
    the run joins them on, so the word is looked for after up to three of their letters ('dumbass',
    'dumbasses': a prefix and at most a suffix after it)."""
    for cut in range(1, min(4, len(word) - 2)):
        if word[cut - 1] not in TEXTING_LETTERS:
            break
        entry = _joined_entry(policy, word[cut:], may_infix=False, max_suffix=MAX_SUFFIX)
        if entry is not None:
            return entry
    return None


MAX_SUFFIX = 3


def _joined_entry(
    policy: Policy, word: str, *, may_infix: bool, max_suffix: int | None = None
) -> TermEntry | None:
    """The lexicon entry a word joined from pieces spells: the word as listed or its plural, not a
    spelling the lexicon derives for stretched letters ('pendejo o' is no 'pendejoo'); else a word a
    prefix (then at most ``max_suffix`` letters) or an infix makes ('shi t'). An exception spells none."""
    if word in policy.exceptions:
        return None
    entry = policy.words.get(word)
    if entry is not None and word in (entry.word, f"{entry.word}s"):
        return entry
    entry = _by_parts(policy, word, may_prefix=True, may_infix=may_infix)
    if entry is not None and max_suffix is not None and len(word) - len(entry.word) > max_suffix:
        return None
    return entry


def _squeezed_entry(policy: Policy, word: str, pairs: list[int]) -> TermEntry | None:
    """The entry ``word`` spells with some of its doubled letters (at ``pairs``) made single."""
    for keep in itertools.product((True, False), repeat=len(pairs)):
        cut = {pair for pair, kept in zip(pairs, keep, strict=True) if not kept}
        candidate = "".join(char for offset, char in enumerate(word) if offset not in cut)
        entry = policy.words.get(candidate)
        if entry is not None and candidate not in policy.exceptions:
            return entry
    return None


# A word of four letters or more with no vowel (not even 'y') after its first letter: most are
# abbreviations ('bldg', 'mgmt', 'html') or words ('arms', 'itch'), a few a lexicon word with its
# vowels dropped ('btch', 'stpd', 'asshl').
_VOWELLESS = re.compile(r"(?<![\w*'])[a-z][b-df-hj-np-tv-xz]{3,}(?![\w*'])")


def _vowels_dropped(
    policy: Policy, tokens: Tokens, folded: Folded, known: set[int]
) -> list[tuple[int, int, TermEntry]]:
    """An abusive lexicon word typed without its vowels ('ur a stpd btch'). Not a word the
    engine knows as typed ('psych', 'html'), nor one typed in capitals: an acronym ('CRPS'). An
    abbreviation nobody listed may spell a skeleton too, so the caller counts these only where they
    are aimed at the librarian."""
    found: list[tuple[int, int, TermEntry]] = []
    for match in itertools.islice(_VOWELLESS.finditer(tokens.text), MAX_INEXACT):
        word = match.group()
        entry = policy.skeletons.get(word)
        if entry is None or policy.spells(word):
            continue
        index = tokens.index_at(match.start())
        first, last = folded.span(match.start(), match.end())
        if index in known or folded.original[first:last].isupper():
            continue
        found.append((index, index + 1, entry))
        known.add(index)
    return found


# A word broken by one mark between its letters: a hyphen ('dumb-ass', 'mother-fucker'), a dot or a
# comma ('bull.shit', 'b,itch') or a symbol that hides a letter ('f?ck', 'b&tch', 'sh"t'). A piece glued on
# by a dot, '&' or '?' to more letters before it is part of an address or a name ('www.ass.com').
_BROKEN = re.compile(r"""(?<![\w*'"-])(?<![a-z][.&?])([a-z*]+)([-.,&?"])([a-z*]+)(?![\w*'"&?-]|[.,][a-z])""")
_BROKEN_HINT = re.compile(r"""[a-z*][-.,&?"][a-z*]""")
# A mark read as a hidden letter: the word it is in has this many characters at least ('a&s' is
# too short to be any one word).
MIN_MARKED_WORD = 4


def _broken_words(policy: Policy, tokens: Tokens, known: set[int]) -> list[tuple[int, int, TermEntry]]:
    """A lexicon word broken in two by a mark: the two tokens it makes, read as the word joined
    ('bull.shit'), else with the mark as a hidden letter ('f?ck', 'sh.t'), as a masked word is."""
    found: list[tuple[int, int, TermEntry]] = []
    # Like masked words, a message of hundreds of broken words (an attack) is read for its first ones.
    for match in itertools.islice(_BROKEN.finditer(tokens.text), MAX_INEXACT):
        before, _, after = match.groups()
        joined = before + after
        if joined in policy.exceptions:
            continue
        entry = policy.words.get(joined) or _by_parts(policy, joined, may_prefix=True, may_infix=True)
        if entry is None and len(match.group()) >= MIN_MARKED_WORD and before[0] != WILDCARD:
            marked = f"{before}{WILDCARD}{after}"
            entry = _best_masked_fit(policy, marked, [char == WILDCARD for char in marked])
        if entry is None:
            continue
        index = tokens.index_at(match.start())
        if index in known or index + 1 in known:
            continue
        found.append((index, index + 2, entry))
        known.update((index, index + 1))
    return found


# What may stand between the pieces of a word typed apart: one space or one hyphen.
_PIECE_GAPS = frozenset((" ", "-"))


def _split_apart(
    policy: Policy, tokens: Tokens, fragments: list[int], known: set[int]
) -> list[tuple[int, int, TermEntry]]:
    """A lexicon word typed in pieces around a fragment ('shi t', 'ku nt', 'a ss hole'): each run
    of pieces that holds one of ``fragments`` (words of one or two letters that are not ordinary
    words) is read joined. An ordinary short word ('put a', 'go on') is a word of its own."""
    found: list[tuple[int, int, TermEntry]] = []
    words = tokens.words
    most = policy.document.split_words.max_pieces
    ordinary = policy.ordinary_short_words
    for fragment in fragments:
        for first, after in _runs_around(fragment, most, len(words)):
            pieces = words[first:after]
            if (
                any(index in known for index in range(first, after))
                or not all(map(str.isalpha, pieces))
                or _ordinary_pieces(pieces, ordinary)
                or not _typed_apart(tokens, first, after)
            ):
                continue
            entry = _joined_entry(policy, "".join(pieces), may_infix=True)
            if entry is not None:
                found.append((first, after, entry))
                known.update(range(first, after))
    return found


def _runs_around(index: int, most: int, length: int) -> Iterator[tuple[int, int]]:
    """Each run of two to ``most`` words in a row (of ``length``) that holds word ``index``, as
    (first, after)."""
    for count in range(2, most + 1):
        for first in range(max(0, index - count + 1), min(index, length - count) + 1):
            yield first, first + count


def _ordinary_pieces(pieces: list[str], ordinary: frozenset[str]) -> bool:
    """Does the run hold a word of its own? Two pieces join only if neither is one ('put a'); a
    longer run may start with one ('a ss hole'), never hold one further in ('go on ar')."""
    if len(pieces) == 2:
        return pieces[0] in ordinary or pieces[1] in ordinary
    return any(piece in ordinary for piece in pieces[1:])


def _typed_apart(tokens: Tokens, first: int, after: int) -> bool:
    """Are words ``first`` to ``after`` separated by one space or hyphen each, with no dot or
    apostrophe gluing the run to the text around it ('u.s hit' is not 's hit')?"""
    text = tokens.text
    start = tokens.span(first)[0]
    if start > 0 and text[start - 1] in ".'-":
        return False
    end = tokens.span(after - 1)[1]
    if text[end : end + 1] in ("'", "-"):
        return False
    gaps = (text[tokens.span(index)[1] : tokens.span(index + 1)[0]] for index in range(first, after - 1))
    return all(gap in _PIECE_GAPS for gap in gaps)


def _masked(
    policy: Policy, tokens: Tokens, folded: Folded, known: set[int]
) -> list[tuple[int, int, TermEntry]]:
    """Masked words ('f**k', 'hijo de p*ta'): a lexicon phrase they complete, else a word they fit."""
    found: list[tuple[int, int, TermEntry]] = []
    words = tokens.words
    masked = [index for index, word in enumerate(words) if WILDCARD in word and index not in known]
    for index in masked[:MAX_INEXACT]:
        if index in known:
            continue
        phrase = _masked_phrase(policy, words, index)
        if phrase is not None:
            found.append(phrase)
            known.update(range(phrase[0], phrase[1]))
            continue
        entry = _lookup_masked(policy, words[index], tokens.span(index)[0], folded)
        if entry is not None:
            found.append((index, index + 1, entry))
            known.add(index)
    return found


def _masked_phrase(policy: Policy, words: list[str], index: int) -> tuple[int, int, TermEntry] | None:
    """A lexicon phrase with a masked word ('hijo de p*ta', 'p*ta madre'): its words in a row, each
    typed or masked to the phrase's shape."""
    for start in range(max(0, index - policy.longest_phrase + 1), index + 1):
        first = words[start]
        candidates = (
            policy.term_phrases.get(first, [])
            if WILDCARD not in first
            else policy.masked_phrase_starts(first)
        )
        for phrase, entry in candidates:
            after = start + len(phrase)
            if index < after <= len(words) and all(
                _same_word(words[start + offset], word) for offset, word in enumerate(phrase)
            ):
                return start, after, entry
    return None


def _phrase_at(policy: Policy, words: list[str], index: int) -> tuple[TermEntry, int] | None:
    """The term phrase starting at ``words[index]``, its words as listed or stretched ('coock
    sucker': folding leaves a stretched letter doubled)."""
    first = words[index]
    candidates = policy.term_phrases.get(first, [])
    stands_for = policy.phrase_spellings.get(first)
    if stands_for is not None:
        candidates = [
            *candidates,
            *(item for word in sorted(stands_for) for item in policy.term_phrases.get(word, ())),
        ]
    spellings = policy.phrase_spellings
    for phrase, entry in candidates:
        after = index + len(phrase)
        if after <= len(words) and all(
            words[index + k] == w or w in spellings.get(words[index + k], ()) for k, w in enumerate(phrase)
        ):
            return entry, after
    return None


# Masked and stretched words cost a little search each; a message made of hundreds of them (an
# attack on the service, not a question) is judged on its first ones.
MAX_INEXACT = 64
# A masked word is read against the lexicon (its words have 18 letters at most) up to this length.
MAX_MASKED_WORD = 48


def _base(word: str) -> str:
    """'scunthorpe's' -> 'scunthorpe': exceptions hold for the possessive too."""
    return word[:-2] if word.endswith("'s") else word


def _compounds(policy: Policy, tokens: Tokens, known: set[int]) -> list[tuple[int, int, TermEntry]]:
    """Words that start with a lexicon prefix (shithead) or contain an infix (motherfucking), found
    by one scan of the text each, so a message pays only for the words that match."""
    found: list[tuple[int, int, TermEntry]] = []
    for scan, table in ((policy.prefix_scan, policy.prefixes), (policy.infix_scan, policy.infixes)):
        if scan is None:
            continue
        for match in scan.finditer(tokens.text):
            index = tokens.index_at(match.start())
            if index in known or index >= len(tokens) or _base(tokens.words[index]) in policy.exceptions:
                continue
            entry = table.get(match.group())
            if entry is not None:
                found.append((index, index + 1, entry))
                known.add(index)
    return found


def _by_parts(policy: Policy, word: str, *, may_prefix: bool, may_infix: bool) -> TermEntry | None:
    """The lexicon prefix this word starts with, or the infix it contains."""
    if may_prefix and policy.prefix_scan is not None:
        match = policy.prefix_scan.match(word)
        if match is not None and match.group() in policy.prefixes:
            return policy.prefixes[match.group()]
    if may_infix and policy.infix_scan is not None:
        match = policy.infix_scan.search(word)
        if match is not None and match.group() in policy.infixes:
            return policy.infixes[match.group()]
    return None


def _lookup_masked(policy: Policy, token: str, start: int, folded: Folded) -> TermEntry | None:
    """'f**k', 'sh*t', 'f#@k': a masked word matches a lexicon word of the same shape.

    A position counts as a wildcard if it is masked or if the patron typed a symbol there (the
    '@' of 'f#@k' became 'a' when folded, but it stands for a hidden letter too).
    """
    word = token.lstrip(WILDCARD)
    if len(word) < 2 or not word[0].isalpha() or word.count(WILDCARD) > len(word) - 1:
        return None
    if len(word) > MAX_MASKED_WORD:
        return None  # 'a*b*c*...' for 4,000 characters: no word, and its infix search was 150 ms
    offset = start + len(token) - len(word)
    original = folded.original
    first, last = folded.span(offset, offset + len(word))
    if any(map(str.isdigit, original[first:last])):
        # A digit beside a mask, kept ('#INC0048812') or read as a letter ('3x^4 - 2x^2'): an
        # identifier or algebra, not a masked word.
        return None
    wild = [
        char == WILDCARD
        or (char.isalpha() and not original[folded.span(offset + i, offset + i + 1)[0]].isalpha())
        for i, char in enumerate(word)
    ]
    return _best_masked_fit(policy, word, wild)


def _best_masked_fit(policy: Policy, word: str, wild: list[bool]) -> TermEntry | None:
    """The lexicon entry a word with hidden letters (``wild``) most likely stands for."""
    fitting = [
        candidate
        for candidate in policy.by_shape.get((word[0], len(word)), ())
        if all(wild[i] or candidate.word[i] == char for i, char in enumerate(word))
    ]
    fitting.extend(_masked_infixes(policy, word, wild))
    if not fitting:
        fitting = _masked_prefixes(policy, word, wild)
    # 'f**k' fits 'feck' too: a masked word means an offensive word it can stand for; a whole word
    # ('fuck') is a likelier reading than the start of a longer one ('fagg...').
    return max(
        fitting,
        key=lambda c: (
            c.rule.severity != "mild",
            c.word not in policy.prefixes,
            SEVERITY_RANK[c.rule.severity],
        ),
        default=None,
    )


def _masked_prefixes(policy: Policy, word: str, wild: list[bool]) -> list[TermEntry]:
    """Prefixes a masked compound starts with, every hidden letter inside the prefix ('sh*tbird',
    'kn*bheads', 'c*rpetmuncher'); not where the word the mask fills in is an exception."""
    hidden = [index for index, is_wild in enumerate(wild) if is_wild]
    if not hidden:
        return []  # '*hello': the mask stood before the word
    fitting: list[TermEntry] = []
    last_hidden = hidden[-1]
    for length in range(last_hidden + 1, min(len(word) - 1, policy.max_prefix) + 1):
        for candidate in policy.by_shape.get((word[0], length), ()):
            if policy.prefixes.get(candidate.word) is not candidate:
                continue  # a whole word of that length, not a prefix
            fits = all(wild[i] or candidate.word[i] == char for i, char in enumerate(word[:length]))
            if fits and candidate.word + word[length:] not in policy.exceptions:
                fitting.append(candidate)
    return fitting


def _masked_infixes(policy: Policy, word: str, wild: list[bool]) -> list[TermEntry]:
    """Infixes that fit inside a masked word ('motherf*cker') over a hidden and a typed letter.

    A placement on plain letters only is the ordinary infix scan's business (exceptions
    included), already done; one on hidden letters only is no evidence of any word. The first
    typed letter of a placement picks the infixes with that letter there.
    """
    hidden = [index for index, is_wild in enumerate(wild) if is_wild]
    if not hidden:
        return []
    fitting: dict[int, TermEntry] = {}
    for begin in range(hidden[-1] + 1):
        typed = begin
        while typed < len(word) and wild[typed]:
            typed += 1
        if typed == len(word) or typed - begin >= INFIX_INDEX_DEPTH:
            continue
        for infix, entry in policy.infixes_by_letter.get((typed - begin, word[typed]), ()):
            end = begin + len(infix)
            if end > len(word) or end <= hidden[0] or id(entry) in fitting:
                continue
            if all(wild[begin + i] or word[begin + i] == char for i, char in enumerate(infix)):
                fitting[id(entry)] = entry
    return list(fitting.values())


# 'how are you this stupid': right before the remark, 'this' and 'that' mean 'so'.
_INTENSIFIERS = frozenset({"this", "that"})


def _aimed_at_librarian(policy: Policy, tokens: Tokens, first: int, after: int) -> bool:
    """Is the remark in tokens[first:after] aimed at the librarian?

    The nearest person word before it decides. 'you' counts only if what stands between is glue
    ('are you stupid', 'you are such a ...'), so 'can you take out the trash' is not an insult;
    'I'm', 'this', 'my teacher' mean somebody else ('sorry if this is a stupid question'). A word
    for the librarian right after it counts ('stupid bot'), and so does a bare address: a message
    of a remark with only words of address around it ('idiot.', 'what a moron'), an opening
    'idiot, ...' or a closing ', idiot'.
    """
    words = tokens.words
    text = tokens.text
    if said_of_oneself(words, first):
        return False  # 'as a fat woman I'm tired of diet books', 'i'm such an idiot'
    if first > 0 and after == len(words) and "," in text[tokens.span(first - 1)[1] : tokens.span(first)[0]]:
        return True  # '..., idiot'
    if after < len(words) and all(word in policy.address for word in itertools.islice(words, first)):
        gap = text[tokens.span(after - 1)[1] : tokens.span(after)[0]]
        if any(mark in gap for mark in ",!."):
            return True  # a vocative: 'idiot, answer me', 'hey moron, ...', 'jackass. i said ...'
        if first > 0 and words[after] in _CLAUSE_OPENERS and words[after + 1 : after + 2] != ["am"]:
            return True  # typed without the comma: 'ok mf i asked for the hours' ('what a dummy i am' is not)
    if after == len(words) and first >= MIN_WORDS_BEFORE_CLOSING and words[first - 1] in _CLAUSE_ENDINGS:
        return True  # a closing address typed without the comma: 'what time do you close tonight jackass'
    if 0 < first <= VOCATIVE_OPENING and after < len(words):
        before = text[tokens.span(first - 1)[1] : tokens.span(first)[0]]
        if "," in before and any(
            mark in text[tokens.span(after - 1)[1] : tokens.span(after)[0]] for mark in ",!."
        ):
            return True  # a vocative between commas after a short opening: 'Listen here, moron, I asked ...'
    if _ordered_address(policy, tokens, first, after):
        return True
    if _you_vocative(policy, tokens, first, after):
        return True
    if _encountered(policy, tokens, first, after):
        return True
    if after + 1 < len(words) and words[after] == "like" and words[after + 1] in policy.second_person:
        return True  # 'an airhead like you'
    if after + 2 == len(words) and words[after] in policy.second_person and words[after + 1] in _YOU_BE:
        return True  # 'what a pathetic little troll you are'
    window = policy.document.targeting.window
    for position in range(first - 1, max(-1, first - 1 - window), -1):
        # 'you people', 'you guys': the group is you
        grouped = position > 0 and words[position] in policy.you_groups
        grouped = grouped and words[position - 1] in policy.second_person
        index = position - 1 if grouped else position
        word = words[index]
        if word in policy.second_person:
            if _describes_you(policy, tokens, index, first):
                return True
            return all(
                words[between] in policy.glue or (between == first - 1 and words[between] in _INTENSIFIERS)
                for between in range(index + 1, first)
            )
        if word in policy.other_person and not (index == first - 1 and word in _INTENSIFIERS):
            return False
    if after < len(words):
        following = words[after]
        # 'stupid bot', 'idiot you': the word right after, not one past a break ('kind of awful,
        # yours is so much nicer' compares two libraries).
        if (following in policy.librarian_nouns or following in policy.second_person) and not any(
            mark in text[tokens.span(after - 1)[1] : tokens.span(after)[0]] for mark in ",.;!?"
        ):
            return True
        if _cannot_even(policy, words, after):
            return True
    # A bare address: the remark alone, or with only words of address around it ('idiot.', 'what a
    # moron', 'stupid bot lol'); 'Virgin Islands' or 'penis health' is a search, not an address.
    if _only_address_around(policy, tokens, first, after, start=0, end=len(words)):
        return True
    return _addressed_in_own_sentence(policy, tokens, first, after)


def _encountered(policy: Policy, tokens: Tokens, first: int, after: int) -> bool:
    """'never in my life dealt with such a dimwit.', 'I have never spoken to such an ignorant
    individual': such a remark after a word for dealing with someone, ending its sentence, is said of
    the person the writer is dealing with now (the 'I' and 'my' before it are the writer's). Not 'such
    an idiot as my ex' nor 'met such a moron at the DMV', which name or place someone else."""
    words = tokens.words
    index = first - 1
    while index >= 0 and first - index <= 4 and words[index] in policy.glue and words[index] != "such":
        index -= 1
    if index < 1 or words[index] != "such":
        return False
    if not any(tuple(words[max(0, index - len(phrase)) : index]) == phrase for phrase in policy.encounters):
        return False
    return after == len(words) or any(
        mark in tokens.text[tokens.span(after - 1)[1] : tokens.span(after)[0]] for mark in ".!?;"
    )


_VOCATIVE_YOU = frozenset({"you", "u", "ya"})
# Verbs that follow 'you' in a clause ('my boss, you know that idiot'): then 'you' is no address.
_YOU_VERBS = frozenset(
    {"know", "see", "mean", "think", "like", "want", "need", "met", "saw", "heard", "remember", "get", "got"}
)


def _you_vocative(policy: Policy, tokens: Tokens, first: int, after: int) -> bool:
    """'you' set off as an address, a few describing words, then the remark ending its sentence:
    'And try to be less useless than your coworker, you dim cow.', 'Find my hold, you gangly
    scarecrow.' Not 'my boss, you know that idiot' (a verb after 'you') nor 'you and your idiot
    friend' (a break in the description)."""
    words = tokens.words
    text = tokens.text
    index = first - 1
    while index >= 0 and first - index <= 3 and words[index] not in _VOCATIVE_YOU:
        word = words[index]
        if word in policy.description_breaks or word in _YOU_VERBS or word in policy.second_person:
            return False
        index -= 1
    if index < 0 or words[index] not in _VOCATIVE_YOU:
        return False
    if index > 0 and "," not in text[tokens.span(index - 1)[1] : tokens.span(index)[0]]:
        return False  # 'can you take out the trash': 'you' inside a clause, not set off
    if any(mark in text[tokens.span(index)[1] : tokens.span(first)[0]] for mark in ",.;:!?"):
        return False
    return after == len(words) or any(
        mark in text[tokens.span(after - 1)[1] : tokens.span(after)[0]] for mark in ".!?;,"
    )


_CANNOT = frozenset({"cant", "can't", "cannot", "couldnt", "couldn't"})
VOCATIVE_OPENING = 3  # the most words before a remark set off by commas as a form of address
# A remark typed as the last word of a message of at least this many words, right after a word that
# ends a clause (a time, 'please', 'already', 'lol'), addresses the reader ('what time does the lib
# close tonight jackass'); after any other word it may be a noun of the sentence ('books about the
# village idiot', 'my brother is such a jackass').
MIN_WORDS_BEFORE_CLOSING = 3
_CLAUSE_ENDINGS = frozenset(
    {
        "tonight", "today", "now", "already", "again", "please", "pls", "plz", "rn", "yet", "lol", "lmao",
        "ok", "okay", "yesterday", "tomorrow", "anymore", "ever", "asap", "thanks", "thx", "k", "huh",
    }
)  # fmt: skip
# Words that open a new clause after an address typed without its comma ('ok mf i asked ...'): the
# pronouns only, since a verb may be the remark's own noun ('what kind of stupid answer is that').
_CLAUSE_OPENERS = frozenset({"i", "ive", "i've", "id", "i'd", "u", "you"})
OWN_SENTENCE_WORDS = 8  # the most words either side of a remark in a sentence of its own


def _cannot_even(policy: Policy, words: list[str], after: int) -> bool:
    """The remark opens a scoff at what its target fails to do: 'knuckle dragging troglodyte cant
    even read a due date', 'stupid old man cant even work a computer'. Only glue and words for the
    librarian may stand between ('my stupid printer cant even print' names a printer)."""
    index = after
    while (
        index < len(words)
        and index < after + 3
        and (words[index] in policy.glue or words[index] in policy.librarian_nouns)
    ):
        index += 1
    return index + 1 < len(words) and words[index] in _CANNOT and words[index + 1] == "even"


def _addressed_in_own_sentence(policy: Policy, tokens: Tokens, first: int, after: int) -> bool:
    """A remark that is a sentence of its own among others: 'Bozo behavior. Total bozo.', 'They let
    anyone work there. Clueless twit.', 'Simpleton. I'll ask someone else.' Not after the patron
    has spoken of themself ('I forgot my PIN again. Idiot.'): there the remark is as likely theirs
    about themself."""
    if tokens.speaks_of_self_before(first):
        return False
    start, end = tokens.sentence_start(first), tokens.sentence_end(after)
    if first - start > OWN_SENTENCE_WORDS or end - after > OWN_SENTENCE_WORDS:
        return False
    if start == 0 and end == len(tokens):
        return False  # one sentence: the message-wide check above has judged it
    closing = _SENTENCE_END.search(tokens.text, tokens.span(end - 1)[1])
    if closing is not None and closing.group() == "?":
        return False  # 'What is a dik-dik? We saw one at the zoo': a question names, it does not call
    return _only_address_around(policy, tokens, first, after, start=start, end=end)


def _ordered_address(policy: Policy, tokens: Tokens, first: int, after: int) -> bool:
    """An insult said with an order: 'shut up moron', 'take ur meds psycho' (the order opens the
    message, the insult ends it or its first clause) or 'fatty stop eating at your desk' (the other
    way round)."""
    words = tokens.words
    if _told_to_stop_being(policy, words, first) or _asked_not_to_be(policy, words, first):
        return True
    if first >= 1 and words[first - 1] not in _ARTICLES:
        # ... or ends its first clause: 'shut up redskin, I didn't ask you', 'cállate puta' (an order
        # of one word)
        ends = after == len(words) or any(
            mark in tokens.text[tokens.span(after - 1)[1] : tokens.span(after)[0]] for mark in ",.!;"
        )
        if ends:
            opening = next(
                (word for word in itertools.islice(words, first) if word not in policy.address), None
            )
            if opening in policy.commands:
                return True
        if after == len(words):
            return False
    if after < len(words) and all(word in policy.address for word in itertools.islice(words, first)):
        if words[after] in _ASKING and after + 1 < len(words) and words[after + 1] in policy.second_person:
            return True  # 'hey dingus can u just send the link'
        return words[after] in policy.commands
    return False


_ASKING = frozenset({"can", "could", "will", "would", "do", "did", "are", "r"})
_STOP = frozenset({"stop", "quit"})


def _told_to_stop_being(policy: Policy, words: list[str], first: int) -> bool:
    """'stop being a retart and find my book', 'hey, quit being such an idiot': an order to stop
    being the remark, opening the message (after words of address only)."""
    index = first - 1
    while index >= 0 and words[index] in _ARTICLES:
        index -= 1
    if index < 1 or words[index] != "being" or words[index - 1] not in _STOP:
        return False
    return all(word in policy.address for word in itertools.islice(words, index - 1))


# Words of degree between 'be' and the remark: 'can you not be a complete idiot'.
_DEGREE = frozenset({"complete", "total", "absolute", "utter", "massive", "huge", "big", "full"})


def _asked_not_to_be(policy: Policy, words: list[str], first: int) -> bool:
    """'can you not be a complete idiot for 5 seconds', 'could u just not be a moron': asked not to
    be the remark, which is saying they are one."""
    index = first - 1
    while index >= 0 and (words[index] in _ARTICLES or words[index] in _DEGREE):
        index -= 1
    if index < 3 or words[index] != "be" or words[index - 1] != "not":
        return False
    index -= 2
    if words[index] == "just":
        index -= 1
    return index >= 1 and words[index] in policy.second_person and words[index - 1] in _ASKING


def _only_address_around(
    policy: Policy, tokens: Tokens, first: int, after: int, *, start: int, end: int
) -> bool:
    """At most three words of words[start:end] besides the remark's (and other lexicon words), all
    words of address.

    Walks only the message's plain words (those starting no lexicon entry) from ``start``, and stops
    at the first that rules it out: a long message of remarks ('moron. moron. ...') costs a few
    steps per remark, not a walk over the whole message for each."""
    plain = tokens.plain_indexes(policy.term_starts)
    words = tokens.words
    others = 0
    for position in range(bisect_left(plain, start), len(plain)):
        index = plain[position]
        if index >= end:
            break
        if first <= index < after:
            continue
        others += 1
        if others > 3 or words[index] not in policy.address:
            return False
    return True


_COPULAS = frozenset({"ur", "you're", "youre", "your"})
_YOU_BE = frozenset({"are", "r", "were"})
_POSSESSIVE_TOO = frozenset({"ur", "your"})
_YOU_SEEM = frozenset({"sound", "look", "seem", "act", "type", "talk", "write"})
_ARTICLES = frozenset({"a", "an", "such", "some", "one", "the"})
_DESCRIBED_BY_ARTICLE = _COPULAS | {"you", "u"}  # 'you are a ...', 'ur a ...'


def _describes_you(policy: Policy, tokens: Tokens, index: int, first: int) -> bool:
    """'ur a lonely cat lady loser', 'you people are overpaid idiots': you (or a group of you), a
    copula, then words that only describe, so the remark that ends them is what you are called.

    A description stops at punctuation and at a word that starts something else: a negation, a
    preposition, a clause ('you are not idiots', 'you are dealing with idiots', 'your son is a
    moron' — 'your' as itself, not as 'you're', is followed by its own verb)."""
    words = tokens.words
    copula_end = index + 1
    if words[index] not in _COPULAS:  # 'you're', 'ur' hold their copula; 'you' needs one after it
        if words[index] not in policy.second_person:
            return False
        if copula_end < first and words[copula_end] in policy.you_groups:
            copula_end += 1
        if copula_end < first and words[copula_end] in _YOU_SEEM:
            copula_end += 1  # 'you sound like a dried up old hag'
            if copula_end < first and words[copula_end] == "like":
                copula_end += 1
        elif copula_end < first and words[copula_end] in _YOU_BE:
            copula_end += 1
        else:
            return False
    if copula_end >= first:
        return False
    if words[copula_end] in _ARTICLES and words[index] in _DESCRIBED_BY_ARTICLE:
        return True  # an article starts a description of you, whatever adjectives follow
    if words[index] in _POSSESSIVE_TOO:
        return False  # 'your own ...', 'ur answers are ...': more likely 'your' than 'you're'
    text = tokens.text
    if any(mark in text[tokens.span(copula_end - 1)[1] : tokens.span(first)[0]] for mark in ",.;:!?"):
        return False
    breaks = policy.description_breaks
    return all(word not in breaks and not word.endswith("ing") for word in words[copula_end:first])


# --- patterns -----------------------------------------------------------------------------------


def _pattern_hits(
    policy: Policy, folded: Folded, tokens: Tokens, *, context: Context, sender: str
) -> list[Hit]:
    hits: list[Hit] = []
    text = tokens.text
    long_text = len(text) > LONG_TEXT
    if long_text:
        woken = policy.pattern_triggers[sender].where(tokens.words)
    else:
        # A short message is searched whole: which rules woke matters, not by which words.
        woken = [
            (item, _NO_WORDS)
            for item in policy.pattern_triggers[sender].woken(tokens.words, tokens.pairs, text)
        ]
    if not policy.pattern_chars[sender].isdisjoint(text):
        for chars, by_char in policy.patterns_by_char[sender]:
            if any(char in text for char in chars) and all(by_char is not item for item, _ in woken):
                woken.append((by_char, []))
    places = Places(text) if long_text else None
    for compiled, woken_by in woken:
        rule = compiled.rule
        # A short message: every alternative's evidence, overlaps merged.
        spans = (
            _spans(compiled, tokens, woken_by, places) if long_text else iter(_whole_spans(compiled, text))
        )
        first = next(spans, None)
        if first is None:
            continue
        if compiled.unless is not None and compiled.may_be_unless(text) and compiled.unless.search(text):
            continue
        if compiled.requires is not None and not (
            compiled.may_be_required(text) and compiled.requires.search(text)
        ):
            continue
        for start, end in itertools.chain((first,), spans):
            if context.allows(start, end) or context.suppresses(rule.suppressed_by, start, end):
                continue
            if rule.aimed and not _aimed_at_librarian(
                policy, tokens, tokens.index_at(start), tokens.index_from(end)
            ):
                continue
            original_start, original_end = folded.span(start, end)
            hits.append(Hit(rule.category, original_start, original_end, rule.id, rule.subtype, rule.level))
            if long_text:
                # A long message (an attack, a pasted page) pays for evidence, not just a verdict:
                # one kept match names the rule, and the rest of its alternatives need not run.
                break
    hits.sort(key=lambda hit: hit.start)
    return hits


# A match spans a sentence or two at most. In a long message each rule is searched only this far
# around the words that woke it, so cost grows with what the message says, not with its length.
WINDOW = 240
LONG_TEXT = 3 * WINDOW  # a message past this is searched in windows, one kept match per rule


def _windows(tokens: Tokens, woken_by: list[int]) -> list[tuple[int, int]]:
    length = len(tokens.text)
    if length <= LONG_TEXT or not woken_by:
        return [(0, length)]
    windows: list[tuple[int, int]] = []
    for index in woken_by:
        start, end = tokens.span(index)
        low, high = max(0, start - WINDOW), min(length, end + WINDOW)
        if windows and low <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(windows[-1][1], high))
        else:
            windows.append((low, high))
    return windows


def _spans(
    compiled: CompiledPattern, tokens: Tokens, woken_by: list[int], places: Places | None = None
) -> Iterator[tuple[int, int]]:
    """Where the rule's regex matches, lazily (a long message stops at the first kept match): each
    alternative runs only where its literal occurs."""
    text = tokens.text
    long_text = len(text) > LONG_TEXT
    places = places if places is not None else Places(text)
    windows: list[tuple[int, int]] | None = None
    for branch in compiled.branches:
        literals = branch.literals
        if literals is not None and not any(map(places.occurs, literals)):
            continue
        every, groups = branch.guard()
        if not places.within(every, groups, 0, len(text)):
            continue
        if long_text and literals is not None:
            around = places.around(literals)
        else:
            windows = windows if windows is not None else _windows(tokens, woken_by)
            around = windows
        for low, high in around:
            # A window without every literal the alternative needs cannot hold a match.
            if (low and branch.anchored) or not places.within(every, groups, low, high):
                continue
            # The first match of each alternative in each window is evidence enough.
            match = branch.search_window(text, low, high)
            if match is not None:
                yield match.span()


class Places:
    """Where each literal occurs in a long text, found once for all the rules that need it: which
    windows to search, and whether a window holds every literal an alternative needs."""

    __slots__ = ("_all", "_around", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._all: dict[str, list[int]] = {}
        self._around: dict[tuple[str, ...], list[tuple[int, int]]] = {}

    def starts(self, literal: str) -> list[int]:
        """Every place ``literal`` starts, overlapping ones included, in order."""
        starts = self._all.get(literal)
        if starts is None:
            starts = self._all[literal] = []
            text = self.text
            position = text.find(literal)
            while position != -1:
                starts.append(position)
                position = text.find(literal, position + 1)
        return starts

    def occurs(self, literal: str) -> bool:
        return bool(self.starts(literal))

    def occurs_within(self, literal: str, low: int, high: int) -> bool:
        """Does ``literal`` occur inside text[low:high]? (what text.find(literal, low, high) tells)"""
        starts = self.starts(literal)
        index = bisect_left(starts, low)
        return index < len(starts) and starts[index] + len(literal) <= high

    def within(
        self, every: tuple[str, ...], groups: tuple[tuple[str, ...], ...], low: int, high: int
    ) -> bool:
        """Does text[low:high] hold each of ``every`` and one of each group?"""
        for literal in every:
            if not self.occurs_within(literal, low, high):
                return False
        return all(any(self.occurs_within(literal, low, high) for literal in group) for group in groups)

    def around(self, literals: tuple[str, ...]) -> list[tuple[int, int]]:
        """``_around(text, literals)``, from the places already found."""
        windows = self._around.get(literals)
        if windows is None:
            places: list[tuple[int, int]] = []
            for literal in literals:
                end = -1
                for start in self.starts(literal):
                    if start >= end:  # as text.find steps past each place it found
                        end = start + len(literal)
                        places.append((start, end))
            windows = self._around[literals] = _merge_windows(places, len(self.text))
        return windows


_NO_WORDS: list[int] = []


def _whole_spans(compiled: CompiledPattern, text: str) -> list[tuple[int, int]]:
    """``_longest(_spans(...))`` for a short message: each alternative whose guard the text meets
    is searched once over the whole text."""
    found: list[tuple[int, int]] = []
    literals, indexes, rest = compiled.plan()
    candidates = list(itertools.compress(indexes, map(text.__contains__, literals)))
    if len(candidates) > 1:
        candidates = sorted(set(candidates))  # in branch order, each once
    for index in candidates:
        every, groups, branch = rest[index]
        if every and not all(map(text.__contains__, every)):
            continue
        if groups and not all(any(map(text.__contains__, group)) for group in groups):
            continue
        match = branch.regex.search(text)
        if match is not None:
            if found:
                _keep_longest(found, match.span())
            else:
                found.append(match.span())
    return found


def _longest(found: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for span in found:
        _keep_longest(spans, span)
    return spans


def _keep_longest(spans: list[tuple[int, int]], span: tuple[int, int]) -> None:
    """Add ``span`` unless a longer match already covers it; it replaces shorter overlapping ones."""
    overlapping = [other for other in spans if other[0] < span[1] and span[0] < other[1]]
    if any(other[1] - other[0] >= span[1] - span[0] for other in overlapping):
        return
    for other in overlapping:
        spans.remove(other)
    spans.append(span)


def _around(text: str, literals: tuple[str, ...]) -> list[tuple[int, int]]:
    """Windows around each place one of ``literals`` occurs: a match must contain one."""
    places: list[tuple[int, int]] = []
    for literal in literals:
        position = text.find(literal)
        while position != -1:
            places.append((position, position + len(literal)))
            position = text.find(literal, position + len(literal))
    return _merge_windows(places, len(text))


def _merge_windows(places: list[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    windows: list[tuple[int, int]] = []
    for start, end in sorted(places):
        low, high = max(0, start - WINDOW), min(length, end + WINDOW)
        if windows and low <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(windows[-1][1], high))
        else:
            windows.append((low, high))
    return windows


# --- chit-chat ----------------------------------------------------------------------------------


def _settle_chit_chat(
    policy: Policy, hits: list[Hit], folded: Folded, tokens: Tokens, context: Context
) -> list[Hit]:
    """Chit-chat is a message with nothing but social talk in it.

    A chit-chat pattern ('how are you', 'what's your favourite colour') or a filler word ('lol')
    makes a message chit-chat only if every word in it is social talk, or a whole-message rule
    says so ('got a new puppy lol!!'); and never when the message shows an information need
    ('hi, how are you? do you have books on bees').
    """
    chat_hits = [hit for hit in hits if hit.category == Category.CHIT_CHAT]
    filler = policy.chit_chat_filler
    if not chat_hits and filler.isdisjoint(tokens.words):
        return hits
    others = [hit for hit in hits if hit.category != Category.CHIT_CHAT]
    if context.suppresses(("need",), 0, len(tokens.text)):
        return others
    whole = any(hit.rule in policy.whole_message_rules for hit in chat_hits)
    if (
        not whole
        and not _all_social(policy, chat_hits, folded, tokens)
        and not _remarks_besides(policy, chat_hits, folded, tokens)
    ):
        return others
    if not chat_hits:
        if not policy.chit_chat_closings.isdisjoint(tokens.words):
            return others  # 'haha thanks, bye': a goodbye, not a chat
        for index, word in enumerate(tokens.words):
            if word in filler:
                start, end = folded.span(*tokens.span(index))
                chat_hits.append(Hit(Category.CHIT_CHAT, start, end, "chit_chat.filler"))
    return others + chat_hits


_FILLER_RULES = frozenset({"chit_chat.filler_words", "chit_chat.filler"})


def _remarks_besides(policy: Policy, chat_hits: list[Hit], folded: Folded, tokens: Tokens) -> bool:
    """A chit-chat question and, besides it, only remarks: no other question, no word of a request
    ('do you like your job? it seems fun', 'what's your favourite season? mine is fall')."""
    # A filler word ('lol') is no chit-chat question: 'capital of australia again lol' asks a fact.
    chat_hits = [hit for hit in chat_hits if hit.rule not in _FILLER_RULES]
    if not chat_hits or not policy.chit_chat_asks.isdisjoint(tokens.words):
        return False
    text = folded.original
    position = 0
    for hit in sorted(chat_hits, key=lambda hit: hit.start):
        if "?" in text[position : hit.start]:
            return False
        position = max(position, hit.end)
    # A question mark right after the chit-chat question is its own.
    return "?" not in text[position:].lstrip(" ?!")


def _all_social(policy: Policy, chat_hits: list[Hit], folded: Folded, tokens: Tokens) -> bool:
    covered = [(hit.start, hit.end) for hit in chat_hits]
    for index, word in enumerate(tokens.words):
        if word in policy.chit_chat_words:
            continue
        start, end = folded.span(*tokens.span(index))
        if not any(span_start <= start and end <= span_end for span_start, span_end in covered):
            return False
    return True


def strongest_distress(hits: list[Hit]) -> Hit | None:
    distress = [hit for hit in hits if hit.category == Category.DISTRESS]
    if not distress:
        return None
    return max(distress, key=lambda hit: DISTRESS_LEVELS[hit.level or "low"])
