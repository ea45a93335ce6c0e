# Two commands for a fresh machine (Python 3.11+):
#   make book   -> virtual environment, install, strict build, prints the page to open
#   make test   -> the whole test suite (builds the book afresh, drives headless Chromium)
# Extras: make test-fast (the fast tier: no build, browser, kernel or JupyterLab),
#         make serve (http://127.0.0.1:8000), make lab (the chapters live in JupyterLab),
#         make bench, make lint, make clean.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
BUILD_FLAGS := -W -n --keep-going --builder html

.PHONY: book serve lab test test-fast bench lint clean install install-test chromium

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-test: requirements-test.txt $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -r requirements-test.txt
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

book: install
	$(BIN)/jupyter-book build . $(BUILD_FLAGS)
	@echo ""
	@echo "Book built. Open: file://$(CURDIR)/_build/html/index.html  (or run: make serve)"

serve: book
	@echo "Serving on http://127.0.0.1:8000 (Ctrl-C to stop)"
	$(BIN)/python -m http.server --bind 127.0.0.1 --directory _build/html 8000

# JupyterLab as Binder sets it up: postBuild runs with a project-local HOME (.lab-home), so
# your own Jupyter settings are left alone; chapters open as notebooks (Jupytext).
LAB_HOME := $(CURDIR)/.lab-home
lab: install
	HOME=$(LAB_HOME) sh postBuild
	HOME=$(LAB_HOME) JUPYTER_CONFIG_DIR=$(LAB_HOME)/.jupyter \
		$(BIN)/jupyter lab --ServerApp.root_dir=$(CURDIR) book/ch01_introduction.md

chromium:
	@sh scripts/ensure-chromium.sh

# Test tiers (tests/test_tiers.py): every test module is marked fast or slow.
test: install-test chromium lint
	$(BIN)/python -m pytest

test-fast: install-test lint
	$(BIN)/python -m pytest -m fast

bench: install-test chromium
	$(BIN)/python benchmarks/run_all.py

lint: install-test
	$(BIN)/ruff check src tests benchmarks _ext scripts

clean:
	rm -rf _build .lab-home
