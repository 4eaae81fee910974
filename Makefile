# Each target is listed, with what it does, in the README's Development section (a test checks).
.PHONY: test lint data namespaces check ci bench

test:
	python -m pytest

lint:
	ruff check kg tests tools benchmarks
	ruff format --check kg tests tools benchmarks

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
