"""Keeping the bot token out of logs and messages.

The Bot API puts the token in every URL (`https://api.telegram.org/bot<token>/getMe`), httpx logs
every URL it requests, and python-telegram-bot quotes a rejected token in its error. `protect(token)`
adds a filter that rewrites the token (and anything shaped like one) to `<token>` in every record,
traceback included, of the loggers and handlers present; `redact` does the same for one string.
"""

from __future__ import annotations

import logging
import re

_TOKEN_SHAPE = re.compile(r"(?<![0-9])[0-9]{3,}:[A-Za-z0-9_-]{20,}")
REDACTED = "<token>"
_LIBRARY_LOGGERS = ("httpx", "httpcore", "telegram", "apscheduler")


def redact(text: str, secrets: tuple[str, ...] = ()) -> str:
    """The text with every secret, and anything shaped like a Bot API token, replaced."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, REDACTED)
    return _TOKEN_SHAPE.sub(REDACTED, text)


class TokenFilter(logging.Filter):
    """Rewrites the token out of a record: its message, its arguments and its traceback."""

    def __init__(self, *secrets: str) -> None:
        super().__init__()
        self.secrets = tuple(s for s in secrets if s)

    def filter(self, record: logging.LogRecord) -> bool:
        """Always keep the record, with the token replaced."""
        record.msg = redact(record.getMessage(), self.secrets)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text, self.secrets)
        if record.stack_info:
            record.stack_info = redact(record.stack_info, self.secrets)
        return True


def protect(token: str) -> TokenFilter:
    """Install the filter on the root logger's handlers and on the loggers of httpx, httpcore, PTB and
    APScheduler (a record is filtered by the logger it is logged on, before any handler sees it)."""
    token_filter = TokenFilter(token)
    loggers = [logging.getLogger(name) for name in _LIBRARY_LOGGERS]
    loggers += [
        logging.getLogger(name)
        for name in list(logging.Logger.manager.loggerDict)
        if name.startswith(tuple(f"{n}." for n in _LIBRARY_LOGGERS))
    ]
    for logger in loggers:
        if not any(isinstance(f, TokenFilter) and f.secrets == token_filter.secrets for f in logger.filters):
            logger.addFilter(token_filter)
    for handler in logging.getLogger().handlers:
        handler.addFilter(token_filter)
    return token_filter
