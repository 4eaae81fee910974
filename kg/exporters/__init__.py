"""Pipeline stage 6c: exporters of the store to files (RDF formats, network formats, HTML)."""

from __future__ import annotations

from kg.exporters import rdf as rdf  # noqa: F401  (registers the RDF formats)
from kg.registry import exporters

__all__ = ["exporters"]
