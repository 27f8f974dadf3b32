"""Check data against the SHACL shapes: pyshacl → a :class:`Report` with ``.conforms``.

The data is built as :func:`wpkld.open` builds it (parsed by Oxigraph, direct
triples derived by ``derive.ru``), so the derived triples are validated too,
then copied into an rdflib graph for pyshacl; the ontology is pyshacl's
``ont_graph``, so ``sh:class`` and ``sh:targetClass`` follow its
``rdfs:subClassOf`` axioms without running RDFS inference.

Two choices keep a full validation near a second (rdflib's SPARQL engine
takes seconds for one scan of the graph, and pySHACL parses a SPARQL
constraint anew for every focus node):

* the shapes' SHACL-AF SPARQL targets are evaluated with Oxigraph on the same
  data and handed to pyshacl as ``sh:targetNode`` lists, which is what a SPARQL
  target means (https://www.w3.org/TR/shacl-af/#SPARQLTarget);
* the shapes give their SPARQL constraints small focus sets (see
  ``shapes/wpkld.shapes.ttl``).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pyoxigraph import Literal, NamedNode

from . import resources
from .namespaces import ORG, RDF, RDFS, SH, SKOS, WPK, compress
from .store import OxigraphStore, Source
from .terms import Term, to_rdflib

if TYPE_CHECKING:
    import rdflib

XSD_STRING = NamedNode("http://www.w3.org/2001/XMLSchema#string")

#: Severities from the most to the least serious.
SEVERITIES = ("Violation", "Warning", "Info")


@dataclass(frozen=True)
class Result:
    """One SHACL validation result.

    ``focus``, ``shape`` and ``component`` are IRIs; ``path`` is in SPARQL
    property path syntax and ``value`` in N-Triples syntax, both with IRIs in
    full; ``severity`` is ``"Violation"``, ``"Warning"`` or ``"Info"``.
    """

    focus: str
    severity: str
    component: str
    shape: str
    message: str
    path: str | None = None
    value: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        """Return the result as JSON-ready values (IRIs in full)."""
        return {"severity": self.severity, "constraint": self.component, "shape": self.shape,
                "path": self.path, "value": self.value, "message": self.message}


@dataclass
class FocusNode:
    """The results about one node, and the label a person knows it by."""

    node: str
    label: str
    results: list[Result] = field(default_factory=list)


@dataclass
class Report:
    """The outcome of a validation.

    ``conforms`` is false when a result is a violation, or, with ``strict``, a
    warning; informational results never fail. ``graph`` is pyshacl's SHACL
    validation report graph.
    """

    results: list[Result]
    labels: dict[str, str]
    strict: bool
    graph: rdflib.Graph

    @property
    def conforms(self) -> bool:
        failing = {"Violation", "Warning"} if self.strict else {"Violation"}
        return not any(r.severity in failing for r in self.results)

    def count(self, severity: str) -> int:
        """Return how many results have this severity (``"Violation"``, ...)."""
        return sum(r.severity == severity for r in self.results)

    def by_focus(self) -> list[FocusNode]:
        """Group the results by focus node: the most serious first, then by IRI."""
        groups: dict[str, FocusNode] = {}
        for result in self.results:
            group = groups.setdefault(result.focus, FocusNode(
                result.focus, self.labels.get(result.focus, compress(result.focus))))
            group.results.append(result)
        for group in groups.values():
            group.results.sort(key=lambda r: (SEVERITIES.index(r.severity), r.shape, r.value or ""))
        return sorted(groups.values(),
                      key=lambda g: (SEVERITIES.index(g.results[0].severity), g.node))

    def as_dict(self) -> dict[str, Any]:
        """Return the report as JSON-ready values, grouped by focus node."""
        return {
            "conforms": self.conforms,
            "strict": self.strict,
            "violations": self.count("Violation"),
            "warnings": self.count("Warning"),
            "infos": self.count("Info"),
            "focusNodes": [{"node": g.node, "label": g.label,
                            "results": [r.as_dict() for r in g.results]} for g in self.by_focus()],
        }

    def turtle(self) -> str:
        """Return the SHACL validation report graph as Turtle."""
        return self.graph.serialize(format="turtle")


def validate(*, data: Sequence[Path] | None = None, strict: bool = False) -> Report:
    """Validate data against the bundled shapes, with the ontology.

    :param data: RDF files to check (format by extension), instead of the
        bundled dataset.
    :param strict: fail on warnings too, not only on violations.
    :returns: a :class:`Report`; non-conforming data is a report, not an error.
    :raises DataError: when a file cannot be read or parsed (with file and line).

    >>> report = validate()
    >>> report.conforms, report.count("Violation")
    (True, 0)
    """
    import pyshacl
    from rdflib import Graph

    from .graph import build

    store = OxigraphStore()
    build(store, resources.dataset_files() if data is None else data)
    with _quiet_rdflib():
        graph = _rdflib_graph(store.quads())
        store.load(resources.ontology_files())  # now the graph pyshacl sees: data and ontology
        shapes = load_shapes()
        _materialize_sparql_targets(shapes, store)
        # inplace: the graph is our own copy, so pyshacl need not clone it to mix in the ontology
        _, report_graph, _ = pyshacl.validate(
            graph, shacl_graph=shapes, ont_graph=_ontology(),
            inference="none", inplace=True, allow_infos=True, allow_warnings=not strict)
    if not isinstance(report_graph, Graph):  # pyshacl returns its failure: a bug in shapes/
        raise RuntimeError(f"the shapes could not be applied: {report_graph}")
    results = list(_results(report_graph))
    labels = {r.focus: _label(graph, r.focus) for r in results}
    return Report(results, labels, strict, report_graph)


def load_shapes() -> rdflib.Graph:
    """Return the bundled shapes as one rdflib graph.

    >>> from rdflib import RDF, URIRef
    >>> shapes = load_shapes()
    >>> (URIRef("https://w3id.org/wpkld/shapes#Person"), RDF.type, URIRef("http://www.w3.org/ns/shacl#NodeShape")) in shapes
    True
    """
    import rdflib

    graph = rdflib.Graph()
    graph.addN((*triple, graph) for triple in _shapes_triples())  # a copy: validate() edits it
    return graph


@functools.cache
def _shapes_triples() -> tuple[Any, ...]:
    return tuple(_graph_of(resources.shapes_files()))


@functools.cache
def _ontology() -> rdflib.Graph:
    """Return the bundled ontology (parsed once: pyshacl only reads it)."""
    return _graph_of(resources.ontology_files())


def _graph_of(sources: Iterable[Source]) -> rdflib.Graph:
    store = OxigraphStore()
    store.load(sources)
    return _rdflib_graph(store.quads())


def _rdflib_graph(quads: Iterable[Any]) -> rdflib.Graph:
    """Copy quads into one rdflib graph (named graphs merged, as the stores query them)."""
    import rdflib

    graph = rdflib.Graph()
    converted: dict[Term, Any] = {}  # a term recurs in many triples: convert it once

    def term(t: Term) -> Any:
        if t not in converted:
            # A plain string as rdflib's parsers give it: rdflib tells "x" from
            # "x"^^xsd:string, RDF 1.1 does not (sh:in and sh:hasValue compare terms).
            plain = isinstance(t, Literal) and t.datatype == XSD_STRING
            converted[t] = rdflib.Literal(t.value) if plain else to_rdflib(t)
        return converted[t]

    graph.addN((term(q.subject), term(q.predicate), term(q.object), graph) for q in quads)
    return graph


def _materialize_sparql_targets(shapes: rdflib.Graph, store: OxigraphStore) -> None:
    """Replace each SPARQL target (SHACL-AF) by the ``sh:targetNode`` list it selects."""
    from rdflib import URIRef

    sh = {name: URIRef(SH + name) for name in ("target", "select", "prefixes", "declare",
                                               "prefix", "namespace", "targetNode")}
    uses = [(shape, target) for shape, target in shapes.subject_objects(sh["target"])
            if shapes.value(target, sh["select"]) is not None]
    focus: dict[Any, list[Any]] = {}
    for _, target in uses:
        if target not in focus:  # a named target may serve several shapes
            header = "".join(
                f"PREFIX {shapes.value(d, sh['prefix'])}: <{shapes.value(d, sh['namespace'])}>\n"
                for p in shapes.objects(target, sh["prefixes"]) for d in shapes.objects(p, sh["declare"]))
            query = header + str(shapes.value(target, sh["select"]))
            focus[target] = [to_rdflib(row["this"]) for row in store.select(query).rows]
    for shape, target in uses:
        shapes.remove((shape, sh["target"], target))
        shapes.addN((shape, sh["targetNode"], node, shapes) for node in focus[target])
    for target in focus:
        shapes.remove((target, None, None))


def _results(graph: rdflib.Graph) -> Iterator[Result]:
    from rdflib import URIRef

    sh = {name: URIRef(SH + name) for name in (
        "result", "focusNode", "resultSeverity", "sourceConstraintComponent",
        "sourceShape", "sourceConstraint", "resultMessage", "resultPath", "value")}
    # The report's own results; those pyshacl nests under sh:detail (the failing
    # parts of an sh:node) are already said by the result that holds them.
    for node in graph.objects(None, sh["result"]):
        path, value = graph.value(node, sh["resultPath"]), graph.value(node, sh["value"])
        shape = graph.value(node, sh["sourceShape"])
        if not isinstance(shape, URIRef):  # a SPARQL constraint names itself; a list item does not
            shape = graph.value(node, sh["sourceConstraint"]) or shape
        yield Result(
            focus=str(graph.value(node, sh["focusNode"])),
            severity=str(graph.value(node, sh["resultSeverity"])).removeprefix(SH),
            component=str(graph.value(node, sh["sourceConstraintComponent"])),
            shape=str(shape),
            message=" ".join(sorted(str(m) for m in graph.objects(node, sh["resultMessage"]))),
            path=_path_text(graph, path) if path is not None else None,
            value=_term_text(value) if value is not None else None,
        )


def _path_text(graph: rdflib.Graph, path: Any) -> str:
    """Return a SHACL path in SPARQL property path syntax.

    >>> from rdflib import Graph, URIRef
    >>> _path_text(Graph(), URIRef("https://w3id.org/wpkld/ontology#quote"))
    '<https://w3id.org/wpkld/ontology#quote>'
    """
    from rdflib import BNode, URIRef
    from rdflib.collection import Collection

    if not isinstance(path, BNode):
        return f"<{path}>"
    for name, joiner in (("alternativePath", " | "), ("inversePath", "^")):
        inner = graph.value(path, URIRef(SH + name))
        if inner is not None:
            if name == "inversePath":
                return "^" + _path_text(graph, inner)
            return "(" + joiner.join(_path_text(graph, p) for p in Collection(graph, inner)) + ")"
    return " / ".join(_path_text(graph, p) for p in Collection(graph, path))


def _term_text(term: Any) -> str:
    """Return a term in N-Triples syntax.

    >>> from rdflib import Literal, URIRef
    >>> _term_text(Literal("1956-13", datatype=URIRef("http://www.w3.org/2001/XMLSchema#gYearMonth")))
    '"1956-13"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>'
    """
    return str(term.n3())


def _label(graph: rdflib.Graph, iri: str) -> str:
    """Return the name a person knows a node by; statements are described by what they say."""
    from rdflib import Literal, URIRef

    def name(node: Any) -> str:
        if isinstance(node, Literal):
            return str(node)
        for prop in (RDFS + "label", SKOS + "prefLabel"):
            labels = list(graph.objects(node, URIRef(prop)))
            if labels:
                return str(min(labels, key=lambda label: (getattr(label, "language", None) != "en", str(label))))
        return compress(str(node))

    node = URIRef(iri)
    parts = [graph.value(node, URIRef(p)) for p in (RDF + "subject", RDF + "predicate", RDF + "object")]
    if parts[0] is not None:
        return " ".join(compress(str(p)) if i == 1 else name(p)
                        for i, p in enumerate(parts) if p is not None)
    member, org = graph.value(node, URIRef(ORG + "member")), graph.value(node, URIRef(ORG + "organization"))
    if member is not None:
        return f"{name(member)} in {name(org)}" if org is not None else name(member)
    counted = graph.value(node, URIRef(WPK + "quantityOf"))
    if counted is not None:
        kind = graph.value(node, URIRef(WPK + "quantityKind"))
        return f"{name(kind)} of {name(counted)}" if kind is not None else name(counted)
    return name(node)


@contextmanager
def _quiet_rdflib() -> Iterator[None]:
    """Silence rdflib's logged tracebacks for ill-typed literals: the report names them."""
    logger = logging.getLogger("rdflib.term")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)
