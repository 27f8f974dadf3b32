"""Put the reconciliation service on HTTP: API 0.2 at /reconcile (OpenRefine 3.x), 1.0 at /reconcile/v1.

0.2: https://www.w3.org/community/reports/reconciliation/CG-FINAL-specs-0.2-20230410/
(manifest by GET, ``queries=``/``extend=`` as form or URL parameters, JSONP
``callback``). 1.0 draft: https://reconciliation-api.github.io/specs/draft/
(``/match`` and ``/extend`` take JSON bodies; fixed sub-paths).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from importlib.metadata import version
from typing import TYPE_CHECKING, Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from ..errors import QueryError
from ..store import OxigraphStore
from .reconcile import MAX_BATCH, Service
from .templates import render

if TYPE_CHECKING:
    from .app import State

NAME = "wpkld: history of the Workers' Party of Korea"
DOCS = "https://w3id.org/wpkld/"


def prepare(state: State) -> None:
    """Build the name matcher and the service once, when the server starts."""
    dataset = state.extras["dataset"]
    assert isinstance(dataset.store, OxigraphStore)
    state.extras["resolver"] = dataset.resolver
    state.extras["reconcile"] = Service(dataset.store, dataset.resolver)


def _service(request: Request) -> Service:
    state: State = request.app.state.wpkld
    service: Service = state.extras["reconcile"]
    return service


def _root(request: Request) -> str:
    """The public URL of the server: ``--base-url``, else the one the request used."""
    state: State = request.app.state.wpkld
    return (state.settings.base_url or str(request.base_url)).rstrip("/")


def _json(data: Any, request: Request) -> Response:
    """JSON, or JSONP when the 0.2 client asks with ``callback`` (OpenRefine's preview does)."""
    callback = request.query_params.get("callback")
    if callback and callback.replace("_", "").replace(".", "").isalnum():
        body = f"{callback}({json.dumps(data, ensure_ascii=False)})"
        return Response(body, media_type="application/javascript")
    return JSONResponse(data)


def _loads(text: str | None, what: str) -> Any:
    if text is None:
        raise QueryError(f"missing {what}")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise QueryError(f"{what} is not JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None


def _field(value: Any, name: str, kind: type | tuple[type, ...], where: str) -> Any:
    if not isinstance(value, kind):
        raise QueryError(f"{where}: {name} must be {getattr(kind, '__name__', 'of another type')}")
    return value


async def _params(request: Request) -> dict[str, str]:
    """URL parameters, and form fields of a POST."""
    values = dict(request.query_params)
    if request.method == "POST":
        form = await request.form()
        values.update({k: v for k, v in form.items() if isinstance(v, str)})
    return values


# -- API 0.2 --------------------------------------------------------------------------

def manifest_v02(request: Request, service: Service) -> dict[str, Any]:
    root = _root(request) + "/reconcile"
    return {
        "versions": ["0.2"], "name": NAME, "identifierSpace": "https://w3id.org/wpkld/",
        "schemaSpace": "https://w3id.org/wpkld/ontology#", "documentation": DOCS,
        "serviceVersion": version("wpkld"),
        "view": {"url": _root(request) + "/{{id}}"},
        "defaultTypes": service.default_types(),
        "preview": {"url": root + "/preview?id={{id}}", "width": 400, "height": 200},
        "suggest": {k: {"service_url": root, "service_path": f"/suggest/{k}"}
                    for k in ("entity", "type", "property")},
        "extend": {"propose_properties": {"service_url": root, "service_path": "/propose_properties"},
                   "property_settings": []},
    }


async def endpoint_v02(request: Request) -> Response:
    """Manifest, batch of queries, or data extension, as 0.2 puts them on one URL."""
    service = _service(request)
    params = await _params(request)
    if "queries" in params:
        batch = _loads(params["queries"], "queries")
        _field(batch, "queries", dict, "queries")
        if len(batch) > MAX_BATCH:
            raise QueryError(f"at most {MAX_BATCH} queries in one batch")
        out = {}
        for key, query in batch.items():
            where = f"query {key!r}"
            _field(query, "a query", dict, where)
            props = [(p.get("pid", ""), p.get("v")) for p in _field(query.get("properties", []), "properties", list, where)
                     if isinstance(p, dict)]
            out[key] = {"result": await run_in_threadpool(
                service.match, str(_field(query.get("query", ""), "query", str, where)),
                kind=_kind(query.get("type"), where), limit=_limit(query.get("limit", 5), where),
                properties=props)}
        return _json(out, request)
    if "extend" in params:
        spec = _field(_loads(params["extend"], "extend"), "extend", dict, "extend")
        ids = [str(i) for i in _field(spec.get("ids"), "ids", list, "extend")]
        wanted = [str(_field(p, "a property", dict, "extend").get("id", ""))
                  for p in _field(spec.get("properties"), "properties", list, "extend")]
        meta, rows = await run_in_threadpool(service.extend, ids, wanted)
        return _json({"meta": meta, "rows": rows}, request)
    return _json(manifest_v02(request, service), request)


def _kind(value: Any, where: str) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, list):  # 0.2 allows several; we take the first
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("id")
    return str(_field(value, "type", str, where)) if value is not None else None


def _limit(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise QueryError(f"{where}: limit must be a number")
    try:
        return int(value)
    except ValueError:
        raise QueryError(f"{where}: limit must be a number, not {value!r}") from None


async def suggest(request: Request) -> Response:
    """``/suggest/entity|type|property?prefix=``: autocomplete (both versions)."""
    service, params = _service(request), request.query_params
    prefix, kind = params.get("prefix", ""), params.get("type") or None
    limit = _limit(params.get("limit", "10"), "suggest")
    what = request.path_params["what"]
    if what == "entity":
        result: list[Any] = await run_in_threadpool(service.suggest_entities, prefix, kind=kind, limit=limit)
    elif what == "type":
        result = service.suggest_types(prefix, limit=limit)
    elif what == "property":
        result = service.suggest_properties(prefix, kind=kind, limit=limit)
    else:
        return JSONResponse({"error": f"no suggest service {what!r} (entity, type, property)"}, 404)
    return _json({"result": result}, request)


async def preview(request: Request) -> Response:
    """A small HTML card for a resource (both versions)."""
    service = _service(request)
    card = await run_in_threadpool(service.card, request.query_params.get("id", ""))
    return HTMLResponse(render("preview.html", card=card, root=_root(request)))


async def propose(request: Request) -> Response:
    """The properties data extension can fetch for a type (both versions)."""
    service, params = _service(request), request.query_params
    kind = params.get("type")
    if not kind:
        raise QueryError("missing type, e.g. ?type=wpk:Person")
    limit = _limit(params.get("limit", "50"), "propose")
    return _json({"type": kind, "limit": limit,
                  "properties": service.propose_properties(kind, limit=limit)}, request)


# -- API 1.0 draft --------------------------------------------------------------------

async def manifest_v1(request: Request) -> Response:
    service = _service(request)
    return JSONResponse({
        "versions": ["1.0-draft"], "name": NAME, "documentation": DOCS,
        "serviceVersion": version("wpkld"),
        "view": {"url": _root(request) + "/{id}"},
        "defaultTypes": service.default_types(),
        "preview": {"width": 400, "height": 200},
        "suggest": {"entity": True, "type": True, "property": True},
        "extend": {"proposeProperties": True, "propertySettings": []},
        "standardizedScore": True,
    })


async def match_v1(request: Request) -> Response:
    """``POST /match``: a batch of queries with conditions."""
    service = _service(request)
    batch = _field(_loads((await request.body()).decode("utf-8", errors="replace"), "the request body"),
                   "the body", dict, "match")
    queries = _field(batch.get("queries"), "queries", list, "match")
    if len(queries) > MAX_BATCH:
        raise QueryError(f"at most {MAX_BATCH} queries in one batch")
    results = []
    for n, query in enumerate(queries):
        where = f"query {n}"
        _field(query, "a query", dict, where)
        names, props = [], []
        for c in _field(query.get("conditions"), "conditions", list, where):
            _field(c, "a condition", dict, where)
            values = c.get("propertyValue")
            values = values if isinstance(values, list) else [values]
            if c.get("matchType") == "name":
                names += [str(v) for v in values if isinstance(v, (str, int, float))]
            elif c.get("matchType") == "property":
                props += [(str(c.get("propertyId", "")), v) for v in values]
            elif c.get("matchType") == "id":
                names += [str(v) for v in values if isinstance(v, str)]
            else:
                raise QueryError(f"{where}: matchType must be name, id or property")
        candidates = await run_in_threadpool(
            service.match, " ".join(names), kind=_kind(query.get("type"), where),
            limit=_limit(query.get("limit", 5), where), properties=props)
        results.append({"candidates": candidates})
    return JSONResponse({"results": results})


async def extend_v1(request: Request) -> Response:
    service = _service(request)
    spec = _field(_loads((await request.body()).decode("utf-8", errors="replace"), "the request body"),
                  "the body", dict, "extend")
    ids = [str(i) for i in _field(spec.get("ids"), "ids", list, "extend")]
    props = [str(_field(p, "a property", dict, "extend").get("id", ""))
             for p in _field(spec.get("properties"), "properties", list, "extend")]
    meta, rows = await run_in_threadpool(service.extend, ids, props)
    return JSONResponse({"meta": meta, "rows": [
        {"id": i, "properties": [{"id": p, "values": v} for p, v in rows[i].items()]} for i in ids]})


def routes() -> Sequence[Route]:
    return [
        Route("/reconcile", endpoint_v02, methods=["GET", "POST"]),
        Route("/reconcile/suggest/{what}", suggest),
        Route("/reconcile/preview", preview),
        Route("/reconcile/propose_properties", propose),
        Route("/reconcile/v1", manifest_v1),
        Route("/reconcile/v1/match", match_v1, methods=["POST"]),
        Route("/reconcile/v1/suggest/{what}", suggest),
        Route("/reconcile/v1/preview", preview),
        Route("/reconcile/v1/extend", extend_v1, methods=["POST"]),
        Route("/reconcile/v1/extend/propose", propose),
    ]
