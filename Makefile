# Each target is listed, with what it does, in the README's Development section (a test checks).
.PHONY: test lint hooks data namespaces check ci bench

test:
	python -m pytest

lint:
	ruff check kg tests tools benchmarks
	ruff format --check kg tests tools benchmarks
	python -m pytest tests/test_layers.py -q -p no:cacheprovider

hooks:
	pre-commit install

data:
	python tools/sync_data.py

namespaces:
	python tools/gen_namespaces.py

check:
	python tools/sync_data.py --check
	python tools/gen_namespaces.py --check
	python tools/gen_queries.py --check
	kg validate --register-only

ci:
	.ci/run

bench:
	python benchmarks/run.py
