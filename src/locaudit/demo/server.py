"""A small real HTTP/1.1 server on 127.0.0.1 serving an in-memory site (demo and tests)."""

from __future__ import annotations

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

    def payload(self) -> bytes:
        return self.body.encode("utf-8") if isinstance(self.body, str) else self.body


Site = Mapping[str, Resource]  # key: path plus query, exactly as requested
_NOT_FOUND = Resource("<!doctype html><html lang=en><title>Not found</title>"
                      "<h1>Page not found</h1></html>", status=404)


class SiteServer:
    """`with SiteServer(build) as server:` serves `build(server.base_url)` until the block ends.

    The site is built once the port is known, because hreflang links and sitemaps need
    absolute URLs.
    """

    def __init__(self, build: Callable[[str], Site]) -> None:
        self._build = build
        self.site: Site = {}
        self.request_log: list[str] = []
        self._lock = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None
        self.base_url = ""

    def __enter__(self) -> SiteServer:
        handler = _handler_for(self)
        httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
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

    def log(self, path: str) -> None:
        with self._lock:
            self.request_log.append(path)


def _handler_for(server: SiteServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as real help centers serve

        def do_GET(self) -> None:
            self._answer(send_body=True)

        def do_HEAD(self) -> None:
            self._answer(send_body=False)

        def _answer(self, send_body: bool) -> None:
            server.log(self.path)
            resource = server.site.get(self.path, _NOT_FOUND)
            if resource.delay:
                time.sleep(resource.delay)
            body = resource.payload()
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
