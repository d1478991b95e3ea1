"""The labelled corpus stays above its floor (tests/corpus; `make eval` prints the full tables).

The floors sit a little below today's figures: a rule change that costs real accuracy fails
here, while the evaluation output says what changed. `holdout` and `fresh3` to `fresh56` are never
used to tune rules, so their floors are the honest ones for messages nobody has seen.
"""

from __future__ import annotations

import operator
from collections.abc import Callable

import pytest

from decorum.engine import Engine
from decorum.models import Action, Category
from tests.evaluation import public
from tests.evaluation.evaluate import SPLITS, Report, load, run

FLOORS = {
    # split: (macro-F1, distress referred, abusive ended, legitimate warned/ended/referred at most);
    # None where the split has no message of that label (a themed split), and only there
    "dev": (0.97, 0.98, 0.95, 0.005),
    "dev2": (0.91, 0.98, 0.97, 0.005),
    "dev3": (0.93, 0.98, 0.97, 0.005),
    "dev4": (0.92, 0.98, 0.94, 0.005),
    "dev5": (0.89, 0.98, 0.88, 0.01),
    "dev6": (0.83, 0.98, 0.86, 0.01),
    "dev7": (0.89, 0.98, 0.87, 0.01),
    "dev8": (0.89, 0.98, 0.88, 0.01),
    "dev9": (0.93, 0.98, 0.94, 0.015),
    "dev10": (0.90, 0.98, 0.88, 0.025),
    "dev11": (0.95, 0.98, 0.90, 0.03),
    "dev12": (0.92, 0.98, 0.95, 0.01),
    "dev13": (0.96, 0.98, None, 0.01),
    "dev14": (0.88, None, 0.86, 0.035),
    "dev15": (0.91, 0.98, 0.94, 0.005),
    "dev16": (0.93, 0.98, 0.83, 0.02),
    "dev17": (0.95, 0.98, 0.95, 0.02),
    "dev18": (0.92, 0.98, None, 0.045),
    "dev19": (0.93, 0.98, 0.92, 0.025),
    "dev20": (0.94, 0.98, None, 0.05),
    "dev21": (0.95, 0.98, 0.94, 0.04),
    "dev22": (0.92, None, 0.94, 0.02),
    "dev23": (0.92, 0.98, 0.95, 0.005),
    "dev24": (0.95, 0.98, 0.95, 0.045),
    "dev25": (0.94, None, None, 0.005),
    "dev26": (0.93, None, 0.93, 0.025),
    "dev27": (0.93, 0.98, None, 0.015),
    "dev28": (0.88, 0.98, None, 0.015),
    "dev29": (0.94, 0.98, None, 0.02),
    "dev30": (0.93, None, 0.91, 0.02),
    "dev31": (0.95, 0.98, None, 0.025),
    "dev32": (0.93, 0.98, 0.94, 0.005),
    "dev33": (0.94, 0.98, 0.95, 0.005),
    "dev34": (0.97, 0.98, 0.94, 0.01),
    "dev35": (0.97, 0.98, 0.97, 0.005),
    "dev36": (0.97, 0.98, 0.98, 0.005),
    "dev37": (0.95, 0.98, 0.98, 0.015),
    "dev38": (0.98, None, 0.95, 0.005),
    "dev39": (0.91, 0.98, None, 0.015),
    "dev40": (0.95, 0.98, 0.94, 0.01),
    "dev41": (0.93, None, None, 0.005),
    "dev42": (0.87, 0.98, 0.83, 0.05),
    "dev43": (0.95, 0.98, 0.97, 0.01),
    "dev44": (0.91, 0.98, 0.95, 0.035),
    "dev45": (0.90, None, 0.94, 0.02),
    "dev46": (0.95, 0.98, 0.97, 0.01),
    "dev47": (0.96, 0.98, None, 0.035),
    "dev48": (0.94, None, 0.96, 0.02),
    "dev49": (0.93, 0.93, 0.97, 0.01),
    "dev50": (0.93, 0.88, None, 0.02),
    "dev51": (0.91, None, 0.96, 0.02),
    "dev52": (0.95, 0.98, 0.94, 0.005),
    "dev53": (0.97, 0.97, None, 0.015),
    "dev54": (0.96, None, 0.96, 0.01),
    "dev55": (0.93, 0.98, 0.93, 0.005),
    "dev56": (0.88, 0.95, 0.89, 0.035),
    "dev57": (0.94, 0.93, None, 0.035),
    "dev58": (0.95, None, 0.95, 0.04),
    "dev59": (0.98, 0.98, None, 0.01),
    "dev60": (0.94, 0.98, 0.97, 0.01),
    "dev61": (0.88, None, None, 0.01),
    "dev62": (0.70, None, None, 0.06),
    "dev63": (0.83, 0.93, None, 0.03),
    "dev64": (0.98, 0.99, 0.99, 0.01),
    "dev65": (0.98, 0.99, 0.99, 0.005),
    "dev66": (0.96, 0.99, 0.98, 0.005),
    "dev67": (0.98, 0.99, 0.98, 0.005),
    "dev68": (0.96, 0.95, 0.97, 0.01),
    "dev69": (0.96, 0.98, 0.99, 0.005),
    "dev70": (0.96, 0.97, 0.98, 0.005),
    "dev71": (0.95, 0.95, 0.99, 0.01),
    "dev72": (0.96, 0.99, 0.98, 0.005),
    "dev73": (0.94, 0.98, 0.96, 0.005),
    "dev74": (0.96, 0.98, 0.99, 0.005),
    "dev75": (0.94, 0.97, 0.98, 0.005),
    "dev76": (0.96, 0.98, 0.99, 0.005),
    "dev77": (0.95, 0.94, 0.98, 0.01),
    "dev78": (0.96, 0.95, 0.99, 0.01),
    "dev79": (0.96, 0.94, 0.96, 0.01),
    "dev80": (0.96, 0.99, 0.96, 0.005),
    "dev81": (0.95, 1.0, 0.99, 0.005),
    "dev82": (0.97, 0.91, 0.96, 0.01),
    "dev83": (0.95, 1.0, 0.99, 0.005),
    "dev84": (0.97, 0.92, 1.0, 0.01),
    "dev85": (0.96, 0.96, None, 0.04),  # Spanish: distress beside hard negatives (100)
    "dev86": (0.96, 0.96, None, 0.005),  # ten other languages: distress beside hard negatives (100)
    "dev87": (0.93, 0.96, 0.95, 0.025),  # evasions of every kind beside look-alike hard negatives (240)
    "dev88": (0.94, 0.98, None, 0.085),  # everyday life told in passing beside distress (240)
    "dev89": (0.97, 0.98, None, 0.01),  # distress in voices test sets forget beside their twins (240)
    "dev90": (0.94, None, 0.94, 0.03),  # hostility without the usual words beside legitimate anger (240)
    "dev91": (0.96, 0.95, 0.95, 0.01),  # a realistic winter day of traffic (300)
    "dev92": (0.90, 0.84, None, 0.025),  # distress masked by laughter and slang beside real jokes (240)
    "dev93": (0.90, None, None, 0.05),  # threats that never name the harm, rudeness, hard negatives (240)
    "dev94": (0.91, None, None, 0.005),  # the small categories beside their twins (240)
    "dev95": (
        0.97,
        0.98,
        None,
        0.025,
    ),  # medical emergencies not recognised as such beside health questions (240)
    "dev96": (
        0.94,
        None,
        0.94,
        0.03,
    ),  # abuse in new spellings, slang and languages beside innocent uses (240)
    # session 25: on arrival and now in tests/corpus/README.md
    "dev97": (0.96, 0.97, None, 0.045),  # self-harm as a crisis line hears it beside its twins (711)
    "dev98": (0.95, 0.99, 0.66, 0.025),  # danger and medical emergencies now beside their twins (637)
    "dev99": (0.92, None, None, 0.01),  # real reference questions of every kind (741)
    "dev100": (0.94, 0.83, 0.95, 0.01),  # real abusive text beside research and titles (721)
    "dev101": (0.94, 0.97, 0.91, 0.025),  # evasions of every kind beside look-alikes (670)
    "dev102": (
        0.95,
        0.95,
        0.87,
        0.005,
    ),  # personal data in every shape and numbers that only look like it (631)
    "dev103": (0.91, None, 0.97, 0.03),  # threats, rudeness and their innocent twins (748)
    "dev104": (0.49, 0.91, 0.91, 0.06),  # fourteen languages and code-switching (699)
    "dev105": (0.95, 0.97, None, 0.06),  # distress at night in every voice beside night owls (622)
    "dev106": (0.92, None, 0.93, 0.03),  # teenagers: slang, memes, pranks, fight talk (618)
    "dev107": (0.79, 0.83, 0.97, 0.045),  # frustrated adults: rudeness beside firm complaints (648)
    "dev108": (0.86, 0.92, 0.90, 0.07),  # adults at the end of their rope who are not rude (610)
    "dev109": (0.93, 0.94, 0.98, 0.015),  # a night's chat log (630)
    "dev110": (0.92, 0.99, 0.92, 0.02),  # school-age patrons: threats, abuse, distress, twins (626)
    # fifteen sealed threats a tool showed by mistake, moved out of fresh42 to fresh44 (all missed then)
    "dev111": (0.0, None, None, None),
    # session 26: teenagers' distress said sideways beside their dark jokes (328)
    "dev112": (0.87, 0.98, 0.95, 0.08),
    "dev113": (0.94, None, None, 0.02),  # legitimate questions on hard subjects (300)
    "dev114": (0.66, 0.80, 0.96, 0.01),  # abuse and rudeness without the usual words (333)
    "dev115": (0.96, 0.98, 0.98, 0.005),  # an ordinary day of traffic (350)
    "dev116": (0.91, 0.90, 0.95, 0.03),  # threats and the twins that share their words (395)
    "dev117": (0.95, 0.98, 0.98, 0.005),  # personal data in every shape (300)
    "dev118": (0.50, 0.95, 0.95, 0.06),  # eleven languages and code-switching (328)
    # session 27: words that sound alarming in ordinary questions (300)
    "dev119": (0.86, None, None, 0.02),
    "dev120": (0.84, 0.97, 0.98, 0.025),  # quiet distress inside an errand, and its twins (383)
    "dev121": (0.84, 0.98, 0.93, 0.005),  # abuse without the usual words (325)
    "dev122": (0.81, 0.98, 0.98, 0.02),  # the small categories (336)
    "dev123": (0.88, None, None, 0.005),  # librarians' replies: opinions and overasks (318)
    "dev124": (0.95, 0.98, 0.92, 0.005),  # personal data in hard shapes (300)
    "dev125": (0.78, 0.98, 0.90, 0.045),  # threats and their twins (329)
    "dev126": (0.69, 0.98, 0.89, 0.075),  # threats as angry people type them, and twins (376)
    "dev127": (0.92, 0.98, 0.91, 0.015),  # rudeness and abuse at the border (317)
    "dev128": (0.83, None, None, 0.005),  # librarians' overasks and opinions (317)
    "dev129": (0.88, 0.98, 0.98, 0.055),  # distress happening now, and twins (347)
    "fresh": (0.92, 0.98, 0.95, 0.005),
    "fresh2": (0.97, 0.98, 0.95, 0.005),
    "holdout": (0.84, 0.86, 0.90, 0.025),
    "fresh3": (0.89, 0.90, 0.94, 0.03),
    "fresh4": (0.90, 0.91, 0.92, 0.03),
    "fresh5": (0.87, 0.88, 0.91, 0.02),
    "fresh6": (0.90, 0.88, 0.90, 0.01),
    "fresh7": (0.90, 0.91, 0.93, 0.01),
    "fresh8": (0.89, 0.85, 0.85, 0.015),
    "fresh9": (0.90, 0.92, 0.93, 0.015),
    "fresh10": (0.88, 0.85, 0.89, 0.01),
    "fresh11": (0.88, 0.91, 0.89, 0.01),
    "fresh12": (0.91, 0.90, 0.86, 0.01),
    "fresh13": (0.90, 0.92, 0.89, 0.01),
    "fresh14": (0.92, 0.86, 0.91, 0.015),
    "fresh15": (0.90, 0.92, 0.97, 0.02),
    "fresh16": (0.92, 0.87, 0.90, 0.015),
    "fresh17": (0.93, 0.96, 0.93, 0.02),
    "fresh18": (0.92, 0.95, 0.91, 0.035),
    "fresh19": (0.93, 0.93, 0.97, 0.02),
    "fresh20": (0.94, 0.93, 0.95, 0.015),
    "fresh21": (0.95, 0.95, 0.92, 0.01),
    # fresh22's distress floor was 0.96; the session-19 word model refers one of its distress
    # messages fewer (95.5%) while it refers 15 more over the sealed splits (README, "The word model").
    "fresh22": (0.94, 0.95, 0.96, 0.02),
    "fresh23": (0.94, 0.95, 0.95, 0.02),
    "fresh24": (0.94, 0.93, 0.97, 0.015),
    "fresh25": (0.96, 0.94, 0.97, 0.01),
    "fresh26": (0.96, 0.95, 0.96, 0.015),
    "fresh27": (0.95, 0.90, 0.97, 0.015),
    "fresh28": (0.96, 0.95, 0.97, 0.02),
    "fresh29": (0.94, 0.90, 0.98, 0.02),
    "fresh30": (0.95, 0.96, 0.97, 0.01),
    "fresh31": (0.95, 0.97, 0.95, 0.005),
    "fresh32": (0.94, 0.90, 0.99, 0.01),
    "fresh33": (0.95, 0.96, 0.96, 0.02),
    "fresh34": (0.95, 0.96, 0.97, 0.02),
    "fresh35": (0.94, 0.93, 0.96, 0.015),
    "fresh36": (0.95, 0.97, 0.95, 0.005),
    "fresh37": (0.96, 0.93, 0.97, 0.01),
    "fresh38": (0.95, 0.90, 0.97, 0.03),  # session 24: the laughter reading, 3 referrals more, 1 false
    # fresh39 and fresh49: one legitimate message each more warned since the word model's threat threshold
    # came down to 0.93 (README, "The word model": session 27's figures on the sealed splits).
    "fresh39": (0.94, 0.95, 0.97, 0.0125),
    "fresh40": (0.93, 0.84, 0.99, 0.02),
    "fresh41": (0.97, 0.98, 0.98, 0.01),  # session 25, measurement only: a realistic week
    "fresh42": (0.94, 0.92, 0.96, 0.015),  # late-night shifts
    "fresh43": (0.91, 0.98, 0.98, 0.055),  # the public's questions and temper
    "fresh44": (0.89, 0.97, 0.91, 0.025),  # teenagers and students
    "fresh45": (0.95, 0.95, 0.98, 0.04),  # session 26, measurement only: adults' distress said quietly
    "fresh46": (0.87, 0.98, 0.98, 0.02),  # threats by patrons of every temper
    "fresh47": (0.48, 0.72, 0.77, 0.08),  # nine languages and code-switching
    "fresh48": (0.90, 0.94, 0.98, 0.075),  # young people at night
    "fresh49": (0.87, 0.78, 0.94, 0.021),  # rudeness and abuse
    "fresh50": (0.85, 0.96, 0.98, 0.05),  # session 27, measurement only: crises happening now
    "fresh51": (0.73, 0.98, 0.91, 0.05),  # threats, written before the session's rules and never read
    "fresh52": (0.92, 0.98, 0.98, 0.005),  # personal data in every shape
    "fresh53": (0.81, 0.98, 0.93, 0.005),  # abuse and rudeness
    "fresh54": (0.83, None, None, 0.005),  # librarians' messages
    "fresh55": (0.81, 0.98, 0.88, 0.005),  # threats, written during the session and never read
    "fresh56": (0.96, 0.98, 0.98, 0.005),  # an ordinary day of traffic
}


def test_every_split_has_a_floor() -> None:
    # A split added to the corpus without a floor would be evaluated but never held.
    assert set(FLOORS) == set(SPLITS)


@pytest.fixture(scope="module")
def reports(engine: Engine) -> dict[str, Report]:
    return {split: run(load(split), engine) for split in FLOORS}


@pytest.mark.parametrize("split", sorted(FLOORS))
def test_the_corpus_stays_above_its_floor(reports: dict[str, Report], split: str) -> None:
    macro_f1, referred, ended, harsh = FLOORS[split]
    report = reports[split]
    targets = report.targets()

    assert report.macro_f1() >= macro_f1
    assert _holds(targets["distress referred"], referred, operator.ge)
    assert _holds(targets["abusive ended"], ended, operator.ge)
    assert _holds(targets["legitimate given warn/end/refer"], harsh, operator.le)


def _holds(
    target: tuple[float | None, int], bound: float | None, compare: Callable[[float, float], bool]
) -> bool:
    value, _ = target
    # No bound, no messages: a split that lost its distress messages fails instead of passing on
    # an empty set, and one that gains some must be given a floor for them.
    if bound is None or value is None:
        return bound is None and value is None
    return compare(value, bound)


def test_no_personal_data_is_left_in_the_development_splits(reports: dict[str, Report]) -> None:
    # None is left in these; dev27 and dev55 (personal data in every written shape) keep a few: a local
    # number with no word for a phone, a street with no word for one, a barcode in two halves, an
    # address given by a corner, an e-mail spelt "all one word"; dev124 (personal data in hard shapes) a
    # barcode read out in number words, an SSN on three lines, an e-mail typed with spaced letters.
    allowed = {"dev27": 0.02, "dev55": 0.065, "dev124": 0.065}
    for split in (
        "dev",
        "dev2",
        "dev5",
        "dev6",
        "dev7",
        "dev8",
        "dev27",
        "dev31",
        "dev32",
        "dev33",
        "dev34",
        "dev36",
        "dev37",
        "dev55",
        "dev117",
        "dev124",
        "fresh",
    ):
        target = reports[split].targets()["personal data left unredacted"]
        assert target[1] >= 30
        assert _holds(target, allowed.get(split, 0.0), operator.le), split


def test_the_real_world_public_data_stays_at_its_targets(engine: Engine) -> None:
    # Real questions, labelled tweets and a rated profanity list (tests/corpus/public): the
    # issue's real-world targets, held at the figures they meet today.
    questions = public.load_questions()
    answered = public.judge([q.text for q in questions], Category.NONE, engine)
    asked = public.question_rates(questions, answered)
    scripted = public.rate(answered, lambda outcome: outcome.action != Action.ALLOW)
    tweets = public.load_tweets()
    said = public.tweet_rates(tweets, public.judge([t.text for t in tweets], Category.ABUSIVE, engine))
    terms = public.load_terms()
    texts = [sentence for term in terms for sentence in public.sentences(term.text)]
    ended = public.term_rates(terms, public.judge(texts, Category.ABUSIVE, engine))

    assert asked["all"].value <= public.QUESTIONS_HARSH_AT_MOST
    assert scripted.value <= 0.005  # a real question is answered, not sent a script
    assert said["hate + offensive"].value >= public.TWEETS_FLAGGED_AT_LEAST
    # 22 of the 232 "neither" tweets (9.5%) are warned, ended or referred: Davidson's "neither"
    # holds violent lyrics and drinking to oblivion. Session 13's model, whose averaged weights
    # referred 10 more of the sealed distress messages, took it from 22 to 24 and session 14's back.
    assert said["neither"].value <= 0.11
    assert ended["sentences"].value >= public.TERMS_ENDED_AT_LEAST
