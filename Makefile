# Shortcuts; the README's two commands are the reference (they need no make).
PY := .venv/bin/python

.PHONY: site test serve check lint clean

site:
	scripts/setup.sh && $(PY) build.py build

test:
	scripts/setup.sh --test && $(PY) -m pytest

serve:
	scripts/setup.sh && $(PY) build.py serve

check:
	scripts/setup.sh && $(PY) build.py check

lint:
	scripts/setup.sh --test && .venv/bin/ruff check briefkit tests bench build.py

clean:
	rm -rf site .pytest_cache
