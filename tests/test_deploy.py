"""`build.py deploy`: MkDocs' gh-deploy to a gh-pages branch, tried against a local bare
repository as the remote (no network), as a desk without GitHub Actions would use it."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from conftest import copy_project, run_cli

from briefkit.deploy import github_urls

GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "Desk Editor",
    "GIT_AUTHOR_EMAIL": "desk@example.com",
    "GIT_COMMITTER_NAME": "Desk Editor",
    "GIT_COMMITTER_EMAIL": "desk@example.com",
}


def git(cwd: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    return result.stdout


@pytest.fixture
def repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """(project: a git clone with one commit, remote: the bare repository it pushes to)."""
    for name, value in GIT_IDENTITY.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("SITE_URL", raising=False)
    monkeypatch.delenv("REPO_URL", raising=False)
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "--quiet", "--bare", str(remote))
    project = copy_project(tmp_path / "project")
    git(project, "init", "--quiet", "-b", "main")
    git(project, "add", ".")
    git(project, "commit", "--quiet", "-m", "The desk's briefings")
    git(project, "remote", "add", "origin", str(remote))
    return project, remote


def test_deploy_publishes_the_built_site_to_gh_pages(repository: tuple[Path, Path]):
    project, remote = repository
    result = run_cli(project, "deploy")
    assert result.returncode == 0, result.stderr
    files = git(remote, "ls-tree", "-r", "--name-only", "gh-pages").split()
    assert {"index.html", ".nojekyll", "us-seeks-to-ease-dispute/index.html", "404.html"} <= set(files)
    page = git(remote, "show", "gh-pages:us-seeks-to-ease-dispute/index.html")
    assert "Samsung Electronics and SK Hynix" in page
    source_commit = git(project, "rev-parse", "--short", "HEAD").strip()
    assert source_commit in git(remote, "log", "-1", "--format=%s", "gh-pages")  # MkDocs names the commit


def test_deploying_again_adds_a_commit_with_the_change(repository: tuple[Path, Path]):
    project, remote = repository
    assert run_cli(project, "deploy").returncode == 0
    path = project / "briefings" / "us-seeks-to-ease-dispute.md"
    quote = "We all face shared regional challenges and priorities in the Indo-Pacific and around the world,"
    item = f'- "{quote}" — Morgan Ortagus\n'
    text = path.read_text(encoding="utf-8").replace("## Quotes\n", f"## Quotes\n\n{item}")
    path.write_text(text, encoding="utf-8")
    git(project, "commit", "--quiet", "-am", "Add a quote")
    result = run_cli(project, "deploy", "--message", "Publish the quote")
    assert result.returncode == 0, result.stderr
    subjects = git(remote, "log", "--format=%s", "gh-pages").splitlines()
    assert len(subjects) == 2 and subjects[0] == "Publish the quote"
    page = git(remote, "show", "gh-pages:us-seeks-to-ease-dispute/index.html")
    assert "Morgan Ortagus" in page


def test_deploy_without_a_remote_says_what_to_do(repository: tuple[Path, Path]):
    project, remote = repository
    git(project, "remote", "remove", "origin")
    result = run_cli(project, "deploy")
    assert result.returncode == 1
    assert "no git remote 'origin'" in result.stderr and "git remote add origin URL" in result.stderr
    assert "Traceback" not in result.stderr


def test_deploy_refuses_when_there_is_nothing_built(repository: tuple[Path, Path]):
    project, _ = repository
    result = run_cli(project, "deploy", "--no-build")
    assert result.returncode == 1 and "holds no built site" in result.stderr


@pytest.mark.parametrize(
    ("remote", "urls"),
    [
        ("git@github.com:Desk/briefings.git", ("https://desk.github.io/briefings/", "https://github.com/Desk/briefings")),
        ("https://github.com/desk/briefings", ("https://desk.github.io/briefings/", "https://github.com/desk/briefings")),
        ("https://github.com/desk/desk.github.io.git", ("https://desk.github.io/", "https://github.com/desk/desk.github.io")),
        ("/srv/git/briefings.git", None),
    ],
)
def test_site_and_repository_urls_come_from_a_github_remote(remote: str, urls):
    assert github_urls(remote) == urls


def test_deploy_to_a_github_remote_builds_for_its_sub_path(repository: tuple[Path, Path]):
    """SITE_URL / REPO_URL unset: the built pages point at OWNER.github.io/REPO and its editor."""
    project, remote = repository
    git(project, "remote", "set-url", "origin", "git@github.com:desk/briefings.git")
    git(project, "remote", "set-url", "--push", "origin", str(remote))  # pushes still go to the local remote
    env_before = {k: os.environ.get(k) for k in ("SITE_URL", "REPO_URL")}
    assert env_before == {"SITE_URL": None, "REPO_URL": None}
    result = run_cli(project, "deploy")
    assert result.returncode == 0, result.stderr
    page = git(remote, "show", "gh-pages:us-seeks-to-ease-dispute/index.html")
    assert "https://github.com/desk/briefings/edit/main/briefings/us-seeks-to-ease-dispute.md" in page
    sitemap = git(remote, "show", "gh-pages:sitemap.xml")
    assert "https://desk.github.io/briefings/us-seeks-to-ease-dispute/" in sitemap
