"""Shared fixtures: the real gazetteer and article builders."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import unicodedata
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import httpx
import pytest

from digest import diskcache
from digest.clean import split_articles
from digest.config import Config, FeedSettings, IngestSettings, StoreSettings
from digest.fetch import make_client
from digest.gazetteer import Gazetteer, load
from digest.ingest import Ingestor
from digest.models import Article
from digest.store import TinyStore
from digest.timeutil import now_vn
from tests.feedserver import FeedServer, serve


def pytest_configure(config: pytest.Config) -> None:
    """The suite's own disk cache (the gazetteer built once, for every process it starts), not the user's."""
    os.environ[diskcache.ENV] = tempfile.mkdtemp(prefix="digest-bot-test-cache-")


# Ingestion settings for loopback servers: short timeouts.
FAST = IngestSettings(connect_timeout=1.0, read_timeout=0.5, poll_seconds=900, max_feed_bytes=200_000)


class Clock:
    """A clock the test moves by hand (Vietnam time)."""

    def __init__(self, now: dt.datetime | None = None) -> None:
        self.now = now or now_vn()

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture(scope="session")
def gaz() -> Gazetteer:
    """The real gazetteer, loaded once."""
    return load()


def article(text: str, source: str = "test.txt") -> Article:
    """The first article of a text, cleaned as the pipeline does."""
    articles = split_articles(text, source)
    assert articles, "no article in the text"
    return articles[0]


_TONES = "\u0300\u0301\u0303\u0309\u0323"


def encode_cp1258(text: str) -> bytes:
    """Vietnamese text in Windows-1258, which writes tone marks as combining characters after the letter."""
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            letter = "".join(c for c in parts if c not in _TONES)
            tones = "".join(c for c in parts if c in _TONES)
            out += (unicodedata.normalize("NFC", letter) + tones).encode("cp1258")
    return bytes(out)


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    """A loopback HTTP server for feeds and pages, shut down after the test."""
    state = FeedServer()
    httpd = serve(state)
    yield state
    state.stop.set()
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def clock() -> Clock:
    """A clock the test moves by hand."""
    return Clock()


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    """The feeds' HTTP client, with FAST timeouts."""
    async with make_client(FAST) as http:
        yield http


@pytest.fixture
def make(tmp_path: Path, gaz: Gazetteer, client: httpx.AsyncClient, clock: Clock) -> Callable[..., Ingestor]:
    """An Ingestor of some feeds over a real store in the test's folder."""

    def build(*feeds: FeedSettings, ingest: IngestSettings = FAST) -> Ingestor:
        config = Config(ingest=ingest, store=StoreSettings(path=str(tmp_path / "data")), feeds=feeds)
        return Ingestor(config, TinyStore(tmp_path / "data", clock=clock), gaz, client, clock=clock)

    return build
