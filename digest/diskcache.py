"""What takes long to build and never changes between runs (the gazetteer), kept on disk and read back.

An entry is a header line with the key of what it was built from, then the object pickled. A key that no
longer matches (new data, new code, another Python), a damaged file or an unwritable folder mean only
that the object is built again: the cache can always be deleted. The folder is the user's own cache
(`$XDG_CACHE_HOME/digest-bot`, `~/.cache/digest-bot`), or `DIGEST_BOT_CACHE`; `DIGEST_BOT_CACHE=off`
turns it off.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from digest.gcpause import collector_paused

log = logging.getLogger(__name__)

ENV = "DIGEST_BOT_CACHE"
FORMAT = b"digest-bot cache 1"


def folder() -> Path | None:
    """Where entries are kept, or None when the cache is off."""
    chosen = os.environ.get(ENV, "").strip()
    if chosen.lower() == "off":
        return None
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    if base:
        return Path(base) / "digest-bot"
    try:
        return Path.home() / ".cache" / "digest-bot"
    except RuntimeError:  # no home (a service account without one): no cache
        return None


def key_of(files: Iterable[Path], texts: Iterable[bytes]) -> str:
    """A key that changes with any of the files (by size and modification time: a data file may be large),
    any of the texts (small inputs and the code that builds), and the Python that reads the entry."""
    digest = hashlib.blake2b(FORMAT + sys.version.encode(), digest_size=16)
    for path in files:
        stat = path.stat()
        digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    for text in texts:
        digest.update(hashlib.blake2b(text, digest_size=16).digest())
    return digest.hexdigest()


def read(name: str, key: str) -> object | None:
    """The object kept under `name` when it was built from `key`, else None."""
    where = folder()
    if where is None:
        return None
    try:
        with (where / f"{name}.pickle").open("rb") as file:
            if file.readline().rstrip(b"\n") != key.encode():
                return None
            with collector_paused():  # hundreds of thousands of new objects, none of them garbage
                value: object = pickle.load(file)  # noqa: S301  # the user's own cache folder, written by `write`
                return value
    except FileNotFoundError:
        return None
    except Exception as exc:  # damaged bytes can make unpickling raise almost anything
        log.info("cache: %s not read (%s: %s), building it again", name, type(exc).__name__, exc)
        return None


def write(name: str, key: str, value: object) -> None:
    """Keep `value` under `name`, built from `key` (atomically: a reader sees the old entry or the new)."""
    where = folder()
    if where is None:
        return
    temporary: Path | None = None
    try:
        where.mkdir(parents=True, exist_ok=True)
        handle, path = tempfile.mkstemp(dir=where, prefix=f".{name}-")
        temporary = Path(path)
        with os.fdopen(handle, "wb") as file:
            file.write(key.encode() + b"\n")
            pickle.dump(value, file, protocol=pickle.HIGHEST_PROTOCOL)
        temporary.replace(where / f"{name}.pickle")
    except Exception as exc:  # a cache that cannot be written must never stop the program
        log.info("cache: %s not kept (%s: %s)", name, type(exc).__name__, exc)
        if temporary is not None:
            temporary.unlink(missing_ok=True)
