"""`digest-bot run`: a host Application that installs the digest service and polls (or takes webhooks)."""

from __future__ import annotations

import logging
import os

from telegram import Update
from telegram.constants import ParseMode
from telegram.ext import Application, ApplicationBuilder, Defaults

from bot.delivery import rate_limiter
from bot.plugin import DigestBot, install
from digest.config import Config
from digest.timeutil import VN_TZ

log = logging.getLogger(__name__)

TELEGRAM_BASE_URL = "https://api.telegram.org/bot"


def build_application(
    config: Config, token: str, base_url: str | None = None, time_scale: float = 1.0
) -> tuple[Application, DigestBot]:  # type: ignore[type-arg]
    """An Application with Vietnam time, HTML messages, Telegram's rate limits and the digest service."""
    os.environ.setdefault("PTB_TIMEDELTA", "true")  # this host opts in to PTB's timedelta durations
    limiter = rate_limiter(time_scale)
    builder = (
        ApplicationBuilder()
        .token(token)
        .base_url(base_url or api_base_url(config))
        .defaults(Defaults(tzinfo=VN_TZ, parse_mode=ParseMode.HTML))
        .rate_limiter(limiter)
    )
    application = builder.build()
    digest = install(application, config, reply_to_unknown=True, time_scale=time_scale)
    return application, digest


def api_base_url(config: Config) -> str:
    """TELEGRAM_API_BASE_URL, else `[telegram] base_url`, else Telegram's own server."""
    return os.environ.get("TELEGRAM_API_BASE_URL") or config.telegram.base_url or TELEGRAM_BASE_URL


def run(config: Config, token: str) -> None:
    """Run the bot until interrupted: long polling, or a webhook when `[telegram] webhook_url` is set."""
    application, _ = build_application(config, token)
    settings = config.telegram
    if settings.webhook_url:
        log.info("receiving updates by webhook at %s", settings.webhook_url)
        application.run_webhook(
            listen=settings.webhook_listen,
            port=settings.webhook_port,
            webhook_url=settings.webhook_url,
            secret_token=os.environ.get("TELEGRAM_WEBHOOK_SECRET"),
            allowed_updates=Update.ALL_TYPES,
        )
    else:
        application.run_polling(allowed_updates=Update.ALL_TYPES)
