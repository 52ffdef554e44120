# healthcheck — developer entry points.  On a fresh Debian/Ubuntu machine:
#
#   make report    build the default report (build/<year>/report.pdf)
#   make test      run the tests
#
# Both install what they need on first run (scripts/bootstrap.sh: system packages,
# uv, .venv from uv.lock) and nothing on later runs.

.DEFAULT_GOAL := help

VENV      := .venv
BIN       := $(VENV)/bin
BOOTSTRAP := bash scripts/bootstrap.sh

PYTEST_ARGS ?=
REPORT_ARGS ?=
LAB_ARGS    ?=

.PHONY: help setup report national validate forms test lab lint format bench hooks clean distclean

help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-10s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

setup: ## install system packages, uv and .venv (every target below does this first)
	@$(BOOTSTRAP)

report: ## build the default report: build/<year>/report.pdf (pass REPORT_ARGS=...)
	@$(BOOTSTRAP)
	$(BIN)/healthcheck report $(REPORT_ARGS)

national: ## build the national 城市体检 demonstration: build-national/<year>/report.pdf (REPORT_ARGS=...)
	@$(BOOTSTRAP)
	$(BIN)/healthcheck report --plan examples/wuhan-national/plan \
		--data examples/wuhan-national/data --out build-national $(REPORT_ARGS)

validate: ## validate data/ against the schemas
	@$(BOOTSTRAP)
	$(BIN)/healthcheck validate

FORMS_YEAR ?=
FORMS_ARGS ?=

forms: ## write the fill-in Excel forms (FORMS_YEAR: default the year after the latest data) into build/forms/ (FORMS_ARGS=...)
	@$(BOOTSTRAP)
	$(BIN)/healthcheck forms $(if $(FORMS_YEAR),--year $(FORMS_YEAR)) --out build/forms $(FORMS_ARGS)

test: ## run the tests (pass PYTEST_ARGS=..., e.g. PYTEST_ARGS="-m 'not e2e' -x")
	@$(BOOTSTRAP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lab: ## install the lab group and open JupyterLab in notebooks/ (kernel: this .venv)
	@test -x $(BIN)/jupyter-lab || rm -f $(VENV)/.synced  # e.g. a plain `uv sync` removed it
	@$(BOOTSTRAP) --group lab
	cd notebooks && PATH="$(CURDIR)/$(BIN):$$PATH" exec "$(CURDIR)/$(BIN)/jupyter" lab \
		$$([ "$$(id -u)" -eq 0 ] && echo --allow-root) $(LAB_ARGS)

lint: ## ruff check + ruff format --check + mypy + the architecture rules (all run; fails if any fails)
	@$(BOOTSTRAP)
	@rc=0; \
	echo "$(BIN)/ruff check ."; $(BIN)/ruff check . || rc=1; \
	echo "$(BIN)/ruff format --check ."; $(BIN)/ruff format --check . || rc=1; \
	echo "$(BIN)/python -m mypy"; $(BIN)/python -m mypy || rc=1; \
	echo "$(BIN)/python scripts/check_architecture.py"; $(BIN)/python scripts/check_architecture.py || rc=1; \
	exit $$rc

format: ## ruff format + ruff check --fix
	@$(BOOTSTRAP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: ## run the benchmarks
	@$(BOOTSTRAP)
	$(BIN)/python benchmarks/run.py

hooks: ## install the git pre-commit hooks (.pre-commit-config.yaml) with uv's pre-commit
	$(BOOTSTRAP) uv tool run --from 'pre-commit>=3.7' pre-commit install

clean: ## remove build outputs (build/, including its cache) and tool caches
	rm -rf build build-national .pytest_cache .ruff_cache
	find . -path ./$(VENV) -prune -o -path ./.git -prune -o -name __pycache__ -type d -exec rm -rf {} +

distclean: clean ## also remove .venv and .cache (next make re-installs)
	rm -rf $(VENV) .cache
