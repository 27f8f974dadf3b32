"""A loopback HTTP server that fails on purpose, one way per path: the fault suite's adversary.

The first path segment picks the fault (``http://127.0.0.1:PORT/hang/query``);
the rest of the path and the query string are ignored, so one server serves
a SPARQL endpoint, a Graph Store and Wikidata's API alike. It speaks raw
sockets rather than ``http.server`` so that it can break the protocol: stop
mid-body, reset the connection, drip a byte at a time.
"""

from __future__ import annotations

import json
import socket
import socketserver
import struct
import threading
from collections.abc import Iterator
from contextlib import contextmanager

#: Bodies of 200 answers that are not SPARQL 1.1 Query Results JSON.
MALFORMED: dict[str, bytes] = {
    "not-json": b"<html>Service Temporarily Unavailable</html>",
    "truncated-json": b'{"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "ur',
    "no-type": json.dumps({"head": {"vars": ["x"]}, "results": {"bindings": [
        {"x": {"value": "http://example.org/a"}}]}}).encode(),
    "bad-iri": json.dumps({"head": {"vars": ["x"]}, "results": {"bindings": [
        {"x": {"type": "uri", "value": "not an iri"}}]}}).encode(),
    "bindings-string": json.dumps({"head": {"vars": ["x"]}, "results": {"bindings": "none"}}).encode(),
    "top-level-list": b"[1, 2, 3]",
    "bad-language": json.dumps({"head": {"vars": ["x"]}, "results": {"bindings": [
        {"x": {"type": "literal", "value": "a", "xml:lang": "not a tag!"}}]}}).encode(),
    "unknown-type": json.dumps({"head": {"vars": ["x"]}, "results": {"bindings": [
        {"x": {"type": "graph", "value": "a"}}]}}).encode(),
    "wrong-variable": json.dumps({"head": {"vars": ["x"]}, "results": {"bindings": [
        {"y": {"type": "literal", "value": "a"}}]}}).encode(),
    "foo": b'{"foo": 1}',
}

#: Faults that are not a malformed body.
FAULTS = ("hang", "drip", "500", "503-short", "503-long", "401", "truncated", "reset")


class _Handler(socketserver.BaseRequestHandler):
    server: _Server

    def handle(self) -> None:
        sock: socket.socket = self.request
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = sock.recv(65536)
            if not chunk:
                return
            head += chunk
        header, _, body = head.partition(b"\r\n\r\n")
        lines = header.decode("latin-1").split("\r\n")
        length = next((int(line.split(":", 1)[1]) for line in lines[1:]
                       if line.lower().startswith("content-length:")), 0)
        while len(body) < length:
            chunk = sock.recv(1 << 20)
            if not chunk:
                break
            body += chunk
        fault = lines[0].split()[1].split("?")[0].strip("/").split("/")[0]
        with self.server.lock:
            self.server.hits[fault] = self.server.hits.get(fault, 0) + 1
        try:
            self.answer(sock, fault)
        except OSError:  # the client gave up first, as it should
            pass

    def answer(self, sock: socket.socket, fault: str) -> None:
        stop = self.server.stopping
        if fault == "hang":
            stop.wait(120)
        elif fault == "drip":
            sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                         b"Content-Length: 100000\r\n\r\n")
            for _ in range(100000):
                if stop.wait(0.2):
                    return
                sock.sendall(b" ")
        elif fault == "500":
            self.send(sock, 500, b"Internal Server Error")
        elif fault == "503-short":
            self.send(sock, 503, b"busy", extra=b"Retry-After: 1\r\n")
        elif fault == "503-long":
            self.send(sock, 503, b"busy", extra=b"Retry-After: 3600\r\n")
        elif fault == "401":
            self.send(sock, 401, b"Unauthorized", extra=b'WWW-Authenticate: Basic realm="x"\r\n')
        elif fault == "truncated":
            sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                         b"Content-Length: 5000\r\n\r\n" + MALFORMED["truncated-json"])
        elif fault == "reset":
            # SO_LINGER 0: close() sends RST instead of FIN.
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        elif fault in self.server.answers:
            body, delay = self.server.answers[fault]
            stop.wait(delay)
            self.send(sock, 200, body, content_type=b"application/json")
        elif fault in MALFORMED:
            self.send(sock, 200, MALFORMED[fault], content_type=b"application/sparql-results+json")
        else:
            self.send(sock, 404, b"no such fault")

    @staticmethod
    def send(sock: socket.socket, status: int, body: bytes, *, extra: bytes = b"",
             content_type: bytes = b"text/plain") -> None:
        sock.sendall(b"HTTP/1.1 %d X\r\nContent-Type: %s\r\nContent-Length: %d\r\n"
                     b"Connection: close\r\n%s\r\n%s" % (status, content_type, len(body), extra, body))


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, answers: dict[str, tuple[bytes, float]]) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.answers = answers
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        self.hits: dict[str, int] = {}


@contextmanager
def fault_server(answers: dict[str, tuple[bytes, float]] | None = None) -> Iterator[_Server]:
    """Run the server on a free loopback port; ``server.server_address[1]`` is the port.

    :param answers: extra paths that answer 200 with a body after a delay in seconds.
    """
    server = _Server(answers or {})
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.stopping.set()
        server.shutdown()
        server.server_close()
