"""Bad, broken and hostile articles: each gives a correct briefing or one error line.

One project is filled with the corpus (tests/data/bad_inputs, plus files made
here: binary, huge, oddly named, links, a FIFO) and `build.py ingest` runs once
over all of it, as an editor would run it; each test then checks one case.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import subprocess
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from conftest import REPO, copy_project, run_cli

from briefkit.site.markdown import body_of, render_markdown

CORPUS = REPO / "tests" / "data" / "bad_inputs"
CODE_PARTS = ("mkdocs.yml", "build.py", "briefkit", "templates")
SECRET = "SECRET-OUTSIDE-TOKEN-4711"
HUGE_BYTES = 20 * 1024 * 1024
LINE_BYTES = 1024 * 1024
UMASK = os.umask(0o022)
os.umask(UMASK)
WORDS = "the minister said on Tuesday that talks in Seoul would resume next month".split()


def corpus(name: str) -> str:
    return (CORPUS / name).read_text(encoding="utf-8")


def prose(size: int, seed: int, paragraph_words: int = 60) -> str:
    """Deterministic English-like text of about `size` characters."""
    rng = random.Random(seed)
    parts: list[str] = []
    total = 0
    while total < size:
        words = [rng.choice(WORDS) for _ in range(paragraph_words)]
        sentence = " ".join(words).capitalize() + "."
        parts.append(sentence)
        total += len(sentence) + 2
    return "\n\n".join(parts)


def latin1_text() -> str:
    text = corpus("accented.txt")
    for fancy, plain in {"“": '"', "”": '"', "—": "-", "€": "EUR"}.items():
        text = text.replace(fancy, plain)
    return text


def fill_articles(articles: Path, outside: Path) -> None:
    """Write every bad input into articles/ (and a secret outside it)."""
    for name in ("hostile-page.html", "markup-in-text.txt", "yaml-breaking-title.txt", "plain.txt"):
        (articles / name).write_text(corpus(name), encoding="utf-8")
    (articles / "korean 한국어 기사.txt").write_text(corpus("korean.txt"), encoding="utf-8")
    (articles / "日本語.txt").write_text(corpus("japanese.txt"), encoding="utf-8")
    (articles / "عربي.txt").write_text(corpus("arabic.txt"), encoding="utf-8")
    (articles / "file with spaces.txt").write_text(corpus("plain.txt").replace("Thursday", "Friday"))
    (articles / "Überraschung in Zürich.txt").write_text(corpus("accented.txt"), encoding="utf-8")
    (articles / ".NET 9 released.txt").write_text(corpus("plain.txt").replace("Thursday", "Monday"))
    (articles / "latin1.txt").write_bytes(latin1_text().encode("latin-1"))
    (articles / "cp1252.txt").write_bytes(corpus("accented.txt").encode("cp1252"))
    (articles / "utf16.txt").write_bytes(corpus("korean.txt").encode("utf-16"))  # with BOM
    (articles / "empty.txt").write_bytes(b"")
    (articles / "whitespace.txt").write_text(" \n\t\n\u3000\u00a0 \r\n\n   ")
    (articles / "binary.txt").write_bytes(random.Random(7).randbytes(4096))
    (articles / "pdf-saved-as.txt").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    (articles / "report.pdf").write_bytes(b"%PDF-1.7\n")
    (articles / "huge.txt").write_text("A huge article\n\n" + prose(HUGE_BYTES, seed=1))
    one_line = prose(LINE_BYTES, seed=2).replace("\n\n", " ")
    (articles / "one-line.txt").write_text("One very long line\n\n" + one_line + "\n")
    for folder in ("desk-a", "desk-b"):
        (articles / folder).mkdir()
        (articles / folder / "seoul.txt").write_text(corpus("same-headline.txt"))
    (articles / "Seoul.txt").write_text(corpus("same-headline.txt").replace("Tuesday", "Wednesday"))
    (outside / "secret.txt").write_text(f"Secret headline\n\nThe password is {SECRET}, said nobody.\n")
    (articles / "leak.txt").symlink_to(outside / "secret.txt")
    (articles / "alias.txt").symlink_to("plain.txt")
    (articles / "dangling.txt").symlink_to("no-such-article.txt")
    os.mkfifo(articles / "pipe.txt")
    (articles / "._plain.txt").write_bytes(b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X")  # AppleDouble debris
    (articles / ".git").mkdir()
    (articles / ".git" / "hidden.txt").write_text(corpus("plain.txt"))


BRIEFED = {
    # article -> (briefing file, a string its title or text must contain)
    "articles/hostile-page.html": ("hostile-page.md", "Ministers meet"),
    "articles/markup-in-text.txt": ("markup-in-text.md", "{{ 7*7 }}"),
    "articles/yaml-breaking-title.txt": ("yaml-breaking-title.md", "Geneva"),
    "articles/plain.txt": ("plain.md", "Central bank"),
    "articles/korean 한국어 기사.txt": (None, "서울 정상회담, 수출 규제 논의"),
    "articles/日本語.txt": (None, "東京で日韓首脳会談、輸出規制を協議"),
    "articles/عربي.txt": (None, "وزراء الخارجية يجتمعون في القاهرة لبحث الأزمة"),
    "articles/file with spaces.txt": ("file-with-spaces.md", "Friday"),
    "articles/Überraschung in Zürich.txt": ("uberraschung-in-zurich.md", "Zürich talks"),
    "articles/.NET 9 released.txt": ("net-9-released.md", "Monday"),
    "articles/latin1.txt": ("latin1.md", "Café owners and the élite of Genève"),
    "articles/cp1252.txt": ("cp1252.md", "“cautious” optimism — and a little façade"),
    "articles/utf16.txt": ("utf16.md", "서울 정상회담, 수출 규제 논의"),
    "articles/one-line.txt": ("one-line.md", "One very long line"),
    "articles/desk-a/seoul.txt": (None, "Leaders meet in Seoul"),
    "articles/desk-b/seoul.txt": (None, "Leaders meet in Seoul"),
    "articles/Seoul.txt": (None, "Wednesday"),
    "articles/alias.txt": ("alias.md", "Central bank"),
}
FAILED = {
    # article -> what its one error line must say
    "articles/empty.txt": "no article text found",
    "articles/whitespace.txt": "no article text found",
    "articles/binary.txt": "binary file",
    "articles/pdf-saved-as.txt": "is a PDF",
    "articles/huge.txt": "article text is too long",
    "articles/leak.txt": "symbolic link to a file outside the articles folder",
    "articles/dangling.txt": "cannot read file: No such file or directory",
    "articles/pipe.txt": "is not a regular file",
    "articles/became-fifo.txt": "is not a regular file",
    "articles/broken-yaml.txt": "briefings/broken-yaml.md cannot be read (front matter is not valid YAML",
}
BROKEN_BRIEFING = (
    "---\ntitle: Edited by hand\ndate: [2024-01-01\nsummary: 'unclosed\n---\n\n## Article\n\nKept.\n"
)


def snapshot(folder: Path, skip: tuple[str, ...] = ()) -> dict[str, str]:
    """Every file and link under folder with a digest of its content, except `skip` folders."""
    result = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if rel.parts[0] in skip or "__pycache__" in rel.parts:
            continue
        if path.is_symlink():
            result[str(rel)] = "link:" + os.readlink(path)
        elif path.is_file():
            result[str(rel)] = hashlib.sha256(path.read_bytes()).hexdigest()
        elif not path.is_dir():
            result[str(rel)] = "special"
    return result


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The corpus ingested once; returns the project, the run and what `show` says."""
    base = tmp_path_factory.mktemp("hostile")
    root = copy_project(base / "project", CODE_PARTS)
    articles, briefings, outside = root / "articles", root / "briefings", base / "outside"
    for folder in (articles, briefings, outside):
        folder.mkdir()
    # Briefings that people left behind: one edited into broken YAML, one whose article is gone.
    (articles / "broken-yaml.txt").write_text(corpus("plain.txt").replace("Thursday", "Tuesday"))
    (articles / "deleted.txt").write_text(corpus("same-headline.txt"))
    (articles / "became-fifo.txt").write_text(corpus("plain.txt").replace("Thursday", "Sunday"))
    run_cli(root, "ingest", check=True)
    (articles / "became-fifo.txt").unlink()
    os.mkfifo(articles / "became-fifo.txt")  # a briefed article replaced by a FIFO must not hang ingest
    (briefings / "broken-yaml.md").write_text(BROKEN_BRIEFING)
    (articles / "deleted.txt").unlink()
    orphan = (briefings / "deleted.md").read_bytes()
    fill_articles(articles, outside)
    before = snapshot(root, skip=("briefings", ".cache")), snapshot(outside)
    started = time.perf_counter()
    result = run_cli(root, "ingest", timeout=300)
    elapsed = time.perf_counter() - started
    after = snapshot(root, skip=("briefings", ".cache")), snapshot(outside)
    shown = run_cli(root, "show", "briefings", "--json")
    items = json.loads(shown.stdout)
    return {
        "root": root,
        "result": result,
        "elapsed": elapsed,
        "before": before,
        "after": after,
        "show": shown,
        "by_source": {item["meta"]["source"]["file"]: item for item in items if item["meta"].get("source")},
        "orphan": orphan,
    }


def error_lines(result: subprocess.CompletedProcess[str], name: str) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith(f"{name}: ")]


@pytest.mark.parametrize("article", sorted(BRIEFED))
def test_each_readable_article_gets_its_briefing(hostile: dict, article: str):
    name, expected = BRIEFED[article]
    item = hostile["by_source"].get(article)
    assert item is not None, f"no briefing names {article}:\n{hostile['result'].stderr}"
    if name is not None:
        assert item["path"] == f"briefings/{name}"
    path = hostile["root"] / item["path"]
    assert path.name.isascii() and " " not in path.name and not path.name.startswith(".")
    text = json.dumps(item, ensure_ascii=False)
    assert expected in text
    assert item["article"], "a briefing without article text"
    assert not error_lines(hostile["result"], article)


@pytest.mark.parametrize("article", sorted(FAILED))
def test_each_unusable_article_gives_one_error_line_naming_it(hostile: dict, article: str):
    lines = error_lines(hostile["result"], article)
    assert len(lines) == 1, hostile["result"].stderr
    assert FAILED[article] in lines[0]
    if article not in ("articles/broken-yaml.txt", "articles/became-fifo.txt"):  # these keep their old one
        assert article not in hostile["by_source"]


def test_the_run_reports_failure_with_exit_1_and_no_traceback(hostile: dict):
    result = hostile["result"]
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "internal error" not in result.stderr
    assert len(hostile["by_source"]) >= len(BRIEFED)


def test_a_pdf_in_the_articles_folder_is_named_as_skipped(hostile: dict):
    assert error_lines(hostile["result"], "articles/report.pdf") == [
        "articles/report.pdf: skipped: not an article file; save its text as .txt"
    ]


def test_debris_and_hidden_folders_are_not_briefed(hostile: dict):
    assert "articles/._plain.txt" not in hostile["by_source"]
    assert "articles/.git/hidden.txt" not in hostile["by_source"]
    assert "._plain" not in hostile["result"].stderr


def test_the_huge_article_is_refused_quickly(hostile: dict):
    # The whole corpus (a 20 MB file, a 1 MB line...) is ingested in well under a minute.
    assert hostile["elapsed"] < 60, f"ingest took {hostile['elapsed']:.1f} s"


def test_the_one_megabyte_line_is_kept_whole(hostile: dict):
    item = hostile["by_source"]["articles/one-line.txt"]
    line = (hostile["root"] / "articles" / "one-line.txt").read_text().split("\n")[2]
    assert "".join(item["article"]).replace(" ", "") == line.replace(" ", "")


def test_nothing_is_written_outside_the_briefings_folder(hostile: dict):
    assert hostile["after"] == hostile["before"]
    for path in (hostile["root"] / "briefings").iterdir():
        assert SECRET not in path.read_text(encoding="utf-8", errors="replace")
        assert path.suffix == ".md" and path.is_file() and not path.is_symlink()
        assert path.stat().st_mode & 0o777 == 0o666 & ~UMASK  # not mkstemp's 0600


def test_two_articles_never_share_a_briefing(hostile: dict):
    paths = [item["path"] for item in hostile["by_source"].values()]
    assert len(paths) == len(set(paths))
    same = ("articles/Seoul.txt", "articles/desk-a/seoul.txt", "articles/desk-b/seoul.txt")
    seoul = {hostile["by_source"][article]["path"] for article in same}
    assert seoul == {"briefings/seoul.md", "briefings/seoul-2.md", "briefings/seoul-3.md"}


def test_a_second_run_changes_nothing_and_swaps_nothing(hostile: dict, tmp_path: Path):
    root = hostile["root"]
    before = snapshot(root / "briefings")
    result = run_cli(root, "ingest")
    assert result.returncode == 1  # the same bad inputs fail again, the same way
    assert snapshot(root / "briefings") == before


def test_a_briefing_edited_into_broken_yaml_is_kept_and_named(hostile: dict):
    root = hostile["root"]
    assert (root / "briefings" / "broken-yaml.md").read_text() == BROKEN_BRIEFING
    show = hostile["show"]
    assert show.returncode == 1
    lines = [line for line in show.stderr.splitlines() if line.startswith("briefings/broken-yaml.md:")]
    assert len(lines) == 1 and "not valid YAML" in lines[0]
    assert not [p for p in (root / "briefings").glob("broken-yaml-*.md")]


def test_a_briefing_whose_article_was_deleted_is_kept(hostile: dict):
    path = hostile["root"] / "briefings" / "deleted.md"
    assert path.read_bytes() == hostile["orphan"]
    assert "articles/deleted.txt" in hostile["by_source"]


def test_a_yaml_breaking_title_round_trips_as_a_plain_string(hostile: dict):
    item = hostile["by_source"]["articles/yaml-breaking-title.txt"]
    title = corpus("yaml-breaking-title.txt").split("\n", 1)[0].removeprefix("Title: ")
    assert item["meta"]["title"] == title
    text = (hostile["root"] / item["path"]).read_text()
    front = text.split("\n---\n", 1)[0].removeprefix("---\n")
    assert yaml.safe_load(front)["title"] == title  # safe_load: a !!python tag would raise
    assert text.count("\n---\n") == 1  # the body's --- is escaped, not a second front matter


def test_markup_and_template_syntax_in_text_is_kept_literally(hostile: dict):
    item = hostile["by_source"]["articles/markup-in-text.txt"]
    body = " ".join(item["article"])
    for literal in (
        "{{ 7*7 }}",
        "{% for x in range(10) %}{{ x }}{% endfor %}",
        '<script>alert("in text")</script>',
        "**bold**",
        "[a link](javascript:alert(1))",
        "# Not a heading",
        "- not a list item",
        "&amp; &lt;entities&gt;",
        "{# a comment #}",
    ):
        assert literal in body, literal
    assert "{{ config.site_name }}" in item["meta"]["title"]


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def active_content(html: str) -> list[str]:
    """Elements and attributes that could run code in a browser."""
    parser = _Elements()
    parser.feed(html)
    found = []
    for tag, attrs in parser.tags:
        if tag in {"script", "iframe", "object", "embed", "form", "svg", "style", "base", "meta", "link"}:
            found.append(f"<{tag}>")
        for name, value in attrs.items():
            if name.startswith("on") or name in {"srcdoc", "formaction"}:
                found.append(f"<{tag} {name}>")
            if value and value.strip().lower().startswith(("javascript:", "data:", "vbscript:")):
                found.append(f"<{tag} {name}={value[:30]}>")
    return found


@pytest.mark.parametrize("article", ["articles/hostile-page.html", "articles/markup-in-text.txt"])
def test_hostile_briefings_render_to_inert_html(hostile: dict, article: str):
    path = hostile["root"] / hostile["by_source"][article]["path"]
    assert active_content(render_markdown(body_of(path.read_text()))) == []


def test_the_hostile_page_keeps_its_text_but_none_of_its_code(hostile: dict):
    item = hostile["by_source"]["articles/hostile-page.html"]
    text = " ".join(item["article"])
    assert "finance ministers of South Korea and Japan met in Seoul" in text
    assert "Markets in Seoul rose 1.2 percent" in text
    for code in ("head script", "inline script in a paragraph", "body onload", "steal.js"):
        assert code not in json.dumps(item)


OTHER_SCRIPTS = ["articles/korean 한국어 기사.txt", "articles/日本語.txt", "articles/عربي.txt"]


@pytest.mark.parametrize("article", OTHER_SCRIPTS)
def test_articles_in_other_scripts_keep_their_text(hostile: dict, article: str):
    item = hostile["by_source"][article]
    source = (hostile["root"] / article).read_text(encoding="utf-8").split("\n")
    assert item["meta"]["title"] == source[0]
    assert item["article"] == [line for line in source[1:] if line]
    assert Path(item["path"]).stem.isascii() and Path(item["path"]).stem


def test_legacy_encodings_are_decoded(hostile: dict):
    latin = hostile["by_source"]["articles/latin1.txt"]
    assert latin["article"][0] == latin1_text().split("\n\n")[1]
    windows = hostile["by_source"]["articles/cp1252.txt"]
    assert windows["article"] == [p.strip() for p in corpus("accented.txt").split("\n\n")[1:]]


def test_bad_usage_exits_2_with_a_usage_line(hostile: dict):
    result = run_cli(hostile["root"], "ingest", "--out")
    assert result.returncode == 2
    assert result.stderr.startswith("usage: build.py")
    assert "Traceback" not in result.stderr


def test_an_article_named_on_the_command_line_is_checked_the_same_way(hostile: dict):
    root = hostile["root"]
    result = run_cli(root, "ingest", "articles/plain.txt")
    assert result.returncode == 0, result.stderr
    result = run_cli(root, "ingest", "/dev/zero")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "/dev/zero: is not a regular file; not read",
        "Done: 1 article(s) in " + result.stderr.split("Done: 1 article(s) in ", 1)[1].strip(),
    ]
