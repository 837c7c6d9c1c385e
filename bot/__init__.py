"""The Telegram side: `install(application, config)` adds the digest service to any PTB Application.

`install` and `DigestBot` are loaded on first use, so that the console script's other commands
(`digest-bot latest`, `weekly`, `--help`) start without python-telegram-bot and the ingestion stack.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.plugin import DigestBot, install

__all__ = ["DigestBot", "install"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from bot import plugin  # noqa: PLC0415  # see above

        return getattr(plugin, name)
    raise AttributeError(f"module 'bot' has no attribute {name!r}")
