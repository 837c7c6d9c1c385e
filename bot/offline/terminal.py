"""The offline session: the real bot, a local Bot API server, the bundled sample feed and a terminal chat.

A person types commands (`/subscribe Thọ Xuân`, `/latest`, `/weekly`, a button's number) and sees
the bot's replies; once a subscription exists, the rest of the sample feed "arrives" and the pushes
show up too. Commands can also come from a file or standard input, which makes it scriptable.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import email.utils
import html
import re
import sys
import tempfile
import threading
import time
import xml.etree.ElementTree as ET  # only the feed bundled with the package is parsed
from collections.abc import AsyncIterator, Callable, Iterable
from importlib import resources
from pathlib import Path
from typing import TextIO

from bot.app import build_application
from bot.offline.fakeapi import FakeBotAPI, Sent
from digest.config import Config, FeedSettings
from digest.timeutil import VN_TZ

TERMINAL_CHAT = 1000
HELD_BACK = 1  # the first sample article (huyện Thọ Xuân) arrives after the first subscription, as a push
QUIET = 1.6  # seconds without a message before the next command (replies are paced at 1/s per chat)
DEMO = ("/start", "/subscribe huyện Thọ Xuân", "/latest", "/weekly")
SESSION_AFTER_NEWEST = dt.timedelta(hours=15)  # the session runs the morning after the newest sample
QUIT = {"/quit", "/exit", "thoát", "quit", "exit"}
_TAG_RE = re.compile(r"<(/?)(\w+)([^>]*)>")
_HREF_RE = re.compile(r'href="([^"]*)"')


class Printer:
    """Shows what the bot sends to the terminal chat, buttons numbered."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.last_keyboard: Sent | None = None
        self._lock = threading.Lock()

    def show(self, sent: Sent) -> None:
        """Print one message (called from the server's thread)."""
        if sent.chat_id != TERMINAL_CHAT:
            return
        lines = [f"🤖 {plain_text(sent.text)}".replace("\n", "\n   ")]
        rows = (sent.reply_markup or {}).get("inline_keyboard", [])
        labels = [button["text"] for row in rows for button in row]
        if labels:
            self.last_keyboard = sent
            lines += [f"   [{i}] {label}" for i, label in enumerate(labels, 1)]
        with self._lock:
            self.out.write("\n".join(lines) + "\n\n")
            self.out.flush()

    def refused(self, chat_id: int, description: str) -> None:
        """Say that Telegram would have refused a message to the terminal chat (a real chat gets nothing)."""
        if chat_id == TERMINAL_CHAT:
            with self._lock:
                self.out.write(
                    f"⚠️ Telegram từ chối tin nhắn này ({description}); "
                    "một cuộc trò chuyện thật sẽ không nhận được gì.\n\n"
                )
                self.out.flush()

    def button_data(self, number: int) -> str | None:
        """The callback data of the button with this number in the last keyboard."""
        if self.last_keyboard is None:
            return None
        rows = (self.last_keyboard.reply_markup or {}).get("inline_keyboard", [])
        buttons = [b for row in rows for b in row]
        return buttons[number - 1].get("callback_data") if 0 < number <= len(buttons) else None


def plain_text(message: str) -> str:
    """Telegram HTML as terminal text: tags dropped, links shown after their text."""

    def tag(found: re.Match[str]) -> str:
        if found.group(2) == "a" and not found.group(1):
            href = _HREF_RE.search(found.group(3))
            return f"[{html.unescape(href.group(1))}] " if href else ""
        return ""

    return html.unescape(_TAG_RE.sub(tag, message))


async def offline_session(config: Config, commands: Iterable[str] | None, out: TextIO, time_scale: float = 1.0) -> int:
    """Run the session; `commands` None reads the terminal interactively. `time_scale` shrinks
    Telegram's time windows (and the waits for replies), for tests."""
    quiet = max(0.3, QUIET / time_scale)
    with tempfile.TemporaryDirectory(prefix="digest-bot-") as tmp:
        full_feed = (resources.files("digest") / "samples" / "feed.xml").read_bytes()
        feed = Path(tmp) / "feed.xml"
        feed.write_bytes(_without_first_items(full_feed, HELD_BACK))
        oldest, newest = _publication_span(full_feed)
        start = newest + SESSION_AFTER_NEWEST
        clock = _clock_from(start)
        config = dataclasses.replace(
            config,
            # the samples are an archive: none is older than the horizon of duplicates
            store=dataclasses.replace(
                config.store, path=str(Path(tmp) / "store"), dedup_days=(start - oldest).days + 1
            ),
            feeds=(FeedSettings(url=str(feed), name="Bản tin mẫu"),),
            base_dir=Path(),
        )
        api = FakeBotAPI(time_scale=time_scale)
        printer = Printer(out)
        api.on_sent = printer.show
        api.on_refused = printer.refused
        application, digest = build_application(config, "000000:OFFLINE", api.start(), time_scale, clock)
        await application.initialize()
        await application.start()
        assert application.updater is not None
        await application.updater.start_polling(poll_interval=0.0, timeout=1)
        try:
            out.write(
                "Phiên ngoại tuyến: bot thật, máy chủ Bot API cục bộ, nguồn tin mẫu; đồng hồ của phiên đặt vào "
                f"{start:%H:%M %d/%m/%Y}, sau bài mẫu mới nhất. Gõ /start, /subscribe huyện Thọ Xuân, /latest, "
                "/weekly; gõ số để bấm nút; /quit để thoát.\n\n"
            )
            await digest.ingest_now()  # after the start-up ingestion (one poll at a time), or in its place
            released = False
            async for line in _lines(commands, out):
                if line in QUIT:
                    break
                data = printer.button_data(int(line)) if line.isdigit() else None
                if data is not None and printer.last_keyboard is not None:
                    api.press(printer.last_keyboard, data)
                else:
                    api.user_message(TERMINAL_CHAT, line)
                await asyncio.to_thread(api.wait_idle, quiet, 30)
                if not released and digest.service.subscriptions(TERMINAL_CHAT):
                    released = True
                    feed.write_bytes(full_feed)
                    out.write("(Nguồn tin mẫu vừa có thêm bài mới.)\n\n")
                    await digest.ingest_now(force=True)
                    await asyncio.to_thread(api.wait_idle, quiet, 30)
        finally:
            await application.updater.stop()
            await application.stop()
            await application.shutdown()
            api.stop()
    return 0


async def _lines(commands: Iterable[str] | None, out: TextIO) -> AsyncIterator[str]:
    if commands is not None:
        for command in commands:
            line = command.strip()
            if line and not line.startswith("#"):
                out.write(f"> {line}\n")
                yield line
        return
    while True:
        out.write("> ")
        out.flush()
        raw: bytes = await asyncio.to_thread(sys.stdin.buffer.readline)
        if not raw:
            return
        line = raw.decode("utf-8", errors="replace").strip()  # a stray byte is one odd letter, not a crash
        if line:
            yield line


def _publication_span(feed: bytes) -> tuple[dt.datetime, dt.datetime]:
    """The oldest and the newest publication times of the bundled feed's items."""
    root = ET.fromstring(feed)  # noqa: S314  # the package's own file
    times = [email.utils.parsedate_to_datetime(e.text or "") for e in root.iter("pubDate")]
    return min(times), max(times)


def _clock_from(start: dt.datetime) -> Callable[[], dt.datetime]:
    """A clock that reads `start` when the session begins and runs at the speed of time."""
    began = time.monotonic()
    return lambda: (start + dt.timedelta(seconds=time.monotonic() - began)).astimezone(VN_TZ)


def _without_first_items(feed: bytes, count: int) -> bytes:
    """The bundled feed without its first `count` items."""
    root = ET.fromstring(feed)  # noqa: S314  # the package's own file
    channel = root.find("channel")
    assert channel is not None
    for item in channel.findall("item")[:count]:
        channel.remove(item)
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode")).encode("utf-8")
