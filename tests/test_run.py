"""`digest-bot run`: the offline session driven by a script, and where the bot connects."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from bot.app import TELEGRAM_BASE_URL, api_base_url
from bot.cli import main
from bot.offline import terminal
from digest.config import Config, TelegramSettings


async def test_offline_session_from_a_script() -> None:
    out = io.StringIO()
    script = ["/start", "1", "# a comment", "/subscribe Thọ Xuân", "/latest", "/weekly", "/quit", "/list"]
    assert await terminal.offline_session(Config(), script, out) == 0
    text = out.getvalue()
    assert "> /subscribe Thọ Xuân\n🤖 Đã đăng ký nhận tin huyện Thọ Xuân (Thanh Hóa)." in text
    assert "[1] ➕ Đăng ký địa phương" in text
    assert "Chọn tỉnh, thành phố:" in text  # the button pressed by typing its number
    assert "📍 huyện Thọ Xuân (Thanh Hóa) · 🗓 Sáng 5/4/2022" in text  # the push, then /latest
    assert "🗞 Tổng hợp tuần: huyện Thọ Xuân (Thanh Hóa)" in text
    assert "> /list" not in text  # /quit ended the session


def test_run_without_token_reads_commands_from_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    script = tmp_path / "chat.txt"
    script.write_text("/subscribe tho xuan\n", "utf-8")
    assert main(["run", "--script", str(script)]) == 0
    assert "Đã đăng ký nhận tin huyện Thọ Xuân (Thanh Hóa)." in capsys.readouterr().out


def test_bot_api_server_address(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TELEGRAM_API_BASE_URL", raising=False)
    assert api_base_url(Config()) == TELEGRAM_BASE_URL
    own = Config(telegram=TelegramSettings(base_url="http://localhost:8081/bot"))
    assert api_base_url(own) == "http://localhost:8081/bot"
    monkeypatch.setenv("TELEGRAM_API_BASE_URL", "http://10.0.0.2:8081/bot")
    assert api_base_url(own) == "http://10.0.0.2:8081/bot"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<b>Tiêu đề &amp; tin</b>", "Tiêu đề & tin"),
        ('<a href="https://x.vn/a?b=1&amp;c=2">Đọc bài gốc</a>', "[https://x.vn/a?b=1&c=2] Đọc bài gốc"),
        ("a &lt;b&gt; c", "a <b> c"),
    ],
)
def test_terminal_shows_html_as_text(text: str, expected: str) -> None:
    assert terminal.plain_text(text) == expected


def test_unreachable_bot_api_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:abc")
    monkeypatch.setenv("TELEGRAM_API_BASE_URL", "http://127.0.0.1:9/bot")  # nothing listens there
    assert main(["run"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("digest-bot: không kết nối được máy chủ Bot API http://127.0.0.1:9/bot")
    assert err.count("\n") == 1
