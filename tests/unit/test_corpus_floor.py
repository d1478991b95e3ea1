"""The labelled corpus stays above its floor (tests/corpus; `make eval` prints the full tables).

The floors sit a little below today's figures: a rule change that costs real accuracy fails
here, while the evaluation output says what changed. `holdout` is never used to tune rules, so
its floor is the honest one for messages nobody has seen.
"""

from __future__ import annotations

import pytest

from decorum.engine import Engine
from tests.evaluation.evaluate import Report, load, run

FLOORS = {
    # split: (macro-F1, distress referred, abusive ended, legitimate warned/ended/referred at most)
    "dev": (0.97, 0.98, 0.95, 0.005),
    "fresh": (0.90, 0.98, 0.90, 0.005),
    "fresh2": (0.93, 0.98, 0.72, 0.005),
    "holdout": (0.78, 0.75, 0.72, 0.025),
}


@pytest.fixture(scope="module")
def reports(engine: Engine) -> dict[str, Report]:
    return {split: run(load(split), engine) for split in FLOORS}


@pytest.mark.parametrize("split", sorted(FLOORS))
def test_the_corpus_stays_above_its_floor(reports: dict[str, Report], split: str) -> None:
    macro_f1, referred, ended, harsh = FLOORS[split]
    report = reports[split]
    targets = report.targets()

    assert report.macro_f1() >= macro_f1
    assert targets["distress referred"][0] >= referred
    assert targets["abusive ended"][0] >= ended
    assert targets["legitimate given warn/end/refer"][0] <= harsh


def test_no_personal_data_is_left_in_the_development_splits(reports: dict[str, Report]) -> None:
    for split in ("dev", "fresh"):
        left, count = reports[split].targets()["personal data left unredacted"]
        assert count > 40
        assert left <= 0.1, split
