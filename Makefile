# The two commands a newcomer needs (see README):
#   make course   set up .venv, generate the student releases, build the book to _build/html
#   make test     set up .venv, run the test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
# MathJax is served with the book, so math renders offline (see _config.yml: mathjax_path).
MATHJAX_VERSION := 3.2.2
MATHJAX := .vendor/mathjax/tex-mml-chtml.js
CHROMIUM ?= /usr/bin/chromium
BWRAP ?= /usr/bin/bwrap
# Chapters load CIFAR-10 with load_cifar10(), which reads $SGDCOURSE_DATA: point it at a local
# copy beside the checkout when there is one (else the loader downloads into the user cache).
export SGDCOURSE_DATA ?= $(wildcard $(abspath ../shared/data))

.PHONY: course exercises book test

course: exercises book

exercises: $(INSTALLED)
	$(BIN)/sgdcourse exercises build

book: $(INSTALLED) $(MATHJAX)
	$(BIN)/sgdcourse book notebooks
	$(BIN)/jupyter-book build -W --keep-going .

test: $(INSTALLED) $(MATHJAX) $(CHROMIUM) $(BWRAP)
	$(BIN)/python -m pytest

$(MATHJAX):
	rm -rf .vendor/mathjax .vendor/package
	mkdir -p .vendor
	cd .vendor && npm pack --silent mathjax@$(MATHJAX_VERSION) && tar -xzf mathjax-$(MATHJAX_VERSION).tgz package/es5
	mv .vendor/package/es5 .vendor/mathjax
	rm -rf .vendor/package .vendor/mathjax-$(MATHJAX_VERSION).tgz

# The browser test drives Debian's Chromium (Playwright cannot download browsers here).
$(CHROMIUM):
	apt-get update && apt-get install -y chromium

# Class grading runs every student's notebook inside a bubblewrap sandbox (sgdcourse.grading.classroom.sandbox).
$(BWRAP):
	apt-get update && apt-get install -y bubblewrap

# Re-install whenever the declared dependencies change.
$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -e '.[dev]'
	touch $@
