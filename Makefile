# Two commands for a fresh machine (Python 3.11+):
#   make book   -> virtual environment, fonts, install, strict build (English, then 中文版 under zh/)
#   make book EDITION=student -> the student edition (no solutions), English in
#                  _build/student/html and Chinese in _build/student-zh/html (published as
#                  student/ and student/zh/)
#   make test   -> the whole test suite (builds the editions afresh, side by side, while the
#                  tests that need no build run; drives headless Chromium and JupyterLab)
# Extras: make test-fast (the fast tier: no build, browser, kernel or JupyterLab),
#         make serve (http://127.0.0.1:8000), make lab (the chapters live in JupyterLab),
#         make pdf (the PDF course pack: both editions in both languages, into _build/pdf/),
#         make fonts (Noto CJK and the PDF's fonts; vl-convert measures Chinese chart text
#         with Noto CJK), make bench, make lint, make clean.
#         make book-jb2 (a trial build with Jupyter Book 2 in its own .venv-jb2, into _build/jb2,
#         printing what does not carry over; not run by make test or CI; see docs/jb2.md).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
BUILD_FLAGS := -W -n --keep-going --builder html
# full: every solution, folded (_build/html); student: no solution (_build/student/html)
EDITION ?= full

.PHONY: book book-zh serve lab test test-fast bench lint clean install install-test chromium fonts \
	pdf book-jb2

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

# fonts first: the Chinese edition's charts are measured with Noto CJK (vl-convert), and its
# build stops, naming `make fonts`, when it finds no Chinese font (_ext/kunshan_lang.py)
book: install fonts
ifeq ($(EDITION),full)
	KUNSHAN_EDITION=full $(BIN)/jupyter-book build . $(BUILD_FLAGS)
	@$(MAKE) --no-print-directory book-zh EDITION=full
	@echo ""
	@echo "Book built (full edition, English and Chinese). Open: file://$(CURDIR)/_build/html/index.html"
	@echo "  中文版: file://$(CURDIR)/_build/html/zh/book/zh/index.html  (or run: make serve)"
else ifeq ($(EDITION),student)
	@# jupyter-book writes to <path-output>/_build/html: point that at _build/student
	mkdir -p _build/student _build/.student _build/html
	ln -sfn ../student _build/.student/_build
	KUNSHAN_EDITION=student $(BIN)/jupyter-book build . --path-output _build/.student $(BUILD_FLAGS)
	@# the published layout (student edition under student/), so the links between editions work
	ln -sfn ../student/html _build/html/student
	@$(MAKE) --no-print-directory book-zh EDITION=student
	@echo ""
	@echo "Book built (student edition, English and Chinese) in _build/student/html and _build/student-zh/html."
	@echo "Open: file://$(CURDIR)/_build/html/student/index.html  (or run: make serve, then /student/)"
	@echo "  中文版（学生版）: file://$(CURDIR)/_build/html/student/zh/book/zh/index.html"
else
	@echo "EDITION must be full or student, got '$(EDITION)'" >&2; exit 2
endif

# 中文版 (issue 24): _config.yml with _config_zh.yml on top (scripts/zh_config.py) and
# _toc_zh.yml. The full edition into _build/zh/html, published under zh/ beside the English
# site; the student edition into _build/student-zh/html, published under student/zh/ (the
# student site has the full site's layout, so the language switch stays in the edition).
ZH_OUT = $(if $(filter student,$(EDITION)),student-zh,zh)
book-zh: install fonts
	@case "$(EDITION)" in full|student) ;; *) echo "EDITION must be full or student, got '$(EDITION)'" >&2; exit 2;; esac
	$(BIN)/python scripts/zh_config.py _build/_config_zh.merged.yml
	mkdir -p _build/$(ZH_OUT) _build/.$(ZH_OUT) _build/html
	ln -sfn ../$(ZH_OUT) _build/.$(ZH_OUT)/_build
	KUNSHAN_EDITION=$(EDITION) $(BIN)/jupyter-book build . --config _build/_config_zh.merged.yml \
		--toc _toc_zh.yml --path-output _build/.$(ZH_OUT) $(BUILD_FLAGS)
ifeq ($(EDITION),student)
	mkdir -p _build/student/html
	ln -sfn ../../student-zh/html _build/student/html/zh
else
	ln -sfn ../zh/html _build/html/zh
endif

serve: book
	@echo "Serving on http://127.0.0.1:8000 (Ctrl-C to stop; student edition, if built: /student/)"
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

# The PDF course pack (issue 22; in Chinese too, issue 24): each edition in each language
# printed from its built site with the test suite's Chromium. An edition's sites are
# (re)built first when missing or older than their sources (`make book` builds both
# languages of the full edition, `make book EDITION=student` both of the student edition).
BOOK_SOURCES := $(wildcard book/*.md book/zh/*.md src/helpers/*.py src/helpers/*/*.py \
	src/helpers/i18n/zh/*.csv data/*.csv data/*.json _ext/*.py _ext/*.js _static/*.css \
	_templates/*.html) _config.yml _config_zh.yml _toc.yml _toc_zh.yml references.bib

fonts:
	@sh scripts/ensure-fonts.sh

_build/html/book/index.html: $(BOOK_SOURCES)
	$(MAKE) book EDITION=full
	@touch $@ _build/zh/html/book/zh/index.html

_build/student/html/book/index.html: $(BOOK_SOURCES)
	$(MAKE) book EDITION=student
	@touch $@ _build/student-zh/html/book/zh/index.html

# each Chinese site is built by the same command as its English one (just above)
_build/zh/html/book/zh/index.html: _build/html/book/index.html
	@test -f $@ || $(MAKE) book-zh EDITION=full

_build/student-zh/html/book/zh/index.html: _build/student/html/book/index.html
	@test -f $@ || $(MAKE) book-zh EDITION=student

PDF_SITES := _build/html/book/index.html _build/student/html/book/index.html \
	_build/zh/html/book/zh/index.html _build/student-zh/html/book/zh/index.html

pdf: install-test chromium fonts $(PDF_SITES)
	$(BIN)/python scripts/build_pdf.py --outdir _build/pdf

# Test tiers (tests/test_tiers.py): every test module is marked fast or slow. One pytest
# session for both tiers: the two strict builds start in the background as it starts and the
# tests that need no build run first (tests/conftest.py); see README "Test tiers" for times.
test: install-test chromium fonts lint
	$(BIN)/python -m pytest

test-fast: install-test lint
	$(BIN)/python -m pytest -m fast

bench: install-test chromium
	$(BIN)/python benchmarks/run_all.py

lint: install-test
	$(BIN)/ruff check src tests benchmarks _ext scripts

# Jupyter Book 2 trial (issue 23; docs/jb2.md). Its own virtual environment: installing
# jupyter-book 2 into .venv would replace Jupyter Book 1. The JB1 sources are not touched:
# scripts/jb2_trial.py copies them to _build/jb2/src, writes myst.yml there and builds there.
# Exits non-zero when the build cannot run offline (mystmd fetches its HTML theme from the web).
JB2_VENV    := .venv-jb2
JB2_VERSION := 2.1.7

$(JB2_VENV)/.installed-$(JB2_VERSION):
	@command -v node >/dev/null || { echo "make book-jb2: Jupyter Book 2 needs Node.js >= 18 on PATH (Debian: apt-get install nodejs)" >&2; exit 1; }
	$(PYTHON) -m venv $(JB2_VENV)
	$(JB2_VENV)/bin/python -m pip install --quiet "jupyter-book==$(JB2_VERSION)" || { \
		echo "make book-jb2: could not install jupyter-book==$(JB2_VERSION) from PyPI into $(JB2_VENV)" >&2; exit 1; }
	touch $@

book-jb2: install $(JB2_VENV)/.installed-$(JB2_VERSION)
	$(BIN)/python scripts/jb2_trial.py --jupyter-book $(JB2_VENV)/bin/jupyter-book

clean:
	rm -rf _build .lab-home
