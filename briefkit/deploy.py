"""`build.py deploy`: publish the built site to a gh-pages branch, for desks without Actions.

MkDocs' gh-deploy does the work (`mkdocs.commands.gh_deploy`, ghp-import
underneath): the site folder becomes one commit on the branch, pushed to the
remote. GitHub Pages then serves that branch (Settings -> Pages -> Source:
"Deploy from a branch", gh-pages). When the remote is a GitHub repository and
SITE_URL / REPO_URL are not set, they are derived from it, so that links and
search work under https://OWNER.github.io/REPO/.
"""

from __future__ import annotations

import logging
import os
import re
import subprocess
from pathlib import Path

from .errors import BriefkitError

log = logging.getLogger("briefkit")

_GITHUB_REMOTE = re.compile(r"github\.com[:/](?P<owner>[^/]+)/(?P<repo>[^/]+?)(?:\.git)?/?$")


def github_urls(remote_url: str) -> tuple[str, str] | None:
    """(site URL, repository URL) for a GitHub remote, else None."""
    match = _GITHUB_REMOTE.search(remote_url.strip())
    if not match:
        return None
    owner, repo = match.group("owner"), match.group("repo")
    if repo.lower() == f"{owner.lower()}.github.io":
        site = f"https://{owner.lower()}.github.io/"
    else:
        site = f"https://{owner.lower()}.github.io/{repo}/"
    return site, f"https://github.com/{owner}/{repo}"


def remote_url(root: Path, remote: str) -> str:
    """The URL of a git remote of the project, or a BriefkitError that says what to do."""
    try:
        result = subprocess.run(
            ["git", "remote", "get-url", remote], cwd=root, capture_output=True, text=True, check=False
        )
    except FileNotFoundError:
        raise BriefkitError("deploy: git is not installed") from None
    if result.returncode != 0:
        raise BriefkitError(
            f"deploy: no git remote '{remote}' ({result.stderr.strip() or 'not a git repository'}); "
            "add one with `git remote add origin URL`"
        )
    return result.stdout.strip()


def set_urls_from_remote(url: str) -> None:
    """Fill SITE_URL and REPO_URL (read by mkdocs.yml) from a GitHub remote, unless set."""
    urls = github_urls(url)
    if urls is None:
        return
    for name, value in zip(("SITE_URL", "REPO_URL"), urls, strict=True):
        if not os.environ.get(name):
            os.environ[name] = value
            log.info("deploy: %s=%s (from the git remote)", name, value)


def deploy(
    config_file: Path, site_dir: Path, remote: str, branch: str, message: str | None, force: bool
) -> None:
    """Commit the built site_dir to `branch` and push it to `remote`."""
    from mkdocs.commands.gh_deploy import gh_deploy
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, MkDocsException

    config = load_config(
        str(config_file), remote_name=remote, remote_branch=branch, site_dir=str(site_dir.absolute())
    )
    try:
        gh_deploy(config, message=message, force=force, ignore_version=True)
    except (Abort, MkDocsException) as exc:
        raise BriefkitError(f"deploy failed: {exc}") from exc
    except SystemExit as exc:  # older MkDocs exits on a failed push
        raise BriefkitError(f"deploy failed (exit {exc.code}); see the messages above") from exc


def add_deploy_command(commands, common) -> None:  # argparse's private subparsers type
    deploy_parser = commands.add_parser(
        "deploy",
        parents=[common],
        help="build, then publish the site to the gh-pages branch (without GitHub Actions)",
        description="Build the site (as `build`), commit it to a branch (default gh-pages) and push it "
        "to a git remote (default origin) with MkDocs' gh-deploy. Serve it with GitHub Pages: "
        "Settings -> Pages -> Deploy from a branch -> gh-pages.",
    )
    add = deploy_parser.add_argument
    add("--remote", default="origin", help="git remote to push to (default: origin)")
    add("--branch", default="gh-pages", help="branch to publish to (default: gh-pages)")
    add("--message", default=None, help="commit message (default: MkDocs' own)")
    add("--force", action="store_true", help="force the push (rewrites the branch)")
    add("--no-build", action="store_true", help="publish site/ as it is")
    add("--config", type=Path, default=None, metavar="FILE", help="default: mkdocs.yml")
    deploy_parser.set_defaults(func=cmd_deploy)


def cmd_deploy(args) -> int:
    import argparse

    from .cli import cmd_build

    root = Path.cwd()
    config = args.config or root / "mkdocs.yml"
    set_urls_from_remote(remote_url(root, args.remote))
    if not args.no_build:
        build_args = argparse.Namespace(no_ingest=False, strict=True, full=True, site_dir=None, config=config)
        if cmd_build(build_args) != 0:
            raise BriefkitError("deploy: the build reported problems (see above); nothing was published")
    site_dir = root / "site"
    if not (site_dir / "index.html").is_file():
        raise BriefkitError(f"deploy: {site_dir} holds no built site; run `build.py build` first")
    deploy(config, site_dir, args.remote, args.branch, args.message, args.force)
    log.info("Done: published %s to %s/%s", site_dir.name, args.remote, args.branch)
    return 0
