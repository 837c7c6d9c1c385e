"""A tinydb storage that never writes a live file in place: temporary file, fsync, atomic rename.

Each write also keeps the previous version as `<name>.bak` (a hard link, so it costs no copy). A file
that does not parse at start-up is moved aside and its backup restored, with an error logged; when
no readable backup exists, opening fails with `StoreCorruptError` and the file is left as it is.
The parsed content is kept in memory, so reads cost no disk access.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

log = logging.getLogger(__name__)

Tables = dict[str, dict[str, Any]]


class StoreCorruptError(Exception):
    """A store file cannot be read and has no readable backup."""


class AtomicJSONStorage(Storage):
    """JSON storage with atomic, durable writes, a backup of the previous version and an in-memory copy."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._data: Tables | None = None

    def read(self) -> Tables | None:
        """The tables (None for a new file)."""
        if self._data is None:
            self._data = _load(self.path)
        return self._data

    def write(self, data: Tables) -> None:
        """Replace the file durably; the old version becomes the backup."""
        try:
            write_atomic(self.path, json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
        except BaseException:
            self._data = None  # memory may be ahead of the disk: read the file again next time
            raise
        self._data = data


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


def _parse(path: Path) -> Tables:
    data = json.loads(path.read_bytes())
    if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
        raise ValueError("not a table of documents")
    return data


def _load(path: Path) -> Tables | None:
    if not path.exists():
        return None
    try:
        return _parse(path)
    except (ValueError, UnicodeDecodeError) as exc:
        reason = str(exc)
    backup = path.with_name(path.name + ".bak")
    try:
        data = _parse(backup)
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
