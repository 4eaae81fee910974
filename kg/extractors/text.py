"""Sentence spans and a same-length folded form of the text for matching.

>>> fold_for_match("King\u2019s Fund \u2013 NHS")
"king's fund - nhs"
>>> [("Dr Bill Kirkup reported. It was late." [a:b]) for a, b in sentence_spans("Dr Bill Kirkup reported. It was late.")]
['Dr Bill Kirkup reported.', 'It was late.']
"""

from __future__ import annotations

import re

_FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
    }
)


def fold_for_match(text: str) -> str:
    """Lower-case ``text`` and fold quotes and dashes, keeping every offset where it was."""
    folded = text.translate(_FOLD)
    lowered = folded.lower()
    if len(lowered) == len(folded):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in folded)


_ABBREV = {
    "dr",
    "mr",
    "mrs",
    "ms",
    "st",
    "prof",
    "cllr",
    "no",
    "vs",
    "e.g",
    "i.e",
    "co",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "rt",
    "hon",
}
_END = re.compile(r"[.!?]+[\"'\u201d\u2019)\]]*(?=\s+|$)|\n+")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences (and headings, list items) of ``text``.

    A sentence ends at ``.``, ``!`` or ``?`` followed by space, or at a line break; a full stop
    after a common abbreviation (Dr., St., e.g.) or a single capital (J. Smith) does not end one.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    n = len(text)
    for m in _END.finditer(text):
        end = m.end()
        if m.group(0)[0] == ".":
            word = _word_before(text, start, m.start())
            if word and (word.lower() in _ABBREV or len(word) == 1):
                nxt = text[end : end + 3].lstrip()
                if nxt[:1].isupper() or nxt[:1].isdigit():
                    continue
        _add(text, start, end if m.group(0)[0] != "\n" else m.start(), spans)
        start = end
    if start < n:
        _add(text, start, n, spans)
    return spans


_WORD_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.")


def _word_before(text: str, start: int, end: int) -> str:
    """The run of letters and full stops that ends ``text[start:end]`` (what
    ``[A-Za-z.]+$`` finds there), read backwards from ``end`` instead of searched for from
    ``start``: a long sentence is not scanned again at each full stop in it.

    >>> _word_before("see Dr. J.", 0, 10), _word_before("on 1 May", 0, 8), _word_before("x 2", 0, 3)
    ('J.', 'May', '')
    """
    if end > start and text[end - 1] == "\n":
        end -= 1  # "$" also stands before a final line break
    i = end
    while i > start and text[i - 1] in _WORD_CHARS:
        i -= 1
    return text[i:end]


def _add(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


_LIST_START = re.compile(
    r"\s*(?:[-\u2022\u00b7*\u25aa\u25e6\u2023\u2013\u2014>]|\(?\d{1,3}(?:\.\d{1,3})*[.)]?\s|\(?[a-z][.)]\s)"
)
_LINE_END_STOP = re.compile(r"[.!?:;][\"'\u201d\u2019)\]]*\s*$")


# a word that cannot end a sentence, at the end of a long line of prose: the line goes on
_LINE_END_PREP = re.compile(r"\s(?:of|for|with|by|at|from)$")
_LINE_END_JOINER = re.compile(r"\s(?:and|of|for|the|with|by|to|at|from)$")
# a line that is a label and its value ("PCN Manager: Claire Beaumont"): one item of a list of them
_LABEL_LINE = re.compile(r"\s*[A-Z][A-Za-z'\u2019&/ -]{1,40}:[ \t]+\S")
# a row of an attendance list: a person's name (perhaps with a title and a post in brackets) and a
# comma or dash ("Cllr Jane Doe (Chair), Cabinet Member ...", "Ruth Kavanagh, Director of ...")
_PERSON_ROW = re.compile(
    r"\s*(?:(?:Cllr|Councillor|Dr|Professor|Prof|Mr|Mrs|Ms|Miss|Sir|Dame)\.?\s+)?"
    r"[A-Z][a-z'\u2019-]+(?:\s+[A-Z][A-Za-z'\u2019-]+){1,2}\s*(?:\([^()\n]{1,40}\))?\s*(?:,|\s[\u2013\u2014-])\s"
)


def unwrap_lines(text: str) -> str:
    """``text`` with the line breaks of hard-wrapped paragraphs (text from a PDF, a plain-text
    e-mail) read as spaces, the same length so that every offset still points into ``text``.

    A break is a wrap when the line before it runs close to the document's line width (the
    width most long lines stop at, when the document has one) or the next line goes on in lower
    case, the line before does not end a sentence, and the next line is neither blank nor a
    list item.

    >>> unwrap_lines("The board met the trust\\nin May.\\n\\nNext item\\n- a list item")
    'The board met the trust in May.\\n\\nNext item\\n- a list item'
    """
    lines = text.split("\n")
    lengths = sorted(len(x.rstrip()) for x in lines if len(x.strip()) >= 20)
    width = 0
    if len(lengths) >= 5:
        w = lengths[int(len(lengths) * 0.9)]
        near = sum(1 for n in lengths if 0.8 * w <= n <= w)
        if w <= 130 and near >= max(4, len(lengths) // 3):
            width = w  # most long lines stop near one width: the text is wrapped there
    out = list(text)
    pos = 0
    for k, line in enumerate(lines[:-1]):
        pos += len(line)
        nxt = lines[k + 1]
        body = line.rstrip()
        full = width and len(body) >= 0.75 * width
        if (
            body.strip()
            and nxt.strip()
            and "\t" not in body  # a table's row is a line of its own
            and "\t" not in nxt
            and (not _LINE_END_STOP.search(body) or (full and body.endswith(":")))
            and not _LIST_START.match(nxt)
            and not (_LABEL_LINE.match(body) and _LABEL_LINE.match(nxt))
            # (nor two rows of an attendance list, each a name and a post)
            and not (_PERSON_ROW.match(body) and _PERSON_ROW.match(nxt))
            and (
                full
                or nxt.lstrip()[:1].islower()
                or body.endswith(" &")
                or (len(body) >= 50 and _LINE_END_JOINER.search(body))
                # "Clinical Director: Dr Jane Doe, GP partner at" / "Station Road Practice": a line
                # that ends in a preposition goes on, however short
                or (len(body) >= 25 and _LINE_END_PREP.search(body))
            )
        ):  # a full line that ends in a colon was wrapped there too ("eight boroughs:\nA, B and C");
            # a line that ends in "&" goes on ("Age Forward Bromley &\nGreenwich"), and so does a
            # long line of prose that ends in "and" or "of"
            out[pos] = " "
        pos += 1
    return "".join(out)
