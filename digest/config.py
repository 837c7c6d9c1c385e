"""Settings: `config.example.toml` lists every key with its default; a user file overrides only what it sets.

Loaded once with tomllib into frozen dataclasses. An unknown key or a value of the wrong type fails at
start-up with a message naming it. Secrets (the bot token) come from the environment, never from here.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class ConfigError(Exception):
    """The configuration file cannot be read or holds an unknown key or a bad value."""


WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True, slots=True)
class DigestSettings:
    """[digest]: the article pipeline."""

    default_province: str = ""
    places_file: str = ""  # changes to the units after the bundled data, in the format of digest/data/places.toml


@dataclass(frozen=True, slots=True)
class StoreSettings:
    """[store]: the embedded database."""

    path: str = "data"
    text_retention_days: int = 30  # full article texts older than this are dropped; digests are kept
    dedup_days: int = 90  # entries published before this horizon are not stored again


@dataclass(frozen=True, slots=True)
class IngestSettings:
    """[ingest]: polling the feeds."""

    poll_seconds: int = 900
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    max_feed_bytes: int = 5_000_000
    max_page_bytes: int = 3_000_000
    fetch_pages_below_chars: int = 600  # an entry with less text than this gets its article page fetched
    max_entries_per_poll: int = 200  # new entries taken from one feed in one poll; the rest wait for the next
    max_pages_per_poll: int = 20  # article pages fetched for one feed in one poll
    allow_private_addresses: bool = False  # article pages on private addresses (an intranet portal)
    max_backoff_seconds: int = 6 * 3600
    user_agent: str = "digest-bot/0.1"


@dataclass(frozen=True, slots=True)
class FeedSettings:
    """One [[feeds]] entry: an http(s) URL, a local feed file or a folder of article files."""

    url: str
    name: str = ""
    province: str = ""  # default province for this feed's articles
    poll_seconds: int = 0  # 0: the [ingest] value


@dataclass(frozen=True, slots=True)
class TelegramSettings:
    """[telegram]: the bot."""

    base_url: str = ""  # "" for Telegram's own server; e.g. "http://localhost:8081/bot" for a self-hosted one
    allowed_chats: tuple[int, ...] = ()  # empty: open to every chat
    weekly_day: str = "mon"
    weekly_time: str = "07:00"
    webhook_url: str = ""  # "" polls; a public https URL receives updates by webhook instead
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8443

    def __post_init__(self) -> None:
        if self.weekly_day not in WEEKDAYS:
            raise ConfigError(f"telegram.weekly_day must be one of {', '.join(WEEKDAYS)}, not {self.weekly_day!r}")
        if not re.fullmatch(r"(?:[01]\d|2[0-3]):[0-5]\d", self.weekly_time):
            raise ConfigError(f"telegram.weekly_time must be HH:MM, not {self.weekly_time!r}")


@dataclass(frozen=True, slots=True)
class Config:
    """Every setting."""

    digest: DigestSettings = field(default_factory=DigestSettings)
    store: StoreSettings = field(default_factory=StoreSettings)
    ingest: IngestSettings = field(default_factory=IngestSettings)
    telegram: TelegramSettings = field(default_factory=TelegramSettings)
    feeds: tuple[FeedSettings, ...] = ()
    base_dir: Path = Path()  # relative paths in the file are relative to the file's folder

    def store_path(self) -> Path:
        """The store directory, resolved against the config file's folder."""
        return self.base_dir / self.store.path

    def places_path(self) -> str:
        """`[digest] places_file` resolved against the config file's folder ("" for none)."""
        return str(self.base_dir / self.digest.places_file) if self.digest.places_file else ""

    def feed_location(self, feed: FeedSettings) -> str:
        """A feed's URL, or its local path resolved against the config file's folder."""
        if "://" in feed.url:
            return feed.url
        return str(self.base_dir / Path(feed.url).expanduser())


def load_config(path: Path | None = None) -> Config:
    """The settings of a TOML file (defaults for every key it leaves out); defaults alone without a file."""
    if path is None:
        return Config()
    try:
        with path.open("rb") as handle:
            raw = tomllib.load(handle)
    except OSError as exc:
        raise ConfigError(f"{path}: {exc.strerror or exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    sections: dict[str, Any] = {}
    for name, value in raw.items():
        if name == "feeds":
            if not isinstance(value, list):
                raise ConfigError(f"{path}: [[feeds]] must be a list of tables")
            sections["feeds"] = tuple(_build(FeedSettings, item, f"feeds[{i}]", path) for i, item in enumerate(value))
            continue
        kind = _SECTIONS.get(name)
        if kind is None:
            raise ConfigError(f"{path}: unknown section [{name}] (known: {', '.join([*_SECTIONS, 'feeds'])})")
        sections[name] = _build(kind, value, name, path)
    return Config(**sections, base_dir=path.parent)


_SECTIONS: dict[str, type] = {
    "digest": DigestSettings,
    "store": StoreSettings,
    "ingest": IngestSettings,
    "telegram": TelegramSettings,
}


def _build(kind: type, table: object, where: str, path: Path) -> Any:
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [{where}] must be a table")
    hints = typing.get_type_hints(kind)
    known = {f.name for f in dataclasses.fields(kind)}
    values = {}
    for key, value in table.items():
        if key not in known:
            raise ConfigError(f"{path}: unknown key {where}.{key} (known: {', '.join(sorted(known))})")
        values[key] = _check(value, hints[key], f"{where}.{key}", path)
        if isinstance(values[key], int | float) and typing.cast(float, values[key]) < 0:  # counts, durations
            raise ConfigError(f"{path}: {where}.{key} must not be negative")
    try:
        return kind(**values)
    except TypeError as exc:  # a required key is missing
        raise ConfigError(f"{path}: [{where}] {exc}") from exc
    except ConfigError as exc:  # a value the section itself refuses
        raise ConfigError(f"{path}: {exc}") from exc


def _check(value: object, hint: object, where: str, path: Path) -> object:
    """The value converted to the declared type, or a ConfigError naming the key."""
    origin = typing.get_origin(hint)
    if origin is tuple:
        (item_type, _) = typing.get_args(hint)
        if not isinstance(value, list):
            raise ConfigError(f"{path}: {where} must be a list")
        return tuple(_check(v, item_type, f"{where}[{i}]", path) for i, v in enumerate(value))
    expected = typing.cast(type, hint)
    if expected is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
        raise ConfigError(f"{path}: {where} must be {expected.__name__}, not {type(value).__name__} {value!r}")
    return value
