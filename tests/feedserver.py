"""A real HTTP server on loopback that serves feeds and pages the way news sites do (and fail)."""

from __future__ import annotations

import datetime as dt
import threading
import time
from dataclasses import dataclass, field
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape

from digest.clean import split_articles
from digest.timeutil import now_vn


@dataclass
class Route:
    """What one path answers."""

    body: bytes = b""
    content_type: str = "application/rss+xml; charset=utf-8"
    etag: str | None = None
    status: int = 200
    retry_after: str | None = None
    location: str | None = None  # a redirect target
    delay: float = 0.0  # seconds before answering
    hang: bool = False  # never answer


@dataclass
class FeedServer:
    """Routes by path; every request is recorded as (path, request headers)."""

    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)
    port: int = 0

    def url(self, path: str) -> str:
        """The full URL of a path."""
        return f"http://127.0.0.1:{self.port}{path}"

    def hits(self, path: str) -> list[dict[str, str]]:
        """The headers of every request for a path."""
        return [h for p, h in self.requests if p == path]


def serve(server_state: FeedServer) -> ThreadingHTTPServer:
    """Start serving in a daemon thread; the caller shuts it down."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            server_state.requests.append((self.path, dict(self.headers.items())))
            route = server_state.routes.get(self.path)
            if route is None:
                self.send_error(404)
                return
            if route.hang:
                server_state.stop.wait(30)
                return
            time.sleep(route.delay)
            if route.etag and self.headers.get("If-None-Match") == route.etag:
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(route.status)
            self.send_header("Content-Type", route.content_type)
            self.send_header("Content-Length", str(len(route.body)))
            if route.etag:
                self.send_header("ETag", route.etag)
            if route.retry_after:
                self.send_header("Retry-After", route.retry_after)
            if route.location:
                self.send_header("Location", route.location)
            self.end_headers()
            self.wfile.write(route.body)

        def log_message(self, format: str, *args: object) -> None:  # the stdlib's name
            return

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    server_state.port = httpd.server_address[1]
    threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True).start()  # quick to shut down
    return httpd


@dataclass(frozen=True)
class Item:
    """One RSS item."""

    title: str
    link: str
    description: str
    guid: str | None = None
    days_ago: int = 1


def rss(items: list[Item], encoding: str = "utf-8") -> str:
    """An RSS 2.0 document (as text; encode it with the declared encoding)."""
    parts = [f'<?xml version="1.0" encoding="{encoding}"?>', '<rss version="2.0"><channel><title>Báo thử</title>']
    for item in items:
        when = format_datetime(
            now_vn().replace(hour=8, minute=0, second=0, microsecond=0) - dt.timedelta(days=item.days_ago)
        )
        guid = f"<guid>{escape(item.guid)}</guid>" if item.guid else ""
        parts.append(
            f"<item><title>{escape(item.title)}</title><link>{escape(item.link)}</link>{guid}"
            f"<pubDate>{when}</pubDate><description>{escape(item.description)}</description></item>"
        )
    parts.append("</channel></rss>")
    return "\n".join(parts)


def sample_articles() -> list[tuple[str, str]]:
    """(title, body) of the bundled sample articles."""
    root = Path(__file__).resolve().parent.parent / "digest" / "samples"
    out = []
    for path in sorted(root.glob("*.txt")):
        article = split_articles(path.read_text("utf-8"), path.name)[0]
        out.append((article.title or path.stem, "\n".join(article.paragraphs)))
    return out


def sample_items(server: FeedServer, prefix: str = "/a") -> list[Item]:
    """The sample articles as RSS items linking to pages of the server."""
    return [
        Item(title, server.url(f"{prefix}/{i}.html"), body, guid=f"{prefix}-{i}")
        for i, (title, body) in enumerate(sample_articles())
    ]
