"""kg: a knowledge graph of London's health system, built from documents.

The pipeline: documents -> readers -> mentions -> resolved entities -> relations -> RDF in an
embedded store, with network analysis, SPARQL and a viewer on top.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
