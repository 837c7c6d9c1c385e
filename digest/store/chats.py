"""What the bot keeps: chats, their subscriptions, and the outbox of messages to deliver.

- `chats/<n>.json`: one document per chat (settings and subscription keys), in 32 shards by chat id,
  so a change rewrites one small file whatever the number of chats; all of it is also kept in
  memory, so reads never touch the disk.
- `bot.json`: a few named values (how far the fan-out got).
- `outbox.json`: deliveries recorded before they are sent, in one write per fan-out.
- `outbox.done`: an append-only journal of delivered ids, fsynced per line, so marking a message
  sent costs one short append rather than a rewrite of the outbox. Delivered entries are dropped from
  `outbox.json` (and the journal emptied) when the next fan-out rewrites it anyway.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections import defaultdict
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Any

from tinydb import Query, TinyDB

from digest.records import ChatSettings, Delivery
from digest.store.files import AtomicJSONStorage, Tables, documents, require, require_time, unavailable

SHARDS = 32


class ChatStore:
    """Chats, subscriptions and the outbox, in one store directory."""

    def __init__(self, path: Path) -> None:
        try:
            (path / "chats").mkdir(parents=True, exist_ok=True)
            self._journal = path / "outbox.done"
            self._done = set(self._journal.read_text("utf-8").split()) if self._journal.exists() else set()
        except (OSError, UnicodeDecodeError) as exc:
            raise unavailable(path, exc if isinstance(exc, OSError) else OSError(str(exc))) from None
        self._shards = [
            TinyDB(path / "chats" / f"{n:02d}.json", storage=AtomicJSONStorage, validate=_check_chats)
            for n in range(SHARDS)
        ]
        self._values = TinyDB(path / "bot.json", storage=AtomicJSONStorage, validate=_check_values).table("values")
        self._outbox = TinyDB(path / "outbox.json", storage=AtomicJSONStorage, validate=_check_outbox).table("outbox")
        len(self._values), len(self._outbox)  # read (and checked) now, not in the middle of a delivery
        self._chats: dict[int, dict[str, Any]] = {}
        self._by_key: dict[str, set[int]] = defaultdict(set)
        for shard in self._shards:
            for doc in shard.table("chats").all():
                self._chats[int(doc["chat_id"])] = dict(doc)
                for key in doc["subscriptions"]:
                    self._by_key[key].add(int(doc["chat_id"]))

    # -- chats

    def chat(self, chat_id: int) -> ChatSettings:
        """The settings of a chat (defaults for a new one)."""
        doc = self._chats.get(chat_id)
        return _settings(doc) if doc else ChatSettings(chat_id)

    def save_chat(self, settings: ChatSettings) -> None:
        """Remember a chat's settings."""
        doc = self._chats.get(settings.chat_id, {"subscriptions": []}) | dataclasses.asdict(settings)
        self._write(doc)

    def save_chats(self, settings: Sequence[ChatSettings]) -> None:
        """Remember many chats' settings: one write per shard that holds any of them."""
        by_shard: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for one in settings:
            doc = self._chats.get(one.chat_id, {"subscriptions": []}) | dataclasses.asdict(one)
            by_shard[one.chat_id % SHARDS].append(doc)
        for shard, docs in by_shard.items():
            table = self._shards[shard].table("chats")
            known = [(doc, Query().chat_id == doc["chat_id"]) for doc in docs if doc["chat_id"] in self._chats]
            new = [doc for doc in docs if doc["chat_id"] not in self._chats]
            if known:
                table.update_multiple(known)
            if new:
                table.insert_multiple(new)
            self._chats.update({int(doc["chat_id"]): doc for doc in docs})

    def chats(self) -> list[ChatSettings]:
        """Every chat the bot knows."""
        return [_settings(doc) for doc in self._chats.values()]

    def migrate(self, old: int, new: int) -> None:
        """A group became a supergroup: its settings and subscriptions move to the new id."""
        doc = self._chats.pop(old, None)
        if doc is None:
            return
        self._shard(old).remove(Query().chat_id == old)
        for key in doc["subscriptions"]:
            self._by_key[key].discard(old)
            self._by_key[key].add(new)
        self._write(doc | {"chat_id": new})

    # -- subscriptions

    def subscriptions(self, chat_id: int) -> list[str]:
        """A chat's subscription keys, oldest first."""
        return list(self._chats.get(chat_id, {}).get("subscriptions", []))

    def subscribe(self, chat_id: int, key: str) -> bool:
        """Subscribe a chat; False when it already was."""
        doc = self._chats.get(chat_id) or {"subscriptions": [], **dataclasses.asdict(ChatSettings(chat_id))}
        if key in doc["subscriptions"]:
            return False
        self._write(doc | {"subscriptions": [*doc["subscriptions"], key]})
        self._by_key[key].add(chat_id)
        return True

    def unsubscribe(self, chat_id: int, key: str) -> bool:
        """Unsubscribe a chat; False when it was not subscribed."""
        doc = self._chats.get(chat_id)
        if doc is None or key not in doc["subscriptions"]:
            return False
        self._write(doc | {"subscriptions": [k for k in doc["subscriptions"] if k != key]})
        self._by_key[key].discard(chat_id)
        return True

    def subscribers(self, keys: Collection[str]) -> dict[int, list[str]]:
        """Chats subscribed to any of `keys`, each with the keys that matched."""
        found: dict[int, list[str]] = defaultdict(list)
        for key in keys:
            for chat_id in self._by_key.get(key, ()):
                found[chat_id].append(key)
        return dict(found)

    def _shard(self, chat_id: int) -> Any:
        return self._shards[chat_id % SHARDS].table("chats")

    def _write(self, doc: dict[str, Any]) -> None:
        chat_id = int(doc["chat_id"])
        self._shard(chat_id).upsert(doc, Query().chat_id == chat_id)
        self._chats[chat_id] = doc

    # -- outbox

    def enqueue(self, deliveries: Sequence[Delivery]) -> int:
        """Record deliveries durably (ids already recorded are ignored); how many were new."""
        table = self._outbox
        known = {str(doc["id"]) for doc in table.all()} | self._done
        new = [_delivery_doc(d) for d in deliveries if d.id not in known]
        new = list({doc["id"]: doc for doc in new}.values())
        if not new:
            return 0
        if self._done:  # rewrite without the delivered ones, then empty the journal
            table.remove(Query().id.one_of(list(self._done)))
        table.insert_multiple(new)
        if self._done:
            self._journal.write_bytes(b"")
            self._done.clear()
        return len(new)

    def pending(self) -> list[Delivery]:
        """Deliveries not yet marked done, oldest first."""
        return [_delivery(doc) for doc in self._outbox.all() if doc["id"] not in self._done]

    def mark_done(self, delivery_id: str) -> None:
        """Record durably that a delivery was sent (or given up)."""
        with self._journal.open("a", encoding="utf-8") as handle:
            handle.write(delivery_id + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        self._done.add(delivery_id)

    # -- small values

    def value(self, name: str) -> Any:
        """A named value kept by the bot (None when unset)."""
        docs = self._values.search(Query().name == name)
        return docs[0]["value"] if docs else None

    def set_value(self, name: str, value: Any) -> None:
        """Keep a named value."""
        self._values.upsert({"name": name, "value": value}, Query().name == name)


_SETTINGS_FIELDS = frozenset(f.name for f in dataclasses.fields(ChatSettings)) | {"subscriptions"}


def _check_chats(data: Tables) -> None:
    for where, doc in documents(data, "chats"):
        require(doc, "chat_id", int, where)
        if not all(isinstance(k, str) for k in require(doc, "subscriptions", list, where)):
            raise ValueError(f"{where}: a subscription is not text")
        if not set(doc) <= _SETTINGS_FIELDS:
            raise ValueError(f"{where} has unknown fields {sorted(set(doc) - _SETTINGS_FIELDS)}")


def _check_outbox(data: Tables) -> None:
    for where, doc in documents(data, "outbox"):
        require(doc, "id", str, where)
        require(doc, "chat_id", int, where)
        require(doc, "text", str, where)
        require_time(doc, "created_at", where)


def _check_values(data: Tables) -> None:
    for where, doc in documents(data, "values"):
        require(doc, "name", str, where)


def _delivery_doc(delivery: Delivery) -> dict[str, Any]:
    return {
        "id": delivery.id,
        "chat_id": delivery.chat_id,
        "text": delivery.text,
        "created_at": delivery.created_at.isoformat(),
    }


def _delivery(doc: dict[str, Any]) -> Delivery:
    return Delivery(doc["id"], int(doc["chat_id"]), doc["text"], dt.datetime.fromisoformat(doc["created_at"]))


def _settings(doc: dict[str, Any]) -> ChatSettings:
    return ChatSettings(**{k: v for k, v in doc.items() if k != "subscriptions"})
