"""`decorum scripts check|diff|push`: a coordinator's edited set, checked and uploaded safely."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto import mock_aws

from decorum.adapters.scripts import BUNDLED_DIR, BundledScripts
from decorum.cli import main
from decorum.engine import Engine
from decorum.scriptset import (
    MAX_SCRIPT_CHARS,
    check_set,
    known_script_ids,
    plan,
    push,
    read_set,
    seed_scripts,
)

BUCKET = "decorum-test-scripts"


@pytest.fixture
def s3() -> Iterator[Any]:
    with mock_aws():
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket=BUCKET)
        yield client


def write(folder: Path, **scripts: str) -> Path:
    folder.mkdir(exist_ok=True)
    for script_id, text in scripts.items():
        (folder / f"{script_id}.txt").write_text(text, encoding="utf-8")
    return folder


def stored(s3: Any, key: str) -> str:
    body: bytes = s3.get_object(Bucket=BUCKET, Key=key)["Body"].read()
    return body.decode().strip()


def test_every_script_an_action_can_send_exists_by_default_and_passes_the_check(engine: Engine) -> None:
    used_by_policy = set(engine.policy.document.scripts.model_dump().values())

    assert used_by_policy == known_script_ids()
    assert set(read_set(BUNDLED_DIR)) == used_by_policy
    assert check_set(BUNDLED_DIR) == []
    for script_id in used_by_policy:
        assert "{" not in BundledScripts().get(script_id).text, script_id


def test_the_check_names_each_problem_of_an_edited_set(tmp_path: Path) -> None:
    folder = write(
        tmp_path / "edited",
        warn_rude="Please be patient, {librarian_name}.",
        warn_rudee="A typo in the file name.",
        chit_chat_end="   ",
        crisis_referral="x" * (MAX_SCRIPT_CHARS + 1),
        chit_chat_nudge="Do you have a question for {service_name}?",
    )
    (folder / "what_is_service.txt").write_bytes(b"\xff\xfe not utf-8")

    problems = check_set(folder)

    assert len(problems) == 5
    assert any(p.startswith("warn_rude.txt: no value for placeholder {librarian_name}") for p in problems)
    assert any(p.startswith("warn_rudee.txt: no action sends a script 'warn_rudee'") for p in problems)
    assert "chit_chat_end.txt: empty" in problems
    assert any(p.startswith("crisis_referral.txt: 1201 characters") for p in problems)
    assert "what_is_service.txt: not UTF-8 text" in problems


def test_a_push_uploads_only_what_changed_and_a_diff_shows_it(s3: Any, tmp_path: Path) -> None:
    seed_scripts(s3, BUCKET)
    folder = write(
        tmp_path / "edited",
        warn_rude="Please be patient with us while we search.",
        filter_decline=BundledScripts().templates["filter_decline"],
    )

    changes = {change.script_id: change for change in plan(s3, BUCKET, read_set(folder))}
    uploaded = push(s3, BUCKET, list(changes.values()))

    assert (changes["warn_rude"].status, changes["filter_decline"].status) == ("changed", "unchanged")
    assert "+Please be patient with us while we search." in changes["warn_rude"].diff()
    assert [change.key for change in uploaded] == ["statewide/warn_rude.txt"]
    assert stored(s3, "statewide/warn_rude.txt") == "Please be patient with us while we search."


def test_a_library_push_writes_the_librarys_keys_only(s3: Any, tmp_path: Path) -> None:
    seed_scripts(s3, BUCKET)
    folder = write(tmp_path / "lib", warn_rude="Library 7's own words.")

    push(s3, BUCKET, plan(s3, BUCKET, read_set(folder), "lib-7"))

    assert stored(s3, "libraries/lib-7/warn_rude.txt") == "Library 7's own words."
    assert stored(s3, "statewide/warn_rude.txt") == BundledScripts().templates["warn_rude"]


def test_seeding_uploads_what_is_missing_and_never_overwrites_an_edit(s3: Any) -> None:
    s3.put_object(Bucket=BUCKET, Key="statewide/warn_rude.txt", Body=b"Coordinator's words")

    seeded = seed_scripts(s3, BUCKET)
    again = seed_scripts(s3, BUCKET)

    assert seeded.kept == ["statewide/warn_rude.txt"]
    assert len(seeded.uploaded) == len(known_script_ids()) - 1
    assert again.uploaded == []
    assert stored(s3, "statewide/warn_rude.txt") == "Coordinator's words"


def test_the_command_refuses_to_push_a_set_that_fails_the_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write(tmp_path / "bad", warn_rude="Hello {nobody}")

    code = main(["scripts", "push", str(folder), "--bucket", BUCKET])

    assert code == 1
    assert "no value for placeholder {nobody}" in capsys.readouterr().err


def test_the_command_checks_a_set(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = write(tmp_path / "good", warn_rude="Please be patient with {service_name}.")

    code = main(["scripts", "check", str(folder)])

    assert code == 0
    assert "1 scripts, all fine" in capsys.readouterr().out
