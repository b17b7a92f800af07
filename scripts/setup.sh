#!/usr/bin/env bash
# One install path for a fresh Debian/Ubuntu machine (root, or a user with sudo).
#   scripts/setup.sh          .venv with the pinned runtime requirements
#   scripts/setup.sh --test   also the test requirements, Debian's chromium and axe-core (npm)
# Safe to run again: each step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

want_tests=0
[ "${1:-}" = "--test" ] && want_tests=1
PYTHON="${PYTHON:-python3}"
SUDO=""
[ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && SUDO="sudo"

apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq "$@" >/dev/null
}

# 1. Python virtualenv with the pinned requirements
if [ ! -x .venv/bin/python ]; then
  if ! "$PYTHON" -m venv .venv 2>/dev/null; then
    rm -rf .venv
    apt_install python3-venv
    "$PYTHON" -m venv .venv
  fi
fi
stamp() { sha256sum "$@" | sha256sum | cut -c1-16; }
if [ "$(cat .venv/.runtime 2>/dev/null)" != "$(stamp requirements.txt)" ]; then
  echo "setup: installing Python requirements into .venv" >&2
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
  stamp requirements.txt > .venv/.runtime
fi
[ "$want_tests" -eq 1 ] || exit 0

# 2. Test requirements, Chromium and axe-core
if [ "$(cat .venv/.dev 2>/dev/null)" != "$(stamp requirements.txt requirements-dev.txt)" ]; then
  echo "setup: installing test requirements into .venv" >&2
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
  stamp requirements.txt requirements-dev.txt > .venv/.dev
fi
if [ ! -x /usr/bin/chromium ] || ! command -v npm >/dev/null 2>&1; then
  echo "setup: installing Debian's chromium (and npm) for the browser tests" >&2
  pkgs="chromium fonts-dejavu-core"
  command -v npm >/dev/null 2>&1 || pkgs="$pkgs npm"
  apt_install $pkgs
fi
if [ "$(cat tests/js/node_modules/.stamp 2>/dev/null)" != "$(stamp tests/js/package-lock.json)" ]; then
  echo "setup: installing axe-core from npm" >&2
  (cd tests/js && npm ci --no-audit --no-fund --silent)
  stamp tests/js/package-lock.json > tests/js/node_modules/.stamp
fi
