PYTHON ?= python3
CORPORA ?= ../shared/corpora
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: install test lint readme-check eval bench peers gazetteers regions models clean

install: $(BIN)/kg

$(BIN)/kg: pyproject.toml
	@# a Chinese font for `kg graph -o FILE.png`, where Debian's packages can be installed (root)
	-@if command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ] && ! fc-list :lang=zh 2>/dev/null | grep -q .; then \
	  apt-get install -y -q fonts-wqy-microhei >/dev/null 2>&1 || \
	  (apt-get update -q >/dev/null 2>&1 && apt-get install -y -q fonts-wqy-microhei >/dev/null 2>&1); fi
	@# Chromium for the browser test of `kg serve` (tests/test_serve.py), likewise; without it that test is skipped
	-@if command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ] && ! command -v chromium >/dev/null; then \
	  export DEBIAN_FRONTEND=noninteractive; apt-get install -y -q chromium >/dev/null 2>&1 || \
	  (apt-get update -q >/dev/null 2>&1 && apt-get install -y -q chromium >/dev/null 2>&1) || \
	  echo "chromium could not be installed: the browser test of kg serve will be skipped"; fi
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

test: install
	$(BIN)/ruff check kg tests bench
	$(BIN)/pytest -q

lint: install
	$(BIN)/ruff check kg tests bench

# Runs the README's quick start and compares the output with what the README shows (also a test);
# `$(BIN)/python tests/readme_quickstart.py --update` rewrites the shown output from a fresh run.
readme-check: install
	$(BIN)/python tests/readme_quickstart.py

eval: install
	$(BIN)/kg eval data/gold/seeds.gold.jsonl data/gold/dev.gold.jsonl

bench: install
	$(BIN)/python bench/extract.py

# The offline tools a user could pick instead (THULAC, jieba), scored beside laomo-kg on the gold files.
# They live in a venv of their own, so they never become dependencies of the project.
BENCH_VENV ?= build/bench-venv
PEERS      := thulac==0.2.2 jieba==0.42.1

$(BENCH_VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/pip install --quiet --upgrade pip
	$(BENCH_VENV)/bin/pip install --quiet -e . $(PEERS)
	touch $@

peers: $(BENCH_VENV)/.installed
	$(BENCH_VENV)/bin/python bench/peers.py --out bench/peers.md

# Name statistics (given-name characters, surname counts, surname-led words) from ../shared/corpora
gazetteers: install
	$(BIN)/python -m kg.build_name_stats

# Every Chinese admin division (data/gazetteers/regions.tsv) from the list the PyPI package jionlp ships:
# its wheel is fetched with pip into build/ (not installed, not a runtime dependency), checked against the
# pinned digest, merged with data/gazetteers/regions_extra.tsv; common words from PKU 1998 in $(CORPORA).
regions: install
	$(BIN)/python -m kg.build_regions --corpus $(CORPORA)/pku98_peoples_daily/all.words.jsonl.xz

# Retrain the shipped models (data/models/) from the public corpora; CI and `make test` never train.
models: install
	$(BIN)/python -m kg.training.segmenter --corpora $(CORPORA) --out data/models/pkuseg
	$(BIN)/python -m kg.training.ner --corpora $(CORPORA) --out build/ner-stage1
	$(BIN)/python -m kg.training.ner --corpora $(CORPORA) --init-from build/ner-stage1 \
	    --train-sets msra:train,cluener:train --max-steps 1500 --eval-frequency 500 --learn-rate 0.0003 \
	    --ship last --out data/models/ner

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
