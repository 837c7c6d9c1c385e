"""Store and poll benchmark.

1. 20,000 digests stored through the real store in batches (as polls do): the cost per digest for the
   first and the last 1,000 (their ratio shows whether cost grows with history), total time, size on
   disk, peak memory, and the time to reopen the store.
2. A poll of 200 feeds on a loopback HTTP server, then a second poll where most answer 304.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import datetime as dt
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the test helpers serve the feeds

from digest import gazetteer  # noqa: E402
from digest.config import Config, FeedSettings, StoreSettings  # noqa: E402
from digest.fetch import make_client  # noqa: E402
from digest.ingest import Ingestor  # noqa: E402
from digest.pipeline import digest_text  # noqa: E402
from digest.records import StoredDigest  # noqa: E402
from digest.store import TinyStore  # noqa: E402
from digest.timeutil import now_vn  # noqa: E402
from tests.feedserver import FeedServer, Item, Route, rss, sample_articles, serve  # noqa: E402

BATCH = 20


def bench_store(count: int, folder: Path) -> None:
    """Store `count` digests in batches of BATCH and print the figures."""
    samples = [d for title, body in sample_articles() for d in digest_text(f"{title}\n{body}", "bench")]
    start = now_vn()
    store = TinyStore(folder)
    costs: list[float] = []
    began = time.perf_counter()
    for first in range(0, count, BATCH):
        batch = []
        for i in range(first, min(first + BATCH, count)):
            digest = samples[i % len(samples)]
            when = start + dt.timedelta(minutes=i)
            article = dataclasses.replace(digest.article, title=f"{digest.article.title} #{i}", url=f"https://x.vn/{i}")
            batch.append(
                StoredDigest(
                    id=f"{i:08d}",
                    digest=dataclasses.replace(digest, article=article),
                    feed="bench",
                    stored_at=when,
                    when=when,
                    keys=(f"g:{i}", f"l:x.vn/{i}"),
                    units=("D395", "P38"),
                    text=f"{digest.summary} {i}",
                )
            )
        t0 = time.perf_counter()
        store.add(batch)
        costs.append((time.perf_counter() - t0) / len(batch))
    total = time.perf_counter() - began
    per_batch = 1000 // BATCH
    first_ms = sum(costs[:per_batch]) / per_batch * 1000
    last_ms = sum(costs[-per_batch:]) / per_batch * 1000
    size = sum(p.stat().st_size for p in folder.rglob("*.json"))
    t0 = time.perf_counter()
    reopened = TinyStore(folder)
    reopen_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    for _ in range(200):
        reopened.latest(["D395"], limit=1)
    latest_ms = (time.perf_counter() - t0) / 200 * 1000
    print(f"store: {count} digests in batches of {BATCH}, {total:.1f} s total")
    ratio = last_ms / first_ms
    print(f"  cost per digest: first 1,000 {first_ms:.2f} ms, last 1,000 {last_ms:.2f} ms, ratio {ratio:.2f}")
    print(f"  on disk {size / 2**20:.1f} MiB (with texts and backups); reopen {reopen_s:.2f} s", end="")
    print(f"; latest {latest_ms:.2f} ms")


async def bench_poll(feeds: int, folder: Path) -> None:
    """Poll `feeds` loopback feeds twice; the second time all but a tenth answer 304."""
    state = FeedServer()
    httpd = serve(state)
    samples = sample_articles()
    for n in range(feeds):
        items = [Item(f"{t} ({n})", state.url(f"/{n}/{i}"), b, guid=f"{n}-{i}") for i, (t, b) in enumerate(samples)]
        state.routes[f"/feed/{n}"] = Route(rss(items).encode(), etag=f'"{n}-1"')
    config = Config(store=StoreSettings(path=str(folder)))
    sources = [FeedSettings(url=state.url(f"/feed/{n}")) for n in range(feeds)]
    try:
        async with make_client(config.ingest) as client:
            ingestor = Ingestor(config, TinyStore(folder), gazetteer.load(), client)
            t0 = time.perf_counter()
            first = await ingestor.poll(sources)
            first_s = time.perf_counter() - t0
            for n in range(0, feeds, 10):  # a tenth of the feeds change
                route = state.routes[f"/feed/{n}"]
                state.routes[f"/feed/{n}"] = dataclasses.replace(route, etag=f'"{n}-2"')
            t0 = time.perf_counter()
            second = await ingestor.poll(sources, force=True)
            second_s = time.perf_counter() - t0
    finally:
        httpd.shutdown()
        httpd.server_close()
    stored = sum(len(r.stored) for r in first)
    not_modified = sum(r.status == "not modified" for r in second)
    print(f"poll: {feeds} feeds, first poll {first_s:.1f} s ({stored} digests stored)")
    print(f"  second poll {second_s:.2f} s wall ({not_modified} answered 304, {feeds - not_modified} re-read)")


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--digests", type=int, default=20_000)
    parser.add_argument("--feeds", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bench_store(args.digests, Path(tmp) / "store")
        asyncio.run(bench_poll(args.feeds, Path(tmp) / "poll"))
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: {rss_mb:.0f} MiB process RSS")


if __name__ == "__main__":
    main()
