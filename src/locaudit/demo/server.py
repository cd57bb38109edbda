"""A small real HTTP/1.1 server on 127.0.0.1 serving an in-memory site (demo and tests)."""

from __future__ import annotations

import socket
import sys
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType


@dataclass(frozen=True)
class Resource:
    body: bytes | str = b""
    status: int = 200
    headers: Mapping[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering (slow-server tests)
    reset: bool = False  # close the connection without answering (connection reset)

    def payload(self) -> bytes:
        return self.body.encode("utf-8") if isinstance(self.body, str) else self.body


# A path's answer, or a function of how many times the path was requested before (for
# servers that fail then recover: 429, 503 bursts).
Answer = Resource | Callable[[int], Resource]
Site = Mapping[str, Answer]  # key: path plus query, exactly as requested
_NOT_FOUND = Resource("<!doctype html><html lang=en><title>Not found</title>"
                      "<h1>Page not found</h1></html>", status=404)


class SiteServer:
    """`with SiteServer(build) as server:` serves `build(server.base_url)` until the block ends.

    The site is built once the port is known, because hreflang links and sitemaps need
    absolute URLs.
    """

    def __init__(self, build: Callable[[str], Site], port: int = 0) -> None:
        self._build = build
        self._port = port  # 0: any free port
        self.site: Site = {}
        self.request_log: list[str] = []
        self.status_log: list[tuple[str, int]] = []  # (path, status sent)
        # (path, arrival time.monotonic(), request headers with lower-case names)
        self.arrivals: list[tuple[str, float, dict[str, str]]] = []
        self._lock = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None
        self.base_url = ""

    def __enter__(self) -> SiteServer:
        handler = _handler_for(self)
        httpd = _QuietServer(("127.0.0.1", self._port), handler)
        httpd.daemon_threads = True
        self._httpd = httpd
        self.base_url = f"http://127.0.0.1:{httpd.server_address[1]}"
        self.site = self._build(self.base_url)
        threading.Thread(target=httpd.serve_forever, name="locaudit-site", daemon=True).start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()

    def log(self, path: str, headers: Mapping[str, str] | None = None) -> int:
        """Record a request; returns how many times the path was requested before."""
        with self._lock:
            before = self.request_log.count(path)
            self.request_log.append(path)
            self.arrivals.append((path, time.monotonic(),
                                  {k.lower(): v for k, v in (headers or {}).items()}))
            return before

    def sent(self, path: str, status: int) -> None:
        with self._lock:
            self.status_log.append((path, status))


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        # A crawler that hangs up on an oversized page or a timeout is expected here.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


def _handler_for(server: SiteServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as real help centers serve

        def do_GET(self) -> None:
            self._answer(send_body=True)

        def do_HEAD(self) -> None:
            self._answer(send_body=False)

        def _answer(self, send_body: bool) -> None:
            before = server.log(self.path, dict(self.headers.items()))
            answer = server.site.get(self.path, _NOT_FOUND)
            resource = answer if isinstance(answer, Resource) else answer(before)
            if resource.delay:
                time.sleep(resource.delay)
            if resource.reset:
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            body = resource.payload()
            etag = resource.headers.get("ETag")
            if etag and self.headers.get("If-None-Match") == etag:
                server.sent(self.path, 304)
                self.send_response(304)
                self.send_header("ETag", etag)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            server.sent(self.path, resource.status)
            self.send_response(resource.status)
            headers = {"Content-Type": "text/html; charset=utf-8", **resource.headers}
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if send_body:
                self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass  # quiet: the demo prints a report, not an access log

    return Handler
