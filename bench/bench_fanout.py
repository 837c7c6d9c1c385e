"""Fan-out and /latest benchmark against the fake Bot API server on loopback.

1. One digest pushed to 5,000 subscribed chats, against the fake server enforcing 30 messages/s
   overall and one per second per chat (it answers 429 to anything faster). At real speed this takes
   about three minutes; --scale N shortens every time window N times on both sides (server limits,
   the bot's rate limiter and pacer), which only works while the machine can push 30*N requests/s
   through python-telegram-bot and the loopback server (about 50/s on a 2-core machine).
   Prints the achieved rate as a fraction of the limit, 429s received, duplicates and losses.
2. The bot's /latest response time (p50/p95) for a lone request, update in to reply out, with 10,000
   digests stored; and the bot's CPU time per message sent, the fake server's own apart.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import dataclasses
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot import install  # noqa: E402
from bot.app import new_application  # noqa: E402
from bot.offline.fakeapi import FakeBotAPI  # noqa: E402
from digest import gazetteer  # noqa: E402
from digest.config import Config, StoreSettings  # noqa: E402
from digest.pipeline import digest_text  # noqa: E402
from digest.records import StoredDigest  # noqa: E402
from digest.store import TinyStore  # noqa: E402
from digest.store.chats import ChatStore  # noqa: E402
from digest.timeutil import now_vn  # noqa: E402
from tests.feedserver import sample_articles  # noqa: E402

FIRST_CHAT = 100_000


def _digests(count: int) -> list[StoredDigest]:
    samples = [d for title, body in sample_articles() for d in digest_text(f"{title}\n{body}", "bench")]
    start = now_vn() - dt.timedelta(days=30)
    out = []
    for i in range(count):
        digest = samples[i % len(samples)]
        when = start + dt.timedelta(minutes=3 * i)
        article = dataclasses.replace(digest.article, title=f"{digest.article.title} #{i}")
        out.append(
            StoredDigest(
                f"{i:08d}",
                dataclasses.replace(digest, article=article),
                "bench",
                when,
                when,
                (f"g:{i}",),
                ("D395", "P38") if i % 3 else ("D393", "P38"),
            )
        )
    return out


async def main(chats: int, digests: int, scale: float, folder: Path) -> None:  # noqa: PLR0915  # one printed report
    """Print the figures."""
    gaz = gazetteer.load()
    store = TinyStore(folder)
    items = _digests(digests)
    t0 = time.perf_counter()
    for first in range(0, len(items), 500):
        store.add(items[first : first + 500])
    print(f"store: {digests} digests stored in {time.perf_counter() - t0:.1f} s")
    subscriptions = ChatStore(folder)
    t0 = time.perf_counter()
    for n in range(chats):
        subscriptions.subscribe(FIRST_CHAT + n, "D395")
    print(f"subscriptions: {chats} chats subscribed in {time.perf_counter() - t0:.1f} s")

    api = FakeBotAPI(time_scale=scale)
    config = Config(store=StoreSettings(path=str(folder)))
    app = new_application(config, "123:BENCH", api.start(), scale)
    digest_bot = install(app, config, store=store, gazetteer=gaz, ingest=False, time_scale=scale)
    await app.initialize()
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0.0, timeout=1)
    try:
        fresh = dataclasses.replace(items[-1], id="fresh", keys=("g:fresh",), units=("D395", "P38"))
        t0 = time.perf_counter()
        queued = digest_bot.service.fan_out([fresh])
        queue_s = time.perf_counter() - t0
        t0, times0, server0 = time.perf_counter(), os.times(), api.cpu_seconds
        await digest_bot.sender.drain()
        wall = time.perf_counter() - t0
        times1 = os.times()
        user, system = times1.user - times0.user, times1.system - times0.system
        bot_cpu = user + system - (api.cpu_seconds - server0)
        received = collections.Counter(s.chat_id for s in api.sent if s.chat_id >= FIRST_CHAT)
        limit = 30 * scale
        print(f"fan-out: {queued} messages queued in {queue_s:.2f} s, sent in {wall:.1f} s (clock x{scale:g})")
        print(f"  rate {chats / wall:.1f}/s against a limit of {limit:.0f}/s: {chats / wall / limit:.2f} of the limit")
        print(f"  429s received {api.limits.rejected}, limit violations {len(api.limits.violations)}")
        print(f"  duplicates {sum(n - 1 for n in received.values())}, losses {chats - len(received)}")
        print(
            f"  the bot's CPU: {bot_cpu / chats * 1000:.2f} ms per message, the fake server's own apart"
            f" (process: user {user / chats * 1000:.2f} ms, system {system / chats * 1000:.2f} ms)"
        )

        latencies = []
        for n in range(60):
            chat = 900_000 + n
            digest_bot.service.chats.subscribe(chat, "D395")
            await asyncio.sleep(0.2)  # a lone request, as a person sends one: the rate limiters are idle
            before = len(api.sent)
            t0 = time.monotonic()
            api.user_message(chat, "/latest")
            while len(api.sent) == before or api.sent[-1].chat_id != chat:  # noqa: ASYNC110  # a reply from another thread
                await asyncio.sleep(0.001)
            latencies.append((api.sent[-1].at - t0) * 1000)
        latencies.sort()
        p95 = latencies[int(len(latencies) * 0.95) - 1]
        print(
            f"/latest with {store.count()} digests stored: p50 {statistics.median(latencies):.0f} ms, p95 {p95:.0f} ms"
        )
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
        api.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chats", type=int, default=5000)
    parser.add_argument("--digests", type=int, default=10_000)
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        asyncio.run(main(args.chats, args.digests, args.scale, Path(tmp)))
