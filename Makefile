# `make run` and `make test` do all set-up themselves on a fresh machine (see README.md).
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV := .venv
BIN := $(VENV)/bin
PYTHON ?= python3
INSTALLED := $(VENV)/.installed
# aws-sam-cli pins its own versions of boto3, cfn-lint and more: it lives in its own venv,
# installed the first time it is needed.
SAM_VENV := .venv-sam
SAM := $(SAM_VENV)/bin/sam
SAMCONFIG := infra/samconfig.toml

.PHONY: help install run test bench lint typecheck template-lint audit fuzz build deploy load lock

help:
	@echo "make run    serve the product at http://127.0.0.1:$${PORT:-3000} with embedded AWS"
	@echo "            (make run ARGS=--offline: MP lookups from bundled sample data)"
	@echo "make test   lint, type-check, lint the template, audit dependencies and run every test"
	@echo "make deploy build and deploy to AWS (guided the first time; see docs/deploying.md)"
	@echo "make load   a spike of supporters on a local stack, then checks nothing was lost (ARGS=--help)"
	@echo "make bench  the performance figures as ratios against same-run baselines (a few minutes)"
	@echo "make lock   re-lock the Lambda layers' dependencies after pyproject.toml changes (needs uv)"

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
	$(BIN)/lint-imports --no-cache --no-logo

typecheck: $(INSTALLED)
	$(BIN)/mypy

template-lint: $(INSTALLED) $(SAM)
	$(BIN)/cfn-lint template.yaml
	$(OFFLINE_AWS) $(SAM) validate --lint --template template.yaml

# The checks and the fuzz tests run side by side (each one's output kept together), then the
# other tests with pytest-xdist: a worker per core, each test file on one worker (a browser file
# shares one local stack between its tests). Servers listen on free ports and moto lives in each
# worker's memory. schemathesis gives all its operations one node id, of which pytest-xdist would
# run only one (tests/conftest.py refuses that): the fuzz tests run in a pytest of their own.
test: $(INSTALLED)
	@$(MAKE) --no-print-directory --jobs=4 --output-sync=target lint typecheck template-lint audit fuzz
	$(BIN)/pytest -p no:cacheprovider -m "not fuzz" --numprocesses auto --dist loadfile

fuzz: $(INSTALLED)
	$(BIN)/pytest -p no:cacheprovider -m fuzz

# About 70 s: 50 supporters at a time for 60 s, each from its own loopback address (docs/operating.md, "Fuzzing and load test").
load: $(INSTALLED)
	$(BIN)/python -m benchmarks.load $(ARGS)

# Not part of `make test`: it takes minutes and its figures are ratios to read, not pass/fail checks.
bench: $(INSTALLED)
	$(BIN)/python -m benchmarks

# Checks installed packages against known vulnerabilities: a finding fails; where PyPI's JSON API
# cannot be reached (this project's machines), a loud warning says nothing could be checked.
audit: $(INSTALLED)
	$(BIN)/python -m tools.audit

# -- AWS SAM: validate, build and deploy (docs/deploying.md) ----------------------
# `sam validate` reads no AWS account, but botocore insists on a region and credentials:
# give it obviously fake ones, so a developer's real credentials are never involved.
OFFLINE_AWS := env -u AWS_PROFILE -u AWS_SESSION_TOKEN AWS_ACCESS_KEY_ID=offline-validation AWS_SECRET_ACCESS_KEY=offline-validation \
	AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_DEFAULT_REGION=eu-west-2 SAM_CLI_TELEMETRY=0

$(SAM):
	@if command -v uv >/dev/null 2>&1; then \
	  uv venv --quiet --allow-existing --python "$(PYTHON)" $(SAM_VENV) && \
	  VIRTUAL_ENV=$(SAM_VENV) uv pip install --quiet "aws-sam-cli>=1.130,<2"; \
	else \
	  $(PYTHON) -m venv $(SAM_VENV) && \
	  $(SAM_VENV)/bin/pip install --quiet "aws-sam-cli>=1.130,<2"; \
	fi

# `sam build` runs these (Metadata: BuildMethod: makefile) with ARTIFACTS_DIR set. The
# dependencies are built once, into two layers (docs/performance.md): DependenciesLayer, which
# every function gets (template.yaml, Globals), and SocialClientsLayer, for the functions that
# talk to the social networks. Each installs only what its lock names, with its hashes, as
# CPython 3.12 aarch64 wheels (so neither Python 3.12 nor Docker is needed here) and resolves
# nothing (--no-deps): the locks are complete. A function ships only its own code: lobbykit/
# with templates/ beside it (config.TEMPLATE_DIRS), without local/ (the laptop stack: moto,
# stubs, sample data), which never runs in Lambda. A new function needs no rule of its own.
LAMBDA_WHEELS := --platform manylinux2014_aarch64 --only-binary=:all: --python-version 3.12 --implementation cp
LAYER_INSTALL = $(PYTHON) -m pip install --quiet --disable-pip-version-check --no-compile --no-deps \
	--require-hashes $(LAMBDA_WHEELS) --target "$(ARTIFACTS_DIR)/python"
LOCKS := functions/layers
build-DependenciesLayer:
	$(LAYER_INSTALL) --requirement $(LOCKS)/core.txt

build-SocialClientsLayer:
	$(LAYER_INSTALL) --requirement $(LOCKS)/social.txt

build-%Function:
	cp -R functions/lobbykit templates "$(ARTIFACTS_DIR)/"
	rm -rf "$(ARTIFACTS_DIR)/lobbykit/local"
	find "$(ARTIFACTS_DIR)" -name __pycache__ -type d -prune -exec rm -rf {} +

# Resolves the locks again from pyproject.toml, for the Lambda runtime (python3.12, arm64):
# core.txt its dependencies, social.txt what its social extra adds (at core.txt's versions).
# uv keeps every version the lock already has that still fits; ARGS=--upgrade takes the newest.
LOCK_FOR_LAMBDA := --quiet --generate-hashes --python-platform aarch64-manylinux2014 --python-version 3.12 \
	--custom-compile-command "make lock" $(ARGS)
lock:
	@command -v uv >/dev/null 2>&1 || { echo "make lock needs uv (pip install uv)" >&2; exit 1; }
	uv pip compile pyproject.toml $(LOCK_FOR_LAMBDA) -o $(LOCKS)/core.txt
	uv pip compile pyproject.toml --extra social $(LOCK_FOR_LAMBDA) --constraint $(LOCKS)/core.txt \
	  $$(sed -n 's/^\([a-z0-9._-]*\)==.*/--no-emit-package \1/p' $(LOCKS)/core.txt) -o $(LOCKS)/social.txt

# --build-in-source: make runs here, without first copying the repository (and .venv) away.
build: $(SAM)
	SAM_CLI_TELEMETRY=0 $(SAM) build --build-in-source --config-file $(SAMCONFIG)

# The first deployment asks for the parameters (guided) and saves them to infra/samconfig.toml.
deploy: build
	@if grep -q '^parameter_overrides' $(SAMCONFIG); then \
	  SAM_CLI_TELEMETRY=0 $(SAM) deploy --config-file $(SAMCONFIG); \
	else \
	  SAM_CLI_TELEMETRY=0 $(SAM) deploy --guided --config-file $(SAMCONFIG); \
	fi
