"""Faults: a run killed at any point, a full disk, a read-only folder.

Kill points are deterministic: the CLI runs under a Python audit hook that counts
the file-system writes it makes (opens for writing, renames, deletions) and
SIGKILLs the process at the N-th, N drawn from a seeded generator. Afterwards
every briefing parses, an edited briefing is intact, and the next run gives
exactly what an uninterrupted run gives.

Full disks and read-only folders are small tmpfs mounts (root, or sudo -n).
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import REPO, copy_project, run_cli

from briefkit import briefing

CORPUS = REPO / "tests" / "data" / "bad_inputs"
CODE_PARTS = ("mkdocs.yml", "build.py", "briefkit", "templates")
SEED = 20240305
KILLS_PER_COMMAND = {"ingest": 8, "build": 5}

# Runs build.py with an audit hook that SIGKILLs the process at the KILL_AT-th write.
KILLER = r"""
import os, runpy, signal, sys
kill_at = int(os.environ["KILL_AT"])
count = 0
WRITE = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND

def hook(event, args):
    global count
    if event == "open":
        mode, flags = args[1], args[2]
        writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
            isinstance(flags, int) and flags & WRITE
        )
        if not writing:
            return
    elif event not in ("os.rename", "os.remove", "os.rmdir", "os.mkdir", "shutil.rmtree", "shutil.copyfile"):
        return
    count += 1
    if count == kill_at:
        os.kill(os.getpid(), signal.SIGKILL)

if kill_at:
    sys.addaudithook(hook)
else:
    import atexit
    atexit.register(lambda: sys.stderr.write(f"WRITES={count}\n"))
    sys.addaudithook(hook)
sys.argv = ["build.py", *sys.argv[1:]]
runpy.run_path("build.py", run_name="__main__")
"""


def run_killed(project: Path, kill_at: int, *args: str) -> subprocess.CompletedProcess[str]:
    """Run build.py ARGS, killed at the kill_at-th write (0: never; reports the count)."""
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env["KILL_AT"] = str(kill_at)
    process = subprocess.Popen(
        [sys.executable, "-c", KILLER, *args],
        cwd=project,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group: children (pagefind) die with it
    )
    try:
        stdout, stderr = process.communicate(timeout=300)
    finally:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def tree(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def prepare(root: Path) -> dict[str, bytes]:
    """A project with articles, an edited briefing and a stale untouched one. Returns the edits."""
    articles = root / "articles"
    articles.mkdir()
    (root / "briefings").mkdir()
    for name in ("plain.txt", "same-headline.txt", "accented.txt", "korean.txt", "markup-in-text.txt"):
        shutil.copy(CORPUS / name, articles / name)
    (articles / "changing.txt").write_text((CORPUS / "plain.txt").read_text().replace("Thursday", "Friday"))
    run_cli(root, "ingest", check=True)
    edited = root / "briefings" / "plain.md"
    edit = "## Key facts\n\n- Added by an editor.\n"
    edited.write_text(edited.read_text().replace("## Key facts\n", edit, 1))
    # The article of an untouched briefing changes: the next ingest rewrites that briefing.
    (articles / "changing.txt").write_text((CORPUS / "plain.txt").read_text().replace("Thursday", "Monday"))
    for name in ("japanese.txt", "arabic.txt", "yaml-breaking-title.txt"):
        shutil.copy(CORPUS / name, articles / name)
    return {"plain.md": edited.read_bytes()}


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    root = copy_project(tmp_path_factory.mktemp("faults") / "project", CODE_PARTS)
    return root, prepare(root)


def fresh_copy(prepared: tuple[Path, dict[str, bytes]], dest: Path) -> Path:
    shutil.copytree(prepared[0], dest, symlinks=True)
    return dest


def assert_briefings_whole(root: Path, edits: dict[str, bytes]) -> None:
    for path in sorted((root / "briefings").glob("*.md")):
        briefing.parse_file(path)  # raises on a half-written file
    for name, content in edits.items():
        assert (root / "briefings" / name).read_bytes() == content, f"{name} lost its edit"


@pytest.mark.parametrize("command", sorted(KILLS_PER_COMMAND))
def test_a_killed_run_loses_nothing_and_the_next_run_completes(prepared, tmp_path: Path, command: str):
    reference = fresh_copy(prepared, tmp_path / "reference")
    counted = run_killed(reference, 0, command)
    assert counted.returncode == 0, counted.stderr
    writes = int(counted.stderr.rsplit("WRITES=", 1)[1].split()[0])
    assert writes > 3
    expected_briefings = tree(reference / "briefings")
    rng = random.Random(f"{SEED}-{command}")
    kill_points = sorted(rng.sample(range(1, writes + 1), KILLS_PER_COMMAND[command]))
    for kill_at in kill_points:
        root = fresh_copy(prepared, tmp_path / f"killed-{kill_at}")
        killed = run_killed(root, kill_at, command)
        # The kill lands in build.py, or in the process it renders the site in (build.py then ends
        # with one line saying so).
        killed_here = killed.returncode == -signal.SIGKILL
        render_killed = killed.returncode == 1 and "the site build was killed (signal 9)" in killed.stderr
        assert killed_here or render_killed, f"not killed at write {kill_at}/{writes}: {killed.stderr[-500:]}"
        assert_briefings_whole(root, prepared[1])
        again = run_cli(root, command)
        assert again.returncode == 0, f"after a kill at write {kill_at}: {again.stderr}"
        assert tree(root / "briefings") == expected_briefings, f"kill at write {kill_at}/{writes}"
        if command == "build":
            assert tree(root / "site").keys() == tree(reference / "site").keys()
        shutil.rmtree(root)


def _privilege() -> list[str]:
    if os.geteuid() == 0:
        return []
    if shutil.which("sudo") and subprocess.run(["sudo", "-n", "true"], capture_output=True).returncode == 0:
        return ["sudo", "-n"]
    pytest.fail("the fault tests mount small tmpfs folders: run them as root or with passwordless sudo")


@contextmanager
def tmpfs(folder: Path, size: str) -> Iterator[Path]:
    """A small tmpfs mounted on folder (its files copied in); unmounted afterwards."""
    sudo = _privilege()
    saved = folder.parent / (folder.name + ".saved")
    folder.rename(saved)
    folder.mkdir()
    options = f"size={size},mode=0755,uid={os.getuid()},gid={os.getgid()}"
    subprocess.run([*sudo, "mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], check=True)
    try:
        for path in saved.iterdir():
            shutil.copy2(path, folder / path.name)
        yield folder
    finally:
        subprocess.run([*sudo, "umount", "-l", str(folder)], check=True)


def remount_read_only(folder: Path) -> None:
    subprocess.run([*_privilege(), "mount", "-o", "remount,ro", str(folder)], check=True)


def fill(folder: Path) -> Path:
    """Fill a file system to the last byte."""
    filler = folder / "filler.bin"
    with open(filler, "wb", buffering=0) as handle:
        try:
            while True:
                handle.write(b"\0" * 1024)
        except OSError:
            pass
    return filler


def test_a_full_disk_gives_a_clear_error_and_keeps_every_briefing(prepared, tmp_path: Path):
    root = fresh_copy(prepared, tmp_path / "project")
    before = tree(root / "briefings")
    with tmpfs(root / "briefings", "256k") as briefings:
        filler = fill(briefings)
        result = run_cli(root, "ingest")
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
        assert "briefings/changing.md: No space left on device" in result.stderr
        errors = [line for line in result.stderr.splitlines() if "No space left on device" in line]
        assert all(line.startswith("articles/") for line in errors)
        filler.unlink()
        assert tree(briefings) == before  # nothing half-written, no temporary files left
        assert_briefings_whole(root, prepared[1])
        result = run_cli(root, "ingest")
        assert result.returncode == 0, result.stderr
        assert_briefings_whole(root, prepared[1])


def test_a_full_disk_for_the_site_is_one_error_line(prepared, tmp_path: Path):
    root = fresh_copy(prepared, tmp_path / "project")
    (root / "site").mkdir()
    with tmpfs(root / "site", "64k"):
        result = run_cli(root, "build")
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
        assert "No space left on device" in result.stderr.splitlines()[-1]
        assert_briefings_whole(root, prepared[1])
        verbose = run_cli(root, "build", "--no-ingest", "-v")
        assert verbose.returncode == 1 and "Traceback" in verbose.stderr  # -v shows where


def test_a_read_only_briefings_folder_gives_a_clear_error_and_loses_nothing(prepared, tmp_path: Path):
    root = fresh_copy(prepared, tmp_path / "project")
    before = tree(root / "briefings")
    with tmpfs(root / "briefings", "1m") as briefings:
        (briefings / ".plain.md.abcd1234.tmp").write_text("left by a killed run")
        before[".plain.md.abcd1234.tmp"] = hashlib.sha256(b"left by a killed run").hexdigest()
        remount_read_only(briefings)
        result = run_cli(root, "ingest")
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
        assert "briefings/changing.md: Read-only file system" in result.stderr
        expected = "articles/japanese.txt: cannot write briefings/japanese.md: Read-only file system"
        assert expected in result.stderr
        assert tree(briefings) == before
        assert_briefings_whole(root, prepared[1])


def test_a_template_error_at_render_time_names_the_template_and_line(project: Path):
    main = project / "templates" / "theme" / "main.html"
    text = main.read_text(encoding="utf-8")
    marker = '<main id="main"'
    main.write_text(text.replace(marker, "{{ no_such_thing.at_all }}" + marker, 1), encoding="utf-8")
    failed = run_cli(project, "build")
    line = 1 + text[: text.index(marker)].count("\n")
    assert failed.returncode == 1
    assert f"templates/theme/main.html:{line}: template error: 'no_such_thing' is undefined" in failed.stderr, (
        failed.stderr[-2000:])
