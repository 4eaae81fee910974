"""Word (.docx) reader (``docx.v1``).

Pipeline stage 1: document -> Text. Reads body paragraphs and table cells in document order
with python-docx; each paragraph and each table cell becomes its own line or paragraph.
Metadata comes from the core properties: title, created (as the date) and author (as the
publisher, since ``Text`` has no author field).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph

from kg.readers.base import doc_id_of, sniff_format
from kg.readers.errors import ReaderError
from kg.readers.metadata import clean_value, parse_date
from kg.readers.normalise import normalise_text
from kg.records import Text

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")


def _table_blocks(table: Table) -> Iterator[str]:
    """Text of a table, one block per distinct cell, row by row (merged cells once).

    Args:
        table: A python-docx table.

    Yields:
        The text of each non-empty cell, nested tables included.
    """
    for row in table.rows:
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            text = "\n".join(_blocks(cell.iter_inner_content()))
            if text.strip():
                yield text


def _blocks(items: Iterator[Any]) -> Iterator[str]:
    """Text blocks of a sequence of paragraphs and tables.

    Args:
        items: Paragraphs and tables in document order.

    Yields:
        Paragraph texts, and for tables the cells' texts joined by newlines.
    """
    for item in items:
        if isinstance(item, Paragraph):
            if item.text.strip():
                yield item.text
        elif isinstance(item, Table):
            text = "\n".join(_table_blocks(item))
            if text:
                yield text


def read_docx(data: bytes, source: str) -> Text:
    """Read a Word .docx document.

    Args:
        data: The raw file bytes.
        source: The path as given, recorded in ``Text.source``.

    Returns:
        The text of the body (paragraphs and tables) with core-property metadata.

    Raises:
        ReaderError: "DOCX is encrypted (password protected)", "not a readable DOCX: ..." or
            "empty document".
    """
    if not data.startswith(b"PK\x03\x04"):
        found = sniff_format(data)
        if found == "ole" and _ENCRYPTED_MARK in data:
            raise ReaderError(source, "DOCX is encrypted (password protected)")
        if found == "ole":
            raise ReaderError(source, "not a readable DOCX: a legacy Word .doc (OLE) file, not .docx")
        raise ReaderError(source, f"not a readable DOCX: not a ZIP package (looks like {found})")
    try:
        document = docx.Document(io.BytesIO(data))
        blocks = list(_blocks(document.iter_inner_content()))
        props = document.core_properties
        title, created, author = props.title, props.created, props.author
    except Exception as exc:  # noqa: BLE001 - python-docx/zipfile/lxml raise many kinds
        raise ReaderError(source, f"not a readable DOCX: {exc or type(exc).__name__}") from exc
    content = normalise_text("\n\n".join(blocks))
    if not content:
        raise ReaderError(source, "empty document")
    return Text(
        doc_id=doc_id_of(data),
        source=source,
        content=content,
        media_type=MEDIA_TYPE,
        title=clean_value(title),
        date=parse_date(created),
        publisher=clean_value(author),
    )
