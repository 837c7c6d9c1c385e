"""Store and poll benchmark.

1. Stores of 10,000, 100,000 and 1,000,000 digests (`--sizes`), written through the store's own API in
   whole segments (extraction is bypassed: the digests are the samples', with their places, days and
   keys varied). The digests are spread over a year of national coverage: each has a commune of today and
   its province; one province (Thanh Hóa) has half of them, so that its last week holds 10,000 at 1M.
   For each store, in a fresh process: the time to open it, the process's peak memory (with the
   gazetteer loaded, as in the bot), `latest` for the busy province, a rare commune (one digest, the
   oldest) and a place with none, the busy province's week read and summarised, and the cost per digest
   of 1,000 more digests in batches of 20, against the same into an empty store.
2. A poll of 200 feeds on a loopback HTTP server, then a second poll where most answer 304.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import datetime as dt
import functools
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the test helpers serve the feeds

from digest import gazetteer, news  # noqa: E402
from digest.config import Config, FeedSettings, StoreSettings  # noqa: E402
from digest.fetch import make_client  # noqa: E402
from digest.gazetteer import Unit  # noqa: E402
from digest.ingest import Ingestor  # noqa: E402
from digest.models import Digest  # noqa: E402
from digest.news import WEEK  # noqa: E402
from digest.pipeline import digest_text  # noqa: E402
from digest.places import coverage  # noqa: E402
from digest.records import StoredDigest  # noqa: E402
from digest.store import TinyStore  # noqa: E402
from digest.timeutil import VN_TZ  # noqa: E402
from tests.feedserver import FeedServer, Item, Route, rss, sample_articles, serve  # noqa: E402

BATCH = 20
BULK = 500  # generating: one add per segment
BUSY = "T38"  # Thanh Hóa of today
YEAR = dt.timedelta(weeks=49)  # so that the busy province has 10,000 digests in its last week at 1M


@functools.cache
def _samples() -> list[Digest]:
    return [d for title, body in sample_articles() for d in digest_text(f"{title}\n{body}", "bench")]


Communes = tuple[list[Unit], list[Unit]]  # every commune of today, and the busy province's


def _communes(gaz: gazetteer.Gazetteer) -> Communes:
    communes = [u for u in gaz.units.values() if u.key.startswith("N")]
    return communes, [u for u in communes if u.province_key == BUSY]


def _items(first: int, count: int, total: int, start: dt.datetime, places: Communes) -> list[StoredDigest]:
    """Digests `first` .. `first + count` of a store of `total`, published in the year after `start`."""
    samples = _samples()
    communes, busy = places
    rng = random.Random(first)
    out = []
    for i in range(first, first + count):
        digest = samples[i % len(samples)]
        when = start + YEAR * (i / total)
        if i == 0:
            units: tuple[str, ...] = ("N99999", "T99")  # the rare place: one digest, the oldest
        else:
            commune = rng.choice(busy if i % 2 else communes)
            units = (commune.key, commune.province_key)
        article = dataclasses.replace(digest.article, title=f"{digest.article.title} #{i}", url=f"https://x.vn/{i}")
        out.append(
            StoredDigest(
                id=f"{i:08d}",
                digest=dataclasses.replace(digest, article=article),
                feed="bench",
                stored_at=when,
                when=when,
                keys=(f"g:{i}", f"l:x.vn/{i}"),
                units=units,
                text=f"{digest.summary} {i}",
            )
        )
    return out


def build(folder: Path, total: int, start: dt.datetime, gaz: gazetteer.Gazetteer) -> float:
    """Write a store of `total` digests; seconds taken."""
    clock = [start]
    store = TinyStore(folder, clock=lambda: clock[0])
    places = _communes(gaz)
    began = time.perf_counter()
    for first in range(0, total, BULK):
        items = _items(first, min(BULK, total - first), total, start, places)
        clock[0] = items[0].stored_at
        store.add(items)
    return time.perf_counter() - began


def measure(folder: Path, total: int, start: dt.datetime) -> None:
    """Run in a fresh process: open, look up, summarise, store more; print one line of figures."""
    gaz = gazetteer.load()
    end = start + YEAR
    clock = [end]
    t0 = time.perf_counter()
    store = TinyStore(folder, clock=lambda: clock[0])
    open_s = time.perf_counter() - t0
    latest = {}
    for name, units in (("busy", coverage(BUSY, gaz)), ("rare", ("N99999",)), ("none", ("N00001",))):
        t0 = time.perf_counter()
        found = store.latest(units)
        cold = time.perf_counter() - t0
        t0 = time.perf_counter()
        for _ in range(100):
            store.latest(units)
        latest[name] = (cold * 1000, (time.perf_counter() - t0) * 10, len(found))
    t0 = time.perf_counter()
    messages = news.week_summary(store, gaz.units[BUSY], gaz, end)
    week_s = time.perf_counter() - t0
    week = sum(1 for _ in store.each_between(end - WEEK, end, coverage(BUSY, gaz)))
    rss = _peak_rss_mib()
    more = _items(total, 1000, total, start, _communes(gaz))
    more_ms = _store_cost(store, more, clock)
    print(f"{total:>9,} digests: open {open_s:.3f} s, peak RSS {rss:.0f} MiB (gazetteer included)")
    for name, (cold, warm, n) in latest.items():
        print(f"           latest {name:<4}: first {cold:.2f} ms, then {warm:.3f} ms ({n} found)")
    print(
        f"           week of {BUSY}: {week:,} digests read and summarised in {week_s:.2f} s ({len(messages)} messages)"
    )
    print(f"           1,000 more in batches of {BATCH}: {more_ms:.2f} ms per digest")


def _peak_rss_mib() -> float:
    """This process's peak resident memory. (getrusage's maximum is carried over from the parent across
    fork and exec, so a child started by a large parent would report the parent's.)"""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _store_cost(store: TinyStore, items: list[StoredDigest], clock: list[dt.datetime]) -> float:
    t0 = time.perf_counter()
    for first in range(0, len(items), BATCH):
        clock[0] = items[first].stored_at
        store.add(items[first : first + BATCH])
    return (time.perf_counter() - t0) / len(items) * 1000


def bench_store(sizes: list[int], folder: Path) -> None:
    """Build each store, then measure it in a fresh process."""
    gaz = gazetteer.load()
    start = dt.datetime(2025, 7, 1, tzinfo=VN_TZ)
    empty_ms = _store_cost(
        TinyStore(folder / "empty", clock=lambda: start), _items(0, 1000, 1000, start, _communes(gaz)), [start]
    )
    print(f"store: 1,000 digests into an empty store in batches of {BATCH}: {empty_ms:.2f} ms per digest")
    for total in sizes:
        path = folder / str(total)
        built = build(path, total, start, gaz)
        size = sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.name.endswith(".bak"))
        print(f"{total:>9,} digests written in {built:.0f} s, {size / 2**20:,.0f} MiB on disk (without backups)")
        subprocess.run(  # noqa: S603  # this script again, on the store it built
            [sys.executable, __file__, "--measure", str(path), str(total), start.isoformat()], check=True
        )
        shutil.rmtree(path)


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
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--measure", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        folder, total, start = args.measure
        measure(Path(folder), int(total), dt.datetime.fromisoformat(start))
        return
    with tempfile.TemporaryDirectory() as tmp:
        asyncio.run(bench_poll(args.feeds, Path(tmp) / "poll"))  # first: the peak below is the poll's own
        rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak memory of the poll: {rss_mb:.0f} MiB process RSS")
        bench_store(args.sizes, Path(tmp) / "store")


if __name__ == "__main__":
    main()
