"""RDF exports of the store, sorted so that the same graph always gives the same bytes.

Union formats (Turtle, N-Triples, JSON-LD, RDF/XML) merge every named graph into one graph;
dataset formats (TriG, N-Quads) keep the named graphs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from kg.namespaces import PREFIXES
from kg.registry import exporters


@dataclass(frozen=True, slots=True)
class RdfExport:
    """An RDF serialisation: its oxigraph format and whether it keeps named graphs."""

    name: str
    format: ox.RdfFormat
    dataset: bool
    suffix: str

    def __call__(self, store: ox.Store, out: BinaryIO) -> None:
        write_rdf(store, out, self)


def write_rdf(store: ox.Store, out: BinaryIO, export: RdfExport) -> None:
    """Write the whole store to ``out`` in ``export``'s format, in a canonical order."""
    if export.dataset:
        quads = sorted(
            store, key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object))
        )
        data: list = quads
    else:
        triples = {q.triple for q in store}
        data = sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    prefixes = (
        PREFIXES if export.format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.RDF_XML) else None
    )
    if export.format == ox.RdfFormat.JSON_LD:
        prefixes = PREFIXES
    ox.serialize(data, out, export.format, prefixes=prefixes)


RDF_EXPORTS = {
    "turtle": RdfExport("turtle", ox.RdfFormat.TURTLE, False, ".ttl"),
    "ntriples": RdfExport("ntriples", ox.RdfFormat.N_TRIPLES, False, ".nt"),
    "jsonld": RdfExport("jsonld", ox.RdfFormat.JSON_LD, False, ".jsonld"),
    "rdfxml": RdfExport("rdfxml", ox.RdfFormat.RDF_XML, False, ".rdf"),
    "trig": RdfExport("trig", ox.RdfFormat.TRIG, True, ".trig"),
    "nquads": RdfExport("nquads", ox.RdfFormat.N_QUADS, True, ".nq"),
}
for _name, _export in RDF_EXPORTS.items():
    exporters.register(_name)(_export)


def suffix_format(path: Path) -> str | None:
    """The export name for a file suffix, e.g. ``graph.ttl`` -> ``turtle``."""
    for name, export in RDF_EXPORTS.items():
        if path.suffix == export.suffix:
            return name
    return None


# ---------------------------------------------------------------- bulk packs

PACK_FORMAT = "kg-packs/1"
PACK_MANIFEST = "manifest.json"
DEFAULT_PACK_BYTES = 64 * 1024 * 1024


def graph_nquads(store: ox.Store, graph: str | None) -> tuple[bytes, int]:
    """One graph (None: the default graph) as canonical N-Quads (its lines sorted), and its quad count.

    The SHA-256 of these bytes identifies a graph's content: the packs' manifest records it, and
    ``kg push`` compares it with what it sent before."""
    name = ox.DefaultGraph() if graph is None else ox.NamedNode(graph)
    data = ox.serialize(store.quads_for_pattern(None, None, None, name), format=ox.RdfFormat.N_QUADS) or b""
    lines = data.split(b"\n")
    lines.pop()  # after the last newline
    lines.sort()
    return b"".join(line + b"\n" for line in lines), len(lines)


def _member(data: bytes, name: str) -> bytes:
    """``data`` as one gzip member named ``name``, with no timestamp: the same data, the same bytes."""
    import gzip
    import io

    out = io.BytesIO()
    with gzip.GzipFile(filename=name, mode="wb", fileobj=out, compresslevel=6, mtime=0) as gz:
        gz.write(data)
    return out.getvalue()


def pack_graphs(store: ox.Store) -> tuple[list[str | None], list[str]]:
    """The graphs of the packs: (base graphs: ontology, register, any other, the default graph if
    not empty; document graphs sorted by their content hash)."""
    from kg.ids import ONTOLOGY_GRAPH, REGISTER_GRAPH, doc_iri

    names = sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))
    prefix = doc_iri("")
    documents = [g for g in names if g.startswith(prefix)]
    base: list[str | None] = [g for g in (ONTOLOGY_GRAPH, REGISTER_GRAPH) if g in names]
    base += [g for g in names if not g.startswith(prefix) and g not in base]
    if next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is not None:
        base.append(None)
    return base, documents


class _PackFile:
    """One pack file being written atomically, and its manifest entry."""

    def __init__(self, folder: Path, name: str) -> None:
        import hashlib

        from kg.atomic import atomic_write

        self.path = folder / name
        self.context = atomic_write(self.path)
        self.handle = self.context.__enter__()
        self.hash = hashlib.sha256()
        self.entry: dict = {"name": name, "bytes": 0, "quads": 0, "members": []}

    def add(self, graph: str | None, name: str, member: bytes, quads: int, sha256: str) -> None:
        self.entry["members"].append(
            {
                "graph": graph,
                "name": name,
                "offset": self.entry["bytes"],
                "length": len(member),
                "quads": quads,
                "sha256": sha256,
            }
        )
        self.handle.write(member)
        self.hash.update(member)
        self.entry["bytes"] += len(member)
        self.entry["quads"] += quads

    def close(self, exc_info: tuple = (None, None, None)) -> None:
        self.context.__exit__(*exc_info)
        self.entry["sha256"] = self.hash.hexdigest()
        if exc_info[0] is None:
            _readable(self.path)


def _readable(path: Path) -> None:
    """Give a file written atomically (mode 0600) the usual mode, so a server store running as
    another user can read it."""
    import os

    mask = os.umask(0)
    os.umask(mask)
    os.chmod(path, 0o666 & ~mask)


def write_packs(store: ox.Store, folder: Path, *, max_bytes: int = DEFAULT_PACK_BYTES) -> dict:
    """Write the store as gzip N-Quads packs in ``folder``, with ``manifest.json``; the manifest.

    ``base.nq.gz`` holds the ontology, the register and any other non-document graph;
    ``documents-00001.nq.gz``, ... hold one gzip member per document graph (in the order of their
    content hashes, each member named ``<hash>.nq``), a new file starting where the next member
    would take one past ``max_bytes`` (a bigger single member gets a file of its own).
    Concatenated members are one valid gzip stream: ``zcat``, Python's gzip and Virtuoso's and
    QLever's loaders read them whole, and the manifest's offsets let a tool take one member out.
    Every file is written atomically, the manifest last; files that an earlier manifest listed and
    this one does not are removed. The same store gives the same bytes.
    """
    import hashlib
    import json
    import sys

    from kg.atomic import atomic_write

    folder = Path(folder)
    old = read_pack_manifest(folder, missing_ok=True)  # before writing: refuses a foreign manifest
    folder.mkdir(parents=True, exist_ok=True)
    base, documents = pack_graphs(store)
    files: list[dict] = []
    current: _PackFile | None = None

    def start(name: str) -> _PackFile:
        nonlocal current
        if current is not None:
            current.close()
        current = _PackFile(folder, name)
        files.append(current.entry)
        return current

    try:
        pack = start("base.nq.gz")
        for graph in base:
            name = "default.nq" if graph is None else graph.rstrip("/").rsplit("/", 1)[-1] + ".nq"
            data, count = graph_nquads(store, graph)
            pack.add(graph, name, _member(data, name), count, hashlib.sha256(data).hexdigest())
        number = 0
        for graph in documents:
            name = graph.rsplit("/", 1)[-1] + ".nq"
            data, count = graph_nquads(store, graph)
            member = _member(data, name)
            if number == 0 or (pack.entry["members"] and pack.entry["bytes"] + len(member) > max_bytes):
                number += 1
                pack = start(f"documents-{number:05d}.nq.gz")
            pack.add(graph, name, member, count, hashlib.sha256(data).hexdigest())
        pack.close()
        current = None
    except BaseException:
        if current is not None:
            current.close(sys.exc_info())
        raise
    manifest = {
        "format": PACK_FORMAT,
        "graphs": sum(len(f["members"]) for f in files),
        "quads": sum(f["quads"] for f in files),
        "max_bytes": max_bytes,
        "files": files,
    }
    with atomic_write(folder / PACK_MANIFEST, "w") as out:
        json.dump(manifest, out, indent=1, sort_keys=True)
        out.write("\n")
    _readable(folder / PACK_MANIFEST)
    keep = {f["name"] for f in files}
    for entry in (old or {}).get("files", []):
        name = str(entry.get("name", ""))
        if name not in keep and "/" not in name and name.endswith(".nq.gz"):
            (folder / name).unlink(missing_ok=True)
    return manifest


def read_pack_manifest(folder: Path, *, missing_ok: bool = False) -> dict | None:
    """The manifest of the packs in ``folder`` (None if there is none and ``missing_ok``)."""
    import json

    path = Path(folder) / PACK_MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        if missing_ok:
            return None
        raise
    except (UnicodeDecodeError, json.JSONDecodeError) as ex:
        raise ValueError(f"{path}: not a kg packs manifest ({ex})") from None
    if not isinstance(manifest, dict) or manifest.get("format") != PACK_FORMAT:
        raise ValueError(f"{path}: not a kg packs manifest")
    return manifest
