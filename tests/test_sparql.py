"""kg.sparql and ``kg query``: saved queries on the seed documents, safe parameters, formats, errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg import sparql
from kg.cli import cli

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("KG_SHARED", ROOT.parent / "shared"))
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
ID = "https://w3id.org/london-health-kg/id/"
QWE, QKK, QMJ, QRV = ID + "ods/QWE", ID + "ods/QKK", ID + "ods/QMJ", ID + "ods/QRV"
NWNCL = ID + "ref/north-west-and-north-central-london-icb"
HIN = ID + "ref/health-innovation-network-south-london"
INJECTION = "x\" } ; DROP ALL ; } SELECT * WHERE { ?s ?p ?o } # ' <http://evil> UNION {"


def seeds_folder() -> Path:
    """The five seed documents; missing, they fail the tests in CI and skip them elsewhere."""
    path = SHARED / "seeds"
    if not path.is_dir():
        message = f"{path} is missing: these tests build a store from the shared seed documents"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from kg.build import build

    path = tmp_path_factory.mktemp("sparql") / "store"
    report = build(path, [seeds_folder()], jobs=1)
    assert report.ok, report.failures
    return path


@pytest.fixture(scope="module")
def db(store_path: Path) -> ox.Store:
    from kg.store import open_store

    return open_store(store_path, read_only=True)


def rows(db: ox.Store, name: str, **params: str) -> list[dict[str, str | None]]:
    return sparql.run(db, name, params=params or None).values()


# ---------------------------------------------------------------- the library of saved queries


def test_every_saved_query_is_documented_and_current() -> None:
    saved = sparql.saved_queries()
    names = [q.name for q in saved]
    assert len(names) >= 11 and len(set(names)) == len(names)
    for q in saved:
        assert q.path.stem == q.name
        assert q.description and "\n" not in q.description
        assert q.text.startswith(f"# name: {q.name}\n# description: ")
        assert "# params:" in q.text and "# columns:" in q.text
        for param in q.params:
            assert f"?{param}" in q.text.split("SELECT", 1)[1], f"{q.name} must select ?{param} to bind it"
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "gen_queries.py"), "--check"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("name", [q.name for q in sparql.saved_queries()])
def test_saved_query_parses_and_runs_on_an_empty_store(name: str) -> None:
    result = sparql.run(ox.Store(), name)
    assert result.kind == "solutions"
    assert set(sparql.saved_query(name).params) <= set(result.variables)


def test_list_shows_each_saved_query_with_its_description() -> None:
    out = CliRunner().invoke(cli, ["query", "--list"])
    assert out.exit_code == 0, out.output
    for q in sparql.saved_queries():
        assert f"{q.name:<20} {q.description}" in out.output


# ---------------------------------------------------------------- expected answers on the seeds


def test_collaborators_of_south_west_london_icb(db: ox.Store) -> None:
    found = rows(db, "collaborators", actor="South West London ICB")
    hin = [r for r in found if r["collaborator"] == HIN]
    assert len(hin) == 1
    assert hin[0]["actorIri"] == QWE
    assert hin[0]["collaboratorLabel"] == "Health Innovation Network South London"
    assert "collaboratesWith" in hin[0]["relations"]
    assert int(hin[0]["evidence"]) >= 1 and int(hin[0]["documents"]) >= 1
    assert "work with the Health Innovation Network" in hin[0]["quotes"]
    # the same actor by IRI, by another alias, by its ODS code, in any case
    for other in (f"<{QWE}>", QWE, "swl icb", "QWE", "SOUTH WEST LONDON ICB"):
        assert rows(db, "collaborators", actor=other) == [r | {"actor": other.strip("<>")} for r in found]


def test_collaborators_layers_and_everyone(db: ox.Store) -> None:
    comention = rows(db, "collaborators", actor="WHi Consulting", layer="comention")
    assert {"Edward Parkes", "Wendy Cookson"} <= {r["collaboratorLabel"] for r in comention}
    assert {r["relations"] for r in comention} == {"coMentionedWith"}
    asserted = {r["collaboratorLabel"] for r in rows(db, "collaborators", actor="WHi Consulting")}
    assert {"Edge Health", "Staward Advisory", "i4H"} <= asserted
    everyone = rows(db, "collaborators")
    assert any(r["actorIri"] == QWE and r["collaborator"] == HIN for r in everyone)
    assert any(r["actorIri"] == HIN and r["collaborator"] == QWE for r in everyone)  # both directions


def test_programmes_and_who_runs_them(db: ox.Store) -> None:
    create = rows(db, "programmes", programme="create")
    assert [(r["programmeLabel"], r["role"], r["whoLabel"]) for r in create] == [
        ("Create", "runs", "Billions Institute")
    ]
    assert create[0]["partOf"] == ID + "programme/south-east-london-leadership-academy"
    assert "delivered in collaboration with the Billions Institute" in create[0]["quotes"]
    everything = {r["programmeLabel"]: r for r in rows(db, "programmes")}
    assert {"Create", "Collaborate", "Connect", "South East London Leadership Academy"} <= set(everything)
    assert everything["Collaborate"]["evidence"] == "0" and everything["Collaborate"]["who"] is None


def test_partners_of_a_programme_include_those_of_its_parts(db: ox.Store) -> None:
    academy = rows(db, "programme-partners", programme="South East London Leadership Academy")
    assert [(r["partnerLabel"], r["relations"], r["viaLabel"]) for r in academy] == [
        ("Billions Institute", "runs", "Create")
    ]
    direct = rows(db, "programme-partners", programme="Create")
    assert [(r["partnerLabel"], r["via"]) for r in direct] == [("Billions Institute", None)]


def test_programme_label_when_the_document_names_only_a_part(tmp_path: Path) -> None:
    # a partner of a part, stated in a document that never names the programme itself
    from kg.ids import ONTOLOGY_GRAPH, REGISTER_GRAPH, doc_id, entity_iri
    from kg.ontology import ontology_graph
    from kg.records import Entity, Relation, Text
    from kg.seeds import load_register
    from kg.store import graph_quads
    from kg.triples import document_graph

    programme = Entity(
        entity_iri("Programme", "Kestrel Wellbeing Programme"), "Programme", "Kestrel Wellbeing Programme"
    )
    part = Entity(entity_iri("Programme", "Kestrel Walking Scheme"), "Programme", "Kestrel Walking Scheme")
    funder = Entity(entity_iri("Organisation", "Lumen Trust Fund"), "Organisation", "Lumen Trust Fund")
    db = ox.Store()
    db.extend(
        graph_quads(ontology_graph(), ONTOLOGY_GRAPH) + graph_quads(load_register().graph, REGISTER_GRAPH)
    )
    for source, subject, predicate, obj in (
        ("a.md", part, "partOf", programme),
        ("b.md", funder, "funds", part),
    ):
        digest = doc_id(source.encode())
        sentence = f"{subject.name} {predicate} {obj.name}."
        text = Text(doc_id=digest, source=source, content=sentence, media_type="text/markdown")
        relation = Relation(
            subject.iri, predicate, obj.iri, digest, sentence, 0, len(sentence), "test.v1", 0.9
        )
        graph = document_graph(text, [subject, obj], [relation], known=frozenset())
        db.extend(graph_quads(graph, f"https://w3id.org/london-health-kg/id/doc/{digest}"))
    found = rows(db, "programme-partners", programme="kestrel wellbeing programme")
    assert [(r["programmeLabel"], r["partnerLabel"], r["relations"], r["viaLabel"]) for r in found] == [
        ("Kestrel Wellbeing Programme", "Lumen Trust Fund", "funds", "Kestrel Walking Scheme")
    ]


def test_people_and_their_roles(db: ox.Store) -> None:
    bland = rows(db, "people-roles", person="Andrew Bland")
    assert {r["organisationIri"] for r in bland} == {QKK}
    register = [r for r in bland if r["source"] == "register"]
    assert [(r["role"], r["start"]) for r in register] == [("Chief Executive", "2022-07-01")]
    stated = [r for r in bland if r["source"] != "register"]
    assert stated and "Andrew Bland, CEO of the ICB" in stated[0]["quote"]
    at_sel = rows(db, "people-roles", organisation="NHS South East London ICB")
    assert "Andrew Bland" in {r["personLabel"] for r in at_sel}
    assert rows(db, "people-roles", person="Andrew Bland", organisation="QKK") == [
        r | {"organisation": "QKK"} for r in bland
    ]
    assert rows(db, "people-roles", person="Andrew Bland", organisation="NHS North Central London ICB") == []


def test_who_funds_or_commissions_what(db: ox.Store) -> None:
    found = rows(db, "funding")
    assert {(r["funderLabel"], r["relation"], r["recipientLabel"]) for r in found} >= {
        ("North West London Integrated Care System", "commissions", "WHi Consulting"),
        ("North West London Integrated Care System", "commissions", "Edge Health"),
    }
    edge = rows(db, "funding", actor="Edge Health")
    assert [r["recipientLabel"] for r in edge] == ["Edge Health"]
    assert "commissioned" in edge[0]["quotes"]


def test_which_documents_say_a_relates_to_b(db: ox.Store) -> None:
    found = rows(db, "relation-evidence", a="WHi Consulting", b="Edge Health")
    assert len(found) == 2  # one sentence states it, another names both (a co-mention)
    assert {r["relation"] for r in found} == {"collaboratesWith", "coMentionedWith"}
    assert all(r["document"].startswith(ID + "doc/") and r["quote"] for r in found)
    assert all("consortium" in r["quote"] for r in found)
    swapped = rows(db, "relation-evidence", a="Edge Health", b="WHi Consulting")
    assert [{k: v for k, v in r.items() if k not in "ab"} for r in swapped] == [
        {k: v for k, v in r.items() if k not in "ab"} for r in found
    ]
    about = rows(db, "relation-evidence", a="Andrew Bland")
    assert [(r["relation"], r["object"]) for r in about] == [("hasRole", QKK)]


def test_actors_of_an_ics_and_of_a_borough(db: ox.Store) -> None:
    swl = {(r["memberLabel"], r["relation"]): r for r in rows(db, "ics-actors", area="South West London ICS")}
    assert ("London Borough of Sutton", "memberOf") in swl
    assert ("NHS South West London Integrated Care Board", "partOf") in swl
    assert ("Sutton", "coveredBy") in swl
    assert swl[("Kingston Hospital NHS Foundation Trust", "memberOf")]["until"] == "2024-10-31"
    assert swl[("London Borough of Sutton", "memberOf")]["sources"] == "register"
    sutton = {(r["memberLabel"], r["relation"]) for r in rows(db, "ics-actors", area="Sutton")}
    assert sutton == {
        ("London Borough of Sutton", "covers"),
        ("South West London Integrated Care System", "covers"),
    }


def test_reorganisations_and_lineage(db: ox.Store) -> None:
    changes = rows(db, "reorganisations", actor="QMJ")
    merger = [r for r in changes if r["kind"] == "merger"]
    assert {r["original"] for r in merger} == {QMJ, QRV}
    assert {(r["resulting"], r["date"]) for r in merger} == {(NWNCL, "2026-04-01")}
    assert merger[0]["resultingLabel"] == "North West and North Central London Integrated Care Board"
    assert any(r["kind"] == "replacement" and r["resulting"] == QMJ for r in changes)  # from the CCG in 2022
    before = rows(db, "lineage", actor="North West and North Central London ICB")
    assert {r["related"] for r in before if r["direction"] == "predecessor"} == {
        QMJ,
        QRV,
        ID + "ods/93C",
        ID + "ods/W2U3Z",
    }
    after = rows(db, "lineage", actor="QMJ")
    assert {r["related"] for r in after if r["direction"] == "successor"} == {NWNCL}


def test_what_held_on_a_date(db: ox.Store) -> None:
    def exists(day: str, actor: str) -> bool:
        return any(r["fact"] == "exists" for r in rows(db, "held-on", date=day, actor=actor))

    assert exists("2026-03-31", "QMJ") and exists("2026-03-31", "QRV")
    assert not exists("2026-04-01", "QMJ") and not exists("2026-04-01", "QRV")
    assert exists("2026-04-01", NWNCL) and not exists("2026-03-31", NWNCL)
    typed = sparql.run(db, "held-on", params=['date="2026-04-01"^^xsd:date', f"actor=<{NWNCL}>"]).values()
    assert [r["fact"] for r in typed] == ["exists"]
    bell = rows(db, "held-on", date="2026-04-01", actor="Mike Bell")
    assert {(r["detail"], r["object"]) for r in bell} >= {("Joint Chair", QMJ), ("Joint Chair", QRV)}
    assert not [
        r for r in rows(db, "held-on", date="2025-08-31", actor="Mike Bell") if r["detail"] == "Joint Chair"
    ]
    snapshot = rows(db, "held-on", date="2021-06-30")
    ccgs = {r["subjectLabel"] for r in snapshot if r["type"] == "CCG"}
    assert "NHS North West London Clinical Commissioning Group" in ccgs
    assert not [r for r in snapshot if r["type"] == "ICB"]


def test_find_actors_by_name(db: ox.Store) -> None:
    sutton = {r["actorLabel"]: r for r in rows(db, "actors", text="sutton")}
    assert set(sutton) == {"London Borough of Sutton", "Sutton"}
    assert sutton["Sutton"]["registerKey"] == "gss:E09000029"
    icbs = rows(db, "actors", text="london", type="ICB")
    assert {r["types"] for r in icbs} == {"ICB"} and len(icbs) == 6


# ---------------------------------------------------------------- parameters are bound, never pasted


def test_a_hostile_parameter_cannot_change_the_query(db: ox.Store, store_path: Path) -> None:
    before = len(db)
    for name in ("collaborators", "people-roles", "held-on", "relation-evidence"):
        param = sparql.saved_query(name).params[-1]
        assert sparql.run(db, name, params={param: INJECTION}).rows == ()
    inline = "SELECT ?x WHERE { ?s <http://www.w3.org/2004/02/skos/core#prefLabel> ?x . FILTER(?x = ?name) }"
    assert (
        sparql.run(db, inline.replace("SELECT ?x", "SELECT ?x ?name"), params={"name": INJECTION}).rows == ()
    )
    out = CliRunner().invoke(
        cli,
        ["query", "collaborators", "--store", str(store_path), "-f", "json", "--param", f"actor={INJECTION}"],
    )
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["results"]["bindings"] == []
    assert len(db) == before


def test_bind_params_reads_terms() -> None:
    bound = sparql.bind_params(
        [
            "a=<https://w3id.org/london-health-kg/id/ods/QWE>",
            "b=http://example.org/x",
            'c="2026-04-01"^^xsd:date',
            'd="42"^^<http://www.w3.org/2001/XMLSchema#integer>',
            'e="Sutton"@en',
            "f=plain text",
            "$g=",
            "?h=a=b",
        ]
    )
    assert bound["a"] == ox.NamedNode(QWE)
    assert bound["b"] == ox.NamedNode("http://example.org/x")
    assert bound["c"] == ox.Literal(
        "2026-04-01", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")
    )
    assert bound["d"].value == "42"
    assert bound["e"] == ox.Literal("Sutton", language="en")
    assert (
        bound["f"] == ox.Literal("plain text")
        and bound["g"] == ox.Literal("")
        and bound["h"] == ox.Literal("a=b")
    )
    assert sparql.bind_params({"x": ox.NamedNode(QWE)})["x"] == ox.NamedNode(QWE)
    assert sparql.bind_params(["x=<not an iri>"])["x"] == ox.Literal(
        "<not an iri>"
    )  # not IRI-shaped: a string
    for bad in (["no-equals"], ["1x=y"], ['x="1"^^nope:int'], ["x=<relative/path>"]):
        with pytest.raises(sparql.ParamError):
            sparql.bind_params(bad)


def test_parameter_errors_name_the_accepted_ones(db: ox.Store) -> None:
    with pytest.raises(sparql.ParamError, match=r"takes \?actor \?layer"):
        sparql.run(db, "collaborators", params=["person=x"])
    with pytest.raises(sparql.ParamError, match="no such variable in its SELECT clause"):
        sparql.run(db, "SELECT ?s WHERE { ?s ?p ?o }", params=["o=x"])


# ---------------------------------------------------------------- query text, files and errors


def test_query_from_a_file_and_unknown_names(tmp_path: Path, db: ox.Store) -> None:
    rq = tmp_path / "icss.rq"
    rq.write_text("SELECT ?ics WHERE { ?ics a kg:ICS } ORDER BY ?ics\n", encoding="utf-8")
    assert len(sparql.run(db, str(rq))) == 5
    assert len(sparql.run(db, rq)) == 5
    with pytest.raises(sparql.UnknownQuery, match="Saved queries: actors, collaborators"):
        sparql.run(db, "colaborators")


def test_syntax_error_points_at_line_and_column(store_path: Path) -> None:
    text = "SELECT ?x WHERE {\n  ?x a kg:ICS .\n  ?x skos:prefLabel ?name\n  FILTER(?name = \n}"
    with pytest.raises(sparql.QuerySyntaxError) as info:
        sparql.run(ox.Store(), text)
    assert info.value.line is not None and info.value.column is not None
    assert f"line {info.value.line}, column {info.value.column}" in str(info.value)
    assert "^" in str(info.value)
    out = CliRunner().invoke(cli, ["query", "--store", str(store_path), "SELECT * WHERE { ?s nope:p ?o }"])
    assert out.exit_code == 1
    assert "line 1, column" in out.output and "unknown prefix nope:" in out.output


def test_updates_and_service_calls_are_refused(db: ox.Store) -> None:
    with pytest.raises(sparql.Refused, match="read-only"):
        sparql.run(db, "PREFIX ex: <http://e/> INSERT DATA { ex:a ex:b ex:c }")
    with pytest.raises(sparql.Refused, match="SERVICE"):
        sparql.run(
            db, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", allow_service=False
        )
    assert sparql.query_form('# SELECT\nPREFIX select: <http://e/> DELETE WHERE { ?s ?p "ASK" }') == "UPDATE"
    assert not sparql.uses_service('SELECT * WHERE { ?s ?p "SERVICE <x>" } # SERVICE')
    assert sparql.uses_service("SELECT * WHERE { \\u0053ERVICE <http://e/> { ?s ?p ?o } }")


def test_result_size_limit(db: ox.Store) -> None:
    with pytest.raises(sparql.ResultTooLarge, match="more than 3 rows"):
        sparql.run(db, "SELECT ?s WHERE { ?s a kg:Borough }", max_rows=3)
    assert len(sparql.run(db, "SELECT ?s WHERE { ?s a kg:Borough } LIMIT 3", max_rows=3)) == 3


# ---------------------------------------------------------------- formats


def test_formats_round_trip(db: ox.Store) -> None:
    query = "SELECT ?s ?label ?n ?none WHERE { ?s a kg:ICS ; skos:prefLabel ?label . BIND(STRLEN(?label) AS ?n) } ORDER BY ?s"
    result = sparql.run(db, query)
    expected = [tuple(row) for row in result.rows]
    for fmt, rformat in (
        ("json", ox.QueryResultsFormat.JSON),
        ("xml", ox.QueryResultsFormat.XML),
        ("tsv", ox.QueryResultsFormat.TSV),
    ):
        parsed = ox.parse_query_results(sparql.serialize(result, fmt), format=rformat)
        assert [v.value for v in parsed.variables] == ["s", "label", "n", "none"]
        assert [tuple(sol[i] for i in range(4)) for sol in parsed] == expected, fmt
    csv_text = sparql.serialize(result, "csv").decode()
    assert csv_text.startswith("s,label,n,none\r\n")
    assert "South West London Integrated Care System" in csv_text
    table = sparql.serialize(result, "table").decode()
    assert "id:ics/E54000031" in table and table.rstrip().endswith("(5 rows)")
    ask = sparql.run(db, "ASK { ?s a kg:ICS }")
    assert json.loads(sparql.serialize(ask, "json")) == {"head": {}, "boolean": True}
    assert b"<boolean>true</boolean>" in sparql.serialize(ask, "xml")
    assert sparql.serialize(ask, "table") == b"yes\n"
    graph = sparql.run(db, "CONSTRUCT { ?s a kg:ICS } WHERE { ?s a kg:ICS }")
    turtle = sparql.serialize(graph, "json")  # a graph asked for as results comes back as Turtle
    assert len(list(ox.parse(turtle, format=ox.RdfFormat.TURTLE))) == 5


def test_special_characters_survive_every_format() -> None:
    store = ox.Store()
    s, p = ox.NamedNode("http://e/s"), ox.NamedNode("http://e/p")
    tricky = 'tab\there, "quotes", comma, new\nline <b>&amp;</b> £'
    store.add(ox.Quad(s, p, ox.Literal(tricky, language="en-gb"), ox.DefaultGraph()))
    result = sparql.run(store, "SELECT ?o WHERE { ?s ?p ?o }")
    for fmt, rformat in (
        ("json", ox.QueryResultsFormat.JSON),
        ("xml", ox.QueryResultsFormat.XML),
        ("tsv", ox.QueryResultsFormat.TSV),
    ):
        parsed = list(ox.parse_query_results(sparql.serialize(result, fmt), format=rformat))
        assert parsed[0]["o"] == ox.Literal(tricky, language="en-gb"), fmt
    import csv
    import io

    csv_rows = list(csv.reader(io.StringIO(sparql.serialize(result, "csv").decode())))
    assert csv_rows == [["o"], [tricky]]


def test_cli_query_writes_formats(store_path: Path, tmp_path: Path) -> None:
    out = CliRunner().invoke(
        cli, ["query", "collaborators", "--store", str(store_path), "-p", "actor=South West London ICB"]
    )
    assert out.exit_code == 0, out.output
    assert "Health Innovation Network South London" in out.output
    target = tmp_path / "changes.json"
    out = CliRunner().invoke(
        cli,
        [
            "query",
            "reorganisations",
            "--store",
            str(store_path),
            "-p",
            "actor=QMJ",
            "-f",
            "json",
            "-o",
            str(target),
        ],
    )
    assert out.exit_code == 0, out.output
    bindings = json.loads(target.read_text())["results"]["bindings"]
    assert {b["resulting"]["value"] for b in bindings if b["kind"]["value"] == "merger"} == {NWNCL}
    out = CliRunner().invoke(
        cli, ["query", "--store", str(store_path), "CONSTRUCT { ?s a kg:ICB } WHERE { ?s a kg:ICB }"]
    )
    assert out.exit_code == 0 and "@prefix kg:" in out.output
    out = CliRunner().invoke(cli, ["query", "--store", str(tmp_path / "nowhere"), "collaborators"])
    assert out.exit_code == 1 and "kg build" in out.output


# ---------------------------------------------------------------- hostile queries (issue 22)


class Listener:
    """A TCP socket on loopback that counts the connections made to it (a SERVICE target)."""

    def __init__(self) -> None:
        import socket
        import threading

        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.stop = False
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while not self.stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self.stop = True
        self.thread.join(2)
        self.sock.close()


def service_escapes(port: int) -> dict[str, str]:
    """Ways of writing a SERVICE call that a text scan can miss (issue 22, item 1)."""
    target = f"<http://127.0.0.1:{port}/sparql>"
    call = f"SERVICE {target} {{ ?s ?p ?o }}"
    return {
        "escaped hash in a local name": f"PREFIX e: <http://x/> SELECT * {{ {{ ?a e:x\\# ?b }} UNION {{ {call} }} }}",
        "two escaped hashes": f"PREFIX e: <http://x/> SELECT * {{ ?a e:x\\#y\\# ?b . {call} }}",
        "escaped hash, call on the next line": f"PREFIX e: <http://x/>\nSELECT * {{ ?a e:x\\# ?b .\n{call} }}",
        "\\u0023 in an IRI": f"SELECT * {{ ?a <http://x/\\u0023> ?b . {call} }}",
        "\\u escape in the service IRI": f"SELECT * {{ SERVICE <http://127.0.0.1\\u003A{port}/> {{ ?s ?p ?o }} }}",
        "after a comment": f"SELECT * {{ # SERVICE is not used here\n {call} }}",
        "after a string holding a quote": f'SELECT * {{ BIND("a\\"" AS ?x) {call} }}',
        "after a long string": f'SELECT * {{ BIND("""a " b""" AS ?x) {call} }}',
        "after an IRI with the word": f"SELECT * {{ ?s <http://x/SERVICE> ?o . {call} }}",
        "lower case, SILENT": f"select * {{ service silent {target} {{ ?s ?p ?o }} }}",
        "inside FILTER EXISTS": f"SELECT * {{ ?s ?p ?o FILTER EXISTS {{ {call} }} }}",
        "inside a subquery": f"SELECT * {{ {{ SELECT * {{ OPTIONAL {{ {call} }} }} }} }}",
        "ASK": f"ASK {{ {call} }}",
        "CONSTRUCT": f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {call} }}",
        "DESCRIBE": f"DESCRIBE ?s WHERE {{ {call} }}",
    }


def test_service_calls_are_refused_in_every_escape_form() -> None:
    listener = Listener()
    store = ox.Store()
    try:
        for name, query in service_escapes(listener.port).items():
            with pytest.raises(sparql.Refused, match="SERVICE"):
                sparql.run(store, query, allow_service=False)
            assert sparql.uses_service(query), name
        assert listener.connections == 0
        # the check is not a word filter: the word in strings, IRIs, names and comments is fine
        harmless = [
            'SELECT ?service WHERE { ?service ?p "SERVICE <http://127.0.0.1:9/>" } # SERVICE <x>',
            "PREFIX service: <http://x/> SELECT * { ?s service:SERVICE <http://x/service> }",
            'SELECT * { ?s ?p """SERVICE <http://127.0.0.1:9/> { ?s ?p ?o }""" }',
        ]
        for query in harmless:
            assert not sparql.uses_service(query), query
            sparql.run(store, query, allow_service=False)
    finally:
        listener.close()


def test_bounds_refuse_deep_and_long_queries_before_parsing(store_path: Path) -> None:
    deep = "SELECT * WHERE " + "{" * 10_000 + " ?s ?p ?o " + "}" * 10_000
    # `kg query` answers with one line and exit code 1 where it used to die of a segfault
    query_file = store_path.parent / "deep.rq"
    query_file.write_text(deep, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "kg", "query", "--store", str(store_path), str(query_file)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 1, done.stderr
    assert (
        done.stderr.strip() == "Error: the query nests brackets 10,000 deep; at most 100 levels are accepted"
    )
    with pytest.raises(sparql.QueryTooComplex, match="nests brackets 10,000 deep; at most 100"):
        sparql.check_bounds(deep)
    with pytest.raises(sparql.QueryTooComplex, match="characters long"):
        sparql.check_bounds("SELECT * {}" + " " * sparql.MAX_QUERY_CHARS)
    # brackets inside strings, IRIs, comments and escaped names are not nesting
    quoted = 'SELECT * { ?s ?p "' + "(" * 500 + '" } # ' + "{" * 500
    assert sparql.nesting_depth(quoted) == 1
    assert sparql.nesting_depth("PREFIX e: <http://x/> SELECT * { ?s e:a\\(\\( ?o }") == 1


def test_long_operator_chains_do_not_overflow_the_stack(store_path: Path) -> None:
    # 50,000 chained negations fit the length bound; in a thread with the usual 8 MB stack
    # pyoxigraph overflows it (SIGSEGV), so queries run on a thread with a larger one
    query = "SELECT (" + "!" * 50_000 + "true AS ?x) {}"
    done = subprocess.run(
        [sys.executable, "-m", "kg", "query", "--store", str(store_path), "-f", "csv", query],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 0, (done.returncode, done.stderr[-500:])
    assert done.stdout.splitlines() == ["x", "true"]
    sparql.check_bounds(query)  # within the bounds: this is the stack's work, not the check's


def test_invalid_dataset_iris_are_parameter_errors(db: ox.Store) -> None:
    with pytest.raises(sparql.ParamError, match="default-graph-uri 'not an iri' is not a valid IRI"):
        sparql.run(db, "ASK { ?s ?p ?o }", default_graphs=["not an iri"])
    with pytest.raises(sparql.ParamError, match="named-graph-uri"):
        sparql.run(db, "ASK { ?s ?p ?o }", named_graphs=["<bad>"])
