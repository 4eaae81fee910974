"""HTML reader (``html.v1``).

Pipeline stage 1: document -> Text. The main text comes from trafilatura (plain text, no
comments, favouring recall); when trafilatura is unavailable or finds nothing, the text of
``<body>`` without script, style, nav, header, footer, iframe and noscript elements is used.
Metadata comes from the head (title, dates, publisher, canonical URL), with trafilatura's
metadata extraction filling the gaps.
"""

from __future__ import annotations

import copy
import logging
import re
from functools import cache
from types import ModuleType
from typing import Any
from urllib.parse import urljoin

import lxml.html
from lxml import etree

from kg.readers.base import doc_id_of
from kg.readers.encoding import decode_bytes
from kg.readers.errors import ReaderError
from kg.readers.metadata import clean_value, parse_date
from kg.readers.normalise import normalise_text
from kg.records import Text

logger = logging.getLogger(__name__)

#: Elements whose content is never main text.
EXCLUDED_TAGS: tuple[str, ...] = (
    "script",
    "style",
    "nav",
    "header",
    "footer",
    "iframe",
    "noscript",
    "template",
    "svg",
    "canvas",
    "object",
    "embed",
)
_BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "caption",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "li",
        "main",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "tr",
        "ul",
    ]
)
_CELL_TAGS = frozenset({"td", "th"})
_TITLE_KEYS = ("og:title", "twitter:title", "dc.title", "dcterms.title", "citation_title")
_DATE_KEYS = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "date",
    "dc.date",
    "dc.date.issued",
    "dcterms.issued",
    "dcterms.date",
    "dcterms.created",
    "citation_publication_date",
    "citation_date",
    "pubdate",
    "publish-date",
    "publish_date",
    "publication_date",
    "datecreated",
)
_PUBLISHER_KEYS = ("og:site_name", "publisher", "dc.publisher", "dcterms.publisher", "article:publisher")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_WHITESPACE = re.compile(r"\s+")
_LINE_START_SPACE = re.compile(r"^ +", re.M)


@cache
def _trafilatura() -> ModuleType | None:
    """Import trafilatura once; None when it (or one of its dependencies) is missing.

    Returns:
        The trafilatura module, or None.
    """
    try:
        import trafilatura
    except ImportError as exc:  # e.g. lxml_html_clean missing for jusText
        logger.warning("trafilatura unavailable (%s); using the lxml fallback for HTML", exc)
        return None
    return trafilatura


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML document declares in a ``<meta>`` tag near its start.

    Args:
        data: The raw HTML bytes.

    Returns:
        The declared charset label, or None.
    """
    match = _CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def _parse(markup: str, source: str) -> Any:
    """Parse HTML text into an lxml document tree.

    Args:
        markup: The decoded HTML.
        source: The file name, for error messages.

    Returns:
        The root ``<html>`` element.

    Raises:
        ReaderError: When lxml cannot parse the document.
    """
    markup = _XML_DECLARATION.sub("", markup, count=1)
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True)
    try:
        return lxml.html.document_fromstring(markup, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        if "empty" in str(exc).lower():
            raise ReaderError(source, "empty document") from exc
        raise ReaderError(source, f"not readable HTML: {exc}") from exc


def _meta_values(tree: Any) -> dict[str, str]:
    """The head's ``<meta>`` values keyed by lower-case property, name or itemprop.

    Args:
        tree: The parsed document.

    Returns:
        First non-empty content for each key.
    """
    values: dict[str, str] = {}
    for meta in tree.iter("meta"):
        content = clean_value(meta.get("content"))
        if not content:
            continue
        for attr in ("property", "name", "itemprop"):
            key = (meta.get(attr) or "").strip().lower()
            if key:
                values.setdefault(key, content)
    return values


def _first(values: dict[str, str], keys: tuple[str, ...]) -> str | None:
    """The value of the first key present.

    Args:
        values: Meta values from :func:`_meta_values`.
        keys: Keys in order of preference.

    Returns:
        The value, or None.
    """
    for key in keys:
        if values.get(key):
            return values[key]
    return None


def head_metadata(tree: Any) -> dict[str, str | None]:
    """Title, date, publisher and URL from the document's head (and ``<time>`` elements).

    Args:
        tree: The parsed document.

    Returns:
        The metadata found, None for what is missing.
    """
    values = _meta_values(tree)
    title = _first(values, _TITLE_KEYS)
    if not title:
        title_el = tree.find(".//title")
        title = clean_value(title_el.text_content()) if title_el is not None else None
    date = None
    for key in _DATE_KEYS:
        date = parse_date(values.get(key))
        if date:
            break
    if not date:
        for time_el in tree.iter("time"):
            date = parse_date(time_el.get("datetime")) or parse_date(time_el.text_content())
            if date:
                break
    publisher = None
    for key in _PUBLISHER_KEYS:
        value = values.get(key)
        if value and not value.startswith(("http://", "https://")):
            publisher = value
            break
    og_url = values.get("og:url")
    url = None
    for link in tree.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and clean_value(link.get("href")):
            url = urljoin(og_url or "", clean_value(link.get("href")) or "")
            break
    if not url or not url.startswith(("http://", "https://")):
        url = og_url or url
    return {"title": title, "date": date, "publisher": publisher, "url": url}


def _trafilatura_metadata(markup: str) -> dict[str, str | None]:
    """Metadata found by trafilatura, when available.

    Args:
        markup: The decoded HTML.

    Returns:
        Title, date, publisher (site name) and URL; empty when trafilatura is unavailable.
    """
    trafilatura = _trafilatura()
    if trafilatura is None:
        return {}
    try:
        doc = trafilatura.extract_metadata(markup, extensive=False)
    except Exception as exc:  # noqa: BLE001 - trafilatura's metadata code may fail on odd markup
        logger.debug("trafilatura metadata failed: %s", exc)
        return {}
    return {
        "title": clean_value(doc.title),
        "date": parse_date(doc.date),
        "publisher": clean_value(doc.sitename),
        "url": clean_value(doc.url),
    }


_ACTIVE = (
    "script",
    "style",
    "iframe",
    "noscript",
    "object",
    "embed",
    "template",
    "frame",
    "frameset",
    "applet",
)


def _without_active_content(tree: Any) -> str:
    """The markup again, without scripts, styles, frames and other embedded content, whose inner
    text is never part of the document's text (a parsed copy; ``tree`` is left as it was).

    Args:
        tree: The parsed document.

    Returns:
        Serialised HTML.
    """
    clone = copy.deepcopy(tree)
    for element in list(clone.iter(*_ACTIVE)):
        if element.getparent() is not None:
            element.drop_tree()
    return lxml.html.tostring(clone, encoding="unicode")


def _trafilatura_text(markup: str) -> str | None:
    """Main text by trafilatura, or None when unavailable or nothing was found.

    Args:
        markup: The decoded HTML.

    Returns:
        Plain text or None.
    """
    trafilatura = _trafilatura()
    if trafilatura is None:
        return None
    try:
        text = trafilatura.extract(
            markup,
            output_format="txt",
            include_comments=False,
            favor_recall=True,
            include_tables=True,
        )
    except Exception as exc:  # noqa: BLE001 - fall back to lxml on any extraction failure
        logger.debug("trafilatura extraction failed: %s", exc)
        return None
    if not text or not text.strip():
        return None
    # trafilatura puts each paragraph on one line; other readers separate paragraphs by a blank line
    return text.replace("\n", "\n\n")


def _in_pre(element: Any) -> bool:
    """Whether an element is, or is inside, a ``<pre>`` element.

    Args:
        element: An lxml element.

    Returns:
        True inside preformatted text, whose whitespace is kept.
    """
    return element.tag == "pre" or next(element.iterancestors("pre"), None) is not None


def body_text(tree: Any) -> str:
    """Text of ``<body>`` without :data:`EXCLUDED_TAGS`, with block elements on their own lines.

    Whitespace inside text runs is collapsed as a browser would (except in ``<pre>``).

    Args:
        tree: The parsed document (modified in place).

    Returns:
        Plain text (not yet normalised).
    """
    body = tree.find(".//body")
    if body is None:
        body = tree
    for element in list(body.iter(*EXCLUDED_TAGS)):
        if element.getparent() is not None:
            element.drop_tree()
    for element in body.iter():
        if element.text and not _in_pre(element):
            element.text = _WHITESPACE.sub(" ", element.text)
        parent = element.getparent()
        if element.tail and (parent is None or not _in_pre(parent)):
            element.tail = _WHITESPACE.sub(" ", element.tail)
    for element in body.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag == "br":
            element.tail = "\n" + (element.tail or "")
        elif tag in _BLOCK_TAGS:
            element.text = "\n\n" + (element.text or "")
            element.tail = "\n\n" + (element.tail or "")
        elif tag in _CELL_TAGS:
            element.tail = "\n" + (element.tail or "")
    return _LINE_START_SPACE.sub("", body.text_content())


def read_html(data: bytes, source: str) -> Text:
    """Read an HTML document.

    Args:
        data: The raw file bytes.
        source: The path as given, recorded in ``Text.source``.

    Returns:
        The main text and the metadata found in the head.

    Raises:
        ReaderError: For an empty or binary document, or HTML without text.
    """
    markup, encoding = decode_bytes(data, source, declared=declared_charset(data))
    tree = _parse(markup, source)
    meta = head_metadata(tree)
    if not all(meta.values()):
        for key, value in _trafilatura_metadata(markup).items():
            if not meta.get(key) and value:
                meta[key] = value
    text = _trafilatura_text(_without_active_content(tree))
    content = normalise_text(text) if text else ""
    if not content:
        content = normalise_text(body_text(tree))
    if not content:
        raise ReaderError(source, "empty document (no text in the HTML)")
    return Text(
        doc_id=doc_id_of(data),
        source=source,
        content=content,
        media_type="text/html",
        title=meta.get("title"),
        date=meta.get("date"),
        publisher=meta.get("publisher"),
        url=meta.get("url"),
        encoding=encoding,
    )
