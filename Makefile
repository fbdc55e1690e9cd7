# The two commands a newcomer needs: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
NEWSLEDGER := $(VENV)/bin/newsledger
SHARED ?= ../shared

.PHONY: setup demo test bench lint clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

demo: setup
	$(NEWSLEDGER) analyze examples/wire-militia-recruitment.txt --format text
	rm -f demo.db
	$(NEWSLEDGER) add examples --db demo.db
	$(NEWSLEDGER) incidents --db demo.db
	@echo "Ledger of the examples in demo.db. Browse it: $(NEWSLEDGER) serve --db demo.db, then open http://127.0.0.1:8000/"

test: setup
	$(PY) -m pytest -q

bench: setup
	$(PY) -m newsledger.bench --data $(SHARED)/datasets/polnear/dev/text

lint: setup
	$(VENV)/bin/ruff check src tests
	$(VENV)/bin/mypy src

clean:
	rm -rf $(VENV) build dist .pytest_cache
