"""The Telegram side: `install(application, config)` adds the digest service to any PTB Application."""

from __future__ import annotations

from bot.plugin import DigestBot, install

__all__ = ["DigestBot", "install"]
