"""The SPARQL 1.1 Protocol endpoint at ``/sparql``: queries by GET and POST, a service description, no updates.

Follows https://www.w3.org/TR/sparql11-protocol/: ``GET ?query=``, ``POST``
of an HTML form (``application/x-www-form-urlencoded``) or of the query
itself (``application/sparql-query``), with ``default-graph-uri`` and
``named-graph-uri``. Without a query, ``/sparql`` answers the SPARQL 1.1
Service Description (https://www.w3.org/TR/sparql11-service-description/).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pyoxigraph import Literal, NamedNode, Triple
from starlette.requests import Request
from starlette.responses import Response

from ..errors import QueryError
from ..namespaces import RDF, VOID, XSD
from . import guard
from .engine import GRAPH_FORMATS, RESULT_FORMATS, SHORT_NAMES, Answer
from .errors import failure
from .negotiate import choose

if TYPE_CHECKING:
    from .app import State

SD = "http://www.w3.org/ns/sparql-service-description#"
_FORMS = "application/x-www-form-urlencoded"


async def endpoint(request: Request) -> Response:
    """Answer a SPARQL protocol request."""
    state: State = request.app.state.wpkld
    params = request.query_params
    default_graphs, named_graphs = params.getlist("default-graph-uri"), params.getlist("named-graph-uri")
    query: str | None = params.get("query")
    if request.method == "POST":
        media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media_type == _FORMS:
            form = await request.form()
            if "update" in form:
                return failure(403, "SPARQL updates are refused: this endpoint is read-only")
            query = _text(form.get("query"))
            default_graphs += [_text(v) or "" for v in form.getlist("default-graph-uri")]
            named_graphs += [_text(v) or "" for v in form.getlist("named-graph-uri")]
        elif media_type == "application/sparql-query":
            query = (await request.body()).decode("utf-8", errors="replace")
        elif media_type == "application/sparql-update":
            return failure(403, "SPARQL updates are refused: this endpoint is read-only")
        else:
            return failure(415, f"unsupported Content-Type {media_type or '(none)'!r}: POST"
                                f" {_FORMS} or application/sparql-query")
    if request.method == "GET" and "update" in params:
        return failure(403, "SPARQL updates are refused: this endpoint is read-only")
    if query is None:
        return _service_description(request, state)
    if not query.strip():
        return failure(400, "the query is empty")
    guard.check(query, allow_federation=state.allow_federation)
    answer = await state.engine.run(query, default_graphs=default_graphs or None,
                                    named_graphs=named_graphs or None)
    return respond(request, answer)


def respond(request: Request, answer: Answer) -> Response:
    """Write an answer in the negotiated format, with ``Vary`` and the truncation flag."""
    media_type = choose(request.headers.get("accept"), answer.media_types(),
                        override=request.query_params.get("format"), short_names=SHORT_NAMES)
    headers = {"Vary": "Accept"}
    if answer.truncated:
        state: State = request.app.state.wpkld
        headers["Wpkld-Truncated"] = f"max-rows={state.engine.limits.max_rows}"
    body = answer.serialize(media_type, prefixes=request.app.state.wpkld.prefixes)
    return Response(body, media_type=with_charset(media_type), headers=headers)


def _text(value: object) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise QueryError("form fields must be text, not files")


def with_charset(media_type: str) -> str:
    return media_type + "; charset=utf-8" if media_type.startswith("text/") else media_type


def _service_description(request: Request, state: State) -> Response:
    """The SPARQL 1.1 Service Description of this endpoint (no blank nodes, as in the data)."""
    here = str(request.url.replace(query="", fragment=""))
    service, dataset, graph = NamedNode(here + "#service"), NamedNode(here + "#dataset"), \
        NamedNode(here + "#default-graph")

    def t(s: NamedNode, p: str, o: NamedNode | Literal) -> Triple:
        return Triple(s, NamedNode(p), o)

    triples = [t(service, RDF + "type", NamedNode(SD + "Service")),
               t(service, SD + "endpoint", NamedNode(here)),
               t(service, SD + "supportedLanguage", NamedNode(SD + "SPARQL11Query")),
               t(service, SD + "defaultDataset", dataset),
               t(dataset, RDF + "type", NamedNode(SD + "Dataset")),
               t(dataset, SD + "defaultGraph", graph),
               t(graph, RDF + "type", NamedNode(SD + "Graph")),
               t(graph, VOID + "triples", Literal(str(state.triples), datatype=NamedNode(XSD + "integer")))]
    formats = {f.iri for f in RESULT_FORMATS.values()} | {f.iri for f in GRAPH_FORMATS.values()}
    triples += [t(service, SD + "resultFormat", NamedNode(iri)) for iri in formats]
    triples.sort(key=str)
    answer = Answer("graph", triples=triples)
    return respond(request, answer)

