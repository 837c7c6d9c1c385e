"""`digest-bot extract|preview`: JSON Lines, text, HTML pages, folders and unreadable paths."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from digest.cli import main
from tests.conftest import encode_cp1258

ARTICLE = """Huyện Thọ Xuân tổng kết năm 2022
Sáng 5-4, UBND huyện Thọ Xuân tổ chức hội nghị tổng kết. Tổng sản lượng lương thực có hạt đạt trên 70.000 tấn.
Chủ tịch UBND huyện Lê Văn Tiến phát biểu.
Tô Hà"""

PAGE = """<!DOCTYPE html><html lang="vi"><head><meta charset="windows-1258"><title>Báo Thanh Hóa</title>
<meta property="og:title" content="Huyện Vĩnh Lộc đạt chuẩn nông thôn mới">
<meta property="article:published_time" content="2023-03-02T08:00:00+07:00"></head><body>
<nav><a href="/">Trang chủ</a> <a href="/thoi-su">Thời sự</a> Tất cả chuyên mục</nav>
<article><h1>Huyện Vĩnh Lộc đạt chuẩn nông thôn mới</h1>
<p>Sáng 1-3, huyện Vĩnh Lộc tổ chức lễ đón nhận quyết định đạt chuẩn nông thôn mới.
Thu nhập bình quân đầu người đạt 55,9 triệu đồng.</p>
<p>Đồng chí Lê Văn Tiến, Chủ tịch UBND huyện Vĩnh Lộc, trình bày báo cáo tại buổi lễ trước đông đảo nhân dân.</p>
<p>Huyện có 12/12 xã đạt chuẩn nông thôn mới, 100% số hộ được dùng điện an toàn.</p>
</article><footer>Ý kiến (0)</footer></body></html>"""


def _json_lines(out: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in out.splitlines()]


def test_extract_json_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "a.txt"
    path.write_text(f"date 2022-04 {ARTICLE}\ndate 2022-05 {ARTICLE.replace('Thọ Xuân', 'Vĩnh Lộc')}", "utf-8")
    assert main(["extract", "--format", "json", str(path)]) == 0
    records = _json_lines(capsys.readouterr().out)
    assert [r["source"] for r in records] == [str(path)] * 2
    first = records[0]
    assert first["localities"][0] == {"name": "Thọ Xuân", "type": "huyện", "province": "Thanh Hóa"} | {
        k: first["localities"][0][k] for k in first["localities"][0] if k not in ("name", "type", "province")
    }
    assert first["event_date"] == "2022-04-05"
    assert first["published"] == "2022-04"
    assert {"text": "trên 70.000 tấn", "value": 70000, "unit": "tấn"}.items() <= first["figures"][0].items()
    assert first["leaders"][0]["name"] == "Lê Văn Tiến"
    assert records[1]["localities"][0]["name"] == "Vĩnh Lộc"


def test_html_page_in_a_declared_legacy_encoding(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(encode_cp1258(PAGE))
    assert main(["extract", "--format", "json", str(path)]) == 0
    (record,) = _json_lines(capsys.readouterr().out)
    assert record["title"] == "Huyện Vĩnh Lộc đạt chuẩn nông thôn mới"
    assert record["localities"][0]["name"] == "Vĩnh Lộc"
    assert record["event_date"] == "2023-03-01"
    assert any(f["value"] == 55900000 and f["unit"] == "đồng" for f in record["figures"])
    assert "Tất cả chuyên mục" not in record["summary"]


def test_folder_and_text_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text(ARTICLE, "utf-8")
    (tmp_path / "notes.md").write_text("không phải bài báo", "utf-8")
    assert main(["extract", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert out.count("── ") == 1
    assert "Địa phương: huyện Thọ Xuân (Thanh Hóa)" in out


def test_missing_file_is_reported_and_others_still_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, "utf-8")
    assert main(["preview", str(tmp_path / "missing.txt"), str(good)]) == 1
    captured = capsys.readouterr()
    assert "missing.txt" in captured.err
    assert "<b>Huyện Thọ Xuân tổng kết năm 2022</b>" in captured.out


def test_an_empty_file_gives_no_article_and_a_binary_one_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    assert main(["extract", "--format", "json", str(tmp_path)]) == 0
    assert capsys.readouterr().out == ""
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 10)
    assert main(["extract", "--format", "json", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "binary.txt: bỏ qua, không phải tệp văn bản" in captured.err


def test_preview_without_paths_uses_the_bundled_samples(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["preview", "--format", "json"]) == 0
    records = _json_lines(capsys.readouterr().out)
    assert len(records) >= 5
    assert all(r["message"] for r in records)


def test_default_province_from_the_config(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Tin ngắn\nUBND huyện Châu Thành ra quân làm thủy lợi nội đồng.", "utf-8")
    config = tmp_path / "c.toml"
    config.write_text('[digest]\ndefault_province = "Tiền Giang"\n', "utf-8")
    assert main(["extract", "--format", "json", str(article)]) == 0
    assert _json_lines(capsys.readouterr().out)[0]["localities"] == []
    assert main(["extract", "--format", "json", "--config", str(config), str(article)]) == 0
    (locality,) = _json_lines(capsys.readouterr().out)[0]["localities"]
    assert (locality["name"], locality["province"]) == ("Châu Thành", "Tiền Giang")


def test_bad_config_is_an_error_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "c.toml"
    config.write_text("[digest]\nprovince = 1\n", "utf-8")
    assert main(["preview", "--config", str(config)]) == 2
    assert "unknown key digest.province" in capsys.readouterr().err
