# Decorum: every job a developer, a reviewer or CI runs. `make run` and `make test` set everything
# up from nothing; the other targets assume nothing either.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
TOOLS := .tools
SAM := $(TOOLS)/sam/bin/sam
CHECKOV := $(TOOLS)/checkov/bin/checkov
FUZZ_EXAMPLES ?= 300
BENCH := $(TOOLS)/bench
export AWS_DEFAULT_REGION ?= us-east-1
export SAM_CLI_TELEMETRY := 0

.PHONY: chromium install run test lint format unit integration infrastructure eval train bench fuzz load build validate clean

$(BIN)/.installed: pyproject.toml layers/decorum/requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

# The SAM CLI pins its own pydantic and boto3: it gets a virtual environment of its own.
$(SAM):
	$(PYTHON) -m venv $(TOOLS)/sam
	$(TOOLS)/sam/bin/pip install --quiet --disable-pip-version-check aws-sam-cli==1.170.0

# The API page test renders /v1/docs in a real headless browser: Debian's chromium package.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
chromium:
	@command -v chromium >/dev/null || command -v chromium-browser >/dev/null || \
	  { $(SUDO) apt-get install -y -q chromium || { $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q chromium; }; }

# checkov too: its dependencies would fight the project's pins.
$(CHECKOV):
	$(PYTHON) -m venv $(TOOLS)/checkov
	$(TOOLS)/checkov/bin/pip install --quiet --disable-pip-version-check checkov==3.3.30

# `make bench` compares the engine with other filters. Those peers (scikit-learn among them, about
# 275 MB) are dev-only tools: a virtual environment of their own, never the layer nor .venv.
$(BENCH)/.installed: pyproject.toml layers/decorum/requirements.txt
	test -x $(BENCH)/bin/python || $(PYTHON) -m venv $(BENCH)
	$(BENCH)/bin/pip install --quiet --disable-pip-version-check -e '.[bench]'
	touch $@

install: $(BIN)/.installed

run: install
	$(BIN)/decorum serve

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy layers functions tests

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

TOOL_PATH := $(CURDIR)/$(TOOLS)/sam/bin:$(CURDIR)/$(TOOLS)/checkov/bin

test: install $(SAM) $(CHECKOV) chromium lint
	PATH="$(TOOL_PATH):$$PATH" $(BIN)/pytest

unit: install
	$(BIN)/pytest tests/unit

integration: install chromium
	$(BIN)/pytest tests/integration

infrastructure: install $(SAM) $(CHECKOV)
	PATH="$(TOOL_PATH):$$PATH" $(BIN)/pytest tests/infrastructure

# 5,000 requests from 20 concurrent clients over 200 sessions, checked against `decorum replay`.
load: install
	$(BIN)/python -m tests.load.load $(LOAD_ARGS)

# A long schemathesis run against the local stack (`make test` runs a short one).
fuzz: install
	DECORUM_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/pytest -rP tests/integration/test_fuzz.py

eval: install
	$(BIN)/python -m tests.evaluation.evaluate
	$(BIN)/python -m tests.evaluation.public
	$(BIN)/python -m tests.evaluation.evasions

# Re-learn the word models (policy/default/model.json, provider_model.json) from the development
# splits (never the measurement splits).
train: install
	$(BIN)/python -m tests.training.train

# Measurements only (no pass/fail); the report is also written to build/bench.md.
# BENCH_ARGS=--quick for a smoke run.
bench: $(BENCH)/.installed
	$(BENCH)/bin/python -m tests.benchmarks.bench $(BENCH_ARGS)

validate: $(SAM)
	$(SAM) validate --lint

build: $(SAM)
	$(SAM) build

clean:
	rm -rf $(VENV) $(TOOLS) .aws-sam .pytest_cache .mypy_cache .ruff_cache
