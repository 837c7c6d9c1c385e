"""Polling the sources: feeds over HTTP, local feed files and folders of articles, into the store.

Each source is polled on its own: a failure backs that source off exponentially (and honours
Retry-After), is reported, and never stops the others. New entries are those with no stored
deduplication key (guid, link, title + day); their digests are stored in one batch per source,
before the source's ETag/Last-Modified are remembered, so a crash in between only costs a refetch.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import hashlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import httpx

from digest import clean, htmltext
from digest.config import Config, FeedSettings
from digest.feeds import FeedEntry, FeedError, fingerprint, parse_feed
from digest.fetch import Fetched, FetchError, fetch
from digest.gazetteer import Gazetteer
from digest.models import Article
from digest.pipeline import ARTICLE_SUFFIXES, article_files, articles_from_text, digest_article, read_document
from digest.places import locality_keys
from digest.records import DigestRepository, FeedState, StoredDigest
from digest.textnorm import match_key
from digest.timeutil import VN_TZ, now_vn

log = logging.getLogger(__name__)

CONCURRENT_SOURCES = 8
CONCURRENT_PAGES = 4


@dataclass(frozen=True, slots=True)
class PollReport:
    """What one poll of one source found."""

    source: str
    status: str  # "stored", "not modified", "failed", "waiting"
    entries: int = 0
    stored: tuple[StoredDigest, ...] = ()
    error: str | None = None
    retry_at: dt.datetime | None = None


class Ingestor:
    """Polls the configured sources into a store."""

    def __init__(
        self,
        config: Config,
        store: DigestRepository,
        gazetteer: Gazetteer,
        client: httpx.AsyncClient,
        clock: Callable[[], dt.datetime] = now_vn,
    ) -> None:
        self.config = config
        self.store = store
        self.gazetteer = gazetteer
        self.client = client
        self.clock = clock
        self._pages = asyncio.Semaphore(CONCURRENT_PAGES)
        self._claimed: set[str] = set()  # keys of digests being made, not stored yet
        self._states: dict[str, FeedState] = {}  # feed states of the running poll, saved at its end

    async def poll(
        self,
        feeds: Sequence[FeedSettings] | None = None,
        force: bool = False,
        on_report: Callable[[PollReport], None] | None = None,
    ) -> list[PollReport]:
        """Poll every source (or only those that are due, unless `force`); one report per source."""
        sources = self.config.feeds if feeds is None else feeds
        limit = asyncio.Semaphore(CONCURRENT_SOURCES)

        async def one(feed: FeedSettings) -> PollReport:
            async with limit:
                try:
                    report = await self._poll_source(feed, force)
                except Exception as exc:  # a bug must not stop the other sources
                    log.exception("%s: poll failed unexpectedly", feed.name or feed.url)
                    report = PollReport(feed.name or feed.url, "failed", error=f"{type(exc).__name__}: {exc}")
            if on_report is not None:
                on_report(report)
            return report

        try:
            return list(await asyncio.gather(*(one(f) for f in sources)))
        finally:
            # After the digests: a crash before this costs a refetch, never a lost entry.
            self.store.save_feed_states(list(self._states.values()))
            self._states.clear()

    async def _poll_source(self, feed: FeedSettings, force: bool) -> PollReport:
        location = self.config.feed_location(feed)
        name = feed.name or feed.url
        state = self.store.feed_state(location)
        now = self.clock()
        if not force and state.next_poll_at is not None and now < state.next_poll_at:
            return PollReport(name, "waiting", retry_at=state.next_poll_at)
        path = Path(location)
        try:
            if "://" not in location and (
                path.suffix.lower() in ARTICLE_SUFFIXES or await asyncio.to_thread(path.is_dir)
            ):
                return await self._poll_articles(feed, path, state)
            fetched = await self._fetch_feed(location, state)
            if fetched.not_modified:
                self._succeeded(feed, state, fetched)
                return PollReport(name, "not modified")
            parsed = parse_feed(fetched.body, fetched.content_type, fetched.url)
        except (FetchError, FeedError, OSError) as exc:
            return self._failed(feed, state, exc)
        for reason in parsed.skipped:
            log.warning("%s: %s, skipped", name, reason)
        stored = await self._store_entries(feed, parsed.entries)
        self._succeeded(feed, state, fetched)
        return PollReport(name, "stored", entries=len(parsed.entries), stored=tuple(stored))

    # -- sources

    async def _fetch_feed(self, location: str, state: FeedState) -> Fetched:
        settings = self.config.ingest
        if "://" not in location:
            return await asyncio.to_thread(_read_local_feed, Path(location), state)
        deadline = settings.connect_timeout + 2 * settings.read_timeout
        return await fetch(self.client, location, settings.max_feed_bytes, deadline, state.etag, state.last_modified)

    async def _poll_articles(self, feed: FeedSettings, path: Path, state: FeedState) -> PollReport:
        articles = await asyncio.to_thread(_local_articles, path)
        stored = await self._store_articles(feed, articles, [None] * len(articles))
        self._succeeded(feed, state, None)
        return PollReport(feed.name or feed.url, "stored", entries=len(articles), stored=tuple(stored))

    # -- entries

    async def _store_entries(self, feed: FeedSettings, entries: Sequence[FeedEntry]) -> list[StoredDigest]:
        horizon = self.clock() - dt.timedelta(days=self.config.store.dedup_days)
        fresh = [e for e in entries if not (e.published and e.published < horizon)]
        fresh = _unseen(fresh, self.store)
        articles = await asyncio.gather(*(self._article(feed, e) for e in fresh))
        kept = [(a, e) for a, e in zip(articles, fresh, strict=True) if a is not None]
        return await self._store_articles(feed, [a for a, _ in kept], [e for _, e in kept])

    async def _article(self, feed: FeedSettings, entry: FeedEntry) -> Article | None:
        text = entry.text
        if len(text) < self.config.ingest.fetch_pages_below_chars and entry.link and "://" in entry.link:
            page = await self._page_text(entry.link)
            if page is not None and len(page.text) > len(text):
                text = page.text
        day = entry.published.date().isoformat() if entry.published else None
        article = clean.build_article(
            text.split("\n"), feed.name or feed.url, header_published=day, title=entry.title, url=entry.link
        )
        if article is None:
            log.warning("%s: entry %s has no readable text, skipped", feed.name or feed.url, entry.link or entry.guid)
        return article

    async def _page_text(self, url: str) -> htmltext.PageText | None:
        settings = self.config.ingest
        async with self._pages:
            try:
                page = await fetch(
                    self.client, url, settings.max_page_bytes, settings.connect_timeout + 2 * settings.read_timeout
                )
            except FetchError as exc:
                log.warning("%s: article page not fetched (%s), the feed's summary is used", url, exc)
                return None
        return await asyncio.to_thread(htmltext.page_text, htmltext.decode(page.body))

    async def _store_articles(
        self, feed: FeedSettings, articles: Sequence[Article], entries: Sequence[FeedEntry | None]
    ) -> list[StoredDigest]:
        province = feed.province or self.config.digest.default_province or None
        now = self.clock()
        batch: list[StoredDigest] = []
        claimed: set[str] = set()
        try:
            for article, entry in zip(articles, entries, strict=True):
                keys = _keys(article, entry)
                # Sources are polled concurrently: a key another source is storing counts as stored.
                if self.store.has_any_key(keys) or self._claimed.intersection(keys):
                    continue
                claimed.update(keys)
                self._claimed.update(keys)
                batch.append(await self._stored(feed, article, entry, keys, province, now))
            if batch:
                self.store.add(batch)
        finally:
            self._claimed.difference_update(claimed)
        return batch

    async def _stored(
        self,
        feed: FeedSettings,
        article: Article,
        entry: FeedEntry | None,
        keys: tuple[str, ...],
        province: str | None,
        now: dt.datetime,
    ) -> StoredDigest:
        digest = await asyncio.to_thread(digest_article, article, self.gazetteer, province)
        when = entry.published if entry and entry.published else _published_time(article) or now
        return StoredDigest(
            id=hashlib.sha1(keys[0].encode(), usedforsecurity=False).hexdigest()[:16],
            digest=digest,
            feed=feed.name or feed.url,
            stored_at=now,
            when=when,
            keys=keys,
            units=locality_keys(digest.localities, self.gazetteer),
            text=article.body,
        )

    # -- feed state

    def _succeeded(self, feed: FeedSettings, state: FeedState, fetched: Fetched | None) -> None:
        now = self.clock()
        self._states[state.url] = dataclasses.replace(
            state,
            etag=fetched.etag if fetched else None,
            last_modified=fetched.last_modified if fetched else None,
            failures=0,
            next_poll_at=now + dt.timedelta(seconds=self._interval(feed)),
            last_error=None,
            last_success_at=now,
        )

    def _failed(self, feed: FeedSettings, state: FeedState, exc: Exception) -> PollReport:
        failures = state.failures + 1
        wait = min(self._interval(feed) * 2 ** (failures - 1), self.config.ingest.max_backoff_seconds)
        retry_after = getattr(exc, "retry_after", None)
        if retry_after:
            wait = max(wait, retry_after)
        retry_at = self.clock() + dt.timedelta(seconds=wait)
        error = str(exc) or type(exc).__name__
        name = feed.name or feed.url
        log.warning("%s: poll failed (%s); failure %d, next try at %s", name, error, failures, retry_at)
        self._states[state.url] = dataclasses.replace(state, failures=failures, next_poll_at=retry_at, last_error=error)
        return PollReport(feed.name or feed.url, "failed", error=error, retry_at=retry_at)

    def _interval(self, feed: FeedSettings) -> int:
        return feed.poll_seconds or self.config.ingest.poll_seconds


def _unseen(entries: Sequence[FeedEntry], store: DigestRepository) -> list[FeedEntry]:
    return [e for e in entries if not store.has_any_key(e.keys())]


def _keys(article: Article, entry: FeedEntry | None) -> tuple[str, ...]:
    keys = list(entry.keys()) if entry else []
    if article.url and not any(k.startswith("l:") for k in keys):
        keys.append("l:" + article.url)
    if article.title and article.published and len(article.published) == 10:
        keys.append(fingerprint(article.title, dt.date.fromisoformat(article.published)))
    # The same text under another link or title (a story copied between feeds, a file loaded twice).
    content = match_key(f"{article.title or ''}\n{article.body}").encode()
    keys.append("c:" + hashlib.sha1(content, usedforsecurity=False).hexdigest()[:24])
    return tuple(dict.fromkeys(keys))


def _published_time(article: Article) -> dt.datetime | None:
    if article.published and len(article.published) == 10:
        day = dt.date.fromisoformat(article.published)
        return dt.datetime.combine(day, dt.time(12), tzinfo=VN_TZ)
    return None


def _local_articles(source: Path) -> list[Article]:
    """The articles of an article file, or of every .txt/.html file under a folder, each with its file's link."""
    if not source.exists():
        raise FileNotFoundError(f"{source}: no such file or folder")
    files = [source] if source.is_file() else article_files(source)
    articles: list[Article] = []
    for path in files:
        try:
            text = read_document(path)
        except OSError as exc:
            log.warning("%s: %s, skipped", path, exc.strerror or exc)
            continue
        found = articles_from_text(text, str(path), url=path.resolve().as_uri())
        if len(found) > 1:  # several articles in one file: one link each
            found = [dataclasses.replace(a, url=f"{a.url}#{i}") for i, a in enumerate(found, 1)]
        articles += found
    return articles


def _read_local_feed(path: Path, state: FeedState) -> Fetched:
    """A local feed file, "not modified" while its size and modification time stay the same."""
    info = path.stat()
    version = f"{info.st_mtime_ns}-{info.st_size}"
    if state.etag == version:
        return Fetched(path.resolve().as_uri(), True, b"", None, version, None)
    return Fetched(path.resolve().as_uri(), False, path.read_bytes(), None, version, None)
