"""Bounds on time and size: query deadlines, input file sizes, XML entities, name lengths.

Every number a hostile or unlucky input could blow up is capped here, with
the reason, so that the limits are found in one place.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from typing import TypeVar

from .errors import DataError, NetworkRefused, ParameterError, QueryTimeout, WpkldError

T = TypeVar("T")

#: Seconds a query may run by default (embedded or remote). The canned
#: queries answer in milliseconds; a minute leaves ad-hoc queries room.
QUERY_TIMEOUT = 60.0

#: The largest input file read, in bytes. The bundled data is under 2 MB;
#: a file past this is far more than the shapes and an in-memory store are
#: meant for (validation of 50 MB takes minutes).
MAX_INPUT_BYTES = 256 * 1024 * 1024

#: The longest name or value a parameter takes: the longest label of the
#: data is under 200 characters, and the fuzzy hint's cost grows with the
#: product of the lengths.
MAX_NAME = 500


class _Worker:
    """A daemon thread that runs the calls of :func:`within`, one at a time, and is reused.

    Starting a thread for every query cost 0.1 ms, a tenth of a small query.
    A worker whose call ran past its limit is abandoned: it finishes that call
    in the background, then ends, and is never handed another. A long-lived
    worker also plans queries faster in a process that holds a big store:
    glibc gives it its own allocation arena, apart from the one that holds
    the store's millions of small allocations (README, *Backends*).
    """

    _idle: list[_Worker] = []
    _lock = threading.Lock()

    def __init__(self) -> None:
        self._calls: queue.SimpleQueue[tuple[Callable[[], object], dict[str, object], threading.Lock] | None] = \
            queue.SimpleQueue()
        self._abandoned = False
        threading.Thread(target=self._serve, name="wpkld-query", daemon=True).start()

    @classmethod
    def take(cls) -> _Worker:
        """Return an idle worker, or a new one (calls from several threads each get their own)."""
        with cls._lock:
            return cls._idle.pop() if cls._idle else cls()

    def give_back(self) -> None:
        with self._lock:
            self._idle.append(self)

    def abandon(self) -> None:
        self._abandoned = True
        self._calls.put(None)  # ends the worker if it finished before it saw the flag

    def run(self, work: Callable[[], object], box: dict[str, object]) -> threading.Lock:
        """Start ``work``; the returned lock is released when ``box`` holds its ``value`` or ``error``."""
        # A bare lock, acquired here and released by the worker: half the cost of an Event.
        done = threading.Lock()
        done.acquire()
        self._calls.put((work, box, done))
        return done

    def _serve(self) -> None:
        while (call := self._calls.get()) is not None:
            work, box, done = call
            try:
                box["value"] = work()
            except BaseException as exc:  # handed to the caller's thread
                # Free the frames here: pyoxigraph's result objects (held by frames
                # and closures) must be freed on the thread that made them, not where
                # the error is read. wpkld's own errors are one line without a
                # traceback; other errors (bugs) keep their own frames.
                seen: BaseException | None = exc if isinstance(exc, WpkldError) else exc.__cause__
                while seen is not None:
                    seen.__traceback__ = None
                    seen = seen.__cause__ or seen.__context__
                box["error"] = exc
            del work, call
            done.release()
            if self._abandoned:  # else the None that abandon() queued ends the loop
                return


def within(seconds: float | None, work: Callable[[], T], *, what: str = "the query") -> T:
    """Return ``work()``, or give up after ``seconds``.

    The work runs in a daemon thread (:class:`_Worker`): pyoxigraph releases
    the GIL while it evaluates, and rdflib's evaluator yields it, so the
    caller regains control at the deadline. Neither engine can be
    interrupted, so an abandoned query finishes (or dies with the process)
    in the background: the CLI exits right after the error; a long-lived
    service embedding wpkld should keep the limit low.

    :param seconds: the limit; ``None`` runs ``work`` in this thread, unbounded.
    :raises QueryTimeout: when the limit passes.

    >>> within(1.0, lambda: 6 * 7)
    42
    >>> import time
    >>> within(0.05, lambda: time.sleep(1))
    Traceback (most recent call last):
    ...
    wpkld.errors.QueryTimeout: the query ran longer than 0.05 s and was abandoned (raise --query-timeout)
    """
    if seconds is None:
        return work()
    box: dict[str, object] = {}
    worker = _Worker.take()
    if not worker.run(work, box).acquire(timeout=seconds):
        worker.abandon()
        raise QueryTimeout(f"{what} ran longer than {seconds:g} s and was abandoned "
                           "(raise --query-timeout)")
    worker.give_back()
    if "error" in box:
        error = box["error"]
        assert isinstance(error, BaseException)
        raise error
    return box["value"]  # type: ignore[return-value]  # set by the worker when no error was


def check_size(size: int, where: str) -> None:
    """Refuse an input file larger than :data:`MAX_INPUT_BYTES`.

    >>> check_size(10, "a.ttl")
    >>> check_size(MAX_INPUT_BYTES + 1, "big.nt")
    Traceback (most recent call last):
    ...
    wpkld.errors.DataError: big.nt: the file is 256.0 MB, more than the 256 MB wpkld reads
    """
    if size > MAX_INPUT_BYTES:
        raise DataError(f"the file is {size / 2**20:.1f} MB, more than the "
                        f"{MAX_INPUT_BYTES // 2**20} MB wpkld reads", path=where)


def refuse_xml_entities(data: bytes, where: str) -> None:
    """Refuse an XML document whose DTD defines entities ("billion laughs", external files).

    RDF/XML needs no DTD; entity definitions are how a few hundred bytes
    expand to gigabytes, or pull in a local file. Only the prolog is read:
    parsing stops at the root element.

    >>> refuse_xml_entities(b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>', "a.rdf")
    >>> refuse_xml_entities(b'<!DOCTYPE r [<!ENTITY a "aaaa">]><r>&a;</r>', "lol.rdf")
    Traceback (most recent call last):
    ...
    wpkld.errors.DataError: lol.rdf:1: the document defines the XML entity 'a'; wpkld reads no DTD entities (billion laughs)
    """
    import xml.parsers.expat

    class Root(Exception):
        """The root element is reached: the prolog had no entity."""

    parser = xml.parsers.expat.ParserCreate()

    def entity(name: str, *_: object) -> None:
        raise DataError(f"the document defines the XML entity {name!r}; wpkld reads no DTD "
                        "entities (billion laughs)", path=where, line=parser.CurrentLineNumber)

    def root(*_: object) -> None:
        raise Root

    parser.EntityDeclHandler = entity
    parser.StartElementHandler = root
    try:
        parser.Parse(data, True)
    except Root:
        pass
    except xml.parsers.expat.ExpatError as exc:
        raise DataError(f"not well-formed XML: {xml.parsers.expat.errors.messages[exc.code]}",
                        path=where, line=exc.lineno, column=exc.offset) from exc


def refuse_remote_contexts(data: bytes, where: str) -> None:
    """Refuse a JSON-LD document that names a context by URL (rdflib would fetch it).

    >>> refuse_remote_contexts(b'{"@context": {"n": "http://x/n"}, "n": "v"}', "a.jsonld")
    >>> refuse_remote_contexts(b'{"@context": ["http://127.0.0.1/c", {}]}', "b.jsonld")
    Traceback (most recent call last):
    ...
    wpkld.errors.NetworkRefused: b.jsonld: the JSON-LD context 'http://127.0.0.1/c' would be fetched ...
    """
    import json

    try:
        document = json.loads(data)
    except ValueError:
        return  # the parser reports the syntax error with its position

    def remote(node: object) -> Iterator[str]:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("@context", "@import") and isinstance(value, str):
                    yield value
                elif key == "@context" and isinstance(value, list):
                    yield from (v for v in value if isinstance(v, str))
                yield from remote(value)
        elif isinstance(node, list):
            for value in node:
                yield from remote(value)

    found = next(remote(document), None)
    if found is not None:
        raise NetworkRefused(f"{where}: the JSON-LD context {found!r} would be fetched from the "
                             "network; give --allow-network (allow_network=True) to let it")


def check_name(value: str, parameter: str) -> None:
    """Refuse a name longer than :data:`MAX_NAME`, quoting only its start.

    >>> check_name("x" * 600, "person")
    Traceback (most recent call last):
    ...
    wpkld.errors.ParameterError: parameter 'person': 600 characters ('xxxxxxxxxx...'…), more than the 500 a name may have
    """
    if len(value) > MAX_NAME:
        raise ParameterError(parameter, f"{len(value)} characters ({value[:30]!r}…), more than "
                             f"the {MAX_NAME} a name may have")
