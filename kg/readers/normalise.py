"""Text normalisation shared by every reader.

Pipeline stage 1: document -> Text. :func:`normalise_text` makes whitespace and invisible
characters uniform while keeping every visible character (typographic quotes, dashes, bullets)
exactly as in the source, so that offsets and quotes taken from ``Text.content`` stay verbatim.
"""

from __future__ import annotations

import re
import unicodedata

# Only str methods and one compiled regex scan run over the whole text (no per-character
# Python code): the regex finds which special characters occur at all, and each of those
# few is then replaced with str.replace, which is far faster than re.sub with many matches.
_SPECIAL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"  # C0 controls but \t \n \r; DEL; C1 (NEL too)
    "\u00a0\u00ad\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u2060\u3000\ufeff]"
)
_REPLACEMENT: dict[str, str] = {
    **dict.fromkeys("\u00a0\u1680\u202f\u205f\u3000", " "),
    **{chr(code): " " for code in range(0x2000, 0x200B)},  # en quad .. hair space
    **dict.fromkeys("\x0b\x0c\x85\u2028", "\n"),  # vertical tab, form feed, NEL, line separator
    "\u2029": "\n\n",  # paragraph separator
}  # every other special character is removed
_NEWLINE_RUN = re.compile("\n\n\n+")
_TAB_RUN = re.compile("[ \t]*\t[ \t]*")


def normalise_text(s: str) -> str:
    """Normalise extracted text; the result is what ``Text.content`` holds.

    Applies Unicode NFC; turns ``\\r\\n`` and ``\\r`` into ``\\n`` (and vertical tab, form
    feed, NEL, U+2028/U+2029 into line breaks); removes NUL and other control characters
    except ``\\n`` and ``\\t``, soft hyphens and zero-width characters (U+200B, U+2060,
    U+FEFF); makes non-breaking and other odd spaces (U+00A0, U+2000-U+200A, U+202F, U+205F,
    U+3000) plain spaces; collapses runs of spaces to one space and runs of spaces and tabs that
    hold a tab to one tab (a table's cell break); strips trailing
    spaces on each line; collapses three or more newlines to two; and strips the whole text.
    Typographic quotes, dashes and bullets are kept as they are. The function is idempotent.

    Args:
        s: Raw text as decoded or extracted from a document.

    Returns:
        The normalised text.
    """
    if "\r" in s:
        s = s.replace("\r\n", "\n")
        if "\r" in s:
            s = s.replace("\r", "\n")
    if _SPECIAL.search(s):
        for char in set(_SPECIAL.findall(s)):
            s = s.replace(char, _REPLACEMENT.get(char, ""))
    if not s.isascii() and not unicodedata.is_normalized("NFC", s):
        s = unicodedata.normalize("NFC", s)
    if "\t" in s:
        # a tab parts a table's cells ("Service<tab>Provider"): runs of tabs and spaces holding a
        # tab become one tab, so tables stay tables
        s = _TAB_RUN.sub("\t", s).replace("\t\n", "\n").replace("\n\t", "\n")
    while "  " in s:
        s = s.replace("  ", " ")
    if " \n" in s:
        s = s.replace(" \n", "\n")
    if "\n\n\n" in s:
        s = _NEWLINE_RUN.sub("\n\n", s)
    return s.strip()
