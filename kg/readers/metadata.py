"""Document metadata helpers: dates, header blocks, front matter and sidecar files.

Pipeline stage 1: document -> Text. Readers find title, date, publisher and URL in the
document itself; a sidecar ``<file>.meta.json`` (or ``<stem>.meta.json``) beside the document
overrides them.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from kg.readers.errors import ReaderError
from kg.records import Text

#: Metadata keys a header block, front matter or sidecar may set.
METADATA_KEYS: tuple[str, ...] = ("title", "date", "publisher", "url")

#: Suffix of sidecar metadata files.
SIDECAR_SUFFIX = ".meta.json"

_DATE_FORMATS: tuple[str, ...] = (
    "%Y-%m-%d",
    "%d %B %Y",
    "%d %b %Y",
    "%B %d, %Y",
    "%b %d, %Y",
    "%B %d %Y",
    "%b %d %Y",
    "%d %B, %Y",
    "%d/%m/%Y",
    "%d-%m-%Y",
    "%d.%m.%Y",
    "%Y/%m/%d",
    "%Y.%m.%d",
    "%Y%m%d",
)
_ISO_PREFIX = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[T ]\d|$)")
_ORDINAL = re.compile(r"(?<=\d)(?:st|nd|rd|th)\b", re.IGNORECASE)
_WEEKDAY = re.compile(r"^(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+", re.I)
_HEADER_LINE = re.compile(r"^(title|date|publisher|url)[ \t]*:[ \t]*(.*?)[ \t]*$", re.IGNORECASE)
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_YAML_LINE = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*?)[ \t]*$")


def parse_date(value: object) -> str | None:
    """Normalise a date to ISO ``YYYY-MM-DD``.

    Accepts ISO dates and datetimes ("2022-06-13", "2022-06-13T09:00:00Z"), "13 June 2022",
    "13th Jun 2022", "June 13, 2022", "Monday, 13 June 2022", day-first numeric dates
    ("13/06/2022"), and :class:`datetime.date` / :class:`datetime.datetime` objects.

    Args:
        value: The date as found in the document, or a date object.

    Returns:
        The ISO date, or None when it cannot be parsed as a full date.
    """
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    if not text:
        return None
    iso = _ISO_PREFIX.match(text)
    text = iso.group(1) if iso else _WEEKDAY.sub("", _ORDINAL.sub("", text)).replace("Sept ", "Sep ")
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def clean_value(value: object) -> str | None:
    """A metadata value as a single-line string, or None when empty.

    Args:
        value: Any value found in metadata.

    Returns:
        The value with whitespace collapsed, or None.
    """
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


def _to_metadata(pairs: dict[str, str]) -> dict[str, str | None]:
    """Clean header or front-matter values, normalising the date.

    Args:
        pairs: Lower-case keys from :data:`METADATA_KEYS` mapped to raw values.

    Returns:
        The cleaned metadata.
    """
    meta: dict[str, str | None] = {key: clean_value(value) for key, value in pairs.items()}
    if "date" in meta:
        meta["date"] = parse_date(meta["date"])
    return meta


def split_header_block(text: str) -> tuple[dict[str, str | None], str]:
    """Take a leading header block of ``Key: value`` lines off a plain-text document.

    The block is the lines before the first blank line; it counts as a header only if every
    line is ``Title:``, ``Date:``, ``Publisher:`` or ``URL:`` (keys case-insensitive).

    Args:
        text: Normalised document text.

    Returns:
        The metadata found (empty when there is no header block) and the remaining text.
    """
    if not _HEADER_LINE.match(text[: text.find("\n")] if "\n" in text else text):
        return {}, text
    end = text.find("\n\n")
    block = text if end < 0 else text[:end]
    pairs: dict[str, str] = {}
    for line in block.split("\n"):
        match = _HEADER_LINE.match(line)
        if not match:
            return {}, text
        pairs.setdefault(match.group(1).lower(), match.group(2))
    return _to_metadata(pairs), "" if end < 0 else text[end + 2 :]


def split_front_matter(text: str) -> tuple[dict[str, str | None], str]:
    """Take YAML front matter (between ``---`` lines) off a Markdown document.

    Only simple ``key: value`` lines are read (quotes around values are removed); keys other
    than title, date, publisher and url are ignored.

    Args:
        text: Normalised document text.

    Returns:
        The metadata found (empty when there is no front matter) and the remaining text.
    """
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    pairs: dict[str, str] = {}
    for line in (match.group(1) or "").split("\n"):
        kv = _YAML_LINE.match(line)
        if not kv:
            continue
        key, value = kv.group(1).lower(), kv.group(2)
        if key not in METADATA_KEYS:
            continue
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        pairs.setdefault(key, value)
    return _to_metadata(pairs), text[match.end() :]


def sidecar_path(path: Path) -> Path | None:
    """The sidecar metadata file for a document, if one exists.

    Args:
        path: The document's path.

    Returns:
        ``<file>.meta.json`` if it exists, else ``<stem>.meta.json`` if it exists, else None.
    """
    for candidate in (
        path.with_name(path.name + SIDECAR_SUFFIX),
        path.with_name(path.stem + SIDECAR_SUFFIX),
    ):
        if candidate != path and candidate.is_file():
            return candidate
    return None


def load_sidecar(path: Path) -> dict[str, str | None]:
    """Read the metadata overrides of a sidecar file.

    Args:
        path: The sidecar ``.meta.json`` file.

    Returns:
        The keys of :data:`METADATA_KEYS` present in the file, cleaned; the date normalised
        to ISO (None when unparseable).

    Raises:
        ReaderError: When the sidecar cannot be read or is not a JSON object.
    """
    try:
        raw: Any = json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise ReaderError(str(path), f"cannot read sidecar metadata: {exc.strerror or exc}") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReaderError(str(path), f"invalid sidecar metadata (not JSON): {exc}") from exc
    if not isinstance(raw, dict):
        raise ReaderError(str(path), "invalid sidecar metadata: expected a JSON object")
    found = {str(key).lower(): value for key, value in raw.items()}
    meta: dict[str, str | None] = {}
    for key in METADATA_KEYS:
        if key in found:
            value = found[key]
            meta[key] = parse_date(clean_value(value)) if key == "date" else clean_value(value)
    return meta


def apply_metadata(text: Text, meta: dict[str, str | None]) -> Text:
    """Return ``text`` with the given metadata keys overriding its own.

    Args:
        text: The record a reader produced.
        meta: Keys from :data:`METADATA_KEYS` to set.

    Returns:
        A new record (or the same one when ``meta`` is empty).
    """
    changes = {key: value for key, value in meta.items() if key in METADATA_KEYS}
    return replace(text, **changes) if changes else text
