"""Finished responses kept and replayed, compressed once, with the dashboard's headers.

Every page and API answer is a function of the URL and the store's data, so a URL answered
200 once is answered from memory after that — without routing, rendering or compressing
again (the load benchmark's 50 clients spend their time here). An ASGI middleware, so it
costs no thread hop; the store's data do not change under a running server (a new
ingest is seen after a restart).
"""

from __future__ import annotations

import gzip
from collections import OrderedDict
from dataclasses import dataclass, field

POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; connect-src 'self'; frame-ancestors 'self'; base-uri 'none'"
)
"""Nothing but this server: the browser refuses any other script, style, font or fetch."""

HEADERS = [
    (b"content-security-policy", POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
]
COMPRESS_FROM = 2000
"""Bytes from which a body is sent gzip-compressed to a client that accepts it."""
BUDGET = 256 * 2**20
"""Bytes of bodies kept (plain and compressed), the least recently used dropped first."""


@dataclass
class Entry:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes
    zipped: bytes | None = field(default=None)

    @property
    def size(self) -> int:
        return len(self.body) + len(self.zipped or b"")

    def compressed(self) -> bytes:
        if self.zipped is None:
            self.zipped = gzip.compress(self.body, compresslevel=6, mtime=0)
        return self.zipped


class ResponseCache:
    """ASGI middleware: replay GET responses with status 200; add the security headers."""

    def __init__(self, app, budget: int = BUDGET) -> None:
        self.app = app
        self.budget = budget
        self.used = 0
        self.entries: OrderedDict[tuple[str, bytes], Entry] = OrderedDict()

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        key = (scope["path"], scope["query_string"])
        entry = self.entries.get(key)
        if entry is None:
            entry = await self._answer(scope, receive)
            if entry.status == 200:
                self._keep(key, entry)
        else:
            self.entries.move_to_end(key)
        accepts = b"gzip" in dict(scope["headers"]).get(b"accept-encoding", b"")
        await self._send(entry, send, accepts and len(entry.body) >= COMPRESS_FROM,
                         head=scope["method"] == "HEAD")

    async def _answer(self, scope, receive) -> Entry:
        start: dict = {}
        chunks: list[bytes] = []

        async def collect(message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await self.app(scope, receive, collect)
        headers = [(k, v) for k, v in start.get("headers", []) if k.lower() not in (
            b"content-length", b"content-encoding", b"vary")]
        return Entry(start.get("status", 500), headers + HEADERS, b"".join(chunks))

    def _keep(self, key: tuple[str, bytes], entry: Entry) -> None:
        if len(entry.body) * 2 > self.budget:
            return
        self.entries[key] = entry
        self.used += len(entry.body) * 2  # room for its compressed form
        while self.used > self.budget:
            _, old = self.entries.popitem(last=False)
            self.used -= len(old.body) * 2

    @staticmethod
    async def _send(entry: Entry, send, compress: bool, head: bool) -> None:
        body = entry.compressed() if compress else entry.body
        headers = [*entry.headers, (b"content-length", str(len(body)).encode()),
                   (b"vary", b"accept-encoding")]
        if compress:
            headers.append((b"content-encoding", b"gzip"))
        await send({"type": "http.response.start", "status": entry.status, "headers": headers})
        await send({"type": "http.response.body", "body": b"" if head else body})
