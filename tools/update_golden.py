"""Write tests/golden/NAME.nt for every tests/golden/NAME.txt (review the diff before committing)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.golden import document_ntriples  # noqa: E402


def main() -> None:
    for doc in sorted((ROOT / "tests" / "golden").glob("*.txt")):
        out = doc.with_suffix(".nt")
        out.write_text(document_ntriples(doc), encoding="utf-8")
        print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
