"""Stable identifiers: register keys, names and documents -> IRIs.

Every IRI is a pure function of its input, so the same corpus always gives the same graph.
Register actors are minted from their codes (``ods:QWE`` -> ``id/ods/QWE``); actors the
register does not know are minted from their type and normalised name.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from kg.namespaces import ID

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
    }
)
_SPACE = re.compile(r"\s+")
_NON_SLUG = re.compile(r"[^a-z0-9]+")
_SCHEMES = frozenset({"ods", "gss", "la", "ics", "ref", "person", "change"})
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def fold(text: str) -> str:
    """Fold typographic quotes, dashes and spaces to ASCII and apply NFKC.

    >>> fold("King\u2019s Fund \u2013 London")
    "King's Fund - London"
    """
    return unicodedata.normalize("NFKC", text).translate(_FOLD)


def normalise_name(name: str) -> str:
    """The comparison form of a name: folded, lower case, one space, no leading "the".

    >>> normalise_name("  The King\u2019s  Fund ")
    "king's fund"
    """
    text = _SPACE.sub(" ", fold(name)).strip().lower()
    text = text.strip(" .,;:!?()[]{}\"'")
    if text.startswith("the "):
        text = text[4:]
    return text


def slug(name: str) -> str:
    """A readable, IRI-safe slug of a name; long names end in a short hash.

    >>> slug("Guy's and St Thomas' NHS Foundation Trust")
    'guys-and-st-thomas-nhs-foundation-trust'
    """
    text = normalise_name(name).replace("&", " and ").replace("'", "")
    text = _NON_SLUG.sub("-", text).strip("-")
    if not text:
        text = "x-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:12]
    if len(text) > 80:
        digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]
        text = text[:69].rstrip("-") + "-" + digest
    return text


def key_iri(key: str) -> str:
    """The IRI of a register key such as ``ods:QWE`` or ``gss:E09000029``.

    >>> key_iri("ods:QWE")
    'https://w3id.org/london-health-kg/id/ods/QWE'
    """
    scheme, _, code = key.partition(":")
    if scheme not in _SCHEMES or not _CODE.match(code):
        raise ValueError(
            f"not a register key: {key!r} (expected scheme:code, scheme one of {sorted(_SCHEMES)})"
        )
    return f"{ID}{scheme}/{code}"


def entity_iri(kind: str, name: str) -> str:
    """The IRI of an actor the register does not know, from its type and normalised name.

    >>> entity_iri("Organisation", "Edge Health")
    'https://w3id.org/london-health-kg/id/organisation/edge-health'
    """
    if kind == "Person":
        return f"{ID}person/{slug(name)}"
    return f"{ID}{kind.lower()}/{slug(name)}"


def doc_id(data: bytes) -> str:
    """The id of a document: the sha1 of its bytes."""
    return hashlib.sha1(data).hexdigest()


def doc_iri(digest: str) -> str:
    """The IRI of a document (also the name of its graph) from its sha1."""
    return f"{ID}doc/{digest}"


REGISTER_GRAPH = f"{ID}graph/register"
ONTOLOGY_GRAPH = f"{ID}graph/ontology"


def assertion_iri(doc: str, subject: str, predicate: str, obj: str, start: int) -> str:
    """The IRI of one relation assertion: stable for the same fact at the same place."""
    digest = hashlib.sha1(f"{doc}|{subject}|{predicate}|{obj}|{start}".encode()).hexdigest()[:20]
    return f"{ID}assertion/{digest}"
