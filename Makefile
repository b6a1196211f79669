# The front door. `make demo` and `make test` do all the set-up on a fresh machine.
SHELL := /bin/bash
.DEFAULT_GOAL := test

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
CACHE := .cache
PYODIDE_VERSION := 314.0.7
PYODIDE_SHA256 := 66b7949e5a0cba2250b586d7e368bf12fb482800748d182c4618254b685ffaa0
CORE := $(CACHE)/pyodide
WHEELS := $(CACHE)/wheels
DIST := $(CACHE)/dist
ARTIFACTS := artifacts
VERSION := $(shell sed -n 's/^__version__ = "\(.*\)"/\1/p' pyodide_ajax/_version.py)
WHEEL := dist/pyodide_ajax-$(VERSION)-py3-none-any.whl
SOURCES := $(shell find pyodide_ajax -name '*.py' -o -name py.typed) pyproject.toml README.md
# Pure wheels that must exist inside Pyodide: micropip, and pytest + tblib for readable
# failures in run_in_pyodide (pytest-pyodide loads them whenever the lock lists them).
PYODIDE_WHEELS := micropip==0.11.1 pytest==9.0.2 pluggy iniconfig pygments packaging tblib
export SE_OFFLINE := true
export SE_AVOID_STATS := true
PYTEST_BROWSER := $(PY) -m pytest tests/browser --dist-dir=$(DIST) -p no:cacheprovider

.PHONY: test demo serve lint test-host test-page test-worker test-node test-e2e setup browser wheel clean

test: setup lint test-host test-page test-worker test-node test-e2e
	@echo "make test: all suites passed"

setup: browser $(VENV)/.stamp $(DIST)/.stamp

browser:
	@tools/install-browser.sh

$(VENV)/.stamp: requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements-dev.txt
	touch $@

$(CORE)/pyodide.mjs:
	tools/fetch-pyodide.sh $(PYODIDE_VERSION) $(PYODIDE_SHA256) $(CORE)

$(WHEELS)/.stamp: | $(VENV)/.stamp
	$(PY) -m pip download -q --disable-pip-version-check --no-deps --only-binary=:all: \
	  --python-version 3.14 --platform any --implementation py --abi none \
	  -d $(WHEELS) $(PYODIDE_WHEELS)
	touch $@

wheel: $(WHEEL)
$(WHEEL): $(SOURCES) | $(VENV)/.stamp
	rm -rf dist
	$(PY) -m build --wheel --no-isolation --outdir dist . >/dev/null
	@ls -l $@

$(DIST)/.stamp: $(WHEEL) $(CORE)/pyodide.mjs $(WHEELS)/.stamp tools/make_dist.py
	$(PY) tools/make_dist.py --core $(CORE) --wheels $(WHEELS) --wheels $(WHEEL) --out $(DIST)
	touch $@

lint: $(VENV)/.stamp
	$(VENV)/bin/ruff check --output-format concise .
	$(VENV)/bin/ruff format --check pyodide_ajax
	$(VENV)/bin/mypy

test-host: $(VENV)/.stamp
	$(PY) -m pytest tests/unit -p no:cacheprovider -q

# Chromium page (Playwright runner), Chromium module Worker (selenium runner: pytest-pyodide's
# worker fixtures need it), Node.js (with JSPI enabled by flag on Node 20).
test-page: setup
	$(PYTEST_BROWSER) --runner=playwright --rt=chrome -m "not worker" -q
test-worker: setup
	$(PYTEST_BROWSER) --runner=selenium --rt=chrome -m worker -q
test-node: setup
	$(PYTEST_BROWSER) --rt=node -m "not worker and not page" -q

# The site in headless Chromium, as a person sees it (screenshot in artifacts/site.png).
test-e2e: setup
	AJAX_DIST_DIR=$(DIST) $(PY) -m pytest tests/e2e -p no:cacheprovider -q

demo: setup
	$(PY) -m tools.demo --dist $(DIST) --site site

serve: setup
	$(PY) -m tools.server --root /=$(DIST) --root /site/=site

clean:
	rm -rf $(CACHE) $(VENV) dist build $(ARTIFACTS) .pytest_cache .mypy_cache .ruff_cache .hypothesis

# --- Issue 6: `make bench` (not part of `make test`): speed against plain JavaScript and peers,
# page and module Worker, in one run; prints the table, writes artifacts/bench.json (and .txt).
# Optional peer rows: urllib3, requests, pyodide-http from their pure PyPI wheels, in a bench-only
# dist (the test dist stays as it is). If they cannot be downloaded, the bench runs without them.
BENCH_PEERS := urllib3==2.8.0 requests==2.34.2 pyodide-http==0.2.2 charset-normalizer==3.5.2 \
  idna==3.20 certifi==2026.10.19.post1
BENCH_WHEELS := $(CACHE)/bench-wheels
BENCH_DIST := $(CACHE)/bench-dist
$(BENCH_WHEELS)/.stamp: | $(VENV)/.stamp
	mkdir -p $(BENCH_WHEELS)
	$(PY) -m pip download -q --disable-pip-version-check --no-deps --only-binary=:all: \
	  --python-version 3.14 --platform any --implementation py --abi none \
	  -d $(BENCH_WHEELS) $(BENCH_PEERS) \
	  || echo "bench: peer wheels not downloaded; their rows will be left out"
	touch $@
$(BENCH_DIST)/.stamp: $(DIST)/.stamp $(BENCH_WHEELS)/.stamp
	$(PY) tools/make_dist.py --core $(CORE) --wheels $(WHEELS) --wheels $(WHEEL) \
	  $(if $(wildcard $(BENCH_WHEELS)/*.whl),--wheels $(BENCH_WHEELS)) --out $(BENCH_DIST)
	touch $@
.PHONY: bench
bench: setup $(BENCH_DIST)/.stamp
	$(PY) -m bench.run --dist $(BENCH_DIST) --out $(ARTIFACTS)/bench.json $(BENCH_ARGS)
