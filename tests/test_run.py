"""`digest-bot run`: the offline session driven by a script, and where the bot connects."""

from __future__ import annotations

import io
import logging
import os
import ssl
import subprocess
import sys
from pathlib import Path

import pytest

from bot.app import TELEGRAM_BASE_URL, api_base_url, new_application
from bot.cli import main
from bot.offline import terminal
from bot.offline.fakeapi import FakeBotAPI
from bot.redact import redact
from digest.config import Config, IngestSettings, TelegramSettings
from digest.fetch import Guard, make_client, tls_context
from digest.gazetteer import Gazetteer
from tests.botkit import running_bot


async def test_offline_session_from_a_script() -> None:
    out = io.StringIO()
    script = ["/start", "1", "# a comment", "/subscribe huyện Thọ Xuân", "/latest", "/weekly", "/quit", "/list"]
    assert await terminal.offline_session(Config(), script, out, time_scale=20) == 0
    text = out.getvalue()
    assert "> /subscribe huyện Thọ Xuân\n🤖 Đã đăng ký nhận tin huyện Thọ Xuân (cũ, Thanh Hóa)." in text
    assert "[1] ➕ Đăng ký địa phương" in text
    assert "Chọn tỉnh, thành phố:" in text  # the button pressed by typing its number
    assert "📍 huyện Thọ Xuân (Thanh Hóa) · 🗓 Sáng 5/4/2022" in text  # the push, then /latest
    assert "🗞 Tổng hợp tuần: huyện Thọ Xuân (cũ, Thanh Hóa)" in text
    assert "> /list" not in text  # /quit ended the session


def test_run_without_token_reads_commands_from_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    script = tmp_path / "chat.txt"
    script.write_text("/subscribe huyen tho xuan\n", "utf-8")
    assert main(["run", "--script", str(script)]) == 0
    assert "Đã đăng ký nhận tin huyện Thọ Xuân (cũ, Thanh Hóa)." in capsys.readouterr().out


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


def test_the_console_script_exits_cleanly_after_piped_input(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("digest-bot")
    stdin = "/start\n/subscribe Th\xe9 Xu\xe2n\n/subscribe Thọ Xuân\n".encode()
    stdin = stdin.replace("Th\xe9".encode(), b"Th\xe9")  # one Latin-1 byte, not UTF-8
    env = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    done = subprocess.run([str(script), "run"], input=stdin, capture_output=True, timeout=120, env=env, check=False)
    out = done.stdout.decode("utf-8")
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert "Traceback" not in done.stderr.decode("utf-8", "replace")
    assert "Xin chào!" in out
    assert "Không tìm thấy địa phương" in out  # the line with the stray byte got an answer


def test_a_rejected_token_is_one_line_without_the_token(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    api = FakeBotAPI(token="111111:RIGHT-TOKEN-aaaaaaaaaaaaaaaaaaaaaaaa")
    monkeypatch.setenv("TELEGRAM_API_BASE_URL", api.start())
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "222222:WRONG-TOKEN-bbbbbbbbbbbbbbbbbbbbbbbb")
    try:
        with caplog.at_level(logging.INFO):
            assert main(["run"]) == 2
    finally:
        api.stop()
    err = capsys.readouterr().err
    assert err.startswith("digest-bot: Telegram không nhận mã bot")
    assert err.count("\n") == 1
    assert "WRONG-TOKEN" not in err + caplog.text
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


@pytest.mark.parametrize("kind", ["missing", "folder", "binary"])
def test_a_script_that_cannot_be_read_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    script = tmp_path / "chat.txt"
    if kind == "folder":
        script.mkdir()
    elif kind == "binary":
        script.write_bytes(b"\x7fELF\x02\x01" + bytes(range(256)))
    assert main(["run", "--script", str(script)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("digest-bot: ")
    assert "tệp lệnh" in err
    assert err.count("\n") == 1


def test_a_webhook_without_its_extra_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123456:TEST")
    monkeypatch.setattr("importlib.util.find_spec", lambda name: None)  # as on a machine without tornado
    config = tmp_path / "bot.toml"
    config.write_text('[telegram]\nwebhook_url = "https://bot.example.vn/hook"\n', "utf-8")
    assert main(["run", "--config", str(config)]) == 2
    err = capsys.readouterr().err
    assert "pip install -e '.[webhooks]'" in err
    assert err.count("\n") == 1


def test_a_store_that_cannot_be_written_stops_the_bot_with_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    api = FakeBotAPI()
    monkeypatch.setenv("TELEGRAM_API_BASE_URL", api.start())
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123456:TEST")
    (tmp_path / "a-file").write_text("x", "utf-8")
    config = tmp_path / "bot.toml"
    config.write_text(f'[store]\npath = "{tmp_path / "a-file" / "store"}"\n', "utf-8")
    try:
        assert main(["run", "--config", str(config)]) == 2
    finally:
        api.stop()
    err = capsys.readouterr().err
    assert err.startswith("digest-bot: không dùng được kho dữ liệu")
    assert err.count("\n") == 1


async def test_the_token_never_reaches_the_log(
    tmp_path: Path, gaz: Gazetteer, caplog: pytest.LogCaptureFixture
) -> None:
    token = "123456:TEST"
    with caplog.at_level(logging.DEBUG):
        async with running_bot(tmp_path, gaz) as bot:
            await bot.say(5001, "/start")
    assert "getUpdates" in caplog.text  # httpx did log the requests...
    assert token not in caplog.text  # ...without the token
    assert redact(f"https://api.telegram.org/bot{'7' * 10}:{'A' * 35}/getMe") == (
        "https://api.telegram.org/bot<token>/getMe"
    )


def test_the_bot_and_the_feed_client_load_the_certificate_store_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # Each HTTP client would otherwise read the certificate store again: tens of milliseconds of start-up each.
    tls_context()
    loads: list[object] = []
    original = ssl.SSLContext.load_verify_locations

    def counted(context: ssl.SSLContext, *args: object, **kwargs: object) -> None:
        loads.append(context)
        original(context, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ssl.SSLContext, "load_verify_locations", counted)
    application = new_application(Config(), "123:abc", "http://127.0.0.1:9/bot")
    make_client(IngestSettings())
    make_client(IngestSettings(), Guard())
    assert application.bot.request is not None
    assert loads == []
