"""Build and serve the site with MkDocs, then index it for search."""

from __future__ import annotations

import logging
from pathlib import Path

from ..errors import BriefkitError
from ..parallel import site_build

log = logging.getLogger("briefkit")


def build_site(
    config_file: Path, site_dir: Path | None = None, strict: bool = False, search: bool = True
) -> Path:
    """Render briefings into the site folder with MkDocs, then index it for search; returns the folder."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    _forward_mkdocs_logs()
    if not config_file.is_file():
        raise BriefkitError(f"{config_file}: no such MkDocs configuration")
    overrides = {"strict": strict}
    if site_dir is not None:
        overrides["site_dir"] = str(site_dir.absolute())
    try:
        config = load_config(str(config_file), **overrides)
        with site_build():  # the hooks may render over worker processes
            build(config)
    except MkDocsException as exc:
        raise BriefkitError(f"site build failed: {exc}") from exc
    if search:
        from ..search import index_site

        index_site(Path(config["site_dir"]))
    return Path(config["site_dir"])


def serve_site(config_file: Path, addr: str) -> None:
    from mkdocs.commands.serve import serve

    _forward_mkdocs_logs()
    serve(config_file=str(config_file), dev_addr=addr, livereload=True)


def _forward_mkdocs_logs() -> None:
    """Show MkDocs' warnings through our handler, and its info only with -v."""
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.handlers[:] = log.handlers
    mkdocs_log.setLevel(logging.INFO if log.level <= logging.DEBUG else logging.WARNING)
    mkdocs_log.propagate = False
