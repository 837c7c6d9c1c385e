"""Run by test_crash.py: ingest new article folders forever, printing each stored id once it is durable."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from digest import gazetteer
from digest.config import Config, FeedSettings
from digest.fetch import make_client
from digest.ingest import Ingestor
from digest.store import TinyStore
from tests.feedserver import sample_articles


async def main(store_path: Path, work: Path) -> None:
    config = Config()
    store = TinyStore(store_path, segment_size=7)
    samples = sample_articles()
    async with make_client(config.ingest) as client:
        ingestor = Ingestor(config, store, gazetteer.load(), client)
        for round_ in range(10**6):
            folder = work / f"{os.getpid()}-{round_}"
            folder.mkdir(parents=True)
            for i, (title, body) in enumerate(samples[:3]):
                tag = f"{os.getpid()}-{round_}-{i}"
                (folder / f"{i}.txt").write_text(f"{title} ({tag})\n{body}\nBài số {tag}.", "utf-8")
            (report,) = await ingestor.poll([FeedSettings(url=str(folder))], force=True)
            for item in report.stored:
                sys.stdout.write(f"stored {item.id}\n")
            sys.stdout.flush()


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1]), Path(sys.argv[2])))
