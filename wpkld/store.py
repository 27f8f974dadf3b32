"""Stores that hold the data and answer SPARQL: the Store protocol and its backends.

Three backends share one interface: :class:`OxigraphStore` (embedded, Rust),
:class:`RdflibStore` (pure Python, in memory) and
:class:`~wpkld.endpoint.EndpointStore` (any SPARQL 1.1 server). Results come
back as pyoxigraph terms whatever the backend, so that everything downstream
(typed rows, SPARQL JSON, tables) is written once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar, Union

import pyoxigraph
from pyoxigraph import BlankNode, Literal, NamedNode, Triple

from .errors import DataError, QueryError, QueryNetworkError, WpkldError
from .limits import QUERY_TIMEOUT, check_size, refuse_remote_contexts, refuse_xml_entities, within
from .sparql_scan import check_network
from .terms import Row, Term, from_rdflib, to_rdflib

if TYPE_CHECKING:
    import rdflib

Source = Union[Traversable, Path]
T = TypeVar("T")

#: File extensions the stores read, and their pyoxigraph / rdflib formats.
FORMATS: dict[str, tuple[pyoxigraph.RdfFormat, str]] = {
    ".ttl": (pyoxigraph.RdfFormat.TURTLE, "turtle"),
    ".nt": (pyoxigraph.RdfFormat.N_TRIPLES, "nt"),
    ".nq": (pyoxigraph.RdfFormat.N_QUADS, "nquads"),
    ".trig": (pyoxigraph.RdfFormat.TRIG, "trig"),
    ".jsonld": (pyoxigraph.RdfFormat.JSON_LD, "json-ld"),
    ".json": (pyoxigraph.RdfFormat.JSON_LD, "json-ld"),
    ".rdf": (pyoxigraph.RdfFormat.RDF_XML, "xml"),
    ".xml": (pyoxigraph.RdfFormat.RDF_XML, "xml"),
    ".owl": (pyoxigraph.RdfFormat.RDF_XML, "xml"),
}


def format_of(source: Source) -> tuple[pyoxigraph.RdfFormat, str]:
    """Return the formats of a file from its extension.

    >>> format_of(Path("persons.ttl"))[1]
    'turtle'
    >>> format_of(Path("notes.txt"))
    Traceback (most recent call last):
    ...
    wpkld.errors.DataError: notes.txt: unknown RDF file extension '.txt' (use .ttl, .nt, .nq, .trig, .jsonld, .json, .rdf, .xml, .owl)
    """
    name = source.name
    suffix = name[name.rfind("."):] if "." in name else ""
    try:
        return FORMATS[suffix.lower()]
    except KeyError:
        known = ", ".join(FORMATS)
        said = f"unknown RDF file extension {suffix!r}" if suffix else "no file extension"
        raise DataError(f"{said} (use {known})", path=str(source)) from None


def read_source(source: Source) -> bytes:
    """Read a file, turning OS errors and oversized files into :class:`DataError`."""
    try:
        if isinstance(source, Path):
            check_size(source.stat().st_size, str(source))
        return source.read_bytes()
    except OSError as exc:
        raise DataError(exc.strerror or str(exc), path=str(source)) from exc


def run_query(work: Callable[[], T], text: str, *, allow_network: bool,
              timeout: float | None) -> T:
    """Run a query's whole evaluation under the time limit, outbound requests only if allowed.

    Both engines evaluate lazily, while the results are read: ``work`` must
    read them all, so that a failure anywhere is reported here.

    :raises NetworkRefused: when the query uses SERVICE without ``allow_network``.
    :raises QueryTimeout: when it runs past ``timeout`` seconds.
    :raises QueryNetworkError: when a request the query sent (SERVICE) failed.
    :raises QueryError: when the query is malformed or its evaluation failed.
    """
    check_network(text, allow_network=allow_network)

    def guarded() -> T:
        try:
            return work()
        except WpkldError:
            raise
        except SyntaxError as exc:  # pyoxigraph's messages span lines; the CLI prints one
            raise QueryError(f"malformed SPARQL: {' '.join(exc.msg.split())}") from exc
        except OSError as exc:  # pyoxigraph's and urllib's errors of a SERVICE call
            raise QueryNetworkError("a request the query sent failed: "
                                    + " ".join(str(exc).split())) from exc
        except Exception as exc:  # rdflib's parser and evaluator have no common base
            raise QueryError(f"malformed SPARQL or query failed: {' '.join(str(exc).split())}") from exc

    return within(timeout, guarded)


@dataclass
class Results:
    """The answer to a SELECT query: variables in order, and one row per solution."""

    variables: list[str]
    rows: list[Row] = field(default_factory=list)


class Store(Protocol):
    """What every backend offers."""

    name: str

    def select(self, query: str, bindings: Mapping[str, Term] | None = None) -> Results:
        """Run a SELECT query, with variables pre-bound to terms."""
        ...

    def ask(self, query: str) -> bool:
        """Run an ASK query."""
        ...

    def __len__(self) -> int:
        """Return the number of triples (quads) the store holds."""
        ...


class OxigraphStore:
    """An in-memory pyoxigraph store: fast parsing, fast SPARQL.

    >>> store = OxigraphStore()
    >>> store.load_text('<urn:a> <urn:b> "c" .', name="inline.nt")
    >>> store.select("SELECT ?o WHERE { ?s ?p ?o }").rows[0]["o"].value
    'c'
    """

    name = "oxigraph"

    def __init__(self, *, allow_network: bool = False, timeout: float | None = QUERY_TIMEOUT) -> None:
        self.store = pyoxigraph.Store()
        self.allow_network, self.timeout = allow_network, timeout

    def load(self, sources: Iterable[Source]) -> None:
        """Parse files into the store; a syntax error names the file and line."""
        for source in sources:
            self._parse(read_source(source), format_of(source)[0], str(source))

    def load_text(self, text: str, *, name: str) -> None:
        """Parse RDF given as text, in the format ``name``'s extension says."""
        self._parse(text.encode("utf-8"), format_of(Path(name))[0], name)

    def _parse(self, data: bytes, fmt: pyoxigraph.RdfFormat, where: str) -> None:
        if fmt == pyoxigraph.RdfFormat.RDF_XML:
            refuse_xml_entities(data, where)
        try:
            if fmt in (pyoxigraph.RdfFormat.N_QUADS, pyoxigraph.RdfFormat.TRIG):
                # Quads are folded into the default graph: statements in named
                # graphs must feed derive.ru (an update on the default graph)
                # like any others; the RdflibStore does the same.
                default = pyoxigraph.DefaultGraph()
                self.store.extend(pyoxigraph.Quad(q.subject, q.predicate, q.object, default)
                                  for q in pyoxigraph.parse(input=data, format=fmt))
            else:
                self.store.load(input=data, format=fmt)
        except SyntaxError as exc:
            raise DataError(exc.msg, path=where, line=exc.lineno, column=exc.offset) from exc
        except ValueError as exc:
            raise DataError(str(exc), path=where) from exc
        except MemoryError as exc:  # pyoxigraph caps one token (e.g. a literal) at 16 MB
            raise DataError(f"too large to parse: {exc}", path=where) from exc

    def update(self, update: str) -> None:
        """Run a SPARQL Update (LOAD only with ``allow_network``)."""
        check_network(update, allow_network=self.allow_network)
        try:
            self.store.update(update)
        except SyntaxError as exc:
            raise QueryError(f"malformed SPARQL update: {exc.msg}") from exc

    def select(self, query: str, bindings: Mapping[str, Term] | None = None) -> Results:
        substitutions: dict[pyoxigraph.Variable, NamedNode | BlankNode | Literal | Triple] = {
            pyoxigraph.Variable(k): v for k, v in (bindings or {}).items()}

        def run() -> Results:
            answer = self.store.query(query, substitutions=substitutions or None)
            if not isinstance(answer, pyoxigraph.QuerySolutions):
                raise QueryError("expected a SELECT query")
            variables = [v.value for v in answer.variables]
            rows = []
            for solution in answer:
                row = {}
                for name in variables:
                    value = solution[name]
                    if value is not None:
                        row[name] = value
                rows.append(row)
            return Results(variables, rows)

        return run_query(run, query, allow_network=self.allow_network, timeout=self.timeout)

    def ask(self, query: str) -> bool:
        def run() -> bool:
            answer = self.store.query(query)
            if not isinstance(answer, pyoxigraph.QueryBoolean):
                raise QueryError("expected an ASK query")
            return bool(answer)

        return run_query(run, query, allow_network=self.allow_network, timeout=self.timeout)

    def quads(self) -> list[pyoxigraph.Quad]:
        """Return every quad of the store."""
        return list(self.store)

    def __len__(self) -> int:
        return len(self.store)


class RdflibStore:
    """An rdflib in-memory graph: pure Python, the reference implementation.

    >>> store = RdflibStore()
    >>> store.load_text('<urn:a> <urn:b> "c" .', name="inline.nt")
    >>> len(store)
    1
    """

    name = "rdflib"

    def __init__(self, *, allow_network: bool = False, timeout: float | None = QUERY_TIMEOUT) -> None:
        import rdflib

        self.allow_network, self.timeout = allow_network, timeout
        # A plain Graph: quads are folded into it when parsed, which gives the
        # same union semantics as Oxigraph's use_default_graph_as_union without
        # rdflib's deprecated Dataset-as-union machinery.
        self.graph = rdflib.Graph()

    def load(self, sources: Iterable[Source]) -> None:
        """Parse files into the store; a syntax error names the file and line."""
        for source in sources:
            self._parse(read_source(source), format_of(source)[1], str(source))

    def load_text(self, text: str, *, name: str) -> None:
        """Parse RDF given as text, in the format ``name``'s extension says."""
        self._parse(text.encode("utf-8"), format_of(Path(name))[1], name)

    def _parse(self, data: bytes, fmt: str, where: str) -> None:
        import rdflib

        if fmt == "xml":
            refuse_xml_entities(data, where)
        if fmt == "json-ld" and not self.allow_network:
            refuse_remote_contexts(data, where)  # rdflib would fetch them
        try:
            if fmt in ("nquads", "trig"):
                quads = rdflib.Dataset()
                quads.parse(data=data, format=fmt)
                for s, p, o, _ in quads.quads((None, None, None, None)):
                    self.graph.add((s, p, o))
            else:
                self.graph.parse(data=data, format=fmt)
        except Exception as exc:  # rdflib's parsers raise many unrelated types
            line = getattr(exc, "lines", None)
            raise DataError(str(getattr(exc, "msg", exc)), path=where,
                            line=line + 1 if isinstance(line, int) else None) from exc

    def update(self, update: str) -> None:
        """Run a SPARQL Update (LOAD only with ``allow_network``)."""
        check_network(update, allow_network=self.allow_network)
        try:
            self.graph.update(update)
        except Exception as exc:
            raise QueryError(f"SPARQL update failed: {exc}") from exc

    def select(self, query: str, bindings: Mapping[str, Term] | None = None) -> Results:
        init = {k: to_rdflib(v) for k, v in (bindings or {}).items()}

        def run() -> Results:
            answer = self.graph.query(query, initBindings=init)
            if answer.type != "SELECT":
                raise QueryError("expected a SELECT query")
            variables = [str(v) for v in answer.vars or []]
            rows = []
            for solution in answer:
                assert isinstance(solution, tuple)  # a SELECT yields ResultRows, which are tuples
                rows.append({name: from_rdflib(value) for name, value in zip(variables, solution)
                             if value is not None})
            return Results(variables, rows)

        return run_query(run, query, allow_network=self.allow_network, timeout=self.timeout)

    def ask(self, query: str) -> bool:
        def run() -> bool:
            answer = self.graph.query(query)
            if answer.type != "ASK":
                raise QueryError("expected an ASK query")
            return bool(answer.askAnswer)

        return run_query(run, query, allow_network=self.allow_network, timeout=self.timeout)

    def __len__(self) -> int:
        return len(self.graph)
