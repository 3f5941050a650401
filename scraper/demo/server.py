"""Serving a demo site over real HTTP on 127.0.0.1, on the newsroom's clock."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import timezone
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable, Protocol
from urllib.parse import parse_qsl, urlsplit

NOT_FOUND = """<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><title>404</title></head>
<body><h1>Страница не найдена</h1></body></html>
"""


@dataclass
class Reply:
    status: int
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def html(cls, text: str, status: int = 200) -> "Reply":
        return cls(status, text.encode("utf-8"))

    @classmethod
    def not_found(cls) -> "Reply":
        return cls(404, NOT_FOUND.encode("utf-8"))


class DemoSite(Protocol):
    name: str

    def respond(self, path: str, query: dict[str, str], day: int, origin: str) -> Reply: ...


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: "SiteServer"

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        parts = urlsplit(self.path)
        reply = self.server.respond(parts.path, dict(parse_qsl(parts.query)))
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(reply.body)

    def date_time_string(self, timestamp=None) -> str:
        """The HTTP Date header tells the newsroom's clock, not the machine's."""
        return format_datetime(self.server.clock().astimezone(timezone.utc), usegmt=True)

    def log_message(self, format: str, *args) -> None:
        if self.server.verbose:
            super().log_message(format, *args)


class SiteServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, site: DemoSite, port: int, day: Callable[[], int], clock, verbose: bool = False):
        super().__init__(("127.0.0.1", port), _Handler)
        self.site = site
        self.day = day
        self.clock = lambda: clock(day())
        self.verbose = verbose
        self.origin = f"http://127.0.0.1:{self.server_address[1]}"

    def respond(self, path: str, query: dict[str, str]) -> Reply:
        return self.site.respond(path, query, self.day(), self.origin)

    def start(self) -> "SiteServer":
        threading.Thread(target=self.serve_forever, name=f"demo-{self.site.name}", daemon=True).start()
        return self
