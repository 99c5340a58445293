# The README's two commands are `make serve` and `make test`; both set everything up.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
OUTPUT ?= output
STAMP  := $(VENV)/.installed-stamp
NPM_STAMP := node_modules/.installed-stamp

.PHONY: install prerequisites serve build publish test test-any-day lint bench clean demo-cameras

# The plugin is installed as a user installs it (not editable: Pelican finds namespace plugins on
# its own path), then linked back to plugins/shopwindow so edits take effect without reinstalling.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
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
	PORT=$(PORT) $(BIN)/shopwindow job list
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

test: prerequisites install $(NPM_STAMP)
	$(BIN)/ruff check plugins tests bench scripts
	$(BIN)/pytest

# The suite with every Python process's clock a year ahead, then a year back (scripts/any_day.py).
test-any-day: install
	$(BIN)/python scripts/any_day.py 365 -- $(MAKE) test
	$(BIN)/python scripts/any_day.py -365 -- $(MAKE) test

bench: install
	$(BIN)/python bench/run.py

clean:
	rm -rf output .shopwindow/cache
