"""Policy as data: the lexicons, patterns, contexts and thresholds, validated when loaded.

A policy is a folder of TOML files (``decorum/policy/default`` is the statewide policy). Every file
may hold any of the tables below; the loader merges them, validates every rule with pydantic and
compiles the indexes the detectors use. A library's override file (``libraries/<id>.toml``) adds
rules and can disable statewide ones by id, without touching code.
"""

from __future__ import annotations

import itertools
import re
import tomllib
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from operator import itemgetter
from pathlib import Path
from typing import Annotated, Generic, Literal, Self, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from decorum.engine.model import LinearModel
from decorum.engine.normalise import WILDCARD, fits_mask, fold
from decorum.engine.prefilter import (
    Branch,
    Guard,
    branches,
    guards,
    meets_any,
    min_digits,
    required_literals,
    split_alternatives,
)
from decorum.models import Category

DEFAULT_POLICY_DIR = Path(__file__).resolve().parent.parent / "policy" / "default"
LIBRARY_POLICY_DIR = Path(__file__).resolve().parent.parent / "policy" / "libraries"

RuleId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]+(?:\.[a-z0-9_]+)*$", max_length=80)]
# A word as the tokenizer sees it: lower case, folded, no spaces. A phrase is words with spaces.
Word = Annotated[str, StringConstraints(pattern=r"^[a-z0-9'*]+$", min_length=1, max_length=60)]
Phrase = Annotated[str, StringConstraints(pattern=r"^[a-z0-9']+(?: [a-z0-9']+)*$", max_length=120)]
# A trigger is a word, a word prefix ("unblock*"), or two words in a row ("how are"): the rarer the
# trigger, the fewer messages pay for the regular expression behind it.
Trigger = Annotated[str, StringConstraints(pattern=r"^[a-z0-9']+(?:\*|(?: [a-z0-9']+)?)$", max_length=60)]
Severity = Literal["mild", "strong", "severe"]
DistressSubtype = Literal["self_harm", "danger_abuse", "medical", "low_mood"]
DistressLevel = Literal["low", "high", "imminent"]
Sender = Literal["customer", "provider"]
ContextKind = Literal[
    "mention",
    "research",
    "negation",
    "hypothetical",
    "reason",
    "need",
    "reference",
    "work",
    "errand",
    "resolved",
    "recovered",
    "goodwill",
    "hyperbole",
]

# Kinds whose contexts cover the span of their ``scope`` group (or the whole match); the others say
# something of the whole message.
SPAN_CONTEXT_KINDS = frozenset(
    {"mention", "negation", "errand", "resolved", "recovered", "goodwill", "hyperbole"}
)

DISTRESS_LEVELS: dict[str, int] = {"none": 0, "low": 1, "high": 2, "imminent": 3}


# Each regex is compiled once a load: validating the policy compiles it and compiling the policy
# reuses it. A policy holds about 1,200 regexes, past `re`'s own cache of 512, so without this every
# one was compiled twice at a cold start. `load_policy` empties it when done.
_COMPILED: dict[tuple[str, int], re.Pattern[str]] = {}


def compiled_regex(pattern: str, flags: int = 0) -> re.Pattern[str]:
    key = (pattern, flags)
    found = _COMPILED.get(key)
    if found is None:
        found = _COMPILED[key] = re.compile(pattern, flags)
    return found


def _valid_regex(value: str, flags: int = 0) -> None:
    try:
        compiled_regex(value, flags)
    except re.error as error:
        raise ValueError(f"invalid regex ({error}): {value[:60]}") from error


class _Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    @model_validator(mode="after")
    def _no_word_twice(self) -> Self:
        """A word or phrase listed twice in one list is a coordinator's slip (two edits of one entry)."""
        for name in type(self).model_fields:
            value = getattr(self, name)
            listed = isinstance(value, tuple) and value and isinstance(value[0], str)
            if listed and len(set(value)) < len(value):
                twice = sorted(item for item, count in Counter(value).items() if count > 1)
                where = getattr(self, "id", type(self).__name__)
                raise ValueError(f"{where}: {name} lists {', '.join(twice[:5])} more than once")
        return self


class TermRule(_Rule):
    """Words that signal a category on their own (after folding), matched as whole words."""

    id: RuleId
    category: Category
    severity: Severity = "strong"
    aimed: bool = Field(default=False, description="Counts only when aimed at the librarian.")
    innocent_with: tuple[Word, ...] = Field(
        default=(),
        description="Words that give the terms an innocent sense ('garden' for hoe): with one of them "
        "near a hit (within innocent_within words) the terms count only when aimed at the librarian, "
        "elsewhere they count anywhere.",
    )
    innocent_within: int = Field(
        default=8,
        ge=1,
        description="How many words either side of a hit an innocent_with word may stand: the sense is "
        "set by the words around the term, not by any word of a long message ('gardening' two "
        "sentences before 'that hoe at the front desk').",
    )
    reclaimable: bool = Field(
        default=False,
        description="A word a writer may use of themself ('I'm a proud old dyke', 'as a fat woman'): said "
        "so, it counts only when aimed at the librarian (which a word about oneself never is).",
    )
    suppressed_by: tuple[ContextKind, ...] = ("mention", "reference")
    words: tuple[Word, ...] = ()
    prefixes: tuple[Word, ...] = Field(default=(), description="Any word that starts so (fuck*).")
    infixes: tuple[Word, ...] = Field(default=(), description="Any word that contains it (motherfucking).")
    phrases: tuple[Phrase, ...] = Field(default=(), description="Words in a row (camel jockey).")
    exceptions: tuple[Word, ...] = Field(
        default=(), description="Innocent words a prefix or infix would catch (niggle, scunthorpe)."
    )
    note: str = ""

    @model_validator(mode="after")
    def _has_terms(self) -> TermRule:
        if not (self.words or self.prefixes or self.infixes or self.phrases):
            raise ValueError(f"term rule {self.id} has no words, prefixes, infixes or phrases")
        if self.aimed and self.innocent_with:
            raise ValueError(f"term rule {self.id}: an aimed rule is always aimed, innocent_with is moot")
        return self

    def needs_aim(self, words: list[str], first: int, after: int) -> bool:
        """Does a hit of this rule on ``words[first:after]`` count only when aimed?"""
        if self.aimed:
            return True
        if self.reclaimable and said_of_oneself(words, first):
            return True
        if not self.innocent_with:
            return False
        near = words[max(0, first - self.innocent_within) : after + self.innocent_within]
        return not set(self.innocent_with).isdisjoint(near)


def said_of_oneself(words: list[str], first: int) -> bool:
    """Is ``words[first]`` the head of the writer's description of themself: 'I'm a proud old dyke',
    'i am such a bitch', 'As a fat woman, ...' (as at the start only: 'treated me as a ...' is not)?
    Up to two words may stand between the article and the word."""
    for article in range(first - 1, max(-1, first - 4), -1):
        if words[article] not in _INDEFINITE_ARTICLES:
            continue
        opener = article - 1
        if opener >= 0 and words[opener] in _DEGREE:
            opener -= 1
        if opener < 0:
            return False
        if words[opener] == "am":
            return opener > 0 and words[opener - 1] == "i"
        return words[opener] in _SELF_OPENERS or (words[opener] == "as" and opener == 0)
    return False


_INDEFINITE_ARTICLES = frozenset({"a", "an"})  # detect._ARTICLES is a wider set, for another test
_DEGREE = frozenset({"such", "total", "real", "complete", "proper"})
_SELF_OPENERS = frozenset({"i'm", "im"})


def _unfolded(*texts: str) -> str:
    """The characters of ``texts`` that folding changes (ASCII is left to the regex syntax)."""
    return "".join(
        sorted(
            {
                char
                for text in texts
                if not text.isascii()
                for char in text
                if not char.isascii() and fold(char).text != char
            }
        )
    )


class PatternRule(_Rule):
    """A regular expression over the folded text, run only when one of its trigger words occurs."""

    id: RuleId
    category: Category
    sender: Sender = "customer"
    triggers: tuple[Trigger, ...] = ()
    chars: str = Field(default="", description="Also run when any of these characters occurs (emoji).")
    regex: str
    whole_message: bool = Field(
        default=False, description="Chit-chat only: a hit makes the whole message social talk."
    )
    aimed: bool = False
    suppressed_by: tuple[ContextKind, ...] = ()
    unless: str | None = Field(default=None, description="No hit if this regex matches the message.")
    requires: str | None = Field(default=None, description="A hit only if this regex matches too.")
    subtype: DistressSubtype | None = None
    level: DistressLevel | None = None
    note: str = ""

    @field_validator("unless", "requires")
    @classmethod
    def _compiles(cls, value: str | None) -> str | None:
        if value is not None:
            _valid_regex(value)
        return value

    @model_validator(mode="after")
    def _has_trigger(self) -> PatternRule:
        if not self.triggers and not self.chars:
            raise ValueError(f"pattern {self.id} needs triggers or chars")
        return self

    @model_validator(mode="after")
    def _written_as_folded(self) -> PatternRule:
        # The rule reads the folded text: a character folding changes ('é', '…', a Hangul syllable,
        # Arabic 'أ') never occurs there, so a branch written with it would silently never match.
        unfolded = _unfolded(self.regex, self.unless or "", self.requires or "", self.chars)
        if unfolded:
            raise ValueError(
                f"pattern {self.id}: {unfolded!r} never occur in the folded text it reads; "
                "write what folding makes of them"
            )
        return self

    @model_validator(mode="after")
    def _distress_has_level(self) -> PatternRule:
        if (self.category == Category.DISTRESS) != (self.subtype is not None and self.level is not None):
            raise ValueError(f"pattern {self.id}: distress rules, and only they, need subtype and level")
        return self


class ContextRule(_Rule):
    """Where a word is mentioned rather than used, or a message is framed as research, etc.

    The kinds of ``SPAN_CONTEXT_KINDS`` cover the span of their ``scope`` group (or the whole
    match); the others apply to the whole message.
    """

    id: RuleId
    kind: ContextKind
    triggers: tuple[Trigger, ...] = ()
    chars: str = Field(default="", description="Run when any of these characters occurs (quotes).")
    regex: str
    case_sensitive: bool = Field(
        default=False,
        description="Run on the original text, capitals kept (a title in Title Case), not the folded one.",
    )
    unless: str | None = Field(
        default=None,
        description="The context does not apply to a message this regex matches (folded text): a past "
        "crisis told as over does not cover one that says it is back tonight.",
    )
    requires: str | None = Field(
        default=None,
        description="The context applies only to a message this regex matches (folded text), searched "
        "once, wherever it is: a past sentence is resolved where the message says the patron is well now.",
    )

    @field_validator("regex", "unless", "requires")
    @classmethod
    def _compiles(cls, value: str | None) -> str | None:
        if value is not None:
            _valid_regex(value)
        return value

    @model_validator(mode="after")
    def _has_trigger(self) -> ContextRule:
        if not self.triggers and not self.chars:
            raise ValueError(f"context {self.id} needs triggers or chars")
        return self


class AllowRule(_Rule):
    """Names, titles and places that contain a rude word but are not rude (Moby Dick, Scunthorpe)."""

    id: RuleId
    phrases: tuple[Phrase, ...] = Field(min_length=1)


class PersonalDataRule(_Rule):
    id: RuleId
    label: str = Field(description="What replaces the data in redacted_text, e.g. 'email'.")
    regex: str
    group: str | None = Field(default=None, description="Redact only this named group.")
    gate: str = Field(
        description="A cheap regex that must match before the rule runs: most messages have no digit."
    )
    needs_digit: bool = Field(
        default=False,
        description="The rule only matches text with a digit: a message without one skips it unread.",
    )
    check: Literal["none", "luhn", "not_isbn", "not_counting", "phone_digits"] = "none"
    stage: Literal[1, 2] = Field(
        default=1, description="2: recognised by the words around it, read after stage 1's redaction."
    )
    flags: Literal["", "i"] = ""

    @model_validator(mode="after")
    def _compiles(self) -> PersonalDataRule:
        flags = re.IGNORECASE if self.flags == "i" else 0  # as compile_policy compiles them
        _valid_regex(self.regex, flags)
        _valid_regex(self.gate, flags)
        return self

    @model_validator(mode="after")
    def _gate_fits_prefilter(self) -> PersonalDataRule:
        # Every message is first searched, lower-cased, for a digit or any other rule's gate.
        if self.needs_digit and "\\d" not in self.regex:
            raise ValueError(f"{self.id}: needs_digit, but its regex has no \\d")
        if not self.needs_digit and self.gate != self.gate.lower():
            raise ValueError(f"{self.id}: a gate without needs_digit is matched lower-cased: write it so")
        return self


class Targeting(_Rule):
    """How the engine decides that a remark is aimed at the librarian."""

    second_person: tuple[Word, ...]
    other_person: tuple[Word, ...]
    librarian_nouns: tuple[Word, ...]
    glue: tuple[Word, ...] = Field(
        description="Words that may stand between 'you' and the remark: 'you are such a ...'."
    )
    address: tuple[Word, ...] = Field(
        default=(),
        description="Words that may surround a bare insult and still make it an address: 'what a moron'.",
    )
    you_groups: tuple[Word, ...] = Field(
        default=(),
        description="Words after 'you' that make it a group still addressed: 'you people', 'you guys'.",
    )
    description_breaks: tuple[Word, ...] = Field(
        default=(),
        description=(
            "Words that end a description of the librarian between 'you are' and a remark: a negation,"
            " a preposition, a clause ('you are not idiots', 'you are dealing with idiots')."
        ),
    )
    commands: tuple[Word, ...] = Field(
        default=(),
        description=(
            "Verbs that open an order to the librarian: an insult that ends a message opening with one,"
            " or that opens a message and is followed by one, is an address ('shut up moron',"
            " 'fatty stop eating and answer me')."
        ),
    )
    encounters: tuple[Phrase, ...] = Field(
        default=(),
        description=(
            "Words for meeting or dealing with someone: a remark right after one of them and 'such a'"
            " ends its sentence is said of the person the writer is dealing with now ('I have never in"
            " my life dealt with such a dimwit.'), not of someone named after it ('such an idiot as my ex')."
        ),
    )
    window: int = Field(default=4, ge=1, le=8)


class ChitChat(_Rule):
    """Words that carry no information need: a message made only of these and of chit-chat
    patterns is social chat."""

    filler: tuple[Word, ...]
    greetings: tuple[Word, ...]
    closings: tuple[Word, ...] = Field(
        default=(),
        description="Thanks and goodbyes: with only filler ('haha thanks'), ordinary conversation.",
    )
    asks: tuple[Word, ...] = Field(
        default=(),
        description="Words of a request ('need', 'find', 'book'): beside a chit-chat question, a "
        "remark without one of these or a question mark ('what's your favourite season? mine is "
        "fall') keeps the message social; with one, it is an information need.",
    )


class Ladder(_Rule):
    warnings_before_end: int = Field(default=1, ge=0, le=10)
    chit_chat_nudge_at: int = Field(default=2, ge=1)
    chit_chat_end_at: int = Field(default=4, ge=2)
    explicit_free_requests: int = Field(default=1, ge=0, description="Requests answered before warning.")
    distress_end_allowed: bool = False

    @model_validator(mode="after")
    def _ordered(self) -> Ladder:
        if self.chit_chat_end_at <= self.chit_chat_nudge_at:
            raise ValueError("chit_chat_end_at must come after chit_chat_nudge_at")
        return self


class Scripts(_Rule):
    """Which script each decision sends. The texts live in S3 (bundled defaults as fallback)."""

    warn_rude: str = "warn_rude"
    warn_inappropriate: str = "warn_inappropriate"
    end_abusive_language: str = "end_abusive_language"
    end_inappropriate: str = "end_inappropriate"
    inappropriate_disconnect: str = "inappropriate_disconnect"
    chit_chat_nudge: str = "chit_chat_nudge"
    chit_chat_end: str = "chit_chat_end"
    crisis_referral: str = "crisis_referral"
    explicit_out_of_scope: str = "explicit_out_of_scope"
    filter_decline: str = "filter_decline"
    provider_privacy: str = "provider_privacy"
    what_is_service: str = "what_is_service"
    refer_statewide_coordinator: str = "refer_statewide_coordinator"
    coach_opinion: str = "coach_opinion"
    coach_overask: str = "coach_overask"


MACRO = re.compile(r"%([a-z_]+)%")


def expand_macros(raw: dict[str, object]) -> dict[str, object]:
    """Replace %name% in every regex with the policy's [macros] fragment of that name.

    Fragments keep the regexes readable and consistent: '%i%' is every way a patron writes "I".
    A fragment may use other fragments ('%near_mine%' is '%near%' without '%not_you%'); one that
    refers back to itself is an error, as is an unknown name.
    """
    macros = raw.get("macros") or {}
    if not isinstance(macros, dict):
        raise PolicyError("[macros] must be a table of regex fragments")
    resolved: dict[str, str] = {}

    def resolve(name: str, within: tuple[str, ...]) -> str:
        if name in within:
            raise PolicyError(f"macro %{name}% refers to itself through {' -> '.join(within)}")
        if name not in resolved:
            fragment = macros[name]
            if not isinstance(fragment, str):
                raise PolicyError(f"macro %{name}% must be a regex fragment")
            resolved[name] = expand(fragment, (*within, name))
        return resolved[name]

    def expand(text: str, within: tuple[str, ...] = ()) -> str:
        def fragment(match: re.Match[str]) -> str:
            name = match.group(1)
            if name not in macros:
                raise PolicyError(f"unknown macro %{name}% in {text[:60]!r}")
            return f"(?:{resolve(name, within)})"

        return MACRO.sub(fragment, text)

    for table in ("patterns", "contexts", "personal_data"):
        rules = raw.get(table) or []
        assert isinstance(rules, list)
        for rule in rules:
            if isinstance(rule, dict):
                for key in ("regex", "unless", "requires"):
                    if isinstance(rule.get(key), str):
                        rule[key] = expand(rule[key])
    return raw


class WordModelSettings(_Rule):
    """Where the word model (model.json, learnt by `make train`) may add to the rules' findings."""

    personal: tuple[Category, ...] = Field(
        default=(),
        description="Categories that count only in a message that speaks of the patron or the "
        "librarian (a first- or second-person word, or a librarian noun): rudeness and threats "
        "involve people, an impersonal factual question does not.",
    )
    aimed: tuple[Category, ...] = Field(
        default=(),
        description="Categories that count only in a message that speaks to the librarian (a "
        "second-person word or a librarian noun): the model may end a session for an insult to the "
        "librarian, never for words about someone else.",
    )
    fallback: tuple[Category, ...] = Field(
        default=(),
        description="Categories the model names only for a message the rules found nothing in: it "
        "places what the rules cannot, it does not overrule them ('how are you' stays chit-chat).",
    )
    addressed: tuple[Category, ...] = Field(
        default=(),
        description="Categories that count only in a message that speaks to or of the service: a "
        "second-person word, a word for the librarian, or one of ``service_words``.",
    )
    service_words: tuple[Word, ...] = Field(
        default=(), description="Words that name the service ('chat', 'library', 'transcripts')."
    )
    not_in_questions: tuple[Category, ...] = Field(
        default=(),
        description="Categories the model may not name for a message that opens with one of "
        "``question_words``: 'who said i'll gladly pay you tuesday' asks for a fact, whatever its "
        "words' likeness to a threat.",
    )
    question_words: tuple[Word, ...] = Field(
        default=(), description="Words that open a question for a fact ('who', 'where', 'when')."
    )
    not_in_impersonal_questions: tuple[Category, ...] = Field(
        default=(),
        description="Categories the model may not name for a message that opens with one of "
        "``question_words`` and speaks to nobody (no 'you', no word for the librarian): 'what did "
        "dr. seuss do?' asks a fact, 'what do you think of the weather' makes conversation.",
    )
    yields_to: dict[ContextKind, tuple[Category, ...]] = Field(
        default_factory=dict,
        description="Categories the model may not name where a context of this kind covers its evidence: "
        "an errand explains presence ('I'll be waiting outside for the doors to open'), a resolved past "
        "event is no emergency ('swallowed a penny last year and it passed fine').",
    )
    defers_to: dict[Category, tuple[Category, ...]] = Field(
        default_factory=dict,
        description="A category the model may not name where a rule's hit of one of these covers "
        "its evidence: the rules judged those words and said how bad they are ('you are useless' is "
        "rude, warned first), and the net behind them does not overrule that.",
    )
    by_sentence: tuple[Category, ...] = Field(
        default=(),
        description="Categories also judged sentence by sentence in a message of several, each "
        "sentence at ``sentence_threshold``: said in passing in a long message, a cry for help is "
        "weighed down by the everyday words around it.",
    )
    sentence_threshold: float = Field(default=0.995, gt=0, lt=1)
    needs_meaning: tuple[Category, ...] = Field(
        default=(),
        description="Categories the model may name only if the words that weighed most include one "
        "outside ``empty_words``: a verdict resting on 'you', 'of' and 'to' is a guess from the "
        "message's shape ('thank you' is no personal question, 'you blatherskite' no insult).",
    )
    needs_friction: tuple[Category, ...] = Field(
        default=(),
        description="Categories the model may name only in a message with a word of address (you, "
        "a word for the librarian) or one of ``friction_words``: a neutral request ('i need a book "
        "to read on vacation') is not rude, whatever the model learnt of 'book'.",
    )
    friction_words: tuple[Word, ...] = Field(
        default=(), description="Words of impatience, complaint or contempt ('ugh', 'again', 'asked')."
    )
    impersonal_threshold: dict[Category, float] = Field(
        default_factory=dict,
        description="A category of ``personal`` or ``aimed`` counts without a person, or a word of "
        "address, in the message where the model is at least this sure: menace of a place or a car "
        "names nobody ('nice car btw. the silver one').",
    )
    needs_words: dict[Category, tuple[Word, ...]] = Field(
        default_factory=dict,
        description="Categories the model may name only in a message with one of these words: a way "
        "round a filter is about something online ('how do I change the filter on my water pitcher' "
        "is not, whatever the model learnt of 'filter'), a librarian's overask asks ('to get a card, "
        "bring proof of your address' states a rule).",
    )
    empty_words: tuple[Word, ...] = Field(
        default=(), description="Words that mean nothing on their own: pronouns, articles, prepositions."
    )


class SplitWords(_Rule):
    """A lexicon word typed in pieces ('shi t', 'ku nt', 'fa g', 'a ss hole'): the pieces are read
    joined where one of them is a fragment, a word of one or two letters that is not a word of its
    own. Two real words are never joined ('put a', 'go on', 'pen is' spell nothing)."""

    ordinary: tuple[Word, ...] = Field(
        default=(),
        description="Words of one or two letters that stand on their own (English, the languages "
        "patrons mix in, texting shorthand): a piece among these is a word, not a fragment.",
    )
    max_pieces: int = Field(default=3, ge=2, le=4, description="The most pieces a word is read from.")


class PolicyDocument(_Rule):
    """The merged content of a policy folder."""

    version: str
    macros: dict[str, str] = Field(default_factory=dict, description="Regex fragments used as %name%.")
    ladder: Ladder = Ladder()
    scripts: Scripts = Scripts()
    targeting: Targeting
    chit_chat: ChitChat
    word_model: WordModelSettings = WordModelSettings()
    split_words: SplitWords = SplitWords()
    terms: tuple[TermRule, ...] = ()
    patterns: tuple[PatternRule, ...] = ()
    contexts: tuple[ContextRule, ...] = ()
    allow: tuple[AllowRule, ...] = ()
    personal_data: tuple[PersonalDataRule, ...] = ()
    disable: tuple[RuleId, ...] = ()

    @model_validator(mode="after")
    def _unique_ids(self) -> PolicyDocument:
        seen: set[str] = set()
        rules: list[TermRule | PatternRule | ContextRule | AllowRule | PersonalDataRule] = [
            *self.terms,
            *self.patterns,
            *self.contexts,
            *self.allow,
            *self.personal_data,
        ]
        for rule in rules:
            if rule.id in seen:
                raise ValueError(f"rule id {rule.id} is used twice")
            seen.add(rule.id)
        return self

    @model_validator(mode="after")
    def _one_rule_per_word(self) -> PolicyDocument:
        """A word belongs to one term rule, so which rule decides is never a matter of file order."""
        owner: dict[str, str] = {}
        for rule in self.terms:
            keys = (
                *rule.words,
                *(f"{p}*" for p in rule.prefixes),
                *(f"*{i}*" for i in rule.infixes),
                *rule.phrases,
            )
            for word in keys:
                if word in owner and owner[word] != rule.id:
                    raise ValueError(f"'{word}' is in both {owner[word]} and {rule.id}")
                owner[word] = rule.id
        return self


class PolicyError(ValueError):
    """A policy folder that does not validate."""


_LIST_TABLES = ("terms", "patterns", "contexts", "allow", "personal_data", "disable")


def read_policy_folder(folder: Path) -> dict[str, object]:
    merged: dict[str, object] = {key: [] for key in _LIST_TABLES}
    files = sorted(folder.glob("*.toml"))
    if not files:
        raise PolicyError(f"no policy files in {folder}")
    for path in files:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as error:
            raise PolicyError(f"{path.name}: {error}") from error
        _merge(merged, data, path.name)
    return merged


def _merge(merged: dict[str, object], data: dict[str, object], source: str) -> None:
    for key, value in data.items():
        if key in _LIST_TABLES:
            target = merged[key]
            assert isinstance(target, list)
            if not isinstance(value, list):
                raise PolicyError(f"{source}: '{key}' must be a list of tables")
            target.extend(value)
        elif key in merged and key != "version":
            raise PolicyError(f"{source}: '{key}' is defined in two files")
        else:
            merged[key] = value


def load_document(folder: Path = DEFAULT_POLICY_DIR, library_file: Path | None = None) -> PolicyDocument:
    raw = read_policy_folder(folder)
    if library_file is not None:
        override = tomllib.loads(library_file.read_text(encoding="utf-8"))
        _merge_override(raw, override, library_file.name)
    try:
        return PolicyDocument.model_validate(expand_macros(raw))
    except ValueError as error:
        raise PolicyError(f"{folder}: {error}") from error


def _merge_override(raw: dict[str, object], override: dict[str, object], source: str) -> None:
    """A library's file adds rules, disables rules and replaces whole settings tables."""
    for key, value in override.items():
        if key in _LIST_TABLES:
            target = raw[key]
            assert isinstance(target, list)
            if not isinstance(value, list):
                raise PolicyError(f"{source}: '{key}' must be a list")
            target.extend(value)
        elif key == "version":
            raw["version"] = f"{raw['version']}+{value}"
        elif isinstance(value, dict) and isinstance(raw.get(key), dict):
            base = raw[key]
            assert isinstance(base, dict)
            raw[key] = {**base, **value}
        else:
            raw[key] = value


@dataclass(frozen=True, slots=True)
class TermEntry:
    rule: TermRule
    word: str


@dataclass(slots=True)
class CompiledPattern:
    rule: PatternRule
    branches: list[Branch]  # the regex's alternatives, each behind its literal prefilter
    unless: re.Pattern[str] | None
    requires: re.Pattern[str] | None
    # The branches with their guards, read the first time a message wakes the rule (cold start
    # pays for none of them): what the hot path loops over.
    _plan: Plan | None = None
    # Literal guards of ``unless`` and ``requires`` (prefilter.guards), read when first needed.
    _unless_guards: list[Guard] | None = None
    _requires_guards: list[Guard] | None = None
    _guards_read: bool = False

    def may_be_unless(self, text: str) -> bool:
        """False only if ``unless`` cannot match ``text`` (no alternative's literals are in it)."""
        self._read_guards()
        return self._unless_guards is None or meets_any(self._unless_guards, text)

    def may_be_required(self, text: str) -> bool:
        """False only if ``requires`` cannot match ``text``."""
        self._read_guards()
        return self._requires_guards is None or meets_any(self._requires_guards, text)

    def _read_guards(self) -> None:
        if not self._guards_read:
            if self.unless is not None:
                self._unless_guards = guards(self.unless.pattern)
            if self.requires is not None:
                self._requires_guards = guards(self.requires.pattern)
            self._guards_read = True

    def plan(self) -> Plan:
        """Each branch's first literal, with the branch's index beside it in a parallel tuple, so
        that one C-level pass (``compress(indexes, map(text.__contains__, literals))``) picks the
        few branches worth a closer look ('' for a branch with none; a branch that needs one of
        several literals has an entry for each); then each branch's other requirements."""
        plan = self._plan
        if plan is None:
            first: list[tuple[str, int]] = []
            rest: list[tuple[tuple[str, ...], tuple[tuple[str, ...], ...], Branch]] = []
            for index, branch in enumerate(self.branches):
                every, groups = branch.guard()
                if every:
                    first.append((every[0], index))
                    rest.append((every[1:], groups, branch))
                elif groups:  # one entry for each literal of the group, any of which will do
                    first.extend((literal, index) for literal in groups[0])
                    rest.append(((), groups[1:], branch))
                else:
                    first.append(("", index))
                    rest.append(((), (), branch))
            literals = tuple(literal for literal, _ in first)
            indexes = tuple(index for _, index in first)
            plan = self._plan = (literals, indexes, rest)
        return plan


# (each branch's first literal; the index of its branch, in step; the branches' other literals
# and groups)
Plan = tuple[
    tuple[str, ...], tuple[int, ...], list[tuple[tuple[str, ...], tuple[tuple[str, ...], ...], Branch]]
]


@dataclass(slots=True)
class CompiledContext:
    rule: ContextRule
    regex: re.Pattern[str]
    unless: re.Pattern[str] | None = None
    requires: re.Pattern[str] | None = None

    def guards_pass(self, text: str) -> bool:
        """The message-level guards: no ``unless`` match and, if any, a ``requires`` match."""
        if self.unless is not None and self.unless.search(text):
            return False
        return self.requires is None or self.requires.search(text) is not None


@dataclass(slots=True)
class CompiledPersonalData:
    rule: PersonalDataRule
    regex: re.Pattern[str]
    gate: re.Pattern[str]
    # The fewest digits a text needs for both the gate and the regex to match (prefilter.min_digits),
    # and at least one for a rule that needs a digit: one comparison skips the rule.
    min_digits: int = 0
    # Substrings one of which every match of the gate holds; None if some alternative has none.
    # Most texts hold none, and a substring test costs next to nothing.
    gate_literals: tuple[str, ...] | None = field(init=False)
    # An 'i' rule's gate compiled without IGNORECASE, for the lower case of an ASCII text: a
    # case-blind search tries the pattern at every position, a case-sensitive one skips to where
    # its first characters are.
    lowered_gate: re.Pattern[str] | None = field(init=False)

    def __post_init__(self) -> None:
        if self.rule.needs_digit:
            self.min_digits = max(self.min_digits, 1)
        gate = self.rule.gate
        folds = self.rule.flags == "i"
        # Only a gate in ASCII lower case finds the same in the lower case of a text: 'ſ' (long s)
        # matches an ASCII 's' case-blind, and 'A' matches nothing in lower case.
        reads_lowered = folds and gate.isascii() and gate == gate.lower()
        self.lowered_gate = re.compile(gate) if reads_lowered else None
        self.gate_literals = _literals_of(gate) if reads_lowered or not folds else None

    def gate_matches(self, text: str, lowered: str | None) -> bool:
        """What ``self.gate.search(text)`` says, by the cheapest test that says it.

        ``lowered``: ``text.lower()`` if the text holds none of the characters a case-blind search
        takes for an ASCII letter that lowering does not turn into it ('ſ', 'ı', 'İ'), else None.
        For such a text and a gate in ASCII lower case, case-blind matching is case-sensitive
        matching of the text's lower case.
        """
        gate = self.gate
        if self.lowered_gate is not None:
            if lowered is None:
                return gate.search(text) is not None
            text, gate = lowered, self.lowered_gate
        if self.gate_literals is not None and not any(map(text.__contains__, self.gate_literals)):
            return False
        return gate.search(text) is not None


T = TypeVar("T")


@dataclass
class TriggerIndex(Generic[T]):
    """Which rules a message's words wake up: by word, by two words in a row, or by word prefix."""

    exact: dict[str, list[T]] = field(default_factory=dict)
    bigrams: dict[str, dict[str, list[T]]] = field(default_factory=dict)  # first word -> second -> rules
    prefixes: dict[str, list[T]] = field(default_factory=dict)
    prefix_starts: tuple[str, ...] = ()
    # Every prefix cut to the shortest one's length: one C-level set test per message tells
    # whether any word can start with a prefix, so most messages skip the per-word checks.
    prefix_heads: frozenset[str] = frozenset()
    prefix_head_length: int = 0
    # The same rules keyed by id, in the order above: ``woken`` merges them with one dict update.
    exact_ids: dict[str, dict[int, T]] = field(default_factory=dict)
    bigram_ids: dict[str, dict[str, dict[int, T]]] = field(default_factory=dict)
    prefix_ids: dict[str, dict[int, T]] = field(default_factory=dict)

    def add(self, trigger: str, item: T) -> None:
        if trigger.endswith("*"):
            self.prefixes.setdefault(trigger[:-1], []).append(item)
            self.prefix_ids.setdefault(trigger[:-1], {}).setdefault(id(item), item)
            self.prefix_starts = tuple(sorted(self.prefixes))
            self.prefix_head_length = min(map(len, self.prefixes))
            self.prefix_heads = frozenset(prefix[: self.prefix_head_length] for prefix in self.prefixes)
        elif " " in trigger:
            first, second = trigger.split(" ")
            self.bigrams.setdefault(first, {}).setdefault(second, []).append(item)
            self.bigram_ids.setdefault(first, {}).setdefault(second, {}).setdefault(id(item), item)
        else:
            self.exact.setdefault(trigger, []).append(item)
            self.exact_ids.setdefault(trigger, {}).setdefault(id(item), item)
        for derived in ("keys", "exact_words", "bigram_keys", "prefix_search"):
            self.__dict__.pop(derived, None)  # built again when next needed, not once per add

    def lookup(self, words: list[str]) -> list[T]:
        return [item for item, _ in self.where(words)]

    def woken(self, words: list[str], pairs: list[str], text: str) -> list[T]:
        """The rules ``where`` finds, in the same order, without the word indexes (a short message
        is searched whole, so it needs only which rules, not where). ``pairs`` are the message's
        two words in a row, 'a b' (``Tokens.pairs``): two set intersections find every trigger.
        ``text`` is the text the words came from: no prefix in it, no word starts with one.

        ``where`` adds a word's prefix rules, then its word rules, then its two-word rules, word by
        word; here each trigger found is put at its first place in that order and their rules are
        merged in it, so a rule keeps the place of the first trigger that woke it.
        """
        found: list[tuple[int, int, dict[int, T]]] = []
        exact = self.exact_words.intersection(words)
        if exact:
            if len(exact) == 1:
                (word,) = exact
                found.append((words.index(word), 1, self.exact_ids[word]))
            else:
                found.extend((words.index(word), 1, self.exact_ids[word]) for word in exact)
        if self.bigram_keys:
            two = self.bigram_keys.intersection(pairs)
            for pair in two:
                first, second = pair.split(" ")
                found.append((pairs.index(pair), 2, self.bigram_ids[first][second]))
        if self.prefix_search is not None and self.prefix_search.search(text):
            for index, word in enumerate(words):
                if word.startswith(self.prefix_starts):
                    for prefix in self.prefix_starts:
                        if word.startswith(prefix):
                            found.append((index, 0, self.prefix_ids[prefix]))
        if not found:
            return []
        if len(found) == 1:
            return list(found[0][2].values())
        found.sort(key=itemgetter(0, 1))
        merged: dict[int, T] = {}
        for _, _, items in found:
            merged.update(items)
        return list(merged.values())

    @cached_property
    def keys(self) -> frozenset[str]:
        """Every word that is a trigger or starts a two-word one."""
        return frozenset(self.exact) | frozenset(self.bigrams)

    @cached_property
    def exact_words(self) -> frozenset[str]:
        return frozenset(self.exact)

    @cached_property
    def bigram_keys(self) -> frozenset[str]:
        return frozenset(
            f"{first} {second}" for first, following in self.bigrams.items() for second in following
        )

    @cached_property
    def prefix_search(self) -> re.Pattern[str] | None:
        """Where some word may start with a prefix trigger: any prefix occurs in the words at all."""
        return re.compile(trie_regex(self.prefix_starts)) if self.prefix_starts else None

    def lookup_all(self) -> list[T]:
        """Every rule in the index, once."""
        found: dict[int, T] = {}
        for items in (*self.exact.values(), *self.prefixes.values()):
            for item in items:
                found[id(item)] = item
        for following in self.bigrams.values():
            for items in following.values():
                for item in items:
                    found[id(item)] = item
        return list(found.values())

    def where(self, words: list[str]) -> list[tuple[T, list[int]]]:
        """The rules woken, each with the indexes of the words that woke it."""
        found: dict[int, tuple[T, list[int]]] = {}
        relevant = self.keys.intersection(words)  # one C-level pass: most words wake nothing
        may_start = bool(self.prefix_heads) and not self.prefix_heads.isdisjoint(
            map(itemgetter(slice(0, self.prefix_head_length)), words)
        )
        if not relevant and not may_start:
            return []
        exact, bigrams = self.exact, self.bigrams
        last = len(words) - 1
        for index, word in enumerate(words):
            if may_start and word.startswith(self.prefix_starts):
                for prefix in self.prefix_starts:
                    if word.startswith(prefix):
                        for item in self.prefixes[prefix]:
                            found.setdefault(id(item), (item, []))[1].append(index)
            if word not in relevant:
                continue
            items = exact.get(word)
            if items:
                for item in items:
                    found.setdefault(id(item), (item, []))[1].append(index)
            following = bigrams.get(word)
            if following and index < last:
                for item in following.get(words[index + 1], ()):
                    found.setdefault(id(item), (item, []))[1].append(index)
        return list(found.values())


# A word typed without its vowels ('btch') is read by its consonants, at least this many of them.
MIN_SKELETON = 4
_NO_VOWELS = str.maketrans("", "", "aeiouy")
SEVERITY_RANK = {
    "mild": 0,
    "strong": 1,
    "severe": 2,
}  # how strong a lexicon word is, to choose among readings

INFIX_INDEX_DEPTH = 4  # masks rarely hide more than three letters in a row ('f***ing')


@dataclass
class Policy:
    """A validated policy compiled into the indexes the detectors need."""

    document: PolicyDocument
    words: dict[str, TermEntry] = field(default_factory=dict)
    prefixes: dict[str, TermEntry] = field(default_factory=dict)
    max_prefix: int = 0
    infixes: dict[str, TermEntry] = field(default_factory=dict)
    exceptions: frozenset[str] = frozenset()
    # One scan of the whole text tells whether any word can start with a prefix or hold an infix,
    # so most messages never pay for the per-word look-ups.
    prefix_scan: re.Pattern[str] | None = None
    infix_scan: re.Pattern[str] | None = None
    term_phrases: dict[str, list[tuple[tuple[str, ...], TermEntry]]] = field(default_factory=dict)
    # A term phrase's word with one letter doubled ('coock sucker', 'kiss my asss'), as folding
    # leaves a stretched letter: the spelling and the phrase words it stands for.
    phrase_spellings: dict[str, frozenset[str]] = field(default_factory=dict)
    # Words that start a term or a term phrase: one set intersection finds a message's candidates.
    term_starts: frozenset[str] = frozenset()
    longest_phrase: int = 0  # words in the longest term phrase: how far back a masked word's phrase may start

    # Masked words ("f**k") are matched against the terms of the same length and first letter.
    by_shape: dict[tuple[str, int], list[TermEntry]] = field(default_factory=dict)
    # One index per sender: a customer's message never wakes the librarian-coaching rules.
    pattern_triggers: dict[str, TriggerIndex[CompiledPattern]] = field(
        default_factory=lambda: {"customer": TriggerIndex(), "provider": TriggerIndex()}
    )
    context_triggers: TriggerIndex[CompiledContext] = field(default_factory=TriggerIndex)
    contexts_by_char: list[tuple[str, CompiledContext]] = field(default_factory=list)
    patterns_by_char: dict[str, list[tuple[str, CompiledPattern]]] = field(
        default_factory=lambda: {"customer": [], "provider": []}
    )
    # Every character of patterns_by_char per sender: one set test skips them all in most messages.
    pattern_chars: dict[str, frozenset[str]] = field(
        default_factory=lambda: {"customer": frozenset(), "provider": frozenset()}
    )
    allow_phrases: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)
    personal_data: list[CompiledPersonalData] = field(default_factory=list)
    # One search for every personal-data rule's gate: most messages have none of them.
    personal_data_gate: re.Pattern[str] | None = None
    model: LinearModel | None = None  # judges customers' messages
    provider_model: LinearModel | None = None  # judges librarians' messages

    @property
    def version(self) -> str:
        return self.document.version

    def check(self) -> None:
        """Compile every pattern now (they compile lazily): a broken regex names its rule."""
        for index in self.pattern_triggers.values():
            for compiled in index.lookup_all():
                for branch in compiled.branches:
                    try:
                        branch.regex  # noqa: B018  (compiling is the point)
                    except re.error as error:
                        raise PolicyError(f"pattern {compiled.rule.id}: invalid regex ({error})") from error
        for by_char in self.patterns_by_char.values():
            for _, compiled in by_char:
                for branch in compiled.branches:
                    try:
                        branch.regex  # noqa: B018
                    except re.error as error:
                        raise PolicyError(f"pattern {compiled.rule.id}: invalid regex ({error})") from error

    @cached_property
    def infixes_by_letter(self) -> dict[tuple[int, str], list[tuple[str, TermEntry]]]:
        """The infixes by (position, letter) of their first few letters: a masked word's typed
        letter picks the few dozen infixes that could fit around it, not all of them."""
        by_letter: dict[tuple[int, str], list[tuple[str, TermEntry]]] = {}
        for infix, entry in self.infixes.items():
            for position, letter in enumerate(infix[:INFIX_INDEX_DEPTH]):
                by_letter.setdefault((position, letter), []).append((infix, entry))
        return by_letter

    @cached_property
    def phrase_starts_by_shape(self) -> dict[tuple[str, int], list[str]]:
        """The first words of the term phrases by first letter and length, for a masked first word."""
        return _by_shape(self.term_phrases)

    def masked_phrase_starts(self, masked: str) -> list[tuple[tuple[str, ...], TermEntry]]:
        """The term phrases whose first word a masked word ('p*ta') can stand for."""
        return [
            item
            for first in _fitting(masked, self.phrase_starts_by_shape)
            for item in self.term_phrases[first]
        ]

    @cached_property
    def vocabulary_by_shape(self) -> dict[tuple[str, int], list[str]]:
        """The words the word model weighs (the words of the development splits it was trained on)
        by first letter and length: what a masked word of that shape can be read as. Built the first
        time a message has a masked word (a few milliseconds, once per process)."""
        if self.model is None:
            return {}
        words = (name[2:] for name in self.model.document.features if name.startswith("w:"))
        return _by_shape(word for word in words if word.isalpha())

    @cached_property
    def vocabulary(self) -> frozenset[str]:
        return frozenset(word for words in self.vocabulary_by_shape.values() for word in words)

    @cached_property
    def skeletons(self) -> dict[str, TermEntry]:
        """The abusive lexicon words by their first letter and the consonants after it
        ('btch' for 'bitch', 'asshl' for 'asshole'): what a word typed with its vowels dropped stands
        for. A skeleton shorter than four letters is no evidence of any one word ('fck' and 'sht' are
        listed as they are typed)."""
        found: dict[str, TermEntry] = {}
        for word, entry in self.words.items():
            skeleton = word[:1] + word[1:].translate(_NO_VOWELS)
            if entry.rule.category != Category.ABUSIVE or len(skeleton) < MIN_SKELETON or skeleton == word:
                continue
            if not word.isalpha() or word in self.exceptions:
                continue
            kept = found.get(skeleton)
            if kept is None or SEVERITY_RANK[entry.rule.severity] > SEVERITY_RANK[kept.rule.severity]:
                found[skeleton] = entry
        return found

    @cached_property
    def spelled_words(self) -> frozenset[str]:
        """The words folding may read a disguise as: the word model's and the lexicon's, its
        phrases' words among them ('licking' of 'ass licking')."""
        phrase_words = (
            word for phrases in self.term_phrases.values() for words, _ in phrases for word in words
        )
        lexicon = itertools.chain(self.words, phrase_words)
        return self.vocabulary | frozenset(word for word in lexicon if word.isalpha())

    def spells(self, word: str) -> bool:
        """Is ``word`` a word, the word model's or the lexicon's? (how a stretched letter or a '1'
        is read: see ``fold``)"""
        return word in self.spelled_words

    def unmasked(self, masked: str) -> str | None:
        """The one known word a masked word ('mys*lf', 'd*pressed') can be, else None."""
        fitting = _fitting(masked, self.vocabulary_by_shape)
        return fitting[0] if len(fitting) == 1 else None

    @cached_property
    def allow_starts_by_shape(self) -> dict[tuple[str, int], list[str]]:
        """The first words of the allow-list's phrases by first letter and length."""
        return _by_shape(self.allow_phrases)

    def allow_phrases_like(self, masked: str) -> list[tuple[str, ...]]:
        """The allow-list phrases whose first word a masked word ('Sh*t My Dad Says') can stand for."""
        return [
            phrase
            for first in _fitting(masked, self.allow_starts_by_shape)
            for phrase in self.allow_phrases[first]
        ]

    @cached_property
    def ordinary_short_words(self) -> frozenset[str]:
        return frozenset(self.document.split_words.ordinary)

    @cached_property
    def second_person(self) -> frozenset[str]:
        return _with_stretched(self.document.targeting.second_person)

    @cached_property
    def other_person(self) -> frozenset[str]:
        return frozenset(self.document.targeting.other_person)

    @cached_property
    def librarian_nouns(self) -> frozenset[str]:
        return _with_stretched(self.document.targeting.librarian_nouns)

    @cached_property
    def question_words(self) -> frozenset[str]:
        return frozenset(self.document.word_model.question_words)

    @cached_property
    def friction_words(self) -> frozenset[str]:
        return frozenset(self.document.word_model.friction_words)

    @cached_property
    def empty_words(self) -> frozenset[str]:
        return frozenset(self.document.word_model.empty_words)

    @cached_property
    def service_words(self) -> frozenset[str]:
        return frozenset(self.document.word_model.service_words)

    @cached_property
    def model_needs_words(self) -> dict[Category, frozenset[str]]:
        needs = self.document.word_model.needs_words
        return {category: frozenset(words) for category, words in needs.items()}

    @cached_property
    def encounters(self) -> frozenset[tuple[str, ...]]:
        return frozenset(tuple(phrase.split()) for phrase in self.document.targeting.encounters)

    @cached_property
    def you_groups(self) -> frozenset[str]:
        return frozenset(self.document.targeting.you_groups)

    @cached_property
    def description_breaks(self) -> frozenset[str]:
        return frozenset(self.document.targeting.description_breaks)

    @cached_property
    def commands(self) -> frozenset[str]:
        return frozenset(self.document.targeting.commands)

    @cached_property
    def glue(self) -> frozenset[str]:
        return _with_stretched(self.document.targeting.glue)

    @cached_property
    def address(self) -> frozenset[str]:
        """Words that leave a bare remark addressed to the reader ('what a moron', 'stupid bot lol')."""
        targeting = self.document.targeting
        return (
            self.second_person
            | self.glue
            | self.librarian_nouns
            | self.chit_chat_filler
            | frozenset(targeting.address)
        )

    @cached_property
    def allow_starts(self) -> frozenset[str]:
        """The first words of the allow-list's phrases."""
        return frozenset(self.allow_phrases)

    @cached_property
    def whole_message_rules(self) -> frozenset[str]:
        # The word model judges a message whole, so its chit-chat verdict is a whole-message one.
        whole = frozenset(rule.id for rule in self.document.patterns if rule.whole_message)
        return whole | {"model.chit_chat"}

    @cached_property
    def chit_chat_closings(self) -> frozenset[str]:
        return frozenset(self.document.chit_chat.closings)

    @cached_property
    def chit_chat_filler(self) -> frozenset[str]:
        return frozenset(self.document.chit_chat.filler)

    @cached_property
    def chit_chat_asks(self) -> frozenset[str]:
        return frozenset(self.document.chit_chat.asks)

    @cached_property
    def chit_chat_words(self) -> frozenset[str]:
        chat = self.document.chit_chat
        return frozenset(chat.filler) | frozenset(chat.greetings)


def _aimed_plurals(words: dict[str, TermEntry], exceptions: frozenset[str]) -> dict[str, TermEntry]:
    """The plural of each word that counts only when aimed ('you clowns', 'you people are morons'):
    aimed at the librarian, a plural insults as the singular does, and only aimed does it count."""
    plurals: dict[str, TermEntry] = {}
    for word, entry in words.items():
        if not entry.rule.aimed or " " in word or len(word) < 3:
            continue
        if word.endswith(("s", "x", "z", "ch", "sh")):
            plural = word + "es"
        elif word.endswith("y") and word[-2] not in "aeiou":
            plural = word[:-1] + "ies"
        else:
            plural = word + "s"
        if plural not in words and plural not in exceptions:
            plurals[plural] = TermEntry(entry.rule, plural)
    return plurals


def compile_policy(document: PolicyDocument) -> Policy:
    policy = Policy(document=document)
    disabled = set(document.disable)
    for rule in document.terms:
        if rule.id in disabled:
            continue
        for word in rule.words:
            policy.words[word] = TermEntry(rule, word)
        for prefix in rule.prefixes:
            policy.prefixes[prefix] = TermEntry(rule, prefix)
            policy.max_prefix = max(policy.max_prefix, len(prefix))
        for infix in rule.infixes:
            policy.infixes[infix] = TermEntry(rule, infix)
        for phrase in rule.phrases:
            words = tuple(phrase.split())
            policy.term_phrases.setdefault(words[0], []).append((words, TermEntry(rule, phrase)))
    policy.exceptions = frozenset(word for rule in document.terms for word in rule.exceptions)
    for plural, entry in _aimed_plurals(policy.words, policy.exceptions).items():
        policy.words.setdefault(plural, entry)
    policy.words.update(_stretched_spellings(policy.words, policy.exceptions))
    policy.prefixes.update(_stretched_spellings(policy.prefixes, policy.exceptions))
    policy.infixes.update(_stretched_spellings(policy.infixes, policy.exceptions))
    policy.phrase_spellings = _phrase_spellings(policy.term_phrases, policy.exceptions)
    stretched_starts = (
        spelling
        for spelling, listed in policy.phrase_spellings.items()
        if listed & policy.term_phrases.keys()
    )
    policy.term_starts = (
        frozenset(policy.words) | frozenset(policy.term_phrases) | frozenset(stretched_starts)
    )
    policy.longest_phrase = max(
        (len(phrase) for phrases in policy.term_phrases.values() for phrase, _ in phrases), default=0
    )
    if policy.prefixes:
        policy.prefix_scan = re.compile(r"(?<![a-z0-9'*])" + trie_regex(policy.prefixes))
    if policy.infixes:
        policy.infix_scan = re.compile(trie_regex(policy.infixes))
    entries = {id(entry): entry for entry in (*policy.words.values(), *policy.prefixes.values())}
    for entry in (*entries.values(), *policy.infixes.values()):
        policy.by_shape.setdefault((entry.word[0], len(entry.word)), []).append(entry)
    for pattern in document.patterns:
        if pattern.id in disabled:
            continue
        compiled = CompiledPattern(
            pattern,
            branches(pattern.regex),
            compiled_regex(pattern.unless) if pattern.unless else None,
            compiled_regex(pattern.requires) if pattern.requires else None,
        )
        for trigger in pattern.triggers:
            policy.pattern_triggers[pattern.sender].add(trigger, compiled)
        if pattern.chars:
            policy.patterns_by_char[pattern.sender].append((pattern.chars, compiled))
            policy.pattern_chars[pattern.sender] |= frozenset(pattern.chars)
    for context in document.contexts:
        if context.id in disabled:
            continue
        compiled_context = CompiledContext(
            context,
            compiled_regex(context.regex),
            compiled_regex(context.unless) if context.unless else None,
            compiled_regex(context.requires) if context.requires else None,
        )
        for trigger in context.triggers:
            policy.context_triggers.add(trigger, compiled_context)
        if context.chars:
            policy.contexts_by_char.append((context.chars, compiled_context))
    phrases: defaultdict[str, list[tuple[str, ...]]] = defaultdict(list)
    for allow in document.allow:
        if allow.id in disabled:
            continue
        for phrase in allow.phrases:
            words = tuple(phrase.split())
            phrases[words[0]].append(words)
    policy.allow_phrases = dict(phrases)
    for data_rule in document.personal_data:
        if data_rule.id in disabled:
            continue
        flags = re.IGNORECASE if data_rule.flags == "i" else 0
        policy.personal_data.append(
            CompiledPersonalData(
                data_rule,
                compiled_regex(data_rule.regex, flags),
                compiled_regex(data_rule.gate, flags),
                max(min_digits(data_rule.regex, flags), min_digits(data_rule.gate, flags)),
            )
        )
    _gate_personal_data(policy)
    return policy


def _gate_personal_data(policy: Policy) -> None:
    """What a message must hold for the redactor to read it at all."""
    if not policy.personal_data:
        return
    # Rules that need a digit are all woken by one cheap class instead of the union of their
    # gates (which would cost more than the rules it guards); the word gates are looked for in
    # the lower-cased text, as a trie of plain substrings where each alternative has one, and as
    # a regex where not. Their word boundaries are dropped here (each rule's own gate keeps them):
    # without one, a gate matches more, never less. An alternative of a word gate that starts with a
    # digit is left to the digit class too ('number|\d[ ,.-]+\d': only 'number' is looked for).
    loose: set[str] = set()
    for compiled in policy.personal_data:
        if not compiled.rule.needs_digit:
            alternatives = split_alternatives(compiled.rule.gate.replace(r"\b", ""))
            worded = [alternative for alternative in alternatives if not _starts_with_digit(alternative)]
            if worded:
                loose.add("|".join(worded))
    literals, word_gates = _gate_literals(loose)
    by_first: defaultdict[str, list[str]] = defaultdict(list)
    for literal in literals:
        by_first[literal[0]].append(literal[1:])
    tries = [re.escape(first) + trie_regex(rests) for first, rests in sorted(by_first.items())]
    # One flat alternation, each alternative starting with a character of its own ('p(?:ass|in)',
    # not '(?:pass|pin)'): the regex engine passes over an alternative whose first character is
    # not the one in front of it without entering it, and it tries every one at every position.
    policy.personal_data_gate = re.compile("|".join([r"\d", *tries, *sorted(word_gates)]))


def _starts_with_digit(alternative: str) -> bool:
    """Does every match of ``alternative`` start with a digit ('\\d' not made optional by a quantifier)?"""
    return alternative.startswith(r"\d") and alternative[2:3] not in ("?", "*", "{")


_PLAIN = re.compile(r"[\w '@#-]+")


def _gate_literals(gates: set[str]) -> tuple[tuple[str, ...], list[str]]:
    """The word gates as plain substrings where each of their alternatives has one (a trie of
    them costs the regex engine a letter or two at each position), and the gates that do not, as
    regexes."""
    literals: set[str] = set()
    regexes: list[str] = []
    for gate in gates:
        found = _literals_of(gate)
        if found is None:
            regexes.append(gate)
        else:
            literals.update(found)
    return tuple(sorted(literals)), regexes


def _literals_of(gate: str) -> tuple[str, ...] | None:
    """Substrings one of which every match of ``gate`` holds: one per alternative; None if an
    alternative has none."""
    found: set[str] = set()
    for alternative in split_alternatives(gate):
        if _PLAIN.fullmatch(alternative):
            found.add(alternative)
            continue
        required = required_literals(alternative)
        if required is None:
            return None
        found.update(required)
    # A text that holds 'password' holds 'pass': the longer one need not be looked for.
    return tuple(sorted(word for word in found if not any(other in word for other in found - {word})))


def _doubled(word: str) -> Iterator[str]:
    """The word with each of its letters doubled in turn ('fuck' -> 'ffuck', 'fuuck', ...): folding
    cuts longer runs to two, so these are its stretched spellings."""
    for index, char in enumerate(word):
        if char.isalpha():
            yield word[: index + 1] + char + word[index + 1 :]


def _stretched_spellings(words: dict[str, TermEntry], exceptions: frozenset[str]) -> dict[str, TermEntry]:
    """Each word with one letter doubled ('fuuck', 'shitt', 'biitch'), so stretched spellings are
    found with a plain dictionary look-up."""
    variants: dict[str, TermEntry] = {}
    for word, entry in words.items():
        for variant in _doubled(word):
            if variant not in words and variant not in exceptions:
                variants.setdefault(variant, entry)
    return variants


def _phrase_spellings(
    phrases: dict[str, list[tuple[tuple[str, ...], TermEntry]]], exceptions: frozenset[str]
) -> dict[str, frozenset[str]]:
    """Each word of the term phrases with one letter doubled, and the words it stands for."""
    listed = {word for items in phrases.values() for words, _ in items for word in words}
    spellings: dict[str, set[str]] = {}
    for word in listed:
        for variant in _doubled(word):
            if variant not in listed and variant not in exceptions:
                spellings.setdefault(variant, set()).add(word)
    return {spelling: frozenset(words) for spelling, words in spellings.items()}


def _with_stretched(words: Iterable[str]) -> frozenset[str]:
    """The words and their stretched spellings: a word of address or glue stretched for emphasis
    still is one ('ur soooo stupid')."""
    listed = frozenset(words)
    return listed | frozenset(variant for word in listed for variant in _doubled(word))


def _by_shape(words: Iterable[str]) -> dict[tuple[str, int], list[str]]:
    """The words by first letter and length: the few a masked word of that shape can stand for."""
    by_shape: dict[tuple[str, int], list[str]] = {}
    for word in words:
        by_shape.setdefault((word[0], len(word)), []).append(word)
    return by_shape


def _fitting(masked: str, by_shape: dict[tuple[str, int], list[str]]) -> list[str]:
    """The words of ``by_shape`` a masked word can stand for: a word that starts with a mask
    ('*uck') is too vague to stand for any."""
    if not masked or masked[0] == WILDCARD:
        return []
    return [word for word in by_shape.get((masked[0], len(masked)), ()) if fits_mask(masked, word)]


def trie_regex(words: Iterable[str]) -> str:
    """One alternation shaped like a trie ('f(?:ag|uck)'): the regex engine tests each letter once
    instead of trying every word at every position."""
    trie: dict[str, dict] = {}  # type: ignore[type-arg]
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def render(node: dict) -> str:  # type: ignore[type-arg]
        branches = [re.escape(char) + render(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
        return f"(?:{body})?" if "" in node else body  # a word may end here: the rest is optional

    return f"(?:{render(trie)})"


MODEL_FILE = "model.json"
PROVIDER_MODEL_FILE = "provider_model.json"


def load_policy(folder: Path = DEFAULT_POLICY_DIR, library_file: Path | None = None) -> Policy:
    try:
        policy = compile_policy(load_document(folder, library_file))
    finally:
        _COMPILED.clear()  # the policy holds what it uses; a long-lived process keeps no other copy
    if "model" not in policy.document.disable:
        policy.model = _load_model(folder / MODEL_FILE, "customer")
        policy.provider_model = _load_model(folder / PROVIDER_MODEL_FILE, "provider")
    return policy


def _load_model(path: Path, sender: str) -> LinearModel | None:
    if not path.is_file():
        return None
    try:
        model = LinearModel.load(path)
    except ValueError as error:
        raise PolicyError(f"{path.name}: {error}") from error
    if model.document.sender != sender:
        raise PolicyError(f"{path.name}: a {model.document.sender} model where a {sender} model belongs")
    return model
