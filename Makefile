# Iris Scaling Lab: `make` (or `make help`) lists every target with its `##` description.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# Debian's python3 carries python3-sklearn / python3-onnx / python3-locust (a pyenv python3 on PATH does not).
PYTHON ?= /usr/bin/python3

.PHONY: help
help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z0-9_-]+:.*## / {printf "  \033[36m%-14s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

.PHONY: install
install: ## Install the npm workspaces exactly as locked
	npm ci

.PHONY: build
build: ## Compile every workspace
	npm run build

.PHONY: test
test: ## Run the whole test suite (what CI runs)
	npm test

.PHONY: lint
lint: ## ESLint and Prettier checks
	npm run lint

.PHONY: demo
demo: ## Run the embedded lab (no Docker, no cluster) and print where the report is
	npm run demo

.PHONY: train-model
train-model: ## Retrain the Iris model and rewrite service/model/ (needs python3-sklearn, python3-onnx)
	$(PYTHON) service/model/train.py

.PHONY: bench
bench: ## Benchmark /predict against a bare node:http ceiling on loopback (needs wrk)
	npm run build -w service && node service/bench/run.mjs
