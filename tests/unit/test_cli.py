"""`decorum replay` and `decorum check`: the same engine and ladders as the API."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from decorum.cli import main, replay_lines, report_lines
from decorum.models import Verdict

TRANSCRIPT = [
    {"session_id": "a", "message_id": "1", "sender": "customer", "text": "hi"},
    {"session_id": "a", "message_id": "2", "sender": "customer", "text": "ugh you're useless"},
    {"session_id": "a", "message_id": "3", "sender": "provider", "text": "I'm sorry, let me look."},
    {"session_id": "a", "message_id": "4", "sender": "customer", "text": "shut up"},
    {"session_id": "a", "message_id": "5", "sender": "customer", "text": "hello?"},
    {"sender": "customer", "text": "ugh you're useless"},
]


def replay(records: list[object]) -> tuple[int, list[dict[str, object]]]:
    out = io.StringIO()
    code = replay_lines((json.dumps(record) + "\n" for record in records), out)
    return code, [json.loads(line) for line in out.getvalue().splitlines()]


def test_given_a_transcript_then_one_verdict_per_line_following_the_ladders() -> None:
    code, results = replay(list(TRANSCRIPT))

    assert code == 1  # line 5 was refused: the session had ended
    assert [result.get("action") for result in results] == [
        "allow",
        "warn",
        "allow",
        "end_session",
        None,
        "warn",
    ]
    assert results[4]["error"] == {"code": "session_ended", "message": "session a ended (repeated_rude)"}
    for result in results[:4]:
        Verdict.model_validate(result)
    assert results[5]["session_id"] == "replay-line-6", "a line without a session is a fresh session"


def test_given_bad_lines_then_each_is_reported_and_the_rest_replayed() -> None:
    out = io.StringIO()
    lines = [
        "not json\n",
        "\n",
        '{"sender": "alien", "text": "x"}\n',
        '{"sender": "customer", "text": "hi"}\n',
    ]

    code = replay_lines(lines, out)

    results = [json.loads(line) for line in out.getvalue().splitlines()]
    assert code == 1
    assert [result.get("error", {}).get("code") for result in results] == [
        "malformed_line",
        "invalid_line",
        None,
    ]
    assert results[0]["line"] == 1 and results[1]["line"] == 3


def test_given_a_file_then_replay_reads_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    transcript = tmp_path / "t.jsonl"
    transcript.write_text(
        json.dumps({"sender": "customer", "text": "What are you stupid?"}) + "\n", encoding="utf-8"
    )

    assert main(["replay", str(transcript)]) == 0

    verdict = json.loads(capsys.readouterr().out)
    assert verdict["action"] == "end_session"
    assert verdict["script"]["id"] == "inappropriate_disconnect"


def test_check_prints_the_verdict_with_its_evidence(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "What the f**k is taking so long? call 410-555-0199"]) == 0

    out = capsys.readouterr().out
    assert "category: abusive" in out
    assert "action:   end_session" in out
    assert "'f**k' [9:13] by abusive.profanity" in out
    assert "redacted: What the f**k is taking so long? call [phone]" in out


def test_check_coaches_a_provider(capsys: pytest.CaptureFixture[str]) -> None:
    main(["check", "--provider", "--json", "I think you should sue them."])

    verdict = json.loads(capsys.readouterr().out)
    assert (verdict["category"], verdict["action"]) == ("provider_opinion", "coach")


TRANSCRIPTS = Path(__file__).resolve().parents[2] / "events" / "transcripts"


def expected_outcomes(name: str) -> list[dict[str, object]]:
    """What SPEC "Session ladders" says each line of a shipped transcript gets, written out by hand."""
    lines = (TRANSCRIPTS / f"{name}.expected.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def outcome(result: dict[str, Any]) -> dict[str, object]:
    if "error" in result:
        return {"error": result["error"]["code"]}
    script, alert = result["script"], result["alert"]
    return {
        "action": result["action"],
        "script": script["id"] if script else None,
        "alert": bool(alert and alert["sent"]),
    }


def test_given_the_shipped_ladder_transcript_when_replayed_then_every_line_follows_the_spec() -> None:
    records = [
        json.loads(line) for line in (TRANSCRIPTS / "ladders.jsonl").read_text(encoding="utf-8").splitlines()
    ]

    code, results = replay(records)

    assert code == 1  # a message after the end, and a reused id, are refused
    assert [outcome(result) for result in results] == expected_outcomes("ladders")


def report(records: list[dict[str, Any]], output_format: str = "table") -> str:
    out = io.StringIO()
    assert report_lines((json.dumps(record) + "\n" for record in records), out, output_format) == 0
    return out.getvalue()


def test_given_the_sample_transcript_when_reported_then_counts_ended_sessions_and_referrals_show() -> None:
    records = [json.loads(line) for line in (TRANSCRIPTS / "ladders.jsonl").read_text().splitlines()]
    outcomes = expected_outcomes("ladders")

    table = report(records)

    ended = sum(1 for o in outcomes if o.get("action") == "end_session")
    referred = sum(1 for o in outcomes if o.get("action") == "refer")
    assert f"Messages: {len(records)}" in table
    assert f"Sessions ended: {ended}" in table and f"Distress referrals: {referred}" in table
    assert "abusive.insult 'stupid'" in table  # the evidence that ended the 'abuse' session
    assert "self_harm     imminent  alerted" in table
    assert "message_id_reused 1, session_ended 1" in table


def test_given_a_report_as_csv_then_a_spreadsheet_gets_every_count_and_never_personal_data() -> None:
    records = [
        {"session_id": "a", "text": "do you have books on bees?", "sender": "customer"},
        {"session_id": "b", "text": "you stupid idiot, my card is 4111 1111 1111 1111", "sender": "customer"},
    ]

    rows = list(csv.DictReader(io.StringIO(report(records, "csv"))))

    counts = {(r["category"], r["action"]): int(r["count"]) for r in rows if r["section"] == "count"}
    assert counts == {("none", "allow"): 1, ("abusive", "end_session"): 1}
    ended = [r for r in rows if r["section"] == "ended"]
    assert {r["session_id"] for r in ended} == {"b"}
    assert any(r["words"] == "stupid idiot" or "idiot" in r["words"] for r in ended)
    assert all("4111" not in r["words"] for r in ended)
    assert any(r["rule"] == "personal_data.payment_card" and r["words"] == "" for r in ended)


def test_given_the_shipped_policy_then_policy_check_passes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["policy", "check"]) == 0
    assert "every rule compiles" in capsys.readouterr().out


def test_given_a_library_override_with_a_broken_pattern_then_policy_check_names_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "lib9.toml").write_text(
        '[[patterns]]\nid = "lib9.bad"\ncategory = "rude"\ntriggers = ["a"]\nregex = "fine|(?<=a+)b"\n',
        encoding="utf-8",
    )

    assert main(["policy", "check", "--libraries", str(tmp_path)]) == 1
    error = capsys.readouterr().err
    assert "lib9.toml" in error and "lib9.bad" in error and "invalid regex" in error
