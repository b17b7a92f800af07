# One install path for a fresh Debian machine (Python 3.11+, root or sudo for apt).
# `make site` sets up and builds the site; `make test` sets up and runs every test.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
APT := $(shell command -v sudo >/dev/null 2>&1 && [ "$$(id -u)" != 0 ] && echo sudo) apt-get

.PHONY: site test setup setup-test serve check clean

site: setup
	$(PY) build.py build

test: setup-test
	$(PY) -m pytest

setup: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

setup-test: $(VENV)/.installed-dev tests/js/node_modules/.installed /usr/bin/chromium

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

tests/js/node_modules/.installed: tests/js/package.json tests/js/package-lock.json
	cd tests/js && npm ci --no-audit --no-fund --silent
	touch $@

/usr/bin/chromium:
	$(APT) update -qq
	DEBIAN_FRONTEND=noninteractive $(APT) install -y -qq chromium fonts-dejavu-core >/dev/null

serve: setup
	$(PY) build.py serve

check: setup
	$(PY) build.py check

clean:
	rm -rf site .pytest_cache
