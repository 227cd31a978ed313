# Iris Scaling Lab: `make` (or `make help`) lists every target with its `##` description.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# Debian's python3 carries python3-sklearn / python3-onnx / python3-locust (a pyenv python3 on PATH does not).
# (`lab run --load locust` does not use it: it runs Locust's image in Docker, or the `locust` on PATH.)
PYTHON ?= /usr/bin/python3
# The Node.js that runs the benchmarked servers, e.g. `make bench BENCH_NODE=/opt/node-v24/bin/node`.
BENCH_NODE ?= node

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

.PHONY: demo-ui
demo-ui: ## The demo with its live view in the browser (URL printed; stays up with the report link until Ctrl-C) [UI_PORT=0]
	npm run build
	$(LAB_CLI) run --target local --profile demo --ui$(if $(UI_PORT), --ui-port $(UI_PORT))

.PHONY: locust-ui
locust-ui: ## The embedded lab with Locust's own web UI on localhost:8089 (Locust in Docker) [PROFILE=demo CONDITIONS=... LOCUST_IMAGE=...]
	npm run build -w lab -w service
	$(LAB_CLI) run --target local --profile $(or $(PROFILE),demo) --locust-ui$(if $(CONDITIONS), --conditions \
	$(CONDITIONS))$(if $(LOCUST_IMAGE), --locust-image $(LOCUST_IMAGE))

.PHONY: train-model
train-model: ## Retrain the Iris model and rewrite service/model/ (needs python3-sklearn, python3-onnx)
	$(PYTHON) service/model/train.py

.PHONY: bench
bench: ## Benchmark /predict against a bare node:http ceiling on loopback (needs wrk; BENCH_NODE=path picks the Node)
	npm run build -w lab -w service && $(BENCH_NODE) service/bench/run.mjs

.PHONY: report
report: ## Rebuild a run's report and check it against its raw files: make report RUN=results/<run-id>
	$(if $(RUN),,$(error RUN is required, e.g. make report RUN=results/20261123-134307-local-demo))
	npm run build -w lab
	node lab/dist/src/cli/main.js report $(RUN) --check

.PHONY: compare
compare: ## The reports' 150/300/500 table from results folders: make compare RUNS="results/<a> results/<b>"
	$(if $(RUNS),,$(error RUNS is required: one or more results/<run-id> folders))
	npm run build -w lab
	node lab/dist/src/cli/main.js compare $(RUNS)

# ---- The lab on kind, and GKE delivery ------------------------------------------------------------------------
# Cluster name, namespace, minimum tool versions and URLs are written once in tilt/lab.env (shared with
# scripts/doctor.sh and the Tiltfile).
include tilt/lab.env
DOCTOR := scripts/doctor.sh
LAB_CLI := node lab/dist/src/cli/main.js
TILT_CI_TIMEOUT ?= 20m
# Lab parameters (optional): PROFILE is an id of lab/profiles.yaml, CONDITIONS an id of its conditions (lab by
# default, or a report's), HPA one of report-001 (default), report-000, report-004. All are passed to
# Tilt (`tilt up -- --profile=... --conditions=... --hpa=...`) and to `make experiment`.
PROFILE ?=
CONDITIONS ?=
HPA ?=
TILT_ARGS = $(strip $(if $(PROFILE),--profile=$(PROFILE)) $(if $(CONDITIONS),--conditions=$(CONDITIONS)) $(if \
	$(HPA),--hpa=$(HPA)))
# experiment: optional overrides of the profile's user count and duration (seconds).
USERS ?=
DURATION ?=
# deploy-gke: the target kube context, the Google Cloud project and the image to deploy (all required).
GKE_CONTEXT ?=
GCP_PROJECT ?=
IMAGE ?=

.PHONY: doctor
doctor: ## What this machine can run (lab doctor), then the kind preflight: Docker, tool versions, CPU/memory, inotify, ports, context
	npm run --silent lab -- doctor; embedded=$$?; $(DOCTOR); cluster=$$?; exit $$((embedded | cluster))

.PHONY: kind-cluster
kind-cluster: ## Create the kind cluster from kind-config.yaml unless it exists (kind switches the context to it)
	@if kind get clusters 2>/dev/null | grep -qx '$(KIND_CLUSTER)'; then echo 'kind cluster $(KIND_CLUSTER) exists'; \
	else kind create cluster --name $(KIND_CLUSTER) --config kind-config.yaml; fi

.PHONY: lab-urls
lab-urls: ## Print the lab's URLs
	@echo 'Tilt UI       $(TILT_URL)'
	@echo 'Iris service  $(IRIS_URL)   (POST /predict, GET /model, GET /metrics)'
	@echo 'Jaeger UI     $(JAEGER_URL)'
	@echo 'Locust UI     $(LOCUST_URL)'

.PHONY: lab-up
lab-up: ## Bring the lab up on kind: preflight, cluster (if absent), then `tilt up` [PROFILE=... CONDITIONS=... HPA=...]
	$(DOCTOR) docker tools resources inotify ports
	@$(MAKE) --no-print-directory kind-cluster
	$(DOCTOR) context
	@$(MAKE) --no-print-directory lab-urls
	tilt up --context $(KIND_CONTEXT)$(if $(TILT_ARGS), -- $(TILT_ARGS))

.PHONY: lab-ci
lab-ci: ## Headless check: `tilt ci` until every resource is ready, then `tilt down`; exits with tilt ci's status
	$(DOCTOR) docker tools resources inotify ports
	@$(MAKE) --no-print-directory kind-cluster
	$(DOCTOR) context
	tilt ci --context $(KIND_CONTEXT) --timeout $(TILT_CI_TIMEOUT)$(if $(TILT_ARGS), -- $(TILT_ARGS)); \
	status=$$?; tilt down --context $(KIND_CONTEXT)$(if $(TILT_ARGS), -- $(TILT_ARGS)); exit $$status

.PHONY: lab-down
lab-down: ## Delete the kind cluster and everything in it
	kind delete cluster --name $(KIND_CLUSTER)

.PHONY: experiment
experiment: ## Run a cluster experiment on kind: PROFILE=150|300|500|... [CONDITIONS=report-00x HPA=report-00x USERS=n DURATION=s]
	$(if $(PROFILE),,$(error PROFILE is required, e.g. make experiment PROFILE=150 (ids: lab/profiles.yaml)))
	$(DOCTOR) context
	npm run build -w lab
	$(LAB_CLI) run --target kind --profile $(PROFILE)$(if $(CONDITIONS), --conditions $(CONDITIONS))$(if $(HPA), --hpa \
	$(HPA))$(if $(USERS), --users $(USERS))$(if $(DURATION), --duration $(DURATION))

.PHONY: open-report
open-report: ## Rebuild the newest results/<run-id>/report.html and open it (lab report --open; prints the path without a desktop opener)
	@report="$$(ls -t results/*/report.html 2>/dev/null | head -n 1)"; \
	if [ -z "$$report" ]; then echo 'no report yet under results/: run make experiment or make demo' >&2; exit 1; fi; \
	npm run -s lab -- report "$$(dirname "$$report")" --open

# scripts/deploy-gke.sh (also what .github/workflows/deploy-gke.yml runs) refuses any context but an existing
# gke_* one, composes IMAGE and HPA into an overlay generated under .cache/, fills the overlay's PROJECT_ID
# placeholder in the rendered manifest only, applies it and waits for the rollout: tracked files never change.
.PHONY: deploy-gke
deploy-gke: ## Deploy to GKE: GKE_CONTEXT=gke_... GCP_PROJECT=... IMAGE=<registry>/iris-service:<tag> [HPA=...]
	scripts/deploy-gke.sh --context '$(GKE_CONTEXT)' --project '$(GCP_PROJECT)' --image '$(IMAGE)'$(if $(HPA), --hpa $(HPA))
