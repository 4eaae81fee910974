"""PDF reader (``pdf.v1``).

Pipeline stage 1: document -> Text. Reads the text layer page by page with pypdf; each page's
character span in ``Text.content`` is recorded as a :class:`~kg.records.Page`, pages being
separated by a blank line. Encrypted, corrupt and image-only PDFs are reported as
:class:`~kg.readers.errors.ReaderError`.
"""

from __future__ import annotations

import io
import logging
from typing import Any

from pypdf import PasswordType, PdfReader

from kg.readers.base import doc_id_of, sniff_format
from kg.readers.errors import ReaderError
from kg.readers.metadata import clean_value, parse_date
from kg.readers.normalise import normalise_text
from kg.records import Page, Text

logger = logging.getLogger(__name__)

PAGE_SEPARATOR = "\n\n"
_USELESS_TITLES = frozenset({"untitled", "title", "document", "microsoft word"})


def _open(data: bytes, source: str) -> PdfReader:
    """Open a PDF, decrypting it with the empty password when that is allowed.

    Args:
        data: The raw file bytes.
        source: The file name, for error messages.

    Returns:
        A reader whose pages can be read.

    Raises:
        ReaderError: "not a readable PDF: ..." or "PDF is encrypted (password protected)".
    """
    if b"%PDF-" not in data[:1024]:
        found = sniff_format(data)
        hint = f" (looks like {found})" if found not in {"pdf", "text"} else ""
        raise ReaderError(source, f"not a readable PDF: no %PDF header{hint}")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        encrypted = reader.is_encrypted
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds on corrupt files
        raise ReaderError(source, f"not a readable PDF: {exc or type(exc).__name__}") from exc
    if encrypted:
        try:
            result = reader.decrypt("")
        except Exception as exc:  # noqa: BLE001 - unsupported algorithm, missing crypto library
            raise ReaderError(source, f"PDF is encrypted (cannot decrypt: {exc})") from exc
        if result == PasswordType.NOT_DECRYPTED:
            raise ReaderError(source, "PDF is encrypted (password protected)")
    return reader


def _page_texts(reader: PdfReader, source: str) -> list[str]:
    """The normalised text of every page.

    Args:
        reader: An opened PDF.
        source: The file name, for error messages.

    Returns:
        One string per page (empty for pages without text).

    Raises:
        ReaderError: When the page tree cannot be read, or no page's text could be extracted.
    """
    try:
        pages = list(reader.pages)
    except Exception as exc:  # noqa: BLE001
        raise ReaderError(source, f"not a readable PDF: {exc or type(exc).__name__}") from exc
    if not pages:
        raise ReaderError(source, "PDF has no pages")
    texts: list[str] = []
    errors: list[Exception] = []
    for number, page in enumerate(pages, start=1):
        try:
            raw = page.extract_text() or ""
        except Exception as exc:  # noqa: BLE001 - one bad page should not lose the others
            logger.warning("%s: page %d unreadable: %s", source, number, exc)
            errors.append(exc)
            raw = ""
        texts.append(normalise_text(raw))
    if len(errors) == len(pages):
        raise ReaderError(source, f"not a readable PDF: {errors[0] or type(errors[0]).__name__}")
    return texts


def join_pages(texts: list[str]) -> tuple[str, tuple[Page, ...]]:
    """Join page texts with :data:`PAGE_SEPARATOR`, recording each page's span.

    A page without text gets an empty span at the position where it would be.

    Args:
        texts: Normalised text of pages 1..n.

    Returns:
        The content and the page spans (``content[page.start:page.end]`` is the page's text).
    """
    parts: list[str] = []
    pages: list[Page] = []
    pos = 0
    for number, text in enumerate(texts, start=1):
        if not text:
            pages.append(Page(number, pos, pos))
            continue
        if parts:
            pos += len(PAGE_SEPARATOR)
        parts.append(text)
        pages.append(Page(number, pos, pos + len(text)))
        pos += len(text)
    return PAGE_SEPARATOR.join(parts), tuple(pages)


def _metadata(reader: PdfReader) -> dict[str, str | None]:
    """Title, date (creation date) and publisher (author) from the document information.

    Args:
        reader: An opened PDF.

    Returns:
        The metadata found, None for what is missing or unreadable.
    """
    try:
        info: Any = reader.metadata
    except Exception:  # noqa: BLE001 - a broken info dictionary is not worth failing for
        return {}
    if not info:
        return {}
    title = clean_value(info.get("/Title"))
    if title and title.lower() in _USELESS_TITLES:
        title = None
    try:
        date = parse_date(info.creation_date)
    except Exception:  # noqa: BLE001 - malformed date strings raise ValueError and others
        date = None
    return {"title": title, "date": date, "publisher": clean_value(info.get("/Author"))}


def read_pdf(data: bytes, source: str) -> Text:
    """Read the text layer of a PDF.

    Args:
        data: The raw file bytes.
        source: The path as given, recorded in ``Text.source``.

    Returns:
        The text of all pages, with page spans and the document-information metadata.

    Raises:
        ReaderError: "PDF is encrypted (password protected)", "not a readable PDF: ...",
            "PDF has no pages" or "PDF has no text layer".
    """
    reader = _open(data, source)
    content, pages = join_pages(_page_texts(reader, source))
    if not content:
        raise ReaderError(source, "PDF has no text layer")
    meta = _metadata(reader)
    return Text(
        doc_id=doc_id_of(data),
        source=source,
        content=content,
        media_type="application/pdf",
        title=meta.get("title"),
        date=meta.get("date"),
        publisher=meta.get("publisher"),
        pages=pages,
    )
