"""The store on tinydb, designed so that storing one more digest costs the same whatever the history.

Layout of the store directory:
- `digests/<start>.json`: segments of at most `segment_size` digests, named by the UTC time the
  segment was started; a batch rewrites only the newest segment, never the history.
- `texts/<start>.json`: the full texts, in segments parallel to the digests, deleted whole once
  older than the text retention horizon.
- `state.json`: the feed state (the bot's chats and outbox are in `digest/store/chats.py`).

At start-up the segments of the deduplication horizon are read into a small in-memory index
(publication time, subscription keys, deduplication keys), which answers lookups; documents are
read from their segment when needed.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import logging
from collections import OrderedDict
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tinydb import Query, TinyDB

from digest.records import FeedState, StoredDigest
from digest.serialize import digest_from_dict, digest_to_dict
from digest.store.files import AtomicJSONStorage, Tables, documents, require, require_time, unavailable
from digest.timeutil import VN_TZ, now_vn

log = logging.getLogger(__name__)

SEGMENT_SIZE = 500
OPEN_SEGMENTS = 16  # segments kept parsed in memory besides the newest


@dataclass(frozen=True, slots=True)
class _Entry:
    when: dt.datetime
    id: str
    segment: str
    doc_id: int
    units: frozenset[str]


class TinyStore:
    """The tinydb implementation of `DigestRepository`."""

    def __init__(
        self,
        path: Path,
        *,
        dedup_days: int = 90,
        text_retention_days: int = 30,
        segment_size: int = SEGMENT_SIZE,
        clock: Callable[[], dt.datetime] = now_vn,
    ) -> None:
        self.path = path
        self.segment_size = segment_size
        self.text_retention = dt.timedelta(days=text_retention_days)
        self.clock = clock
        try:
            for folder in (path, path / "digests", path / "texts"):
                folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise unavailable(path, exc) from None
        self.state = TinyDB(path / "state.json", storage=AtomicJSONStorage, validate=_check_state)
        self.state.tables()  # read (and checked) now: a damaged file stops the start, not every poll
        self._open: OrderedDict[str, TinyDB] = OrderedDict()
        self._keys: set[str] = set()
        self._index: list[_Entry] = []
        self._segments = sorted(p.stem for p in (path / "digests").glob("*.json"))
        self._newest_count = len(self._digests(self._segments[-1])) if self._segments else 0
        horizon = _segment_name(self.clock() - dt.timedelta(days=dedup_days))
        first = max(0, bisect.bisect_right(self._segments, horizon) - 1)
        for name in self._segments[first:]:
            self._index += [self._entry(name, doc.doc_id, doc) for doc in self._digests(name).all()]
        self._index.sort(key=_order)  # once: inserting each in order would move the list per document

    # -- digests

    def has_any_key(self, keys: Collection[str]) -> bool:
        """Whether a digest with one of these deduplication keys is stored."""
        return any(k in self._keys for k in keys)

    def add(self, items: Sequence[StoredDigest]) -> None:
        """Store a batch durably: one write of the newest segment (and one of its texts)."""
        items = list(items)
        while items:
            if not self._segments or self._newest_count >= self.segment_size:
                self._start_segment()
            room = self.segment_size - self._newest_count
            batch, items = items[:room], items[room:]
            name = self._segments[-1]
            docs = [_to_doc(item) for item in batch]
            doc_ids = self._digests(name).insert_multiple(docs)
            texts = [{"id": item.id, "text": item.text} for item in batch if item.text]
            if texts:
                self._texts(name).insert_multiple(texts)
            self._newest_count += len(batch)
            for doc_id, doc in zip(doc_ids, docs, strict=True):
                bisect.insort(self._index, self._entry(name, doc_id, doc), key=_order)

    def latest(self, units: Collection[str] | None = None, limit: int = 1) -> list[StoredDigest]:
        """The newest digests (by publication time) matching any of `units`, or any digest."""
        wanted = frozenset(units) if units is not None else None
        found = []
        for entry in reversed(self._index):
            if wanted is None or entry.units & wanted:
                found.append(self._load(entry))
                if len(found) >= limit:
                    break
        return found

    def between(self, start: dt.datetime, end: dt.datetime, units: Collection[str] | None = None) -> list[StoredDigest]:
        """Digests published in [start, end) matching any of `units`, oldest first."""
        wanted = frozenset(units) if units is not None else None
        low = bisect.bisect_left(self._index, start, key=lambda e: e.when)
        high = bisect.bisect_left(self._index, end, key=lambda e: e.when)
        return [self._load(e) for e in self._index[low:high] if wanted is None or e.units & wanted]

    def stored_since(self, moment: dt.datetime) -> list[StoredDigest]:
        """Digests stored after `moment`, in storing order (to resume a fan-out after a restart)."""
        first = max(0, bisect.bisect_right(self._segments, _segment_name(moment)) - 1)
        found = []
        for name in self._segments[first:]:
            found += [item for item in map(_from_doc, self._digests(name).all()) if item.stored_at > moment]
        return found

    def count(self) -> int:
        """Digests in the in-memory index (those of the deduplication horizon)."""
        return len(self._index)

    def prune_texts(self) -> int:
        """Delete the text segments older than the retention horizon; how many were deleted."""
        cutoff = _segment_name(self.clock() - self.text_retention)
        deleted = 0
        for name, following in zip(self._segments, self._segments[1:], strict=False):
            if following < cutoff:
                for path in (self.path / "texts").glob(f"{name}.json*"):
                    path.unlink()
                    deleted += 1
                self._open.pop(f"texts/{name}", None)
        return deleted

    # -- feeds

    def feed_state(self, url: str) -> FeedState:
        """The remembered state of a feed (a fresh one for a new feed)."""
        docs = self.state.table("feeds").search(Query().url == url)
        if not docs:
            return FeedState(url=url)
        doc = dict(docs[0])
        for key in ("next_poll_at", "last_success_at"):
            doc[key] = dt.datetime.fromisoformat(doc[key]) if doc.get(key) else None
        return FeedState(**doc)

    def save_feed_states(self, states: Sequence[FeedState]) -> None:
        """Remember feeds' states, in at most two writes whatever their number."""
        table = self.state.table("feeds")
        known = {str(doc["url"]) for doc in table.all()}
        docs = [_feed_doc(state) for state in states]
        updates = [(doc, Query().url == doc["url"]) for doc in docs if doc["url"] in known]
        if updates:
            table.update_multiple(updates)
        new = [doc for doc in docs if doc["url"] not in known]
        if new:
            table.insert_multiple(new)

    def feed_states(self) -> list[FeedState]:
        """Every remembered feed."""
        return [self.feed_state(str(doc["url"])) for doc in self.state.table("feeds").all()]

    # -- internals

    def _start_segment(self) -> None:
        name = _segment_name(self.clock())
        while self._segments and name <= self._segments[-1]:
            name = _segment_name(_segment_time(self._segments[-1]) + dt.timedelta(microseconds=1))
        self._segments.append(name)
        self._newest_count = 0

    def _db(self, key: str) -> TinyDB:
        db = self._open.get(key)
        if db is None:
            check = _check_digests if key.startswith("digests/") else _check_texts
            db = TinyDB(self.path / f"{key}.json", storage=AtomicJSONStorage, validate=check)
            self._open[key] = db
            newest = {f"digests/{self._segments[-1]}", f"texts/{self._segments[-1]}"} if self._segments else set()
            while len(self._open) > OPEN_SEGMENTS:
                oldest = next(k for k in self._open if k not in newest)
                self._open.pop(oldest)
        self._open.move_to_end(key)
        return db

    def _digests(self, segment: str) -> Any:
        return self._db(f"digests/{segment}").table("digests")

    def _texts(self, segment: str) -> Any:
        return self._db(f"texts/{segment}").table("texts")

    def _entry(self, segment: str, doc_id: int, doc: dict[str, Any]) -> _Entry:
        """The index entry of a stored document (its deduplication keys are remembered too)."""
        self._keys.update(doc["keys"])
        return _Entry(dt.datetime.fromisoformat(doc["when"]), doc["id"], segment, doc_id, frozenset(doc["units"]))

    def _load(self, entry: _Entry) -> StoredDigest:
        doc = self._digests(entry.segment).get(doc_id=entry.doc_id)
        return _from_doc(doc)

    def digests(self) -> Iterator[StoredDigest]:
        """Every stored digest, segment by segment (for checks and exports)."""
        for name in self._segments:
            for doc in self._digests(name).all():
                yield _from_doc(doc)


_FEED_FIELDS = frozenset(f.name for f in dataclasses.fields(FeedState))


def _check_state(data: Tables) -> None:
    for where, doc in documents(data, "feeds"):
        require(doc, "url", str, where)
        if not set(doc) <= _FEED_FIELDS:
            raise ValueError(f"{where} has unknown fields {sorted(set(doc) - _FEED_FIELDS)}")
        for key in ("next_poll_at", "last_success_at"):
            if key in doc:
                require_time(doc, key, where, optional=True)


def _check_digests(data: Tables) -> None:
    for where, doc in documents(data, "digests"):
        for key in ("id", "feed"):
            require(doc, key, str, where)
        for key in ("stored_at", "when"):
            require_time(doc, key, where)
        for key in ("keys", "units"):
            if not all(isinstance(k, str) for k in require(doc, key, list, where)):
                raise ValueError(f"{where}: {key!r} holds something other than text")
        _check_digest(require(doc, "digest", dict, where), f"{where}: digest")


def _check_digest(digest: dict[str, Any], where: str) -> None:
    """What `digest_from_dict` needs."""
    require(digest, "source", str, where)
    for key in ("localities", "figures", "leaders"):
        items = digest.get(key, [])
        if not isinstance(items, list) or not all(isinstance(x, dict) for x in items):
            raise ValueError(f"{where}: {key!r} is not a list of objects")
    for loc in digest.get("localities", []):
        for key in ("name", "type", "province"):
            require(loc, key, str, f"{where} locality")
    for figure in digest.get("figures", []):
        require(figure, "text", str, f"{where} figure")
        require(figure, "value", (int, float), f"{where} figure")
        require(figure, "unit", str, f"{where} figure")
    for leader in digest.get("leaders", []):
        require(leader, "name", str, f"{where} leader")
    if digest.get("event_date") is not None:
        try:
            dt.date.fromisoformat(require(digest, "event_date", str, where))
        except ValueError:
            raise ValueError(f"{where}: event_date is not a date") from None


def _check_texts(data: Tables) -> None:
    for where, doc in documents(data, "texts"):
        require(doc, "id", str, where)
        require(doc, "text", str, where)


def _feed_doc(state: FeedState) -> dict[str, Any]:
    doc = dataclasses.asdict(state)
    for key in ("next_poll_at", "last_success_at"):
        doc[key] = doc[key].isoformat() if doc[key] else None
    return doc


def _order(entry: _Entry) -> tuple[dt.datetime, str]:
    return entry.when, entry.id


def _segment_name(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")


def _segment_time(name: str) -> dt.datetime:
    return dt.datetime.strptime(name, "%Y%m%dT%H%M%S%fZ").replace(tzinfo=dt.UTC).astimezone(VN_TZ)


def _to_doc(item: StoredDigest) -> dict[str, Any]:
    return {
        "id": item.id,
        "feed": item.feed,
        "stored_at": item.stored_at.isoformat(),
        "when": item.when.isoformat(),
        "keys": list(item.keys),
        "units": list(item.units),
        "digest": digest_to_dict(item.digest),
    }


def _from_doc(doc: dict[str, Any]) -> StoredDigest:
    return StoredDigest(
        id=doc["id"],
        digest=digest_from_dict(doc["digest"]),
        feed=doc["feed"],
        stored_at=dt.datetime.fromisoformat(doc["stored_at"]),
        when=dt.datetime.fromisoformat(doc["when"]),
        keys=tuple(doc["keys"]),
        units=tuple(doc["units"]),
    )
