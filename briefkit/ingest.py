"""articles/ -> briefings/: run the pipeline on each article, with edit safety.

For each article the briefing is regenerated only when nobody edited it:

- no briefing yet                      -> created
- same bytes as we would write         -> unchanged (not written at all)
- untouched by people, output differs  -> updated
- edited by a person                   -> kept (a warning if the article changed too);
                                          only --force overwrites it
"""

from __future__ import annotations

import functools
import logging
import os
import traceback
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import briefing, reading
from .errors import ArticleError, BriefkitError
from .files import atomic_write, find_articles, not_to_read, remove_stale_temporaries, slug_for
from .ingest_cache import IngestCache, memo_fingerprint
from .parallel import ordered_imap
from .stat_memo import StatMemo

log = logging.getLogger("briefkit")


@dataclass
class Outcome:
    article: str
    briefing: str | None
    status: str  # created, updated, unchanged, kept, conflict, overwritten, failed
    message: str = ""

    @property
    def failed(self) -> bool:
        return self.status == "failed"


def brief_text(article_path: Path, shown: str) -> str:
    """The briefing Markdown for one article: read, clean, annotate, compose, render."""
    from . import annotation, cleaning  # the annotators' data: loaded only when an article is briefed

    source = reading.read_source(article_path, shown)
    article = cleaning.clean(source)
    annotations = annotation.annotate(article)
    return briefing.render(briefing.compose(article, annotations))


def ingest(paths: list[Path], out_dir: Path, root: Path, force: bool = False) -> list[Outcome]:
    """Brief every article under `paths` into `out_dir`. Never raises for one bad article.

    Articles are briefed over a few processes (briefkit.parallel); everything
    else (naming briefings, the cache, writing, the log) happens here, in
    article order, so outcomes and files never depend on the number of processes.
    """
    articles = find_articles(paths)
    remove_stale_temporaries(out_dir)
    memo = StatMemo(root, memo_fingerprint())  # facts about files read by the last run, while unchanged
    claims = Claims.of_folder(out_dir, memo)
    known = IngestCache(root, force, memo)  # skips articles whose briefing cannot change
    plans = [_plan_one(path, display_path(path, root), paths, out_dir, root, claims, known) for path in articles]
    todo = [(plan.path, plan.shown) for plan in plans if plan.outcome is None]
    if todo:
        from . import annotation, cleaning  # noqa: F401 - loaded before the workers fork, once for all
    briefed = ordered_imap(_brief_safely, todo, chunk=8)
    outcomes = []
    for index, plan in enumerate(plans, start=1):
        outcome = plan.outcome
        if outcome is None:
            new_text, failure, trace = next(briefed)
            if trace:
                log.debug("traceback for %s\n%s", plan.shown, trace)
            if failure is not None:
                outcome = Outcome(plan.shown, plan.target_shown, "failed", failure)
            else:
                known.remember(plan.path, plan.shown, new_text)
                outcome = _write(plan.target, plan.target_shown, plan.shown, new_text, force)
                if outcome.status in ("created", "updated", "overwritten"):
                    known.wrote(plan.target, new_text)
                    memo.put_written("claim", plan.target, memo.look(plan.target), _claim_in(new_text))
        _report(outcome, index, len(articles))
        outcomes.append(outcome)
    known.save()
    memo.save()
    return outcomes


@dataclass
class _Plan:
    path: Path
    shown: str
    target: Path
    target_shown: str
    outcome: Outcome | None = None  # known without briefing the article


def _plan_one(
    path: Path, shown: str, inputs: list[Path], out_dir: Path, root: Path, claims: Claims, known: IngestCache
) -> _Plan:
    target = out_dir / claims.name_for(shown)
    plan = _Plan(path, shown, target, display_path(target, root))
    broken = claims.broken.get(target.name)
    if broken is not None:
        plan.outcome = Outcome(
            shown,
            plan.target_shown,
            "failed",
            f"its briefing {plan.target_shown} cannot be read ({broken}); kept it as it is: "
            "fix it, or delete it to brief the article again",
        )
        return plan
    try:
        _check_name(shown)
        _check_inside(path, inputs, shown)
        status = known.known_outcome(path, shown, target)
    except ArticleError as exc:
        plan.outcome = Outcome(shown, plan.target_shown, "failed", exc.message)
    except BriefkitError as exc:
        plan.outcome = Outcome(shown, plan.target_shown, "failed", str(exc))
    except Exception as exc:  # one broken article must not stop the others
        log.debug("traceback for %s", shown, exc_info=True)
        plan.outcome = Outcome(shown, plan.target_shown, "failed", f"internal error: {type(exc).__name__}: {exc}")
    else:
        if status:
            plan.outcome = Outcome(shown, plan.target_shown, status, "edited by hand; kept" if status == "kept" else "")
    return plan


def _brief_safely(item: tuple[Path, str]) -> tuple[str | None, str | None, str | None]:
    """(briefing text, None, None), or (None, why it failed, traceback or None): never raises."""
    path, shown = item
    try:
        return brief_text(path, shown), None, None
    except ArticleError as exc:
        return None, exc.message, None
    except BriefkitError as exc:
        return None, str(exc), None
    except Exception as exc:  # one broken article must not stop the others
        return None, f"internal error: {type(exc).__name__}: {exc}", traceback.format_exc()


def display_path(path: Path, root: Path) -> str:
    """The path as the project knows it: relative to the project root, POSIX style."""
    cwd = os.getcwd()
    base = _absolute(root, cwd)
    text = os.fspath(path)
    if not text.startswith("/"):
        text = os.path.join(cwd, text)
    if text.startswith(base[1]) and base[1] != "/":  # the common case, without pathlib's parsing (10,000 a run)
        rest = text[len(base[1]):]
        if rest and "//" not in rest and "/./" not in rest and not rest.startswith(("./", "/")) and not rest.endswith(
            ("/", "/.")
        ) and rest != ".":
            return rest
    absolute = Path(path).absolute()
    try:
        return absolute.relative_to(base[0]).as_posix()
    except ValueError:
        return absolute.as_posix()


@functools.lru_cache(maxsize=8)
def _absolute(root: Path, cwd: str) -> tuple[Path, str]:
    """The root made absolute (cwd: only to key the cache), and its text with a trailing separator."""
    absolute = Path(root).absolute()
    return absolute, str(absolute).rstrip("/") + "/"


def _write(target: Path, target_shown: str, shown: str, new_text: str, force: bool) -> Outcome:
    if not target.exists():
        return _atomic(target, target_shown, shown, new_text, "created")
    try:
        old_text = target.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return Outcome(shown, target_shown, "failed", f"cannot read its briefing {target_shown}: {exc}")
    if old_text == new_text:
        return Outcome(shown, target_shown, "unchanged")
    if briefing.is_untouched(old_text):
        return _atomic(target, target_shown, shown, new_text, "updated")
    if force:
        return _atomic(target, target_shown, shown, new_text, "overwritten")
    if _source_sha(old_text) == _source_sha(new_text):
        return Outcome(shown, target_shown, "kept", "edited by hand; kept")
    return Outcome(
        shown,
        target_shown,
        "conflict",
        "article changed, but its briefing was edited by hand: kept the edited briefing (use --force to overwrite it)",
    )


def _atomic(target: Path, target_shown: str, shown: str, text: str, status: str) -> Outcome:
    try:
        atomic_write(target, text)
    except OSError as exc:
        return Outcome(shown, target_shown, "failed", f"cannot write {target_shown}: {exc.strerror or exc}")
    return Outcome(shown, target_shown, status)


def _check_name(shown: str) -> None:
    """A briefing names its article in UTF-8: a name in another encoding (Latin-1 'caf\xe9.txt') cannot be kept.
    (Its folder's name counts too: the whole path goes into the briefing.)"""
    try:
        shown.encode("utf-8")
    except UnicodeEncodeError:
        raise ArticleError(shown, "the file name is not UTF-8 text; rename the file") from None


def _check_inside(path: Path, inputs: list[Path], shown: str) -> None:
    """A symlink must not lead outside the folder it was found in."""
    if not path.is_symlink():
        return
    resolved = path.resolve()
    for folder in inputs:
        if folder.is_dir() and resolved.is_relative_to(folder.resolve()):
            return
    raise ArticleError(shown, "is a symbolic link to a file outside the articles folder; not read")


@dataclass
class Claims:
    """Which briefing file belongs to which article, so that no two share one.

    A briefing names its article in `source.file`. A briefing that cannot be
    parsed names nobody but still owns its file name (`broken`): it is never
    overwritten, and the article that would be briefed there fails with a message.
    """

    by_article: dict[str, str] = field(default_factory=dict)  # article path -> file name
    broken: dict[str, str] = field(default_factory=dict)  # file name -> why it cannot be read
    taken: set[str] = field(default_factory=set)  # every file name in use, case-folded (Seoul.md takes seoul.md)

    @classmethod
    def of_folder(cls, out_dir: Path, memo: StatMemo | None = None) -> Claims:
        claims = cls()
        if not out_dir.is_dir():
            return claims
        paths = sorted(out_dir.glob("*.md"), key=lambda p: p.name)  # one folder: as Path order
        seen = [memo.look(path) if memo is not None else None for path in paths]
        found = [memo.get("claim", p, stat) if memo is not None else None for p, stat in zip(paths, seen, strict=True)]
        unknown = [index for index, remembered in enumerate(found) if remembered is None]
        for index, read in zip(unknown, ordered_imap(_source_file, [paths[i] for i in unknown]), strict=True):
            found[index] = list(read)  # each briefing's YAML parsed over the worker processes, when there are many
            if memo is not None:
                memo.put("claim", paths[index], seen[index], found[index])
        for path, (source_file, problem) in zip(paths, found, strict=True):
            claims.taken.add(path.name.casefold())
            if problem:
                claims.broken[path.name] = problem
            elif source_file and source_file not in claims.by_article:
                claims.by_article[source_file] = path.name
        return claims

    def name_for(self, article: str) -> str:
        """The briefing file of an article: the one that names it, or a free slug."""
        if article in self.by_article:
            return self.by_article[article]
        base = slug_for(Path(article).name)
        name = f"{base}.md"
        counter = 2
        while name.casefold() in self.taken and name not in self.broken:  # macOS and Windows: one file
            name = f"{base}-{counter}.md"
            counter += 1
        self.taken.add(name.casefold())
        self.by_article[article] = name
        return name


_YAML_LOADER = briefing.FrontMatterLoader  # libyaml: 9x faster at 10,000 briefings


def _front_matter(text: str) -> dict:
    """The front matter of a briefing; {} when it has none or it is broken."""
    try:
        return _read_front_matter(text)
    except ValueError:
        return {}


def _read_front_matter(text: str) -> dict:
    parts = briefing.split_front_matter(text)
    if parts is None:
        raise ValueError("no front matter between '---' lines")
    try:
        meta = yaml.load(parts[0], Loader=_YAML_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        raise ValueError(f"front matter is not valid YAML{where}") from None
    if meta is None:
        return {}
    if not isinstance(meta, dict):
        raise ValueError("front matter is not a mapping of keys to values")
    return meta


def _source_file(path: Path) -> tuple[str | None, str | None]:
    """The article a briefing names, or why the briefing cannot be read."""
    reason = not_to_read(path, path.absolute().parent)
    if reason is not None:
        return None, reason
    try:
        meta = _read_front_matter(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError:
        return None, "not UTF-8 text"
    except OSError as exc:
        return None, f"cannot read it: {exc.strerror or exc}"
    except ValueError as exc:
        return None, str(exc)
    source = meta.get("source")
    file = source.get("file") if isinstance(source, dict) else None
    return (file if isinstance(file, str) else None), None


def _claim_in(text: str) -> list:
    """What Claims.of_folder reads from a briefing this run wrote: [its article, no problem]."""
    source = _read_front_matter(text).get("source")
    file = source.get("file") if isinstance(source, dict) else None
    return [file if isinstance(file, str) else None, None]


def _source_sha(text: str) -> str | None:
    source = _front_matter(text).get("source")
    return source.get("sha256") if isinstance(source, dict) else None


KEPT_SAID_UP_TO = 20  # a desk's run lists its hand-edited briefings one a line only up to this many articles


def _report(outcome: Outcome, index: int, total: int) -> None:
    prefix = f"[{index}/{total}] " if total > 1 else ""
    if outcome.status == "failed":
        log.error("%s: %s", outcome.article, outcome.message)
    elif outcome.status == "conflict":
        log.warning("%s%s: %s", prefix, outcome.briefing, outcome.message)
    elif outcome.status == "kept":  # nothing happened: said for a few files, in the summary for a whole desk
        level = logging.INFO if total <= KEPT_SAID_UP_TO else logging.DEBUG
        log.log(level, "%s%s: %s", prefix, outcome.briefing, outcome.message)
    elif outcome.status == "unchanged":
        log.debug("%s%s: unchanged", prefix, outcome.briefing)
    else:
        log.info("%s%s: %s from %s", prefix, outcome.briefing, outcome.status, outcome.article)
