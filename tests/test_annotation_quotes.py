"""Direct quotes and their speakers, rule by rule and on the example article."""

from __future__ import annotations

import pytest
from annotation_helpers import annotate_example, annotate_text, expected, people


def quotes(ann):
    return [(q.text, q.speaker) for q in ann.quotes]


@pytest.mark.parametrize("point", expected()["quotes"], ids=lambda p: p["text"][:30])
def test_example_quote_and_speaker(point):
    ann = annotate_example()
    found = [q for q in ann.quotes if point["text"] in q.text]
    assert len(found) == 1
    assert found[0].speaker == point["speaker"]


def test_example_has_no_scare_quotes():
    texts = [q.text for q in annotate_example().quotes]
    assert not any(t.startswith("everything we can") or t.startswith("incredibly important") for t in texts)
    assert len(texts) == 4


def test_speaker_after_the_quote_with_name_first():
    ann = annotate_text(
        'Finance Minister Olaf Berger spoke. "The budget will balance next year," Berger told reporters.'
    )
    assert quotes(ann) == [("The budget will balance next year,", "Olaf Berger")]


def test_speaker_after_the_quote_with_verb_first():
    ann = annotate_text("Anna Lind, the mayor, spoke.", "“We will rebuild every bridge,” said Lind.")
    assert quotes(ann) == [("We will rebuild every bridge,", "Anna Lind")]


def test_she_said_is_the_last_person_quoted():
    ann = annotate_text(
        '"We are going to do everything we can," spokeswoman Morgan Ortagus said. '
        '"We all face shared regional challenges," she said.'
    )
    assert [s for _, s in quotes(ann)] == ["Morgan Ortagus", "Morgan Ortagus"]


def test_quote_split_by_an_attribution_gives_two_quotes():
    ann = annotate_text('"We are going to win this one," Mayor Anna Lind said. "We all know how to do it."')
    assert quotes(ann) == [
        ("We are going to win this one,", "Anna Lind"),
        ("We all know how to do it.", "Anna Lind"),
    ]


def test_it_said_in_a_statement_is_the_last_body():
    ann = annotate_text(
        'Kang Kyung-wha spoke. '
        'Trade curbs "hurt companies and disturb supply chains," the foreign ministry said. '
        '"It is undesirable in light of the friendly relations," it said in a statement.'
    )
    assert [s for _, s in quotes(ann)] == ["foreign ministry", "foreign ministry"]


def test_according_to_an_organisation():
    ann = annotate_text('Prices "will keep rising through the winter," according to the European Commission.')
    assert quotes(ann) == [("will keep rising through the winter,", "European Commission")]


def test_speech_verb_before_the_quote_wins_over_a_relaying_body():
    ann = annotate_text(
        "Foreign Minister Kang Kyung-wha met him. "
        'Kang told Pompeo that the curbs "not only harm companies but disturb supply," the ministry said.'
    )
    assert quotes(ann) == [("not only harm companies but disturb supply,", "Kang Kyung-wha")]


def test_scare_quotes_of_three_words_or_fewer_are_not_quotes():
    ann = annotate_text('The ministry called the plan "incredibly important" and a "very big deal" for all.')
    assert quotes(ann) == []


def test_unnamed_speaker_is_none():
    ann = annotate_text('"The water came up to the roof of my house," a resident said.')
    assert quotes(ann) == [("The water came up to the roof of my house,", None)]


def test_quote_text_is_untouched_article_text():
    ann = annotate_text('"<script>alert(1)</script> is what they wrote here," Anna Lind said.')
    assert ann.quotes[0].text == "<script>alert(1)</script> is what they wrote here,"


def test_quote_after_a_dotted_abbreviation_in_its_sentence():
    # The sentence before the quote has a dot not followed by a space ("U.K.'s"): no crash.
    ann = annotate_text(
        "Jane Roe, a professor at the U.K.'s University of York who did not work on the study, "
        'told Newsweek: "The results are striking and deserve a closer look."'
    )
    assert quotes(ann) == [("The results are striking and deserve a closer look.", "Jane Roe")]


def test_every_devset_article_annotates_without_an_error(tmp_path):
    """The whole pipeline (read, clean, annotate) over the 181 real devset bodies never raises;
    only the cleaner may reject a page with no article text, with its one-line ArticleError."""
    import json
    from pathlib import Path

    from briefkit import annotation, cleaning, reading
    from briefkit.errors import ArticleError

    bodies = json.loads(
        (Path(__file__).parent / "data" / "devset" / "ground-truth.json").read_text(encoding="utf-8")
    )
    annotated = 0
    for number, (key, entry) in enumerate(sorted(bodies.items())):
        path = tmp_path / f"{number}.txt"
        path.write_text(f"Article {key[:8]}\n\n{entry['articleBody']}\n", encoding="utf-8")
        try:
            article = cleaning.clean(reading.read_source(path, path.name))
        except ArticleError:
            continue
        ann = annotation.annotate(article)
        assert all(q.text for q in ann.quotes)
        annotated += 1
    assert annotated >= 175


def test_he_said_is_the_person_the_text_was_last_about():
    ann = annotate_text(
        '"Taxes will fall next year," Finance Minister Olaf Berger said.',
        "Union leader Peter Novak, who called the strike, said members were angry.",
        '"We will not go back to work," he said.',
    )
    assert [s for _, s in quotes(ann)] == ["Olaf Berger", "Peter Novak"]


def test_she_skips_a_man_named_more_recently():
    ann = annotate_text(
        "Prosecutor Eva Lind spoke to Mr Tomas Berg after the hearing.",
        '"The evidence has weakened over time," she said.',
    )
    assert quotes(ann) == [("The evidence has weakened over time,", "Eva Lind")]


def test_title_or_role_gives_the_gender():
    ann = annotate_text(
        "Ms Persson met Chris Doe, a company spokesman, on Monday.",
        '"We would like to emphasise the facts of the case," she said.',
    )
    assert quotes(ann)[0][1] == "Persson"


def test_x_said_colon_carries_into_the_next_paragraph():
    ann = annotate_text(
        'Prosecutor Eva-Marie Persson said: "The injured party has given a credible account.',
        '"Her statements have been coherent, extensive and detailed."',
    )
    assert [s for _, s in quotes(ann)] == ["Eva-Marie Persson", "Eva-Marie Persson"]


def test_reported_speech_carries_into_a_quote_only_paragraph():
    ann = annotate_text(
        "Negotiator Saeb Erekat said it was only the latest move against them.",
        '"They wanted us on our knees and they used every trick to pressure us."',
    )
    assert quotes(ann)[0][1] == "Saeb Erekat"


def test_unattributed_quote_paragraph_takes_the_next_paragraphs_speaker():
    ann = annotate_text(
        "The council met on Monday.",
        '"We have waited long enough for this bridge to be built."',
        '"Now it is time to act," Mayor Anna Lind said.',
    )
    assert [s for _, s in quotes(ann)] == ["Anna Lind", "Anna Lind"]


def test_said_x_at_the_end_of_the_sentence():
    ann = annotate_text(
        '"The president wants a bigger deal" than the one announced in October, said Derek Scissors, '
        "a China scholar with the American Enterprise Institute."
    )
    assert quotes(ann)[0][1] == "Derek Scissors"


def test_long_appositive_between_quote_and_verb():
    ann = annotate_text(
        '"The building will never again evoke that memory," Interior Minister Wolfgang Peschorn, '
        "who serves in a provisional government of civil servants, said in the statement."
    )
    assert quotes(ann)[0][1] == "Wolfgang Peschorn"


def test_the_role_names_the_person_who_holds_it():
    ann = annotate_text(
        "President Donald Trump met his advisers on Monday.",
        'The president said that China "is going to have to make a deal that I like."',
    )
    assert quotes(ann)[0][1] == "Donald Trump"


def test_body_named_by_adjective_and_noun_and_spokesperson_for_a_body():
    ann = annotate_text(
        'Two soldiers were killed, the US military said. "The cause of the crash is under investigation," '
        "the statement said.",
        'A spokesperson for the British Foreign Office said settlements "are illegal under international law".',
    )
    assert [s for _, s in quotes(ann)] == ["US military", "British Foreign Office"]


def test_mixed_and_doubled_quote_marks_pair():
    ann = annotate_text(
        '"And I asked, well, on whose authority?” said Fiona Hill, who will testify Thursday.',
        "“It was an attempt to mislead voters,’’ Will Moy, chief executive of Full Fact, told the BBC.",
        "Unter dem Motto „Take C.A.R.E“, was für Curiosity steht.",
    )
    assert quotes(ann) == [
        ("And I asked, well, on whose authority?", "Fiona Hill"),
        ("It was an attempt to mislead voters,", "Will Moy"),
    ]


def test_an_unclosed_quote_runs_to_the_end_of_its_paragraph():
    ann = annotate_text(
        "Secretary of State Mike Pompeo said the release “gives us hope for the success of peace talks.",
        "“We see these developments as hopeful signs.”",
    )
    assert quotes(ann) == [
        ("gives us hope for the success of peace talks.", "Mike Pompeo"),
        ("We see these developments as hopeful signs.", "Mike Pompeo"),
    ]


def test_circumstance_before_the_speaker_is_skipped():
    ann = annotate_text(
        "North Korean leader Kim Jong Un and South Korean President Moon Jae-in met.",
        'After meeting Moon, Kim said: "We will talk again next spring in Seoul."',
    )
    assert quotes(ann)[0][1] == "Kim Jong Un"


def test_they_said_names_nobody():
    ann = annotate_text(
        '"We will rebuild every bridge," Anna Lind said.',
        '"At no point did we say the singer could not perform," they said in a statement.',
    )
    assert [s for _, s in quotes(ann)] == ["Anna Lind", None]


def test_a_title_in_title_case_with_no_speech_verb_is_not_a_quote():
    ann = annotate_text(
        "The band closed the night with “Running Down the Broken Road” and left the stage.",
        '"Give Us Back Our Jobs," union leader Anna Lind shouted.',
    )
    assert quotes(ann) == [("Give Us Back Our Jobs,", "Anna Lind")]


def test_a_quotation_framed_by_a_naming_word_is_not_a_quote():
    ann = annotate_text(
        "The party unveiled a slogan, “a fair deal for every town,” on Monday.",
        "Officials said they remain loyal to the “two ports, one border” principle.",
        "Her memoir, titled “what the river gave back to us”, sold well.",
    )
    assert quotes(ann) == []


def test_a_short_span_quoted_again_and_again_by_nobody_is_a_slogan():
    ann = annotate_text(
        "The city unveiled its new message this week.",
        "“Clean streets. Safe homes.”",
        "“Clean streets. Safe homes” now runs on every bus, and “clean streets, safe homes!” on posters.",
        '"Clean streets matter to every family here," Mayor Anna Lind said.',
    )
    assert quotes(ann) == [("Clean streets matter to every family here,", "Anna Lind")]


def test_a_repeated_short_quote_that_someone_says_stays():
    ann = annotate_text(
        '"We will not back down," Anna Lind said.',
        'Her supporters repeated "We will not back down" all night.',
    )
    assert [t for t, _ in quotes(ann)] == ["We will not back down,", "We will not back down"]


def test_short_chants_after_a_speech_verb_are_quotes():
    ann = annotate_text("Nurses chanted, “Pay us fairly,” and “Staff every ward,” outside the hospital.")
    assert [t for t, _ in quotes(ann)] == ["Pay us fairly,", "Staff every ward,"]


def test_more_speech_verbs_weighed_in_and_chimed_in():
    ann = annotate_text('"We owe them a great deal," Mayor Anna Lind chimed in, telling Berg, "and we will pay it."')
    assert [s for _, s in quotes(ann)] == ["Anna Lind", "Anna Lind"]


def test_the_subject_of_described_as_said_it():
    ann = annotate_text(
        "Mayor Anna Lind met the council on Monday.",
        "The council passed what Lind described as “the most generous budget in a decade.”",
        "Data privacy, which the European Commission views as “a basic right of every citizen”, comes first.",
    )
    assert [s for _, s in quotes(ann)] == ["Anna Lind", "European Commission"]


def test_an_abbreviation_is_the_body_it_spells():
    ann = annotate_text(
        "The Regional Water Authority approved the plan on Monday.",
        'The RWA says the river "will be clean enough to swim in within five years."',
    )
    assert quotes(ann)[0][1] == "Regional Water Authority"


def test_a_company_spokesperson_speaks_for_the_company_the_article_is_about():
    ann = annotate_text(
        "Boeing cut its delivery forecast. Analysts had expected Boeing to hold it.",
        "A company spokesperson said in an email that “deliveries will recover next year.”",
    )
    assert quotes(ann)[0][1] == "Boeing"


def test_singular_they_is_the_person_who_spoke_just_before():
    ann = annotate_text(
        "Kim Rowe, a spokesperson for the museum, confirmed the closure to reporters.",
        "“We will reopen the west wing in the spring,” they said in an email.",
    )
    ann2 = annotate_text(
        "Kim Rowe, a spokesperson for the museum, confirmed the closure to reporters. "
        "“We will reopen the west wing in the spring,” they said in an email."
    )
    assert quotes(ann)[0][1] is None  # a new paragraph: "they" is nobody in particular
    assert quotes(ann2)[0][1] == "Kim Rowe"


def test_the_singer_said_is_the_person_last_named_with_no_other_role():
    ann = annotate_text(
        "Tomas Berg lost the final on Sunday night.",
        '"I gave everything I had tonight," the singer said.',
    )
    assert quotes(ann)[0][1] == "Tomas Berg"


def test_the_official_said_stays_unnamed():
    ann = annotate_text(
        "Tomas Berg lost the final on Sunday night.",
        '"The count will be checked again," the official said.',
    )
    assert quotes(ann)[0][1] is None


def test_a_surname_speaker_is_the_full_name():
    ann = annotate_text(
        "Piet Van Dijk, 52, won the race on Sunday.",
        "“This is the best night of my life,” Van Dijk told fans.",
        "Greeting Dijk at the door “was an honour for all of us,” said Anna Lind.",
        "“I will be back next year,” Dijk said.",
    )
    assert [s for _, s in quotes(ann)] == ["Piet Van Dijk", "Anna Lind", "Piet Van Dijk"]


def test_a_short_quoted_title_inside_the_speaker_phrase():
    ann = annotate_text(
        "Tomas Berg lost the final on Sunday night.",
        '"I gave everything I had tonight," the "Harbor" actor previously said on "Live Tonight."',
    )
    assert quotes(ann)[0] == ("I gave everything I had tonight,", "Tomas Berg")


def test_a_clause_opening_with_a_definite_role_names_its_holder():
    ann = annotate_text(
        "Norway's ambassador to Chile Eva Lind met officials on Monday.",
        "Norway's ambassador to Chile criticised the ruling and warned that Oslo “will not stand by and watch”.",
    )
    assert quotes(ann)[0][1] == "Eva Lind"


def test_a_participle_after_a_comma_belongs_to_the_clause_subject():
    ann = annotate_text(
        "Mayor Anna Lind attacked Peter Novak on Monday, saying his plan “would ruin the harbour for good.”",
        "In a sign of the confusion, the European Commission, which sets the rules, issued a statement "
        "warning that “member states must act within the law.”",
    )
    assert [s for _, s in quotes(ann)] == ["Anna Lind", "European Commission"]


def test_a_gerund_after_a_preposition_is_no_attribution():
    ann = annotate_text(
        'Peter Novak was known for telling staff "the budget is mine to spend," said his deputy, Anna Lind.'
    )
    assert quotes(ann)[0][1] == "Anna Lind"


def test_she_after_an_unnamed_woman_is_nobody_named_before():
    ann = annotate_text(
        "Mayor Anna Lind opened the new bridge on Monday.",
        "Reporters spoke to one elderly mother, who had waited years for it. “It changes my whole day,” she said.",
    )
    assert quotes(ann)[0][1] is None


def test_a_naming_noun_needs_a_determiner_and_a_modified_noun_no_function_word():
    ann = annotate_text(
        "Records show “the river rose faster than at any time before,” Mayor Anna Lind said.",
        "Lind warned of the “clear and present danger of floods” to tour operators, she said.",
    )
    assert [t for t, _ in quotes(ann)] == [
        "the river rose faster than at any time before,",
        "clear and present danger of floods",
    ]


def test_a_passive_described_as_is_not_the_subjects_words():
    ann = annotate_text(
        "Tomas Berg rescued two swimmers on Sunday.",
        "Berg was described as “the bravest man on the whole coast” by the mayor.",
    )
    assert quotes(ann)[0][1] is None


def test_an_abbreviated_role_is_not_an_organisation():
    ann = annotate_text(
        "The Chief Executive Officer of Acme, Tomas Berg, resigned.",
        'The CEO said the results "will be better than anyone expects next year."',
    )
    assert quotes(ann)[0][1] != "Chief Executive Officer"


def test_the_role_word_that_stood_for_a_person_becomes_their_role():
    ann = annotate_text(
        "Tomas Berg lost the final on Sunday night.",
        '"I gave everything I had tonight," the singer said.',
    )
    assert people(ann) == {"Tomas Berg": "singer"}


def test_said_after_the_quote_with_a_title_holding_us():
    ann = annotate_text(
        'Carla Ruiz led the case. "Justice was served today and the family can rest," said U.S. Attorney Carla Ruiz.'
    )
    assert quotes(ann) == [("Justice was served today and the family can rest,", "Carla Ruiz")]


def test_an_age_standing_for_a_name_is_the_person_the_story_is_about():
    ann = annotate_text(
        "Anna Berg has agreed to lead the orchestra, replacing Tomas Lind.",
        "Lind left in May. The board met Berg's agent on Monday.",
        'The 48-year-old said after her appointment: "I am thrilled to be joining such a fine orchestra."',
    )
    assert quotes(ann) == [("I am thrilled to be joining such a fine orchestra.", "Anna Berg")]


def test_a_possessive_before_a_speech_verb_makes_it_a_noun():
    ann = annotate_text(
        "Pedro Alves, a spokesman for the navy, told reporters on Nov. that the ministry’s claim was wrong, "
        "and that “the fleet never left the harbour.”"
    )
    assert quotes(ann) == [("the fleet never left the harbour.", "Pedro Alves")]


def test_a_short_whole_sentence_is_a_quote():
    ann = annotate_text('“We will not stop,” Mayor Lena Park told the council on Monday. “It is working.”')
    assert ("It is working.", "Lena Park") in quotes(ann)


def test_calling_something_a_quote_gives_the_caller():
    ann = annotate_text("Governor Mia Holt called the new plan a “bold step like the state has never taken.”")
    assert quotes(ann) == [("bold step like the state has never taken.", "Mia Holt")]


def test_an_anonymous_source_is_nobody_named():
    ann = annotate_text(
        "Reporter Dan Ives spoke to people at the camp.",
        "“Nobody is stopping the families from leaving the camp,” the source said.",
    )
    assert quotes(ann) == [("Nobody is stopping the families from leaving the camp,", None)]  # not Dan Ives


def test_but_he_said_is_he():
    ann = annotate_text(
        "Professor Omar Said Khan, a chemist, studied the samples.",
        "But he said the results do not mean the water is safe, rather “that the tests must go on for years.”",
    )
    assert quotes(ann) == [("that the tests must go on for years.", "Omar Said Khan")]


def test_the_coalition_said_is_the_one_coalition_named():
    ann = annotate_text(
        "Workers formed the Riverside Workers Coalition this month.",
        "The company “is not keeping its promise to staff,” the coalition said.",
    )
    assert quotes(ann) == [("is not keeping its promise to staff,", "Riverside Workers Coalition")]


def test_a_long_appositive_with_and_keeps_the_named_speaker():
    ann = annotate_text(
        "“Runs like this pay off when you get out more than you put in,” Nadia Ferro, a fellow at the Ocean "
        "Institute in Kiel, Germany, and co-author of the study, said in a statement."
    )
    assert quotes(ann) == [("Runs like this pay off when you get out more than you put in,", "Nadia Ferro")]


def test_a_clause_before_but_is_still_cut_off():
    ann = annotate_text(
        "Mayor Tom Rees spoke first. Rees wanted to wait, but Judge Ana Lima, the chair of the panel, told "
        "reporters: “We will rule on Friday.”"
    )
    assert quotes(ann) == [("We will rule on Friday.", "Ana Lima")]


def test_comments_is_a_speech_verb():
    ann = annotate_text(
        "“We are thrilled about the tour,” comments singer Ray Dunn in a statement, “and the new songs.”"
    )
    assert quotes(ann) == [("We are thrilled about the tour,", "Ray Dunn"), ("and the new songs.", "Ray Dunn")]


def test_a_one_word_utterance_with_its_speaker_is_a_quote():
    ann = annotate_text("“Incredible,” forward Sam Ode said. “We played as one team tonight.”")
    assert quotes(ann) == [("Incredible,", "Sam Ode"), ("We played as one team tonight.", "Sam Ode")]


def test_they_said_after_a_sentence_about_a_body_is_that_body():
    ann = annotate_text(
        "Hartwell Records have twice denied blocking the show.",
        "“At no point did we say she could not perform,” they said in a statement.",
    )
    assert quotes(ann)[0][1] == "Hartwell Records"


def test_the_kind_of_company_finds_the_one_of_that_kind():
    ann = annotate_text(
        "Maple Leaf Productions ran the show, and Hartwell Records sold the songs.",
        "“No deal has been signed,” the production company said.",
    )
    assert quotes(ann) == [("No deal has been signed,", "Maple Leaf Productions")]


def test_called_his_death_a_quote_is_the_callers():
    ann = annotate_text("Sen. Tom Hale, R-Neb., called his death “a failure of public trust” in the prisons.")
    assert quotes(ann) == [("a failure of public trust", "Tom Hale")]


def test_a_quote_after_reported_speech_in_the_same_paragraph_is_the_same_speakers():
    ann = annotate_text(
        "Defense lawyer Ana Ruiz spoke after the hearing.",
        "Sometimes guards break the rules, she said. “But does that mean they should go to jail for it?”",
    )
    assert quotes(ann) == [("But does that mean they should go to jail for it?", "Ana Ruiz")]


def test_the_doctors_stated_is_the_group_named_for_them():
    ann = annotate_text(
        "Workers for the group Nurses for Safe Care wrote to the agency.",
        "“We write with urgency,” the nurses stated.",
    )
    assert quotes(ann) == [("We write with urgency,", "Nurses for Safe Care")]
