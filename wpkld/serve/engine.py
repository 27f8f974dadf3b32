"""Run a read-only query on the in-memory store with a time limit and a row cap, and serialize the answer.

pyoxigraph cannot cancel a running query. Each query runs in a worker
thread (pyoxigraph releases the GIL, so the server keeps serving); the
thread stops at the deadline between two solutions, and the request is
answered at the deadline whatever the thread does. A query that blocks
inside one step (a sort or an aggregate over a huge join) runs on until it
ends and holds its worker meanwhile, so the number of workers caps how many
such queries can eat the CPU: a request waits for a free worker up to the
time limit, then is refused with 503.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import time
from collections.abc import Callable, Mapping, Sized
from dataclasses import dataclass, field
from typing import Literal as Kind

import pyoxigraph
from pyoxigraph import NamedNode, QueryResultsFormat, RdfFormat

from ..errors import QueryError
from ..output import to_json
from ..store import Results
from ..terms import Term

#: Result formats by media type: solutions and booleans, then graphs.
RESULT_FORMATS: dict[str, QueryResultsFormat] = {
    "application/sparql-results+json": QueryResultsFormat.JSON,
    "application/sparql-results+xml": QueryResultsFormat.XML,
    "text/csv": QueryResultsFormat.CSV,
    "text/tab-separated-values": QueryResultsFormat.TSV,
    "application/json": QueryResultsFormat.JSON,
    "application/xml": QueryResultsFormat.XML,
}
GRAPH_FORMATS: dict[str, RdfFormat] = {
    "text/turtle": RdfFormat.TURTLE,
    "application/n-triples": RdfFormat.N_TRIPLES,
    "application/ld+json": RdfFormat.JSON_LD,
    "application/rdf+xml": RdfFormat.RDF_XML,
}
#: ``?format=`` short names.
SHORT_NAMES = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
               "csv": "text/csv", "tsv": "text/tab-separated-values", "ttl": "text/turtle",
               "turtle": "text/turtle", "nt": "application/n-triples",
               "jsonld": "application/ld+json", "rdf": "application/rdf+xml"}


class Busy(QueryError):
    """Every query worker is taken."""


class TimedOut(QueryError):
    """A query ran past its time limit."""


@dataclass(frozen=True)
class Limits:
    """How long a query may run and how much it may return."""

    #: Seconds before the request is answered with an error.
    timeout: float = 10.0
    #: The most solutions (or triples) returned; more are cut and flagged.
    max_rows: int = 10_000
    #: Queries that may run (or run on after their deadline) at once.
    workers: int = 4


@dataclass
class Answer:
    """What a query returned, cut to the row cap."""

    kind: Kind["solutions", "boolean", "graph"]
    variables: list[str] = field(default_factory=list)
    rows: list[dict[str, Term]] = field(default_factory=list)
    triples: list[pyoxigraph.Triple] = field(default_factory=list)
    boolean: bool = False
    #: True when the row cap cut the answer.
    truncated: bool = False

    def serialize(self, media_type: str, *, prefixes: Mapping[str, str] | None = None) -> bytes:
        """Write the answer in a media type of :data:`RESULT_FORMATS` or :data:`GRAPH_FORMATS`.

        :raises KeyError: when the media type does not fit the answer's kind.
        """
        if self.kind == "graph":
            out = pyoxigraph.serialize(self.triples, format=GRAPH_FORMATS[media_type],
                                       prefixes=dict(prefixes or {}))
            return out or b""
        fmt = RESULT_FORMATS[media_type]
        if self.kind == "boolean":
            document = b'{"head":{},"boolean":' + (b"true" if self.boolean else b"false") + b"}"
        else:
            document = to_json(Results(self.variables, self.rows)).encode("utf-8")
        if fmt == QueryResultsFormat.JSON:
            return document
        # The project's JSON writer handles the cut rows; pyoxigraph writes every other format.
        parsed = pyoxigraph.parse_query_results(document, format=QueryResultsFormat.JSON)
        return parsed.serialize(format=fmt) or b""

    def media_types(self) -> list[str]:
        """The media types this answer can be written in, the default first."""
        return list(GRAPH_FORMATS if self.kind == "graph" else RESULT_FORMATS)


class Engine:
    """Queries on one read-only pyoxigraph store, in a bounded pool of worker threads."""

    def __init__(self, store: pyoxigraph.Store, limits: Limits) -> None:
        self.store = store
        self.limits = limits
        self._pool = concurrent.futures.ThreadPoolExecutor(limits.workers, thread_name_prefix="sparql")
        self._slots: asyncio.Semaphore | None = None  # made in the server's event loop

    async def run(self, query: str, *,
                  substitutions: Mapping[str, Term] | None = None,
                  default_graphs: list[str] | None = None,
                  named_graphs: list[str] | None = None) -> Answer:
        """Run a query; raise :class:`TimedOut`, :class:`Busy` or :class:`QueryError`."""
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.limits.workers)
        slots, loop = self._slots, asyncio.get_running_loop()
        try:
            await asyncio.wait_for(slots.acquire(), self.limits.timeout)
        except TimeoutError:
            raise Busy(f"all {self.limits.workers} query workers stayed busy for"
                       f" {self.limits.timeout:g} s; retry shortly") from None
        deadline = time.monotonic() + self.limits.timeout
        # The worker frees its slot when the query really ends, not when the request gives up.
        job = loop.run_in_executor(
            self._pool, self._evaluate, query, dict(substitutions or {}),
            default_graphs, named_graphs, deadline, lambda: loop.call_soon_threadsafe(slots.release))
        try:
            return await asyncio.wait_for(asyncio.shield(job), self.limits.timeout)
        except (TimeoutError, TimedOut):
            raise TimedOut(f"the query ran past the {self.limits.timeout:g} s time limit;"
                           " narrow it or add a LIMIT") from None

    def _evaluate(self, query: str, substitutions: dict[str, Term],
                  default_graphs: list[str] | None, named_graphs: list[str] | None,
                  deadline: float, done: Callable[[], object]) -> Answer:
        try:
            return self._collect(query, substitutions, default_graphs, named_graphs, deadline)
        finally:
            done()

    def _collect(self, query: str, substitutions: dict[str, Term],
                 default_graphs: list[str] | None, named_graphs: list[str] | None,
                 deadline: float) -> Answer:
        try:
            result = self.store.query(
                query,
                substitutions={pyoxigraph.Variable(k): v for k, v in substitutions.items()} or None,
                default_graph=[NamedNode(g) for g in default_graphs] if default_graphs else None,
                named_graphs=[NamedNode(g) for g in named_graphs] if named_graphs else None)
        except SyntaxError as exc:
            raise QueryError(f"malformed SPARQL: {' '.join(exc.msg.split())}") from exc
        except (OSError, ValueError, RuntimeError) as exc:
            raise QueryError(f"query failed: {' '.join(str(exc).split())}") from exc
        if isinstance(result, pyoxigraph.QueryBoolean):
            return Answer("boolean", boolean=bool(result))
        cap = self.limits.max_rows
        try:
            if isinstance(result, pyoxigraph.QuerySolutions):
                answer = Answer("solutions", variables=[v.value for v in result.variables])
                for solution in result:
                    if _stop(answer.rows, cap, deadline, answer):
                        break
                    answer.rows.append({name: value for name in answer.variables
                                        if (value := solution[name]) is not None})
                return answer
            answer = Answer("graph")
            for triple in result:
                if _stop(answer.triples, cap, deadline, answer):
                    break
                answer.triples.append(triple)
            return answer
        except (OSError, ValueError, RuntimeError) as exc:
            raise QueryError(f"query failed: {' '.join(str(exc).split())}") from exc

    def close(self) -> None:
        """Stop taking queries; running ones are not waited for."""
        self._pool.shutdown(wait=False, cancel_futures=True)


def _stop(collected: Sized, cap: int, deadline: float, answer: Answer) -> bool:
    """Whether to stop collecting: the cap is reached (flagged) or the deadline passed (raised)."""
    if time.monotonic() > deadline:
        raise TimedOut("deadline")
    if len(collected) >= cap:
        answer.truncated = True
        return True
    return False
