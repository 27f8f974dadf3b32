"""Serve each resource at its IRI path with content negotiation: the site's pages and RDF, rendered once.

``/person/pak-hon-yong`` answers the page (``text/html``, also for ``*/*``)
or the resource's description in Turtle, JSON-LD, N-Triples or RDF/XML,
exactly what ``wpkld site`` writes: :func:`wpkld.web.render.render_page` and
:func:`wpkld.web.describe.description` make both, and
:func:`wpkld.web.conneg.negotiate` chooses as the site's Apache rules do.
The site's file names work too (``pak-hon-yong.ttl``, ``index.html``), so its
relative links resolve. Answers carry ``Vary: Accept``, an ``ETag`` and
``Last-Modified`` (the data does not change while the server runs).
"""

from __future__ import annotations

import email.utils
import hashlib
import threading
from importlib.resources import files
from typing import TYPE_CHECKING

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from ..errors import ParameterError
from ..export import serialize
from ..namespaces import BASE
from ..namespaces import compress as compact
from ..web.conneg import MEDIA_TYPES, negotiate
from ..web.describe import description
from ..web.render import render_page
from .cache import Cache
from .negotiate import choose
from .templates import render

if TYPE_CHECKING:
    from .app import State

#: RDF/XML is served too, though the site publishes no .xml files: describe() writes it.
FORMATS = {**MEDIA_TYPES, "xml": "application/rdf+xml"}
_STATIC = {"css": "text/css", "js": "text/javascript"}
#: The renderer draws pictures with matplotlib, whose pyplot state is not thread-safe.
_RENDER = threading.Lock()


async def resource(request: Request) -> Response:
    """Answer ``/{path}``: a page, a description, a site file, or a 404 page with the closest names."""
    state: State = request.app.state.wpkld
    path = request.path_params["path"]
    if path.startswith("static/") and path.rsplit(".", 1)[-1] in _STATIC:
        return _static(path)
    iri, ext = _target(path)
    if ext is None:
        ext = negotiate(request.headers.get("accept"))
        override = request.query_params.get("format")
        if override or ext is None:
            # Only here does RDF/XML (absent from the site's table) or ?format= decide.
            ext = _extension(choose(request.headers.get("accept"), list(FORMATS.values()),
                                    override=override, short_names={**FORMATS, "rdf": FORMATS["xml"]}))
    root = (state.settings.base_url or str(request.base_url)).rstrip("/") + "/"
    cache: Cache = state.extras.setdefault("pages", Cache())
    key = (iri, ext, root)
    body = cache.get(key)
    if body is None:
        try:
            body = await run_in_threadpool(_make, state, iri, ext, root)
        except ParameterError:
            return _not_found(request, state, path)
        cache.put(key, body)
    headers = {"Vary": "Accept", "ETag": '"' + hashlib.sha256(body).hexdigest()[:32] + '"',
               "Last-Modified": email.utils.formatdate(state.loaded, usegmt=True),
               "Link": f'<{iri}>; rel="canonical"'}
    if _fresh(request, headers):
        return Response(status_code=304, headers=headers)
    media_type = FORMATS[ext] + ("; charset=utf-8" if ext in ("html", "ttl", "nt") else "")
    return Response(body, media_type=media_type, headers=headers)


def _target(path: str) -> tuple[str, str | None]:
    """Return the IRI a path names and the format its file extension asks for (None: negotiate).

    >>> _target("person/pak-hon-yong.ttl")
    ('https://w3id.org/wpkld/person/pak-hon-yong', 'ttl')
    >>> _target("person/index.html"), _target("faction/yanan")
    (('https://w3id.org/wpkld/person/', 'html'), ('https://w3id.org/wpkld/faction/yanan', None))
    """
    stem, dot, ext = path.rpartition(".")
    if dot and ext in FORMATS and "/" not in ext:
        if ext == "html" and (stem == "index" or stem.endswith("/index")):
            return BASE + stem[:-len("index")], "html"
        return BASE + stem, ext
    return BASE + path, None


def _extension(media_type: str) -> str:
    return next(ext for ext, media in FORMATS.items() if media == media_type)


def _make(state: State, iri: str, ext: str, root: str) -> bytes:
    dataset = state.extras["dataset"]
    with _RENDER:
        if ext == "html":
            return render_page(dataset, iri, base_url=root).encode("utf-8")
        graph = description(dataset, iri)
    if not graph.triples:
        raise ParameterError("iri", f"{iri!r} has no description in the data")
    return serialize(graph, ext)


def _fresh(request: Request, headers: dict[str, str]) -> bool:
    """Whether the client's cached copy is current (RFC 9110 §13.1: If-None-Match wins)."""
    tags = request.headers.get("if-none-match")
    if tags is not None:
        return headers["ETag"] in {t.strip() for t in tags.split(",")} or tags.strip() == "*"
    since = request.headers.get("if-modified-since")
    if since:
        parsed = email.utils.parsedate_to_datetime(since) if since else None
        loaded = email.utils.parsedate_to_datetime(headers["Last-Modified"])
        return parsed is not None and loaded <= parsed
    return False


def _static(path: str) -> Response:
    name = path[len("static/"):]
    source = files("wpkld.web") / "static" / name
    if "/" in name or not source.is_file():
        return Response("no such file\n", status_code=404, media_type="text/plain")
    return Response(source.read_bytes(), media_type=_STATIC[name.rsplit(".", 1)[-1]] + "; charset=utf-8",
                    headers={"Cache-Control": "public, max-age=3600"})


def _not_found(request: Request, state: State, path: str) -> Response:
    """A 404 page that offers the resources whose names come closest to the path's last word."""
    words = path.rstrip("/").rsplit("/", 1)[-1].rsplit(".", 1)[0].replace("-", " ")
    near = state.extras["resolver"].resolve(words, limit=5) if words else []
    page = render("not_found.html", path=path, near=[(m.label, compact(m.iri), m.iri[len(BASE):])
                                                     for m in near if m.iri.startswith(BASE)])
    return HTMLResponse(page, status_code=404, headers={"Vary": "Accept"})
