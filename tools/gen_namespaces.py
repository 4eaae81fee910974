"""Generate kg/namespaces.py from ontology/kg.ttl.

Usage: python tools/gen_namespaces.py [--check]
"""

from __future__ import annotations

import sys
from pathlib import Path

from rdflib import OWL, RDF, Graph, URIRef

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = ROOT / "ontology" / "kg.ttl"
TARGET = ROOT / "kg" / "namespaces.py"
KG_NS = "https://w3id.org/london-health-kg/ontology#"


def render() -> str:
    g = Graph().parse(ONTOLOGY)
    classes, properties = [], []
    for kind, bucket in (
        (OWL.Class, classes),
        (OWL.ObjectProperty, properties),
        (OWL.DatatypeProperty, properties),
        (OWL.AnnotationProperty, properties),
    ):
        for s in g.subjects(RDF.type, kind):
            if isinstance(s, URIRef) and str(s).startswith(KG_NS):
                bucket.append(str(s)[len(KG_NS) :])
    lines = [
        '"""Namespaces used by kg. GENERATED from ontology/kg.ttl by tools/gen_namespaces.py: do not edit."""',
        "",
        "from __future__ import annotations",
        "",
        "from rdflib import Namespace, URIRef",
        "from rdflib.namespace import DefinedNamespace",
        "",
        "",
        "class KG(DefinedNamespace):",
        '    """Terms of the London health-system ontology."""',
        "",
        "    _fail = True",
        f'    _NS = Namespace("{KG_NS}")',
        "",
        "    # classes",
    ]
    lines += [f"    {name}: URIRef" for name in sorted(set(classes))]
    lines += ["", "    # properties"]
    lines += [f"    {name}: URIRef" for name in sorted(set(properties))]
    lines += [
        "",
        "",
        'OA = Namespace("http://www.w3.org/ns/oa#")',
        'ID = Namespace("https://w3id.org/london-health-kg/id/")',
        "",
        "PREFIXES: dict[str, str] = {",
        '    "kg": str(KG._NS),',
        '    "id": str(ID),',
        '    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",',
        '    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",',
        '    "xsd": "http://www.w3.org/2001/XMLSchema#",',
        '    "owl": "http://www.w3.org/2002/07/owl#",',
        '    "org": "http://www.w3.org/ns/org#",',
        '    "prov": "http://www.w3.org/ns/prov#",',
        '    "schema": "https://schema.org/",',
        '    "foaf": "http://xmlns.com/foaf/0.1/",',
        '    "skos": "http://www.w3.org/2004/02/skos/core#",',
        '    "dcterms": "http://purl.org/dc/terms/",',
        '    "oa": str(OA),',
        "}",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        if TARGET.read_text(encoding="utf-8") != text:
            print(f"{TARGET} is stale: run python tools/gen_namespaces.py", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
