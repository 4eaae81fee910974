.PHONY: test lint namespaces check bench

test:
	python -m pytest

lint:
	ruff check kg tests tools benchmarks
	ruff format --check kg tests tools benchmarks

namespaces:
	python tools/gen_namespaces.py

check:
	python tools/gen_namespaces.py --check
	kg validate --register-only

bench:
	python benchmarks/run.py
