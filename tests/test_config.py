"""Settings: defaults, the example file, overrides, and errors that name the bad key."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from digest.config import Config, ConfigError, FeedSettings, load_config

ROOT = Path(__file__).resolve().parent.parent


def test_example_file_lists_exactly_the_defaults() -> None:
    example = load_config(ROOT / "config.example.toml")
    assert example == Config(base_dir=ROOT)


def test_a_file_overrides_only_the_keys_it_sets(tmp_path: Path) -> None:
    path = tmp_path / "bot.toml"
    path.write_text(
        "[ingest]\npoll_seconds = 60\n[telegram]\nallowed_chats = [42, -100123]\n"
        '[[feeds]]\nurl = "feeds/local.xml"\nprovince = "Thanh Hóa"\n'
        '[[feeds]]\nurl = "https://example.vn/rss"\nname = "Báo"\n',
        "utf-8",
    )
    config = load_config(path)
    assert config.ingest.poll_seconds == 60
    assert config.ingest.read_timeout == Config().ingest.read_timeout
    assert config.telegram.allowed_chats == (42, -100123)
    assert config.feeds == (
        FeedSettings(url="feeds/local.xml", province="Thanh Hóa"),
        FeedSettings(url="https://example.vn/rss", name="Báo"),
    )
    assert config.feed_location(config.feeds[0]) == str(tmp_path / "feeds" / "local.xml")
    assert config.feed_location(config.feeds[1]) == "https://example.vn/rss"
    assert config.store_path() == tmp_path / "data"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[ingest]\npol_seconds = 5\n", "unknown key ingest.pol_seconds"),
        ("[ingest]\npoll_seconds = '5'\n", "ingest.poll_seconds must be int"),
        ("[ingest]\npoll_seconds = true\n", "ingest.poll_seconds must be int"),
        ("[ingest]\nread_timeout = -1\n", "ingest.read_timeout must not be negative"),
        ("[telegram]\nallowed_chats = [1, 'x']\n", "telegram.allowed_chats[1] must be int"),
        ("[bot]\nx = 1\n", "unknown section [bot]"),
        ("[[feeds]]\nname = 'no url'\n", "feeds[0]"),
        ("feeds = 3\n", "[[feeds]] must be a list"),
        ("[ingest\n", "not valid TOML"),
        ("[telegram]\nweekly_day = 'monday'\n", "telegram.weekly_day must be one of"),
        ("[telegram]\nweekly_time = '7:00'\n", "telegram.weekly_time must be HH:MM"),
    ],
)
def test_bad_settings_name_the_key(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, "utf-8")
    with pytest.raises(ConfigError, match=re.escape(message)):
        load_config(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"missing\.toml"):
        load_config(tmp_path / "missing.toml")


def test_integer_accepted_for_a_float_setting(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text("[ingest]\nconnect_timeout = 3\n", "utf-8")
    assert load_config(path).ingest.connect_timeout == 3.0
