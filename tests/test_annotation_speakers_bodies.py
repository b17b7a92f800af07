"""Statements by bodies: organisations, companies, groups and agencies as speakers (invented sentences)."""

from __future__ import annotations

from annotation_helpers import annotate_text


def speakers(ann):
    return [q.speaker for q in ann.quotes]


def test_body_noun_is_the_latest_named_organisation_that_fits_it():
    ann = annotate_text(
        "Halden Productions sold the catalogue to Brightwater Records in March.",
        "Halden Productions had owned it since 2001 and Halden Productions made the films.",
        "“We are delighted to welcome these artists to our roster,” the label said.",
    )
    assert speakers(ann) == ["Brightwater Records"]


def test_the_agency_is_the_agency_named_last():
    ann = annotate_text(
        "The Coastal Safety Agency opened an inquiry in May.",
        "In June the inquiry passed to the Fisheries Protection Agency.",
        "“The vessel was not seaworthy when it left port,” the agency said.",
    )
    assert speakers(ann) == ["Fisheries Protection Agency"]


def test_the_statement_read_is_the_body_that_issued_it():
    ann = annotate_text(
        "On Monday, Brightwater Records issued a statement about the dispute with Halden Productions.",
        "“We never blocked the performance at any point,” the statement read.",
    )
    assert speakers(ann) == ["Brightwater Records"]


def test_a_spokesperson_with_no_name_speaks_for_the_body():
    ann = annotate_text(
        "The Coastal Safety Agency did not accept the offer. A spokesperson who did not wish to be named "
        "said in a statement that the agency never runs clinics.",
        "“Operating a clinic is not feasible for us,” the spokesperson said.",
    )
    assert speakers(ann) == ["Coastal Safety Agency"]


def test_a_capitalised_name_given_as_a_group_speaks_as_a_body():
    ann = annotate_text(
        "The group that owns her records, Kestrel Tide, says she may perform.",
        "Kestrel Tide have twice denied any wrongdoing.",
        "“At no point did we say she could not perform,” they said in a statement.",
        "“In fact, we do not have the right to stop her.”",
    )
    assert speakers(ann) == ["Kestrel Tide", "Kestrel Tide"]


def test_a_capitalised_name_saying_in_a_statement_is_a_body():
    ann = annotate_text(
        "Marrow Hill said in a statement on Friday: “We will not renew the lease on these terms.”",
    )
    assert speakers(ann) == ["Marrow Hill"]


def test_in_a_statement_x_said_carries_across_a_paragraph_break():
    ann = annotate_text(
        "In a statement, the Coastal Safety Agency said:",
        "“The vessel was not seaworthy and should never have sailed.”",
        "“We will publish our full findings in the spring.”",
    )
    assert speakers(ann) == ["Coastal Safety Agency", "Coastal Safety Agency"]


def test_a_quote_shown_first_without_attribution_takes_the_speaker_of_its_fuller_quote():
    ann = annotate_text(
        "“We write with urgency”",
        "Anna Lind, a physician, signed the letter on Monday.",
        "“Flu season has already begun, so we write with urgency,” Anna Lind wrote.",
    )
    assert speakers(ann) == ["Anna Lind", "Anna Lind"]


def test_members_of_a_group_speak_for_it():
    ann = annotate_text(
        "The doctors, members of a recently formed group, Physicians for Open Clinics, offered free shots "
        "to the Coastal Safety Agency.",
        "“We implore you to let our volunteers hold a clinic,” the physicians stated in the letter.",
    )
    assert speakers(ann) == ["Physicians for Open Clinics"]
