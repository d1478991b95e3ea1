"""Personal data is found and replaced; look-alike numbers are left alone."""

from __future__ import annotations

import pytest

from decorum.engine import Engine
from decorum.engine.redact import luhn_valid
from decorum.models import Category


@pytest.mark.parametrize(
    ("text", "secret", "label"),
    [
        ("my card is 4111 1111 1111 1111 thanks", "4111 1111 1111 1111", "[card number]"),
        ("barcode 21234000567890", "21234000567890", "[library card]"),
        ("ssn 123-45-6789", "123-45-6789", "[SSN]"),
        ("call me at (410) 555-0123", "(410) 555-0123", "[phone]"),
        ("text me 4105550123", "4105550123", "[phone]"),
        ("i'm at jo.smith+lib@example.org", "jo.smith+lib@example.org", "[email]"),
        ("my password is Hunter2!", "Hunter2!", "[password]"),
        ("pin 4821", "4821", "[password]"),
        ("I live at 1401 Oak Street Apt 3", "1401 Oak Street Apt 3", "[address]"),
        # The ways patrons state a secret besides 'my password is X'.
        ("My password for the catalog is Tigger1234 but", "Tigger1234", "[password]"),
        ("my login pw is p@ssw0rd! lol", "p@ssw0rd!", "[password]"),
        ("i reset my pw to bookworm!77 and still locked out", "bookworm!77", "[password]"),
        ("type my password here: hunter2hunter2", "hunter2hunter2", "[password]"),
        ("my ssn is 987-65-4320 do I", "987-65-4320", "[SSN]"),
        ("text me at (555) 0187 when it comes", "(555) 0187", "[phone]"),
        ("my # is 555-0101", "555-0101", "[phone]"),
        # A sentence may end right after a number; a local number may be spaced; a PIN may be read
        # out in number words; a password may be quoted or simply be the word with digits in it.
        ("my new cell is 555-0126. can you update it", "555-0126", "[phone]"),
        ("ph# 555 0127", "555 0127", "[phone]"),
        ("the pin is four four eight two thanks", "four four eight two", "[password]"),
        ("mi pin es cuatro cuatro ocho dos gracias", "cuatro cuatro ocho dos", "[password]"),
        ("my passcode is the word 'maplesyrup' all lower case", "maplesyrup", "[password]"),
        ("the password is my dogs name and birth year so biscuit1961", "biscuit1961", "[password]"),
        ("i changed it to jambalaya4life but it says wrong password", "jambalaya4life", "[password]"),
        ("tried logging in to hoopla with Saints#1fan, no luck", "Saints#1fan", "[password]"),
        # Data read out in words, spelled out against harvesters, printed with dots, typed with
        # spaces, run together, or misspelt around.
        (
            "my cell is six one seven, five five five, zero one four four ok",
            "six one seven, five five five, zero one four four",
            "[phone]",
        ),
        # Ten number words in a row, with no word for a phone before them.
        (
            "its four one four five five five zero one three eight",
            "four one four five five five zero one three eight",
            "[phone]",
        ),
        ("email me at rosa.b at gmail dot com please", "rosa.b at gmail dot com", "[email]"),
        ("my social is 912.34.5678 for the form", "912.34.5678", "[SSN]"),
        ("the card says 2.0457.1123.9876.1 on the back", "2.0457.1123.9876.1", "[library card]"),
        ("my pin is 3 9 1 8 and it fails", "3 9 1 8", "[password]"),
        ("the card exp 11/28 is that ok", "11/28", "[card expiry]"),
        ("my phone number is 5550199 ok", "5550199", "[phone]"),
        ("pasword is tulip77 but it fails", "tulip77", "[password]"),
        ("yep it's 555-0177", "555-0177", "[phone]"),
        ("write to me at lena_k at hotmail dot com", "lena_k at hotmail dot com", "[email]"),
        ("my email: sam.ortiz @ gmail.com", "sam.ortiz @ gmail.com", "[email]"),
        ("we live at RR 4 Box 27 past the grain elevator", "RR 4 Box 27", "[address]"),
        ("the CID is 3318 on the front", "3318", "[card code]"),
        ("my card is 2118700\n4419260 sorry enter", "2118700\n4419260", "[library card]"),
        # A date said to be one's birth; a Medicare number.
        ("d.o.b. 11-02-1958 if you need it", "11-02-1958", "[date of birth]"),
        ("i was born on 4/30/71 so am i a senior yet", "4/30/71", "[date of birth]"),
        ("medicare card says 5TP9-GH2-WQ41 on it", "5TP9-GH2-WQ41", "[Medicare number]"),
        # 'pass' for a password when a secret follows at once; an address said as one's own.
        ("ok my pass is rosebud1977 now what", "rosebud1977", "[password]"),
        ("login jdoe pass: tr4ctor", "tr4ctor", "[password]"),
        ("we live at 58 Quail Run, is that in the district", "58 Quail Run", "[address]"),
        ("hurry, we're at 17 E Linden Apt 2B", "17 E Linden Apt 2B", "[address]"),
        # A number read out digit by digit; the number before whose it is; a mail provider said
        # without its '.com'; an address broken over a line.
        (
            "my barcode is two two one nine seven, zero zero four, one eight eight three zero two",
            "two two one nine seven, zero zero four, one eight eight three zero two",
            "[number]",
        ),
        (
            "the card says 2 2 1 9 7 double-oh 4 1 8 8 3 0 2 ok",
            "2 2 1 9 7 double-oh 4 1 8 8 3 0 2",
            "[number]",
        ),
        ("4145550190 is my cell if it comes in", "4145550190", "[phone]"),
        ("my wife and I use 2290 as our pin", "2290", "[password]"),
        # A PIN given a sentence after it is named.
        ("i don't know my PIN, is it the last 4 of my phone? that would be 0171", "0171", "[password]"),
        ("it's marco_v at yahoo, send it there", "marco_v at yahoo", "[email]"),
        ("email me at dana.k\n@outlook.com thanks", "dana.k\n@outlook.com", "[email]"),
        ("fone 555 0199 after 5", "555 0199", "[phone]"),
        # Dashes and spaces of every width; separators with spaces around them; an address's dots
        # spaced out.
        ("new cell is 320\u2011555\u20110147, text me", "320\u2011555\u20110147", "[phone]"),
        ("number is (414) 555 - 0163 after six", "(414) 555 - 0163", "[phone]"),
        ("reach my dad at 555.0171 tonight", "555.0171", "[phone]"),
        ("send it to tom.b @ gmail . com", "tom.b @ gmail . com", "[email]"),
        # A birth date written in words or the ISO way; a card's code and the last four of a Social
        # Security number said in passing; a driver's licence.
        ("my dob is Feb 9, 1987 if you need it", "Feb 9, 1987", "[date of birth]"),
        ("I was born on the 4th of July 1952", "4th of July 1952", "[date of birth]"),
        ("date of birth 1990-03-17 for the form", "1990-03-17", "[date of birth]"),
        ("the CVV its 742 ok", "742", "[card code]"),
        ("last 4 of my ssn are 3381", "3381", "[SSN]"),
        ("drivers license number is W426-7781-9032", "W426-7781-9032", "[licence number]"),
        # Addresses the way other countries write them, a house number in words, a rural road.
        ("I moved to 221 rue Principale, Sherbrooke", "221 rue Principale", "[address]"),
        ("mi casa es Calle Morelos 118, Puebla", "Calle Morelos 118", "[address]"),
        ("my postal code is K1A 0B1 now", "K1A 0B1", "[address]"),
        ("I live at twenty-two Birch Lane", "twenty-two Birch Lane", "[address]"),
        ("we're out at 8812 County Road 40 past the elevator", "8812 County Road 40", "[address]"),
        # A letter O for a zero; zero-width characters and full-width letters inside the data.
        ("my ssn 55O-19-3348 sorry", "55O-19-3348", "[SSN]"),
        ("Soc Sec 318-6O-2941 (that's a zero)", "318-6O-2941", "[SSN]"),
        ("my card number is 2OO54OO1987763 i think", "2OO54OO1987763", "[library card]"),
        ("call 608-555-O128 (o is a zero)", "608-555-O128", "[phone]"),
        (
            "email is leo\u200b.santos\u200b@gmail\u200b.com ok",
            "leo\u200b.santos\u200b@gmail\u200b.com",
            "[email]",
        ),
        ("it's ｄｅｓｉ．ｋ＠ｇｍａｉｌ．ｃｏｍ thanks", "ｄｅｓｉ．ｋ＠ｇｍａｉｌ．ｃｏｍ", "[email]"),
        # A card's number with its expiry and code after it, named or not, in any layout.
        ("card 4111 - 1111 - 1111 - 1111 please", "4111 - 1111 - 1111 - 1111", "[card number]"),
        ("the 4 digit code on the front is 2205", "2205", "[card code]"),
        # A phone in digits and words, in odd groups, over two lines.
        ("my phone number is 414 555 oh one six one", "414 555 oh one six one", "[phone]"),
        ("her number is 608 555 01 38 she handles it", "608 555 01 38", "[phone]"),
        ("ok my cell is 608 555\n0137", "608 555\n0137", "[phone]"),
        ("pls txt me when the book comes 7155550126", "7155550126", "[phone]"),
        # A one-time code, a user name, an address by the grid or with its flat or ZIP, most of a
        # barcode said to be the card's, immigration and benefit file numbers.
        ("the code it texted me was 582 913 but it expired", "582 913", "[code]"),
        ("verification code 407188", "407188", "[code]"),
        ("Authentication code 8 1 6 2 0 3 - from the text", "8 1 6 2 0 3", "[code]"),
        ("Username: dsorensen  Password: Gardening#22.", "dsorensen", "[username]"),
        ("im at N6270 Hwy 57 plymouth", "N6270 Hwy 57", "[address]"),
        ("S74W16892 Janesville Rd, Muskego 53150", "S74W16892 Janesville Rd", "[address]"),
        ("send them to 820 Ridgeway Apt 2C, Appleton please", "820 Ridgeway Apt 2C", "[address]"),
        ("my address 1034 e johnson #2 madison wi 53703", "1034 e johnson #2 madison wi 53703", "[address]"),
        ("library card 2531000123 oh sorry", "2531000123", "[library card]"),
        ("Receipt # EAC2190012345 for my work permit", "EAC2190012345", "[case number]"),
        ("my A# is 203 456 789 for the DACA form", "203 456 789", "[case number]"),
        ("my FoodShare case number is 4021887733, can you help", "4021887733", "[case number]"),
        ("my case number for the section 8 waitlist is HA-77215, how", "HA-77215", "[case number]"),
    ],
)
def test_given_personal_data_then_it_is_redacted_and_the_rest_kept(
    engine: Engine, text: str, secret: str, label: str
) -> None:
    assessment = engine.assess(text)

    assert secret not in assessment.redacted_text
    assert label in assessment.redacted_text
    assert assessment.redacted_text.startswith(text[: text.index(secret)])
    assert assessment.category == Category.PERSONAL_INFO


@pytest.mark.parametrize(
    ("text", "redacted"),
    [
        # A card's number with its expiry and code after it, named or not, in any layout.
        (
            "visa 4242424242424242 12/26 314 i want to pay",
            "visa [card number] [card expiry] [card code] i want to pay",
        ),
        (
            "cc number: 4111-1111-1111-1111 / 04-28 / 007",
            "cc number: [card number] / [card expiry] / [card code]",
        ),
        ("4111111111111111\n1027\n402", "[card number]\n[card expiry]\n[card code]"),
        ("amex 3782 822463 10005 exp 0627 cid 4417", "amex [card number] exp [card expiry] cid [card code]"),
        (
            "Discover 6011 0000 0000 0004 expires September 2027 sec code 118",
            "Discover [card number] expires [card expiry] sec code [card code]",
        ),
        (
            "card 6011111111111117 exp 8/26 code 908 at desk 12",
            "card [card number] exp [card expiry] code [card code] at desk 12",
        ),
        (
            "expiry is 03/27 and the back code is 815",
            "expiry is [card expiry] and the back code is [card code]",
        ),
        # A phone's area code said apart from it, before or after.
        (
            "cell five five five, zero one eight two. area code seven one five",
            "cell [phone]. area code [phone]",
        ),
        ("its 414 area code then 555-0165", "its [phone] area code then [phone]"),
        ("the area code is 608 and the rest is 5550142", "the area code is [phone] and the rest is [phone]"),
    ],
)
def test_given_several_data_in_one_message_then_each_is_redacted(
    engine: Engine, text: str, redacted: str
) -> None:
    assert engine.assess(text).redacted_text == redacted


@pytest.mark.parametrize(
    "text",
    [
        "ISBN 9780316769488 please",  # an ISBN-13, not a card or a barcode
        "call number 616.8527 SMI",
        "the 1984 edition costs $12.99 in zip 21201",
        "I forgot my password, how do I reset it?",
        "4111 1111 1111 1112 is in my notes",  # fails the Luhn check
        "the password for the library wifi is posted at the desk",
        "the password on my account is not working",
        "how long should a password be? is 8 characters enough",
        "the zip code is 90210",
        "the recipe needs 4 eggs. Is there a way to make it vegan",  # no street across a sentence break
        "the OCLC number is 1029384756, can I borrow it",  # a catalogue record, not a phone
        "the ISSN number is 5550123, a journal",
        "pi to fourteen places is 3.14159265358979",  # a decimal, not a barcode
        "look at yahoo dot com for the news",  # a site, not somebody's address
        "i read it at nytimes.com yesterday",
        "the sticker on the DVD says 31187004412298",  # an item's barcode starts with 3
        "ticket #INC0048812 from the IT desk",  # an identifier, not a masked word
        "USPS tracking 9400 1118 9922 3345 6789 01 says delivered",
        "was 867-5309/Jenny a hit in 1981?",
        "the book is due back 12/01/2026, can I renew it",  # a date, not a birth
        "my uncle's birthday is 6/12/1950, can I get the newspaper front page from that day",  # not mine
        "my bus pass is 30 days, does it work on the weekend",  # a pass, not a password
        "the museum pass is $25 for two adults",
        "we live at 12 minutes from the Eastside branch",  # no capitalised street name
        "we're at 2 PM story time, can we bring snacks",
        "do you have study guides for chapters 1 2 3 4 5 6 7 of hatchet",  # a count, not a number read out
        "oh oh oh oh oh oh oh I found it",
        "one two three four five six seven eight nine ten, ready or not",  # counting, not a number
        "i checked at gmail and the receipt isn't there",
        "what time does the Route 9 bridge close to cars",  # a road that closes, not a Close
        "my grandmother was born March 3 1921 in Ohio, where are birth records kept",  # not mine
        "my driver's license expired in 2019, can I still get a card",  # a year, not a number
        "the car ending in 1881 is mine",
        "the last four digits of pi I remember are 3.1415",
        "I need a password reset on Windows10",  # a product and its version, beside a password
        "the DSM-5-TR is on PsycINFO, log in with your card",  # a code in capitals, beside a log-in
        "my login is broken since the 2nd, who do I call",  # a state, not a password
        "I can't log in to chapter12 of the ebook",  # a chapter
        "this commute is killing me. 2 hrs each way. any good long audiobooks?",  # a duration, not a street
        "H2O and CO2 are on the test, and OO7 is my cat's name",  # letter Os in words, not numbers
        "Area code 608 covers which counties?",  # an area code alone is a place
        "is area code 414 only milwaukee or the suburbs too",
        "whats the number for the IRS, 800-829-1040? for transcripts",  # a toll-free line
        "patent number US 6,285,999, the pagerank one, can I read it",  # thousands, not a phone
        "what does the 4-digit code 2210 mean on my car's OBD reader",  # not a card's code
        "The case number on my jury summons is 2024-CV-00318. Which courthouse is that?",  # a court's
        "how do I read the docket, the case number is LACV084512",
        "the numbers are 12 15 18 22 34 40, did I win",
        "whats a good user name for a gaming account",
        # A parcel's or an order's number, though its digits pass a card's check.
        "USPS tracking 9400 1000 0000 0000 0000 00 shows delivered to the library on Tuesday",
        "I ordered a book for the library on amazon, order # 112-4839201-5563018, did you get it?",
        "I have a DHL number 1234567890 from an overseas book vendor",
    ],
)
def test_given_numbers_that_are_not_personal_data_then_nothing_is_redacted(engine: Engine, text: str) -> None:
    assessment = engine.assess(text)

    assert assessment.redacted_text == text
    assert assessment.category == Category.NONE


def test_luhn() -> None:
    assert luhn_valid([int(c) for c in "4111111111111111"])
    assert not luhn_valid([int(c) for c in "4111111111111112"])
    assert not luhn_valid([])


def test_given_both_readings_of_a_spelled_pin_then_each_is_redacted(engine: Engine) -> None:
    assessment = engine.assess("my PIN is either seven seven three one or seven three seven one")

    assert "seven" not in assessment.redacted_text
    assert assessment.redacted_text.count("[password]") == 2


def test_given_a_toll_free_hotline_from_the_librarian_then_it_is_not_personal_data(engine: Engine) -> None:
    text = "The Poison Control number is 1-800-222-1222, open around the clock."

    assessment = engine.assess(text, "provider")

    assert assessment.redacted_text == text
    assert assessment.category == Category.NONE


def test_given_a_librarian_repeating_a_patrons_number_then_it_is_redacted_but_no_category(
    engine: Engine,
) -> None:
    text = "Got it, I'll have the branch text you at 555-0147 when it comes in."

    assessment = engine.assess(text, "provider")

    assert "555-0147" not in assessment.redacted_text
    assert "[phone]" in assessment.redacted_text
    assert assessment.category == Category.NONE  # personal_info is a customer's category


def test_given_a_branch_number_on_its_own_line_then_it_is_public(engine: Engine) -> None:
    text = "You can call the Westside branch directly at 555-0100 during open hours."

    assert engine.assess(text, "customer").redacted_text == text


@pytest.mark.parametrize(
    ("text", "redacted"),
    [
        # A Cyrillic O typed for a zero.
        ("my cell is 41\u041e 555 \u041e168, call after 5", "my cell is [phone], call after 5"),
        (
            "can you text the branch hours to my phone? 410 555 01 26",
            "can you text the branch hours to my phone? [phone]",
        ),
        ("Star Route Box 412, Cumberland.", "[address], Cumberland."),
        ("we're at Pinecrest trailer park lot 16 off Rt 26", "we're at [address] off Rt 26"),
        ("twenty two north maple street, second floor, that's my address", "[address], that's my address"),
        # Not a person's: a toll-free line, a count of digits.
        ("the Poison Control number is 1-800-222-1222", "the Poison Control number is 1-800-222-1222"),
        (
            "The 14-digit barcode goes on the login page with your PIN.",
            "The 14-digit barcode goes on the login page with your PIN.",
        ),
        # Session 27.
        # A letter l or I typed for a one, beside an O for a zero.
        ("my number is 31O-555-0l42, text me", "my number is [phone], text me"),
        # Digits read out in groups between slashes.
        ("six-oh-eight / five-five-five / oh-one-four-four is my cell", "[phone] is my cell"),
        # An address said aloud after 'send ... to', or after 'Email -'.
        ("please send the receipt to pmorris at comcast.net", "please send the receipt to [email]"),
        ("Email - tess at tessbakes dot com", "Email - [email]"),
        # Ten digits run together with a word for a phone after them.
        ("2405550119 (text only pls)", "[phone] (text only pls)"),
        # Not a person's: a volume in litres, a highway, an ISBN before a call number.
        ("ISBN 3125551234 call number QA76", "ISBN 3125551234 call number QA76"),
        ("please reply to me at gmail", "please reply to me at gmail"),
        ("the tank holds 10l and the road is I-95", "the tank holds 10l and the road is I-95"),
    ],
)
def test_given_shapes_of_personal_data_met_since_session_26_then_exactly_they_are_redacted(
    engine: Engine, text: str, redacted: str
) -> None:
    assert engine.assess(text).redacted_text == redacted
