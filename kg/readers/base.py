"""Shared plumbing of the readers: reading files, document ids and format sniffing.

Pipeline stage 1: document -> Text. Turns operating-system failures into one-line
:class:`~kg.readers.errors.ReaderError` messages and recognises formats by their bytes.
"""

from __future__ import annotations

import errno
import hashlib
import io
import os
import re
import stat
import zipfile
from pathlib import Path

from kg.readers.errors import ReaderError

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_HTML_START = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)
_HTML_ANYWHERE = re.compile(rb"<(?:html|head|body)\b[^>]*>", re.I)


def doc_id_of(data: bytes) -> str:
    """The document id: sha1 hex digest of the raw file bytes.

    Args:
        data: The raw file bytes.

    Returns:
        40 hexadecimal characters.
    """
    return hashlib.sha1(data).hexdigest()


def read_bytes(path: Path, source: str) -> bytes:
    """Read a document's bytes, turning OS failures into plain-worded errors.

    Args:
        path: The file to read.
        source: The path as given, for error messages.

    Returns:
        The file's bytes.

    Raises:
        ReaderError: For a missing file, broken symlink, symlink loop, directory, special file,
            permission problem or any other OS error.
    """
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise ReaderError(source, "is a directory, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise ReaderError(source, "not a regular file (device, pipe or socket)")
        return path.read_bytes()
    except ReaderError:
        raise
    except OSError as exc:
        raise ReaderError(source, describe_os_error(exc, path)) from exc


def describe_os_error(exc: OSError, path: Path) -> str:
    """Say in plain words what an OS error means for reading ``path``.

    Args:
        exc: The error raised by the operating system.
        path: The file that was being read.

    Returns:
        A short description such as "file not found" or "symbolic link loop".
    """
    code = exc.errno
    if isinstance(exc, FileNotFoundError) or code == errno.ENOENT:
        return "broken symbolic link (its target does not exist)" if path.is_symlink() else "file not found"
    if isinstance(exc, IsADirectoryError) or code == errno.EISDIR:
        return "is a directory, not a file"
    if isinstance(exc, PermissionError) or code in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if code == errno.ELOOP:
        return "symbolic link loop (too many levels of symbolic links)"
    if code == errno.ENOTDIR:
        return "a parent of the path is not a directory"
    if code == errno.ENAMETOOLONG:
        return "file name too long"
    return f"cannot read file: {exc.strerror or exc}"


def _zip_names(data: bytes) -> list[str]:
    """File names inside a ZIP archive, or an empty list when it is not readable.

    Args:
        data: The raw bytes of a ZIP file.

    Returns:
        The member names.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return []


def sniff_format(data: bytes) -> str:
    """Recognise a document's format from its bytes.

    Args:
        data: The raw file bytes.

    Returns:
        One of ``"pdf"``, ``"docx"``, ``"html"``, ``"text"``, or a short description of an
        unsupported format (``"zip"``, ``"ole"``, ``"rtf"``, ``"image"``).
    """
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(_ZIP_MAGIC):
        names = _zip_names(data)
        return "docx" if "word/document.xml" in names else "zip"
    if data.startswith(_OLE_MAGIC):
        return "ole"
    if head.lstrip().startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*")):
        return "image"
    if _HTML_START.match(head) or _HTML_ANYWHERE.search(head[:512]):
        return "html"
    return "text"


#: Plain-words names of the formats :func:`sniff_format` recognises but no reader supports.
UNSUPPORTED_FORMATS: dict[str, str] = {
    "zip": "a ZIP archive that is not a Word (.docx) document",
    "ole": "a legacy Office (OLE) file such as .doc/.xls, or an encrypted Office file",
    "rtf": "an RTF document",
    "image": "an image",
}
