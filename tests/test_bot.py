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


THO_XUAN = "huyện Thọ Xuân (cũ, Thanh Hóa)"


async def test_subscribe_whatever_the_spelling(tmp_path: Path, gaz: Gazetteer) -> None:
    async with running_bot(tmp_path, gaz) as bot:
        (reply,) = await bot.say(USER, "/subscribe phuong vinh yen")
        assert reply.text == "Đã đăng ký nhận tin phường Vĩnh Yên (Phú Thọ)."
        (reply,) = await bot.say(USER, "/subscribe xa yen phong, bac ninh")
        assert reply.text == "Đã đăng ký nhận tin xã Yên Phong (Bắc Ninh)."
        (former,) = await bot.say(USER, "/dangky H. Thọ Xuân")
        first, covers = former.text.split("\n")
        assert first == f"Đã đăng ký nhận tin {THO_XUAN}."
        assert covers.startswith("huyện Thọ Xuân (cũ) nay là các xã ")  # what that covers today
        (again,) = await bot.say(USER, "/dangky Huyện Thọ Xuân")
        assert again.text.startswith(f"Bạn đã đăng ký {THO_XUAN} rồi.")
        (province,) = await bot.say(USER, "/subscribe Thanh Hoá")
        assert province.text == "Đã đăng ký nhận tin tỉnh Thanh Hóa."
        (listing,) = await bot.say(USER, "/list")
        assert [label for label, _ in buttons(listing)] == [
            "❌ phường Vĩnh Yên (Phú Thọ)",
            "❌ xã Yên Phong (Bắc Ninh)",
            f"❌ {THO_XUAN}",
            "❌ tỉnh Thanh Hóa",
        ]
        assert "thứ Hai lúc 07:00" in listing.text
        (removed,) = await bot.press(listing, buttons(listing)[2][1])
        assert removed.method == "editMessageText"
        assert f"Đã hủy đăng ký {THO_XUAN}" in removed.text
        assert bot.digest.service.chats.subscriptions(USER) == ["N08707", "N09193", "T38"]
        assert not bot.api.limits.violations


async def test_a_name_of_a_commune_and_a_former_province_offers_both(tmp_path: Path, gaz: Gazetteer) -> None:
    async with running_bot(tmp_path, gaz) as bot:
        (reply,) = await bot.say(USER, "/subscribe Quảng Bình")
        assert reply.text == "“Quảng Bình” có ở nhiều nơi. Bạn muốn chọn:"
        assert [label for label, _ in buttons(reply)] == [
            "xã Quảng Bình (Thanh Hóa)",
            "tỉnh Quảng Bình (cũ), nay thuộc Quảng Trị",
        ]
        (done,) = await bot.press(reply, buttons(reply)[1][1])
        assert done.text == (
            "Đã đăng ký nhận tin tỉnh Quảng Bình (cũ), nay thuộc Quảng Trị.\n"
            "tỉnh Quảng Bình (cũ) nay thuộc tỉnh Quảng Trị."
        )
        assert bot.digest.service.chats.subscriptions(USER) == ["P44"]


async def test_ambiguous_name_offers_choices(tmp_path: Path, gaz: Gazetteer) -> None:
    async with running_bot(tmp_path, gaz) as bot:
        (reply,) = await bot.say(USER, "/subscribe Châu Thành")
        choices = buttons(reply)
        assert len(choices) == 15  # five xã of today, ten former districts
        tien_giang = next(data for label, data in choices if "Tiền Giang" in label)
        (done,) = await bot.press(reply, tien_giang)
        assert done.text.startswith("Đã đăng ký nhận tin huyện Châu Thành (cũ, Tiền Giang), nay thuộc Đồng Tháp.")


async def test_no_match_suggests_the_closest(tmp_path: Path, gaz: Gazetteer) -> None:
    async with running_bot(tmp_path, gaz) as bot:
        (reply,) = await bot.say(USER, "/subscribe Tho Xuaan")
        assert reply.text.startswith("Không tìm thấy địa phương “Tho Xuaan”.")
        assert "xã Thọ Xuân (Thanh Hóa)" in [label for label, _ in buttons(reply)]
        assert THO_XUAN in [label for label, _ in buttons(reply)]
        (nothing,) = await bot.say(USER, "/subscribe qwertyuiop")
        assert "Cách dùng" in nothing.text


async def test_pick_province_then_commune_from_keyboards(tmp_path: Path, gaz: Gazetteer) -> None:
    async with running_bot(tmp_path, gaz) as bot:
        (picker,) = await bot.say(USER, "/subscribe")
        assert picker.text == "Chọn tỉnh, thành phố:"
        page = picker
        while not any(label == "Thanh Hóa" for label, _ in buttons(page)):
            (page,) = await bot.press(page, next(d for label, d in buttons(page) if label == "Sau ▶"))
        provinces = {label for label, _ in buttons(page) if label not in ("◀ Trước", "Sau ▶")}
        assert "Bạc Liêu" not in provinces  # the 34 of today
        (communes,) = await bot.press(page, next(d for label, d in buttons(page) if label == "Thanh Hóa"))
        assert communes.text.startswith("Chọn xã, phường, đặc khu thuộc Thanh Hóa, hoặc gõ tên: /subscribe &lt;tên&gt;")
        assert buttons(communes)[0][0] == "Cả tỉnh Thanh Hóa"
        page, pages = communes, 1
        while not any(label == "Thọ Xuân" for label, _ in buttons(page)):
            (page,) = await bot.press(page, next(d for label, d in buttons(page) if label == "Sau ▶"))
            pages += 1
        (done,) = await bot.press(page, next(d for label, d in buttons(page) if label == "Thọ Xuân"))
        assert done.text == "Đã đăng ký nhận tin xã Thọ Xuân (Thanh Hóa)."
        assert pages > 5  # 166 communes, twelve a page


async def test_deep_link_subscribes_in_one_tap(tmp_path: Path, gaz: Gazetteer) -> None:
    async with running_bot(tmp_path, gaz) as bot:
        (reply,) = await bot.say(USER, "/start D395")
        assert reply.text.startswith(f"Đã đăng ký nhận tin {THO_XUAN}.")
        (ward,) = await bot.say(USER, "/start N08707")
        assert ward.text == "Đã đăng ký nhận tin phường Vĩnh Yên (Phú Thọ)."
        (greeting,) = await bot.say(USER, "/start khong-phai-ma")
        assert "Xin chào" in greeting.text
        (ward,) = await bot.say(USER, "/start W15499")  # a former commune is not a subscription
        assert "Xin chào" in ward.text


async def test_group_changes_are_for_administrators(tmp_path: Path, gaz: Gazetteer) -> None:
    group, admin, member = -100500, 7001, 7002
    async with running_bot(tmp_path, gaz) as bot:
        bot.api.admins[group].add(admin)
        (refused,) = await bot.say(group, "/subscribe huyện Thọ Xuân", user_id=member, chat_type="supergroup")
        assert refused.text.startswith("Chỉ quản trị viên")
        (done,) = await bot.say(group, "/subscribe huyện Thọ Xuân", user_id=admin, chat_type="supergroup")
        assert done.text.startswith("Đã đăng ký")
        (latest,) = await bot.say(group, "/latest", user_id=member, chat_type="supergroup")
        assert latest.text == f"Chưa có bài nào về {THO_XUAN}."
        (schedule,) = await bot.say(group, "/schedule chủ nhật 18h30", user_id=member, chat_type="supergroup")
        assert schedule.text.startswith("Chỉ quản trị viên")
        assert bot.digest.service.chats.subscriptions(group) == ["D395"]


async def test_channel_subscribed_by_its_administrator(tmp_path: Path, gaz: Gazetteer) -> None:
    channel = -100777
    async with running_bot(tmp_path, gaz) as bot:
        bot.api.channel_post(channel, "/subscribe huyện Vĩnh Lộc")
        await bot.settle()
        assert bot.digest.service.chats.subscriptions(channel) == ["D393"]
        assert bot.api.messages_to(channel)[-1].text.startswith("Đã đăng ký")


async def test_operator_allowlist(tmp_path: Path, gaz: Gazetteer) -> None:
    async with running_bot(tmp_path, gaz, allowed=(USER,)) as bot:
        (ok,) = await bot.say(USER, "/subscribe huyện Thọ Xuân")
        assert ok.text.startswith("Đã đăng ký")
        (refused,) = await bot.say(6002, "/subscribe huyện Thọ Xuân")
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
        await bot.say(USER, "/subscribe huyện Thọ Xuân")
        await bot.say(USER, "/subscribe huyện Vĩnh Lộc")
        (done,) = await bot.say(USER, "/unsubscribe tho xuan")  # only one of its meanings is subscribed
        assert done.text == f"Đã hủy đăng ký {THO_XUAN}."
        (pick,) = await bot.say(USER, "/unsubscribe")
        assert [label for label, _ in buttons(pick)] == ["❌ huyện Vĩnh Lộc (cũ, Thanh Hóa)"]
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
        await bot.say(USER, "/subscribe huyện Thọ Xuân")
        (greeting,) = await bot.say(USER, "/start")
        menu = dict(buttons(greeting))
        (latest,) = await bot.press(greeting, menu["📰 Tin mới nhất"])
        assert latest.text == f"Chưa có bài nào về {THO_XUAN}."
        (weekly,) = await bot.press(greeting, menu["🗞 Tổng hợp tuần"])
        assert weekly.text.startswith(f"<b>🗞 Tổng hợp tuần: {THO_XUAN}</b>")
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
        (reply,) = await bot.say(USER, "/subscribe phường Vĩnh Yên")  # after the second Telegram asked for
        sends = [params["text"] for method, params in bot.api.requests if method == "sendMessage"]
        assert sends == [reply.text, reply.text]  # refused with 429, then sent
        assert reply.text == "Đã đăng ký nhận tin phường Vĩnh Yên (Phú Thọ)."


async def test_in_a_channel_only_administrators_press_the_buttons(tmp_path: Path, gaz: Gazetteer) -> None:
    channel, admin, reader = -100778, 7101, 7102
    async with running_bot(tmp_path, gaz) as bot:
        bot.api.admins[channel].add(admin)
        bot.api.channel_post(channel, "/subscribe huyện Vĩnh Lộc")
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
        assert done.text.startswith("Đã đăng ký nhận tin xã Châu Thành")


async def test_a_name_typed_in_decomposed_unicode_is_found(tmp_path: Path, gaz: Gazetteer) -> None:
    async with running_bot(tmp_path, gaz) as bot:
        (reply,) = await bot.say(USER, unicodedata.normalize("NFD", "/subscribe phường Vĩnh Yên"))
        assert reply.text == "Đã đăng ký nhận tin phường Vĩnh Yên (Phú Thọ)."


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
