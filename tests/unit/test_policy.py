"""Policy files are validated at load; a library's override adds and disables rules."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from decorum.engine import Engine
from decorum.engine.policy import (
    DEFAULT_POLICY_DIR,
    MODEL_FILE,
    PROVIDER_MODEL_FILE,
    PolicyError,
    expand_macros,
    load_document,
    load_policy,
)
from decorum.models import Category


@pytest.fixture
def policy_copy(tmp_path: Path) -> Path:
    target = tmp_path / "default"
    shutil.copytree(DEFAULT_POLICY_DIR, target)
    return target


def test_given_the_shipped_policy_then_it_loads_with_a_version_and_every_regex_compiles() -> None:
    document = load_document()

    assert document.version
    assert document.terms and document.patterns and document.personal_data
    load_policy().check()


@pytest.mark.parametrize(
    ("addition", "complaint"),
    [
        ('[[terms]]\nid = "abusive.profanity"\ncategory = "abusive"\nwords = ["zzz"]\n', "used twice"),
        ('[[terms]]\nid = "x.dup"\ncategory = "rude"\nwords = ["stupid"]\n', "in both"),
        ('[[terms]]\nid = "x.case"\ncategory = "rude"\nwords = ["Capital"]\n', "pattern"),
        ('[[terms]]\nid = "x.cat"\ncategory = "naughty"\nwords = ["zzz"]\n', "category"),
        (
            '[[personal_data]]\nid = "x.nodigit"\nlabel = "x"\ngate = "id"\nneeds_digit = true\n'
            'regex = "id [a-z]+"\n',
            "needs_digit",
        ),
        ('[[personal_data]]\nid = "x.upper"\nlabel = "x"\ngate = "ID"\nregex = "ID [a-z]+"\n', "lower"),
        # A pattern reads the folded text, where an accent or a Hangul syllable never occurs.
        ('[[patterns]]\nid = "x.accent"\ncategory = "rude"\ntriggers = ["que"]\nregex = "qué"\n', "x.accent"),
        ('[[patterns]]\nid = "x.hangul"\ncategory = "rude"\nchars = "바"\nregex = "바보"\n', "folded text"),
        # Two edits of one entry: the second copy would hide that the first was changed.
        ('[[terms]]\nid = "x.twice"\ncategory = "rude"\nwords = ["zz", "yy", "zz"]\n', "zz more than once"),
    ],
)
def test_given_a_broken_rule_then_loading_fails_naming_it(
    policy_copy: Path, addition: str, complaint: str
) -> None:
    (policy_copy / "zz_extra.toml").write_text(addition, encoding="utf-8")

    with pytest.raises(PolicyError, match=complaint):
        load_document(policy_copy)


def test_given_a_macro_built_of_macros_then_a_rule_gets_it_whole() -> None:
    raw: dict[str, object] = {
        "macros": {"you": "you|u", "not_you": "(?!%you%)", "near_mine": "(?: %not_you%\\w+)?"},
        "patterns": [{"id": "x.mine", "regex": "i%near_mine% die"}],
    }

    expanded = expand_macros(raw)

    assert expanded["patterns"] == [{"id": "x.mine", "regex": "i(?:(?: (?:(?!(?:you|u)))\\w+)?) die"}]


@pytest.mark.parametrize(
    ("macros", "complaint"),
    [
        ({"a": "x%b%", "b": "%a%y"}, "refers to itself"),
        ({"a": "%a%"}, "refers to itself"),
        ({"a": "x%nowhere%"}, "unknown macro %nowhere%"),
    ],
)
def test_given_a_macro_that_cannot_be_resolved_then_loading_fails(
    macros: dict[str, str], complaint: str
) -> None:
    raw: dict[str, object] = {"macros": macros, "patterns": [{"id": "x.m", "regex": "%a%"}]}

    with pytest.raises(PolicyError, match=complaint):
        expand_macros(raw)


def test_given_the_customers_model_where_the_librarians_belongs_then_loading_fails(policy_copy: Path) -> None:
    shutil.copyfile(policy_copy / MODEL_FILE, policy_copy / PROVIDER_MODEL_FILE)

    with pytest.raises(PolicyError, match=f"{PROVIDER_MODEL_FILE}: a customer model"):
        load_policy(policy_copy)


def test_given_a_pattern_with_a_broken_regex_then_the_check_names_it(policy_copy: Path) -> None:
    (policy_copy / "zz_extra.toml").write_text(
        '[[patterns]]\nid = "x.bad"\ncategory = "rude"\ntriggers = ["a"]\nregex = "fine|(unclosed"\n',
        encoding="utf-8",
    )
    policy = load_policy(policy_copy)

    with pytest.raises(PolicyError, match=r"x\.bad.*invalid regex"):
        policy.check()


def test_given_a_library_override_then_it_adds_terms_and_disables_rules(
    policy_copy: Path, tmp_path: Path
) -> None:
    statewide = Engine(policy_copy)
    chat_rules = sorted({hit.rule for hit in statewide.assess("how are you").hits})
    libraries = tmp_path / "libraries"
    libraries.mkdir()
    (libraries / "lib-42.toml").write_text(
        f'version = "lib42.1"\ndisable = {[*chat_rules, "model"]!r}\n'.replace("'", '"')
        + '[[terms]]\nid = "lib42.local_insult"\ncategory = "abusive"\nwords = ["blatherskite"]\n',
        encoding="utf-8",
    )
    engine = Engine(policy_copy, library_dir=libraries)

    assert chat_rules, "the statewide policy calls 'how are you' chit-chat"
    assert engine.assess("you blatherskite", library_id="lib-42").category == Category.ABUSIVE
    assert engine.assess("you blatherskite").category == Category.NONE
    assert engine.assess("how are you", library_id="lib-42").category == Category.NONE
    assert engine.assess("how are you").category == Category.CHIT_CHAT
    assert engine.assess("hi", library_id="lib-42").policy_version.endswith("+lib42.1")


def test_given_an_added_personal_data_rule_then_its_gate_wakes_the_redactor(policy_copy: Path) -> None:
    # The redactor skips messages with neither a digit nor a word gate: a new rule's gate must count.
    (policy_copy / "zz_extra.toml").write_text(
        '[[personal_data]]\nid = "x.badge"\nlabel = "badge"\nflags = "i"\ngate = "badge"\n'
        'group = "v"\nregex = "\\\\bbadge (?P<v>[a-z]{3}-[a-z]{3})\\\\b"\n',
        encoding="utf-8",
    )
    engine = Engine(policy_copy)

    assessment = engine.assess("My Badge qrs-tuv stopped working")

    assert assessment.redacted_text == "My Badge [badge] stopped working"
    assert [hit.rule for hit in assessment.hits if hit.category == Category.PERSONAL_INFO] == ["x.badge"]


def test_given_a_context_with_unless_then_it_stops_covering_where_its_guard_matches(
    policy_copy: Path,
) -> None:
    # A pattern that mentions suppress ('zorp'), and a mention context ('blorp zorp') that gives way
    # when the message says 'tonight': the same words are covered in one message, judged in the other.
    (policy_copy / "zz_extra.toml").write_text(
        '[[patterns]]\nid = "x.zorp"\ncategory = "rude"\ntriggers = ["zorp"]\nregex = "\\\\bzorp\\\\b"\n'
        'suppressed_by = ["mention"]\n'
        '[[contexts]]\nid = "x.quoted_zorp"\nkind = "mention"\ntriggers = ["blorp"]\n'
        "regex = \"(?P<scope>blorp zorp)\"\nunless = '\\btonight\\b'\n",
        encoding="utf-8",
    )
    engine = Engine(policy_copy)

    assert "x.zorp" not in {hit.rule for hit in engine.assess("blorp zorp").hits}
    assert "x.zorp" in {hit.rule for hit in engine.assess("blorp zorp tonight").hits}


def test_given_a_context_with_requires_then_it_covers_only_where_its_guard_matches(policy_copy: Path) -> None:
    (policy_copy / "zz_extra.toml").write_text(
        '[[patterns]]\nid = "x.zorp"\ncategory = "rude"\ntriggers = ["zorp"]\nregex = "\\\\bzorp\\\\b"\n'
        'suppressed_by = ["mention"]\n'
        '[[contexts]]\nid = "x.quoted_zorp"\nkind = "mention"\ntriggers = ["blorp"]\n'
        "regex = \"(?P<scope>blorp zorp)\"\nrequires = '\\bquoth\\b'\n",
        encoding="utf-8",
    )
    engine = Engine(policy_copy)

    assert "x.zorp" in {hit.rule for hit in engine.assess("blorp zorp").hits}
    assert "x.zorp" not in {hit.rule for hit in engine.assess("quoth the raven: blorp zorp").hits}
