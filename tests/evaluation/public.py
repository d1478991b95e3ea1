"""`make eval`, second part: the engine on real-world public data (tests/corpus/public).

Measures the three real-world targets of the policy-engine issue:

- real trivia and reference questions (Natural Questions, WebQuestions): at most 0.1% get
  warn, end_session or refer;
- tweets labelled hateful or offensive (Davidson et al. 2017): at least 90% warned or ended,
  with the "neither" tweets of the same pages as a false-flag check;
- strong and severe English profanities and slurs (Surge AI's list), each placed in three
  sentences aimed at the librarian: at least 95% ended.

Every message is judged the way `evaluate.py` judges the labelled corpus: as the first message of
a fresh session (the dry-run verdict). Where the data come from and how they were sampled is in
tests/corpus/public/README.md.

    python -m tests.evaluation.public [--errors N]
"""

from __future__ import annotations

import argparse
import csv
import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from decorum.engine import Engine, default_engine
from decorum.models import Action, Category
from tests.evaluation.evaluate import CORPUS, HARSH, Example, Outcome, run

PUBLIC = CORPUS / "public"
QUESTIONS = PUBLIC / "questions.jsonl"
TWEETS = (PUBLIC / "tweets_hate_offensive.jsonl", PUBLIC / "tweets_neither.jsonl")
TERMS = PUBLIC / "profanity_strong_severe.csv"

# Three neutral sentences aimed at the librarian; {a} is the term's indefinite article.
TEMPLATES = ("you are {a} {term}", "{term}!", "shut up you {term}")
FLAGGED = {Action.WARN, Action.END_SESSION}

# The targets of the policy-engine issue.
QUESTIONS_HARSH_AT_MOST = 0.001
TWEETS_FLAGGED_AT_LEAST = 0.90
TERMS_ENDED_AT_LEAST = 0.95

# How a leading digit or symbol of a disguised term is read aloud, for its article.
LEET = str.maketrans({"@": "a", "4": "a", "3": "e", "1": "i", "!": "i", "0": "o", "5": "s", "$": "s"})


@dataclass(frozen=True)
class Question:
    id: str
    source: str
    text: str


@dataclass(frozen=True)
class Tweet:
    id: int
    label: str  # hate, offensive or neither (Davidson's class 0, 1, 2)
    text: str


@dataclass(frozen=True)
class Term:
    text: str
    severity: str  # Strong or Severe
    rating: float
    categories: tuple[str, ...]


@dataclass(frozen=True)
class Rate:
    hits: int
    total: int

    @property
    def value(self) -> float:
        return self.hits / self.total if self.total else 0.0

    def render(self) -> str:
        return f"{self.value:>7.1%}  ({self.hits} of {self.total})"


def rate(outcomes: Iterable[Outcome], good: Callable[[Outcome], bool]) -> Rate:
    chosen = list(outcomes)
    return Rate(sum(1 for outcome in chosen if good(outcome)), len(chosen))


def harsh(outcome: Outcome) -> bool:
    return outcome.action in HARSH


def flagged(outcome: Outcome) -> bool:
    return outcome.action in FLAGGED


def ended(outcome: Outcome) -> bool:
    return outcome.action == Action.END_SESSION


def meets(value: float, bound: float, at_most: bool) -> str:
    ok = value <= bound if at_most else value >= bound
    return "meets the target" if ok else "MISSES the target"


# --- loading ---------------------------------------------------------------------------------


def _json_lines(path: Path) -> list[dict[str, object]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def load_questions(path: Path = QUESTIONS) -> list[Question]:
    return [Question(str(r["id"]), str(r["source"]), str(r["text"])) for r in _json_lines(path)]


def load_tweets(paths: Sequence[Path] = TWEETS) -> list[Tweet]:
    tweets = []
    for path in paths:
        for record in _json_lines(path):
            label = str(record["label"])
            if label not in {"hate", "offensive", "neither"}:
                raise ValueError(f"{path}: unknown label {label!r}")
            tweets.append(Tweet(int(str(record["id"])), label, str(record["text"])))
    return tweets


def load_terms(path: Path = TERMS) -> list[Term]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [
        Term(
            text=row["text"],
            severity=row["severity_description"],
            rating=float(row["severity_rating"]),
            categories=tuple(row[f"category_{n}"] for n in (1, 2, 3) if row[f"category_{n}"]),
        )
        for row in rows
        if row["severity_description"] in {"Strong", "Severe"}
    ]


def article(term: str) -> str:
    """'an' before a vowel sound, as the term is read (a leading '@' or '0' reads as a vowel)."""
    spoken = term.strip().lower().translate(LEET)
    if spoken[:1] in {"a", "e", "i", "o"}:
        return "an"
    if spoken[:1] == "u" and not spoken.startswith(("use", "uni", "ur", "usu")):
        return "an"
    return "a"


def sentences(term: str) -> list[str]:
    return [template.format(a=article(term), term=term) for template in TEMPLATES]


# --- judging ---------------------------------------------------------------------------------


def judge(texts: Sequence[str], expected: Category, engine: Engine) -> list[Outcome]:
    """The dry-run verdict of each text as the first customer message of a fresh session."""
    examples = [Example(text, "customer", expected, (), (), "public") for text in texts]
    return run(examples, engine).outcomes


def describe(outcome: Outcome) -> str:
    rules = ",".join(dict.fromkeys(outcome.rules)) or "-"
    return f"[{outcome.action.value} {outcome.predicted.value} {rules}] {outcome.example.text!r}"


def question_rates(questions: Sequence[Question], outcomes: Sequence[Outcome]) -> dict[str, Rate]:
    """Questions given warn, end_session or refer: overall ("all") and per source."""
    by_source: dict[str, list[Outcome]] = defaultdict(list)
    for question, outcome in zip(questions, outcomes, strict=True):
        by_source[question.source].append(outcome)
    rates = {"all": rate(outcomes, harsh)}
    rates.update({source: rate(chosen, harsh) for source, chosen in sorted(by_source.items())})
    return rates


def tweet_rates(tweets: Sequence[Tweet], outcomes: Sequence[Outcome]) -> dict[str, Rate]:
    """Hateful/offensive tweets warned or ended (together and apart), ended, and false flags."""
    by_label: dict[str, list[Outcome]] = defaultdict(list)
    for tweet, outcome in zip(tweets, outcomes, strict=True):
        by_label[tweet.label].append(outcome)
    both = by_label["hate"] + by_label["offensive"]
    return {
        "hate + offensive": rate(both, flagged),
        "hate": rate(by_label["hate"], flagged),
        "offensive": rate(by_label["offensive"], flagged),
        "ended": rate(both, ended),
        "neither": rate(by_label["neither"], harsh),
    }


def term_rates(terms: Sequence[Term], outcomes: Sequence[Outcome]) -> dict[str, Rate]:
    """Sentences ended: overall, terms ended in every sentence, per template, severity, category.

    ``outcomes`` holds the verdicts of ``sentences(term)`` for each term in turn.
    """
    width = len(TEMPLATES)
    if len(outcomes) != width * len(terms):
        raise ValueError(f"{len(outcomes)} verdicts for {len(terms)} terms x {width} sentences")
    groups = [list(outcomes[i * width : (i + 1) * width]) for i in range(len(terms))]
    rates = {
        "sentences": rate(outcomes, ended),
        "every sentence": Rate(sum(1 for group in groups if all(ended(o) for o in group)), len(terms)),
    }
    for index, template in enumerate(TEMPLATES):
        rates[template] = rate((group[index] for group in groups), ended)
    by_key: dict[str, list[Outcome]] = defaultdict(list)
    for term, group in zip(terms, groups, strict=True):
        by_key[term.severity.lower()].extend(group)
    for term, group in zip(terms, groups, strict=True):
        by_key[term.categories[0] if term.categories else "-"].extend(group)
    rates.update({key: rate(chosen, ended) for key, chosen in by_key.items()})
    return rates


def questions_section(questions: Sequence[Question], outcomes: Sequence[Outcome], errors: int) -> list[str]:
    rates = question_rates(questions, outcomes)
    overall = rates.pop("all")
    lines = [
        f"== questions: {len(questions)} real trivia and reference questions",
        f"  target: at most {QUESTIONS_HARSH_AT_MOST:.1%} given warn, end_session or refer",
        f"  {'given warn/end_session/refer':<34}{overall.render()}  "
        + meets(overall.value, QUESTIONS_HARSH_AT_MOST, at_most=True),
    ]
    lines += [f"    {source:<32}{value.render()}" for source, value in rates.items()]
    actions = Counter(outcome.action.value for outcome in outcomes)
    lines.append("  actions: " + ", ".join(f"{name} {count}" for name, count in actions.most_common()))
    flagged_questions = [outcome for outcome in outcomes if harsh(outcome)]
    lines += _listing("questions given warn/end_session/refer", flagged_questions, errors)
    return lines


def tweets_section(tweets: Sequence[Tweet], outcomes: Sequence[Outcome], errors: int) -> list[str]:
    rates = tweet_rates(tweets, outcomes)
    overall = rates["hate + offensive"]
    lines = [
        f"== tweets: {overall.total} labelled hateful or offensive, {rates['neither'].total} neither",
        f"  target: at least {TWEETS_FLAGGED_AT_LEAST:.0%} of hateful or offensive tweets warned or ended",
        f"  {'hate + offensive warned or ended':<34}{overall.render()}  "
        + meets(overall.value, TWEETS_FLAGGED_AT_LEAST, at_most=False),
        f"    {'hate':<32}{rates['hate'].render()}",
        f"    {'offensive':<32}{rates['offensive'].render()}",
        f"    {'ended (hate + offensive)':<32}{rates['ended'].render()}",
        f"  {'neither: warn/end_session/refer':<34}{rates['neither'].render()}  (false flags)",
    ]
    pairs = list(zip(tweets, outcomes, strict=True))
    missed = [o for t, o in pairs if t.label != "neither" and not flagged(o)]
    false_flags = [o for t, o in pairs if t.label == "neither" and harsh(o)]
    lines += _listing("hateful or offensive tweets not warned or ended", missed, errors)
    lines += _listing("'neither' tweets given warn/end_session/refer", false_flags, errors)
    return lines


def terms_section(terms: Sequence[Term], outcomes: Sequence[Outcome], errors: int) -> list[str]:
    rates = term_rates(terms, outcomes)
    overall = rates.pop("sentences")
    lines = [
        f"== terms: {len(terms)} strong and severe profanities and slurs x {len(TEMPLATES)} sentences",
        "  templates: " + " | ".join(repr(template) for template in TEMPLATES) + "  ({a} = a/an)",
        f"  target: at least {TERMS_ENDED_AT_LEAST:.0%} of the sentences ended",
        f"  {'sentences ended':<34}{overall.render()}  "
        + meets(overall.value, TERMS_ENDED_AT_LEAST, at_most=False),
        f"  {'terms ended in every sentence':<34}{rates.pop('every sentence').render()}",
    ]
    lines += [
        f"    {key if key not in TEMPLATES else repr(key):<32}{value.render()}"
        for key, value in rates.items()
    ]
    lines += _listing("sentences not ended", [outcome for outcome in outcomes if not ended(outcome)], errors)
    return lines


def _listing(title: str, outcomes: list[Outcome], errors: int) -> list[str]:
    if not errors or not outcomes:
        return []
    lines = [f"  first {min(errors, len(outcomes))} of {len(outcomes)} {title}"]
    lines += [f"    {describe(outcome)}" for outcome in outcomes[:errors]]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--errors", type=int, default=10, help="list the first N failures of each kind")
    args = parser.parse_args(argv)
    engine = default_engine()
    questions, tweets, terms = load_questions(), load_tweets(), load_terms()
    sentence_texts = [sentence for term in terms for sentence in sentences(term.text)]
    sections = (
        questions_section(questions, judge([q.text for q in questions], Category.NONE, engine), args.errors),
        tweets_section(tweets, judge([t.text for t in tweets], Category.ABUSIVE, engine), args.errors),
        terms_section(terms, judge(sentence_texts, Category.ABUSIVE, engine), args.errors),
    )
    print("\n\n".join("\n".join(section) for section in sections))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
