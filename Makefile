PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint bench clean

$(BIN)/workbench: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	$(BIN)/python -m compileall -q workbench plugins schemas > /dev/null
	touch $@

demo: $(BIN)/workbench  ## create .venv, install, check the seed articles
	$(BIN)/workbench check seeds/

test: $(BIN)/workbench  ## linters, type checker, import contracts, the suite, then the example plugin's
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/pytest
	$(BIN)/pip install --quiet -e examples/workbench-phrases
	$(BIN)/pytest examples/workbench-phrases; status=$$?; \
	$(BIN)/pip uninstall --quiet --yes workbench-phrases; exit $$status

bench: $(BIN)/workbench  ## print the benchmark figures
	$(BIN)/python benchmarks/startup.py
	$(BIN)/python benchmarks/online_links.py
	$(BIN)/python benchmarks/checking_throughput.py
	$(BIN)/python benchmarks/eval_verdicts.py
	$(BIN)/python benchmarks/throughput.py
	$(BIN)/python benchmarks/serve.py

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache
