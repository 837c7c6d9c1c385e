"""The bot across the 2025 reform: who receives what, and a store written before it."""

from __future__ import annotations

import shutil
from pathlib import Path

from digest.config import FeedSettings
from digest.gazetteer import Gazetteer
from tests.botkit import buttons, running_bot
from tests.feedserver import sample_articles

WARD, PROVINCE, CITY, FORMER_PROVINCE, ELSEWHERE = 5101, 5102, 5103, 5104, 5105
WARD_ARTICLE = (
    "date {day}\n"
    "Phường Vĩnh Yên tổ chức Đại hội đại biểu Đảng bộ lần thứ I\n"
    "Sáng 20/9, Đảng bộ phường Vĩnh Yên, tỉnh Phú Thọ tổ chức Đại hội đại biểu lần thứ I, nhiệm kỳ 2025-2030. "
    "Năm 2025, thu ngân sách trên địa bàn phường đạt 1.250 tỷ đồng."
)
CITY_ARTICLE = (
    "date 2023-05-10\n"
    "Thành phố Vĩnh Yên tổng kết năm\n"
    "Sáng 9/5, Thành ủy Vĩnh Yên tổ chức hội nghị. UBND thành phố Vĩnh Yên cho biết thu ngân sách đạt 900 tỷ đồng."
)


async def test_a_post_reform_article_reaches_exactly_who_it_should(tmp_path: Path, gaz: Gazetteer) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    async with running_bot(tmp_path, gaz, feeds=(FeedSettings(url=str(folder)),)) as bot:
        replies = {
            WARD: await bot.say(WARD, "/subscribe phường Vĩnh Yên"),
            PROVINCE: await bot.say(PROVINCE, "/subscribe tỉnh Phú Thọ"),
            CITY: await bot.say(CITY, "/subscribe TP Vĩnh Yên"),
            FORMER_PROVINCE: await bot.say(FORMER_PROVINCE, "/subscribe tỉnh Vĩnh Phúc"),
            ELSEWHERE: await bot.say(ELSEWHERE, "/subscribe tỉnh Thanh Hóa"),
        }
        assert all(r[0].text.startswith("Đã đăng ký") for r in replies.values())
        assert "nay là các phường" in replies[CITY][0].text  # what the former city covers today
        (folder / "ward.txt").write_text(WARD_ARTICLE.format(day="2025-09-20"), "utf-8")
        await bot.ingest()
        reached = {c for c in replies if any("Đại hội đại biểu Đảng bộ" in m.text for m in bot.api.messages_to(c))}
        assert reached == {WARD, PROVINCE, CITY, FORMER_PROVINCE}
        push = bot.api.messages_to(WARD)[-1].text
        assert push.startswith("📍 phường Vĩnh Yên (Phú Thọ)")
        assert "trước đây thuộc TP Vĩnh Yên, Vĩnh Phúc" in push

        (folder / "city.txt").write_text(CITY_ARTICLE, "utf-8")
        await bot.ingest()
        reached = {c for c in replies if any("Thành ủy Vĩnh Yên" in m.text for m in bot.api.messages_to(c))}
        assert reached == {PROVINCE, CITY, FORMER_PROVINCE}  # a pre-reform article about the city
        (latest,) = await bot.say(CITY, "/latest")  # the newest by publication: the ward's
        assert latest.text.startswith("📍 phường Vĩnh Yên (Phú Thọ)")
        (weekly,) = await bot.say(PROVINCE, "/weekly")
        assert "tỉnh Phú Thọ" in weekly.text


async def test_the_keyboards_offer_today_s_provinces_and_communes(tmp_path: Path, gaz: Gazetteer) -> None:
    async with running_bot(tmp_path, gaz) as bot:
        (picker,) = await bot.say(WARD, "/subscribe")
        labels = [label for label, _ in buttons(picker)]
        assert "An Giang" in labels
        assert len([x for x in labels if x not in ("◀ Trước", "Sau ▶")]) == 12


async def test_a_store_written_before_the_reform_keeps_working(tmp_path: Path, gaz: Gazetteer) -> None:
    store = tmp_path / "store"
    shutil.copytree(Path(__file__).parent / "data" / "store-v1", store)  # subscriptions "D395", "P38", "P22"
    folder = tmp_path / "articles"
    folder.mkdir()
    feeds = (FeedSettings(url=str(folder)),)
    async with running_bot(tmp_path, gaz, feeds=feeds, store_path=store) as bot:
        service = bot.digest.service
        assert [u.key for u in service.subscriptions(5001)] == ["D395"]
        (listing,) = await bot.say(5001, "/list")
        assert "huyện Thọ Xuân (cũ, Thanh Hóa)" in str(listing.reply_markup)
        (latest,) = await bot.say(5001, "/latest")
        assert "📍 huyện Thọ Xuân (Thanh Hóa)" in latest.text  # a digest stored by the former version
        (province,) = await bot.say(5006, "/subscribe tỉnh Thanh Hóa")
        assert province.text == "Đã đăng ký nhận tin tỉnh Thanh Hóa."
        (old_news,) = await bot.say(5006, "/latest")
        assert "Thanh Hóa" in old_news.text  # today's province finds what was stored under its former keys
        title, body = sample_articles()[0]
        (folder / "new.txt").write_text(f"{title}\n{body}", "utf-8")  # about huyện Thọ Xuân
        await bot.ingest()
        for chat in (5001, 5002, 5006):  # huyện Thọ Xuân, former Thanh Hóa, today's Thanh Hóa
            assert bot.api.messages_to(chat)[-1].text.startswith("📍 huyện Thọ Xuân"), chat
        assert not any(title in m.text for m in bot.api.messages_to(5003))  # Quảng Ninh
