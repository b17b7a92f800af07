"""The command line: ingest, build, serve, show, check, new.

Exit codes: 0 success, 1 when work failed (a bad article, a failed check),
2 for bad usage. Tracebacks only with -v.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from pathlib import Path

from . import PROJECT_ROOT, __version__
from .errors import BriefkitError

log = logging.getLogger("briefkit")

EPILOG = """\
The pipeline: articles/ (pasted .txt or saved .html) -> briefings/ (Markdown
that people edit) -> site/ (the static site, with its search index).
Run `build.py COMMAND --help` for the options of each command."""


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    _setup_logging(args.verbose - args.quiet)
    try:
        return int(args.func(args) or 0)
    except BriefkitError as exc:
        log.debug("traceback", exc_info=True)
        log.error("%s", exc)
        return 1
    except OSError as exc:  # a full disk, a read-only folder, a missing file
        log.error("%s", describe_os_error(exc), exc_info=args.verbose > 0)
        return 1
    except Exception as exc:  # a bug: one line, the traceback only with -v
        log.error(
            "internal error: %s: %s (run with -v for the traceback)",
            type(exc).__name__,
            exc,
            exc_info=args.verbose > 0,
        )
        return 1
    except KeyboardInterrupt:
        log.error("interrupted")
        return 130


def describe_os_error(exc: OSError) -> str:
    """`file: reason` for an operating-system error, without Python's decoration."""
    reason = exc.strerror or str(exc)
    return f"{exc.filename}: {reason}" if exc.filename else reason


def _verbosity(default: object) -> argparse.ArgumentParser:
    options = argparse.ArgumentParser(add_help=False)
    options.add_argument("-v", "--verbose", action="count", default=default,
                         help="say more (twice: debug, with tracebacks)")
    options.add_argument("-q", "--quiet", action="count", default=default, help="say only warnings and errors")
    return options


def _parser() -> argparse.ArgumentParser:
    # Before or after the command (`build.py -v build`, `build.py build -v`): a command's own default
    # would replace what was given before it, so the commands have none.
    common = _verbosity(argparse.SUPPRESS)
    parser = argparse.ArgumentParser(
        prog="build.py",
        description="Turn news articles into annotated briefings and a searchable static site.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[_verbosity(0)],
    )
    parser.add_argument("--version", action="version", version=f"briefkit {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)

    ingest = commands.add_parser(
        "ingest",
        parents=[common],
        help="brief articles into Markdown briefings",
        description="Read each article (.txt, .html) and write its briefing. A briefing a person "
        "has edited is never overwritten (unless --force); an unchanged article changes no byte.",
    )
    ingest.add_argument(
        "paths", nargs="*", type=Path, metavar="PATH", help="article files or folders (default: articles/)"
    )
    ingest.add_argument(
        "--out", type=Path, default=None, metavar="DIR", help="where briefings go (default: briefings/)"
    )
    ingest.add_argument("--force", action="store_true", help="overwrite briefings even if a person edited them")
    ingest.set_defaults(func=cmd_ingest)

    build = commands.add_parser(
        "build",
        parents=[common],
        help="ingest, then render the site into site/ and index it for search",
        description="Ingest articles/, then build the static site with MkDocs into site/ and index it with Pagefind.",
    )
    build.add_argument("--no-ingest", action="store_true", help="render the briefings as they are, without ingesting")
    build.add_argument("--strict", action="store_true", help="fail on MkDocs warnings (renders every page)")
    build.add_argument(
        "--full",
        action="store_true",
        help="render every page, even when only some briefings changed since the last build "
        "(by default only their pages are rendered, when nothing else can have changed)",
    )
    build.add_argument("--site-dir", type=Path, default=None, metavar="DIR", help="output folder (default: site/)")
    build.add_argument(
        "--config", type=Path, default=None, metavar="FILE", help="MkDocs configuration (default: mkdocs.yml)"
    )
    build.set_defaults(func=cmd_build)

    serve = commands.add_parser(
        "serve",
        parents=[common],
        help="live preview that reloads on edits",
        description="Serve the site on localhost and rebuild it, search index included, "
        "when briefings/ or templates/ change.",
    )
    serve.add_argument("--addr", default="127.0.0.1:8000", help="address to serve on (default: 127.0.0.1:8000)")
    serve.add_argument(
        "--config", type=Path, default=None, metavar="FILE", help="MkDocs configuration (default: mkdocs.yml)"
    )
    serve.add_argument(
        "--no-search",
        action="store_true",
        help="skip the search index on each rebuild (faster previews of large desks; the search box then says so)",
    )
    serve.set_defaults(func=cmd_serve)

    show = commands.add_parser(
        "show",
        parents=[common],
        help="print briefings as JSON",
        description="Parse briefing files (a folder means every briefing in it) and print a JSON array: "
        '{"path", "meta", "caption", "background", "key_facts", "quotes", "timeline", "article"}.',
    )
    show.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="briefing files or folders")
    show.add_argument("--json", action="store_true", help="print JSON (the only format; accepted for clarity)")
    show.set_defaults(func=cmd_show)

    check = commands.add_parser(
        "check",
        parents=[common],
        help="validate every briefing; report file:line: message",
        description="Check briefings: front matter against the schema, sections present, quotes and "
        "facts still in the source article, links, slugs. Exit 1 if any problem.",
    )
    check.add_argument(
        "paths", nargs="*", type=Path, metavar="PATH", help="briefing files or folders (default: briefings/)"
    )
    check.set_defaults(func=cmd_check)

    new = commands.add_parser(
        "new",
        parents=[common],
        help="start a blank briefing for a story written by hand",
        description="Write briefings/<slug>.md with the front matter and empty sections, ready to fill in.",
    )
    new.add_argument("title", help="the briefing's title")
    new.add_argument("--date", default=None, help="YYYY-MM-DD, YYYY-MM or YYYY (default: today)")
    new.add_argument("--out", type=Path, default=None, metavar="DIR", help="folder (default: briefings/)")
    new.set_defaults(func=cmd_new)
    from .deploy import add_deploy_command  # publishing without GitHub Actions

    add_deploy_command(commands, common)
    return parser


def _setup_logging(level: int) -> None:
    levels = {-1: logging.WARNING, 0: logging.INFO, 1: logging.INFO, 2: logging.DEBUG}
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    handler.addFilter(_one_line_arguments)
    log.handlers[:] = [handler]
    log.setLevel(levels[max(-1, min(2, level))])
    log.propagate = False


def _one_line_arguments(record: logging.LogRecord) -> bool:
    """File names and messages inside a log line are shown with their line breaks escaped."""
    from .files import printable

    if isinstance(record.args, tuple):
        record.args = tuple(
            printable(str(arg)) if isinstance(arg, (str, Path, BaseException)) else arg for arg in record.args
        )
    return True


def _root() -> Path:
    return Path.cwd()


def cmd_ingest(args: argparse.Namespace) -> int:
    from .ingest import ingest

    root = _root()
    paths = args.paths or [root / "articles"]
    for path in paths:
        if not path.exists() and not path.is_symlink():
            log.error("%s: no such file or folder", path)
            return 1
    out = args.out or root / "briefings"
    started = time.perf_counter()
    outcomes = ingest(paths, out, root, force=args.force)
    counts: dict[str, int] = {}
    for outcome in outcomes:
        counts[outcome.status] = counts.get(outcome.status, 0) + 1
    summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items())) or "no articles found"
    log.info("Done: %d article(s) in %.2f s: %s", len(outcomes), time.perf_counter() - started, summary)
    return 1 if counts.get("failed") else 0


def cmd_build(args: argparse.Namespace) -> int:
    from .site.build import build_site

    status = 0
    if not args.no_ingest:
        status = cmd_ingest(argparse.Namespace(paths=[], out=None, force=False))
    started = time.perf_counter()
    config = args.config or _root() / "mkdocs.yml"
    site_dir = build_site(config, site_dir=args.site_dir, strict=args.strict, full=args.full)
    log.info("Done: built the site into %s in %.2f s", site_dir, time.perf_counter() - started)
    return status


def cmd_serve(args: argparse.Namespace) -> int:
    from .site.build import serve_site

    serve_site(args.config or _root() / "mkdocs.yml", args.addr, search=not args.no_search)
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from .briefing import parse_file

    root = _root()
    items = []
    status = 0
    for path in _briefing_files(args.paths):
        shown = _shown(path, root)
        try:
            parsed = parse_file(path, shown)
        except BriefkitError as exc:
            log.error("%s", exc)
            status = 1
            continue
        items.append(parsed.briefing.to_json(shown))
    json.dump(items, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")
    return status


def cmd_check(args: argparse.Namespace) -> int:
    from .check import check_paths

    root = _root()
    paths = args.paths or [root / "briefings"]
    problems = check_paths(paths, root)
    from .files import printable

    for problem in problems:
        print(printable(problem))
    if problems:
        log.error("check: %d problem(s)", len(problems))
        return 1
    log.info("check: no problems")
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    from .new import new_briefing

    root = _root()
    path = new_briefing(args.title, args.out or root / "briefings", date=args.date)
    log.info("%s: created; fill in its sections, then run `build.py check`", _shown(path, root))
    print(_shown(path, root))
    return 0


def _briefing_files(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(path.glob("*.md")))
        else:
            files.append(path)
    return files


def _shown(path: Path, root: Path) -> str:
    from .ingest import display_path

    return display_path(path, root)


__all__ = ["main", "PROJECT_ROOT"]
