# Everything runs in .venv, made here from the pinned versions in constraints.txt.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SPHINXOPTS ?= -n -W --keep-going
BUILD := _build

.PHONY: html serve test versions lint check clean messages gettext

# node_modules: axe-core, pinned by package-lock.json, for the accessibility test.
$(STAMP): pyproject.toml constraints.txt package-lock.json
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	if command -v npm >/dev/null; then npm ci --no-audit --no-fund --loglevel=error; \
	else echo "npm not found: the accessibility test needs axe-core (npm ci)"; fi
	touch $@

# tools/publish.py builds the site beside the published one and swaps it in with one
# rename, one run at a time; a failed or interrupted build leaves the last good site.
html: $(STAMP)
	$(BIN)/python tools/publish.py docs $(BUILD) -- -c . $(SPHINXOPTS)

# Live preview: rebuilds when the docs, the catalogue or the extension change.
serve: $(STAMP)
	$(BIN)/sphinx-autobuild -c . --watch data --watch ext docs $(BUILD)/serve

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy --strict ext tests tools
	$(BIN)/lint-imports --no-cache

# The published site agrees with the catalogue, and no figure is typed into the docs.
check: html
	$(BIN)/offerings validate
	$(BIN)/offerings lint docs
	$(BIN)/offerings check $(BUILD)/html

test: $(STAMP) lint check
	PYTHONDONTWRITEBYTECODE=1 $(BIN)/pytest

# The suite at both ends of the supported range (noxfile.py): the lowest Python, Sphinx
# and docutils pyproject.toml allows, and the newest Python with the pinned versions.
versions: $(STAMP)
	$(BIN)/nox

clean:
	rm -rf $(BUILD)

# The site's own text, for translators: _build/gettext/*.pot, then for example
# `sphinx-intl update -p _build/gettext -l fr` writes locale/fr/LC_MESSAGES/*.po
# and `make html SPHINXOPTS="-D language=fr"` builds the translated site.
gettext: $(STAMP)
	$(BIN)/sphinx-build -b gettext -n -W --keep-going -c . docs $(BUILD)/gettext

# The extension's own messages: extract to the template, update the translations,
# compile them. Run after changing a reader-facing word in ext/.
LOCALE := ext/sphinx_offerings/locale
messages: $(STAMP)
	$(BIN)/pybabel extract -k _ -k translatable -k _n:1,2 -k translatable_plural:1,2 \
		--no-location --sort-output --project=sphinx-offerings \
		-o $(LOCALE)/sphinx_offerings.pot ext/sphinx_offerings
	$(BIN)/pybabel update -N -D sphinx_offerings -i $(LOCALE)/sphinx_offerings.pot -d $(LOCALE)
	$(BIN)/pybabel compile -D sphinx_offerings -d $(LOCALE)

# The wheel another site installs (pip install dist/sphinx_offerings-*.whl), built
# afresh: setuptools would reuse what build/ keeps from an earlier build.
.PHONY: dist
dist: $(STAMP)
	rm -rf dist build
	$(BIN)/python -m pip wheel --quiet --no-deps --wheel-dir dist .

# Build times against the other ways to write a catalogue table, a site rebuild and the
# commands' start-up; writes bench/RESULTS.md (several minutes). Not part of `make test`.
.PHONY: bench
bench: $(STAMP)
	$(BIN)/python bench/bench.py
