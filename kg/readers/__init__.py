"""Document readers: turn a file into a :class:`~kg.records.Text`.

Pipeline stage 1: document -> Text. :func:`read_document` picks a reader by file suffix (by
sniffing the bytes when the suffix is unknown), reads the document into normalised plain text
with its metadata, and lets a sidecar ``<file>.meta.json`` override title, date, publisher and
URL. Every failure is a :class:`ReaderError` whose one-line message names the file and the
problem.

Readers are registered by versioned name in :data:`READERS`; each takes the raw bytes and the
source (path as given) and returns a ``Text``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kg.readers.base import UNSUPPORTED_FORMATS, doc_id_of, read_bytes, sniff_format
from kg.readers.docx import read_docx
from kg.readers.errors import ReaderError
from kg.readers.html import read_html
from kg.readers.metadata import SIDECAR_SUFFIX, apply_metadata, load_sidecar, parse_date, sidecar_path
from kg.readers.normalise import normalise_text
from kg.readers.pdf import read_pdf
from kg.readers.text import read_text
from kg.records import Text

__all__ = [
    "READERS",
    "SIDECAR_SUFFIX",
    "SUFFIX_READERS",
    "SUPPORTED_SUFFIXES",
    "Reader",
    "ReaderError",
    "doc_id_of",
    "get_reader",
    "normalise_text",
    "parse_date",
    "read_document",
    "reader_for",
    "reader_names",
]

#: A reader: raw file bytes and the source (path as given) -> Text.
Reader = Callable[[bytes, str], Text]

#: Registered readers by versioned name.
READERS: dict[str, Reader] = {
    "text.v1": read_text,
    "html.v1": read_html,
    "pdf.v1": read_pdf,
    "docx.v1": read_docx,
}

#: Reader name for each supported (lower-case) file suffix.
SUFFIX_READERS: dict[str, str] = {
    ".txt": "text.v1",
    ".text": "text.v1",
    ".md": "text.v1",
    ".markdown": "text.v1",
    ".html": "html.v1",
    ".htm": "html.v1",
    ".xhtml": "html.v1",
    ".pdf": "pdf.v1",
    ".docx": "docx.v1",
}

#: File suffixes read without sniffing.
SUPPORTED_SUFFIXES: frozenset[str] = frozenset(SUFFIX_READERS)

_SNIFFED_READERS = {"text": "text.v1", "html": "html.v1", "pdf": "pdf.v1", "docx": "docx.v1"}


def reader_names() -> list[str]:
    """Names of the registered readers, sorted.

    Returns:
        E.g. ``["docx.v1", "html.v1", "pdf.v1", "text.v1"]``.
    """
    return sorted(READERS)


def get_reader(name: str, source: str | None = None) -> Reader:
    """The registered reader called ``name``.

    Args:
        name: A versioned reader name such as ``"pdf.v1"``.
        source: The file it is wanted for, named in the error message.

    Returns:
        The reader function.

    Raises:
        ReaderError: For an unknown name; the message lists the available readers.
    """
    try:
        return READERS[name]
    except KeyError:
        available = ", ".join(reader_names())
        raise ReaderError(source, f"unknown reader {name!r} (available: {available})") from None


def reader_for(path: Path, data: bytes, source: str | None = None) -> str:
    """Name of the reader for a file: by suffix, else by sniffing its bytes.

    Args:
        path: The file's path (only its suffix is used).
        data: The file's bytes, sniffed when the suffix is not in :data:`SUPPORTED_SUFFIXES`.
        source: The path as given, for error messages (defaults to ``str(path)``).

    Returns:
        A registered reader name.

    Raises:
        ReaderError: When the bytes are of a recognised but unsupported format.
    """
    name = SUFFIX_READERS.get(path.suffix.lower())
    if name:
        return name
    found = sniff_format(data)
    if found in UNSUPPORTED_FORMATS:
        raise ReaderError(source or str(path), f"unsupported format: {UNSUPPORTED_FORMATS[found]}")
    return _SNIFFED_READERS[found]


def read_document(path: Path | str, reader: str | None = None) -> Text:
    """Read a document into a :class:`~kg.records.Text`.

    The reader is chosen by suffix (see :data:`SUFFIX_READERS`) or, for other suffixes, by
    sniffing the bytes; ``reader`` forces a registered one. A sidecar ``<file>.meta.json``
    (or ``<stem>.meta.json``) beside the document overrides title, date, publisher and url.

    Args:
        path: The document; ``Text.source`` is this path as given.
        reader: Optional registered reader name (e.g. ``"text.v1"``) to use instead.

    Returns:
        The document's normalised text and metadata; ``doc_id`` is the sha1 of its bytes.

    Raises:
        ReaderError: For any problem, with a one-line message naming the file.
    """
    source = str(path)
    path = Path(path)
    read = get_reader(reader, source) if reader else None
    data = read_bytes(path, source)
    if not data or data.isspace():
        raise ReaderError(source, "empty document")
    if read is None:
        read = get_reader(reader_for(path, data, source), source)
    try:
        text = read(data, source)
    except ReaderError:
        raise
    except Exception as exc:  # a parser's own error on odd bytes: one clear line, never a crash
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ReaderError(source, f"cannot read this file: {first}") from exc
    sidecar = sidecar_path(path)
    if sidecar is not None:
        text = apply_metadata(text, load_sidecar(sidecar))
    return text
