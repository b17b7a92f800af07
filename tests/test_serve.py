"""`build.py serve`: a live preview that rebuilds when a briefing is edited."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def wait_for(predicate, timeout: float = 60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.3)
    return None


def test_serve_reloads_after_an_edit(project: Path, tmp_path: Path):
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "build.py", "serve", "--addr", f"127.0.0.1:{port}"],
        cwd=project,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}/briefings/us-seeks-to-ease-dispute/"
    try:
        first = wait_for(lambda: fetch(url))
        assert first and "US seeks to ease dispute" in first, (tmp_path / "serve.log").read_text()
        entry = fetch(url.replace("us-seeks-to-ease-dispute/", "pagefind/pagefind-entry.json"))  # search too
        assert entry and json.loads(entry)["languages"]["en"]["page_count"] == 1, entry
        path = project / "briefings" / "us-seeks-to-ease-dispute.md"
        path.write_text(path.read_text().replace("## Key facts\n", "## Key facts\n\n- Live edit seen.\n", 1))
        assert wait_for(lambda: "Live edit seen." in (fetch(url) or "")), "the edit never reached the preview"
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.close()
