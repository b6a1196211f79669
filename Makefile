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
SOURCES := $(shell find pyodide_ajax -name '*.py' -o -name py.typed) pyproject.toml docs/pypi.md
# Pure wheels that must exist inside Pyodide: micropip, and pytest + tblib for readable
# failures in run_in_pyodide (pytest-pyodide loads them whenever the lock lists them).
PYODIDE_WHEELS := micropip==0.11.1 pytest==9.0.2 pluggy iniconfig pygments packaging tblib
# Defined here, before `setup:` names its stamp (prerequisites expand when the rule is read).
REQUESTS_WHEELS := $(CACHE)/requests-wheels
REQUESTS_PINS := requests==2.34.2 urllib3==2.8.0 charset-normalizer==3.5.2 idna==3.20 \
  certifi==2026.10.19.post1
export SE_OFFLINE := true
export SE_AVOID_STATS := true
PYTEST_BROWSER := $(PY) -m pytest tests/browser --dist-dir=$(DIST) -p no:cacheprovider
# Every browser/Node run leaves a junit file per runtime-matrix cell (tools/matrix_report.py).
JUNIT := $(ARTIFACTS)/junit
junit = --junitxml=$(JUNIT)/$(1).xml -o junit_family=xunit1

.PHONY: test test-all demo serve lint test-host test-page test-worker test-node test-e2e setup browser wheel clean

test: setup lint test-host test-page test-worker test-node test-e2e test-embed
	@echo "make test: all suites passed"

setup: browser $(VENV)/.stamp $(DIST)/.stamp $(REQUESTS_WHEELS)/.stamp

# What the set-up needs from Debian, installed with apt only when missing (python3-venv, nodejs,
# npm, ca-certificates, libatomic1; Node 20 from npm when the machine's is older:
# tools/install-prereqs.sh),
# then Debian's Chromium (tools/install-browser.sh). `make check-fresh` (root, by hand, not in
# CI) proves this in a clean `debootstrap --variant=minbase` Debian 12 root: `make demo` there
# from nothing but the clone; its figures go to docs/figures/check-fresh.md.
NODE20_VERSION := 20.20.2
.PHONY: prereqs check-fresh
prereqs:
	@PYTHON=$(PYTHON) NODE20_VERSION=$(NODE20_VERSION) tools/install-prereqs.sh
browser: prereqs
	@tools/install-browser.sh
$(VENV)/.stamp $(CORE)/pyodide.mjs $(CACHE)/node24/.stamp: | prereqs
check-fresh:
	tools/check-fresh.sh

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

# The pure wheels of requests and its dependencies, served beside the dist folder: the test
# server's index (/simple/) lists them, so `micropip.install("requests")` resolves by name
# (issue 19). Not in the dist lock: an index install must not be able to fall back on the lock.
$(REQUESTS_WHEELS)/.stamp: | $(VENV)/.stamp
	$(PY) -m pip download -q --disable-pip-version-check --no-deps --only-binary=:all: \
	  --python-version 3.14 --platform any --implementation py --abi none \
	  -d $(REQUESTS_WHEELS) $(REQUESTS_PINS)
	touch $@

# A dist folder (`indexURL`): a Pyodide core, the wheels its lock lists, and ours as bytecode
# compiled by that core's own Python (tools/bytecode_wheel.py: a fresh interpreter then skips
# compiling our modules, ~30 ms of a first request). The lock names the bytecode wheel, so
# `loadPackage` and by-name installs get it; the py3 wheel sits beside it for installs by URL.
# $(1): the core, $(2): folders of wheels, $(3): the dist folder.
DIST_TOOLS := tools/make_dist.py tools/bytecode_wheel.py tools/bytecode_wheel.mjs
define make_dist
rm -rf $(3).bytecode
$(PY) -m tools.bytecode_wheel --core $(1) --out $(3).bytecode $(WHEEL)
$(PY) tools/make_dist.py --core $(1) $(foreach w,$(2),--wheels $(w)) --wheels $(3).bytecode \
  --out $(3)
cp $(WHEEL) $(3)/
touch $(3)/.stamp
endef
$(DIST)/.stamp: $(WHEEL) $(CORE)/pyodide.mjs $(WHEELS)/.stamp $(DIST_TOOLS)
	$(call make_dist,$(CORE),$(WHEELS),$(DIST))

lint: $(VENV)/.stamp
	$(VENV)/bin/ruff check --output-format concise .
	$(VENV)/bin/ruff format --check pyodide_ajax
	$(VENV)/bin/mypy

# tests/unit mirrors pyodide_ajax/ (a test module per module); tests/tools tests the tooling.
test-host: $(VENV)/.stamp
	$(PY) -m pytest tests/unit tests/tools -p no:cacheprovider -q

# Chromium page (Playwright runner), Chromium module Worker (selenium runner: pytest-pyodide's
# worker fixtures need it), Node.js (with JSPI enabled by flag on Node 20).
test-page: setup
	$(PYTEST_BROWSER) --runner=playwright --rt=chrome -m "not worker" -q $(call junit,chromium-page)
test-worker: setup
	$(PYTEST_BROWSER) --runner=selenium --rt=chrome -m worker -q $(call junit,chromium-worker)
test-node: setup
	AJAX_EXPECT_NODE=20 $(PYTEST_BROWSER) --rt=node -m "not worker and not page" -q \
	  $(call junit,node20)

# The site in headless Chromium, as a person sees it (screenshot in artifacts/site.png).
test-e2e: setup
	AJAX_DIST_DIR=$(DIST) $(PY) -m pytest tests/e2e -p no:cacheprovider -q

demo: setup
	$(PY) -m tools.demo --dist $(DIST) --site site

serve: setup
	$(PY) -m tools.server --root /=$(DIST) --root /site/=site --root /requests-wheels/=$(REQUESTS_WHEELS)

clean:
	rm -rf $(CACHE) $(VENV) dist build $(ARTIFACTS) .pytest_cache .mypy_cache .ruff_cache .hypothesis

# --- reliability and security: faults, bad input, credentials, leaks -------------------
# `make test` already runs these suites (tests/unit and tests/browser hold them); this target
# runs only them: fault matrix, bad-input table, credentials and the leak check in the page,
# the Worker and Node.js, plus their host tests. Leak figures: artifacts/leaks-*.json.
FAULT_SUITE := $(PY) -m pytest tests/browser/test_faults.py --dist-dir=$(DIST) -p no:cacheprovider -q
.PHONY: test-faults
test-faults: setup
	$(PY) -m pytest tests/unit/test_api.py tests/unit/test_request.py tests/unit/test_response.py \
	  tests/tools/test_fault_routes.py tests/tools/test_reliability_doc.py -p no:cacheprovider -q
	$(FAULT_SUITE) --runner=playwright --rt=chrome -m "not worker"
	$(FAULT_SUITE) --runner=selenium --rt=chrome -m worker
	$(FAULT_SUITE) --rt=node -m "not worker and not page"

# --- embedding: pyodide-ajax where users embed it, PyScript pages and JupyterLite notebooks
# tools/embed_setup.py fetches @pyscript/core (npm, sha256 pinned) and builds a JupyterLite site
# with a local Pyodide; tests/embed/ loads our fresh wheel there in offline Chromium.
EMBED_PYSCRIPT := $(CACHE)/pyscript
EMBED_JUPYTERLITE := $(CACHE)/jupyterlite
PYTEST_EMBED := AJAX_DIST_DIR=$(DIST) $(PY) -m pytest -p no:cacheprovider -q
.PHONY: test-embed test-pyscript test-jupyterlite

$(EMBED_PYSCRIPT)/.stamp: tools/embed_setup.py | $(VENV)/.stamp
	$(PY) -m tools.embed_setup pyscript --out $(EMBED_PYSCRIPT)
	touch $@

# Our wheel is one of the site's piplite wheels, so `%pip install pyodide-ajax` works by name
# (issue 19): a new wheel rebuilds the site. So are requests and its dependencies, for
# `%pip install requests` in the bridge's notebook test (issue 16).
$(EMBED_JUPYTERLITE)/.stamp: tools/embed_setup.py tools/make_dist.py $(CORE)/pyodide.mjs $(VENV)/.stamp \
  $(WHEEL) $(REQUESTS_WHEELS)/.stamp
	$(PY) -m tools.embed_setup jupyterlite --core $(CORE) --out $(EMBED_JUPYTERLITE) \
	  --piplite-wheel $(WHEEL) \
	  $(foreach w,$(sort $(wildcard $(REQUESTS_WHEELS)/*.whl)),--piplite-wheel $(w))
	touch $@

test-pyscript: setup $(EMBED_PYSCRIPT)/.stamp
	$(PYTEST_EMBED) tests/embed/test_pyscript.py tests/embed/test_pyscript_by_name.py \
	  tests/embed/test_pyscript_bridge.py
test-jupyterlite: setup $(EMBED_JUPYTERLITE)/.stamp
	$(PYTEST_EMBED) tests/embed/test_jupyterlite.py tests/embed/test_jupyterlite_notebook.py \
	  tests/embed/test_jupyterlite_by_name.py tests/embed/test_jupyterlite_bridge.py
test-embed: test-pyscript test-jupyterlite

# --- the docs' snippets (they also run in test-page, which is part of `make test`) --------
.PHONY: test-docs
test-docs: setup
	$(PY) -m pytest tests/browser/test_docs.py --dist-dir=$(DIST) -p no:cacheprovider \
	  --runner=playwright --rt=chrome -q

# ---------------------------------------------------------------------------- runtime matrix
# `make test-all` (what CI runs) = `make test` (Chromium page + Worker, Node 20 with JSPI, all
# on Pyodide 314) + Firefox ESR page + Worker, Node 24, Node 20 without JSPI, and Pyodide
# 0.27.8 / 0.28.3 / 0.29.5 (each in all six runtimes); then the table of every cell in
# artifacts/matrix.md. JSPI off in the browsers is the `xhr` variant of every blocking scenario.
NODE24_VERSION := 24.21.0
NODE24_BIN := $(CURDIR)/$(CACHE)/node24/node_modules/.bin
PYODIDE_OLD := 0.27.8 0.28.3 0.29.5
# sha256 of the npm tarballs (each checked against `npm view pyodide@X dist.integrity` too).
PYODIDE_SHA256_0.27.8 := 2595c4b6800f8fc21d1e9b5222b3b3458b479b5f55fd241fee9ec6be0ad7edae
PYODIDE_SHA256_0.28.3 := bc3accb122c2c5d840b26ce56b100a21ab94aea4fe387a5b5c072ec6a88b7a62
PYODIDE_SHA256_0.29.5 := 6749b10ee515a1458ecea36d860c8ce2a48366e85b3f92d749ad1840e4aff181
# The Python each one runs (for the wheel download) and the micropip its lock names.
PYODIDE_PY_0.27.8 := 3.12
PYODIDE_PY_0.28.3 := 3.13
PYODIDE_PY_0.29.5 := 3.13
MICROPIP_0.27.8 := 0.9.0
MICROPIP_0.28.3 := 0.10.1
MICROPIP_0.29.5 := 0.11.1
FIREFOX_ENV = SE_GECKODRIVER="$$($(PY) tools/geckodriver.py)"

.PHONY: firefox node24 matrix-clean test-matrix test-firefox-page test-firefox-worker \
  test-node24 test-node20-nojspi matrix-report
.PRECIOUS: $(CACHE)/pyodide-%/pyodide.mjs $(CACHE)/wheels-%/.stamp $(CACHE)/dist-%/.stamp

test-all: matrix-clean test test-matrix
	@$(MAKE) --no-print-directory matrix-report

test-matrix: test-firefox-page test-firefox-worker test-node24 test-node20-nojspi \
  $(addprefix test-pyodide-,$(PYODIDE_OLD))

matrix-clean:
	rm -rf $(JUNIT) $(ARTIFACTS)/matrix.md

# Every cell `make test-all` runs: the report fails when one of them wrote no junit file.
MATRIX_CELLS := chromium-page chromium-worker node20 firefox-page firefox-worker node24 \
  node20-nojspi $(foreach v,$(PYODIDE_OLD),$(addprefix pyodide-$(v)-,chromium-page \
  chromium-worker firefox-page firefox-worker node20 node24))
matrix-report: $(VENV)/.stamp
	$(PY) -m tools.matrix_report $(JUNIT) --out $(ARTIFACTS)/matrix.md --expect $(MATRIX_CELLS)

firefox:
	@tools/install-firefox.sh

$(CACHE)/node24/.stamp:
	mkdir -p $(CACHE)/node24
	cd $(CACHE)/node24 && npm install --no-audit --no-fund --silent node@$(NODE24_VERSION)
	$(NODE24_BIN)/node --version
	touch $@
node24: $(CACHE)/node24/.stamp

test-firefox-page: setup firefox
	$(FIREFOX_ENV) $(PYTEST_BROWSER) --runner=selenium --rt=firefox -m "not worker" -q \
	  $(call junit,firefox-page)
test-firefox-worker: setup firefox
	$(FIREFOX_ENV) $(PYTEST_BROWSER) --runner=selenium --rt=firefox -m worker -q \
	  $(call junit,firefox-worker)
test-node24: setup node24
	AJAX_EXPECT_NODE=24 PATH="$(NODE24_BIN):$$PATH" $(PYTEST_BROWSER) --rt=node \
	  -m "not worker and not page" -q \
	  $(call junit,node24)
# The machine's Node 20 without --experimental-wasm-stack-switching: no JSPI, no XHR, so
# blocking mode must refuse with UnsupportedRuntimeError; every async scenario still runs.
test-node20-nojspi: setup
	AJAX_NODE_JSPI=off AJAX_EXPECT_JSPI=0 AJAX_EXPECT_NODE=20 $(PYTEST_BROWSER) --rt=node \
	  -m "not worker and not page" -k "async- or probe" -q $(call junit,node20-nojspi)

$(CACHE)/pyodide-%/pyodide.mjs:
	tools/fetch-pyodide.sh $* $(PYODIDE_SHA256_$*) $(CACHE)/pyodide-$*

$(CACHE)/wheels-%/.stamp: | $(VENV)/.stamp
	$(PY) -m pip download -q --disable-pip-version-check --no-deps --only-binary=:all: \
	  --python-version $(PYODIDE_PY_$*) --platform any --implementation py --abi none \
	  -d $(CACHE)/wheels-$* micropip==$(MICROPIP_$*) $(filter-out micropip%,$(PYODIDE_WHEELS))
	touch $@

$(CACHE)/dist-%/.stamp: $(WHEEL) $(CACHE)/pyodide-%/pyodide.mjs $(CACHE)/wheels-%/.stamp \
  $(DIST_TOOLS)
	$(call make_dist,$(CACHE)/pyodide-$*,$(CACHE)/wheels-$*,$(CACHE)/dist-$*)

# The whole scenario suite on an older Pyodide, in every runtime: Chromium page and Worker,
# Firefox page and Worker, Node 20 (JSPI flag) and Node 24.
# (A pattern rule, so not .PHONY: make ignores pattern rules for phony targets.) Each cell runs
# even when an earlier one failed, so the matrix report shows them all. The docs' snippets are
# written for the current Pyodide (they compare with pyodide.http.pyxhr, which 0.27 and 0.28 lack):
# they run in the 314 cells only.
OLD_PYODIDE_DESELECT := --ignore=tests/browser/test_docs.py
# In Firefox, the deployer's-lock test boots two more Pyodides < 314 in the page, which outlasts
# Selenium's 120 s HTTP read timeout (CI of 4141af2: "wasm instantiation failed!", then the read
# timeout, in the 0.27.8 and 0.28.3 Firefox page cells). It runs in Firefox on 314 and in
# Chromium on every version.
OLD_FIREFOX_DESELECT := --deselect \
  tests/browser/test_install_from_lock.py::test_load_package_and_micropip_by_name_from_a_deployers_lock
test-pyodide-%: setup firefox node24 $(CACHE)/dist-%/.stamp
	@status=0; old="$(PY) -m pytest tests/browser --dist-dir=$(CACHE)/dist-$* -p no:cacheprovider -q \
	  $(OLD_PYODIDE_DESELECT)"; \
	$$old --runner=playwright --rt=chrome -m "not worker" $(call junit,pyodide-$*-chromium-page) \
	  || status=1; \
	$$old --runner=selenium --rt=chrome -m worker $(call junit,pyodide-$*-chromium-worker) \
	  || status=1; \
	$(FIREFOX_ENV) $$old --runner=selenium --rt=firefox -m "not worker" $(OLD_FIREFOX_DESELECT) \
	  $(call junit,pyodide-$*-firefox-page) || status=1; \
	$(FIREFOX_ENV) $$old --runner=selenium --rt=firefox -m worker \
	  $(call junit,pyodide-$*-firefox-worker) || status=1; \
	AJAX_EXPECT_NODE=20 $$old --rt=node -m "not worker and not page" \
	  $(call junit,pyodide-$*-node20) || status=1; \
	AJAX_EXPECT_NODE=24 PATH="$(NODE24_BIN):$$PATH" $$old --rt=node -m "not worker and not page" \
	  $(call junit,pyodide-$*-node24) || status=1; \
	exit $$status

# --- speed: `make bench` (not part of `make test`): pyodide-ajax against plain JavaScript and peers,
# page and module Worker (Chromium, then Firefox ESR) and Node 24, in one run; prints the table,
# writes artifacts/bench.json (and .txt).
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
	$(call make_dist,$(CORE),$(WHEELS) $(wildcard $(BENCH_WHEELS)/*.whl),$(BENCH_DIST))
# Firefox ESR (page and Worker) and Node 24 have rows of their own (issue 20): installed here
# when they can be; without one, bench.run leaves its rows out and says so.
# Then the run's figures go into bench/summary.md + .txt, the README and bench/RESULTS.md.
.PHONY: bench figures
bench: setup $(BENCH_DIST)/.stamp
	@$(MAKE) --no-print-directory firefox node24 \
	  || echo "bench: Firefox ESR or Node 24 not installed; their rows will be left out"
	$(PY) -m bench.run --dist $(BENCH_DIST) --out $(ARTIFACTS)/bench.json \
	  --node24 $(NODE24_BIN)/node $(BENCH_ARGS)
	$(PY) -m tools.readme_figures bench bench-table

# --- figures, never typed (issue 18): the README's measured figures come from the last run's
# artifacts/ (bench-summary.md, bench.txt of `make bench`; matrix.md of `make matrix-report`),
# copied into bench/summary.md, bench/summary.txt and docs/figures/matrix.md and between the
# <!-- NAME:start/end --> markers of README.md and bench/RESULTS.md. A missing artifact leaves
# its committed copy as it is. `make test-host` fails when a marked block differs from its copy.
figures: $(VENV)/.stamp
	$(PY) -m tools.readme_figures

# --- release (issue 19): what would go to the Python Package Index, checked; nothing uploaded --
# Builds the wheel from the tree, the sdist and a wheel from the sdist, compares the two wheels
# file by file, checks the metadata and runs `twine check --strict` (tools/release_check.py).
.PHONY: release-check
release-check: $(VENV)/.stamp
	$(PY) -m tools.release_check --out build/release
