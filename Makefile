# Every entry point creates .venv on first use and installs the pinned tree.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
LOCK   := requirements/lock.txt
JB_FLAGS := --builder html -W -n --keep-going

.PHONY: help venv book test lint lab formgrader hub bench browser sandbox npm lock clean vendor leaks release grade export schedule analytics

help:
	@echo "make book   build the course site into _build/html"
	@echo "make test   run the whole test suite (installs Chromium if missing)"
	@echo "make lab    open the chapters as notebooks in JupyterLab"
	@echo "make bench  print build, page-size and update-time figures"
	@echo "make lint   ruff over the package, tests and extensions"
	@echo "instructors: make schedule | make release ASSIGNMENT=... | make grade ASSIGNMENT=..."
	@echo "             make formgrader | make export [LMS=canvas|moodle] | make leaks"
	@echo "             make analytics [ASSIGNMENT=...]  grade report in analytics/ (after grading)"
	@echo "             make hub   the course on JupyterHub on 127.0.0.1 with demo accounts (root)"

$(STAMP): pyproject.toml $(LOCK)
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
	  || { echo "error: Python 3.11 or newer is needed (found: $$($(PYTHON) --version))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c $(LOCK) -e ".[book,grading,lab,dev,hub]"
	@touch $@

venv: $(STAMP)

book: venv
	$(BIN)/jupyter-book build . $(JB_FLAGS)
	$(BIN)/crossing-borders leaks _build/html
	@echo "The site is in _build/html: open $(CURDIR)/_build/html/index.html"

# $(call need,COMMAND,DEBIAN_PACKAGE,WHAT_NEEDS_IT): install a Debian package when its
# command is missing (CI runs as root); otherwise say exactly what to install.
define need
	@command -v $(1) >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(2) >/dev/null; \
	  else \
	    echo "error: $(3) need Debian's $(2): sudo apt-get install $(2)"; exit 1; \
	  fi; }
endef

browser:
	$(call need,chromium,chromium,the browser tests)

sandbox:
	$(call need,bwrap,bubblewrap,sandboxed grading and its tests)

# axe-core, pinned in package-lock.json, is what the accessibility tests inject into
# each page. Reinstalled from the lock when it is missing or older than the lock.
AXE := node_modules/axe-core/package.json
$(AXE): package-lock.json
	$(call need,npm,npm,the accessibility tests)
	npm ci --ignore-scripts --no-audit --no-fund
	@touch $@

npm: $(AXE)

# Two workers: the tests that share the journeys' clean clone run in one of them
# (see tests/journey_fixtures.py).
test: venv $(HUB_STAMP) browser sandbox npm
	$(BIN)/python -m pytest -n 2

LINTED := src tests _ext scripts deploy nbgrader_config.py
lint: venv
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)

# LAB_FLAGS passes options on, for example LAB_FLAGS="--no-browser --port 8890".
lab: venv
	$(BIN)/crossing-borders lab $(LAB_FLAGS)

formgrader: venv
	$(BIN)/crossing-borders lab --instructor $(LAB_FLAGS)

# The course on JupyterHub, on 127.0.0.1, with demo Unix accounts, until Ctrl-C (as root).
# HUB_FLAGS passes options on, for example HUB_FLAGS="--students 5 --port 8100".
# Every user's server runs from .venv-hub, made from a Python all users can run
# (HUB_PYTHON; .venv's Python may sit in a folder only its owner can enter).
HUB_PYTHON ?= /usr/bin/python3
HUB_VENV   := .venv-hub
HUB_STAMP  := $(HUB_VENV)/.installed-stamp
$(HUB_STAMP): pyproject.toml $(LOCK)
	@$(HUB_PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
	  || { echo "error: make hub needs Python 3.11 or newer at HUB_PYTHON=$(HUB_PYTHON)"; exit 1; }
	$(HUB_PYTHON) -m venv $(HUB_VENV)
	$(HUB_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -c $(LOCK) -e ".[grading,lab,hub]"
	@touch $@

hub: $(HUB_STAMP) npm
	$(HUB_VENV)/bin/crossing-borders hub $(HUB_FLAGS)

bench: venv $(HUB_STAMP) browser sandbox npm
	$(BIN)/python scripts/bench.py

# Regenerate the pinned tree after a change to pyproject.toml's dependencies.
lock:
	rm -rf /tmp/cb-lock-venv && $(PYTHON) -m venv /tmp/cb-lock-venv
	/tmp/cb-lock-venv/bin/pip install --quiet -e ".[book,grading,lab,dev,hub]"
	/tmp/cb-lock-venv/bin/pip freeze --exclude-editable | grep -v '^crossing-borders' > $(LOCK)

# Instructors: one assignment at a time. The student version is generated, checked
# for leaks (the release stops if any line of a solution or hidden test is in it),
# then released to the exchange.
define need_assignment
	@test -n "$(ASSIGNMENT)" || { echo "usage: make $(1) ASSIGNMENT=ch01-talent-on-the-move"; \
	  echo "assignments: $(notdir $(wildcard exercises/ch*))"; exit 2; }
endef

release: venv
	$(call need_assignment,release)
	$(BIN)/nbgrader generate_assignment "$(ASSIGNMENT)" --force
	$(BIN)/crossing-borders leaks release/$(ASSIGNMENT)
	$(BIN)/nbgrader release_assignment "$(ASSIGNMENT)"
	$(BIN)/crossing-borders schedule

schedule: venv
	$(BIN)/crossing-borders schedule

grade: venv sandbox
	$(call need_assignment,grade)
	$(BIN)/crossing-borders grade $(ASSIGNMENT) $(GRADE_FLAGS)

# make export LMS=canvas|moodle [ROSTER=roster.csv] [EXPORT_FLAGS=...] writes grades-$(LMS).csv in that
# system's gradebook import format instead (crossing_borders.course.lms).
LMS_EXPORTERS := canvas=CanvasExport moodle=MoodleExport
LMS_CHOICES   := $(foreach e,$(LMS_EXPORTERS),$(firstword $(subst =, ,$(e))))
ROSTER ?= roster.csv
LMS_EXPORTER   = $(lastword $(subst =, ,$(filter $(LMS)=%,$(LMS_EXPORTERS))))
export: venv
ifeq ($(LMS),)
	$(BIN)/nbgrader export
else
	@test -n "$(LMS_EXPORTER)" || { echo "error: unknown LMS=$(LMS); choose one of: $(LMS_CHOICES)"; exit 2; }
	$(BIN)/nbgrader export --exporter=crossing_borders.course.lms.$(LMS_EXPORTER) --to=grades-$(LMS).csv --LmsExport.roster=$(ROSTER) $(EXPORT_FLAGS)
endif

# Grade analytics, offline pages: analytics/<assignment>/index.html with its figures
# and summary.json, or without ASSIGNMENT the course's table, analytics/index.html.
analytics: venv
	$(BIN)/crossing-borders analytics $(ASSIGNMENT)

# Check that no solution or hidden-test line reached the site, a release or feedback.
leaks: venv
	$(BIN)/crossing-borders leaks _build/html $(wildcard release feedback)

# Generated files only: notebooks/ holds students' own work and is never removed.
clean:
	rm -rf _build exercises_site

# Refresh the vendored widget scripts from the npm registry (needs npm; not part of the build).
HTML_MANAGER := 1.0.15
REQUIREJS    := 2.3.8
vendor:
	rm -rf /tmp/cb-vendor && mkdir -p /tmp/cb-vendor
	cd /tmp/cb-vendor && npm pack --silent @jupyter-widgets/html-manager@$(HTML_MANAGER) requirejs@$(REQUIREJS)
	cd /tmp/cb-vendor && for f in *.tgz; do mkdir -p "$${f%.tgz}" && tar xzf "$$f" -C "$${f%.tgz}"; done
	cp /tmp/cb-vendor/jupyter-widgets-html-manager-$(HTML_MANAGER)/package/dist/embed-amd.js \
	   /tmp/cb-vendor/jupyter-widgets-html-manager-$(HTML_MANAGER)/package/dist/*.woff2 assets/vendor/jupyter-widgets/
	cp /tmp/cb-vendor/requirejs-$(REQUIREJS)/package/require.js assets/vendor/jupyter-widgets/
