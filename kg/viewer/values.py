"""Plain values for the viewer's data: text, dates, numbers and colours read from node and edge attributes."""

from __future__ import annotations

import math
import re
from datetime import date, datetime


def local_name(iri: object) -> str:
    """The part of an IRI after its last ``#`` or ``/``.

    >>> local_name("https://w3id.org/london-health-kg/ontology#leads"), local_name("leads")
    ('leads', 'leads')
    """
    text = str(iri or "")
    return re.split(r"[#/]", text)[-1] if ("#" in text or "/" in text) else text


def _text(value: object) -> str:
    if value is None:
        return ""
    return str(value).strip()


def _date(value: object) -> str:
    """An ISO date, possibly partial (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``), or "".

    >>> _date("2023-05-17T10:00:00"), _date("2023"), _date("n.d.")
    ('2023-05-17', '2023', '')
    """
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    match = re.match(r"\d{4}(-\d{2}(-\d{2})?)?", str(value).strip())
    return match.group(0) if match else ""


def _number(value: object) -> float | None:
    """A finite number (ints, floats, Decimals, numeric strings) rounded to 4 places, or None."""
    number = _number_raw(value)
    return round(number, 4) if number is not None else None


def _round(value: object) -> float:
    """Four significant figures: enough for sizes and the panel, and fewer bytes.

    >>> _round(0.000123456), _round(0.5)
    (0.0001235, 0.5)
    """
    number = _number_raw(value)
    return float(f"{number:.4g}") if number is not None else 0.0


def _number_raw(value: object) -> float | None:
    if value is None or value == "":
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _int(value: object) -> int | None:
    number = _number(value)
    return int(number) if number is not None else None


def _strings(value: object) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value if v is not None and str(v) != ""]


def _darker(colour: str, factor: float = 0.7) -> str:
    """A darker shade of a ``#rrggbb`` colour, for borders.

    >>> _darker("#ffffff")
    '#b2b2b2'
    """
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(c * factor):02x}" for c in (r, g, b))
