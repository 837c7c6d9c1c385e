"""Shared fixtures: the real gazetteer and article builders."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterator

import pytest

from digest.clean import split_articles
from digest.gazetteer import Gazetteer, load
from digest.models import Article
from digest.timeutil import now_vn
from tests.feedserver import FeedServer, serve


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
