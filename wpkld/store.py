"""Stores that hold the data and answer SPARQL: the Store protocol and its backends.

Three backends share one interface: :class:`OxigraphStore` (embedded, Rust),
:class:`RdflibStore` (pure Python, in memory) and
:class:`~wpkld.endpoint.EndpointStore` (any SPARQL 1.1 server). Results come
back as pyoxigraph terms whatever the backend, so that everything downstream
(typed rows, SPARQL JSON, tables) is written once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, Union

import pyoxigraph

from .binding import inline_bindings
from .errors import DataError, QueryError
from .terms import Row, Term, from_rdflib, to_rdflib

if TYPE_CHECKING:
    import rdflib
    import rdflib.query

Source = Union[Traversable, Path]

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
        raise DataError(f"unknown RDF file extension {suffix!r} (use {known})", path=str(name)) from None


def read_source(source: Source) -> bytes:
    """Read a file, turning OS errors into :class:`DataError`."""
    try:
        return source.read_bytes()
    except OSError as exc:
        raise DataError(exc.strerror or str(exc), path=str(source)) from exc


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

    def __init__(self) -> None:
        self.store = pyoxigraph.Store()

    def load(self, sources: Iterable[Source]) -> None:
        """Parse files into the store; a syntax error names the file and line."""
        for source in sources:
            self._parse(read_source(source), format_of(source)[0], str(source))

    def load_text(self, text: str, *, name: str) -> None:
        """Parse RDF given as text, in the format ``name``'s extension says."""
        self._parse(text.encode("utf-8"), format_of(Path(name))[0], name)

    def _parse(self, data: bytes, fmt: pyoxigraph.RdfFormat, where: str) -> None:
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

    def update(self, update: str) -> None:
        """Run a SPARQL Update."""
        try:
            self.store.update(update)
        except SyntaxError as exc:
            raise QueryError(f"malformed SPARQL update: {exc.msg}") from exc

    def select(self, query: str, bindings: Mapping[str, Term] | None = None) -> Results:
        # Bound by a VALUES block, not by pyoxigraph's substitutions, which do
        # not narrow the join (x100: `sources` 1.8 s with them, 9 ms with VALUES).
        answer = self._query(inline_bindings(query, bindings or {}))
        if not isinstance(answer, pyoxigraph.QuerySolutions):
            raise QueryError("expected a SELECT query")
        variables = [v.value for v in answer.variables]
        # Values by position: looking each one up by name costs more than the query.
        rows = [{name: value for name, value in zip(variables, solution) if value is not None}
                for solution in answer]
        return Results(variables, rows)

    def ask(self, query: str) -> bool:
        answer = self._query(query)
        if not isinstance(answer, pyoxigraph.QueryBoolean):
            raise QueryError("expected an ASK query")
        return bool(answer)

    def _query(self, query: str) -> object:
        try:
            return self.store.query(query)
        except SyntaxError as exc:  # pyoxigraph's messages span lines; the CLI prints one
            raise QueryError(f"malformed SPARQL: {' '.join(exc.msg.split())}") from exc
        except (OSError, ValueError, RuntimeError) as exc:
            raise QueryError(f"query failed: {' '.join(str(exc).split())}") from exc

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

    def __init__(self) -> None:
        import rdflib

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
        """Run a SPARQL Update."""
        try:
            self.graph.update(update)
        except Exception as exc:
            raise QueryError(f"SPARQL update failed: {exc}") from exc

    def select(self, query: str, bindings: Mapping[str, Term] | None = None) -> Results:
        init = {k: to_rdflib(v) for k, v in (bindings or {}).items()}
        answer = self._query(query, init)
        if answer.type != "SELECT":
            raise QueryError("expected a SELECT query")
        variables = [str(v) for v in answer.vars or []]
        rows = []
        for solution in answer:
            assert isinstance(solution, tuple)  # a SELECT yields ResultRows, which are tuples
            rows.append({name: from_rdflib(value) for name, value in zip(variables, solution)
                         if value is not None})
        return Results(variables, rows)

    def ask(self, query: str) -> bool:
        answer = self._query(query, {})
        if answer.type != "ASK":
            raise QueryError("expected an ASK query")
        return bool(answer.askAnswer)

    def _query(self, query: str, init: Mapping[str, "rdflib.term.Identifier"]) -> "rdflib.query.Result":
        try:
            return self.graph.query(query, initBindings=init)
        except Exception as exc:  # pyparsing and evaluation errors have no common base
            raise QueryError(f"malformed SPARQL or query failed: {exc}") from exc

    def __len__(self) -> int:
        return len(self.graph)
