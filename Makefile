PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: install test lint eval bench clean

install: $(BIN)/kg

$(BIN)/kg: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

test: install
	$(BIN)/ruff check kg tests bench
	$(BIN)/pytest -q

lint: install
	$(BIN)/ruff check kg tests bench

eval: install
	$(BIN)/kg eval data/gold/seeds.gold.jsonl

bench: install
	$(BIN)/python bench/extract.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
