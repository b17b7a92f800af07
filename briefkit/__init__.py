"""briefkit: turn news articles into annotated briefings and a searchable site.

The pipeline, one module per stage:

    reading     article file -> Source
    cleaning    Source -> Article
    annotation  Article -> Annotations (entities, dates, quotes, facts, ...)
    briefing    Article + Annotations -> Briefing Markdown (and back: parse)
    ingest      articles/ -> briefings/, with edit safety
    site        briefings/ -> site/ (MkDocs hooks, markdown-it-py rendering)
    search      site/ -> Pagefind index
    check       validate briefings
"""

__version__ = "0.1.0"

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent
TEMPLATES_DIR = PROJECT_ROOT / "templates"
