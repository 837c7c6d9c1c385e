"""The command line and the files it reads: encodings, binary files, huge files, damaged stores."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from digest.cli import main
from digest.store import StoreCorruptError, TinyStore
from digest.store.chats import ChatStore
from tests.feedserver import sample_articles

ARTICLE = "Huyện Thọ Xuân tổng kết năm 2022\nNgày 22-12, huyện Thọ Xuân tổng kết công tác năm 2022, đạt 21/26 chỉ tiêu."


def _records(out: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-8-sig"])
def test_text_files_in_other_unicode_encodings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], encoding: str
) -> None:
    path = tmp_path / "bai.txt"
    path.write_bytes(ARTICLE.encode(encoding))
    assert main(["extract", "--format", "json", str(path)]) == 0
    (record,) = _records(capsys.readouterr().out)
    assert record["title"] == "Huyện Thọ Xuân tổng kết năm 2022"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("program.txt", b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 4),
        ("setup.html", b"MZ\x90\x00\x03\x00\x00\x00" + bytes(range(256)) * 4),
        ("random.txt", bytes((i * 7919) % 256 for i in range(4000))),
        ("photo.txt", b"\xff\xd8\xff\xe0\x00\x10JFIF" + bytes(500)),
    ],
)
def test_binary_files_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: bytes
) -> None:
    (tmp_path / name).write_bytes(content)
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, "utf-8")
    assert main(["extract", "--format", "json", str(tmp_path / name), str(good)]) == 1
    captured = capsys.readouterr()
    assert f"{name}: bỏ qua, không phải tệp văn bản" in captured.err
    assert [r["title"] for r in _records(captured.out)] == ["Huyện Thọ Xuân tổng kết năm 2022"]


def test_ingest_refuses_a_binary_file_and_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "c.toml"
    config.write_text(f'[store]\npath = "{tmp_path / "s"}"\n', "utf-8")
    (tmp_path / "x.txt").write_bytes(b"\x7fELF" + bytes(range(256)))
    assert main(["ingest", "--config", str(config), str(tmp_path / "x.txt")]) == 1
    out = capsys.readouterr().out
    assert "0 bài mới" in out
    assert "1 tệp bị từ chối" in out


def test_a_large_crawler_file_gives_every_article(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    samples = sample_articles()
    parts = []
    for i in range(300):
        title, body = samples[i % len(samples)]
        parts.append(f"Phóng viên {i} date 2022-12-{i % 28 + 1:02d} {title} (bài {i})\n{body}\n")
    path = tmp_path / "crawl.txt"
    path.write_text("\n".join(parts), "utf-8")
    assert path.stat().st_size > 1_000_000
    assert main(["extract", "--format", "json", str(path)]) == 0
    records = _records(capsys.readouterr().out)
    assert len(records) == 300
    assert records[-1]["title"] == f"{samples[299 % len(samples)][0]} (bài 299)"


def test_one_huge_article_is_cut_not_dropped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "huge.txt"
    path.write_text(ARTICLE + "\n" + "Huyện Thọ Xuân tiếp tục phát triển.\n" * 20_000, "utf-8")
    assert main(["extract", "--format", "json", str(path)]) == 0
    (record,) = _records(capsys.readouterr().out)
    assert record["localities"]


def test_a_place_typed_in_decomposed_unicode(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "c.toml"
    config.write_text(f'[store]\npath = "{tmp_path / "s"}"\n', "utf-8")
    assert main(["latest", "--config", str(config), unicodedata.normalize("NFD", "huyện Thọ Xuân")]) == 0
    assert "Chưa có bài nào về huyện Thọ Xuân (cũ, Thanh Hóa)." in capsys.readouterr().out


def _stored(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for i, (title, body) in enumerate(sample_articles()):
        (folder / f"{i}.txt").write_text(f"{title}\n{body}", "utf-8")
    config = tmp_path / "c.toml"
    config.write_text(f'[store]\npath = "{tmp_path / "s"}"\n[[feeds]]\nurl = "{folder}"\n', "utf-8")
    assert main(["ingest", "--config", str(config)]) == 0
    return config


def test_a_segment_missing_a_field_is_restored_from_its_backup(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = _stored(tmp_path)
    (segment,) = (tmp_path / "s" / "digests").glob("*.json")
    good = segment.read_bytes()
    data = json.loads(good)
    for doc in data["digests"].values():
        del doc["keys"]
    segment.with_name(segment.name + ".bak").write_bytes(good)
    segment.write_text(json.dumps(data), "utf-8")
    capsys.readouterr()
    assert main(["latest", "--config", str(config), "huyện Thọ Xuân"]) == 0
    assert "huyện Thọ Xuân (Thanh Hóa)" in capsys.readouterr().out
    assert list(segment.parent.glob("*.corrupt-*"))


@pytest.mark.parametrize("damage", ["a digest without keys", "a feed state with a number for its address"])
def test_damage_without_a_backup_is_one_clear_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], damage: str
) -> None:
    config = _stored(tmp_path)
    store = tmp_path / "s"
    if damage == "a digest without keys":
        (path,) = (store / "digests").glob("*.json")
        data = json.loads(path.read_bytes())
        next(iter(data["digests"].values())).pop("keys")
        path.write_text(json.dumps(data), "utf-8")
    else:
        path = store / "state.json"
        path.write_text('{"feeds": {"1": {"url": 5}}}', "utf-8")
    for backup in store.rglob("*.bak"):
        backup.unlink()
    capsys.readouterr()
    status = main(["ingest", "--config", str(config)])
    captured = capsys.readouterr()
    assert status == 2
    assert "Traceback" not in captured.err
    assert captured.err.count("\n") == 1
    assert "is corrupt" in captured.err
    assert path.exists()  # left as it is


def test_a_store_path_that_cannot_be_created(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a-file").write_text("x", "utf-8")
    config = tmp_path / "c.toml"
    config.write_text(f'[store]\npath = "{tmp_path / "a-file" / "store"}"\n', "utf-8")
    assert main(["latest", "--config", str(config)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("digest-bot: không dùng được kho dữ liệu")
    assert err.count("\n") == 1


def test_chat_store_damage_is_found_at_start(tmp_path: Path) -> None:
    (tmp_path / "chats").mkdir()
    (tmp_path / "chats" / "00.json").write_text('{"chats": {"1": {"chat_id": "abc", "subscriptions": []}}}')
    with pytest.raises(StoreCorruptError, match="chat_id"):
        ChatStore(tmp_path)
    (tmp_path / "chats" / "00.json").unlink()
    (tmp_path / "outbox.json").write_text('{"outbox": {"1": {"id": "x"}}}')
    with pytest.raises(StoreCorruptError, match="chat_id"):
        ChatStore(tmp_path)
    TinyStore(tmp_path / "other")  # a fresh store opens
