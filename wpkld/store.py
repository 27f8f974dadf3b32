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
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeAlias, TypeVar

import pyoxigraph
from pyoxigraph import Triple

from .binding import inline_bindings
from .errors import DataError, QueryError, QueryNetworkError, WpkldError
from .limits import QUERY_TIMEOUT, check_size, refuse_remote_contexts, refuse_xml_entities, within
from .sparql_scan import check_network
from .terms import Row, Term, from_rdflib, to_rdflib

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    import rdflib
    import rdflib.query

#: A file to read: a path, or a package resource (only typed: importlib.resources costs ~6 ms to import).
Source: TypeAlias = "Traversable | Path"
_T = TypeVar("_T")

@dataclass(frozen=True)
class FileFormat:
    """An RDF file format as each embedded backend names it."""

    oxigraph: pyoxigraph.RdfFormat
    rdflib: str

    @property
    def has_quads(self) -> bool:
        """Whether the format holds named graphs (folded into the default graph on load)."""
        return self.oxigraph.supports_datasets


#: File extensions the stores read, and their formats.
FORMATS: dict[str, FileFormat] = {
    ".ttl": FileFormat(pyoxigraph.RdfFormat.TURTLE, "turtle"),
    ".nt": FileFormat(pyoxigraph.RdfFormat.N_TRIPLES, "nt"),
    ".nq": FileFormat(pyoxigraph.RdfFormat.N_QUADS, "nquads"),
    ".trig": FileFormat(pyoxigraph.RdfFormat.TRIG, "trig"),
    ".jsonld": FileFormat(pyoxigraph.RdfFormat.JSON_LD, "json-ld"),
    ".json": FileFormat(pyoxigraph.RdfFormat.JSON_LD, "json-ld"),
    ".rdf": FileFormat(pyoxigraph.RdfFormat.RDF_XML, "xml"),
    ".xml": FileFormat(pyoxigraph.RdfFormat.RDF_XML, "xml"),
    ".owl": FileFormat(pyoxigraph.RdfFormat.RDF_XML, "xml"),
}


def format_of(source: Source) -> FileFormat:
    """Return the format of a file from its extension.

    >>> format_of(Path("persons.ttl")).rdflib
    'turtle'
    >>> format_of(Path("/data/notes.txt"))
    Traceback (most recent call last):
    ...
    wpkld.errors.DataError: /data/notes.txt: unknown RDF file extension '.txt' (use .ttl, .nt, ...)
    """
    name = source.name
    suffix = name[name.rfind("."):] if "." in name else ""
    try:
        return FORMATS[suffix.lower()]
    except KeyError:
        known = ", ".join(FORMATS)
        what = f"unknown RDF file extension {suffix!r}" if suffix else "no file extension"
        raise DataError(f"{what} (use {known})", path=str(source)) from None


def read_source(source: Source) -> bytes:
    """Read a file, turning OS errors and oversized files into :class:`DataError`."""
    try:
        if isinstance(source, Path):
            check_size(source.stat().st_size, str(source))
        return source.read_bytes()
    except OSError as exc:
        raise DataError(exc.strerror or str(exc), path=str(source)) from exc


def run_query(work: Callable[[], _T], text: str, *, allow_network: bool,
              timeout: float | None) -> _T:
    """Run a query's whole evaluation under the time limit, outbound requests only if allowed.

    Both engines evaluate lazily, while the results are read: ``work`` must
    read them all, so that a failure anywhere is reported here.

    :raises NetworkRefused: when the query uses SERVICE or LOAD without ``allow_network``.
    :raises QueryTimeout: when it runs past ``timeout`` seconds.
    :raises QueryNetworkError: when a request the query sent (SERVICE) failed.
    :raises QueryError: when the query is malformed or its evaluation failed.
    """
    check_network(text, allow_network=allow_network)

    def guarded() -> _T:
        try:
            return work()
        except WpkldError:
            raise
        except OSError as exc:  # pyoxigraph's and urllib's errors of a SERVICE call
            raise QueryNetworkError("a request the query sent failed: "
                                    + " ".join(str(exc).split())) from exc

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

    def construct(self, query: str) -> list[Triple]:
        """Run a CONSTRUCT or DESCRIBE query and return its triples."""
        ...

    def __len__(self) -> int:
        """Return the number of triples (quads) the store holds."""
        ...


class EmbeddedStore(Store, Protocol):
    """A store in this process: it also parses files, runs updates and lists its quads."""

    def load(self, sources: Iterable[Source]) -> None:
        """Parse files into the store; a syntax error names the file and line."""
        ...

    def load_text(self, text: str, *, name: str) -> None:
        """Parse RDF given as text, in the format ``name``'s extension says."""
        ...

    def update(self, update: str) -> None:
        """Run a SPARQL Update."""
        ...

    def quads(self) -> list[pyoxigraph.Quad]:
        """Return every quad of the store (in the default graph)."""
        ...


class _Loader:
    """What the embedded stores share: loading files, and running queries within bounds.

    Files: RDF/XML with DTD entities is refused, and JSON-LD naming a remote
    context unless the network is allowed. Queries: SERVICE and LOAD are
    refused unless the network is allowed, and a query is abandoned after
    ``timeout`` seconds (:func:`run_query`).
    """

    allow_network: bool = False
    timeout: float | None = QUERY_TIMEOUT

    def load(self, sources: Iterable[Source]) -> None:
        """Parse files into the store; a syntax error names the file and line."""
        for source in sources:
            self._checked_parse(read_source(source), format_of(source), str(source))

    def load_text(self, text: str, *, name: str) -> None:
        """Parse RDF given as text, in the format ``name``'s extension says."""
        self._checked_parse(text.encode("utf-8"), format_of(Path(name)), name)

    def _checked_parse(self, data: bytes, fmt: FileFormat, where: str) -> None:
        if fmt.oxigraph == pyoxigraph.RdfFormat.RDF_XML:
            refuse_xml_entities(data, where)
        if fmt.oxigraph == pyoxigraph.RdfFormat.JSON_LD and not self.allow_network:
            refuse_remote_contexts(data, where)  # rdflib would fetch them
        self._parse(data, fmt, where)

    def _parse(self, data: bytes, fmt: FileFormat, where: str) -> None:
        raise NotImplementedError

    def update(self, update: str) -> None:
        """Run a SPARQL Update (LOAD only with ``allow_network``)."""
        check_network(update, allow_network=self.allow_network)
        self._update(update)

    def select(self, query: str, bindings: Mapping[str, Term] | None = None) -> Results:
        """Run a SELECT query, with variables pre-bound to terms."""
        return run_query(lambda: self._select(query, bindings), query,
                         allow_network=self.allow_network, timeout=self.timeout)

    def ask(self, query: str) -> bool:
        """Run an ASK query."""
        return run_query(lambda: self._ask(query), query,
                         allow_network=self.allow_network, timeout=self.timeout)

    def construct(self, query: str) -> list[Triple]:
        """Run a CONSTRUCT or DESCRIBE query and return its triples."""
        return run_query(lambda: self._construct(query), query,
                         allow_network=self.allow_network, timeout=self.timeout)

    def _update(self, update: str) -> None:
        raise NotImplementedError

    def _select(self, query: str, bindings: Mapping[str, Term] | None) -> Results:
        raise NotImplementedError

    def _ask(self, query: str) -> bool:
        raise NotImplementedError

    def _construct(self, query: str) -> list[Triple]:
        raise NotImplementedError


class OxigraphStore(_Loader):
    """An in-memory pyoxigraph store: fast parsing, fast SPARQL.

    >>> store = OxigraphStore()
    >>> store.load_text('<urn:a> <urn:b> "c" .', name="inline.nt")
    >>> store.select("SELECT ?o WHERE { ?s ?p ?o }").rows[0]["o"].value
    'c'
    """

    name = "oxigraph"

    def __init__(self, *, allow_network: bool = False, timeout: float | None = QUERY_TIMEOUT,
                 read_only: pyoxigraph.Store | None = None) -> None:
        """Make an empty store in memory, or wrap ``read_only``, a store opened with ``Store.read_only``."""
        self.store = pyoxigraph.Store() if read_only is None else read_only
        self.read_only = read_only is not None
        self.allow_network, self.timeout = allow_network, timeout

    def _refuse_changes(self) -> None:
        if self.read_only:
            raise DataError("the prebuilt graph is read-only: open the data with prebuilt=False to change it")

    def _parse(self, data: bytes, fmt: FileFormat, where: str) -> None:
        self._refuse_changes()
        try:
            if fmt.has_quads:
                # Quads are folded into the default graph: statements in named
                # graphs must feed derive.ru (an update on the default graph)
                # like any others; the RdflibStore does the same.
                default = pyoxigraph.DefaultGraph()
                self.store.extend(pyoxigraph.Quad(q.subject, q.predicate, q.object, default)
                                  for q in pyoxigraph.parse(input=data, format=fmt.oxigraph))
            else:
                self.store.load(input=data, format=fmt.oxigraph)
        except SyntaxError as exc:
            raise DataError(exc.msg, path=where, line=exc.lineno, column=exc.offset) from exc
        except ValueError as exc:
            raise DataError(str(exc), path=where) from exc
        except MemoryError as exc:  # pyoxigraph caps one token (e.g. a literal) at 16 MB
            raise DataError(f"too large to parse: {exc}", path=where) from exc

    def _update(self, update: str) -> None:
        self._refuse_changes()
        try:
            self.store.update(update)
        except SyntaxError as exc:
            raise QueryError(f"malformed SPARQL update: {exc.msg}") from exc

    def _select(self, query: str, bindings: Mapping[str, Term] | None) -> Results:
        # Bound by a VALUES block, not by pyoxigraph's substitutions, which do
        # not narrow the join (x100: `sources` 1.8 s with them, 9 ms with VALUES).
        answer = self._query(inline_bindings(query, bindings or {}))
        if not isinstance(answer, pyoxigraph.QuerySolutions):
            raise QueryError("expected a SELECT query")
        variables = [v.value for v in answer.variables]
        # Solutions are computed while they are read: failures surface here. Values
        # by position: looking each one up by name costs more than the query.
        rows = self._read(lambda: [{name: value for name, value in zip(variables, solution, strict=True)
                                    if value is not None}
                                   for solution in answer])
        return Results(variables, rows)

    def _ask(self, query: str) -> bool:
        answer = self._query(query)
        if not isinstance(answer, pyoxigraph.QueryBoolean):
            raise QueryError("expected an ASK query")
        return bool(answer)

    def _construct(self, query: str) -> list[Triple]:
        answer = self._query(query)
        if not isinstance(answer, pyoxigraph.QueryTriples):
            raise QueryError("expected a CONSTRUCT or DESCRIBE query")
        return self._read(lambda: list(answer))

    @staticmethod
    def _read(read: Callable[[], _T]) -> _T:
        try:
            return read()
        except (ValueError, RuntimeError) as exc:  # OSError (SERVICE) is run_query's: exit 3
            raise QueryError(f"query failed: {' '.join(str(exc).split())}") from exc

    def _query(self, query: str) -> object:
        try:
            return self.store.query(query)
        except SyntaxError as exc:  # pyoxigraph's messages span lines; the CLI prints one
            raise QueryError(f"malformed SPARQL: {' '.join(exc.msg.split())}") from exc
        except (ValueError, RuntimeError) as exc:  # RuntimeError: unprojected binding
            raise QueryError(f"query failed: {' '.join(str(exc).split())}") from exc

    def quads(self) -> list[pyoxigraph.Quad]:
        """Return every quad of the store."""
        return list(self.store)

    def __len__(self) -> int:
        return len(self.store)


class RdflibStore(_Loader):
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

    def _parse(self, data: bytes, fmt: FileFormat, where: str) -> None:
        import rdflib

        try:
            if fmt.has_quads:
                quads = rdflib.Dataset()
                quads.parse(data=data, format=fmt.rdflib)
                for s, p, o, _ in quads.quads((None, None, None, None)):
                    self.graph.add((s, p, o))
            else:
                self.graph.parse(data=data, format=fmt.rdflib)
        except _rdflib_parse_errors() as exc:
            line = getattr(exc, "lines", None)
            raise DataError(str(getattr(exc, "msg", exc)), path=where,
                            line=line + 1 if isinstance(line, int) else None) from exc

    def _update(self, update: str) -> None:
        try:
            self.graph.update(update)
        except _rdflib_query_errors() as exc:
            raise QueryError(f"SPARQL update failed: {exc}") from exc

    def _select(self, query: str, bindings: Mapping[str, Term] | None) -> Results:
        init = {k: to_rdflib(v) for k, v in (bindings or {}).items()}
        answer = self._query(query, init)
        if answer.type != "SELECT":
            raise QueryError("expected a SELECT query")
        variables = [str(v) for v in answer.vars or []]
        rows = []
        try:  # solutions are computed while they are read: failures surface here
            for solution in answer:
                assert isinstance(solution, tuple)  # a SELECT yields ResultRows, which are tuples
                rows.append({name: from_rdflib(value) for name, value in zip(variables, solution, strict=True)
                             if value is not None})
        except _rdflib_query_errors() as exc:
            raise QueryError(f"query failed: {exc}") from exc
        return Results(variables, rows)

    def _ask(self, query: str) -> bool:
        answer = self._query(query, {})
        if answer.type != "ASK":
            raise QueryError("expected an ASK query")
        return bool(answer.askAnswer)

    def _construct(self, query: str) -> list[Triple]:
        answer = self._query(query, {})
        if answer.type not in ("CONSTRUCT", "DESCRIBE") or answer.graph is None:
            raise QueryError("expected a CONSTRUCT or DESCRIBE query")
        return [Triple(from_rdflib(s), from_rdflib(p), from_rdflib(o))  # type: ignore[arg-type]
                for s, p, o in answer.graph]

    def quads(self) -> list[pyoxigraph.Quad]:
        """Return every triple of the graph as a quad in the default graph."""
        return [pyoxigraph.Quad(from_rdflib(s), from_rdflib(p), from_rdflib(o))  # type: ignore[arg-type]
                for s, p, o in self.graph]

    def _query(self, query: str, init: Mapping[str, rdflib.term.Identifier]) -> rdflib.query.Result:
        try:
            return self.graph.query(query, initBindings=init)
        except _rdflib_query_errors() as exc:
            raise QueryError(f"malformed SPARQL or query failed: {exc}") from exc

    def __len__(self) -> int:
        return len(self.graph)


def _rdflib_parse_errors() -> tuple[type[Exception], ...]:
    """What rdflib's parsers raise on bad input (Turtle, N-Triples, RDF/XML, JSON-LD)."""
    from xml.sax import SAXException

    from rdflib.exceptions import Error as RdflibError

    # SyntaxError: Turtle/N3 (BadSyntax); RdflibError: N-Triples/N-Quads (ParserError);
    # SAXException: RDF/XML; ValueError: JSON-LD and bad literals or IRIs.
    return (SyntaxError, RdflibError, SAXException, ValueError)


def _rdflib_query_errors() -> tuple[type[Exception], ...]:
    """What rdflib's SPARQL engine raises on a bad or failing query."""
    from pyparsing import ParseBaseException
    from rdflib.exceptions import Error as RdflibError
    from rdflib.plugins.sparql.sparql import SPARQLError

    # Not OSError (a SERVICE that cannot reach its host): run_query reports it, exit 3.
    return (ParseBaseException, SPARQLError, RdflibError, ValueError)
