"""Property tests (hypothesis): any text, any valid front matter, any string.

The library functions are called directly (thousands of examples in seconds);
one test runs the real CLI on a few generated briefings. Deterministic:
derandomize=True, no deadline.
"""

from __future__ import annotations

import json
import string
from html.parser import HTMLParser

import yaml
from conftest import copy_project, run_cli
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from briefkit import annotation, briefing, cleaning, schema
from briefkit.errors import ArticleError
from briefkit.markdown_text import escape, fold_whitespace, markdown_line, unescape
from briefkit.model import Briefing, Event, Quote, Source
from briefkit.site.collection import Collection
from briefkit.site.markdown import body_of, render_markdown

FAST = settings(max_examples=1500, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
PIPELINE = settings(
    max_examples=600, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
)

# Text that an article may hold: any Unicode (no surrogates), with markup and
# template syntax, YAML and Markdown line starts, and news-like sentences mixed in.
TRICKY = [
    "---",
    "...",
    "## Background",
    "> [!NOTE]",
    "- item",
    "1. item",
    "* star",
    "+ plus",
    "# hash",
    "{{ config }}",
    "{% include 'x' %}",
    "{# c #}",
    "<script>alert(1)</script>",
    "<b onclick=x()>b</b>",
    "[l](javascript:alert(1))",
    "![i](data:text/html,x)",
    "`code`",
    "**bold**",
    "| a | b |",
    "&amp;",
    "Title: a: \"b\" 'c' !!python/object:os.system",
    "key: value",
    "&anchor *alias",
    "    indented",
    "“Quoted words,” said Jane Doe, the minister.",
    '"We will act," he said.',
    "— Speaker",
    "On June 30, 2019, officials met in Seoul.",
    "The U.S. and South Korea agreed on Tuesday.",
    "서울 정상회담",
    "東京で会談した。",
    "وزراء الخارجية",
    "\u202eevil\u202c",
    "\ufeffbom",
    "a\u0000b",
    "\r",
]
CHARS = st.characters(exclude_categories=("Cs",))
LINES = st.one_of(st.text(CHARS, max_size=80), st.sampled_from(TRICKY))
ARTICLE_TEXT = st.lists(LINES, max_size=25).flatmap(
    lambda lines: st.lists(
        st.sampled_from(["\n", "\n\n", " "]), min_size=len(lines), max_size=len(lines)
    ).map(lambda seps: "".join(line + sep for line, sep in zip(lines, seps, strict=True)))
)
# Printable, no control characters: what cleaning leaves in a line of text.
LINE_TEXT = st.text(
    st.characters(exclude_categories=("Cs", "Cc", "Cf", "Zl", "Zp", "Co", "Cn")), max_size=120
)


@FAST
@given(st.text(CHARS))
def test_unescape_inverts_escape_for_any_string(text: str):
    assert unescape(escape(text)) == text


@FAST
@given(st.one_of(LINE_TEXT, st.lists(st.sampled_from(TRICKY + list(string.punctuation))).map(" ".join)))
def test_an_escaped_line_renders_as_its_literal_text(text: str):
    html = render_markdown(markdown_line(text))
    assert _visible_text(html).strip() == fold_whitespace(text).replace("\x00", "\ufffd")
    assert "<script" not in html and "<b " not in html and 'href="javascript' not in html


# Text where links, marks and dots meet: what the renderer's shortcuts (briefkit/site/markdown.py)
# must leave exactly as the full rules render it.
LINK_BITS = ["www.", "WWW.", "http://", "https:", "mailto:", "//", "@", ".com", ".uk", ".рф", ".xn--p1ai", ".1.",
             "U.S.", "3.5", "a.m.", "example", "w", "*", "_", "`", "~~", "[", "]", "(", ")", "!", "<", ">", "&",
             "&amp;", "^", "\\", ":", ".", " ", "\n", "\n\n", "| a |", "- ", "1. ", "# ", "localhost", "é"]
LINKISH = st.lists(st.one_of(st.sampled_from(LINK_BITS), st.text(CHARS, max_size=6)), max_size=30).map("".join)


@FAST
@given(st.one_of(LINKISH, ARTICLE_TEXT))
def test_the_renderers_shortcuts_render_what_the_full_rules_render(text: str):
    from markdown_it import MarkdownIt
    from mdit_py_plugins.gfm import gfm_plugin

    from briefkit.site.markdown import markdown_renderer

    full = MarkdownIt("gfm-like", {"html": False, "linkify": True, "typographer": False}).use(gfm_plugin)
    assert markdown_renderer().render(text) == full.render(text)


@PIPELINE
@given(ARTICLE_TEXT)
def test_any_text_gives_a_briefing_that_reads_back_as_written(text: str):
    source = Source(path="articles/any.txt", kind="text", sha256="0" * 64, text=text)
    try:
        article = cleaning.clean(source)
    except ArticleError as exc:
        assert "\n" not in str(exc) and str(exc).startswith("articles/any.txt: ")
        return
    composed = briefing.compose(article, annotation.annotate(article))
    text_out = briefing.render(composed)
    parsed = briefing.parse(text_out, "briefings/any.md").briefing
    front = yaml.safe_load(text_out.split("\n---\n", 1)[0].removeprefix("---\n"))
    assert parsed.meta == front
    assert {k: v for k, v in front.items() if k != "generated"} == {
        k: v for k, v in composed.meta.items() if k != "generated"
    }
    assert schema.validate(parsed.meta) == []
    assert _sections(parsed) == _sections(_folded(composed))
    assert json.loads(json.dumps(parsed.to_json("briefings/any.md"))) == parsed.to_json("briefings/any.md")
    assert briefing.is_untouched(text_out)


TOPICS = sorted(schema.known_topics())
URLS = ["https://example.com/a?b=1&c=<d>", "javascript:alert(1)", "data:text/html,<script>alert(1)</script>"]
WORD = st.text(st.characters(exclude_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=40).filter(
    lambda s: s.strip()
)
UNIQUE_WORDS = st.lists(WORD, max_size=5, unique=True)


@st.composite
def front_matter(draw) -> dict:
    precision = draw(st.sampled_from(schema.PRECISIONS))
    day = draw(st.dates())
    date = {
        "day": f"{day.year:04d}-{day.month:02d}-{day.day:02d}",
        "month": f"{day.year:04d}-{day.month:02d}",
        "year": f"{day.year:04d}",
        "unknown": None,
    }[precision]
    person = st.fixed_dictionaries({"name": WORD, "role": st.one_of(st.none(), WORD)})
    people = draw(st.lists(person, max_size=4, unique_by=lambda p: p["name"]))
    meta = {
        "title": draw(WORD),
        "date": date,
        "date_precision": precision,
        "date_evidence": draw(st.one_of(st.none(), WORD)),
        "summary": draw(st.one_of(st.none(), LINE_TEXT)),
        "source": {
            "file": draw(st.one_of(st.none(), WORD)),
            "url": draw(st.one_of(st.none(), st.sampled_from(URLS))),
            "outlet": draw(st.one_of(st.none(), WORD)),
            "sha256": draw(st.one_of(st.none(), st.text("0123456789abcdef", min_size=64, max_size=64))),
        },
        "countries": draw(UNIQUE_WORDS),
        "places": draw(UNIQUE_WORDS),
        "people": people,
        "organizations": draw(UNIQUE_WORDS),
        "topics": draw(st.lists(st.sampled_from(TOPICS), max_size=3, unique=True)),
        "generated": {"by": "briefkit", "digest": "x"},
    }
    keys = draw(st.lists(st.sampled_from(list(meta)[3:]), unique=True))
    return {k: v for k, v in meta.items() if k not in keys}


NONEMPTY_LINE = LINE_TEXT.filter(lambda s: s.strip())
# A quote is written `"text" — speaker`: a speaker ending in a straight quote mark
# would be ambiguous, and a quote mark inside is what the annotator never produces.
QUOTE_TEXT = NONEMPTY_LINE.filter(lambda s: '"' not in s)
SPEAKER = WORD.filter(lambda s: '"' not in s)
EVENT_DATES = st.sampled_from(["1965", "2019-06", "2019-06-30", "1910-1945", "06-30"])
BRIEFINGS = st.builds(
    Briefing,
    meta=front_matter(),
    caption=st.one_of(st.none(), NONEMPTY_LINE),
    background=st.lists(NONEMPTY_LINE, max_size=3),
    key_facts=st.lists(NONEMPTY_LINE, max_size=3),
    quotes=st.lists(st.builds(Quote, text=QUOTE_TEXT, speaker=st.one_of(st.none(), SPEAKER)), max_size=3),
    timeline=st.lists(st.builds(Event, date=EVENT_DATES, event=NONEMPTY_LINE), max_size=3),
    article=st.lists(NONEMPTY_LINE, min_size=1, max_size=4),
)


@PIPELINE
@given(BRIEFINGS)
def test_any_front_matter_the_schema_accepts_renders_and_reads_back(item: Briefing):
    assert schema.validate(item.meta) == []
    text = briefing.render(item)
    parsed = briefing.parse(text, "briefings/x.md").briefing
    expected = dict(item.meta, generated=parsed.meta["generated"])
    assert parsed.meta == expected
    assert schema.validate(parsed.meta) == []
    assert _sections(parsed) == _sections(_folded(item))
    entry = Collection().add("x.md", text)
    assert entry.problem is None and entry.title == item.meta["title"]
    assert entry.date == (item.meta.get("date") or "")
    html = render_markdown(body_of(text))
    assert "<script" not in html


@settings(
    max_examples=2,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.generate],  # shrinking a CLI run would take minutes
)
@given(st.lists(BRIEFINGS, min_size=4, max_size=4))
def test_the_cli_builds_and_shows_generated_briefings(tmp_path_factory, items: list[Briefing]):
    parts = ("mkdocs.yml", "build.py", "briefkit", "templates")
    root = copy_project(tmp_path_factory.mktemp("props") / "project", parts)
    (root / "articles").mkdir()
    (root / "briefings").mkdir()
    for number, item in enumerate(items):
        (root / "briefings" / f"b{number}.md").write_text(briefing.render(item), encoding="utf-8")
    shown = run_cli(root, "show", "briefings", "--json", check=True)
    for number, (item, data) in enumerate(zip(items, json.loads(shown.stdout), strict=True)):
        assert data["path"] == f"briefings/b{number}.md"
        assert {k: v for k, v in data["meta"].items() if k != "generated"} == {
            k: v for k, v in item.meta.items() if k != "generated"
        }
    result = run_cli(root, "build", "--no-ingest")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    for number in range(len(items)):
        assert (root / "site" / f"b{number}" / "index.html").is_file()


def _folded(item: Briefing) -> Briefing:
    """What a briefing holds once written: each text on one line, whitespace folded."""
    return Briefing(
        meta=item.meta,
        caption=fold_whitespace(item.caption) if item.caption else None,
        background=[fold_whitespace(t) for t in item.background],
        key_facts=[fold_whitespace(t) for t in item.key_facts],
        quotes=[
            Quote(fold_whitespace(q.text), q.speaker and fold_whitespace(q.speaker)) for q in item.quotes
        ],
        timeline=[Event(fold_whitespace(e.date), fold_whitespace(e.event)) for e in item.timeline],
        article=[fold_whitespace(t) for t in item.article],
    )


def _sections(item: Briefing) -> dict:
    data = item.to_json("x")
    data.pop("meta")
    return data


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


def test_visible_text_helper_reads_entities():
    assert _visible_text("<p>a &amp; <b>b</b></p>") == "a & b"
