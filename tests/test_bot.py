"""The bot end to end: real python-telegram-bot, HTTP to the fake Bot API server on loopback."""

from __future__ import annotations

import logging
import unicodedata
from pathlib import Path

import pytest

from digest.gazetteer import Gazetteer
from tests.botkit import buttons, running_bot

USER = 5001


async def test_start_greets_with_buttons(tmp_path: Path, gaz: Gazetteer) -> None:
    async with running_bot(tmp_path, gaz) as bot:
        (reply,) = await bot.say(USER, "/start")
        assert "Xin chào" in reply.text
        assert [label for label, _ in buttons(reply)][:1] == ["➕ Đăng ký địa phương"]
        assert not bot.api.limits.violations
        assert {c["command"] for c in bot.api.commands} >= {"subscribe", "latest", "weekly"}


async def test_subscribe_whatever_the_spelling(tmp_path: Path, gaz: Gazetteer) -> None:
    async with running_bot(tmp_path, gaz) as bot:
        (reply,) = await bot.say(USER, "/subscribe tho xuan")
        assert reply.text == "Đã đăng ký nhận tin huyện Thọ Xuân (Thanh Hóa)."
        (again,) = await bot.say(USER, "/dangky Huyện Thọ Xuân")
        assert again.text == "Bạn đã đăng ký huyện Thọ Xuân (Thanh Hóa) rồi."
        (province,) = await bot.say(USER, "/subscribe Thanh Hoá")
        assert province.text == "Đã đăng ký nhận tin tỉnh Thanh Hóa."
        (listing,) = await bot.say(USER, "/list")
        assert [label for label, _ in buttons(listing)] == ["❌ huyện Thọ Xuân (Thanh Hóa)", "❌ tỉnh Thanh Hóa"]
        assert "thứ Hai lúc 07:00" in listing.text
        (removed,) = await bot.press(listing, buttons(listing)[0][1])
        assert removed.method == "editMessageText"
        assert "Đã hủy đăng ký huyện Thọ Xuân (Thanh Hóa)" in removed.text
        assert bot.digest.service.chats.subscriptions(USER) == ["P38"]
        assert not bot.api.limits.violations


async def test_ambiguous_name_offers_choices(tmp_path: Path, gaz: Gazetteer) -> None:
    async with running_bot(tmp_path, gaz) as bot:
        (reply,) = await bot.say(USER, "/subscribe Châu Thành")
        choices = buttons(reply)
        assert len(choices) == 10
        tien_giang = next(data for label, data in choices if "Tiền Giang" in label)
        (done,) = await bot.press(reply, tien_giang)
        assert done.text == "Đã đăng ký nhận tin huyện Châu Thành (Tiền Giang)."


async def test_no_match_suggests_the_closest(tmp_path: Path, gaz: Gazetteer) -> None:
    async with running_bot(tmp_path, gaz) as bot:
        (reply,) = await bot.say(USER, "/subscribe Tho Xuaan")
        assert reply.text.startswith("Không tìm thấy địa phương “Tho Xuaan”.")
        assert "huyện Thọ Xuân (Thanh Hóa)" in [label for label, _ in buttons(reply)]
        (nothing,) = await bot.say(USER, "/subscribe qwertyuiop")
        assert "Cách dùng" in nothing.text


async def test_pick_province_then_district_from_keyboards(tmp_path: Path, gaz: Gazetteer) -> None:
    async with running_bot(tmp_path, gaz) as bot:
        (picker,) = await bot.say(USER, "/subscribe")
        assert picker.text == "Chọn tỉnh, thành phố:"
        page = picker
        while not any(label == "Thanh Hóa" for label, _ in buttons(page)):
            (page,) = await bot.press(page, next(d for label, d in buttons(page) if label == "Sau ▶"))
        (districts,) = await bot.press(page, next(d for label, d in buttons(page) if label == "Thanh Hóa"))
        assert districts.text == "Chọn địa phương thuộc Thanh Hóa:"
        assert buttons(districts)[0][0] == "Cả tỉnh Thanh Hóa"
        page = districts
        while not any(label == "Thọ Xuân" for label, _ in buttons(page)):
            (page,) = await bot.press(page, next(d for label, d in buttons(page) if label == "Sau ▶"))
        (done,) = await bot.press(page, next(d for label, d in buttons(page) if label == "Thọ Xuân"))
        assert done.text == "Đã đăng ký nhận tin huyện Thọ Xuân (Thanh Hóa)."


async def test_deep_link_subscribes_in_one_tap(tmp_path: Path, gaz: Gazetteer) -> None:
    async with running_bot(tmp_path, gaz) as bot:
        (reply,) = await bot.say(USER, "/start D395")
        assert reply.text == "Đã đăng ký nhận tin huyện Thọ Xuân (Thanh Hóa)."
        (greeting,) = await bot.say(USER, "/start khong-phai-ma")
        assert "Xin chào" in greeting.text
        (ward,) = await bot.say(USER, "/start W15499")  # a commune code is not a subscription
        assert "Xin chào" in ward.text


async def test_group_changes_are_for_administrators(tmp_path: Path, gaz: Gazetteer) -> None:
    group, admin, member = -100500, 7001, 7002
    async with running_bot(tmp_path, gaz) as bot:
        bot.api.admins[group].add(admin)
        (refused,) = await bot.say(group, "/subscribe Thọ Xuân", user_id=member, chat_type="supergroup")
        assert refused.text.startswith("Chỉ quản trị viên")
        (done,) = await bot.say(group, "/subscribe Thọ Xuân", user_id=admin, chat_type="supergroup")
        assert done.text.startswith("Đã đăng ký")
        (latest,) = await bot.say(group, "/latest", user_id=member, chat_type="supergroup")
        assert latest.text == "Chưa có bài nào về huyện Thọ Xuân (Thanh Hóa)."
        (schedule,) = await bot.say(group, "/schedule chủ nhật 18h30", user_id=member, chat_type="supergroup")
        assert schedule.text.startswith("Chỉ quản trị viên")
        assert bot.digest.service.chats.subscriptions(group) == ["D395"]


async def test_channel_subscribed_by_its_administrator(tmp_path: Path, gaz: Gazetteer) -> None:
    channel = -100777
    async with running_bot(tmp_path, gaz) as bot:
        bot.api.channel_post(channel, "/subscribe Vĩnh Lộc")
        await bot.settle()
        assert bot.digest.service.chats.subscriptions(channel) == ["D393"]
        assert bot.api.messages_to(channel)[-1].text.startswith("Đã đăng ký")


async def test_operator_allowlist(tmp_path: Path, gaz: Gazetteer) -> None:
    async with running_bot(tmp_path, gaz, allowed=(USER,)) as bot:
        (ok,) = await bot.say(USER, "/subscribe Thọ Xuân")
        assert ok.text.startswith("Đã đăng ký")
        (refused,) = await bot.say(6002, "/subscribe Thọ Xuân")
        assert refused.text.startswith("Bot này chỉ phục vụ")
        assert bot.digest.service.chats.subscriptions(6002) == []


async def test_schedule_and_weekly_only(tmp_path: Path, gaz: Gazetteer) -> None:
    async with running_bot(tmp_path, gaz) as bot:
        (usage,) = await bot.say(USER, "/schedule")
        assert "Cách dùng" in usage.text
        (saved,) = await bot.say(USER, "/schedule chủ nhật 18h30")
        assert "Chủ nhật lúc 18:30" in saved.text
        (mode,) = await bot.say(USER, "/lich chỉ tuần")
        assert "Chỉ nhận bản tổng hợp tuần" in mode.text
        settings = bot.digest.service.chats.chat(USER)
        assert (settings.weekly_day, settings.weekly_time, settings.weekly_only) == ("sun", "18:30", True)


async def test_bad_input_never_breaks_the_bot(tmp_path: Path, gaz: Gazetteer) -> None:
    async with running_bot(tmp_path, gaz) as bot:
        (long,) = await bot.say(USER, "/subscribe " + "Thọ Xuân " * 50)
        assert long.text.startswith("Tên địa phương quá dài")
        (html,) = await bot.say(USER, "/subscribe <b>Thọ</b> & <i>")
        assert "&lt;b&gt;Thọ&lt;/b&gt; &amp; &lt;i&gt;" in html.text
        (unknown,) = await bot.say(USER, "/khonghieu abc")
        assert unknown.text.startswith("Tôi không hiểu lệnh này")
        (garbage,) = await bot.say(USER, "/latest \u0000\u200b%%%")
        assert garbage.text.startswith("Không tìm thấy")
        (schedule,) = await bot.say(USER, "/schedule 99:99 thứ 9")
        assert "Cách dùng" in schedule.text
        bot.api.press(bot.api.messages_to(USER)[-1], "dg:districts:xx:yy")
        bot.api.press(bot.api.messages_to(USER)[-1], "dg:sub:D999999")
        await bot.settle()
        (alive,) = await bot.say(USER, "/start")
        assert "Xin chào" in alive.text


async def test_unsubscribe_by_name_and_with_buttons(tmp_path: Path, gaz: Gazetteer) -> None:
    async with running_bot(tmp_path, gaz) as bot:
        (nothing,) = await bot.say(USER, "/huy Thọ Xuân")
        assert nothing.text.startswith("Chưa đăng ký địa phương nào")
        await bot.say(USER, "/subscribe Thọ Xuân")
        await bot.say(USER, "/subscribe Vĩnh Lộc")
        (done,) = await bot.say(USER, "/unsubscribe tho xuan")
        assert done.text == "Đã hủy đăng ký huyện Thọ Xuân (Thanh Hóa)."
        (pick,) = await bot.say(USER, "/unsubscribe")
        assert [label for label, _ in buttons(pick)] == ["❌ huyện Vĩnh Lộc (Thanh Hóa)"]
        (last,) = await bot.press(pick, buttons(pick)[0][1])
        assert "Chưa đăng ký địa phương nào" in last.text


async def test_usage_lines_reach_a_real_chat(tmp_path: Path, gaz: Gazetteer) -> None:
    async with running_bot(tmp_path, gaz) as bot:
        (unknown,) = await bot.say(USER, "/subscribe qwertyuiop")
        assert "/subscribe &lt;tên địa phương&gt;" in unknown.text
        (empty,) = await bot.say(USER, "/list")
        assert empty.text.startswith("Chưa đăng ký địa phương nào")
        (usage,) = await bot.say(USER, "/schedule")
        assert "/schedule &lt;thứ&gt; &lt;giờ&gt;" in usage.text


async def test_buttons_under_start_do_what_they_say(tmp_path: Path, gaz: Gazetteer) -> None:
    async with running_bot(tmp_path, gaz) as bot:
        await bot.say(USER, "/subscribe Thọ Xuân")
        (greeting,) = await bot.say(USER, "/start")
        menu = dict(buttons(greeting))
        (latest,) = await bot.press(greeting, menu["📰 Tin mới nhất"])
        assert latest.text == "Chưa có bài nào về huyện Thọ Xuân (Thanh Hóa)."
        (weekly,) = await bot.press(greeting, menu["🗞 Tổng hợp tuần"])
        assert weekly.text.startswith("<b>🗞 Tổng hợp tuần: huyện Thọ Xuân (Thanh Hóa)</b>")
        (listing,) = await bot.press(greeting, menu["📋 Danh sách đăng ký"])
        assert listing.text.startswith("Các địa phương đã đăng ký")


FORGED = (
    "dg:provinces:²",
    "dg:provinces:٣",
    "dg:provinces:-1",
    "dg:provinces:99999999999999999999",
    "dg:districts:²:0",
    "dg:districts:38:x",
    "dg:districts:9999:0",
    "dg:sub:",
    "dg:sub:D395:extra",
    "dg:sub:X\u202e1",
    "dg:unsub:P9999",
    "dg:latest:D",
    "dg:nothing",
    "dg:",
    "dg:::::",
)


async def test_forged_button_data_are_answered_and_ignored(tmp_path: Path, gaz: Gazetteer) -> None:
    async with running_bot(tmp_path, gaz) as bot:
        (greeting,) = await bot.say(USER, "/start")
        for data in FORGED:
            bot.api.press(greeting, data)
        await bot.settle()
        assert len(bot.api.answers) == len(FORGED)  # each press answered once; the harness checks nothing raised
        assert bot.digest.service.chats.subscriptions(USER) == []
        (alive,) = await bot.say(USER, "/start")
        assert "Xin chào" in alive.text


async def test_a_reply_is_retried_after_a_flood_wait(tmp_path: Path, gaz: Gazetteer) -> None:
    async with running_bot(tmp_path, gaz) as bot:
        bot.api.fail(USER, retry_after=1)
        (reply,) = await bot.say(USER, "/subscribe Thọ Xuân")  # after the second Telegram asked for
        sends = [params["text"] for method, params in bot.api.requests if method == "sendMessage"]
        assert sends == [reply.text, reply.text]  # refused with 429, then sent
        assert reply.text == "Đã đăng ký nhận tin huyện Thọ Xuân (Thanh Hóa)."


async def test_in_a_channel_only_administrators_press_the_buttons(tmp_path: Path, gaz: Gazetteer) -> None:
    channel, admin, reader = -100778, 7101, 7102
    async with running_bot(tmp_path, gaz) as bot:
        bot.api.admins[channel].add(admin)
        bot.api.channel_post(channel, "/subscribe Vĩnh Lộc")
        bot.api.channel_post(channel, "/list")
        await bot.settle()
        listing = bot.api.messages_to(channel)[-1]
        (remove,) = buttons(listing)
        assert await bot.press(listing, remove[1], user_id=reader, chat_type="channel", expect=0) == []
        assert bot.api.answers[-1]["text"].startswith("Chỉ quản trị viên")
        assert await bot.press(listing, "dg:sub:D395", user_id=reader, chat_type="channel", expect=0) == []
        assert bot.digest.service.chats.subscriptions(channel) == ["D393"]
        (removed,) = await bot.press(listing, remove[1], user_id=admin, chat_type="channel")
        assert removed.text.startswith("Đã hủy đăng ký huyện Vĩnh Lộc")
        assert bot.digest.service.chats.subscriptions(channel) == []


async def test_in_a_group_a_members_press_is_refused_without_noise(tmp_path: Path, gaz: Gazetteer) -> None:
    group, admin, member = -100501, 7201, 7202
    async with running_bot(tmp_path, gaz) as bot:
        bot.api.admins[group].add(admin)
        (choices,) = await bot.say(group, "/subscribe Châu Thành", user_id=admin, chat_type="supergroup")
        assert await bot.press(choices, buttons(choices)[0][1], user_id=member, expect=0) == []
        assert bot.api.answers[-1]["show_alert"] in (True, "true", "True")
        assert bot.digest.service.chats.subscriptions(group) == []
        (done,) = await bot.press(choices, buttons(choices)[0][1], user_id=admin)
        assert done.text.startswith("Đã đăng ký nhận tin huyện Châu Thành")


async def test_a_name_typed_in_decomposed_unicode_is_found(tmp_path: Path, gaz: Gazetteer) -> None:
    async with running_bot(tmp_path, gaz) as bot:
        (reply,) = await bot.say(USER, unicodedata.normalize("NFD", "/subscribe Thọ Xuân"))
        assert reply.text == "Đã đăng ký nhận tin huyện Thọ Xuân (Thanh Hóa)."


async def test_errors_are_logged_without_the_users_text(
    tmp_path: Path, gaz: Gazetteer, caplog: pytest.LogCaptureFixture
) -> None:
    async with running_bot(tmp_path, gaz) as bot:

        async def broken(update: object, context: object) -> None:
            raise RuntimeError("boom")

        bot.digest.handlers.service.find = broken  # type: ignore[assignment,method-assign]
        with caplog.at_level(logging.ERROR):
            bot.api.user_message(USER, "/subscribe bí mật của tôi")
            await bot.settle()
        bot.errors.clear()
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "error while handling update" in logged
    assert f"in chat {USER}" in logged
    assert "bí mật" not in logged
