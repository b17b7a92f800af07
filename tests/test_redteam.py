"""Red-team cases: hand edits and saved pages that broke a whole run, leaked markup or lost a date.

Each test is one input a desk or an attacker produces, and what the standard asks of
it: one error line naming the file (and line), the rest of the run goes on, and the
same output every time.
"""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path

import pytest
from conftest import REPO, copy_project, run_cli

from briefkit import briefing, check, cleaning, reading
from briefkit.errors import ArticleError, BriefingError
from briefkit.model import Source
from briefkit.site.collection import read_entry
from briefkit.site.markdown import body_of

CORPUS = REPO / "tests" / "data" / "bad_inputs"
CODE_PARTS = ("mkdocs.yml", "build.py", "briefkit", "templates")
ARTICLE = "The finance ministers of South Korea and Japan met in Seoul on Tuesday to discuss export controls."


def generated(title: str = "Ministers meet in Seoul") -> str:
    """A briefing as ingest writes it, for an article text made here."""
    source = Source(path="articles/x.txt", kind="text", sha256="0" * 64, text=f"{title}\n\n{ARTICLE}\n")
    from briefkit import annotation

    article = cleaning.clean(source)
    return briefing.render(briefing.compose(article, annotation.annotate(article)))


def ingested_project(tmp_path: Path) -> tuple[Path, Path]:
    """A project whose one article has been ingested: (root, its briefing briefings/x.md)."""
    root = copy_project(tmp_path / "project", CODE_PARTS)
    (root / "articles").mkdir()
    (root / "briefings").mkdir()
    (root / "articles" / "x.txt").write_text(f"Ministers meet in Seoul\n\n{ARTICLE}\n", encoding="utf-8")
    assert run_cli(root, "ingest").returncode == 0
    return root, root / "briefings" / "x.md"


def with_key(text: str, key: str, value: str) -> str:
    """The briefing with one front-matter key (and its block lines) replaced by `key: value`."""
    new, count = re.subn(rf"^{key}:.*\n(?:[- ] .*\n)*", lambda _: f"{key}: {value}\n", text, count=1, flags=re.M)
    assert count == 1, key
    return new


# --- front matter a person typed -------------------------------------------------------


@pytest.mark.parametrize("value", ["2019-02-30", "2019-13-01", "2019-04-31 10:00:00"])
def test_an_unquoted_impossible_date_is_a_string_that_check_names(value: str, tmp_path: Path):
    # YAML reads an unquoted 2019-02-30 as a timestamp and raised ValueError out of parse:
    # show, check and build stopped with "internal error", naming no file.
    text = with_key(with_key(generated(), "date", value), "date_precision", "day")
    parsed = briefing.parse(text, "briefings/x.md")
    assert parsed.briefing.meta["date"] == value
    root = copy_project(tmp_path / "project", CODE_PARTS)
    folder = root / "briefings"
    folder.mkdir()
    (folder / "x.md").write_text(text, encoding="utf-8")
    line = text.split("\n").index(f"date: {value}") + 1
    found = [p for p in check.check_paths([folder], root) if "date" in p]
    assert len(found) == 1 and found[0].startswith(f"briefings/x.md:{line}: 'date' '{value}' ")
    shown = run_cli(root, "show", "briefings", "--json")
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)[0]["meta"]["date"] == value


def test_a_yaml_alias_bomb_is_refused_quickly_with_one_line(tmp_path: Path):
    # Nine levels of nine aliases: 387 million strings once expanded. `show --json` ran for
    # ever and `build` used gigabytes before a MemoryError.
    bomb = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        bomb += f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]\n"
    text = generated().replace("---\n", "---\n" + bomb, 1)
    text = with_key(text, "topics", "*i")
    started = time.perf_counter()
    with pytest.raises(BriefingError) as raised:
        briefing.parse(text, "briefings/bomb.md")
    assert time.perf_counter() - started < 2
    message = str(raised.value)
    assert "\n" not in message
    assert message.startswith("briefings/bomb.md:3: ") and "alias" in message


def test_an_alias_inside_its_own_anchor_is_refused():
    # A self-containing list never ends: show's JSON raised "Circular reference detected".
    text = generated().replace("---\n", "---\nloop: &loop [*loop]\n", 1)
    with pytest.raises(BriefingError) as raised:
        briefing.parse(text, "briefings/loop.md")
    assert str(raised.value).startswith("briefings/loop.md:2: ") and "alias" in str(raised.value)


def test_a_small_alias_is_still_read():
    text = generated().replace("---\n", "---\nx-common: &k [Seoul]\n", 1)
    text = with_key(text, "places", "*k")
    assert briefing.parse(text, "briefings/x.md").briefing.meta["places"] == ["Seoul"]


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\x7f", "\ufffe"])
def test_a_control_character_in_front_matter_is_one_line_at_its_line(char: str):
    # PyYAML's reader error spans two lines ('in "<unicode string>", position N') and had no line.
    text = generated().replace("\nsummary: ", f"\nsummary: bad{char}byte ", 1)
    line = next(n for n, t in enumerate(text.split("\n"), start=1) if t.startswith("summary: "))
    with pytest.raises(BriefingError) as raised:
        briefing.parse(text, "briefings/x.md")
    message = str(raised.value)
    assert "\n" not in message
    assert message.startswith(f"briefings/x.md:{line}: front matter is not valid YAML")


# --- the site, built from hand-edited briefings -----------------------------------------

WRONG_SHAPES = {
    # briefing -> front-matter values a person typed, of a shape the site's pages cannot show
    "count.md": {"countries": "5", "people": "5", "topics": "9"},
    "mapping.md": {"title": "{a: 1}", "topics": "{economy: 1}", "summary": "{a: 1}"},
    "list.md": {"title": "[a, b]", "source": "[1]", "date": "[2019]"},
    "number.md": {"source": "5", "organizations": "South Korea"},
}
# A YAML !!set reads as a sorted list (briefing.FrontMatterLoader): a shape the pages can show.
SET_BRIEFING = {"set.md": {"countries": "!!set {Japan, South Korea, China}"}}


@pytest.fixture(scope="module")
def wrong_shapes_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    root = copy_project(tmp_path_factory.mktemp("shapes") / "project", CODE_PARTS)
    (root / "briefings").mkdir()
    good = generated()
    (root / "briefings" / "good.md").write_text(good, encoding="utf-8")
    for name, values in {**WRONG_SHAPES, **SET_BRIEFING}.items():
        text = good
        for key, value in values.items():
            text = with_key(text, key, value)
        (root / "briefings" / name).write_text(text, encoding="utf-8")
    return root, run_cli(root, "build", "--no-ingest")


def test_wrong_shapes_in_front_matter_do_not_stop_the_site(wrong_shapes_site):
    # `countries: 5` stopped the build in the taxonomy, `source: [1]` in the feeds, a mapping
    # for topics in the JSON feed: "internal error", naming no file, and no site at all.
    root, result = wrong_shapes_site
    assert result.returncode == 0, result.stderr
    assert "internal error" not in result.stderr
    for name in ["good.md", *WRONG_SHAPES]:
        assert (root / "site" / name.removesuffix(".md") / "index.html").is_file(), name
    for name, values in WRONG_SHAPES.items():
        lines = [line for line in result.stderr.splitlines() if line.startswith(f"{name}:")]
        assert len(lines) == len(values), (name, result.stderr)
        assert all("left out of the site" in line for line in lines)
    text = (root / "briefings" / "count.md").read_text(encoding="utf-8").split("\n")
    assert f"count.md:{text.index('countries: 5') + 1}: 'countries' must be a list; left out of the site" in (
        result.stderr.splitlines()
    )


def test_a_yaml_set_of_countries_is_shown_as_a_sorted_list(wrong_shapes_site):
    # A !!set iterates in the order of Python's string hashes, which change with every process:
    # it is read as a sorted list, so the site is the same from run to run and shows the countries.
    root, result = wrong_shapes_site
    assert not [line for line in result.stderr.splitlines() if line.startswith("set.md:")], result.stderr
    china = root / "site" / "countries" / "china" / "index.html"  # only set.md names China
    assert china.is_file() and "set/" in china.read_text(encoding="utf-8")


@pytest.mark.parametrize("opening, closing", [("---", "--- "), ("---", "---\t"), ("--- ", "---"), (" ---", "---  ")])
def test_the_site_and_ingest_find_the_front_matter_where_check_does(opening: str, closing: str, tmp_path: Path):
    # An editor's trailing space after the closing '---': check and show read the briefing, but the
    # site printed the whole front matter (digest and all) as the page's text, and ingest called
    # the file unreadable ("no front matter") and failed its article.
    root, path = ingested_project(tmp_path)
    front, body = path.read_text(encoding="utf-8").split("\n---\n", 1)
    edited = opening + front.removeprefix("---") + "\n" + closing + "\n" + body
    parsed = briefing.parse(edited, "briefings/x.md")
    assert parsed.briefing.meta["title"] == "Ministers meet in Seoul"
    assert body_of(edited) == body
    entry = read_entry("x.md", edited)
    assert entry.problem is None and "digest" not in entry.body and entry.body.startswith("\n## Background")
    path.write_text(edited, encoding="utf-8")
    result = run_cli(root, "ingest")
    assert result.returncode == 0, result.stderr
    assert "edited by hand; kept" in result.stderr
    assert path.read_text(encoding="utf-8") == edited


# --- dates an article states --------------------------------------------------------------


def clean_text(name: str, text: str, metadata: dict | None = None):
    source = Source(path=f"articles/{name}", kind="text", sha256="0" * 64, text=text, metadata=metadata or {})
    return cleaning.clean(source)


@pytest.mark.parametrize("value", ["2019-02-30", "2019-13-01", "2019-13", "0000"])
def test_an_impossible_date_header_is_one_error_line_naming_the_file(value: str):
    # It was written into the briefing as it was (date: '2019-02-30', date_precision: day), which
    # the project's own check then refused.
    with pytest.raises(ArticleError) as raised:
        clean_text("x.txt", f"Title: Ministers meet\nDate: {value}\n\n{ARTICLE}\n")
    assert str(raised.value) == f"articles/x.txt: the Date: header line ({value}) is not a date of the calendar"


def test_an_impossible_date_in_the_file_name_is_one_error_line_naming_the_file():
    with pytest.raises(ArticleError) as raised:
        clean_text("2019-02-30-ministers.txt", f"Ministers meet\n\n{ARTICLE}\n")
    message = "articles/2019-02-30-ministers.txt: the date in the file name (2019-02-30) is not a day of the calendar"
    assert str(raised.value) == message


@pytest.mark.parametrize("value", ["2019-02-30", "2099-99-99"])
def test_a_saved_page_with_an_impossible_date_falls_back_to_the_next_evidence(value: str):
    article = clean_text("2019-07-11-ministers.txt", f"Ministers meet\n\n{ARTICLE}\n", {"date": value})
    assert (article.date, article.date_evidence) == ("2019-07-11", "file name")


def test_a_date_header_of_eight_digits_is_not_read_as_a_year():
    article = clean_text("x.txt", f"Title: Ministers meet\nDate: 20190711\n\n{ARTICLE}\n")
    assert article.date is None  # was '2019', the first four digits


# --- saved pages --------------------------------------------------------------------------

PAGE_BODY = "<p>" + ARTICLE + " Markets in Seoul rose 1.2 percent after the meeting, officials said.</p>"


def test_a_page_with_json_ld_nested_too_deep_keeps_its_text(tmp_path: Path):
    # json.loads raised RecursionError, which only ValueError was caught for: the whole article
    # failed ("cannot extract text from HTML: maximum recursion depth exceeded").
    deep = "[" * 100_000 + "]" * 100_000
    html = (
        f'<html><head><title>Ministers meet</title><script type="application/ld+json">{deep}</script>'
        f"</head><body><article><h1>Ministers meet</h1>{PAGE_BODY * 3}</article></body></html>"
    )
    path = tmp_path / "deep.html"
    path.write_text(html, encoding="utf-8")
    source = reading.read_source(path, "articles/deep.html")
    assert "Markets in Seoul rose" in source.text
    assert source.metadata["title"] == "Ministers meet"


# --- briefing file names ------------------------------------------------------------------

HOSTILE_NAMES = ["javascript:alert(1).md", 'x" onmouseover="alert(2).md', "<svg onload=alert(3)>.md", "a b#c?d.md"]
IN_FOLDERS = ["2019/in-a-folder.md", "desk/javascript:alert(4).md"]  # published as 2019/in-a-folder/...


@pytest.fixture(scope="module")
def named_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("names") / "project", CODE_PARTS)
    (root / "briefings").mkdir()
    for name in HOSTILE_NAMES + IN_FOLDERS:
        (root / "briefings" / name).parent.mkdir(exist_ok=True)
        (root / "briefings" / name).write_text(generated(), encoding="utf-8")
    run_cli(root, "build", "--no-ingest", check=True, env={"SITE_URL": "https://example.github.io/repo/"})
    return root / "site"


def test_a_briefing_file_named_like_a_script_url_links_to_its_page(named_site: Path):
    # The home page linked the briefing as <a href="javascript:alert(1)/">: a reader who clicked
    # its title ran the file name as script. The feeds carried the same link.
    from html.parser import HTMLParser

    hrefs: list[str] = []

    class Links(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            hrefs.extend(value or "" for name, value in attrs if name in ("href", "src"))

    for page in ("index.html", "timeline/index.html", "countries/japan/index.html", "feed.xml"):
        Links().feed((named_site / page).read_text(encoding="utf-8"))
    links = [h for h in hrefs if "alert" in h or "onmouseover" in h or h.startswith("a%20b")]
    assert len(links) >= 2 * len(HOSTILE_NAMES + IN_FOLDERS) - 2
    assert not [h for h in links if re.match(r"^[a-z][a-z0-9+.-]*:", h) and not h.startswith("https://")], links
    assert "javascript%3Aalert%281%29/" in links
    feed = json.loads((named_site / "feed.json").read_text(encoding="utf-8"))
    urls = sorted(item["url"] for item in feed["items"])
    assert all(url.startswith("https://example.github.io/repo/") for url in urls), urls
    assert len(urls) == len(HOSTILE_NAMES + IN_FOLDERS)
    for url in urls:  # each link leads to the page MkDocs wrote for it ('2019/in-a-folder/' linked as 'in-a-folder/')
        from urllib.parse import unquote

        path = unquote(url.removeprefix("https://example.github.io/repo/"))
        assert (named_site / path / "index.html").is_file(), url
    home = (named_site / "index.html").read_text(encoding="utf-8")
    assert 'href="2019/in-a-folder/"' in home and 'href="desk/javascript%3Aalert%284%29/"' in home


def test_new_refuses_a_day_that_is_not_on_the_calendar(tmp_path: Path):
    # `new "T" --date 2019-02-30` wrote a briefing that check then refused.
    from briefkit.errors import BriefkitError
    from briefkit.new import new_briefing

    with pytest.raises(BriefkitError) as raised:
        new_briefing("Ministers meet", tmp_path, date="2019-02-30")
    assert str(raised.value) == "new: --date '2019-02-30' is not a day of the calendar"
    assert list(tmp_path.iterdir()) == []
    assert new_briefing("Ministers meet", tmp_path, date="2020-02-29").name == "ministers-meet.md"


# --- pages the site makes itself ------------------------------------------------------------

SITE_PAGES = ["Timeline", "people", "countries", "organizations", "topics", "pagefind", "index", "404", "README"]


def test_articles_named_like_the_sites_own_pages_get_briefings_that_publish(tmp_path: Path):
    # An article saved as timeline.txt (or people, countries, topics...) was briefed as
    # timeline.md, whose page the generated timeline then silently replaced; index.txt and
    # 404.txt gave briefings that check itself refused ("would replace the home page").
    root = copy_project(tmp_path / "project", CODE_PARTS)
    (root / "articles").mkdir()
    (root / "briefings").mkdir()
    for name in SITE_PAGES:
        text = f"Story called {name}\n\n{ARTICLE}\n"
        (root / "articles" / f"{name}.txt").write_text(text, encoding="utf-8")
    result = run_cli(root, "build")
    assert result.returncode == 0, result.stderr
    names = sorted(path.name for path in (root / "briefings").iterdir())
    assert names == sorted(f"{name.lower()}-briefing.md" for name in SITE_PAGES)
    for name in SITE_PAGES:
        page = root / "site" / f"{name.lower()}-briefing" / "index.html"
        assert f"Story called {name}" in page.read_text(encoding="utf-8"), name
    assert "<title>Timeline ·" in (root / "site" / "timeline" / "index.html").read_text(encoding="utf-8")
    found = check.check_paths([root / "briefings"], root)
    assert not [line for line in found if "would replace" in line], found


@pytest.mark.parametrize("name", ["timeline", "people", "pagefind", "Index", "README"])
def test_check_names_a_briefing_that_a_site_page_would_replace(name: str, tmp_path: Path):
    root = copy_project(tmp_path / "project", CODE_PARTS)
    (root / "briefings").mkdir()
    (root / "briefings" / f"{name}.md").write_text(generated(), encoding="utf-8")
    found = [line for line in check.check_paths([root / "briefings"], root) if "would replace" in line]
    assert len(found) == 1 and found[0].startswith(f"briefings/{name}.md:1: this file would replace the ")


# --- links and special files in briefings/ ---------------------------------------------------

SECRET = "SECRET-ON-THE-BUILD-MACHINE-8841"


@pytest.fixture(scope="module")
def linked_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """briefings/ holding what git can carry in a pull request (links) and what a machine may hold (a FIFO)."""
    base = tmp_path_factory.mktemp("links")
    root = copy_project(base / "project", CODE_PARTS)
    briefings, outside = root / "briefings", base / "outside"
    briefings.mkdir()
    outside.mkdir()
    (briefings / "good.md").write_text(generated(), encoding="utf-8")
    (outside / "secret.txt").write_text(f"The password is {SECRET}\n", encoding="utf-8")
    (outside / "other.md").write_text(generated().replace("Ministers meet", SECRET), encoding="utf-8")
    (briefings / "leak.md").symlink_to(outside / "secret.txt")
    (briefings / "config.md").symlink_to("../mkdocs.yml")
    (briefings / "zero.md").symlink_to("/dev/zero")
    (briefings / "elsewhere").symlink_to(outside)
    (briefings / "alias.md").symlink_to("good.md")  # inside the folder: read as any briefing
    os.mkfifo(briefings / "pipe.md")
    (root / "articles").mkdir()
    (root / "articles" / "zero.txt").write_text(f"Ministers meet\n\n{ARTICLE}\n", encoding="utf-8")
    return root


OUTSIDE = "is a symbolic link to a file outside briefings/; not read"
REFUSED = {"leak.md": OUTSIDE, "config.md": OUTSIDE, "zero.md": OUTSIDE, "pipe.md": "is not a regular file; not read"}


def test_the_site_publishes_no_file_a_link_leads_to_outside_the_briefings(linked_project: Path):
    # briefings/leak.md -> a file elsewhere on the build machine was published as a page (and
    # indexed for search); a link to /dev/zero or a FIFO hung the build.
    result = run_cli(linked_project, "build", "--no-ingest", timeout=120)
    assert result.returncode == 0, result.stderr
    for name, reason in {**REFUSED, "elsewhere/other.md": OUTSIDE}.items():
        assert f"{name}: {reason}" in result.stderr.splitlines(), (name, result.stderr)
    site = linked_project / "site"
    for path in site.rglob("*"):
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path
    assert (site / "good" / "index.html").is_file() and (site / "alias" / "index.html").is_file()
    assert not (site / "leak").exists() and not (site / "config").exists()


@pytest.mark.parametrize("command", ["check", "show"])
def test_check_and_show_name_such_files_without_reading_them(linked_project: Path, command: str):
    args = ["show", "briefings", "--json"] if command == "show" else ["check"]
    result = run_cli(linked_project, *args, timeout=60)
    assert result.returncode == 1
    out = result.stdout + result.stderr
    assert SECRET not in out
    for name, reason in REFUSED.items():
        assert f"briefings/{name}:1: {reason}" in out.splitlines(), (name, out)


def test_ingest_does_not_read_such_files_and_keeps_them(linked_project: Path):
    before = {p.name: os.readlink(p) for p in (linked_project / "briefings").iterdir() if p.is_symlink()}
    result = run_cli(linked_project, "ingest", timeout=60)  # zero.txt's briefing would be zero.md
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        f"articles/zero.txt: its briefing briefings/zero.md cannot be read ({OUTSIDE}); "
        "kept it as it is: fix it, or delete it to brief the article again"
    )
    after = {p.name: os.readlink(p) for p in (linked_project / "briefings").iterdir() if p.is_symlink()}
    assert after == before


@pytest.mark.parametrize("source_file", ["/etc/hostname", "../outside.txt", ".git/config", "articles/../mkdocs.yml"])
def test_check_reads_a_source_article_only_inside_articles(source_file: str, tmp_path: Path):
    # check read any file a briefing's source.file named, and said whether each quote was in it:
    # a pull request could test, quote by quote, what /etc/... or the token in .git/config holds.
    root = copy_project(tmp_path / "project", CODE_PARTS)
    (root / "briefings").mkdir()
    (root / "articles").mkdir()
    (root / ".git").mkdir()
    (root / ".git" / "config").write_text(f"[http]\n\textraheader = AUTHORIZATION: basic {SECRET}\n")
    (tmp_path / "outside.txt").write_text(f"Ministers meet\n\n{ARTICLE} {SECRET}\n")
    text = generated().replace("file: articles/x.txt", f"file: {source_file}")
    (root / "briefings" / "x.md").write_text(text, encoding="utf-8")
    found = check.check_paths([root / "briefings" / "x.md"], root)
    line = text.split("\n").index(f"  file: {source_file}") + 1
    message = f"source article {source_file} is not in articles/, where check reads articles"
    assert found == [f"briefings/x.md:{line}: {message}"]


def test_a_file_name_with_a_line_break_is_reported_on_one_line(tmp_path: Path):
    # git keeps any byte but NUL and '/' in a name: 'empty\n::error::fake.txt' printed its error on
    # two lines, the second a GitHub Actions command of the pull request's choosing.
    root = copy_project(tmp_path / "project", CODE_PARTS)
    (root / "articles").mkdir()
    (root / "briefings").mkdir()
    (root / "articles" / "empty\n::error::fake.txt").write_bytes(b"")
    (root / "briefings" / "bad\n::warning::x.md").write_text("---\ntitle: [x\n", encoding="utf-8")
    ingest = run_cli(root, "ingest")
    assert "articles/empty\\n::error::fake.txt: no article text found (empty, or only page debris)" in (
        ingest.stderr.splitlines()
    )
    checked = run_cli(root, "check")
    built = run_cli(root, "build", "--no-ingest")
    assert built.returncode == 0, built.stderr
    assert "bad\\n::warning::x.md:1: front matter is not closed by a line '---'" in built.stderr.splitlines()
    for result in (ingest, checked, built):
        lines = (result.stdout + result.stderr).splitlines()
        assert not [line for line in lines if line.startswith("::")], lines
    assert "briefings/bad\\n::warning::x.md:1: front matter is not closed by a line '---'" in checked.stdout


def test_file_names_that_are_not_utf8_are_named_and_the_run_goes_on(tmp_path: Path):
    # An article saved under a Latin-1 name (b'caf\xe9 story.txt') stopped the whole ingest (and so
    # build) with "internal error: UnicodeEncodeError"; a briefing so named stopped the site build.
    root = copy_project(tmp_path / "project", CODE_PARTS)
    (root / "articles").mkdir()
    (root / "briefings").mkdir()
    latin = os.fsdecode(b"caf\xe9 story.txt")
    (root / "articles" / latin).write_text(f"Ministers meet\n\n{ARTICLE}\n", encoding="utf-8")
    (root / "articles" / "ok.txt").write_text(f"Ministers meet again\n\n{ARTICLE}\n", encoding="utf-8")
    built = run_cli(root, "build")
    assert built.returncode == 1  # one article failed; the others are briefed and the site is built
    assert "internal error" not in built.stderr
    assert "articles/caf\\udce9 story.txt: the file name is not UTF-8 text; rename the file" in built.stderr
    assert (root / "site" / "ok" / "index.html").is_file()
    (root / "briefings" / os.fsdecode(b"r\xe9sum\xe9.md")).write_bytes((root / "briefings" / "ok.md").read_bytes())
    built = run_cli(root, "build", "--no-ingest")
    assert built.returncode == 0, built.stderr
    assert "r\\udce9sum\\udce9.md: the file name is not UTF-8 text; rename the file" in built.stderr.splitlines()
    checked = run_cli(root, "check")
    assert "briefings/r\\udce9sum\\udce9.md:1: the file name is not UTF-8 text; rename the file" in checked.stdout


def test_a_briefing_saved_with_a_byte_order_mark_reads_as_the_site_reads_it(tmp_path: Path):
    # Notepad's UTF-8 starts with a BOM. MkDocs drops it and the site showed the briefing, but check,
    # show and ingest said "no front matter: the file must start with a line '---'" (it does).
    root, path = ingested_project(tmp_path)
    edited = path.read_text(encoding="utf-8").replace("## Key facts\n", "## Key facts\n\n- Added by hand.[^1]\n", 1)
    path.write_bytes(b"\xef\xbb\xbf" + (edited + "\n[^1]: A note.\n").encode("utf-8"))
    shown = run_cli(root, "show", "briefings/x.md", "--json")
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)[0]["meta"]["title"] == "Ministers meet in Seoul"
    checked = run_cli(root, "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    ingested = run_cli(root, "ingest")
    assert ingested.returncode == 0 and "edited by hand; kept" in ingested.stderr
    assert path.read_bytes().startswith(b"\xef\xbb\xbf---\n")


def test_a_front_matter_key_given_twice_is_named(tmp_path: Path):
    # YAML keeps the last 'topics:' and drops the first without a word: an editor who added a second
    # one at the bottom lost the first, and check said nothing.
    root = copy_project(tmp_path / "project", CODE_PARTS)
    (root / "briefings").mkdir()
    text = generated().replace("\ngenerated:", "\ntopics: [politics]\ngenerated:", 1)
    (root / "briefings" / "x.md").write_text(text, encoding="utf-8")
    lines = text.split("\n")
    first = next(n for n, line in enumerate(lines, start=1) if line.startswith("topics:"))
    again = lines.index("topics: [politics]") + 1
    found = [p for p in check.check_paths([root / "briefings" / "x.md"], root) if "given again" in p]
    message = f"front matter key 'topics' is given again (first on line {first}): keep one"
    assert found == [f"briefings/x.md:{again}: {message}"]


# --- caches -------------------------------------------------------------------------------


def test_a_site_cache_made_elsewhere_serves_no_html(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    # The render cache keeps each body's HTML under a key anyone could compute from the code and the
    # file; a .cache/briefkit/site.sqlite3 committed with `git add -f` was trusted, and its HTML (a
    # script) went onto the published site.
    import sqlite3

    from briefkit import files
    from briefkit.site.render_cache import load_entries

    briefings = [("x.md", generated())]
    cache = tmp_path / "site.sqlite3"
    monkeypatch.setattr(files, "machine_key", lambda: "0" * 64)  # the attacker's machine
    load_entries(briefings, cache)
    db = sqlite3.connect(str(cache))
    with db:
        db.execute("UPDATE entries SET html = '<script>alert(1)</script>'")
    db.close()
    ((_, planted),) = load_entries(briefings, cache)
    assert planted == "<script>alert(1)</script>"  # the attack works where the key matches
    monkeypatch.undo()  # the machine that builds the site
    ((entry, html),) = load_entries(briefings, cache)
    assert "<script" not in html and "Ministers meet" in entry.title
    ((_, again),) = load_entries(briefings, cache)
    assert again == html  # and the cache works for this machine's own entries


def test_the_machine_key_lives_outside_the_project_and_is_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from briefkit import files

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    files.machine_key.cache_clear()
    try:
        key = files.machine_key()
        assert (tmp_path / "user-cache" / "briefkit" / "cache-key").read_text() == key + "\n"
        files.machine_key.cache_clear()
        assert files.machine_key() == key
    finally:
        files.machine_key.cache_clear()


# --- the site folder ----------------------------------------------------------------------


@pytest.mark.parametrize("target", ["elsewhere", "briefings", "."])
def test_a_site_folder_that_is_a_link_is_not_emptied(target: str, tmp_path: Path):
    # git keeps a link named `site` (the .gitignore line /site/ matches folders only). MkDocs empties
    # the site folder before it builds: through such a link it deleted the files of the folder the
    # link names: another folder, the briefings people edit, or the whole project.
    root = copy_project(tmp_path / "project", CODE_PARTS)
    (root / "articles").mkdir()
    (root / "briefings").mkdir()
    (root / "briefings" / "kept.md").write_text(generated(), encoding="utf-8")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "notes.txt").write_text("a person's notes\n", encoding="utf-8")
    link = tmp_path / "elsewhere" if target == "elsewhere" else root / target
    (root / "site").symlink_to(link, target_is_directory=True)
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if "__pycache__" not in p.parts)
    result = run_cli(root, "build", "--no-ingest")
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1].startswith(f"{root / 'site'}: is a symbolic link, and the build empties")
    after = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if "__pycache__" not in p.parts)
    assert [p for p in before if p not in after] == []


def test_check_reads_a_line_of_brackets_in_linear_time(tmp_path: Path):
    # Each '[' restarted the link pattern, which then ran to the line's end: a hand-typed line of
    # 50,000 brackets took check 37 s (quadratic), 200,000 about ten minutes.
    from briefkit.links import scan

    line = "See ](" + "[" * 200_000 + "] and [the story [of it]](other.md#key-facts) ![i](x.png)"
    started = time.perf_counter()
    links, _, _ = scan([line], 0)
    assert time.perf_counter() - started < 1
    assert [link.target for link in links] == ["other.md#key-facts", "x.png"]


def test_ingest_does_not_name_a_briefing_after_one_that_differs_only_in_case(tmp_path: Path):
    # A briefing uploaded on GitHub as Seoul.md, then an article seoul.txt: ingest wrote seoul.md
    # beside it. check refuses the pair (one page), and on macOS or Windows the two are one file: a
    # checkout keeps one of them, and ingest there took the person's Seoul.md for the article's own.
    root = copy_project(tmp_path / "project", CODE_PARTS)
    (root / "articles").mkdir()
    (root / "briefings").mkdir()
    hand = generated("Seoul by hand").replace("file: articles/x.txt", "file: null")
    (root / "briefings" / "Seoul.md").write_text(hand, encoding="utf-8")
    (root / "articles" / "seoul.txt").write_text(f"Seoul talks\n\n{ARTICLE}\n", encoding="utf-8")
    result = run_cli(root, "ingest")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (root / "briefings").iterdir()) == ["Seoul.md", "seoul-2.md"]
    assert (root / "briefings" / "Seoul.md").read_text(encoding="utf-8") == hand


def test_a_briefing_named_like_a_file_the_site_writes_does_not_stop_the_build(tmp_path: Path):
    # briefings/robots.txt.md published robots.txt/index.html, and the build then stopped writing
    # robots.txt ("File exists"); feed.xml.md made feed.xml a folder. check said nothing of either.
    root = copy_project(tmp_path / "project", CODE_PARTS)
    (root / "briefings").mkdir()
    (root / "briefings" / "good.md").write_text(generated(), encoding="utf-8")
    for name in ("robots.txt.md", "feed.xml.md", "Sitemap.XML.md"):
        (root / "briefings" / name).write_text(generated(), encoding="utf-8")
    result = run_cli(root, "build", "--no-ingest")
    assert result.returncode == 0, result.stderr
    assert "robots.txt.md: would replace robots.txt; not published: rename it" in result.stderr.splitlines()
    assert "feed.xml.md: would replace the Atom feed; not published: rename it" in result.stderr.splitlines()
    for name in ("robots.txt", "feed.xml", "sitemap.xml"):
        assert (root / "site" / name).is_file(), name
    assert (root / "site" / "good" / "index.html").is_file()
    found = [line for line in check.check_paths([root / "briefings"], root) if "would replace" in line]
    assert found == [
        "briefings/Sitemap.XML.md:1: this file would replace the sitemap; rename it",
        "briefings/feed.xml.md:1: this file would replace the Atom feed; rename it",
        "briefings/robots.txt.md:1: this file would replace robots.txt; rename it",
    ]


def test_new_refuses_a_title_whose_file_differs_only_in_case_from_one_there(tmp_path: Path):
    from briefkit.errors import BriefkitError
    from briefkit.new import new_briefing

    (tmp_path / "Seoul.md").write_text("---\ntitle: by hand\n---\n", encoding="utf-8")
    with pytest.raises(BriefkitError) as raised:
        new_briefing("Seoul", tmp_path, date="2019")
    assert str(raised.value) == f"{tmp_path / 'Seoul.md'}: already exists; choose another title or edit that file"
    assert [p.name for p in tmp_path.iterdir()] == ["Seoul.md"]


@pytest.mark.parametrize("typo", ["20190711000000000000000", "'99999'", "'2019-13'"])
def test_a_date_typo_in_one_briefing_neither_stops_the_site_nor_dates_it_1970(typo: str, tmp_path: Path):
    # The site's build date is the newest briefing's: a huge number stopped the build (OverflowError,
    # "internal error"), and any date that was not a real day made every page's sitemap date 1970-01-01.
    root = copy_project(tmp_path / "project", CODE_PARTS)
    (root / "briefings").mkdir()
    dated = with_key(with_key(generated(), "date", "'2019-07-11'"), "date_precision", "day")
    (root / "briefings" / "dated.md").write_text(dated, encoding="utf-8")
    (root / "briefings" / "typo.md").write_text(with_key(generated(), "date", typo), encoding="utf-8")
    result = run_cli(root, "build", "--no-ingest")
    assert result.returncode == 0, result.stderr
    sitemap = (root / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert "<lastmod>2019-07-11</lastmod>" in sitemap and "1970" not in sitemap


def test_a_saved_page_nested_deeper_than_256_keeps_all_its_text(tmp_path: Path):
    # An old CMS page that never closes its <font> tags nests one level deeper per paragraph; libxml2
    # stopped at 256 levels, and every paragraph after that was dropped without a word.
    paragraphs = "".join(f"<p><font>Paragraph {n}: {ARTICLE}" for n in range(400))
    html = f"<html><head><title>Deep page</title></head><body><h1>Deep page</h1>{paragraphs}</body></html>"
    path = tmp_path / "deep.html"
    path.write_text(html, encoding="utf-8")
    text = reading.read_source(path, "articles/deep.html").text
    assert "Paragraph 0:" in text and "Paragraph 399:" in text
