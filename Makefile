# The README's two commands are `make serve` and `make test`; both set everything up.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
OUTPUT ?= output
STAMP  := $(VENV)/.installed-stamp
NPM_STAMP := node_modules/.installed-stamp

.PHONY: install prerequisites serve build publish test test-fast test-any-day lint bench clean demo-cameras

# The plugin is installed as a user installs it, then linked back to plugins/shopwindow so edits take
# effect at once. Not editable: Pelican lists plugins in pelican/plugins/ of its own folder only
# (pkgutil over pelican.plugins.__path__), which no editable install's import hook adds to. The link
# goes before pip runs (pip would delete and write files through it) and a stale build/ with it.
$(STAMP): pyproject.toml setup.py
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python scripts/link_plugin.py --unlink
	rm -rf build
	$(BIN)/python -m pip install --quiet '.[test,example]'
	$(BIN)/python scripts/link_plugin.py
	touch $(STAMP)

# Chromium, Java and npm: installed on Debian/Ubuntu as root or with sudo, else one line saying how.
prerequisites:
	@sh scripts/prerequisites.sh

# The page gates (Nu Html Checker, axe-core, Lighthouse) come from npm; `make test` needs them.
$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NPM_STAMP)

install: $(STAMP)

# Builds the example site and serves it on 127.0.0.1:$(PORT), rebuilding on every change.
serve: install
	$(BIN)/pelican content -s pelicanconf.py -o output
	PORT=$(PORT) $(BIN)/shopwindow job list --local
	$(BIN)/shopwindow watch --serve 127.0.0.1:$(PORT)

# Pretend cameras upload frames into CAMERAS' folders (run beside `make serve`).
demo-cameras: install
	$(BIN)/python scripts/demo_cameras.py

build: install
	$(BIN)/pelican content -s pelicanconf.py -o output

# The production build: refuses to run without SHOPWINDOW_SECRET, then checks what it wrote.
publish: install
	$(BIN)/pelican content -s publishconf.py -o $(OUTPUT) --fatal errors
	$(BIN)/shopwindow --settings publishconf.py check $(OUTPUT)

# Every test, in parallel on every core (pytest-xdist): two workers a core, since many tests wait on a
# browser, a server or a subprocess (2 cores: 631 s with 2 workers, 544 s with 4). The summary line says
# how long it took.
WORKERS ?= $(shell $(PYTHON) -c "import os; print(2 * (os.cpu_count() or 1))")
test: prerequisites install $(NPM_STAMP)
	$(BIN)/ruff check plugins tests bench scripts
	$(BIN)/pytest -n $(WORKERS)

# The edit loop: unit tests and in-process builds of tiny sites, without the slow tiers (pyproject.toml's
# markers: browser, gates, install, live, command, slow).
FAST := not browser and not gates and not install and not live and not command and not slow
test-fast: install
	$(BIN)/ruff check plugins tests bench scripts
	$(BIN)/pytest -n $(WORKERS) -m "$(FAST)"

# The suite with every Python process's clock a year ahead, then a year back (scripts/any_day.py).
test-any-day: install
	$(BIN)/python scripts/any_day.py 365 -- $(MAKE) test
	$(BIN)/python scripts/any_day.py -365 -- $(MAKE) test

bench: install
	$(BIN)/python bench/run.py

clean:
	rm -rf output .shopwindow/cache
