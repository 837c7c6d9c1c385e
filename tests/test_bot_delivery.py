"""Pushes, the weekly job, Telegram's errors and limits, a restart mid fan-out, and a host bot."""

from __future__ import annotations

import asyncio
import collections
import datetime as dt
from pathlib import Path

from telegram import Update
from telegram.ext import Application, CommandHandler, ContextTypes

from bot.offline.fakeapi import Sent
from digest.config import FeedSettings
from digest.gazetteer import Gazetteer
from digest.records import Delivery
from digest.timeutil import VN_TZ
from tests.botkit import running_bot
from tests.conftest import Clock
from tests.feedserver import sample_articles

USER = 5001


def _article_folder(tmp: Path, count: int = 1) -> Path:
    folder = tmp / "articles"
    folder.mkdir(exist_ok=True)
    for i, (title, body) in enumerate(sample_articles()[:count]):
        (folder / f"{i}.txt").write_text(f"{title}\n{body}", "utf-8")
    return folder


async def test_new_digest_is_pushed_to_subscribers_only(tmp_path: Path, gaz: Gazetteer) -> None:
    folder = _article_folder(tmp_path, 0)
    async with running_bot(tmp_path, gaz, feeds=(FeedSettings(url=str(folder)),)) as bot:
        await bot.say(USER, "/subscribe huyện Thọ Xuân")
        await bot.say(6001, "/subscribe Thanh Hóa")
        await bot.say(6002, "/subscribe Thanh Hóa")
        await bot.say(6002, "/schedule chỉ tuần")
        await bot.say(6003, "/subscribe tỉnh Quảng Ninh")
        title, body = sample_articles()[0]  # an article about huyện Thọ Xuân
        (folder / "new.txt").write_text(f"{title}\n{body}", "utf-8")
        await bot.ingest()
        for chat in (USER, 6001):
            assert title in bot.api.messages_to(chat)[-1].text
        assert title not in bot.api.messages_to(6002)[-1].text  # weekly only
        assert title not in bot.api.messages_to(6003)[-1].text  # another province
        (latest,) = await bot.say(USER, "/latest")
        assert title in latest.text
        await bot.ingest()  # nothing new: nothing sent again
        assert sum(title in m.text and "📍" in m.text for m in bot.api.messages_to(USER)) == 2
        assert not bot.api.limits.violations


async def test_weekly_summary_when_time_moves_forward(tmp_path: Path, gaz: Gazetteer) -> None:
    folder = _article_folder(tmp_path, 5)
    sunday = dt.datetime(2026, 11, 22, 10, 0, tzinfo=VN_TZ)
    clock = Clock(sunday)
    async with running_bot(tmp_path, gaz, feeds=(FeedSettings(url=str(folder)),), clock=clock) as bot:
        await bot.say(USER, "/subscribe Thanh Hóa")
        await bot.ingest()
        await bot.run_job("digest-weekly")
        before = len(bot.api.messages_to(USER))
        clock.now = dt.datetime(2026, 11, 23, 7, 0, 30, tzinfo=VN_TZ)  # Monday, 07:00
        await bot.run_job("digest-weekly")
        weekly = bot.api.messages_to(USER)[before:]
        assert len(weekly) == 1
        assert weekly[0].text.startswith("<b>🗞 Tổng hợp tuần: tỉnh Thanh Hóa</b>")
        assert "16/11 – 23/11/2026" in weekly[0].text  # the seven days before the slot
        await bot.run_job("digest-weekly")
        assert len(bot.api.messages_to(USER)) == before + 1  # once per week
        clock.now += dt.timedelta(days=7)
        await bot.run_job("digest-weekly")
        assert len(bot.api.messages_to(USER)) == before + 2
        (now,) = await bot.say(USER, "/tuan")
        assert "Tổng hợp tuần" in now.text


async def test_telegram_errors_are_handled_per_chat(tmp_path: Path, gaz: Gazetteer) -> None:
    flood, blocked, migrated, broken, slow, fine = 7001, 7002, -7003, 7004, 7005, 7006
    async with running_bot(tmp_path, gaz) as bot:
        service = bot.digest.service
        for chat in (flood, blocked, migrated, broken, slow, fine):
            service.subscribe(chat, gaz.units["D395"])
        bot.api.fail(flood, retry_after=1)
        bot.api.fail(blocked, forbidden=True)
        bot.api.fail(migrated, migrate_to=-1007003)
        bot.api.fail(broken, server_error=True)
        bot.api.fail(slow, delay=1.5)
        now = service.clock()
        chats = (flood, blocked, migrated, broken, slow, fine)
        service.chats.enqueue([Delivery(f"m{c}", c, f"Tin {c}", now) for c in chats])
        drained = asyncio.create_task(bot.digest.sender.drain())
        await asyncio.sleep(0.8)
        assert [m.text for m in bot.api.messages_to(fine)] == [f"Tin {fine}"]  # not held up by the slow chat
        await drained
        for chat in (flood, broken, slow):
            assert [m.text for m in bot.api.messages_to(chat)] == [f"Tin {chat}"]
        assert bot.api.messages_to(blocked) == []
        assert not service.chats.chat(blocked).active
        assert [m.text for m in bot.api.messages_to(-1007003)] == [f"Tin {migrated}"]
        assert service.chats.subscriptions(-1007003) == ["D395"]
        assert service.chats.subscriptions(migrated) == []
        assert service.chats.pending() == []
        assert not bot.api.limits.violations


async def test_restart_in_the_middle_of_a_fan_out(tmp_path: Path, gaz: Gazetteer) -> None:
    chats, per_chat = (8001, 8002, 8003), 12
    received: list[tuple[int, str]] = []
    async with running_bot(tmp_path, gaz) as bot:
        now = bot.digest.service.clock()
        bot.digest.service.chats.enqueue(
            [Delivery(f"d{c}-{i}", c, f"Tin {i}", now) for i in range(per_chat) for c in chats]
        )
        ten_sent = asyncio.Event()
        loop = asyncio.get_running_loop()

        def count(_: Sent) -> None:
            if len(bot.api.sent) >= 10:
                loop.call_soon_threadsafe(ten_sent.set)

        bot.api.on_sent = count
        drained = asyncio.create_task(bot.digest.sender.drain())
        await asyncio.wait_for(ten_sent.wait(), 10)
        bot.digest.sender.cancel()  # the process dies here
        drained.cancel()
        received += [(m.chat_id, m.text) for m in bot.api.sent]
    async with running_bot(tmp_path, gaz) as bot:  # the same store: the outbox resumes
        await bot.digest.sender.drain()
        received += [(m.chat_id, m.text) for m in bot.api.sent]
        assert bot.digest.service.chats.pending() == []
    counts = collections.Counter(received)
    assert set(counts) == {(c, f"Tin {i}") for c in chats for i in range(per_chat)}  # nothing lost
    assert sum(n - 1 for n in counts.values()) <= len(chats)  # at most the message in flight per chat


async def test_installed_into_a_host_bot(tmp_path: Path, gaz: Gazetteer) -> None:
    async def hello(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_chat is not None
        await update.effective_chat.send_message("host: xin chào")

    def host(app: Application) -> None:  # type: ignore[type-arg]
        app.add_handler(CommandHandler("hello", hello))
        app.bot_data["host"] = "kept"

    async with running_bot(tmp_path, gaz, host=host) as bot:
        (host_reply,) = await bot.say(USER, "/hello")
        assert host_reply.text == "host: xin chào"
        (ours,) = await bot.say(USER, "/subscribe huyện Thọ Xuân")
        assert ours.text.startswith("Đã đăng ký")
        assert dict(bot.app.bot_data) == {"host": "kept"}


async def test_settling_waits_for_a_slow_handler(tmp_path: Path, gaz: Gazetteer) -> None:
    """A handler that runs longer than the quiet period (a loaded machine, a first search) is still waited
    for: the harness must not read the chat before the bot has answered."""

    async def slow(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_chat is not None
        await asyncio.sleep(0.8)
        await update.effective_chat.send_message("xong")

    def host(app: Application) -> None:  # type: ignore[type-arg]
        app.add_handler(CommandHandler("slow", slow, block=False))

    async with running_bot(tmp_path, gaz, host=host) as bot:
        bot.api.user_message(USER, "/slow")
        await bot.settle()
        assert [m.text for m in bot.api.messages_to(USER)] == ["xong"]


async def test_html_in_article_titles_is_escaped_in_pushes(tmp_path: Path, gaz: Gazetteer) -> None:
    folder = _article_folder(tmp_path, 0)
    async with running_bot(tmp_path, gaz, feeds=(FeedSettings(url=str(folder)),)) as bot:
        await bot.say(USER, "/subscribe huyện Thọ Xuân")
        _, body = sample_articles()[0]
        title = "<script>alert(1)</script> Thọ Xuân & <b>tin</b> \u202egnp.exe\u202c"
        (folder / "x.txt").write_text(f"{title}\n{body}", "utf-8")
        await bot.ingest()
        push = bot.api.messages_to(USER)[-1]
        assert "&lt;script&gt;alert(1)&lt;/script&gt; Thọ Xuân &amp; &lt;b&gt;tin&lt;/b&gt; gnp.exe" in push.text
        assert "<script>" not in push.text
        assert "\u202e" not in push.text  # no right-to-left override to spoof with
