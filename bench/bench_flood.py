"""One hostile feed: 20,000 link-only entries whose pages all have to be fetched.

Polls it on a loopback HTTP server beside an ordinary feed, with the configured caps, and prints the
wall time of the poll, the page requests it made, what it left for the next poll, how long the
ordinary feed waited for its report, and the peak memory of the process.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the test helpers serve the feeds

from digest import gazetteer  # noqa: E402
from digest.config import Config, FeedSettings, IngestSettings, StoreSettings  # noqa: E402
from digest.fetch import make_client  # noqa: E402
from digest.ingest import Ingestor, PollReport  # noqa: E402
from digest.store import TinyStore  # noqa: E402
from tests.feedserver import FeedServer, Item, Route, rss, sample_articles, serve  # noqa: E402


async def bench(entries: int, folder: Path) -> None:
    """Print the figures of one poll of the flood feed and an ordinary one."""
    state = FeedServer()
    httpd = serve(state)
    title, body = sample_articles()[0]
    page = f"<html><body><article><h1>{title}</h1><p>{body}</p></article></body></html>".encode()
    for i in range(entries):
        state.routes[f"/p/{i}.html"] = Route(page, content_type="text/html; charset=utf-8")
    links = [Item(f"{title} {i}", state.url(f"/p/{i}.html"), "", guid=f"p{i}") for i in range(entries)]
    state.routes["/flood"] = Route(rss(links).encode())
    ordinary = [Item(t, state.url(f"/o/{i}"), b, guid=f"o{i}") for i, (t, b) in enumerate(sample_articles())]
    state.routes["/ordinary"] = Route(rss(ordinary).encode())
    settings = IngestSettings(max_feed_bytes=50_000_000)
    feeds = (FeedSettings(url=state.url("/flood"), name="flood"), FeedSettings(url=state.url("/ordinary"), name="ok"))
    config = Config(ingest=settings, store=StoreSettings(path=str(folder)), feeds=feeds)
    finished: dict[str, float] = {}
    t0 = time.perf_counter()

    def done(report: PollReport) -> None:
        finished[report.source] = time.perf_counter() - t0

    async with make_client(settings) as client:
        ingestor = Ingestor(config, TinyStore(folder), gazetteer.load(), client)
        flood, ok = await ingestor.poll(on_report=done)
    wall = time.perf_counter() - t0
    pages = sum(1 for path, _ in state.requests if path.startswith("/p/"))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"flood feed of {entries:,} link-only entries (caps: {settings.max_entries_per_poll} entries, "
        f"{settings.max_pages_per_poll} pages per poll)"
    )
    print(f"  poll took {wall:.1f} s, {pages:,} page requests, {len(flood.stored)} stored, {flood.left:,} left")
    print(f"  the ordinary feed was reported after {finished['ok']:.1f} s with {len(ok.stored)} stored")
    print(f"  peak RSS {peak:.0f} MiB")
    httpd.shutdown()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entries", type=int, default=20_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        asyncio.run(bench(args.entries, Path(tmp)))
