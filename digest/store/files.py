"""A tinydb storage that never writes a live file in place: temporary file, fsync, atomic rename.

Each write also keeps the previous version as `<name>.bak` (a hard link, so it costs no copy). A file
that does not parse, or whose documents lack what the store needs (`validate`), is moved aside at
start-up and its backup restored, with an error logged; when no readable backup exists, opening
fails with `StoreCorruptError` and the file is left as it is. A file or folder that cannot be read
or written (permissions, a full disk) raises `StoreUnavailableError`, with what to do.
The parsed content is kept in memory, so reads cost no disk access.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

log = logging.getLogger(__name__)

Tables = dict[str, dict[str, Any]]
Validator = Callable[[Tables], None]  # raises ValueError naming what is wrong


class StoreError(Exception):
    """The store cannot be used; the message says why and what to do."""


class StoreCorruptError(StoreError):
    """A store file cannot be read and has no readable backup."""


class StoreUnavailableError(StoreError):
    """The store's folder, or a file in it, cannot be created, read or written."""


def unavailable(path: Path, exc: OSError) -> StoreUnavailableError:
    """The error for an OSError on a store path, in Vietnamese, with what to do."""
    return StoreUnavailableError(
        f"không dùng được kho dữ liệu ở {path} ({exc.strerror or exc}). "
        "Hãy kiểm tra quyền ghi và chỗ trống trên đĩa, hoặc chọn [store] path khác."
    )


class AtomicJSONStorage(Storage):
    """JSON storage with atomic, durable writes, a backup of the previous version and an in-memory copy."""

    def __init__(self, path: str | os.PathLike[str], validate: Validator | None = None) -> None:
        self.path = Path(path)
        self.validate = validate
        self._data: Tables | None = None

    def read(self) -> Tables | None:
        """The tables (None for a new file)."""
        if self._data is None:
            try:
                self._data = load(self.path, self.validate)
            except OSError as exc:
                raise unavailable(self.path, exc) from None
        return self._data

    def write(self, data: Tables) -> None:
        """Replace the file durably; the old version becomes the backup."""
        try:
            write_atomic(self.path, to_json(data))
        except OSError as exc:
            self._data = None  # memory may be ahead of the disk: read the file again next time
            raise unavailable(self.path, exc) from None
        except BaseException:
            self._data = None
            raise
        self._data = data


def to_json(data: Any) -> bytes:
    """Compact UTF-8 JSON (orjson: several times quicker than the standard library, both ways)."""
    return orjson.dumps(data)


def from_json(raw: bytes) -> Any:
    """Parsed JSON; ValueError when it is not."""
    return orjson.loads(raw)


def write_atomic(path: Path, payload: bytes) -> None:
    """Write `payload` to `path` so that a crash leaves either the old or the new content, never a mix."""
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("wb") as handle:
        handle.write(payload)
        handle.flush()
        os.fsync(handle.fileno())
    if path.exists():
        backup_tmp = path.with_name(path.name + ".bak.tmp")
        with contextlib.suppress(FileNotFoundError):
            backup_tmp.unlink()
        os.link(path, backup_tmp)
        os.replace(backup_tmp, path.with_name(path.name + ".bak"))
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _parse(path: Path, validate: Validator | None) -> Tables:
    data = from_json(path.read_bytes())
    if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
        raise ValueError("not a table of documents")
    for table in data.values():
        if not all(isinstance(doc, dict) for doc in table.values()):
            raise ValueError("a document is not an object")
    if validate is not None:
        validate(data)
    return data


def load(path: Path, validate: Validator | None) -> Tables | None:
    """The tables of a store file, checked (None when missing); a corrupt file is moved aside and its backup
    restored, else StoreCorruptError."""
    if not path.exists():
        return None
    try:
        return _parse(path, validate)
    except (ValueError, UnicodeDecodeError) as exc:
        reason = str(exc)
    backup = path.with_name(path.name + ".bak")
    try:
        data = _parse(backup, validate)
    except (OSError, ValueError, UnicodeDecodeError):
        raise StoreCorruptError(
            f"{path} is corrupt ({reason}) and has no readable backup; it was left as it is. "
            "Move it aside to start that part of the store afresh."
        ) from None
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    os.replace(path, aside)
    write_atomic(path, backup.read_bytes())
    log.error("%s was corrupt (%s): kept as %s, restored the previous copy from %s", path, reason, aside, backup)
    return data


def require(doc: dict[str, Any], key: str, kinds: type | tuple[type, ...], where: str) -> Any:
    """`doc[key]`, which must be of `kinds`; ValueError naming the document and the field otherwise."""
    if key not in doc:
        raise ValueError(f"{where} has no {key!r}")
    value = doc[key]
    if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in _as_tuple(kinds)):
        raise ValueError(f"{where}: {key!r} is {type(value).__name__}, not {_names(kinds)}")
    return value


def require_time(doc: dict[str, Any], key: str, where: str, *, optional: bool = False) -> None:
    """`doc[key]` must be an ISO time (or None when optional)."""
    value = require(doc, key, (str, type(None)) if optional else str, where)
    if value is not None:
        try:
            dt.datetime.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{where}: {key!r} is not a time: {value[:40]!r}") from None


def documents(data: Tables, table: str) -> list[tuple[str, dict[str, Any]]]:
    """(where, document) for each document of a table, for validators."""
    return [(f"{table} document {doc_id}", doc) for doc_id, doc in data.get(table, {}).items()]


def _as_tuple(kinds: type | tuple[type, ...]) -> tuple[type, ...]:
    return kinds if isinstance(kinds, tuple) else (kinds,)


def _names(kinds: type | tuple[type, ...]) -> str:
    return " or ".join(k.__name__ for k in _as_tuple(kinds))
