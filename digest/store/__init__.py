"""The embedded store. Only this package touches tinydb; callers use `digest.records.DigestRepository`."""

from __future__ import annotations

from digest.config import Config
from digest.store.files import StoreCorruptError, StoreError, StoreUnavailableError
from digest.store.tiny import TinyStore

__all__ = ["StoreCorruptError", "StoreError", "StoreUnavailableError", "TinyStore", "open_store"]


def open_store(config: Config) -> TinyStore:
    """The store of a configuration (created when missing)."""
    return TinyStore(
        config.store_path(),
        dedup_days=config.store.dedup_days,
        text_retention_days=config.store.text_retention_days,
    )
