"""The persisted index of the digest segments, so that opening a store reads a few small files, not its history.

When a segment is full it is sealed, once: its index is written beside it (`index/<segment>.json`: for each
document its publication time, id, subscription keys and where its bytes are in the segment file), with
the hashes of its deduplication keys (`index/<segment>.keys.json`), and then the catalog (`catalog.json`)
takes it in: the time span of each sealed segment, and for each subscription key the newest digests
that match it. A sealed segment is never written again. A crash between these writes leaves a segment
that the catalog does not list; opening the store seals it again (sealing is idempotent).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from digest.store.files import from_json, to_json, write_atomic

log = logging.getLogger(__name__)

INDEX_FORMAT = 1
HEAD_DEPTH = 2  # the newest digests remembered per subscription key (`latest` asks for one)
ANY = "*"  # the head of every digest, whatever its keys
ANY_DEPTH = 8  # `latest` without a place asks for five
_BUCKET_BITS = 12


def key_hash(key: str) -> int:
    """A deduplication key as a signed 64-bit number (collisions: about one in 10^7 over a million keys)."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "big", signed=True)


class KeyIndex:
    """A set of key hashes at 8 bytes each (a Python set of them would take about 50)."""

    def __init__(self) -> None:
        self._buckets = [array("q") for _ in range(1 << _BUCKET_BITS)]

    def extend(self, hashes: Iterable[int]) -> None:
        for hashed in hashes:
            self._buckets[hashed >> (64 - _BUCKET_BITS)].append(hashed)

    def __contains__(self, hashed: object) -> bool:
        return isinstance(hashed, int) and hashed in self._buckets[hashed >> (64 - _BUCKET_BITS)]


@dataclass(frozen=True, slots=True)
class Entry:
    """Where a digest is, and what a lookup needs to know of it without reading it."""

    ts: float  # publication time (POSIX seconds)
    id: str
    segment: str
    doc_id: int
    offset: int  # of its bytes in the segment file; -1 when the file must be read whole
    length: int
    units: tuple[str, ...]

    def order(self) -> tuple[float, str]:
        return self.ts, self.id


@dataclass(frozen=True, slots=True)
class SegmentIndex:
    """The index of one sealed segment."""

    name: str
    entries: tuple[Entry, ...]  # in storing order

    @property
    def first(self) -> float:
        return min((e.ts for e in self.entries), default=0.0)

    @property
    def last(self) -> float:
        return max((e.ts for e in self.entries), default=0.0)


def build(name: str, raw: bytes, docs: dict[str, dict[str, Any]]) -> tuple[SegmentIndex, list[int]]:
    """The index of a segment from its file's bytes and its documents (by doc id), and its key hashes."""
    entries = []
    hashes = []
    position = 0
    for doc_id, doc in docs.items():
        piece = to_json(doc)
        label = to_json(doc_id) + b":"
        at = raw.find(label + piece, position)
        offset = at + len(label) if at >= 0 else -1
        position = max(position, offset + len(piece)) if at >= 0 else position
        entries.append(entry_of(name, int(doc_id), doc, offset, len(piece)))
        hashes += [key_hash(k) for k in doc["keys"]]
    return SegmentIndex(name, tuple(entries)), sorted(hashes)


def write(folder: Path, index: SegmentIndex, hashes: list[int]) -> None:
    """Persist a segment's index: its key hashes first, then its entries (whose file marks it complete)."""
    write_atomic(folder / f"{index.name}.keys.json", to_json({"v": INDEX_FORMAT, "keys": hashes}))
    rows = [[e.ts, e.id, e.doc_id, e.offset, e.length, list(e.units)] for e in index.entries]
    payload = {"v": INDEX_FORMAT, "segment": index.name, "entries": rows}
    write_atomic(folder / f"{index.name}.json", to_json(payload))


def read(folder: Path, name: str) -> SegmentIndex | None:
    """A sealed segment's index, or None when it is missing or unreadable (the segment is sealed again)."""
    try:
        data = from_json((folder / f"{name}.json").read_bytes())
        if data.get("v") != INDEX_FORMAT or data.get("segment") != name:
            return None
        entries = tuple(
            Entry(float(ts), str(id_), name, int(doc_id), int(offset), int(length), tuple(units))
            for ts, id_, doc_id, offset, length, units in data["entries"]
        )
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None
    return SegmentIndex(name, entries)


def read_keys(folder: Path, name: str) -> list[int] | None:
    """A sealed segment's key hashes, or None when they are missing or unreadable."""
    try:
        data = from_json((folder / f"{name}.keys.json").read_bytes())
        keys = data["keys"] if data.get("v") == INDEX_FORMAT else None
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None
    return keys if isinstance(keys, list) and all(isinstance(k, int) for k in keys) else None


class Catalog:
    """The sealed segments (name -> first and last publication time, count) and the heads of each key."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.segments: dict[str, tuple[float, float, int]] = {}
        self.heads: dict[str, list[Entry]] = {}
        try:
            data = from_json(path.read_bytes()) if path.exists() else None
            if data is not None:
                self._take(data)
        except (OSError, ValueError, TypeError, KeyError, AttributeError) as exc:
            log.error("%s is unreadable (%s): the sealed segments' indexes are read again", path, exc)
            self.segments, self.heads = {}, {}

    def _take(self, data: dict[str, Any]) -> None:
        if data.get("v") != INDEX_FORMAT:
            raise ValueError(f"catalog format {data.get('v')!r}")
        self.segments = {name: (float(a), float(b), int(n)) for name, (a, b, n) in data["segments"].items()}
        for unit, rows in data["heads"].items():
            self.heads[unit] = [
                Entry(float(ts), str(id_), str(seg), int(doc_id), int(off), int(length), ())
                for ts, id_, seg, doc_id, off, length in rows
            ]

    def take(self, index: SegmentIndex) -> None:
        """Add a sealed segment (again: its entries are not counted twice)."""
        self.segments[index.name] = (index.first, index.last, len(index.entries))
        for entry in index.entries:
            for unit in (*entry.units, ANY):
                _push(self.heads.setdefault(unit, []), entry, ANY_DEPTH if unit == ANY else HEAD_DEPTH)

    def save(self) -> None:
        heads = {
            unit: [[e.ts, e.id, e.segment, e.doc_id, e.offset, e.length] for e in entries]
            for unit, entries in self.heads.items()
        }
        payload = {"v": INDEX_FORMAT, "segments": {n: list(v) for n, v in self.segments.items()}, "heads": heads}
        write_atomic(self.path, to_json(payload))


def _push(heads: list[Entry], entry: Entry, depth: int) -> None:
    """Keep the `depth` newest of `heads`, newest first."""
    if any(e.id == entry.id for e in heads):
        return
    if len(heads) >= depth and entry.order() <= heads[-1].order():
        return
    heads.append(entry)
    heads.sort(key=Entry.order, reverse=True)
    del heads[depth:]


def entry_of(segment: str, doc_id: int, doc: dict[str, Any], offset: int = -1, length: int = 0) -> Entry:
    """The index entry of a stored document (without an offset: the newest segment's, read from memory)."""
    when = dt.datetime.fromisoformat(doc["when"]).timestamp()
    return Entry(when, doc["id"], segment, doc_id, offset, length, tuple(doc["units"]))
