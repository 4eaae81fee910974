"""Pipeline stage 6a: SPARQL over the store: saved queries, safe parameters, result formats.

``run(db, query)`` takes inline SPARQL, a ``.rq`` file or the name of a saved query
(``kg/queries/*.rq``) and returns a :class:`Result`, which :func:`serialize` writes as a
readable table, CSV, TSV, SPARQL 1.1 Query Results JSON or XML, or, for ``CONSTRUCT`` and
``DESCRIBE``, Turtle or N-Triples.

Parameters are bound as RDF terms through pyoxigraph's ``substitutions``, never pasted into the
query text, so a value holding quotes, braces or SPARQL keywords cannot change the query:

>>> bind_params(["actor=South West London ICB", "iri=<https://w3id.org/london-health-kg/id/ods/QWE>"])
{'actor': <Literal value=South West London ICB datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#string>>, 'iri': <NamedNode value=https://w3id.org/london-health-kg/id/ods/QWE>}
>>> bind_params(['day="2026-04-01"^^xsd:date'])["day"].datatype.value
'http://www.w3.org/2001/XMLSchema#date'

pyoxigraph substitutes only variables of the ``SELECT`` clause, so a saved query projects each of
its parameters. A parameter's value is a constant inside the query, where ``BOUND(?p)`` is false;
the saved queries test "was it given?" with ``COALESCE`` instead.
"""

from __future__ import annotations

import csv
import io
import json
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from xml.etree import ElementTree as ET

import pyoxigraph as ox

from kg.namespaces import PREFIXES

QUERY_DIR = Path(__file__).resolve().parent / "queries"
XSD = PREFIXES["xsd"]
_XSD_STRING = XSD + "string"
_LANG_STRING = PREFIXES["rdf"] + "langString"
SPARQL_RESULTS_NS = "http://www.w3.org/2005/sparql-results#"

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


# ---------------------------------------------------------------- errors


class SparqlError(Exception):
    """A query cannot be run; the message says why and what to do."""


class UnknownQuery(SparqlError):
    """No saved query, and no file, has the given name."""


class QuerySyntaxError(SparqlError):
    """The query text is not valid SPARQL 1.1; ``line`` and ``column`` are 1-based."""

    def __init__(self, message: str, *, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


class ParamError(SparqlError):
    """A ``--param`` is malformed or names a variable the query cannot bind."""


class ResultTooLarge(SparqlError):
    """The result has more rows (or triples) than the caller allows."""


class Refused(SparqlError):
    """The query asks for something this caller does not allow (an update, a SERVICE call)."""


class QueryTooComplex(SparqlError):
    """The query is longer, or nests deeper, than :func:`check_bounds` accepts."""


# ---------------------------------------------------------------- saved queries


@dataclass(frozen=True, slots=True)
class SavedQuery:
    """A documented query of ``kg/queries``: its header comments and its text."""

    name: str
    description: str
    params: tuple[str, ...]
    text: str
    path: Path

    @property
    def doc(self) -> str:
        """The header comment block without the ``#`` marks: description and parameter notes."""
        lines = []
        for line in self.text.splitlines():
            if not line.startswith("#"):
                break
            lines.append(line[1:].strip())
        return "\n".join(lines)


_HEADER = re.compile(r"^#\s*(name|description|params)\s*:\s*(.*?)\s*$")
_VAR = re.compile(r"[?$]([A-Za-z_][A-Za-z0-9_]*)")


def parse_saved_query(path: Path) -> SavedQuery:
    """Read a ``.rq`` file and its header (``# name:``, ``# description:``, ``# params:``)."""
    text = Path(path).read_text(encoding="utf-8")
    fields: dict[str, str] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        match = _HEADER.match(line)
        if match and match.group(1) not in fields:
            fields[match.group(1)] = match.group(2)
    params = tuple(_VAR.findall(fields.get("params", "")))
    return SavedQuery(
        name=fields.get("name") or Path(path).stem,
        description=fields.get("description", ""),
        params=params,
        text=text,
        path=Path(path),
    )


@cache
def _saved() -> dict[str, SavedQuery]:
    found = (parse_saved_query(p) for p in sorted(QUERY_DIR.glob("*.rq")))
    return {q.name: q for q in found}


def saved_queries() -> list[SavedQuery]:
    """The saved queries of ``kg/queries``, sorted by name.

    >>> "collaborators" in [q.name for q in saved_queries()]
    True
    """
    return sorted(_saved().values(), key=lambda q: q.name)


def saved_query(name: str) -> SavedQuery:
    """The saved query called ``name``.

    Raises:
        UnknownQuery: there is none; the message lists the saved queries.
    """
    try:
        return _saved()[name]
    except KeyError:
        raise UnknownQuery(f"no saved query {name!r}. Saved queries: {', '.join(_saved())}") from None


_NAME_LIKE = re.compile(r"^[\w./\\~:-]+$")


def load_query(query: str | Path, *, allow_files: bool = True) -> tuple[str, SavedQuery | None]:
    """The text of ``query``: the name of a saved query, a path to a file, or SPARQL itself.

    Returns the text and, when it comes from a saved query or a file with a header, its
    :class:`SavedQuery`. With ``allow_files=False`` (text from the network) a string is never
    read as a path: it is a saved query's name or SPARQL.
    """
    if isinstance(query, Path):
        if not allow_files:
            raise UnknownQuery("queries from files are not allowed here")
        return _load_file(query)
    text = query.strip()
    if text in _saved():
        saved = _saved()[text]
        return saved.text, saved
    if not allow_files:
        return query, None
    if _NAME_LIKE.match(text):
        path = Path(text).expanduser()
        if path.is_file():
            return _load_file(path)
        raise UnknownQuery(
            f"{text!r} is neither a saved query nor a file. Saved queries: {', '.join(_saved())} "
            "(or pass SPARQL text)"
        )
    return query, None


def _load_file(path: Path) -> tuple[str, SavedQuery | None]:
    try:
        saved = parse_saved_query(path)
    except OSError as ex:
        raise UnknownQuery(f"{path}: cannot read the query file: {ex.strerror or ex}") from ex
    except UnicodeDecodeError as ex:
        raise UnknownQuery(f"{path}: the query file is not UTF-8 text") from ex
    header = saved.text.lstrip().startswith("#") and ("# name:" in saved.text or "# params:" in saved.text)
    return saved.text, saved if header else None


# ---------------------------------------------------------------- parameters

_PARAM_NAME = re.compile(r"^[?$]?([A-Za-z_][A-Za-z0-9_]*)$")
_IRIREF = re.compile(r'^<([^<>"{}|^`\\\x00-\x20]*)>$')
_TYPED = re.compile(
    r'^"((?:[^"\\]|\\.)*)"\^\^(?:<([^<>"{}|^`\\\x00-\x20]*)>|([A-Za-z][\w-]*):([\w.-]*))$', re.S
)
_LANG = re.compile(r'^"((?:[^"\\]|\\.)*)"@([A-Za-z]+(?:-[A-Za-z0-9]+)*)$', re.S)
_ESCAPES = {"t": "\t", "n": "\n", "r": "\r", "b": "\b", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(0)), text)


def term_from_text(value: str) -> Term:
    """An RDF term from the text of a parameter value.

    ``<iri>`` and ``http(s)://...`` give an IRI; ``"text"^^xsd:date`` (or ``^^<iri>``) a typed
    literal; ``"text"@en`` a language-tagged literal; anything else a plain string literal, as is.

    >>> term_from_text("https://w3id.org/london-health-kg/id/ods/QWE")
    <NamedNode value=https://w3id.org/london-health-kg/id/ods/QWE>
    >>> term_from_text('"42"^^xsd:integer').value
    '42'
    >>> term_from_text('Guy\\'s and St Thomas\\' } ; DROP ALL').value
    "Guy's and St Thomas' } ; DROP ALL"
    """
    match = _IRIREF.match(value)
    if match:
        return _iri(match.group(1), value)
    if re.match(r"^https?://\S+$", value):
        return _iri(value, value)
    match = _TYPED.match(value)
    if match:
        lexical, iri, prefix, local = match.groups()
        if iri is None:
            if prefix not in PREFIXES:
                raise ParamError(f"unknown prefix {prefix!r} in {value!r}; known: {', '.join(PREFIXES)}")
            iri = PREFIXES[prefix] + local
        return ox.Literal(_unescape(lexical), datatype=_iri(iri, value))
    match = _LANG.match(value)
    if match:
        return ox.Literal(_unescape(match.group(1)), language=match.group(2).lower())
    return ox.Literal(value)


def _iri(text: str, value: str) -> ox.NamedNode:
    try:
        return ox.NamedNode(text)
    except ValueError as ex:
        raise ParamError(f"{value!r} is not a valid IRI: {ex}") from ex


def bind_params(params: Iterable[str] | Mapping[str, str | Term] | None) -> dict[str, Term]:
    """Parameters as RDF terms by variable name, from ``"name=value"`` strings or a mapping.

    A string value is read by :func:`term_from_text`; a pyoxigraph term is kept as it is.

    Raises:
        ParamError: a parameter has no ``=`` or its name is not a SPARQL variable name.
    """
    if params is None:
        return {}
    pairs: Iterable[tuple[str, str | Term]]
    if isinstance(params, Mapping):
        pairs = params.items()
    else:
        pairs = []
        for item in params:
            name, sep, value = item.partition("=")
            if not sep:
                raise ParamError(
                    f'parameter {item!r} should be name=value, e.g. actor="South West London ICB"'
                )
            pairs.append((name.strip(), value))
    bound: dict[str, Term] = {}
    for name, value in pairs:
        match = _PARAM_NAME.match(name)
        if not match:
            raise ParamError(f"{name!r} is not a SPARQL variable name (letters, digits and _)")
        bound[match.group(1)] = value if not isinstance(value, str) else term_from_text(value)
    return bound


# ---------------------------------------------------------------- what a query asks for

_STRIP = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r'|<[^<>"{}|^`\\\x00-\x20]*>'
    r"|#[^\n\r]*",
    re.S,
)
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_UPDATE_WORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")
_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


def _skeleton(text: str) -> str:
    """The query with strings, IRIs and comments blanked, so keywords can be searched safely."""
    text = _CODEPOINT.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)
    return _STRIP.sub(" ", text)


def query_form(text: str) -> str:
    """The form of a SPARQL operation: ``SELECT``, ``ASK``, ``CONSTRUCT``, ``DESCRIBE``, or
    ``UPDATE`` for SPARQL Update; ``""`` when neither can be told.

    >>> query_form("PREFIX ex: <http://e/> # a comment\\nselect * { ?s ?p ?o }")
    'SELECT'
    >>> query_form('INSERT DATA { <http://e/a> <http://e/b> "SELECT" }')
    'UPDATE'
    """
    for word in re.findall(r"[A-Za-z][\w.-]*:?", _skeleton(text)):
        if word.endswith(":"):  # a prefix label of the prologue
            continue
        upper = word.upper()
        if upper in _FORMS:
            return upper
        if upper in _UPDATE_WORDS:
            return "UPDATE"
    return ""


def uses_service(text: str) -> bool:
    """Whether the query contains a federated ``SERVICE`` call, decided from its syntax tree.

    The query is parsed with rdflib's SPARQL parser and the tree searched for a
    ``ServiceGraphPattern``, so comments, strings, IRIs, escapes (``e:x\\#``) and variable names
    that hold the word cannot hide a call or fake one. When rdflib cannot parse the text (a syntax
    it does not know, or a query it reads differently from pyoxigraph), the check fails closed:
    the query counts as federated if the letters ``service`` appear anywhere in it, since
    pyoxigraph reads the keyword only from those letters (it decodes ``\\u`` escapes inside
    strings and IRIs only).

    >>> uses_service('SELECT * { SERVICE <http://e/sparql> { ?s ?p ?o } }')
    True
    >>> uses_service('SELECT ?service { ?service ?p "SERVICE <http://e/>" } # SERVICE <http://e/>')
    False
    >>> uses_service('PREFIX e: <http://e/> SELECT * { { ?a e:x\\\\# ?b } UNION { SERVICE <http://e/> {} } }')
    True
    """
    return _uses_service(text)


@cache
def _rdflib_parser() -> Callable[[str], object]:
    from rdflib.plugins.sparql.parser import parseQuery  # deferred: loading the grammar takes ~0.3 s

    return parseQuery


@lru_cache(maxsize=512)
def _uses_service(text: str) -> bool:
    lowered = text.lower()
    if "service" not in lowered and "\\u" not in lowered:
        return False  # no keyword can be read here: skip the parse (rdflib takes ~0.1 s per KB)
    try:
        tree = _rdflib_parser()(text)
    except Exception:  # noqa: BLE001 - any failure to parse (syntax, recursion, escapes) fails closed
        return re.search("service", text, re.IGNORECASE) is not None
    stack: list[object] = [tree]
    while stack:
        node = stack.pop()
        if getattr(node, "name", None) == "ServiceGraphPattern":
            return True
        if type(node).__name__ == "ParseResults":  # pyparsing registers it as a Mapping too
            stack.extend(node)
            stack.extend(node.values())
        elif isinstance(node, Mapping):
            stack.extend(node.values())
        elif isinstance(node, (list, tuple)):
            stack.extend(node)
    return False


# ---------------------------------------------------------------- bounds

MAX_QUERY_CHARS = 100_000
"""The longest query text :func:`run` accepts (saved queries are under 9,000 characters)."""
MAX_NESTING = 100
"""The deepest nesting of brackets (``{``, ``(``, ``[``) :func:`run` accepts."""
QUERY_STACK_BYTES = 1 << 30
"""The stack of the thread a query runs in. pyoxigraph parses and evaluates recursively, and
with a thread's usual 8 MB a few thousand chained operators (``1+1+...``, ``a/a/...``, ``UNION``)
overflow it and kill the process; within :data:`MAX_QUERY_CHARS` the deepest query measured uses
well under this (only the pages touched are ever allocated)."""

_OPENERS, _CLOSERS = "{([", "})]"
_IRI_AT = re.compile(r'<[^<>"{}|^`\\\x00-\x20()\[\]]*>')


def nesting_depth(text: str) -> int:
    """The deepest nesting of ``{ ( [`` in a query, outside strings, IRIs and comments.

    Escaped characters of prefixed names (``e:x\\#``, ``e:x\\(``) are not brackets or comments, and
    an IRI that holds a bracket is read as code. The count is for a clear message; what keeps a
    deep query from overflowing the stack is :data:`QUERY_STACK_BYTES` with the length bound.

    >>> nesting_depth('SELECT * { ?s ?p "{{{" . { ?s <http://e/x#y> ?o } } # {{{')
    2
    >>> nesting_depth("SELECT (" + "(" * 500 + "1" + ")" * 500 + " AS ?x) {}")
    501
    """
    depth = deepest = 0
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end + 1
            continue
        if c in "\"'":
            quote = text[i : i + 3] if text[i : i + 3] in ('"""', "'''") else c
            j = i + len(quote)
            while j < n and not text.startswith(quote, j):
                if len(quote) == 1 and text[j] in "\r\n":
                    break
                j += 2 if text[j] == "\\" else 1
            i = j + len(quote)
            continue
        if c == "<":
            match = _IRI_AT.match(text, i)
            if match:
                i = match.end()
                continue
        if c in _OPENERS:
            depth += 1
            deepest = max(deepest, depth)
        elif c in _CLOSERS:
            depth = max(0, depth - 1)
        i += 1
    return deepest


def check_bounds(text: str, *, max_chars: int = MAX_QUERY_CHARS, max_nesting: int = MAX_NESTING) -> None:
    """Refuse a query too long or too deeply nested to parse safely, before anything parses it.

    Raises:
        QueryTooComplex: the message says which bound and by how much.
    """
    if len(text) > max_chars:
        raise QueryTooComplex(
            f"the query is {len(text):,} characters long; at most {max_chars:,} are accepted"
        )
    depth = nesting_depth(text)
    if depth > max_nesting:
        raise QueryTooComplex(
            f"the query nests brackets {depth:,} deep; at most {max_nesting} levels are accepted"
        )


def _on_deep_stack(work: Callable[[], Result]) -> Result:
    """Run ``work`` in a thread with a :data:`QUERY_STACK_BYTES` stack and return (or raise) its outcome."""
    outcome: dict[str, object] = {}

    def target() -> None:
        try:
            outcome["value"] = work()
        except BaseException as ex:  # noqa: BLE001 - handed back to the caller's thread
            # without its traceback: the frames hold pyoxigraph results, which must be dropped
            # in the thread that made them
            outcome["error"] = ex.with_traceback(None)

    with _STACK_LOCK:  # threading.stack_size is process-wide: set, start, restore
        previous = threading.stack_size(QUERY_STACK_BYTES)
        try:
            thread = threading.Thread(target=target, name="kg-sparql-query", daemon=True)
            thread.start()
        finally:
            threading.stack_size(previous)
    thread.join()
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]


_STACK_LOCK = threading.Lock()


# ---------------------------------------------------------------- results


@dataclass(frozen=True)
class Result:
    """What a query returned: solutions (``SELECT``), a boolean (``ASK``) or triples.

    ``kind`` is ``"solutions"``, ``"boolean"`` or ``"graph"``.
    """

    kind: str
    variables: tuple[str, ...] = ()
    rows: tuple[tuple[Term | None, ...], ...] = ()
    boolean: bool | None = None
    triples: tuple[ox.Triple, ...] = ()
    query: SavedQuery | None = field(default=None, compare=False)

    def __len__(self) -> int:
        if self.kind == "graph":
            return len(self.triples)
        if self.kind == "boolean":
            return 1
        return len(self.rows)

    def __iter__(self) -> Iterator[dict[str, Term | None]]:
        """Solutions as ``{variable: term}`` dicts (unbound variables map to None)."""
        for row in self.rows:
            yield dict(zip(self.variables, row, strict=True))

    def values(self) -> list[dict[str, str | None]]:
        """Solutions as ``{variable: lexical value}`` dicts, the form tests and notebooks want."""
        return [
            {v: (t.value if t is not None and not isinstance(t, ox.Triple) else None) for v, t in d.items()}
            for d in self
        ]

    def column(self, variable: str) -> list[str | None]:
        """The lexical values of one variable, row by row."""
        i = self.variables.index(variable)
        return [None if row[i] is None else row[i].value for row in self.rows]


_ITEM = re.compile(r'"(?:[^"\\]|\\.)*"|\[(?:[^\[\]]|\[[^\]]*\])*\]|[^,]+', re.S)


def _tidy_expected(detail: str) -> str:
    """The parser's "expected one of ..." list without its character-class noise."""
    match = re.match(r"^(expected one of )(.*)$", detail, re.S)
    if not match:
        return detail
    items = [i.strip() for i in _ITEM.findall(match.group(2))]
    kept = [i for i in items if i and not (i.startswith("[") and i.endswith("]"))]
    return match.group(1) + ", ".join(kept) if kept else "unexpected input"


def _syntax_error(ex: SyntaxError, text: str) -> QuerySyntaxError:
    message = str(ex)
    match = re.match(r"^error at (\d+):(\d+):\s*(.*)$", message, re.S)
    if not match:
        return QuerySyntaxError(f"SPARQL syntax error: {message}")
    line, column, detail = int(match.group(1)), int(match.group(2)), match.group(3)
    detail = _tidy_expected(detail)
    if len(detail) > 300:
        detail = detail[:300] + "..."
    lines = text.splitlines() or [""]
    if "Prefix not found" in detail:
        before = lines[line - 1][: max(column - 1, 0)] if 1 <= line <= len(lines) else ""
        label = re.search(r"([A-Za-z][\w.-]*)?:[^\s:]*$", before)
        name = f"{label.group(1) or ''}:" if label else "a prefix"
        detail = f"unknown prefix {name}; declare it with PREFIX (predeclared: {', '.join(PREFIXES)})"
    where = f"SPARQL syntax error at line {line}, column {column}: {detail}"
    if 1 <= line <= len(lines):
        source = lines[line - 1].expandtabs(1)
        gutter = f"{line:>4} | "
        where += f"\n{gutter}{source}\n{' ' * (len(gutter) - 2)}| {' ' * max(column - 1, 0)}^"
    elif line > len(lines):
        where += " (at the end of the query)"
    return QuerySyntaxError(where, line=line, column=column)


def run(
    db: ox.Store,
    query: str | Path,
    *,
    params: Iterable[str] | Mapping[str, str | Term] | None = None,
    max_rows: int | None = None,
    default_graphs: Iterable[str] | None = None,
    named_graphs: Iterable[str] | None = None,
    allow_service: bool = True,
    allow_files: bool = True,
) -> Result:
    """Run a SPARQL query: inline text, a ``.rq`` file, or the name of a saved query.

    Args:
        db: the store (see :func:`kg.store.open_store`).
        query: the query, a path to a file, or the name of a saved query.
        params: values to bind, as ``"name=value"`` strings or a mapping (see :func:`bind_params`).
        max_rows: refuse a result with more solutions (or triples) than this.
        default_graphs: IRIs of the graphs that make the default graph; by default it is the
            union of every graph.
        named_graphs: IRIs of the graphs ``GRAPH`` may see; by default all of them.
        allow_service: allow federated ``SERVICE`` calls to other endpoints.
        allow_files: read ``query`` as a file path when it looks like one (off for the endpoint,
            where the text comes from the network).

    Raises:
        UnknownQuery: ``query`` looks like a name but no saved query or file has it.
        QuerySyntaxError: the query is not valid SPARQL (line and column in the message).
        ParamError: a parameter is malformed or cannot be bound in this query.
        ResultTooLarge: more than ``max_rows`` solutions.
        Refused: a SPARQL Update, or a ``SERVICE`` call when not allowed.
        QueryTooComplex: the text is longer or nests deeper than :func:`check_bounds` accepts.
    """
    text, saved = load_query(query, allow_files=allow_files)
    bound = bind_params(params)
    if saved is not None and saved.params:
        unknown = sorted(set(bound) - set(saved.params))
        if unknown:
            accepted = " ".join(f"?{p}" for p in saved.params)
            raise ParamError(f"query {saved.name!r} has no parameter ?{unknown[0]}; it takes {accepted}")
    check_bounds(text)
    if query_form(text) == "UPDATE":
        raise Refused("SPARQL Update is not allowed here: kg queries are read-only (rebuild with `kg build`)")
    trusted = saved is not None and saved.path.resolve().parent == QUERY_DIR  # one of ours
    if not allow_service and not trusted and uses_service(text):
        raise Refused("federated SERVICE calls are disabled here")
    options: dict[str, object] = {"prefixes": PREFIXES}
    if default_graphs is not None or named_graphs is not None:
        if default_graphs is not None:
            options["default_graph"] = [_graph_iri(g, "default-graph-uri") for g in default_graphs]
        if named_graphs is not None:
            options["named_graphs"] = [_graph_iri(g, "named-graph-uri") for g in named_graphs]
    else:
        options["use_default_graph_as_union"] = True
    if bound:
        options["substitutions"] = {ox.Variable(k): v for k, v in bound.items()}
    try:
        return _on_deep_stack(lambda: _collect(db.query(text, **options), max_rows=max_rows, saved=saved))
    except SyntaxError as ex:
        raise _syntax_error(ex, text) from None
    except RuntimeError as ex:
        match = re.search(r"does not contains? variable \??(\S+) in its SELECT projection", str(ex))
        if match:
            raise ParamError(
                f"cannot bind ?{match.group(1).lstrip('?')}: the query has no such variable in its SELECT "
                "clause (a parameter binds a variable the query selects)"
            ) from None
        raise SparqlError(f"query failed: {ex}") from ex
    except OSError as ex:
        raise SparqlError(f"query failed: {ex}") from ex


def _graph_iri(value: str, what: str) -> ox.NamedNode:
    try:
        return ox.NamedNode(value)
    except ValueError as ex:
        raise ParamError(f"{what} {value!r} is not a valid IRI: {ex}") from None


def _collect(answer: object, *, max_rows: int | None, saved: SavedQuery | None) -> Result:
    if isinstance(answer, ox.QueryBoolean):
        return Result("boolean", boolean=bool(answer), query=saved)
    if isinstance(answer, ox.QuerySolutions):
        variables = tuple(v.value for v in answer.variables)
        rows = []
        for solution in answer:
            if max_rows is not None and len(rows) >= max_rows:
                raise ResultTooLarge(f"the result has more than {max_rows} rows; add a LIMIT")
            rows.append(tuple(solution[i] for i in range(len(variables))))
        return Result("solutions", variables=variables, rows=tuple(rows), query=saved)
    triples = []
    for triple in answer:  # type: ignore[attr-defined]
        if max_rows is not None and len(triples) >= max_rows:
            raise ResultTooLarge(f"the result has more than {max_rows} triples; add a LIMIT")
        triples.append(triple)
    return Result("graph", triples=tuple(triples), query=saved)


# ---------------------------------------------------------------- formats


def _compact(iri: str) -> str:
    best = ""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(ns) > len(PREFIXES.get(best, "")):
            best = prefix
    return f"{best}:{iri[len(PREFIXES[best]) :]}" if best else iri


def _cell(term: Term | None, width: int) -> str:
    if term is None:
        text = ""
    elif isinstance(term, ox.NamedNode):
        text = _compact(term.value)
    elif isinstance(term, ox.BlankNode):
        text = f"_:{term.value}"
    elif isinstance(term, ox.Literal):
        text = term.value
    else:
        text = str(term)
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def to_table(result: Result, *, width: int = 80) -> str:
    """A readable text table: IRIs shortened with the project prefixes, long cells cut at ``width``.

    >>> print(to_table(Result("solutions", ("x", "n"), ((ox.NamedNode("https://schema.org/Person"), ox.Literal(3)),))))
    x             | n
    ------------- | -
    schema:Person | 3
    (1 row)
    """
    if result.kind == "boolean":
        return "yes" if result.boolean else "no"
    if result.kind == "graph":
        return to_turtle(result).decode("utf-8")
    header = list(result.variables)
    body = [[_cell(t, width) for t in row] for row in result.rows]
    widths = [max([len(h)] + [len(r[i]) for r in body]) for i, h in enumerate(header)]

    def line(cells: list[str]) -> str:
        return " | ".join(c.ljust(widths[i]) for i, c in enumerate(cells)).rstrip()

    out = [line(header), line(["-" * w for w in widths])]
    out.extend(line(r) for r in body)
    n = len(body)
    out.append(f"({n} row{'' if n == 1 else 's'})")
    return "\n".join(out)


def _plain(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Triple):
        return str(term)
    return term.value


def to_csv(result: Result) -> bytes:
    """SPARQL 1.1 Query Results CSV: lexical values only, CRLF line ends."""
    if result.kind != "solutions":
        raise SparqlError("CSV holds solutions only; use json or xml for ASK, turtle for CONSTRUCT")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow([_plain(t) for t in row])
    return out.getvalue().encode("utf-8")


def _nt(term: Term) -> str:
    text = str(term)
    return text.replace("\t", "\\t") if isinstance(term, ox.Literal) else text


def to_tsv(result: Result) -> bytes:
    """SPARQL 1.1 Query Results TSV: terms in Turtle syntax, ``?var`` header."""
    if result.kind != "solutions":
        raise SparqlError("TSV holds solutions only; use json or xml for ASK, turtle for CONSTRUCT")
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    lines.extend("\t".join("" if t is None else _nt(t) for t in row) for row in result.rows)
    return ("\n".join(lines) + "\n").encode("utf-8")


def _json_term(term: Term) -> dict[str, object]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        return {
            "type": "triple",
            "value": {
                "subject": _json_term(term.subject),
                "predicate": _json_term(term.predicate),
                "object": _json_term(term.object),
            },
        }
    out: dict[str, object] = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != _XSD_STRING:
        out["datatype"] = term.datatype.value
    return out


def to_json(result: Result) -> bytes:
    """SPARQL 1.1 Query Results JSON (``application/sparql-results+json``)."""
    if result.kind == "boolean":
        doc: dict[str, object] = {"head": {}, "boolean": result.boolean}
    elif result.kind == "solutions":
        bindings = [
            {v: _json_term(t) for v, t in zip(result.variables, row, strict=True) if t is not None}
            for row in result.rows
        ]
        doc = {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}
    else:
        raise SparqlError("JSON results hold solutions or a boolean; CONSTRUCT and DESCRIBE give Turtle")
    return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _xml_term(parent: ET.Element, term: Term) -> None:
    ns = f"{{{SPARQL_RESULTS_NS}}}"
    if isinstance(term, ox.NamedNode):
        ET.SubElement(parent, ns + "uri").text = term.value
    elif isinstance(term, ox.BlankNode):
        ET.SubElement(parent, ns + "bnode").text = term.value
    elif isinstance(term, ox.Triple):
        node = ET.SubElement(parent, ns + "triple")
        for part in ("subject", "predicate", "object"):
            _xml_term(ET.SubElement(node, ns + part), getattr(term, part))
    else:
        node = ET.SubElement(parent, ns + "literal")
        if term.language:
            node.set("{http://www.w3.org/XML/1998/namespace}lang", term.language)
        elif term.datatype.value != _XSD_STRING:
            node.set("datatype", term.datatype.value)
        node.text = term.value


def to_xml(result: Result) -> bytes:
    """SPARQL Query Results XML (``application/sparql-results+xml``)."""
    ns = f"{{{SPARQL_RESULTS_NS}}}"
    ET.register_namespace("", SPARQL_RESULTS_NS)
    root = ET.Element(ns + "sparql")
    head = ET.SubElement(root, ns + "head")
    if result.kind == "boolean":
        ET.SubElement(root, ns + "boolean").text = "true" if result.boolean else "false"
    elif result.kind == "solutions":
        for v in result.variables:
            ET.SubElement(head, ns + "variable", name=v)
        results = ET.SubElement(root, ns + "results")
        for row in result.rows:
            node = ET.SubElement(results, ns + "result")
            for v, t in zip(result.variables, row, strict=True):
                if t is not None:
                    _xml_term(ET.SubElement(node, ns + "binding", name=v), t)
    else:
        raise SparqlError("XML results hold solutions or a boolean; CONSTRUCT and DESCRIBE give Turtle")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _graph_writer(fmt: ox.RdfFormat, *, prefixes: bool) -> Callable[[Result], bytes]:
    def write(result: Result) -> bytes:
        if result.kind != "graph":
            raise SparqlError("this format holds RDF graphs: use it with CONSTRUCT or DESCRIBE")
        options = {"prefixes": PREFIXES} if prefixes else {}
        return ox.serialize(result.triples, format=fmt, **options) or b""

    return write


to_turtle = _graph_writer(ox.RdfFormat.TURTLE, prefixes=True)


@dataclass(frozen=True, slots=True)
class Format:
    """A way of writing a :class:`Result`: its name, media type and the result kinds it holds."""

    name: str
    media_type: str
    kinds: frozenset[str]
    write: Callable[[Result], bytes]


def _table_bytes(result: Result) -> bytes:
    return (to_table(result) + "\n").encode("utf-8")


_ANSWERS = frozenset({"solutions", "boolean"})
FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format(
            "table", "text/plain; charset=utf-8", frozenset({"solutions", "boolean", "graph"}), _table_bytes
        ),
        Format("json", "application/sparql-results+json", _ANSWERS, to_json),
        Format("xml", "application/sparql-results+xml", _ANSWERS, to_xml),
        Format("csv", "text/csv; charset=utf-8", frozenset({"solutions"}), to_csv),
        Format("tsv", "text/tab-separated-values; charset=utf-8", frozenset({"solutions"}), to_tsv),
        Format("turtle", "text/turtle", frozenset({"graph"}), to_turtle),
        Format(
            "ntriples",
            "application/n-triples",
            frozenset({"graph"}),
            _graph_writer(ox.RdfFormat.N_TRIPLES, prefixes=False),
        ),
        Format(
            "rdfxml",
            "application/rdf+xml",
            frozenset({"graph"}),
            _graph_writer(ox.RdfFormat.RDF_XML, prefixes=True),
        ),
        Format(
            "jsonld",
            "application/ld+json",
            frozenset({"graph"}),
            _graph_writer(ox.RdfFormat.JSON_LD, prefixes=False),
        ),
    )
}
RESULT_FORMATS = ("table", "csv", "tsv", "json", "xml")


def serialize(result: Result, fmt: str = "table") -> bytes:
    """Write ``result`` in format ``fmt`` (a name of :data:`FORMATS`).

    A graph (``CONSTRUCT``/``DESCRIBE``) asked for in a results-only format (table, CSV, TSV,
    JSON, XML) is written as Turtle.
    """
    try:
        chosen = FORMATS[fmt]
    except KeyError:
        raise SparqlError(f"no result format {fmt!r}. Formats: {', '.join(FORMATS)}") from None
    if result.kind == "graph" and "graph" not in chosen.kinds:
        chosen = FORMATS["turtle"]
    if result.kind not in chosen.kinds:
        raise SparqlError(f"the {fmt} format cannot hold an ASK answer; use json, xml or table")
    return chosen.write(result)
