"""Build and serve the site with MkDocs, then index it for search."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import time
from pathlib import Path

from ..errors import BriefkitError
from ..parallel import site_build

log = logging.getLogger("briefkit")


def build_site(
    config_file: Path, site_dir: Path | None = None, strict: bool = False, search: bool = True, full: bool = False
) -> Path:
    """Render briefings into the site folder with MkDocs, then index it for search; returns the folder.

    When the last build's record shows that only some briefings' own pages can have changed, only those
    are rendered and the search index is patched (briefkit/site/incremental.py); `full` always renders all.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from . import incremental

    _forward_mkdocs_logs()
    if not config_file.is_file():
        raise BriefkitError(f"{config_file}: no such MkDocs configuration")
    overrides = {"strict": strict}
    if site_dir is not None:
        overrides["site_dir"] = str(site_dir.absolute())
    removal = None
    try:
        config = load_config(str(config_file), **overrides)
        site = Path(config["site_dir"])
        _refuse_linked_site(site)
        state_file = incremental.state_path(config)
        keep = not os.environ.get("BRIEFKIT_NO_CACHE")  # no cache: no record either, every build is full
        inputs = incremental.scan(config, search)
        if keep and not full and not strict and _rebuild_changed(config, inputs, state_file, search):
            return site
        incremental.forget(state_file)
        record = state_file.with_name(f"site-record-{os.getpid()}.json")
        removal = _set_old_site_aside(site, config_file.absolute().parent / TRASH)
        if keep:
            os.environ[incremental.RECORD_ENV] = str(record)
        try:
            _in_child(lambda: _render(build, config))
            if search:
                from ..search import index_site

                index_site(site)
            if keep:
                _keep_record(state_file, record, inputs, site)
        finally:
            os.environ.pop(incremental.RECORD_ENV, None)
            record.unlink(missing_ok=True)  # kept in the state, or the build failed: not left behind
    except MkDocsException as exc:
        raise BriefkitError(f"site build failed: {exc}") from exc
    finally:
        if removal is not None:
            removal.wait()
    return site


def _keep_record(state_file: Path, record: Path, inputs, site: Path) -> None:
    """What the next build compares with: this build's inputs and what its pages were drawn with."""
    import json

    from . import incremental

    try:
        drawn = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return  # the hooks wrote nothing (not our hooks): every build is a full one
    incremental.save_state(state_file, inputs, drawn, site)


def _rebuild_changed(config, inputs, state_file: Path, search: bool) -> bool:
    """Render only the briefings that changed, if nothing else can have; False: a full build is needed."""
    from . import incremental

    started = time.perf_counter()
    hooks = _our_hooks(config)
    state = incremental.load_state(state_file)
    plan = incremental.plan(config, inputs, state) if hooks is not None else "the hooks are not briefkit's"
    if isinstance(plan, str):
        log.debug("Rendering every page: %s", plan)
        return False
    assert state is not None
    site = Path(config["site_dir"])
    for src_uri, key in plan.keys.items():
        state["entries"][src_uri][0] = key
    if plan.changed:
        incremental.forget(state_file)  # a page half written below must not look up to date
        written = hooks.render_alone(config, plan.changed, state)
        if isinstance(written, str):
            log.debug("Rendering every page: %s", written)
            return False
        if search:
            from ..search import index_site, update_index

            if update_index(site, written) is None:  # it could not patch the index exactly
                index_site(site)
        log.info("Rendered %d changed briefing(s) alone in %.2f s: %s", len(written),
                 time.perf_counter() - started, ", ".join(src for src, _ in plan.changed[:5]))
    else:
        log.info("The site is up to date: no briefing changed since the last build")
    for problem in state.get("problems") or []:  # said by every build, as a full build says them
        for line in str(problem).split("\n"):
            log.warning("%s", line)
    record = {key: value for key, value in state.items() if key not in ("version", "fingerprint", "files", "sitemap")}
    incremental.save_state(state_file, inputs, record, site)
    return True


def _our_hooks(config):
    """briefkit's hooks module as MkDocs loaded it (its functions share that module's state), or None."""
    mine = (Path(__file__).parent / "hooks.py").resolve()
    for module in (config.get("hooks") or {}).values():
        if Path(getattr(module, "__file__", "") or "").resolve() == mine and hasattr(module, "render_alone"):
            return module
    return None


TRASH = Path(".cache") / "briefkit" / "old-sites"


def _render(build, config) -> None:
    with site_build():  # the hooks may render over worker processes
        build(config)


def _in_child(work) -> None:
    """Run `work` in a forked child and raise here what it raised. MkDocs keeps every page's objects
    until it returns (about 0.9 GB at 10,000 briefings); in a child they are gone, returned to the
    system, before the search index is built, so the two peaks do not add up."""
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        work()  # no fork (not Linux or macOS): render in this process
        return
    context = multiprocessing.get_context("fork")
    reader, writer = context.Pipe(duplex=False)
    child = context.Process(target=_report_to, args=(work, writer), name="briefkit-render")
    child.start()
    writer.close()
    try:
        outcome = reader.recv()
    except EOFError:
        child.join()
        code = child.exitcode or 0
        reason = f"was killed (signal {-code})" if code < 0 else f"stopped (exit code {code})"
        outcome = ("briefkit", f"the site build {reason}; the briefings are untouched: run it again")
    finally:
        child.join()
    kind, message = outcome[0], outcome[1]
    if kind == "ok":
        return
    if kind == "mkdocs":
        from mkdocs.exceptions import MkDocsException

        raise MkDocsException(message)
    if kind == "briefkit":
        raise BriefkitError(message)
    if kind == "os":
        raise OSError(*outcome[2:])
    if kind == "interrupt":
        raise KeyboardInterrupt
    raise RuntimeError(message)


def _report_to(work, writer) -> None:
    import jinja2
    from mkdocs.exceptions import MkDocsException

    try:
        work()
        outcome: tuple = ("ok", "")
    except MkDocsException as exc:
        outcome = ("mkdocs", str(exc))
    except jinja2.TemplateSyntaxError as exc:  # a theme template: name the file and line
        outcome = ("briefkit", f"{exc.filename or exc.name or 'a template'}:{exc.lineno}: {exc.message}")
    except jinja2.TemplateError as exc:  # at render time: jinja2 puts the template's line in the traceback
        outcome = ("briefkit", f"{_template_line(exc)}template error: {exc}")
    except BriefkitError as exc:
        outcome = ("briefkit", str(exc))
    except OSError as exc:
        outcome = ("os", str(exc), exc.errno, exc.strerror, exc.filename)
    except KeyboardInterrupt:
        outcome = ("interrupt", "")
    except Exception as exc:  # a bug: the same one line as in one process; the traceback with -v
        log.debug("the site build failed", exc_info=True)
        outcome = ("crash", f"{type(exc).__name__}: {exc}")
    writer.send(outcome)
    writer.close()


def _template_line(exc: BaseException) -> str:
    """'file:line: ' of the innermost template frame in a template error's traceback, or ''."""
    import traceback

    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith((".html", ".xml", ".j2"))]
    return f"{frames[-1].filename}:{frames[-1].lineno}: " if frames else ""


def _refuse_linked_site(site: Path) -> None:
    """MkDocs empties the site folder first: it must not be a link (git keeps a link named `site`, which
    /site/ in .gitignore does not catch) to a folder of other files: the briefings, the project, any."""
    if site.is_symlink():
        raise BriefkitError(
            f"{site}: is a symbolic link, and the build empties the site folder: remove the link (a folder is made)"
        )


def _set_old_site_aside(site: Path, trash: Path) -> subprocess.Popen | None:
    """Move the previous site out of the way and delete it meanwhile, instead of before the build.

    MkDocs empties the site folder before building (15,000 folders and 25,000 files at
    10,000 briefings: seconds). A plain folder (no symlink, mount point or hidden entries,
    which MkDocs would keep) is renamed into .cache/briefkit/old-sites/ instead, and `rm`
    deletes it while the build runs; otherwise MkDocs empties it as usual.
    """
    try:
        if not site.is_dir() or site.is_symlink() or os.path.ismount(site):
            return None
        if any(name.startswith(".") for name in os.listdir(site)):
            return None
        trash.mkdir(parents=True, exist_ok=True)
        site.rename(trash / f"site-{os.getpid()}-{time.monotonic_ns()}")
    except OSError:
        return None
    rm = shutil.which("rm")
    if rm is None:
        shutil.rmtree(trash, ignore_errors=True)
        return None
    try:
        return subprocess.Popen([rm, "-rf", "--", str(trash)], stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except OSError:
        shutil.rmtree(trash, ignore_errors=True)
        return None


SERVE_SEARCH = "BRIEFKIT_SERVE_SEARCH"  # read by hooks.on_post_build: index each preview build for search


def serve_site(config_file: Path, addr: str, search: bool = True) -> None:
    """MkDocs' live preview; with search, each of its builds is indexed by Pagefind as `build` does."""
    from mkdocs.commands.serve import serve

    _forward_mkdocs_logs()
    os.environ[SERVE_SEARCH] = "1" if search else ""
    serve(config_file=str(config_file), dev_addr=addr, livereload=True)


def _forward_mkdocs_logs() -> None:
    """Show MkDocs' warnings through our handler, and its info only with -v."""
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.handlers[:] = log.handlers
    mkdocs_log.setLevel(logging.INFO if log.level <= logging.DEBUG else logging.WARNING)
    mkdocs_log.propagate = False
