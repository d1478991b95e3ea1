"""Folding defeats evasion, and every offset still points into the original text."""

from __future__ import annotations

import unicodedata

import pytest

from decorum.engine import Engine
from decorum.engine.lookalikes import LOOKALIKES
from decorum.engine.normalise import fold
from decorum.models import Category
from tests.training.lookalikes import lookalikes

EVASIONS = [
    "ｆｕｃｋ you",  # full-width
    "𝐟𝐮𝐜𝐤 you",  # mathematical bold
    "fuсk you",  # Cyrillic с
    "fu\u200bck you",  # zero-width space
    "fu\u0301ck you",  # combining accent
    "f*ck you",
    "f**k you",
    "f#@k you",
    "f u c k you",
    "f.u.c.k you",
    "fuuuuuck you",
    "sh1t",
    "$hit",
    "b!tch",
    "b!+ch",  # two symbols in a row, both letters
    "this service is $#!t",  # a mask among letter-like symbols
    "@sshole",
    "ƒuck you",  # Latin f with a hook
    "ꜰᴜᴄᴋ you",  # small capitals
    "fуck you",  # Cyrillic у between consonants stands for u
    "f-ing slow tonight",  # the letters left out, a hyphen for the apostrophe of f'ing
]


@pytest.mark.parametrize("text", EVASIONS)
def test_given_an_evasion_then_it_is_caught_with_a_span_of_the_original(engine: Engine, text: str) -> None:
    assessment = engine.assess(text)

    assert assessment.category == Category.ABUSIVE
    hit = assessment.hits[0]
    evidence = text[hit.start : hit.end]
    assert evidence and not evidence.isspace()
    assert evidence[0].lower() in "f𝐟ｆƒꜰs$b@", evidence


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("b!+ch", "bitch"),  # a mix of symbols inside a word spells it
        ("moron!!you", "moron!!you"),  # two words shouted apart stay two words
        ("c++ books", "c++ books"),  # punctuation after a word stays punctuation
        ("$#!t", "s*it"),  # a mask among letter-like symbols: the run spells the word
        ("s#!t", "s*it"),
        ("100%! off", "100%! off"),  # against digits, no word is spelt
        ("ur an !d!ot lol", "ur an idiot lol"),  # an opening '!' of a word spelt with symbols
        ("!dg@f", "idgaf"),
        ("!important css rule", "!important css rule"),  # a word spelt plain keeps its '!'
    ],
)
def test_given_symbols_between_letters_then_only_a_spelling_becomes_letters(text: str, folded: str) -> None:
    assert fold(text).text == folded


def test_given_plain_ascii_then_folding_is_the_fast_identity_map() -> None:
    folded = fold("Can you hurry it up?")

    assert folded.text == "can you hurry it up?"
    assert folded.origin is None
    assert folded.span(4, 7) == (4, 7)


def test_given_removed_characters_then_spans_map_back_to_the_original() -> None:
    text = "ok f\u200b u c k"
    folded = fold(text)

    start = folded.text.index("fuck")
    assert folded.span(start, start + 4) == (3, len(text))


def test_given_decorated_latin_letters_then_each_folds_to_the_letter_it_decorates() -> None:
    assert fold("ʂɦɨʈ ɓɨʈƈɦ ᴅᴀᴍɴ Ħello").text == "shit bitch damn hello"


@pytest.mark.parametrize(
    "text",
    [
        "ᖴᑌᑕK you",  # Canadian syllabics, a fancy-text alphabet
        "you ᗷITᑕᕼ",
        "ꓝꓴꓚꓗ you",  # Lisu, from Unicode's confusables list
        "ꎇꀎꏳꀘ you",  # Yi syllables
        "ƒυ¢к you",  # the cent sign for a c
    ],
)
def test_given_letters_of_a_fancy_text_alphabet_then_the_word_they_spell_ends_with_its_evidence(
    engine: Engine, text: str
) -> None:
    assessment = engine.assess(text)

    assert assessment.category == Category.ABUSIVE
    word = text.replace(" you", "").replace("you ", "")
    assert word in [text[hit.start : hit.end] for hit in assessment.hits]


@pytest.mark.parametrize(
    "text",
    ["я тебя люблю, где книга?", "안녕하세요 도서관", "ሰላም እንዴት ነህ", "Γεια σου, ψάχνω ένα βιβλίο", "שלום"],
)
def test_given_a_script_patrons_write_in_then_its_letters_are_not_read_as_new_latin_ones(text: str) -> None:
    # Russian and Greek keep the few look-alikes normalise's own table reads (the policy's
    # patterns are written in what folding leaves); the generated table adds none of theirs.
    met = {piece.lower() for char in text for piece in unicodedata.normalize("NFKD", char)}

    assert met.isdisjoint(LOOKALIKES)


def test_given_the_confusables_list_then_the_shipped_lookalikes_table_is_what_it_generates() -> None:
    assert lookalikes() == LOOKALIKES


def test_given_a_word_of_symbols_only_then_it_is_read_as_letters_but_money_is_not() -> None:
    assert fold("kiss my @$$ lady").text == "kiss my ass lady"
    assert fold("it costs $50, or $$ for two").text == "it costs $50, or ss for two"


def test_given_cyrillic_u_then_it_reads_u_between_consonants_and_y_elsewhere() -> None:
    assert fold("fусk уou pussу").text == "fuck you pussy"


def test_given_digits_in_numbers_then_they_stay_digits() -> None:
    assert fold("call 911 or 555-1234 about room 101").text == "call 911 or 555-1234 about room 101"


@pytest.mark.parametrize(
    "text",
    [
        "you motherf*cker",
        "you muthaf***a",
        "shut up you c*cksucker",
        "what a d*ckhead",
        # The mask inside a lexicon prefix the word starts with ('shit...', 'knob...').
        "sh*tbird!",
        "kn*bheads!",
    ],
)
def test_given_a_mask_inside_a_longer_word_then_the_hidden_insult_is_found(engine: Engine, text: str) -> None:
    assessment = engine.assess(text)

    assert assessment.category == Category.ABUSIVE
    assert "*" in text[assessment.hits[0].start : assessment.hits[0].end]


@pytest.mark.parametrize("text", ["my 4th grade class", "the 5pm class", "100k followers", "room 7175"])
def test_given_digits_beside_letters_that_spell_no_lexicon_word_then_nothing_fires(
    engine: Engine, text: str
) -> None:
    assert engine.assess(text).category == Category.NONE


@pytest.mark.parametrize("text", ["sh*take mushroom recipes", "a trip to ph*ket"])
def test_given_a_mask_that_fills_in_an_exception_then_it_is_no_insult(engine: Engine, text: str) -> None:
    assert engine.assess(text).category == Category.NONE


def test_given_a_symbol_between_a_word_and_digits_then_it_is_no_mask(engine: Engine) -> None:
    # 'Maryland#2024' is a password: '#' hides no letter of an insult, it is read as data.
    assessment = engine.assess("the password i set was Maryland#2024, is it case sensitive?")

    assert assessment.category == Category.PERSONAL_INFO
    assert "Maryland#2024" not in assessment.redacted_text


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        # One word spelled out keeps one separator: an article before an abbreviation stays a word.
        ("Are you a U.S. citizen?", "are you a u.s. citizen?"),
        ("s.h.i.t answer", "shit answer"),
        ("f u c k this", "fuck this"),
        # A dot and a dot with a space are two separators: a sentence's full stop ends the word.
        ("You're a m.o.r.o.n. I asked", "you're a moron. i asked"),
        ("I.d.i.o.t. I said", "idiot. i said"),
        ("s. h. i. t", "shit"),
    ],
)
def test_given_spaced_letters_then_only_a_run_with_one_separator_is_joined(text: str, folded: str) -> None:
    assert fold(text).text == folded


@pytest.mark.parametrize(
    ("text", "evidence"),
    [
        ("shi t answer from this library", "shi t"),
        ("ku nt", "ku nt"),
        ("ur such a fa g", "fa g"),
        ("you a ss hole", "a ss hole"),
        ("what a bit ch", "bit ch"),
        ("this is bu llshit", "bu llshit"),
        # Evasions folding leaves half undone: a masked word inside a lexicon phrase, first or not; letters
        # spelled out between non-breaking hyphens, or after spelled-out texting words.
        ("hijo de p*ta", "hijo de p*ta"),
        ("p*ta madre, cerrado otra vez", "p*ta madre"),
        ("s‑h‑i‑t service", "s‑h‑i‑t"),
        ("u r a d u m b a s s", "u r a d u m b a s s"),
        # A lexicon phrase's word stretched ('coock' is 'cock'); words spaced, letters among digits,
        # an abbreviation's last letter stretched; digits spelling a lexicon word; a Cyrillic 'у'
        # between consonants read as the 'y' it looks like, where 'u' spells nothing.
        ("cooooock sucker!", "cooooock sucker"),
        ("kiiiiss my aaaass", "kiiiiss my aaaass"),
        ("s u c k   m y   d i c k", "s u c k   m y   d i c k"),
        ("c 0 c k s u c k e r!", "c 0 c k s u c k e r"),
        ("kysssss", "kysssss"),
        ("Useless 70553r.", "70553r"),
        ("you dуkе", "dуkе"),
    ],
)
def test_given_a_word_typed_in_pieces_or_half_unfolded_then_the_whole_word_is_the_evidence(
    engine: Engine, text: str, evidence: str
) -> None:
    assessment = engine.assess(text)

    assert assessment.category == Category.ABUSIVE
    assert {text[hit.start : hit.end] for hit in assessment.hits} == {evidence}


@pytest.mark.parametrize(
    "text",
    [
        "can you put a hold on the new grisham",  # 'put a': two words of their own
        "does the sticker go on the front of the form or the back",  # 'go on'
        "the pen is mightier than the sword, who said it",  # 'pen is'
        "do you have an al capone biography",  # 'an al'
        "sh it happens sometimes, the printer jammed",  # 'it' is a word
        "was the U.S hit hard by the 1918 flu",  # a dot glues 's' to 'u'
    ],
)
def test_given_ordinary_short_words_side_by_side_then_nothing_is_joined(engine: Engine, text: str) -> None:
    assert engine.assess(text).category == Category.NONE


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("🅵🆄🅲🅺 you", "fuck you"),  # negative squared capitals
        ("🅐🅢🅢", "ass"),  # negative circled capitals
        ("🅱️itch", "bitch"),  # a letter's emoji form: the variation selector is invisible
        ("f|u|c|k you", "fuck you"),  # '|' and '+' setting letters apart are no 'i' and 't'
        ("b+i+t+c+h", "bitch"),
        ("b|tch", "bitch"),  # ... but one inside a word still is
        ("c++ books", "c++ books"),
        ("@/s/s/h/o/l/e!", "asshole!"),  # '/' too, and a symbol among the letters
        ("0_r_a_l s_e_x!", "oral sex!"),  # '_' sets items apart as a space does
        ("and/or 12/25/2024, 1/2 cup", "and/or 12/25/2024, 1/2 cup"),
    ],
)
def test_given_enclosed_letters_or_letters_set_apart_then_the_word_is_read(text: str, folded: str) -> None:
    assert fold(text).text == folded


def test_given_greek_capitals_then_each_reads_as_the_latin_capital_it_looks_like() -> None:
    # 'Η' is an H and 'Ν' an N to the eye, though their small letters look like n and v.
    assert fold("ΒΙΤCΗ").text == "bitch"
    assert fold("ΝΟ").text == "no"


def test_given_a_lunate_sigma_then_it_reads_as_the_c_it_looks_like() -> None:
    # Compatibility decomposition would make it a sigma first, and a sigma reads as an o.
    assert fold("ΒΙΤϹΗ").text == "bitch"
    assert fold("ϲunt").text == "cunt"


def test_given_a_stretched_word_of_address_then_the_remark_is_still_aimed(engine: Engine) -> None:
    assert engine.assess("ur sooooo stuuuupid omg").category == Category.ABUSIVE
    assert engine.assess("youuuu are sooo dumb").category == Category.ABUSIVE


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        # A symbol or digit among spaced letters stands for a letter, as it does inside a word.
        ("c 0 c k", "cock"),
        ("@ s s h o l e!", "asshole!"),
        ("d i p s h 1 t", "dipshit"),
        ("f # c k", "f*ck"),
        # ... but not a shout after the run, numbers, a run of more symbols than letters, a digit
        # that stands for no letter ('2' is 'to'), or items hyphened and spaced by turns.
        ("f u c k !", "fuck !"),
        ("call 1 2 3", "call 1 2 3"),
        ("a 1 2", "a 1 2"),
        ("u r 2 c o o l", "u r 2 cool"),
        ("I-5 S", "i-5 s"),
    ],
)
def test_given_symbols_among_spaced_letters_then_they_are_read_as_the_word_they_spell(
    text: str, folded: str
) -> None:
    assert fold(text).text == folded


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("s u c k   m y   d i c k", "suck my dick"),  # the wider gap ends a word: 'm y' is one
        ("g o   t o   h e l l", "go to hell"),
        ("u r   a   b i t c h", "ur a bitch"),
        ("A   B   C", "a   b   c"),  # no word spelled out: left as typed
        ("F B I   C I A files", "fbi cia files"),
    ],
)
def test_given_spaced_words_with_wider_gaps_between_them_then_each_word_is_joined(
    text: str, folded: str
) -> None:
    assert fold(text).text == folded


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("suuuuck my diiiick", "suck my dick"),  # a, i and u are never doubled: one is kept
        ("shuuuut uuuup", "shut up"),
        ("cooool", "cool"),  # other letters keep two, as English doubles them
        ("helllllo", "hello"),
        ("heyyy", "heyy"),
        ("kysssss loser", "kys loser"),  # an abbreviation's last letter stretched: one is kept
        ("jfccccc just answer", "jfc just answer"),
        ("hmmmm ok", "hmm ok"),  # interjections are written doubled
        ("xxx videos", "xx videos"),
    ],
)
def test_given_stretched_letters_then_letters_english_never_doubles_keep_one(text: str, folded: str) -> None:
    assert fold(text).text == folded


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("kill myseeeelf", "kill myself"),  # 'myseelf' is no word, 'myself' is: one e
        ("go to heeeell", "go to hell"),
        ("shitttttt", "shit"),
        ("gooood", "good"),  # both may be words: English doubles e and o, so two stay
        ("sooooo", "soo"),  # both known: the spelling the word model learnt stays
        ("zzzzzz", "zz"),  # neither known: as folded without a vocabulary
        ("heeeelllo", "hello"),  # each run read with the word's other runs as they fold
        ("wheeeeeeee", "whee"),
    ],
)
def test_given_a_stretched_letter_english_may_double_then_the_known_spelling_is_read(
    text: str, folded: str
) -> None:
    known = {"myself", "hell", "shit", "god", "good", "so", "soo", "hello", "whee", "kill", "to", "go"}

    assert fold(text, known.__contains__).text == folded


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("you are a b i t c h", "you are a bitch"),  # the article stays apart
        ("you are a b l o w   j o b", "you are a blow job"),  # words spelled with wider gaps
        ("so d u m b I can't", "so dumb i can't"),  # the pronoun stays apart
        ("a s a p please", "asap please"),  # the whole run is a word: joined
        ("a l o n e", "alone"),  # so is this one, though 'lone' is a word too
        ("a b c d", "abcd"),  # no reading is a word: joined, as without a vocabulary
    ],
)
def test_given_a_one_letter_word_glued_to_a_spelled_out_one_then_it_stays_apart(
    text: str, folded: str
) -> None:
    known = {"you", "are", "bitch", "blow", "job", "so", "dumb", "asap", "sap", "please", "alone", "lone"}

    assert fold(text, known.__contains__).text == folded


def test_given_an_article_glued_to_a_spelled_out_insult_then_the_evidence_is_the_insult(
    engine: Engine,
) -> None:
    text = "you are a b l o w   j o b"
    assessment = engine.assess(text)

    assert assessment.category == Category.ABUSIVE
    assert "b l o w   j o b" in [text[hit.start : hit.end] for hit in assessment.hits]


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("kill mуѕеlf", "kill myself"),  # between consonants, but only 'y' makes a word
        ("fуck", "fuck"),  # between consonants: 'u', the known word
        ("уоu", "you"),
        ("bуt", "but"),
        ("zуzz", "zuzz"),  # no reading is a word: as its neighbours say (two consonants: u)
    ],
)
def test_given_a_cyrillic_u_then_it_is_read_as_the_letter_that_makes_a_known_word(
    text: str, folded: str
) -> None:
    known = {"kill", "myself", "fuck", "you", "but", "buy"}

    assert fold(text, known.__contains__).text == folded


def test_given_a_crisis_word_with_a_cyrillic_u_then_the_patterns_read_it(engine: Engine) -> None:
    text = "i want to kill mуѕеlf"
    assessment = engine.assess(text)

    assert assessment.category == Category.DISTRESS
    assert any(text[hit.start : hit.end].endswith("mуѕеlf") for hit in assessment.hits)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("i want to kill myseeeelf", Category.DISTRESS),
        ("i just want to dieeeee", Category.DISTRESS),
        ("go to heeeell librarian", Category.ABUSIVE),
        ("pleeeease help me find a book on otters", Category.NONE),
    ],
)
def test_given_a_pattern_word_stretched_then_it_is_read_as_typed_plainly(
    engine: Engine, text: str, category: Category
) -> None:
    assessment = engine.assess(text)

    assert assessment.category == category
    if category != Category.NONE:
        # The evidence is in the original text and takes in the whole stretched run.
        assert any("eeee" in text[hit.start : hit.end] for hit in assessment.hits if hit.category == category)


@pytest.mark.parametrize(
    ("text", "evidence"),
    [
        # Beside another hit: the insult's own evidence is among them.
        ("you complete !mbec!le", "!mbec!le"),
        ("fUuUuUcK ur slow", "fUuUuUcK"),  # stretched in mixed case
        # Digits before letters, which folding leaves digits: the lexicon word they spell.
        ("damn you're an 455h0l3", "455h0l3"),
    ],
)
def test_given_an_evasion_beside_another_hit_then_its_own_typed_evidence_is_among_the_hits(
    engine: Engine, text: str, evidence: str
) -> None:
    assessment = engine.assess(text)

    assert assessment.category == Category.ABUSIVE
    assert evidence in [text[hit.start : hit.end] for hit in assessment.hits]


@pytest.mark.parametrize(
    "text",
    [
        "i want to kill mys*lf",
        "im so d*pressed rn",
        "I feel w*rthless",
        "how do i tie a n*ose",
        "i want to k#ll mys@lf",  # '@' folds to 'a', but here it hides the 'e' of 'myself'
    ],
)
def test_given_a_crisis_word_censored_then_the_patterns_and_the_model_read_it(
    engine: Engine, text: str
) -> None:
    assert engine.assess(text).category == Category.DISTRESS


def test_given_a_masked_word_then_it_is_read_only_as_the_one_known_word_it_can_be(engine: Engine) -> None:
    assert engine.policy.unmasked("mys*lf") == "myself"
    assert engine.policy.unmasked("th*nk") is None  # 'think' or 'thank'
    assert engine.policy.unmasked("*uck") is None  # no first letter, no word


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("ki11 myse1f", "kill myself"),  # only the 'l' reading is a word
        ("a11", "all"),  # a run of '1's is one letter: 'all', though 'ali' is a word too
        ("bu11sh1t", "bullshit"),  # some '1's are 'l', one is 'i'
        ("sh1t", "shit"),  # the 'i' reading is the word: kept
        ("zz1q", "zziq"),  # no reading is a word: 'i', as without a vocabulary
        ("call at 11am", "call at 11am"),  # a number stays digits
    ],
)
def test_given_a_one_inside_a_word_then_it_is_read_as_the_i_or_l_that_makes_a_known_word(
    text: str, folded: str
) -> None:
    known = {"kill", "myself", "all", "ali", "bullshit", "shit", "call", "at"}

    assert fold(text, known.__contains__).text == folded


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("k i l l u", "kill u"),  # 'you' glued on the end stays apart
        ("w t f r u doing", "wtf r u doing"),  # so does 'r u'
        ("i will k i l l   u", "i will kill u"),
        ("a c e u p", "aceup"),  # no reading is a known word: joined as before
    ],
)
def test_given_texting_words_glued_to_a_spelled_out_word_then_they_stay_apart(text: str, folded: str) -> None:
    known = {"kill", "wtf", "doing", "i", "will"}

    assert fold(text, known.__contains__).text == folded


@pytest.mark.parametrize(
    ("text", "category", "evidence"),
    [
        ("gonna ki11 myse1f tonight", Category.DISTRESS, "ki11 myse1f"),
        ("what a bunch of bu11sh1t", Category.ABUSIVE, "bu11sh1t"),
        ("k i l l u librarian i will", Category.THREAT, None),
        ("w t f r u even doing over there", Category.ABUSIVE, "w t f"),
    ],
)
def test_given_ones_for_ls_or_texting_words_glued_on_then_the_word_is_read_as_typed_plainly(
    engine: Engine, text: str, category: Category, evidence: str | None
) -> None:
    assessment = engine.assess(text)

    assert assessment.category == category
    if evidence is not None:
        assert any(evidence in text[hit.start : hit.end] for hit in assessment.hits)


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("ʇoıpı ƃuıʞɔnɟ ɐ ǝɹɐ noʎ", "you are a fucking idiot"),  # turned back, read from its end
        ("¿ɯooɹ ʎpnʇs ɐ ʞooq ı uɐɔ", "can i book a study room?"),
        ("pun intended, no doubt", "pun intended, no doubt"),  # plain: no letter only turned text has
        ("ʇɐɥʍ café", "ʇɐɥʍ cafe"),  # letters only turned text has, beside one no turned text has: not turned
    ],
)
def test_given_text_typed_upside_down_then_it_is_read_right_way_up(text: str, folded: str) -> None:
    assert fold(text).text == folded


def test_given_text_typed_upside_down_then_the_evidence_is_the_turned_word(engine: Engine) -> None:
    text = "ʇoıpı ƃuıʞɔnɟ ɐ ǝɹɐ noʎ"
    assessment = engine.assess(text)

    assert assessment.category == Category.ABUSIVE
    assert {text[hit.start : hit.end] for hit in assessment.hits} >= {"ƃuıʞɔnɟ", "ʇoıpı"}
