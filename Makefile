# The two commands a newcomer needs (see README):
#   make course   set up .venv, generate the student releases, build the book to _build/html
#   make test     set up .venv, run the test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: course exercises book test

course: exercises book

exercises: $(INSTALLED)
	$(BIN)/sgdcourse exercises build

book: $(INSTALLED)
	$(BIN)/jupyter-book build -W --keep-going .

test: $(INSTALLED)
	$(BIN)/python -m pytest

# Re-install whenever the declared dependencies change.
$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -e '.[dev]'
	touch $@
