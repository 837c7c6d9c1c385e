"""Polling the sources: feeds over HTTP, local feed files and folders of articles, into the store.

Each source is polled on its own: a failure backs that source off exponentially (and honours
Retry-After), is reported, and never stops the others. New entries are those with no stored
deduplication key (guid, link, title + day); their digests are stored in one batch per source,
before the source's ETag/Last-Modified are remembered, so a crash in between only costs a refetch.

One feed's work per poll is capped (`max_entries_per_poll`, `max_pages_per_poll`): what is left
waits for the next poll, which then fetches the whole feed again. An entry's article page is fetched
only from a public address or the feed's own host. An entry that is garbled (wrongly decoded text)
or holds nothing to digest (no place, date, figure, nor a sentence of real words) is skipped with
its reason, as is a file that is not text.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import hashlib
import itertools
import logging
import urllib.parse
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import httpx

from digest import clean, decoding, htmltext
from digest.config import Config, FeedSettings
from digest.decoding import NotTextError
from digest.dedup import article_keys
from digest.feeds import FeedEntry, FeedError, parse_feed
from digest.fetch import Fetched, FetchError, Guard, fetch, make_client
from digest.gazetteer import Gazetteer
from digest.models import Article
from digest.pipeline import digest_article, emptiness
from digest.places import locality_keys
from digest.records import DigestRepository, FeedState, StoredDigest
from digest.sources import ARTICLE_SUFFIXES, article_files, iter_articles
from digest.textnorm import looks_garbled
from digest.timeutil import VN_TZ, now_vn

log = logging.getLogger(__name__)

CONCURRENT_SOURCES = 8
PAGES_PER_SOURCE = 2  # article pages fetched at once for one feed (each feed has its own slots)
FILE_BATCH = 200  # articles of a folder stored per write


@dataclass(frozen=True, slots=True)
class PollReport:
    """What one poll of one source found."""

    source: str
    status: str  # "stored", "not modified", "failed", "waiting"
    entries: int = 0
    stored: tuple[StoredDigest, ...] = ()
    error: str | None = None
    retry_at: dt.datetime | None = None
    too_old: int = 0  # entries published before the deduplication horizon, not stored
    skipped: tuple[str, ...] = ()  # why entries were left out
    left: int = 0  # new entries left for the next poll by the caps
    refused: tuple[str, ...] = ()  # files that are not articles, with the reason


@dataclass
class _Outcome:
    """What storing a batch of entries or articles gave."""

    stored: list[StoredDigest] = dataclasses.field(default_factory=list)
    skipped: list[str] = dataclasses.field(default_factory=list)


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
        self._claimed: set[str] = set()  # keys of digests being made, not stored yet
        self._states: dict[str, FeedState] = {}  # feed states of the running poll, saved at its end

    async def poll(
        self,
        feeds: Sequence[FeedSettings] | None = None,
        *,
        force: bool = False,
        on_report: Callable[[PollReport], None] | None = None,
    ) -> list[PollReport]:
        """Poll every source (or only those that are due, unless `force`); one report per source."""
        sources = self.config.feeds if feeds is None else feeds
        limit = asyncio.Semaphore(CONCURRENT_SOURCES)

        async def one(feed: FeedSettings) -> PollReport:
            async with limit:
                try:
                    report = await self._poll_source(feed, force=force)
                except Exception as exc:  # a bug must not stop the other sources; it backs off as a failure
                    log.exception("%s: poll failed unexpectedly", feed.name or feed.url)
                    state = self.store.feed_state(self.config.feed_location(feed))
                    report = self._failed(feed, state, RuntimeError(f"{type(exc).__name__}: {exc}"))
            if on_report is not None:
                on_report(report)
            return report

        try:
            return list(await asyncio.gather(*(one(f) for f in sources)))
        finally:
            # After the digests: a crash before this costs a refetch, never a lost entry.
            self.store.save_feed_states(list(self._states.values()))
            self._states.clear()

    async def _poll_source(self, feed: FeedSettings, *, force: bool) -> PollReport:
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
        report = await self._store_entries(feed, parsed.entries, fetched.url)
        # Entries left by the caps: forget the validators, so the next poll reads the whole feed again.
        self._succeeded(feed, state, fetched if not report.left else None)
        return dataclasses.replace(report, skipped=parsed.skipped + report.skipped)

    # -- sources

    async def _fetch_feed(self, location: str, state: FeedState) -> Fetched:
        settings = self.config.ingest
        if "://" not in location:
            return await asyncio.to_thread(_read_local_feed, Path(location), state)
        deadline = settings.connect_timeout + 2 * settings.read_timeout
        return await fetch(self.client, location, settings.max_feed_bytes, deadline, state.etag, state.last_modified)

    async def _poll_articles(self, feed: FeedSettings, path: Path, state: FeedState) -> PollReport:
        if not await asyncio.to_thread(path.exists):
            raise FileNotFoundError(f"{path}: no such file or folder")
        refused: list[str] = []
        articles = _local_articles(path, refused)
        outcome = _Outcome()
        count = 0
        while batch := await asyncio.to_thread(lambda: list(itertools.islice(articles, FILE_BATCH))):
            count += len(batch)
            done = await self._store_articles(feed, batch, [None] * len(batch))
            outcome.stored += done.stored
            outcome.skipped += done.skipped
        self._succeeded(feed, state, None)
        return PollReport(
            feed.name or feed.url,
            "stored",
            entries=count,
            stored=tuple(outcome.stored),
            skipped=tuple(outcome.skipped),
            refused=tuple(refused),
        )

    # -- entries

    async def _store_entries(self, feed: FeedSettings, entries: Sequence[FeedEntry], feed_url: str) -> PollReport:
        settings = self.config.ingest
        name = feed.name or feed.url
        horizon = self.clock() - dt.timedelta(days=self.config.store.dedup_days)
        fresh = [e for e in entries if not (e.published and e.published < horizon)]
        unseen = [e for e in fresh if not self.store.has_any_key(e.keys())]
        taken: list[FeedEntry] = []
        pages_left = settings.max_pages_per_poll
        for entry in unseen[: settings.max_entries_per_poll]:
            if self._needs_page(entry):
                if pages_left == 0:
                    continue  # left for the next poll, with its page
                pages_left -= 1
            taken.append(entry)
        left = len(unseen) - len(taken)
        if left:
            log.info(
                "%s: %d new entries left for the next poll (at most %d entries and %d pages per poll)",
                name,
                left,
                settings.max_entries_per_poll,
                settings.max_pages_per_poll,
            )
        host = urllib.parse.urlsplit(feed_url).hostname if "://" in feed_url else None
        guard = Guard(allowed_host=host, allow_private=settings.allow_private_addresses)
        slots = asyncio.Semaphore(PAGES_PER_SOURCE)
        async with make_client(settings, guard) as pages:
            articles = await asyncio.gather(*(self._article(feed, e, pages, slots) for e in taken))
        kept = [(a, e) for a, e in zip(articles, taken, strict=True) if a is not None]
        outcome = await self._store_articles(feed, [a for a, _ in kept], [e for _, e in kept])
        unreadable = [
            f"{_entry_name(e)}: không có chữ đọc được" for a, e in zip(articles, taken, strict=True) if a is None
        ]
        return PollReport(
            name,
            "stored",
            entries=len(entries),
            stored=tuple(outcome.stored),
            too_old=len(entries) - len(fresh),
            skipped=tuple(unreadable + outcome.skipped),
            left=left,
        )

    def _needs_page(self, entry: FeedEntry) -> bool:
        link = entry.link or ""
        return len(entry.text) < self.config.ingest.fetch_pages_below_chars and link.startswith(("http://", "https://"))

    async def _article(
        self, feed: FeedSettings, entry: FeedEntry, pages: httpx.AsyncClient, slots: asyncio.Semaphore
    ) -> Article | None:
        text = entry.text
        if self._needs_page(entry) and entry.link:
            async with slots:
                page = await self._page_text(entry.link, pages)
            if page is not None and len(page.text) > len(text):
                text = page.text
        day = entry.published.date().isoformat() if entry.published else None
        article = clean.build_article(
            text.split("\n"), feed.name or feed.url, header_published=day, title=entry.title, url=entry.link
        )
        if article is None:
            log.warning("%s: entry %s has no readable text, skipped", feed.name or feed.url, _entry_name(entry))
        return article

    async def _page_text(self, url: str, pages: httpx.AsyncClient) -> htmltext.PageText | None:
        settings = self.config.ingest
        try:
            page = await fetch(
                pages, url, settings.max_page_bytes, settings.connect_timeout + 2 * settings.read_timeout
            )
            text = decoding.decode(page.body, decoding.declared_charset(page.body, page.content_type)).text
        except (FetchError, NotTextError) as exc:
            log.warning("%s: article page not fetched (%s), the feed's summary is used", url, exc)
            return None
        return await asyncio.to_thread(htmltext.page_text, text)

    async def _store_articles(
        self, feed: FeedSettings, articles: Sequence[Article], entries: Sequence[FeedEntry | None]
    ) -> _Outcome:
        province = feed.province or self.config.digest.default_province or None
        now = self.clock()
        outcome = _Outcome()
        claimed: set[str] = set()
        try:
            for article, entry in zip(articles, entries, strict=True):
                where = _entry_name(entry) if entry else article.url or article.source
                if looks_garbled(f"{article.title or ''}\n{article.body}"):
                    outcome.skipped.append(f"{where}: chữ bị lỗi mã hóa")
                    continue
                keys = article_keys(article, entry.keys() if entry else ())
                # Sources are polled concurrently: a key another source is storing counts as stored.
                if self.store.has_any_key(keys) or self._claimed.intersection(keys):
                    continue
                claimed.update(keys)
                self._claimed.update(keys)
                item = await self._stored(feed, article, entry, keys, province, now)
                reason = emptiness(item.digest)
                if reason is not None:
                    outcome.skipped.append(f"{where}: {reason}")
                    continue
                outcome.stored.append(item)
            if outcome.stored:
                self.store.add(outcome.stored)
        finally:
            self._claimed.difference_update(claimed)
        for reason in outcome.skipped:
            log.warning("%s: %s, skipped", feed.name or feed.url, reason)
        return outcome

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


async def poll_once(
    config: Config,
    store: DigestRepository,
    gazetteer: Gazetteer,
    feeds: Sequence[FeedSettings] | None = None,
    *,
    force: bool = False,
    clock: Callable[[], dt.datetime] = now_vn,
    on_report: Callable[[PollReport], None] | None = None,
) -> list[PollReport]:
    """Poll the sources once through one HTTP client (the due ones, or all with `force`), then drop the texts
    past their retention: what the bot's ingestion job and `digest-bot ingest` both do."""
    async with make_client(config.ingest) as client:
        reports = await Ingestor(config, store, gazetteer, client, clock).poll(feeds, force=force, on_report=on_report)
    store.prune_texts()
    return reports


def _entry_name(entry: FeedEntry) -> str:
    return (entry.link or entry.guid or entry.title or "một mục")[:120]


def _published_time(article: Article) -> dt.datetime | None:
    if article.published and len(article.published) == 10:
        day = dt.date.fromisoformat(article.published)
        return dt.datetime.combine(day, dt.time(12), tzinfo=VN_TZ)
    return None


def _local_articles(source: Path, refused: list[str]) -> Iterator[Article]:
    """The articles of an article file, or of every .txt/.html file under a folder, one at a time, each
    with its file's link ("#n" after it when a file holds several); files that cannot be read or are
    not text are logged and added to `refused`."""
    files = [source] if source.is_file() else article_files(source)
    for path in files:
        link = path.resolve().as_uri()
        try:
            articles = iter_articles(path, str(path), url=link)
            first, second = next(articles, None), next(articles, None)
            if first is not None and second is None:
                yield first
            elif first is not None and second is not None:
                for i, article in enumerate(itertools.chain((first, second), articles), 1):
                    yield dataclasses.replace(article, url=f"{link}#{i}")
        except (OSError, NotTextError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            log.warning("%s: %s, skipped", path, reason)
            refused.append(f"{path}: {reason}")


def _read_local_feed(path: Path, state: FeedState) -> Fetched:
    """A local feed file, "not modified" while its size and modification time stay the same."""
    info = path.stat()
    version = f"{info.st_mtime_ns}-{info.st_size}"
    if state.etag == version:
        return Fetched(
            path.resolve().as_uri(), not_modified=True, body=b"", content_type=None, etag=version, last_modified=None
        )
    return Fetched(
        path.resolve().as_uri(),
        not_modified=False,
        body=path.read_bytes(),
        content_type=None,
        etag=version,
        last_modified=None,
    )
