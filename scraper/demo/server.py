"""Serving a demo site over real HTTP on 127.0.0.1, on the newsroom's clock.

One threaded server per site, HTTP/1.1 with keep-alive. The HTTP `Date`
header tells the newsroom's clock, not the machine's. Faults asked for
(`faults.Faults`) and strictness (`strict.Strict`) are applied here, the
same way for every site; robots.txt is never faulty nor judged, so a crawl
can always read the rules.
"""

from __future__ import annotations

import io
import socket
import struct
import sys
import threading
from collections import deque
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime, parsedate_to_datetime
from hashlib import blake2b
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from time import monotonic
from typing import Callable, Protocol
from urllib.parse import parse_qsl, urlsplit

from scraper.demo.changes import unit
from scraper.demo.faults import HTML_ONLY, Faults
from scraper.demo.strict import Doorman, Strict

NOT_FOUND = """<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><title>404</title></head>
<body><h1>Страница не найдена</h1></body></html>
"""
SERVER_ERROR = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>{status}</title></head>
<body><h1>{status} {reason}</h1><p>nginx</p></body></html>
"""


@dataclass
class Reply:
    status: int
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def html(cls, text: str, status: int = 200, charset: str = "utf-8") -> "Reply":
        return cls(status, text.encode(charset, "xmlcharrefreplace"), f"text/html; charset={charset}")

    @classmethod
    def not_found(cls) -> "Reply":
        return cls(404, NOT_FOUND.encode("utf-8"))

    @classmethod
    def redirect(cls, location: str, status: int = 301) -> "Reply":
        return cls(status, b"", headers={"Location": location})

    @property
    def is_html(self) -> bool:
        return self.content_type.startswith("text/html")

    @property
    def charset(self) -> str:
        return self.content_type.partition("charset=")[2].strip() or "utf-8"


class DemoSite(Protocol):
    name: str

    def respond(self, path: str, query: dict[str, str], day: int, origin: str) -> Reply: ...

    def robots_txt(self) -> str: ...

    def blocked_page(self) -> Reply: ...


VALIDATORS = ("ETag", "Last-Modified")


def with_etag(reply: Reply) -> Reply:
    """The page's ETag, a hash of its body: a request naming it gets 304 while the page is the same."""
    reply.headers["ETag"] = '"' + blake2b(reply.body, digest_size=10).hexdigest() + '"'
    return reply


def http_date(moment: datetime) -> str:
    """A moment as HTTP headers write it (Last-Modified)."""
    return format_datetime(moment.astimezone(timezone.utc), usegmt=True)


def _error(status: int) -> Reply:
    reason = {
        429: "Too Many Requests", 500: "Internal Server Error", 503: "Service Temporarily Unavailable",
    }[status]
    return Reply(status, SERVER_ERROR.format(status=status, reason=reason).encode())


def wrong_charset(reply: Reply) -> Reply:
    """Same text, the other encoding; the declared charset (header, meta) unchanged."""
    declared = reply.charset.lower()
    sent = "utf-8" if declared in ("windows-1251", "cp1251") else "windows-1251"
    body = reply.body.decode(declared, "replace").encode(sent, "xmlcharrefreplace")
    return replace(reply, body=body)


def ten_times(reply: Reply) -> Reply:
    """The page padded to ten times its size with an inline data script, as bloated pages are."""
    padding = 9 * len(reply.body)
    item = b'{"id":%d,"widget":"recommendations","slot":"right-column"},'
    parts, size, n = [], 0, 0
    while size < padding:
        parts.append(item % n)
        size += len(parts[-1])
        n += 1
    script = b"<script>window.__PRELOADED_STATE__ = [" + b"".join(parts) + b"null];</script>\n"
    at = reply.body.rfind(b"</body>")
    at = len(reply.body) if at < 0 else at
    return replace(reply, body=reply.body[:at] + script + reply.body[at:])


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: "SiteServer"

    def setup(self) -> None:
        super().setup()
        # Answers go out at once: no waiting on Nagle and the client's delayed ACK.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        server = self.server
        server.requests.append(self.path)
        parts = urlsplit(self.path)
        if parts.path == "/robots.txt":
            self._send(server.robots(), None)
            return
        self._judged = server.doorman is not None
        try:
            self._answer(server, parts)
        finally:
            self._leave()

    def _answer(self, server: "SiteServer", parts) -> None:
        server.note_arrival(self.path)
        server.pass_gates(self.path)
        verdict = server.doorman.arrive() if server.doorman is not None else None
        if verdict == "blocked":
            self._send(server.site.blocked_page(), "too fast")
            return
        if verdict == "too fast":
            self._send(server.told_to_wait(_error(429), server.doorman.strict.retry_after), "too fast")
            return
        fault = server.fault_for(self.path, self.headers.get("User-Agent", ""))
        if fault == "resets":
            self._leave()
            self._reset()
            return
        if fault == "timeouts":
            server.hold(server.faults.timeout_seconds)
            self.close_connection = True
            return
        if fault == "blocked":
            reply = server.site.blocked_page()
        elif fault == "throttled":
            reply = server.told_to_wait(_error(429), server.faults.retry_after_seconds)
        elif fault == "errors":
            status = 500 if unit(server.seed, "status", self.path) < 0.5 else 503
            reply = _error(status) if status == 500 else server.told_to_wait(_error(503), 1)
        else:
            reply = server.respond(parts.path, dict(parse_qsl(parts.query)))
        if fault == "slow":
            server.hold(server.faults.slow_seconds)
        if fault in HTML_ONLY and not (reply.is_html and reply.status == 200):
            fault = None
        if fault == "wrong_charset":
            reply = wrong_charset(reply)
        elif fault == "huge":
            reply = ten_times(reply)
        if reply.status == 200 and fault is None and self._not_modified(reply):
            reply = Reply(304, b"", headers={k: v for k, v in reply.headers.items() if k in VALIDATORS})
        self._send(reply, fault)

    def _not_modified(self, reply: Reply) -> bool:
        """A conditional request for what the client has (RFC 9110: If-None-Match first)."""
        etag, wanted = reply.headers.get("ETag"), self.headers.get("If-None-Match")
        if etag and wanted:
            return wanted == etag
        modified, since = reply.headers.get("Last-Modified"), self.headers.get("If-Modified-Since")
        if not (modified and since):
            return False
        try:
            return parsedate_to_datetime(modified) <= parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False

    def _send(self, reply: Reply, fault: str | None) -> None:
        self.send_response(reply.status)
        if reply.status != 304:
            self.send_header("Content-Type", reply.content_type)
            self.send_header("Content-Length", str(len(reply.body)))
        for name, value in reply.headers.items():
            self.send_header(name, value)
        if fault:
            self.send_header("X-Demo-Fault", fault)
        body = reply.body[: len(reply.body) // 2] if fault == "truncated" else reply.body
        self._leave()  # before the answer's last byte: the client's next request may follow it at once
        self._headers_buffer.append(b"\r\n")  # headers and body in one write
        self.wfile.write(b"".join(self._headers_buffer) + body)
        self._headers_buffer = []
        if fault == "truncated":
            self.close_connection = True

    def _leave(self) -> None:
        """Tell a strict site's doorman this request is answered (once)."""
        if getattr(self, "_judged", False):
            self._judged = False
            self.server.doorman.leave()

    def _reset(self) -> None:
        """Close the connection abruptly: the client sees a TCP reset, not an answer."""
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.rfile.close()
        self.wfile.close()
        self.connection.close()  # the last reference: the socket closes now, with RST
        self.wfile = io.BytesIO()  # what http.server still flushes goes nowhere
        self.close_connection = True

    def date_time_string(self, timestamp=None) -> str:
        """The HTTP Date header tells the newsroom's clock, not the machine's."""
        return format_datetime(self.server.clock().astimezone(timezone.utc), usegmt=True)

    def log_message(self, format: str, *args) -> None:
        if self.server.verbose:
            super().log_message(format, *args)


class Gate:
    """A request held at the site until a test opens the gate: the moment a crawl is mid-way, told exactly.

    `arrived` is set when the first such request comes; the crawl that asked
    is then waiting on the site, with what it read before already sent on.
    """

    def __init__(self, fragment: str):
        self.fragment = fragment
        self.arrived = threading.Event()
        self.opened = threading.Event()

    def open(self) -> None:
        self.opened.set()


class SiteServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    request_queue_size = 128

    def __init__(
        self, site: DemoSite, port: int, day: Callable[[], int], clock: Callable[[int], datetime],
        verbose: bool = False, faults: Faults = Faults(), seed: int = 1, strict: Strict | None = None,
    ):
        super().__init__(("127.0.0.1", port), _Handler)
        self.site = site
        self.day = day
        self.clock = lambda: clock(day())
        self.verbose = verbose
        self.faults = faults
        self.seed = seed
        self.origin = f"http://127.0.0.1:{self.server_address[1]}"
        self.stopping = threading.Event()
        self.strict = strict
        self.doorman = Doorman(strict, blocks=site.name in strict.blocking) if strict else None
        # Answers with a Retry-After; no request should come before the end of
        # the wait they ask (a monotonic moment); the requests that did, by path.
        self.waits_asked = 0
        self.wait_until = 0.0
        self.early: list[str] = []
        self._attempts: dict[str, int] = {}
        self.asked = 0  # requests that could meet a fault (robots.txt aside), while faults are on
        # Every request target (path and query) served, newest last: what a
        # test checks a crawl did or did not ask for.
        self.requests: deque[str] = deque(maxlen=100_000)
        self.gates: list[Gate] = []
        self._lock = threading.Lock()

    def respond(self, path: str, query: dict[str, str]) -> Reply:
        return self.site.respond(path, query, self.day(), self.origin)

    def robots(self) -> Reply:
        rules = self.site.robots_txt() + "".join(f"Disallow: {path}\n" for path in self.faults.disallow)
        if self.strict:
            rules += self.strict.robots_rule()
        return Reply(200, rules.encode(), "text/plain; charset=utf-8")

    def told_to_wait(self, reply: Reply, seconds: int) -> Reply:
        """`reply` with a Retry-After of `seconds` (or the HTTP date that far ahead on the newsroom's clock)."""
        with self._lock:
            self.waits_asked += 1
            self.wait_until = max(self.wait_until, monotonic() + seconds)
        if self.faults.retry_after_date:
            reply.headers["Retry-After"] = http_date(self.clock() + timedelta(seconds=seconds))
        else:
            reply.headers["Retry-After"] = str(seconds)
        return reply

    def note_arrival(self, target: str) -> None:
        """A request before the end of a wait this site asked for is an early one."""
        with self._lock:
            if monotonic() < self.wait_until:
                self.early.append(target)

    def fault_for(self, target: str, user_agent: str) -> str | None:
        if not self.faults.active:
            return None
        with self._lock:
            attempt = self._attempts.get(target, 0) + 1
            self._attempts[target] = attempt
            self.asked += 1
            if self.faults.block_after is not None and self.asked > self.faults.block_after:
                return "blocked"
        return self.faults.decide(self.seed, f"{self.site.name}{target}", attempt, user_agent)

    def hold(self, seconds: float) -> None:
        """Wait, unless the newsroom is stopping."""
        self.stopping.wait(seconds)

    def gate(self, fragment: str) -> "Gate":
        """Hold every request whose address contains `fragment` until the gate opens (see `Gate`)."""
        gate = Gate(fragment)
        with self._lock:
            self.gates.append(gate)
        return gate

    def pass_gates(self, target: str) -> None:
        for gate in list(self.gates):
            if gate.fragment in target:
                gate.arrived.set()
                while not (gate.opened.wait(0.5) or self.stopping.is_set()):
                    pass

    def handle_error(self, request, client_address) -> None:
        """A client that went away mid-answer is normal for a crawl; anything else is reported."""
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)

    def start(self) -> "SiteServer":
        threading.Thread(target=self.serve_forever, args=(0.05,), name=f"demo-{self.site.name}", daemon=True).start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self.shutdown()
        self.server_close()
