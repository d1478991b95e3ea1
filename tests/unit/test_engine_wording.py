"""Wording the earlier rules missed (session 25's development splits dev97 to dev107), in messages
written for these tests, not copied from the splits: each names the category the guidelines mean, and
its everyday twin names nothing harsh."""

from __future__ import annotations

import pytest

from decorum.engine import Engine
from decorum.engine.normalise import fold
from decorum.models import Category

HARSH = {Category.DISTRESS, Category.ABUSIVE, Category.THREAT, Category.RUDE}


@pytest.mark.parametrize(
    "text",
    [
        "I AM GOING TO HURT YOU. DO YOU HEAR ME",
        "i will poison the goldfish in the kids room if my fines stay",
        "im gonna run his dog over next time it barks at me",
        "she's getting her teeth knocked in after school, tell her that",
        "the coach is going to pay for benching my son with his kneecaps",
        "there's a device taped under a desk on the third floor. not a joke",
        "the eastside branch will be on fire by friday",
        "i'm going to post the home addresses of every librarian on this chat",
        "answer me or else",
        "you'll be six feet under by monday",
        "your boss can't protect you. nobody can",
        "catch me outside after closing, librarian",
    ],
)
def test_given_harm_promised_to_anyone_then_it_is_a_threat(engine: Engine, text: str) -> None:
    assert engine.assess(text).category in (Category.THREAT, Category.ABUSIVE), text


@pytest.mark.parametrize(
    "text",
    [
        "how tall does a parking garage have to be so the fall kills you. not for school",
        "what's the ld50 of my lithium, asking for me",
        "i tried two weeks ago and it failed. i keep thinking about trying again",
        "i'm 38 and i still cut. how do i hide it at the pool",
        "finished the last book i wanted before i go. can i use the drop box",
        "i don't want my son to find me, please tell the police to use the side door",
        "i've got my pistol and i'm ready. sorry for bothering the library",
        "bridge. tonight. sorry dad",
        "no point. bye",
        "i have nothing left to look forward to. not one thing",
        "my husband died in june and i'd like to join him",
        "nothing tastes like anything anymore and i quit everything",
    ],
)
def test_given_self_harm_as_a_crisis_line_hears_it_then_it_is_referred(engine: Engine, text: str) -> None:
    assessment = engine.assess(text)
    assert assessment.category == Category.DISTRESS, text
    assert assessment.distress is not None


@pytest.mark.parametrize(
    "text",
    [
        "DO NOT call anyone, he will know. i just need a shelter name",
        "my boyfriend broke my wrist and i can't drive to return these",
        "my son has a fever of 105 and the tylenol did nothing",
        "grandpa on floor. not answering",
        "my heart rate is 190 and my chest hurts, i'm just sitting here",
        "the truck that followed me home is parked outside with its lights off",
    ],
)
def test_given_danger_or_an_emergency_told_plainly_then_it_is_referred(engine: Engine, text: str) -> None:
    assert engine.assess(text).category == Category.DISTRESS, text


@pytest.mark.parametrize(
    "text",
    [
        "ya no quiero vivir, perdón por escribir aquí",
        "je veux mourir, je suis désolée",
        "quero morrer, ninguém liga pra mim",
        "em chán sống lắm rồi",
        "ayoko nang mabuhay",
        "不想活了",
        "не хочу жить",
        "nie chcę już żyć",
        "jeene ka mann nahi karta ab",
    ],
)
def test_given_distress_in_another_language_then_it_is_referred(engine: Engine, text: str) -> None:
    assert engine.assess(text).category == Category.DISTRESS, text


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("vai se fuder, atendente inútil", Category.ABUSIVE),
        ("ty debil? ya zhe skazal", Category.ABUSIVE),
        ("jebany bot, nic nie umiesz", Category.ABUSIVE),
        ("babalikan kita, tandaan mo", Category.THREAT),
        ("je vais te retrouver, tu vas regretter", Category.THREAT),
    ],
)
def test_given_abuse_or_a_threat_in_another_language_then_it_is_named(
    engine: Engine, text: str, category: Category
) -> None:
    assert engine.assess(text).category == category, text


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("silly old cow", Category.ABUSIVE),
        ("typical lazy bureaucrat", Category.ABUSIVE),
        ("do the world a favor and unplug yourself", Category.ABUSIVE),
        ("i can hear your one brain cell from here", Category.ABUSIVE),
        ("women belong in the kitchen, not at a reference desk", Category.ABUSIVE),
        ("my landlord is a greedy lying bastard, where are the tenant rights books", Category.ABUSIVE),
        ("what's your excuse this time?", Category.RUDE),
        ("worst customer service i have ever had", Category.RUDE),
        ("please try to keep up", Category.RUDE),
    ],
)
def test_given_contempt_without_the_usual_words_then_it_is_named(
    engine: Engine, text: str, category: Category
) -> None:
    assert engine.assess(text).category == category, text


@pytest.mark.parametrize(
    "text",
    [
        "how to help my daughter pay attention in class? she has adhd",
        "my grandson wants to learn to read before kindergarten, any books?",
        "I'd appreciate it if you could transfer me to someone at the Oak branch",
        "could you please stop sending me the same FAQ link? it doesn't cover my case",
        "how many kms is it from the library to the lake, for a bike ride",
        "KMS activation error on my laptop, is there a windows book",
        "my tent collapsed in the storm lol, any camping books",
        "he's slurring because of the novocaine from the dentist, any comedies for tonight",
        "there's a man in my basement fixing the furnace, is there a list of licensed plumbers",
        "hiding in the closet for hide and seek with my niece, quick, is there a lego club",
        "my pills are counted out in a weekly organizer, is there a pill identifier site",
        "I'm planning my funeral in advance, any worksheets?",
        "Need a copy of Faggots by Larry Kramer for my queer literature class",
        "walking Offa's Dyke this summer, any guides?",
        "i'm translating a story and the character says 'сука'. how rude is that?",
        "My psych class is covering suicidal ideation; can you find a peer-reviewed article?",
        "my succulents keep committing suicide, any plant care books",
        "returning all my books because we're moving to Denver, thanks for everything",
        "we're going to destroy them at the chess tournament",
        "we're going to burn the library's old catalog cards for the art project",
        "I'm going to drown the kids in library books this summer",
        "I'm hard of hearing, can the workshop have captions?",
        "the kiosk took my money but didn't print my pass",
        "i hate myself for forgetting my library card again lol",
        "I feel so empty after finishing this trilogy, what next?",
        "omg finally got it to download, thanks",
        "eggplant and tomato companion planting 🍆🍅 books?",
    ],
)
def test_given_an_everyday_sense_of_these_words_then_nothing_harsh_fires(engine: Engine, text: str) -> None:
    assert engine.assess(text).category not in HARSH, text


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("cvv is seven one four, card ends 1111", "seven one four"),
        ("the code on the back of my card is 829", "829"),
        ("call me back at 00 1 301 555 0144", "00 1 301 555 0144"),
        ("new number 240/555/0188", "240/555/0188"),
        ("ph 3015550190", "3015550190"),
        ("send it to 77 Birch Knoll please", "77 Birch Knoll"),
        ("rt 2 box 41-b, that's where the bookmobile should come", "rt 2 box 41-b"),
        ("we live at Lot 12 Pine Acres Mobile Home Park", "Lot 12 Pine Acres Mobile Home Park"),
        ("i reset it to Maple2024 and it still fails", "Maple2024"),
        ("mi correo es ana punto ruiz arroba gmail punto com", "ana punto ruiz arroba gmail punto com"),
        ("email me at jоhn.doe@example.com", "jоhn.doe@example.com"),
    ],
)
def test_given_personal_data_in_more_shapes_then_it_is_redacted(
    engine: Engine, text: str, secret: str
) -> None:
    assert secret not in engine.assess(text).redacted_text, text


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("i feel so dep-ressed", "i feel so depressed"),
        ("gonna ki\nll myself", "gonna kill myself"),
        ("a well-known author", "a well-known author"),
        ("e-mail me", "e-mail me"),
    ],
)
def test_given_a_word_broken_by_a_hyphen_or_a_line_then_it_is_read_whole(
    engine: Engine, text: str, folded: str
) -> None:
    assert fold(text, engine.policy.spells).text == folded
