# `make run` and `make test` do all set-up themselves on a fresh machine (see README.md).
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV := .venv
BIN := $(VENV)/bin
PYTHON ?= python3
INSTALLED := $(VENV)/.installed

.PHONY: help install run test lint typecheck template-lint audit load

help:
	@echo "make run    serve the product at http://127.0.0.1:$${PORT:-3000} with embedded AWS"
	@echo "            (make run ARGS=--offline: MP lookups from bundled sample data)"
	@echo "make test   lint, type-check, lint the template and run every test"
	@echo "make load   a spike of supporters on a local stack, then checks nothing was lost (ARGS=--help)"

# uv where available (about 15x faster), else pip; re-run whenever pyproject.toml changes.
$(INSTALLED): pyproject.toml
	@if command -v uv >/dev/null 2>&1; then \
	  uv venv --quiet --allow-existing --python "$(PYTHON)" $(VENV) && \
	  VIRTUAL_ENV=$(VENV) uv pip install --quiet -e ".[dev]"; \
	else \
	  $(PYTHON) -m venv $(VENV) && \
	  $(BIN)/pip install --quiet --upgrade pip && \
	  $(BIN)/pip install --quiet -e ".[dev]"; \
	fi
	@touch $@

install: $(INSTALLED)

run: $(INSTALLED)
	$(BIN)/lobbykit serve $(ARGS)

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(INSTALLED)
	$(BIN)/mypy

template-lint: $(INSTALLED)
	$(BIN)/cfn-lint template.yaml

test: lint typecheck template-lint
	$(BIN)/pytest -p no:cacheprovider

# About 70 s: 50 supporters at a time for 60 s, each from its own loopback address (README, "Load test").
load: $(INSTALLED)
	$(BIN)/python -m benchmarks.load $(ARGS)

# Checks installed packages against known vulnerabilities (needs the PyPI JSON API).
audit: $(INSTALLED)
	VIRTUAL_ENV=$(VENV) uv pip freeze --exclude-editable > .venv/requirements-audit.txt
	uvx pip-audit --requirement .venv/requirements-audit.txt --no-deps --disable-pip
