"""Tests of kg.readers (pipeline stage 1: document -> Text).

Fixtures are generated in ``tmp_path`` by the tests (PDFs written as raw bytes and encrypted
with pypdf, DOCX files built with python-docx); two small hand-written documents live in
``tests/data/readers``.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import random
import zipfile
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader, PdfWriter

import kg.readers.html as html_reader
from kg.readers import (
    READERS,
    SUPPORTED_SUFFIXES,
    ReaderError,
    get_reader,
    normalise_text,
    parse_date,
    read_document,
    reader_names,
)
from kg.readers.base import describe_os_error, sniff_format
from kg.readers.encoding import decode_bytes
from kg.readers.metadata import split_front_matter, split_header_block
from kg.readers.pdf import join_pages
from kg.readers.text import strip_markdown
from kg.records import Page

DATA = Path(__file__).parent / "data" / "readers"


# ---------------------------------------------------------------- helpers


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    """Write a fixture file and return its path."""
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def error_of(path: Path | str, **kwargs: str) -> ReaderError:
    """The ReaderError raised by reading ``path``."""
    with pytest.raises(ReaderError) as info:
        read_document(path, **kwargs)
    return info.value


def make_pdf(pages: list[str], info: dict[str, str] | None = None) -> bytes:
    """A minimal valid PDF whose pages show the given lines of text in Helvetica."""
    objects: list[bytes] = [b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>", b""]
    kids = []
    for text in pages:
        ops = []
        for i, line in enumerate(text.split("\n")):
            escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops.append(f"BT /F1 12 Tf 72 {720 - 16 * i} Td ({escaped}) Tj ET")
        stream = "\n".join(ops).encode("latin-1")
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        content_id = len(objects)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 1 0 R >> >> /Contents %d 0 R >>" % content_id
        )
        kids.append(len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids),
        len(kids),
    )
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    root = len(objects)
    trailer_info = b""
    if info:
        entries = " ".join(f"/{key} ({value})" for key, value in info.items())
        objects.append(f"<< {entries} >>".encode("latin-1"))
        trailer_info = b" /Info %d 0 R" % len(objects)
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R%s >>\n" % (len(objects) + 1, root, trailer_info)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def encrypt_pdf(data: bytes, user_password: str, owner_password: str = "owner") -> bytes:
    """The PDF encrypted by pypdf."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password, owner_password)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


TWO_PAGES = [
    "Annual report 2022.\nNorth East London Integrated Care Board.",
    "Page two names Barts Health NHS Trust.\nThe trust runs Whipps Cross.",
]


# ---------------------------------------------------------------- registry and API


def test_registry_names_and_suffixes() -> None:
    assert reader_names() == ["docx.v1", "html.v1", "pdf.v1", "text.v1"]
    assert set(READERS) == set(reader_names())
    assert {".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx"} <= SUPPORTED_SUFFIXES


def test_unknown_reader_lists_available(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", "Some text.")
    err = error_of(path, reader="csv.v9")
    assert str(err).startswith(f"{path}: unknown reader 'csv.v9'")
    for name in reader_names():
        assert name in str(err)
    with pytest.raises(ReaderError, match="available: docx.v1, html.v1, pdf.v1, text.v1"):
        get_reader("nope")


def test_forced_reader(tmp_path: Path) -> None:
    path = write(tmp_path, "notes.md", "# Heading\n\nBody *text*.")
    assert read_document(path, reader="text.v1").content == "Heading\n\nBody text."
    assert READERS["text.v1"](b"plain words", "x.txt").content == "plain words"


def test_reader_error_is_one_line_naming_the_file() -> None:
    err = ReaderError("report.pdf", "PDF is encrypted\n(password protected)")
    assert str(err) == "report.pdf: PDF is encrypted (password protected)"
    assert err.source == "report.pdf"
    assert err.problem == "PDF is encrypted (password protected)"
    assert str(ReaderError(None, "no file")) == "no file"


# ---------------------------------------------------------------- normalisation


def test_normalise_whitespace_and_invisibles() -> None:
    raw = (
        "\ufeffA\u00a0B\u2003C\u202fD\u3000E\u205fF\r\n"
        "zero\u200bwidth co\u00adoperate\x00 nul\x07bell\t\ttab   \r"
        "line\x0bvt\n\n\n\n\nend   \n"
    )
    assert normalise_text(raw) == "A B C D E F\nzerowidth cooperate nulbell\ttab\nline\nvt\n\nend"


def test_normalise_keeps_typography_and_bullets() -> None:
    raw = "• It’s “quoted” – and — dashes…\n• second"
    assert normalise_text(raw) == raw


def test_normalise_nfc_and_idempotent() -> None:
    decomposed = "Cafe\u0301 \u00a0 re\u0301sume\u0301 \n\n\n\n next"
    once = normalise_text(decomposed)
    assert once == "Café résumé\n\n next"
    assert normalise_text(once) == once


# ---------------------------------------------------------------- plain text and encodings


def test_plain_text_utf8(tmp_path: Path) -> None:
    raw = "Barts Health NHS Trust leads the collaborative.\n\nIt’s “big” – really.\n".encode()
    path = write(tmp_path, "note.txt", raw)
    text = read_document(str(path))
    assert text.content == "Barts Health NHS Trust leads the collaborative.\n\nIt’s “big” – really."
    assert text.doc_id == hashlib.sha1(raw).hexdigest()
    assert text.source == str(path)
    assert text.media_type == "text/plain"
    assert text.encoding == "utf-8"
    assert text.pages == () and text.page_at(0) is None
    assert text.title is None and text.date is None


def test_source_is_path_as_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "rel.txt", "relative")
    monkeypatch.chdir(tmp_path)
    assert read_document("./rel.txt").source == "./rel.txt"


def test_utf8_bom(tmp_path: Path) -> None:
    path = write(tmp_path, "bom.txt", b"\xef\xbb\xbfCaf\xc3\xa9 opening.")
    text = read_document(path)
    assert text.content == "Café opening."
    assert text.encoding == "utf-8-sig"


def test_utf16_le_with_bom(tmp_path: Path) -> None:
    path = write(tmp_path, "u16.txt", "\ufeffHomerton – café “ok”\r\nline 2".encode("utf-16-le"))
    text = read_document(path)
    assert text.content == "Homerton – café “ok”\nline 2"
    assert text.encoding == "utf-16-le"


def test_utf16_be_with_bom(tmp_path: Path) -> None:
    path = write(tmp_path, "u16be.txt", "Whittington Health".encode("utf-16"))
    path.write_bytes(b"\xfe\xff" + "Whittington Health".encode("utf-16-be"))
    text = read_document(path)
    assert text.content == "Whittington Health"
    assert text.encoding == "utf-16-be"


def test_utf16_le_without_bom(tmp_path: Path) -> None:
    body = "Lewisham and Greenwich NHS Trust serves south east London.\nSecond line."
    path = write(tmp_path, "nobom.txt", body.encode("utf-16-le"))
    text = read_document(path)
    assert text.content == body
    assert text.encoding == "utf-16-le"


def test_utf16_be_without_bom(tmp_path: Path) -> None:
    body = "Kingston and Richmond NHS Foundation Trust."
    text = read_document(write(tmp_path, "be.txt", body.encode("utf-16-be")))
    assert text.content == body
    assert text.encoding == "utf-16-be"


def test_utf32_with_bom(tmp_path: Path) -> None:
    text = read_document(write(tmp_path, "u32.txt", "Croydon Health Services".encode("utf-32")))
    assert text.content == "Croydon Health Services"
    assert text.encoding.startswith("utf-32")


def test_cp1252_curly_quotes(tmp_path: Path) -> None:
    raw = b"The trust\x92s board said \x93integrated care\x94 works \x96 mostly."
    text = read_document(write(tmp_path, "win.txt", raw))
    assert text.content == "The trust’s board said “integrated care” works – mostly."
    assert text.encoding == "cp1252"


def test_latin1_text(tmp_path: Path) -> None:
    raw = "Café naïve résumé at St Thomas’ Hospital. Garçon, señor.".replace("’", "'").encode("latin-1")
    text = read_document(write(tmp_path, "latin.txt", raw))
    assert text.content == "Café naïve résumé at St Thomas' Hospital. Garçon, señor."
    assert text.encoding in {"cp1252", "latin_1", "iso8859_15"}


def test_other_single_byte_encoding_is_detected() -> None:
    raw = "Больница в Лондоне и национальная служба здравоохранения.".encode("cp1251")
    decoded, encoding = decode_bytes(raw, "ru.txt")
    assert decoded == "Больница в Лондоне и национальная служба здравоохранения."
    assert encoding == "cp1251"


def test_nul_bytes_removed(tmp_path: Path) -> None:
    raw = b"Guy's and St Thomas'\x00 NHS Foundation Trust\x00\x00 runs Evelina London.\x00"
    text = read_document(write(tmp_path, "nul.txt", raw))
    assert text.content == "Guy's and St Thomas' NHS Foundation Trust runs Evelina London."
    assert "\x00" not in text.content


@pytest.mark.parametrize("raw", [b"", b"   \n\t\r\n  ", "\ufeff  \n".encode("utf-16")])
def test_empty_document(tmp_path: Path, raw: bytes) -> None:
    path = write(tmp_path, "empty.txt", raw)
    err = error_of(path)
    assert str(err) == f"{path}: empty document"


def test_binary_garbage(tmp_path: Path) -> None:
    garbage = random.Random(1234).randbytes(8192)
    path = write(tmp_path, "garbage.txt", garbage)
    assert str(error_of(path)) == f"{path}: binary file, not text"


def test_nul_heavy_binary_is_not_utf16(tmp_path: Path) -> None:
    raw = b"".join(i.to_bytes(4, "little") for i in range(3000))  # NULs everywhere, no pattern
    path = write(tmp_path, "ints.txt", raw)
    assert str(error_of(path)) == f"{path}: binary file, not text"


def test_control_heavy_utf8_is_binary() -> None:
    with pytest.raises(ReaderError, match="binary file, not text"):
        decode_bytes(b"\x01\x02\x03\x04abc\x05\x06\x07\x08" * 100, "ctl.txt")


# ---------------------------------------------------------------- header block, front matter, dates


def test_header_block(tmp_path: Path) -> None:
    raw = (
        "Title: Barts Health annual report\n"
        "publisher: Barts Health NHS Trust\n"
        "DATE: 13 June 2022\n"
        "Url: https://example.org/barts/annual-report\n"
        "\n"
        "Barts Health NHS Trust is one of the largest trusts.\n"
    )
    text = read_document(write(tmp_path, "report.txt", raw))
    assert text.content == "Barts Health NHS Trust is one of the largest trusts."
    assert text.title == "Barts Health annual report"
    assert text.publisher == "Barts Health NHS Trust"
    assert text.date == "2022-06-13"
    assert text.url == "https://example.org/barts/annual-report"


def test_not_a_header_block_is_kept() -> None:
    body = "Title: a line that looks like a header\nbut this one is not\n\nBody."
    assert split_header_block(body) == ({}, body)
    assert split_header_block("Note: not a known key\n\nBody.") == ({}, "Note: not a known key\n\nBody.")


def test_header_block_unparseable_date() -> None:
    meta, rest = split_header_block("Title: T\nDate: sometime in 2022\n\nBody.")
    assert meta == {"title": "T", "date": None}
    assert rest == "Body."


def test_front_matter_parsing() -> None:
    meta, rest = split_front_matter("---\ntitle: 'Plan'\ndate: \"2021-01-05\"\nauthor: x\n---\n# Plan\n")
    assert meta == {"title": "Plan", "date": "2021-01-05"}
    assert rest == "# Plan\n"
    assert split_front_matter("no front matter\n---\n") == ({}, "no front matter\n---\n")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2022-06-13", "2022-06-13"),
        ("13 June 2022", "2022-06-13"),
        ("June 13, 2022", "2022-06-13"),
        ("13th Jun 2022", "2022-06-13"),
        ("Monday, 13 June 2022", "2022-06-13"),
        ("2022-06-13T09:30:00+01:00", "2022-06-13"),
        ("13/06/2022", "2022-06-13"),
        ("1 Sept 2021", "2021-09-01"),
        ("June 2022", None),
        ("2022-02-30", None),
        ("soon", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_date(value: str | None, expected: str | None) -> None:
    assert parse_date(value) == expected


# ---------------------------------------------------------------- Markdown


def test_markdown_fixture_stripped_with_front_matter() -> None:
    text = read_document(DATA / "board_paper.md")
    assert text.media_type == "text/markdown"
    assert text.title == "North East London ICB board paper"
    assert text.date == "2022-06-13"
    assert text.publisher == "NHS North East London"
    assert text.url == "https://example.org/nel/board-paper"
    assert text.content == (
        "Board paper: Acute provider collaborative\n\n"
        "The North East London Integrated Care Board (NEL ICB) agreed the plan.\n"
        "Barts Health NHS Trust leads the acute provider collaborative.\n\n"
        "Members\n\n"
        "Barts Health NHS Trust\n"
        "Homerton Healthcare NHS Foundation Trust\n"
        "Barking, Havering and Redbridge University Hospitals NHS Trust\n\n"
        "First item.\n"
        "Second item.\n\n"
        "The chair said: “It’s a good start” – and thanked the trust_board_secretary.\n\n"
        "Logo of the ICB\n\n"
        "Organisation | Role\n"
        "NEL ICB | Commissioner\n\n"
        "Escaped *stars* stay."
    )
    for mark in ("#", "**", "](", "---", "> "):
        assert mark not in text.content


def test_markdown_inline_markup() -> None:
    source = (
        "Setext title\n============\n\n"
        "Some __bold__, _italic_ and ~~old~~ words with `code` and a [ref link][1].\n"
        "A snake_case_name and 2 * 3 * 4 stay. <b>Tag</b> and <https://example.org>.\n\n"
        "[1]: https://example.org/ref\n"
        "```python\nprint('kept')\n```\n"
        "- [x] done task\n"
        "See [the NHS](https://en.wikipedia.org/wiki/NHS_(England)) page.\n"
    )
    assert normalise_text(strip_markdown(source)) == (
        "Setext title\n\n"
        "Some bold, italic and old words with code and a ref link.\n"
        "A snake_case_name and 2 * 3 * 4 stay. Tag and https://example.org.\n\n"
        "print('kept')\n\ndone task\nSee the NHS page."
    )


def test_markdown_header_block_without_front_matter(tmp_path: Path) -> None:
    raw = "Title: Minutes\nDate: 2023-01-10\n\n## Attendees\n\n* Chair of **NCL ICB**\n"
    text = read_document(write(tmp_path, "minutes.markdown", raw))
    assert (text.title, text.date) == ("Minutes", "2023-01-10")
    assert text.content == "Attendees\n\nChair of NCL ICB"


def test_plain_text_is_not_markdown_stripped(tmp_path: Path) -> None:
    raw = "# not a heading in plain text\n* star stays"
    assert read_document(write(tmp_path, "plain.txt", raw)).content == raw


# ---------------------------------------------------------------- sidecar metadata


def test_sidecar_overrides_reader_metadata(tmp_path: Path) -> None:
    path = write(tmp_path, "paper.txt", "Title: From header\nPublisher: Header Org\n\nBody text.")
    sidecar = {"title": "From sidecar", "date": "June 13, 2022", "URL": "https://example.org/p"}
    (tmp_path / "paper.txt.meta.json").write_text(json.dumps(sidecar))
    text = read_document(path)
    assert text.title == "From sidecar"
    assert text.date == "2022-06-13"
    assert text.url == "https://example.org/p"
    assert text.publisher == "Header Org"  # not in the sidecar: the reader's value stays
    assert text.content == "Body text."


def test_sidecar_by_stem(tmp_path: Path) -> None:
    pdf = write(tmp_path, "report.pdf", make_pdf(TWO_PAGES, {"Title": "PDF title"}))
    (tmp_path / "report.meta.json").write_text('{"title": "Sidecar title", "publisher": "NHS England"}')
    text = read_document(pdf)
    assert (text.title, text.publisher) == ("Sidecar title", "NHS England")


def test_invalid_sidecar(tmp_path: Path) -> None:
    path = write(tmp_path, "x.txt", "Body.")
    sidecar = tmp_path / "x.txt.meta.json"
    sidecar.write_text("{not json")
    err = error_of(path)
    assert str(err).startswith(f"{sidecar}: invalid sidecar metadata")


# ---------------------------------------------------------------- HTML


HTML_PAGE = """<!doctype html>
<html><head>
<title>Trust news | Example</title>
<meta name="date" content="13 June 2022">
<meta name="publisher" content="Barts Health NHS Trust">
<link rel="canonical" href="https://example.org/news/1">
<script>var SCRIPTTEXT = 1;</script>
</head><body>
<nav>NAVTEXT Home | Services | Contact</nav>
<iframe>IFRAMETEXT</iframe>
<div id="content">
<h2>Royal London Hospital opens new ward</h2>
<p>Barts Health NHS Trust   opened a new ward at the Royal London Hospital in Whitechapel,
working with the North East London Integrated Care Board and local partners.</p>
<p>The ward adds forty beds and will be staffed by nurses from across the trust, the chief
nurse said on Monday at the opening ceremony in east London.</p>
<script>document.write("SCRIPTTEXT2")</script>
</div>
<footer>FOOTERTEXT</footer>
</body></html>
"""
EXCLUDED = ("SCRIPTTEXT", "NAVTEXT", "IFRAMETEXT", "FOOTERTEXT", "HEADERTEXT", "NOSCRIPTTEXT", "STYLETEXT")


def _check_html_page(text_content: str) -> None:
    assert "Barts Health NHS Trust opened a new ward at the Royal London Hospital" in text_content
    assert "the chief nurse said on Monday" in text_content.replace("\n", " ")
    for marker in EXCLUDED:
        assert marker not in text_content


def test_html_text_and_metadata(tmp_path: Path) -> None:
    text = read_document(write(tmp_path, "news.html", HTML_PAGE))
    _check_html_page(text.content)
    assert text.media_type == "text/html"
    assert text.title == "Trust news | Example"
    assert text.date == "2022-06-13"
    assert text.publisher == "Barts Health NHS Trust"
    assert text.url == "https://example.org/news/1"
    assert text.encoding == "utf-8"


def test_html_fallback_without_trafilatura(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(html_reader, "_trafilatura", lambda: None)
    text = read_document(write(tmp_path, "news.htm", HTML_PAGE))
    _check_html_page(text.content)
    assert text.content.startswith("Royal London Hospital opens new ward\n\nBarts Health NHS Trust opened")
    assert text.title == "Trust news | Example"
    assert text.url == "https://example.org/news/1"


def test_html_fixture_cp1252_and_og_metadata() -> None:
    text = read_document(DATA / "trust_news.html")
    assert text.encoding == "cp1252"
    assert "the trust’s work with the North East London Integrated Care Board" in text.content
    assert "“an important step”" in text.content
    for marker in EXCLUDED:
        assert marker not in text.content
    assert text.title == "New chief executive appointed"
    assert text.publisher == "Homerton Healthcare NHS Foundation Trust"
    assert text.date == "2023-03-01"
    assert text.url == "https://example.org/news/new-ceo"


def test_html_fallback_keeps_pre_and_breaks() -> None:
    markup = "<html><body><p>one<br>two</p><pre>a  b\n  c</pre><table><tr><td>x</td><td>y</td></tr></table>"
    tree = html_reader._parse(markup, "t.html")
    assert normalise_text(html_reader.body_text(tree)) == "one\ntwo\n\na b\nc\n\nx\ny"


def test_html_without_text(tmp_path: Path) -> None:
    path = write(
        tmp_path, "blank.html", "<html><head><title>T</title></head><body><script>x()</script></body></html>"
    )
    assert str(error_of(path)).startswith(f"{path}: empty document")


# ---------------------------------------------------------------- PDF


def test_pdf_text_pages_and_metadata(tmp_path: Path) -> None:
    info = {
        "Title": "Annual report 2022",
        "Author": "North East London ICB",
        "CreationDate": "D:20220613120000Z",
    }
    raw = make_pdf(TWO_PAGES, info)
    text = read_document(write(tmp_path, "report.pdf", raw))
    assert text.media_type == "application/pdf"
    assert text.doc_id == hashlib.sha1(raw).hexdigest()
    assert text.content == (
        "Annual report 2022.\nNorth East London Integrated Care Board.\n\n"
        "Page two names Barts Health NHS Trust.\nThe trust runs Whipps Cross."
    )
    assert len(text.pages) == 2
    assert [p.number for p in text.pages] == [1, 2]
    assert text.content[text.pages[0].start : text.pages[0].end] == TWO_PAGES[0]
    assert text.content[text.pages[1].start : text.pages[1].end] == TWO_PAGES[1]
    assert text.page_at(text.content.index("Barts")) == 2
    assert text.page_at(text.content.index("Integrated")) == 1
    assert text.title == "Annual report 2022"
    assert text.date == "2022-06-13"
    assert text.publisher == "North East London ICB"
    assert text.encoding is None


def test_pdf_blank_page_keeps_numbering(tmp_path: Path) -> None:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(["First page text."]))))
    writer.add_blank_page(612, 792)
    page3 = PdfReader(io.BytesIO(make_pdf(["Third page text."]))).pages[0]
    writer.add_page(page3)
    buffer = io.BytesIO()
    writer.write(buffer)
    text = read_document(write(tmp_path, "gap.pdf", buffer.getvalue()))
    assert text.content == "First page text.\n\nThird page text."
    assert [p.number for p in text.pages] == [1, 2, 3]
    assert text.pages[1].start == text.pages[1].end
    assert text.page_at(text.content.index("Third")) == 3


def test_join_pages_spans() -> None:
    content, pages = join_pages(["", "a b", "", "c"])
    assert content == "a b\n\nc"
    assert pages == (Page(1, 0, 0), Page(2, 0, 3), Page(3, 3, 3), Page(4, 5, 6))


def test_encrypted_pdf(tmp_path: Path) -> None:
    path = write(tmp_path, "secret.pdf", encrypt_pdf(make_pdf(TWO_PAGES), "secret"))
    assert str(error_of(path)) == f"{path}: PDF is encrypted (password protected)"


def test_pdf_with_only_owner_password_is_readable(tmp_path: Path) -> None:
    path = write(tmp_path, "owner.pdf", encrypt_pdf(make_pdf(TWO_PAGES), ""))
    text = read_document(path)
    assert text.page_at(text.content.index("Whipps")) == 2


@pytest.mark.parametrize("keep", [0.5, 0.9, 0.98])
def test_truncated_pdf(tmp_path: Path, keep: float) -> None:
    raw = make_pdf(TWO_PAGES)
    path = write(tmp_path, "cut.pdf", raw[: int(len(raw) * keep)])
    assert str(error_of(path)).startswith(f"{path}: not a readable PDF: ")


def test_pdf_without_text_layer(tmp_path: Path) -> None:
    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    buffer = io.BytesIO()
    writer.write(buffer)
    path = write(tmp_path, "scan.pdf", buffer.getvalue())
    assert str(error_of(path)) == f"{path}: PDF has no text layer"


def test_pdf_suffix_with_html_content(tmp_path: Path) -> None:
    path = write(tmp_path, "download.pdf", "<!DOCTYPE html><html><body>Not found</body></html>")
    assert str(error_of(path)) == f"{path}: not a readable PDF: no %PDF header (looks like html)"


# ---------------------------------------------------------------- DOCX


def make_docx(path: Path) -> Path:
    """A Word document with heading, paragraphs, a table with a merged row, and core properties."""
    document = docx.Document()
    document.add_heading("Integrated care in North Central London", level=1)
    document.add_paragraph("Whittington Health NHS Trust works with NCL ICB.")
    document.add_paragraph("")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Organisation"
    table.cell(0, 1).text = "Royal Free London NHS Foundation Trust"
    merged = table.cell(1, 0).merge(table.cell(1, 1))
    merged.text = "Merged cell text"
    document.add_paragraph("After the table, the board met on Tuesday.")
    props = document.core_properties
    props.title = "NCL board paper"
    props.author = "NHS North Central London"
    props.created = __import__("datetime").datetime(2021, 11, 2, 10, 30)
    document.save(str(path))
    return path


def test_docx_text_tables_and_metadata(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "paper.docx")
    text = read_document(path)
    assert text.content == (
        "Integrated care in North Central London\n\n"
        "Whittington Health NHS Trust works with NCL ICB.\n\n"
        "Organisation\nRoyal Free London NHS Foundation Trust\nMerged cell text\n\n"
        "After the table, the board met on Tuesday."
    )
    assert text.media_type.endswith("wordprocessingml.document")
    assert text.title == "NCL board paper"
    assert text.date == "2021-11-02"
    assert text.publisher == "NHS North Central London"
    assert text.doc_id == hashlib.sha1(path.read_bytes()).hexdigest()


def test_docx_corrupt(tmp_path: Path) -> None:
    good = make_docx(tmp_path / "good.docx").read_bytes()
    path = write(tmp_path, "broken.docx", good[: len(good) // 2])
    assert str(error_of(path)).startswith(f"{path}: not a readable DOCX: ")


def test_docx_that_is_a_legacy_ole_file(tmp_path: Path) -> None:
    path = write(tmp_path, "old.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    assert "legacy Word .doc" in str(error_of(path))
    encrypted = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 600
    path = write(tmp_path, "locked.docx", encrypted)
    assert str(error_of(path)) == f"{path}: DOCX is encrypted (password protected)"


def test_empty_docx(tmp_path: Path) -> None:
    path = tmp_path / "empty.docx"
    docx.Document().save(str(path))
    assert str(error_of(path)) == f"{path}: empty document"


# ---------------------------------------------------------------- sniffing unknown suffixes


def test_sniffing_unknown_suffixes(tmp_path: Path) -> None:
    pdf = read_document(write(tmp_path, "download.bin", make_pdf(TWO_PAGES)))
    assert pdf.media_type == "application/pdf" and pdf.page_at(pdf.content.index("Barts")) == 2
    html = read_document(write(tmp_path, "page", HTML_PAGE))
    assert html.media_type == "text/html"
    _check_html_page(html.content)
    plain = read_document(write(tmp_path, "README", "Just some words."))
    assert (plain.media_type, plain.content) == ("text/plain", "Just some words.")
    word = read_document(make_docx(tmp_path / "paper.dat"))
    assert word.title == "NCL board paper"


def test_unsupported_formats(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("data.csv", "a,b\n")
    path = write(tmp_path, "archive.zip", buffer.getvalue())
    assert (
        str(error_of(path))
        == f"{path}: unsupported format: a ZIP archive that is not a Word (.docx) document"
    )
    assert sniff_format(b"{\\rtf1\\ansi hello}") == "rtf"
    assert sniff_format(b"\x89PNG\r\n\x1a\n") == "image"


# ---------------------------------------------------------------- OS errors


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.txt"
    assert str(error_of(path)) == f"{path}: file not found"


def test_directory(tmp_path: Path) -> None:
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    assert str(error_of(folder)) == f"{folder}: is a directory, not a file"


def test_symlink_loop(tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.symlink_to(b)
    b.symlink_to(a)
    assert str(error_of(a)) == f"{a}: symbolic link loop (too many levels of symbolic links)"


def test_broken_symlink(tmp_path: Path) -> None:
    link = tmp_path / "dangling.txt"
    link.symlink_to(tmp_path / "gone.txt")
    assert str(error_of(link)) == f"{link}: broken symbolic link (its target does not exist)"


def test_permission_denied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "locked.txt", "secret")
    if os.geteuid() != 0:  # root reads everything, so simulate the error there
        path.chmod(0)
    else:

        def deny(self: Path) -> bytes:
            raise PermissionError(13, "Permission denied", str(self))

        monkeypatch.setattr(Path, "read_bytes", deny)
    try:
        assert str(error_of(path)) == f"{path}: permission denied"
    finally:
        path.chmod(0o644)


def test_fifo_is_not_a_regular_file(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert str(error_of(fifo)) == f"{fifo}: not a regular file (device, pipe or socket)"


def test_describe_other_os_error(tmp_path: Path) -> None:
    assert (
        describe_os_error(OSError(5, "Input/output error"), tmp_path)
        == "cannot read file: Input/output error"
    )


# ---------------------------------------------------------------- large input (speed is measured in benchmarks/)


def test_large_text_is_normalised(tmp_path: Path) -> None:
    paragraph = (
        "Barts Health NHS Trust \u2013 it\u2019s the \u201clargest\u201d trust in England \u2013 runs "
        "five hospitals in east London.\r\nIt works with the North East London Integrated Care "
        "Board and its partners.  \r\nThe board met on\u00a013 June 2022.\r\n\r\n"
    )
    raw = (paragraph * (8_000_000 // len(paragraph))).encode("utf-8")
    text = read_document(write(tmp_path, "big.txt", raw))
    assert text.content.startswith(
        "Barts Health NHS Trust \u2013 it\u2019s the \u201clargest\u201d trust in England \u2013 runs five"
    )
    assert "partners.\nThe board met on 13 June 2022.\n\nBarts" in text.content


def test_utf8_with_stray_cp1252_byte(tmp_path: Path) -> None:
    raw = "It’s the “largest” trust – really. ".encode() * 3 + b"Pasted \x92 quote."
    text = read_document(write(tmp_path, "mixed.txt", raw))
    assert text.encoding == "utf-8"
    assert text.content.endswith("really. Pasted ’ quote.")
    assert text.content.startswith("It’s the “largest” trust")
