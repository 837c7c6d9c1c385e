"""`digest-bot ingest|latest|weekly` on a real store in a temporary folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from digest.cli import main
from tests.feedserver import sample_articles


@pytest.fixture
def config(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for i, (title, body) in enumerate(sample_articles()):
        (folder / f"{i}.txt").write_text(f"{title}\n{body}", "utf-8")
    path = tmp_path / "bot.toml"
    path.write_text('[store]\npath = "store"\n[[feeds]]\nurl = "articles"\nname = "Lưu trữ"\n', "utf-8")
    return path


def test_ingest_then_latest_and_weekly(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ingest", "--config", str(config)]) == 0
    assert "1 nguồn, 5 bài mới, 0 nguồn lỗi" in capsys.readouterr().out
    assert main(["ingest", "--config", str(config)]) == 0
    assert "0 bài mới" in capsys.readouterr().out

    assert main(["latest", "--config", str(config), "huyen", "tho", "xuan"]) == 0
    assert "huyện Thọ Xuân (Thanh Hóa)" in capsys.readouterr().out
    assert main(["latest", "--config", str(config), "--format", "json", "huyện Thọ Xuân"]) == 0
    (record,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert record["feed"] == "Lưu trữ"
    assert record["localities"][0]["name"] == "Thọ Xuân"
    assert {"url", "stored_at", "figures", "leaders", "summary"} <= record.keys()

    assert main(["weekly", "--config", str(config), "Thanh Hoá"]) == 0
    out = capsys.readouterr().out
    assert "Tổng hợp tuần: tỉnh Thanh Hóa" in out
    assert "Tin chính" in out


def test_latest_for_a_place_without_news(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["latest", "--config", str(config), "Quận 1"]) == 0
    assert "Chưa có bài nào về Quận 1 (cũ, Hồ Chí Minh)." in capsys.readouterr().out


@pytest.mark.parametrize(
    ("place", "message"),
    [
        ("Châu Thành", "có thể là"),
        ("Thọ Xuân", "có thể là: xã Thọ Xuân (Thanh Hóa); huyện Thọ Xuân (cũ, Thanh Hóa)"),
        ("Tho Xuaan", "Có phải: xã Thọ Xuân (Thanh Hóa); huyện Thọ Xuân (cũ, Thanh Hóa)"),
        ("<b>", "Không tìm thấy"),
    ],
)
def test_unknown_or_ambiguous_place(config: Path, place: str, message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["latest", "--config", str(config), place]) == 1
    assert message in capsys.readouterr().err


def test_ingest_paths_and_a_missing_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "c.toml"
    config.write_text(f'[store]\npath = "{tmp_path / "s"}"\n', "utf-8")
    article = tmp_path / "a.txt"
    title, body = sample_articles()[0]
    article.write_text(f"{title}\n{body}", "utf-8")
    assert main(["ingest", "--config", str(config), str(article), str(tmp_path / "missing.xml")]) == 1
    out = capsys.readouterr().out
    assert "1 bài mới" in out
    assert "missing.xml: lỗi" in out


def test_ingest_without_sources(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ingest", "--config", str(tmp_path / "none.toml")]) == 2
    assert "none.toml" in capsys.readouterr().err
