"""Encoding detection for text-like documents (plain text, Markdown, HTML).

Pipeline stage 1: document -> Text. The encoding is detected, never assumed: byte-order mark
first, then a declared charset (HTML only), then the UTF-16 NUL-pattern heuristic, then strict
UTF-8, then UTF-8 with a few stray cp1252 bytes, then charset-normalizer's best guess
(preferring cp1252 when it decodes to the same text), and cp1252 with replacement characters
as a last resort.
"""

from __future__ import annotations

import codecs
import re

from kg.readers.errors import ReaderError

#: Byte-order marks, longest first (the UTF-32 LE mark starts with the UTF-16 LE one).
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

#: Control characters that do not occur in real text (everything in C0 but tab, newline,
#: carriage return, form feed and escape; DEL; and U+FFFD from undecodable bytes).
_BAD_CHARS = dict.fromkeys([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x1B), *range(0x1C, 0x20), 0x7F, 0xFFFD])

_SAMPLE = 1 << 16
_BINARY_RATIO = 0.10
_WESTERN = "cp1252"
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")
_CP1252_FALLBACK = "kg.readers.cp1252"


def _cp1252_fallback(exc: UnicodeError) -> tuple[str, int]:
    """Codec error handler: decode bytes that are not valid UTF-8 as cp1252.

    Args:
        exc: The decoding error.

    Returns:
        The replacement text and the position to resume at.
    """
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return exc.object[exc.start : exc.end].decode(_WESTERN, errors="replace"), exc.end


codecs.register_error(_CP1252_FALLBACK, _cp1252_fallback)


def _mostly_utf8(data: bytes) -> str | None:
    """Decode data that is UTF-8 but for a few stray bytes (typically pasted cp1252 quotes).

    Args:
        data: Bytes that failed strict UTF-8 decoding.

    Returns:
        The text, stray bytes decoded as cp1252, when valid multi-byte UTF-8 sequences
        outnumber invalid bytes at least two to one; else None.
    """
    valid = len(_UTF8_MULTIBYTE.findall(data))
    if not valid:
        return None
    invalid = data.decode("utf-8", errors="replace").count("\ufffd")
    if valid < 2 * invalid:
        return None
    return data.decode("utf-8", errors=_CP1252_FALLBACK)


def _utf16_by_nul_pattern(sample: bytes) -> str | None:
    """Guess UTF-16 without a BOM from NUL bytes in alternating positions.

    Args:
        sample: The first bytes of the file.

    Returns:
        ``"utf-16-le"`` or ``"utf-16-be"`` when the pattern is clear, else None.
    """
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    even_nul = even.count(0) / len(even)
    odd_nul = odd.count(0) / max(len(odd), 1)
    if odd_nul > 0.3 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.3 and odd_nul < 0.05:
        return "utf-16-be"
    return None


def _normalise_codec(name: str) -> str | None:
    """The Python codec name for a declared charset, or None when unknown.

    Args:
        name: A charset label such as ``"ISO-8859-1"`` or ``"utf8"``.

    Returns:
        The codec name; ISO-8859-1, Latin-1 and ASCII map to cp1252 as browsers do.
    """
    try:
        codec = codecs.lookup(name.strip().strip("\"'")).name
    except (LookupError, ValueError):
        return None
    if codec in {"latin-1", "iso8859-1", "ascii"}:
        return _WESTERN
    return codec


def _charset_normalizer_guess(data: bytes) -> str | None:
    """Ask charset-normalizer for the encoding, preferring cp1252 among equal guesses.

    charset-normalizer often ranks cp1250 first for Western European text although cp1252
    decodes it to the same (or equally plausible) text; for this corpus cp1252 is the likely
    one, so it wins whenever a guess as good as the best one is compatible with it.

    Args:
        data: The raw bytes.

    Returns:
        A Python codec name, or None when charset-normalizer finds none (binary-looking data).
    """
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        return None
    best = matches[0]
    for match in matches:
        if match.chaos > best.chaos + 0.01:
            break
        if match.encoding == _WESTERN or _WESTERN in match.could_be_from_charset:
            return _WESTERN
    return str(best.encoding)


def looks_binary(text: str) -> bool:
    """Whether decoded text is mostly control characters, i.e. not really text.

    Args:
        text: Decoded text (only its first 64K characters are examined).

    Returns:
        True when more than 10% of the sample are control or replacement characters.
    """
    sample = text[:_SAMPLE]
    if not sample:
        return False
    bad = len(sample) - len(sample.translate(_BAD_CHARS))
    return bad / len(sample) > _BINARY_RATIO


def decode_bytes(data: bytes, source: str, declared: str | None = None) -> tuple[str, str]:
    """Decode the bytes of a text-like document, detecting the encoding.

    Args:
        data: The raw file bytes.
        source: The file name, for error messages.
        declared: A charset declared by the document itself (e.g. HTML ``<meta charset>``),
            tried after the byte-order mark.

    Returns:
        The decoded text (not yet normalised) and the codec name used.

    Raises:
        ReaderError: "empty document" for no bytes or only whitespace, "binary file, not
            text" when the bytes do not decode to text.
    """
    if not data or data.isspace():
        raise ReaderError(source, "empty document")
    text: str | None = None
    encoding = ""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            encoding = codec
            body = data if codec == "utf-8-sig" else data[len(bom) :]
            text = body.decode(codec, errors="replace")
            break
    sample = data[:_SAMPLE]
    if text is None and declared:
        codec = _normalise_codec(declared)
        if codec and codec not in {"utf-16", "utf-32"}:
            try:
                text, encoding = data.decode(codec), codec
            except UnicodeDecodeError:
                text = None
    if text is None:
        codec = _utf16_by_nul_pattern(sample)
        if codec:
            usable = data[: len(data) // 2 * 2]
            text, encoding = usable.decode(codec, errors="replace"), codec
    if text is None and sample.count(0) / len(sample) > _BINARY_RATIO:
        raise ReaderError(source, "binary file, not text")
    if text is None:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text = None
    if text is None:
        text = _mostly_utf8(data)
        encoding = "utf-8"
    if text is None:
        guess = _charset_normalizer_guess(data)
        if guess:
            try:
                text, encoding = data.decode(guess), guess
            except (UnicodeDecodeError, LookupError):
                text = None
    if text is None:
        text, encoding = data.decode(_WESTERN, errors="replace"), _WESTERN
    if looks_binary(text):
        raise ReaderError(source, "binary file, not text")
    return text, encoding
