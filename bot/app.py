"""`digest-bot run`: a host Application that installs the digest service and polls (or takes webhooks)."""

from __future__ import annotations

import asyncio
import datetime as dt
import importlib.util
import logging
import os
from collections.abc import Callable

from telegram import Bot, Update
from telegram.constants import ParseMode
from telegram.error import InvalidToken, NetworkError
from telegram.ext import Application, ApplicationBuilder, Defaults
from telegram.request import HTTPXRequest

from bot.delivery import rate_limiter
from bot.plugin import DigestBot, install
from bot.redact import protect, redact
from digest.config import Config
from digest.fetch import tls_context
from digest.timeutil import VN_TZ, now_vn

log = logging.getLogger(__name__)

TELEGRAM_BASE_URL = "https://api.telegram.org/bot"


def new_application(config: Config, token: str, base_url: str | None = None, time_scale: float = 1.0) -> Application:  # type: ignore[type-arg]
    """The host Application, built one way for `digest-bot run`, the tests and the benchmarks: Vietnam
    time, HTML messages, Telegram's rate limits, and the token kept out of the log from the start
    (building it already logs the Bot API URL)."""
    protect(token)
    os.environ.setdefault("PTB_TIMEDELTA", "true")  # this host opts in to PTB's timedelta durations
    requests, updates = _requests()
    return (
        ApplicationBuilder()
        .token(token)
        .base_url(base_url or api_base_url(config))
        .request(requests)
        .get_updates_request(updates)
        .defaults(Defaults(tzinfo=VN_TZ, parse_mode=ParseMode.HTML))
        .rate_limiter(rate_limiter(time_scale))
        .build()
    )


def _requests() -> tuple[HTTPXRequest, HTTPXRequest]:
    """The Bot's two HTTP clients as ApplicationBuilder makes them (one for calls, one for getUpdates), with
    the process's one TLS context instead of one each."""
    tls = {"verify": tls_context()}
    return HTTPXRequest(connection_pool_size=256, httpx_kwargs=tls), HTTPXRequest(
        connection_pool_size=1, httpx_kwargs=tls
    )


def build_application(
    config: Config,
    token: str,
    base_url: str | None = None,
    time_scale: float = 1.0,
    clock: Callable[[], dt.datetime] = now_vn,
) -> tuple[Application, DigestBot]:  # type: ignore[type-arg]
    """`new_application` with the digest service installed."""
    application = new_application(config, token, base_url, time_scale)
    digest = install(application, config, reply_to_unknown=True, time_scale=time_scale, clock=clock)
    return application, digest


def api_base_url(config: Config) -> str:
    """TELEGRAM_API_BASE_URL, else `[telegram] base_url`, else Telegram's own server."""
    return os.environ.get("TELEGRAM_API_BASE_URL") or config.telegram.base_url or TELEGRAM_BASE_URL


class StartError(Exception):
    """The bot cannot start; the message (Vietnamese, one line) says why and what to do."""


def check_start(config: Config, token: str) -> None:
    """StartError unless the bot can run: the webhooks extra when a webhook is set, a token Telegram
    accepts, a Bot API server that answers. Checked before the Application starts, so that a person
    gets one line instead of the library's retry loop and its tracebacks."""
    if config.telegram.webhook_url and importlib.util.find_spec("tornado") is None:
        raise StartError(
            "[telegram] webhook_url cần gói bổ sung: pip install -e '.[webhooks]' "
            "(hoặc bỏ webhook_url để nhận cập nhật bằng long polling)."
        )
    base_url = api_base_url(config)
    try:
        asyncio.run(_get_me(token, base_url))
    except InvalidToken:
        raise StartError(
            "Telegram không nhận mã bot trong TELEGRAM_BOT_TOKEN. Hãy kiểm tra lại mã do @BotFather cấp."
        ) from None
    except NetworkError as exc:
        raise StartError(
            f"không kết nối được máy chủ Bot API {redact(base_url, (token,))} ({redact(str(exc), (token,))}). "
            "Hãy kiểm tra mạng, hoặc [telegram] base_url / TELEGRAM_API_BASE_URL."
        ) from None


async def _get_me(token: str, base_url: str) -> None:
    requests, updates = _requests()
    async with Bot(token, base_url=base_url, request=requests, get_updates_request=updates):  # asks who it is
        pass


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
