"""A small desk for the search tests: the shipped example plus briefings with varied metadata.

The project is built once per session with site_url under /repo/ (as the GitHub
Pages workflow sets it), so that the 404 page's absolute links are right when the
site is served under /repo/ by conftest.serve_directory.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from conftest import copy_project, run_cli, serve_directory

SITE_URL = "https://owner.github.io/repo/"
EXAMPLE_TITLE = "US seeks to ease dispute between S.Korea, Japan"
HOSTILE_TITLE = "Hostile <img src=x onerror=alert(1)> headline"

# slug -> (front matter, article paragraphs). Every article says "government" once,
# so one query finds them all and filters can narrow it.
BRIEFINGS: dict[str, tuple[dict, list[str]]] = {
    "brazil-amazon-fires": (
        {
            "title": "Brazil sends troops to fight Amazon fires",
            "date": "2019-08-24",
            "countries": ["Brazil"],
            "people": [{"name": "Jair Bolsonaro", "role": "President"}],
            "organizations": ["Brazilian Army"],
            "topics": ["environment"],
        },
        [
            "President Jair Bolsonaro authorised the army to fight fires in the Amazon rainforest.",
            "The government said 44,000 soldiers were available for the operation in seven states.",
        ],
    ),
    "brazil-pension-reform": (
        {
            "title": "Brazil's Senate passes pension reform",
            "date": "2019-10-23",
            "countries": ["Brazil"],
            "people": [{"name": "Paulo Guedes", "role": "Economy Minister"}],
            "organizations": ["Federal Senate"],
            "topics": ["economy, business and finance"],
        },
        [
            "Brazil's Senate approved an overhaul of the pension system, a victory for the government.",
            "Economy Minister Paulo Guedes said the reform would save about 800 billion reais over a decade.",
        ],
    ),
    "germany-coal-exit": (
        {
            "title": "Germany agrees a timetable to close coal plants",
            "date": "2020-01-16",
            "countries": ["Germany"],
            "people": [{"name": "Angela Merkel", "role": "Chancellor"}],
            "organizations": ["RWE"],
            "topics": ["environment", "economy, business and finance"],
        },
        [
            "The federal government and coal states agreed to shut the last plants by 2038.",
            "Chancellor Angela Merkel said the plan gave certainty to workers in the mining regions.",
        ],
    ),
    "kenya-locust-swarms": (
        {
            "title": "Kenya battles the worst locust swarms in 70 years",
            "date": "2020-02-10",
            "countries": ["Kenya", "Somalia"],
            "people": [{"name": "Uhuru Kenyatta", "role": "President"}],
            "organizations": ["Food and Agriculture Organization"],
            "topics": ["environment"],
        },
        [
            "Swarms of desert locusts have destroyed crops across Kenya and Somalia.",
            "President Uhuru Kenyatta's government has deployed planes to spray pesticide.",
        ],
    ),
    "hostile-headline": (
        {
            "title": HOSTILE_TITLE,
            "date": "2018-05-02",
            "countries": ["Germany"],
            "people": [{"name": "Zelda Quarrington", "role": "spokeswoman <b>bold</b>"}],
            "organizations": ["<script>alert(2)</script> Holdings"],
            "topics": ["politics"],
        },
        [
            'A statement quoted the markup <script>alert(3)</script> and <img src=x onerror="alert(4)"> '
            "verbatim; the government called it quixotically harmless.",
        ],
    ),
}


def briefing_markdown(meta: dict, paragraphs: list[str]) -> str:
    """A briefing file as DESIGN.md describes it: YAML front matter, then the sections."""
    front = {
        "title": meta["title"],
        "date": meta["date"],
        "date_precision": "day",
        "date_evidence": "test fixture",
        "summary": paragraphs[0],
        "source": {"file": None, "url": None, "outlet": "Test Wire", "sha256": None},
        "countries": meta["countries"],
        "places": [],
        "people": meta["people"],
        "organizations": meta["organizations"],
        "topics": meta["topics"],
        "generated": {"by": "briefkit", "digest": "edited-by-a-person"},
    }
    body = "\n\n".join(paragraphs)
    return (
        "---\n" + yaml.safe_dump(front, sort_keys=False, allow_unicode=True) + "---\n\n"
        "## Background\n\n## Key facts\n\n## Quotes\n\n## Timeline\n\n## Article\n\n" + body + "\n"
    )


def make_search_project(dest: Path) -> Path:
    root = copy_project(dest)
    for slug, (meta, paragraphs) in BRIEFINGS.items():
        (root / "briefings" / f"{slug}.md").write_text(briefing_markdown(meta, paragraphs), encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SITE_URL", SITE_URL)
        run_cli(root, "build", check=True)
    return root


@pytest.fixture(scope="session")
def search_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The search desk, built once: returns the project folder (its site is in site/)."""
    return make_search_project(tmp_path_factory.mktemp("search") / "project")


@pytest.fixture(scope="session")
def search_url(search_project: Path) -> Iterator[str]:
    """The search desk's site served under /repo/."""
    with serve_directory(search_project / "site") as url:
        yield url
