"""The store on tinydb, designed so that storing one more digest, opening the store and looking up a place
cost the same whatever the history.

Layout of the store directory:
- `digests/<start>.json`: segments of at most `segment_size` digests, named by the UTC time the
  segment was started; a batch rewrites only the newest segment, never the history. Documents are in
  the store's own format (`digest.store.format`).
- `index/` and `catalog.json`: the persisted index of the sealed (full) segments (`digest.store.index`).
- `texts/<start>.json`: the full texts, in segments parallel to the digests, deleted whole once
  older than the text retention horizon.
- `state.json`: the feed state (the bot's chats and outbox are in `digest/store/chats.py`).

Opening reads the catalog, the newest segment and the key hashes of the deduplication horizon; a sealed
segment is read only when a lookup needs one of its digests, and then only that digest's bytes when few
of its digests are wanted. Memory is bounded: a few parsed segments and indexes are kept, least recently
used first out.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import functools
import logging
from collections import OrderedDict
from collections.abc import Callable, Collection, Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

from tinydb import Query, TinyDB

from digest.gcpause import collector_paused
from digest.records import Brief, FeedState, StoredDigest
from digest.store import index as ix
from digest.store.files import (
    AtomicJSONStorage,
    Tables,
    documents,
    from_json,
    load,
    require,
    require_time,
    unavailable,
)
from digest.store.format import brief, check, decode, encode
from digest.timeutil import VN_TZ, now_vn

log = logging.getLogger(__name__)
T = TypeVar("T")

SEGMENT_SIZE = 500
INDEXES_KEPT = 64  # sealed segments' indexes kept in memory (about 100 KiB each)
SEGMENTS_KEPT = 2  # sealed segments kept parsed (about 5 MiB each)


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
            for folder in (path, path / "digests", path / "texts", path / "index"):
                folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise unavailable(path, exc) from None
        self.state = TinyDB(path / "state.json", storage=AtomicJSONStorage, validate=_check_state)
        self.state.tables()  # read (and checked) now: a damaged file stops the start, not every poll
        self._segments = sorted(p.stem for p in (path / "digests").glob("*.json"))
        self._catalog = ix.Catalog(path / "catalog.json")
        self._indexes: OrderedDict[str, ix.SegmentIndex] = OrderedDict()
        self._parsed: OrderedDict[str, dict[str, dict[str, Any]]] = OrderedDict()
        self._newest: dict[str, TinyDB] = {}  # the newest segment's digests and texts
        self._keys = ix.KeyIndex()  # sealed segments of the deduplication horizon
        self._open_keys: set[str] = set()  # the newest segment's
        self._open: list[ix.Entry] = []  # the newest segment's digests, in storing order
        horizon = _segment_name(self.clock() - dt.timedelta(days=dedup_days))
        first_kept = max(0, bisect.bisect_right(self._segments, horizon) - 1)
        sealed_now = {}
        for name in self._segments[:-1]:
            if name not in self._catalog.segments:  # written before the index existed, or a crash while sealing
                sealed_now[name] = self._seal(name)
        if sealed_now:
            self._catalog.save()
            log.info("store %s: indexed %d segment(s)", path, len(sealed_now))
        for name in self._segments[first_kept:-1]:
            self._keys.extend(sealed_now[name] if name in sealed_now else self._sealed_keys(name))
        self._newest_count = 0
        if self._segments:
            newest = self._segments[-1]
            if newest in self._catalog.segments:  # sealed just before a crash: the next batch starts a new one
                self._newest_count = self.segment_size
                self._keys.extend(self._sealed_keys(newest))
            else:
                for doc in self._digests(newest).all():
                    self._open.append(ix.entry_of(newest, doc.doc_id, doc))
                    self._open_keys.update(doc["keys"])
                self._newest_count = len(self._open)

    # -- digests

    def has_any_key(self, keys: Collection[str]) -> bool:
        """Whether a digest with one of these deduplication keys is stored."""
        return any(k in self._open_keys or ix.key_hash(k) in self._keys for k in keys)

    def add(self, items: Sequence[StoredDigest]) -> None:
        """Store a batch durably: one write of the newest segment (and one of its texts)."""
        items = list(items)
        while items:
            if not self._segments or self._newest_count >= self.segment_size:
                self._start_segment()
            room = self.segment_size - self._newest_count
            batch, items = items[:room], items[room:]
            name = self._segments[-1]
            docs = [encode(item) for item in batch]
            doc_ids = self._digests(name).insert_multiple(docs)
            texts = [{"id": item.id, "text": item.text} for item in batch if item.text]
            if texts:
                self._texts(name).insert_multiple(texts)
            self._newest_count += len(batch)
            for doc_id, doc in zip(doc_ids, docs, strict=True):
                self._open.append(ix.entry_of(name, doc_id, doc))
                self._open_keys.update(doc["keys"])

    def latest(self, units: Collection[str] | None = None, limit: int = 1) -> list[StoredDigest]:
        """The newest digests (by publication time) matching any of `units`, or any digest."""
        wanted = frozenset(units) if units is not None else None
        depth = ix.ANY_DEPTH if wanted is None else ix.HEAD_DEPTH
        if limit > depth:
            found = self._matching(wanted, None, None)
        else:
            heads = self._catalog.heads
            found = [e for key in (wanted if wanted is not None else (ix.ANY,)) for e in heads.get(key, ())]
            found += [e for e in self._open if wanted is None or not wanted.isdisjoint(e.units)]
        unique = {e.id: e for e in found}
        ranked = sorted(unique.values(), key=ix.Entry.order, reverse=True)[:limit]
        return [self._decoded(e, self._doc(e)) for e in ranked]

    def between(self, start: dt.datetime, end: dt.datetime, units: Collection[str] | None = None) -> list[StoredDigest]:
        """Digests published in [start, end) matching any of `units`, oldest first."""
        with collector_paused():  # thousands of new records, none in a cycle: counting references frees them
            return sorted(self.each_between(start, end, units), key=lambda d: (d.when, d.id))

    def each_between(
        self, start: dt.datetime, end: dt.datetime, units: Collection[str] | None = None
    ) -> Iterator[StoredDigest]:
        """`between`, one digest at a time in storing order: memory stays flat whatever the week holds."""
        wanted = frozenset(units) if units is not None else None
        yield from self._each(self._matching(wanted, start.timestamp(), end.timestamp()), self._decoded)

    def briefs_between(
        self, start: dt.datetime, end: dt.datetime, units: Collection[str] | None = None
    ) -> Iterator[Brief]:
        """`each_between` as briefs: each digest is read whole only when its brief is asked for it."""
        wanted = frozenset(units) if units is not None else None
        yield from self._each(self._matching(wanted, start.timestamp(), end.timestamp()), self._brief)

    def stored_since(self, moment: dt.datetime) -> list[StoredDigest]:
        """Digests stored after `moment`, in storing order (to resume a fan-out after a restart)."""
        first = max(0, bisect.bisect_right(self._segments, _segment_name(moment)) - 1)
        found = []
        for name in self._segments[first:]:
            docs = self._segment_docs(name).values()
            found += [item for item in map(decode, docs) if item.stored_at > moment]
        return found

    def count(self) -> int:
        """How many digests are stored."""
        return sum(n for _, _, n in self._catalog.segments.values()) + len(self._open)

    def prune_texts(self) -> int:
        """Delete the text segments older than the retention horizon; how many were deleted."""
        cutoff = _segment_name(self.clock() - self.text_retention)
        deleted = 0
        for name, following in zip(self._segments, self._segments[1:], strict=False):
            if following < cutoff:
                for path in (self.path / "texts").glob(f"{name}.json*"):
                    path.unlink()
                    deleted += 1
        return deleted

    def digests(self) -> Iterator[StoredDigest]:
        """Every stored digest, segment by segment (for checks and exports)."""
        for name in self._segments:
            for doc in self._segment_docs(name).values():
                yield decode(doc)

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
        if self._segments and self._segments[-1] not in self._catalog.segments:
            self._keys.extend(self._seal(self._segments[-1]))
            self._catalog.save()
        name = _segment_name(self.clock())
        while self._segments and name <= self._segments[-1]:
            name = _segment_name(_segment_time(self._segments[-1]) + dt.timedelta(microseconds=1))
        self._segments.append(name)
        self._newest.clear()
        self._open, self._open_keys = [], set()
        self._newest_count = 0

    def _sealed_keys(self, name: str) -> list[int]:
        """A sealed segment's key hashes (its index is written again when they were lost)."""
        hashes = ix.read_keys(self.path / "index", name)
        if hashes is None:
            hashes = self._seal(name)
            self._catalog.save()
        return hashes

    def _seal(self, name: str) -> list[int]:
        """Index a full segment (its file is never written again); its key hashes. The catalog takes it in
        memory: the caller saves it."""
        path = self.path / "digests" / f"{name}.json"
        db = self._newest.get(f"digests/{name}")  # the newest is in memory: no need to parse it again
        data = (db.storage.read() if db is not None else load(path, _check_digests)) or {}
        raw = path.read_bytes()
        index, hashes = ix.build(name, raw, data.get("digests", {}))
        ix.write(self.path / "index", index, hashes)
        self._catalog.take(index)
        return hashes

    def _matching(self, wanted: frozenset[str] | None, low: float | None, high: float | None) -> list[ix.Entry]:
        """Entries published in [low, high) (any time for None) with one of the wanted keys (any for None)."""
        found = []
        for name in self._segments:
            span = self._catalog.segments.get(name)
            if span is not None:
                first, last, _ = span
                if (low is not None and last < low) or (high is not None and first >= high):
                    continue
                entries: Sequence[ix.Entry] = self._index(name).entries
            elif name == self._segments[-1]:
                entries = self._open
            else:
                continue
            found += [
                e
                for e in entries
                if (low is None or low <= e.ts)
                and (high is None or e.ts < high)
                and (wanted is None or not wanted.isdisjoint(e.units))
            ]
        return found

    def _index(self, name: str) -> ix.SegmentIndex:
        index = self._indexes.get(name)
        if index is None:
            index = ix.read(self.path / "index", name)
            if index is None:  # lost or damaged: index the segment again
                self._seal(name)
                self._catalog.save()
                index = ix.read(self.path / "index", name)
                if index is None:
                    raise unavailable(self.path / "index", OSError(f"cannot index segment {name}"))
            self._indexes[name] = index
            while len(self._indexes) > INDEXES_KEPT:
                self._indexes.popitem(last=False)
        self._indexes.move_to_end(name)
        return index

    def _each(self, entries: list[ix.Entry], read: Callable[[ix.Entry, dict[str, Any]], T]) -> Iterator[T]:
        """The digests of entries, segment by segment in storing order, each sealed segment's wanted bytes
        read through one open file (parsing only those is cheaper than the whole file), and each document
        `read` (decoded, or its brief taken) one at a time."""
        by_segment: dict[str, list[ix.Entry]] = {}
        for entry in entries:
            by_segment.setdefault(entry.segment, []).append(entry)
        for name, group in by_segment.items():
            if name not in self._catalog.segments or name in self._parsed:
                for entry in group:
                    yield read(entry, self._doc(entry))
                continue
            group.sort(key=lambda e: e.offset)
            path = self.path / "digests" / f"{name}.json"
            try:
                handle = path.open("rb")
            except OSError as exc:
                raise unavailable(path, exc) from None
            with handle:
                for entry in group:
                    yield read(entry, self._piece(handle, entry) or self._whole(entry))

    def _doc(self, entry: ix.Entry) -> dict[str, Any]:
        """One document: from memory, else its bytes alone, else its segment read whole."""
        if entry.segment not in self._catalog.segments:  # the newest, in memory
            return dict(self._digests(entry.segment).get(doc_id=entry.doc_id))
        if entry.segment in self._parsed:
            return self._parsed[entry.segment][str(entry.doc_id)]
        try:
            with (self.path / "digests" / f"{entry.segment}.json").open("rb") as handle:
                return self._piece(handle, entry) or self._whole(entry)
        except OSError as exc:
            raise unavailable(self.path / "digests" / f"{entry.segment}.json", exc) from None

    @staticmethod
    def _piece(handle: BinaryIO, entry: ix.Entry) -> dict[str, Any] | None:
        """A document's own bytes in its sealed segment; None when they are not what was indexed. (Decoding
        checks it: a document it cannot decode is read again with its whole file, which is checked.)"""
        if entry.offset < 0:
            return None
        handle.seek(entry.offset)
        try:
            doc = from_json(handle.read(entry.length))
        except ValueError:
            return None
        return doc if isinstance(doc, dict) and doc.get("id") == entry.id else None

    def _decoded(self, entry: ix.Entry, doc: dict[str, Any]) -> StoredDigest:
        try:
            return decode(doc)
        except (KeyError, TypeError, ValueError):  # damaged since it was indexed: read its file whole, checked
            return decode(self._whole(entry))

    def _brief(self, entry: ix.Entry, doc: dict[str, Any]) -> Brief:
        whole = functools.partial(self._decoded, entry, doc)
        try:
            return brief(doc, whole)
        except (KeyError, TypeError, ValueError):  # damaged since it was indexed: as `_decoded` does
            return Brief.of(whole())

    def _whole(self, entry: ix.Entry) -> dict[str, Any]:
        """A document from its segment read whole (checked, and restored from its backup if need be)."""
        return self._segment_docs(entry.segment)[str(entry.doc_id)]

    def _segment_docs(self, name: str) -> dict[str, dict[str, Any]]:
        """A segment's documents by doc id (the newest from its open table, a sealed one parsed and kept)."""
        if name not in self._catalog.segments and self._segments and name == self._segments[-1]:
            return {str(doc.doc_id): doc for doc in self._digests(name).all()}
        docs = self._parsed.get(name)
        if docs is None:
            docs = (load(self.path / "digests" / f"{name}.json", _check_digests) or {}).get("digests", {})
            self._parsed[name] = docs
            while len(self._parsed) > SEGMENTS_KEPT:
                self._parsed.popitem(last=False)
        self._parsed.move_to_end(name)
        return docs

    def _db(self, key: str) -> TinyDB:
        db = self._newest.get(key)
        if db is None:
            check = _check_digests if key.startswith("digests/") else _check_texts
            db = TinyDB(self.path / f"{key}.json", storage=AtomicJSONStorage, validate=check)
            self._newest[key] = db
        return db

    def _digests(self, segment: str) -> Any:
        return self._db(f"digests/{segment}").table("digests")

    def _texts(self, segment: str) -> Any:
        return self._db(f"texts/{segment}").table("texts")


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
        check(doc, where)


def _check_texts(data: Tables) -> None:
    for where, doc in documents(data, "texts"):
        require(doc, "id", str, where)
        require(doc, "text", str, where)


def _feed_doc(state: FeedState) -> dict[str, Any]:
    doc = dataclasses.asdict(state)
    for key in ("next_poll_at", "last_success_at"):
        doc[key] = doc[key].isoformat() if doc[key] else None
    return doc


def _segment_name(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")


def _segment_time(name: str) -> dt.datetime:
    return dt.datetime.strptime(name, "%Y%m%dT%H%M%S%fZ").replace(tzinfo=dt.UTC).astimezone(VN_TZ)
