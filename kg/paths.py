"""Where the project's data files live: the ontology and the reference register.

``KG_ONTOLOGY_PATH`` and ``KG_SEEDS_PATH`` override the folders of a source checkout.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def ontology_dir() -> Path:
    """The folder holding ``kg.ttl`` and ``shapes.ttl``."""
    return Path(os.environ.get("KG_ONTOLOGY_PATH") or ROOT / "ontology")


def seeds_dir() -> Path:
    """The folder holding the reference register CSV files and the sample documents."""
    return Path(os.environ.get("KG_SEEDS_PATH") or ROOT / "seeds")
