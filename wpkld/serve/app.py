"""Build the ASGI application of ``wpkld serve``: routes, shared state, limits and logging.

Thin routes over the library: the data is opened once, read-only, in an
embedded Oxigraph store; every route reads it through :class:`State`.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import resource
import sys
import time
from collections.abc import AsyncIterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import WpkldError
from ..namespaces import PREFIXES
from . import errors, queries, reconcile_http, resources, sparql
from .engine import Engine, Limits
from .negotiate import NotAcceptable

log = logging.getLogger("wpkld.serve")

#: Where ``--workers`` passes the settings to each worker process.
SETTINGS_ENV = "WPKLD_SERVE_SETTINGS"


@dataclass(frozen=True)
class Settings:
    """What ``wpkld serve`` was started with."""

    #: Files to serve instead of the bundled dataset (the ontology is always loaded).
    data: tuple[str, ...] = ()
    #: The public URL of the server (behind a proxy); None: taken from each request.
    base_url: str | None = None
    allow_federation: bool = False
    timeout: float = 10.0
    max_rows: int = 10_000
    #: The largest request body accepted, in bytes.
    max_body: int = 1_000_000
    query_workers: int = 4

    def to_env(self) -> str:
        """The settings as JSON, for worker processes."""
        return json.dumps(asdict(self))

    @classmethod
    def from_env(cls) -> Settings:
        """Read the settings the parent process left in the environment."""
        values: dict[str, Any] = json.loads(os.environ.get(SETTINGS_ENV, "{}"))
        values["data"] = tuple(values.get("data", ()))
        return cls(**values)


@dataclass
class State:
    """The opened data and what every route needs from it."""

    settings: Settings
    engine: Engine
    triples: int
    started: float
    #: When the data was loaded (seconds since the epoch): every answer's Last-Modified.
    loaded: float = field(default_factory=time.time)
    prefixes: dict[str, str] = field(default_factory=lambda: dict(PREFIXES))
    #: Set on first use: the name matcher (wpkld.names) and the reconciliation service.
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def allow_federation(self) -> bool:
        return self.settings.allow_federation


def open_state(settings: Settings) -> State:
    """Load the data into an embedded store and derive the direct triples."""
    from ..api import open as open_dataset
    from ..store import OxigraphStore

    started = time.monotonic()
    dataset = open_dataset(data=[Path(p) for p in settings.data] or None)
    assert isinstance(dataset.store, OxigraphStore)  # the embedded default
    limits = Limits(timeout=settings.timeout, max_rows=settings.max_rows,
                    workers=settings.query_workers)
    state = State(settings, Engine(dataset.store.store, limits), len(dataset), started)
    state.extras["dataset"] = dataset
    reconcile_http.prepare(state)  # builds the name matcher now, not on the first request
    return state


async def health(request: Request) -> Response:
    """Answer that the server is up, with the size of its data."""
    state: State = request.app.state.wpkld
    return JSONResponse({"status": "ok", "triples": state.triples,
                         "uptime_s": round(time.monotonic() - state.started, 1)})


class BodyLimit:
    """Refuse request bodies larger than a limit with 413, by header or while reading."""

    def __init__(self, app: ASGIApp, *, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.limit:
            await _too_large(self.limit, scope, receive, send)
            return
        seen = 0

        async def counting() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise _TooLarge()
            return message

        try:
            await self.app(scope, counting, send)
        except _TooLarge:
            await _too_large(self.limit, scope, receive, send)


class _TooLarge(Exception):
    pass


async def _too_large(limit: int, scope: Scope, receive: Receive, send: Send) -> None:
    response = errors.failure(413, f"request body larger than {limit} bytes")
    await response(scope, receive, send)


class AccessLog:
    """Log one JSON line per request: time, method, path, status, bytes, milliseconds."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status, size = 500, 0

        async def watching(message: Message) -> None:
            nonlocal status, size
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body":
                size += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, watching)
        finally:
            client = scope.get("client")
            log.info(json.dumps({
                "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "method": scope["method"],
                "path": scope["path"], "query": scope.get("query_string", b"").decode("latin-1")[:200],
                "status": status, "bytes": size,
                "ms": round((time.perf_counter() - started) * 1000, 1),
                "client": client[0] if client else None}))


def routes() -> Sequence[Route]:
    """Every route of the server."""
    return [
        Route("/health", health),
        Route("/sparql", sparql.endpoint, methods=["GET", "POST"]),
        Route("/queries", queries.catalogue_page),
        Route("/queries/{name}", queries.run),
        *reconcile_http.routes(),
        # Last: every other path is a resource IRI, a site page or a site file.
        Route("/{path:path}", resources.resource),
    ]


def create(settings: Settings) -> Starlette:
    """Return the application; the data is loaded when it starts (lifespan)."""

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        state = open_state(settings)
        app.state.wpkld = state
        seconds = time.monotonic() - state.started
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        log.info(json.dumps({"event": "started", "pid": os.getpid(), "triples": state.triples,
                             "startup_s": round(seconds, 2), "max_rss_mb": round(rss, 1)}))
        yield
        state.engine.close()
        log.info(json.dumps({"event": "stopped", "pid": os.getpid()}))

    handlers: dict[Any, Any] = {WpkldError: errors.handle, NotAcceptable: errors.handle}
    middleware = [
        Middleware(AccessLog),
        Middleware(BodyLimit, limit=settings.max_body),
        # Read-only and public: any origin may read (SPARQL clients and OpenRefine run in browsers).
        Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST", "OPTIONS"],
                   allow_headers=["Accept", "Content-Type"], max_age=86400),
    ]
    return Starlette(routes=routes(), middleware=middleware, exception_handlers=handlers,
                     lifespan=lifespan)


def create_from_env() -> Starlette:
    """The application factory of each ``--workers`` process."""
    configure_logging()
    return create(Settings.from_env())


def configure_logging() -> None:
    """Send wpkld's log lines (JSON) to standard error."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    log.handlers[:] = [handler]
    log.setLevel(logging.INFO)
    log.propagate = False
