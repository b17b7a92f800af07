"""The briefing file format: written by a template and PyYAML, read back by `parse`."""

from __future__ import annotations

import yaml

from briefkit import briefing
from briefkit.markdown_text import escape, unescape
from briefkit.model import Briefing, Event, Quote


def sample() -> Briefing:
    meta = {
        "title": 'Title: with "quotes", --- and !!python/object tags',
        "date": "2019-07",
        "date_precision": "month",
        "date_evidence": "after June 30 2019 in text",
        "summary": "The lede, *not* emphasis, <b>not</b> HTML, {{ not }} a template.",
        "source": {"file": "articles/a.txt", "url": None, "outlet": "Wire", "sha256": "ab" * 32},
        "countries": ["South Korea", "Japan"],
        "places": ["Washington"],
        "people": [{"name": "Mike Pompeo", "role": "US Secretary of State"}],
        "organizations": ["State Department"],
        "topics": ["politics"],
        "generated": {"by": "briefkit", "digest": "x"},
    }
    return Briefing(
        meta=meta,
        caption="A caption [with] brackets",
        background=["Japan ruled Korea from 1910-1945.", "# not a heading"],
        key_facts=["- not a list", "1. not a numbered list", "Half | a table | row"],
        quotes=[Quote('He said "yes" — twice', "Morgan Ortagus"), Quote("No speaker here", None)],
        timeline=[Event("1910-1945", "colonial rule"), Event("2019-06-30", "walk across the border")],
        article=["First paragraph with `code` and \\backslash.", "<script>alert(1)</script>", "{% raw %}"],
    )


def test_round_trip_returns_exactly_what_was_written():
    original = sample()
    text = briefing.render(original)
    parsed = briefing.parse(text, "x.md").briefing
    expected = original.to_json("x.md")
    got = parsed.to_json("x.md")
    expected["meta"]["generated"] = got["meta"]["generated"]  # the digest is filled in by render
    assert got == expected


def test_sections_are_level_two_headings_in_order():
    text = briefing.render(sample())
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == [
        "## Photo caption",
        "## Background",
        "## Key facts",
        "## Quotes",
        "## Timeline",
        "## Article",
    ]


def test_background_is_a_github_note_alert():
    text = briefing.render(sample())
    body = text.split("## Background", 1)[1].split("## Key facts", 1)[0]
    assert body.strip().startswith("> [!NOTE]\n> Japan ruled Korea")


def test_front_matter_is_yaml_with_keys_in_design_order():
    text = briefing.render(sample())
    front = text.split("---\n")[1]
    meta = yaml.safe_load(front)
    assert list(meta) == list(briefing.FRONT_MATTER_KEYS)
    assert meta["title"] == sample().meta["title"]


def test_a_fresh_file_is_untouched_and_any_edit_is_detected():
    text = briefing.render(sample())
    assert briefing.is_untouched(text)
    assert not briefing.is_untouched(text.replace("colonial rule", "colonial rule (edited)"))
    assert not briefing.is_untouched(text.replace("title: ", "title:  ", 1))


def test_escape_makes_markup_literal_and_unescape_inverts_it():
    for text in ["*a* _b_ `c` [d](e) <f> &amp; | ~g~ $h$", "# h", "- l", "1. n", "\\*", "+ x", "> q"]:
        escaped = escape(text)
        assert unescape(escaped) == text
        assert not escaped.startswith(("#", "-", "+", ">", "1."))


def test_parse_reports_broken_yaml_with_its_line():
    text = "---\ntitle: ok\ndate: [unclosed\n---\n\n## Article\n\nx\n"
    try:
        briefing.parse(text, "b.md")
    except briefing.BriefingError as exc:
        assert str(exc).startswith("b.md:")
        assert exc.line >= 3
    else:
        raise AssertionError("broken YAML was accepted")


def test_parse_accepts_hand_written_variants():
    text = (
        "---\ntitle: Hand\ndate: 2020-01-02\ndate_precision: day\n---\n\n"
        "## Key facts\n\n* first\n  continued\n* second\n\n"
        "## Quotes\n\n- “Curly” — Jane Roe\n\n## Article\n\nOne\nline.\n\nTwo.\n"
    )
    parsed = briefing.parse(text, "h.md").briefing
    assert parsed.meta["date"] == "2020-01-02"  # YAML's date object comes back as text
    assert parsed.key_facts == ["first continued", "second"]
    assert parsed.quotes == [Quote("Curly", "Jane Roe")]
    assert parsed.article == ["One line.", "Two."]


def test_quote_marks_inside_a_quote_or_its_speaker_read_back_as_written():
    """The list item's delimiters stay unambiguous: every ASCII double quote inside is escaped."""
    quotes = [
        Quote(text="0", speaker="”"),  # found by the property test: the speaker ended in a closing mark
        Quote(text='He said "no" — twice', speaker=None),
        Quote(text='a" — b', speaker='The "Pose" actor'),
        Quote(text="ends with a backslash \\", speaker="X\\"),
    ]
    item = Briefing(meta={"title": "T", "date": "2019", "date_precision": "year"}, article=["x"], quotes=quotes)
    text = briefing.render(item)
    assert '- "He said \\"no\\" — twice"' in text
    assert briefing.parse(text, "briefings/x.md").briefing.quotes == quotes


def test_a_quote_typed_by_hand_with_curly_marks_still_reads():
    text = briefing.render(Briefing(meta={"title": "T", "date": "2019", "date_precision": "year"}, article=["x"]))
    text = text.replace("## Quotes\n", '## Quotes\n\n- “We’re “ready,”” — Jane Doe\n- "Plain “x” y" — Kim Lee\n', 1)
    quotes = briefing.parse(text, "briefings/x.md").briefing.quotes
    assert quotes == [Quote(text="We’re “ready,”", speaker="Jane Doe"), Quote(text="Plain “x” y", speaker="Kim Lee")]


def test_a_yaml_set_reads_as_the_same_sorted_list_whatever_the_hash_seed():
    import json
    import os
    import subprocess
    import sys

    code = (
        "import json; from briefkit import briefing; "
        "print(json.dumps(briefing._load_yaml('tags: !!set {kiwi, apple, fig, 3, banana, cherry}\\n', 'x.md')))"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2", "3", "4")
    }
    assert len(outputs) == 1
    assert json.loads(outputs.pop()) == {"tags": [3, "apple", "banana", "cherry", "fig", "kiwi"]}
