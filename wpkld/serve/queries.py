"""The canned queries over HTTP: the catalogue at ``/queries``, one query at ``/queries/{name}?param=value``.

Parameters are bound exactly as ``wpkld query`` binds them
(:meth:`wpkld.queries.Query.bind`, with the same name matcher), never pasted
into the query text; results come in the SPARQL endpoint's formats, and are
kept in memory once made (the data is read-only).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from ..queries import catalogue
from .cache import Cache
from .engine import RESULT_FORMATS, SHORT_NAMES
from .negotiate import choose
from .sparql import respond, with_charset
from .templates import render

if TYPE_CHECKING:
    from .app import State

_RESERVED = {"format"}


async def catalogue_page(request: Request) -> Response:
    """The catalogue: an HTML list for people, Turtle (SHACL SPARQL executables) for programs."""
    media_type = choose(request.headers.get("accept"), ["text/html", "text/turtle"],
                        override=request.query_params.get("format"), short_names=SHORT_NAMES)
    headers = {"Vary": "Accept"}
    if media_type == "text/turtle":
        return Response(catalogue().to_turtle(), media_type="text/turtle; charset=utf-8",
                        headers=headers)
    return HTMLResponse(render("catalogue.html", queries=list(catalogue().values())), headers=headers)


async def run(request: Request) -> Response:
    """Run one canned query with the request's parameters."""
    state: State = request.app.state.wpkld
    query = catalogue()[request.path_params["name"]]
    values = {k: v for k, v in request.query_params.items() if k not in _RESERVED}
    media_type = choose(request.headers.get("accept"), list(RESULT_FORMATS),
                        override=request.query_params.get("format"), short_names=SHORT_NAMES)
    cache: Cache = state.extras.setdefault("canned", Cache())
    key = (query.name, tuple(sorted(values.items())), media_type)
    cached = cache.get(key)
    if cached is not None:
        return Response(cached, media_type=with_charset(media_type), headers={"Vary": "Accept"})
    resolver = state.extras["resolver"] if query.needs_resolver(values) else None
    bindings = query.bind(values, resolver=resolver)
    answer = await state.engine.run(query.text, substitutions=bindings)
    hidden = {p.name for p in query.parameters}
    answer.variables = [v for v in answer.variables if v not in hidden]
    answer.rows = [{k: v for k, v in row.items() if k not in hidden} for row in answer.rows]
    response = respond(request, answer)
    if not answer.truncated:
        cache.put(key, bytes(response.body))
    return response
