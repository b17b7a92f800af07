"""Direct quotes and their speakers, rule by rule and on the example article."""

from __future__ import annotations

import pytest
from annotation_helpers import annotate_example, annotate_text, expected


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
    assert [q.text for q in ann.quotes] == ["The results are striking and deserve a closer look."]


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
