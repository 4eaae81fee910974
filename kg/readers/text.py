"""Plain-text and Markdown reader (``text.v1``).

Pipeline stage 1: document -> Text. The encoding is detected (see
:mod:`kg.readers.encoding`), a leading ``Title:/Date:/Publisher:/URL:`` header block (and, for
Markdown, YAML front matter) becomes metadata, and Markdown markup is stripped to plain text
that keeps the words, sentence boundaries and paragraph breaks.
"""

from __future__ import annotations

import re
from pathlib import PurePath

from kg.readers.base import doc_id_of
from kg.readers.encoding import decode_bytes
from kg.readers.errors import ReaderError
from kg.readers.metadata import split_front_matter, split_header_block
from kg.readers.normalise import normalise_text
from kg.records import Text

MARKDOWN_SUFFIXES: frozenset[str] = frozenset({".md", ".markdown"})
TEXT_SUFFIXES: frozenset[str] = frozenset({".txt", ".text"})

_M = re.MULTILINE
# Backslash escapes are swapped for private-use placeholders so they never look like markup.
_ESCAPABLE = "\\`*_{}[]()#+-.!|>~<"
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~<])")
_PLACEHOLDER_BASE = 0xF0000

# Line-start patterns begin with a literal "\n" (the text gets one prepended) rather than "^":
# the regex engine then jumps from newline to newline instead of trying every position.
_FENCE = re.compile(r"\n[ \t]{0,3}(?:```|~~~)[^\n]*")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_HTML_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_LINK_DEF = re.compile(r"\n[ \t]{0,3}\[[^\]\n]+\]:[ \t]*\S[^\n]*")
_LINK_TARGET = r"\((?:[^()\n]|\([^()\n]*\))*\)"  # "(url)", one level of nested parentheses allowed
_IMAGE = re.compile(r"!\[([^\]\n]*)\]" + _LINK_TARGET)
_INLINE_LINK = re.compile(r"\[([^\]\n]*)\]" + _LINK_TARGET)
_REF_LINK = re.compile(r"\[([^\]\n]+)\]\[[^\]\n]*\]")
_AUTOLINK = re.compile(r"<((?:https?|ftp|mailto):[^>\s]+)>")
_ATX_HEADING = re.compile(r"\n[ \t]{0,3}#{1,6}[ \t]+([^\n]*?)(?:[ \t]+#+)?[ \t]*(?=\n|\Z)")
_EMPTY_HEADING = re.compile(r"\n[ \t]{0,3}#{1,6}[ \t]*(?=\n|\Z)")
_SETEXT_OR_RULE = re.compile(r"\n[ \t]{0,3}(?:=+|-{3,}|(?:[-*_][ \t]*){3,})[ \t]*(?=\n|\Z)")
_BLOCKQUOTE = re.compile(r"\n[ \t]{0,3}(?:>[ \t]?)+")
_BULLET = re.compile(r"\n[ \t]*[-*+][ \t]+(?:\[[ xX]\][ \t]+)?")
_ORDERED = re.compile(r"\n[ \t]*\d{1,3}[.)][ \t]+")
_TABLE_RULE = re.compile(r"\n[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*(?=\n|\Z)")
_TABLE_LEAD = re.compile(r"\n[ \t]*\|[ \t]*")
_TABLE_TRAIL = re.compile(r"\|[ \t]*(?=\n|\Z)")  # the space before it goes in normalisation
# Emphasis patterns begin with the literal marker; the look-behind then checks what precedes it.
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EMPHASIS_STAR = re.compile(r"\*(?<![\w*]\*)(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])")
_EMPHASIS_UNDERSCORE = re.compile(r"_(?<![\w_]_)(?=[^\s_])(.+?)(?<=[^\s_])_(?![\w_])")
_STRIKE = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~")
_CODE_SPAN = re.compile(r"`(`*)[ \t]?(.+?)[ \t]?`\1")


def _protect_escapes(text: str) -> str:
    """Replace backslash escapes by placeholders restored after stripping.

    Args:
        text: Markdown source.

    Returns:
        The text with each escaped character swapped for a private-use placeholder.
    """
    return _ESCAPE.sub(lambda m: chr(_PLACEHOLDER_BASE + _ESCAPABLE.index(m.group(1))), text)


def strip_markdown(text: str) -> str:
    """Turn Markdown into plain text.

    Headings lose their ``#`` marks and become paragraphs of their own; emphasis, strike
    and code markers go; links and images become their text; list bullets, numbers and
    block-quote marks go; rules, setext underlines, fences, link definitions, HTML tags and
    comments go; table rows keep their cells separated by ``" | "``. Paragraph breaks are kept.

    Args:
        text: Markdown source (already normalised).

    Returns:
        Plain text (not yet normalised again).
    """
    escaped = "\\" in text
    if escaped:
        text = _protect_escapes(text)
    text = "\n" + text
    text = _FENCE.sub("\n", text)
    if "<" in text:
        text = _HTML_COMMENT.sub("", text)
        text = _HTML_BREAK.sub("\n", text)
        text = _AUTOLINK.sub(r"\1", text)
        text = _HTML_TAG.sub("", text)
    if "[" in text:
        text = _LINK_DEF.sub("", text)
        text = _IMAGE.sub(r"\1", text)
        text = _INLINE_LINK.sub(r"\1", text)
        text = _REF_LINK.sub(r"\1", text)
    if "#" in text:
        text = _ATX_HEADING.sub(r"\n\n\1\n", text)
        text = _EMPTY_HEADING.sub("\n", text)
    text = _SETEXT_OR_RULE.sub("\n", text)
    if ">" in text:
        text = _BLOCKQUOTE.sub("\n", text)
    text = _BULLET.sub("\n", text)
    text = _ORDERED.sub("\n", text)
    if "|" in text:
        text = _TABLE_RULE.sub("", text)
        text = _TABLE_LEAD.sub("\n", text)
        text = _TABLE_TRAIL.sub("", text)
    if "`" in text:
        text = _CODE_SPAN.sub(r"\2", text)
    if "**" in text or "__" in text:
        text = _STRONG.sub(r"\2", text)
    if "*" in text:
        text = _EMPHASIS_STAR.sub(r"\1", text)
    if "_" in text:
        text = _EMPHASIS_UNDERSCORE.sub(r"\1", text)
    if "~~" in text:
        text = _STRIKE.sub(r"\1", text)
    if escaped:
        for index, char in enumerate(_ESCAPABLE):
            placeholder = chr(_PLACEHOLDER_BASE + index)
            if placeholder in text:
                text = text.replace(placeholder, char)
    return text


def is_markdown(source: str) -> bool:
    """Whether a source is Markdown, judged by its file suffix.

    Args:
        source: Path or name of the document.

    Returns:
        True for ``.md`` and ``.markdown`` files.
    """
    return PurePath(source).suffix.lower() in MARKDOWN_SUFFIXES


def read_text(data: bytes, source: str) -> Text:
    """Read a plain-text or Markdown document (Markdown when the suffix is .md/.markdown).

    Args:
        data: The raw file bytes.
        source: The path as given, recorded in ``Text.source``.

    Returns:
        The document's text and metadata from its header block or front matter.

    Raises:
        ReaderError: For an empty document or binary data.
    """
    markdown = is_markdown(source)
    raw, encoding = decode_bytes(data, source)
    text = normalise_text(raw)
    meta: dict[str, str | None] = {}
    if markdown:
        meta, text = split_front_matter(text)
        text = text.lstrip("\n")
    header, text = split_header_block(text)
    meta = {**meta, **{key: value for key, value in header.items() if value is not None}}
    if markdown:
        text = normalise_text(strip_markdown(text))
    if not text:
        raise ReaderError(source, "empty document")
    return Text(
        doc_id=doc_id_of(data),
        source=source,
        content=text,
        media_type="text/markdown" if markdown else "text/plain",
        title=meta.get("title"),
        date=meta.get("date"),
        publisher=meta.get("publisher"),
        url=meta.get("url"),
        encoding=encoding,
    )
