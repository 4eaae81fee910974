"""The one place that decides which data files kg reads: the ontology, the register, the sample corpus.

kg reads the copies shipped inside the package, ``kg/data/ontology`` and ``kg/data/seeds``, so an
installed kg (wheel, ``pip install .`` or ``-e``) works from any folder. In a checkout the
top-level ``ontology/`` and ``seeds/`` folders are the ones people edit; ``tools/sync_data.py``
copies them into ``kg/data/`` and a test fails while the two differ.

Overrides, for a register or ontology of one's own:

* ``KG_REGISTER`` (or ``kg --register DIR``): the folder holding the register CSV files;
* ``KG_ONTOLOGY_PATH``: the folder holding ``kg.ttl`` and ``shapes.ttl``.

``KG_SEEDS_PATH`` is the older name of ``KG_REGISTER`` and still read.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

REGISTER_ENV = "KG_REGISTER"
ONTOLOGY_ENV = "KG_ONTOLOGY_PATH"


def data_dir() -> Path:
    """The package's data folder (``kg/data``), as a real folder on disk.

    >>> (data_dir() / "ontology" / "kg.ttl").is_file()
    True
    """
    found = resources.files("kg") / "data"
    path = Path(str(found))
    if not path.is_dir():  # e.g. kg imported from a zip file: the data must be on disk
        raise FileNotFoundError(f"{path}: kg's data folder is missing; reinstall the package")
    return path


def ontology_dir() -> Path:
    """The folder holding ``kg.ttl`` and ``shapes.ttl``."""
    return Path(os.environ.get(ONTOLOGY_ENV) or data_dir() / "ontology")


def register_dir() -> Path:
    """The folder holding the register CSV files (``organisations.csv``, ``aliases.csv``, ...)."""
    return Path(os.environ.get(REGISTER_ENV) or os.environ.get("KG_SEEDS_PATH") or data_dir() / "seeds")


def sample_documents_dir() -> Path:
    """The small sample corpus shipped with kg, which ``kg build`` reads when given no paths."""
    return data_dir() / "seeds" / "documents"


seeds_dir = register_dir  # the name earlier code and notebooks use
