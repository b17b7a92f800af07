"""Roles: occupational words, plural roles before a list, appositives, compounds and prefixes."""

from __future__ import annotations

from annotation_helpers import annotate_text, people

from briefkit.annotation.roles import is_role_noun, singular


def test_occupational_nouns_of_news_are_roles():
    ann = annotate_text("The show was hosted by host Tom Bergson, with actor Nina Park and singer Lea Holm.")
    assert people(ann) == {"Tom Bergson": "host", "Nina Park": "actor", "Lea Holm": "singer"}


def test_a_plural_role_before_a_list_gives_each_person_the_role():
    ann = annotate_text("The couple danced for judges Len Moore, Bruno Salvi and Carrie Ann Okada on Monday.")
    assert people(ann) == {"Len Moore": "judge", "Bruno Salvi": "judge", "Carrie Ann Okada": "judge"}


def test_a_list_without_a_role_gives_no_role():
    ann = annotate_text("The mayor met Anna Lind, Peter Novak and Eva Berg on Monday.")
    assert people(ann) == {"Anna Lind": None, "Peter Novak": None, "Eva Berg": None}


def test_a_role_after_the_name_before_who():
    ann = annotate_text(
        "He said he was not Lea Holm, the singer who opened the show.",
        "“I saw it first,” said Joseph Minta, a friend who lives nearby.",
    )
    assert people(ann) == {"Lea Holm": "singer", "Joseph Minta": "friend"}


def test_founder_and_co_ceo_is_one_role():
    ann = annotate_text("He spoke with Acme founder and co-CEO Marc Bendel on stage.")
    assert people(ann) == {"Marc Bendel": "Acme founder and co-CEO"}


def test_the_next_name_in_a_list_is_not_a_role():
    ann = annotate_text("Guitarist Tom Lee and Ann Moss, singer-keyboardist Bo Park, and drummer Cy Hill will tour.")
    assert people(ann)["Ann Moss"] is None
    assert people(ann)["Bo Park"] == "singer-keyboardist"
    assert people(ann)["Cy Hill"] == "drummer"


def test_surnames_that_are_roles_only_in_lower_case_stay_names():
    ann = annotate_text("Hedge fund manager Paul Singer and chef Anna Cook met baker Tim Baker.")
    assert set(people(ann)) == {"Paul Singer", "Anna Cook", "Tim Baker"}
    ann = annotate_text("Director Emir Kusturica met Sultan Al Jaber and Nobel laureate Paul Nurse.")
    assert people(ann) == {"Emir Kusturica": "Director", "Sultan Al Jaber": None, "Paul Nurse": "laureate"}


def test_plural_compound_and_prefixed_role_words():
    assert singular("judges") == "judge"
    assert singular("secretaries") == "secretary"
    assert singular("spokesmen") == "spokesman"
    assert is_role_noun("singer-guitarists")
    assert is_role_noun("co-ceo")
    assert not is_role_noun("singer", lower=False)  # "Singer" is a surname
    assert not is_role_noun("weather")


def test_a_plural_title_before_names_gives_each_the_title():
    ann = annotate_text("Two rivals in the race, Sens. Ann Lee and Bo Park, have struggled since May.")
    assert people(ann) == {"Ann Lee": "Senator", "Bo Park": "Senator"}


def test_a_long_appositive_is_cut_at_a_preposition_not_dropped():
    ann = annotate_text(
        "Mara Quist, a researcher in soil chemistry and plant health at the Institute of Crop Science at the "
        "country's largest farming college who was not involved, told reporters the results were early."
    )
    assert people(ann)["Mara Quist"] == "researcher in soil chemistry and plant health at the Institute of Crop Science"
