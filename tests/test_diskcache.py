"""The disk cache of built objects, and the gazetteer read from it."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from digest import diskcache, gazetteer
from digest.gazetteer import Gazetteer


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(diskcache.ENV, str(folder))
    return folder


def test_an_entry_is_read_back_only_with_its_key(cache: Path) -> None:
    diskcache.write("thing", "key-1", {"Thọ Xuân": (1, 2.5, None)})
    assert diskcache.read("thing", "key-1") == {"Thọ Xuân": (1, 2.5, None)}
    assert diskcache.read("thing", "key-2") is None
    assert diskcache.read("other", "key-1") is None
    diskcache.write("thing", "key-2", [3])
    assert diskcache.read("thing", "key-2") == [3]
    assert diskcache.read("thing", "key-1") is None  # one entry per name: the new one replaced it
    assert [p.name for p in cache.iterdir()] == ["thing.pickle"]  # no temporary file left


@pytest.mark.parametrize("damage", [b"", b"key-1\n", b"key-1\nnot a pickle", b"key-1\n\x80\x05\x95garbage"])
def test_a_damaged_entry_is_built_again(cache: Path, damage: bytes, caplog: pytest.LogCaptureFixture) -> None:
    diskcache.write("thing", "key-1", [1, 2, 3])
    (cache / "thing.pickle").write_bytes(damage)
    with caplog.at_level(logging.INFO):
        assert diskcache.read("thing", "key-1") is None


def test_an_unwritable_folder_only_means_no_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder", "utf-8")
    monkeypatch.setenv(diskcache.ENV, str(blocker / "cache"))
    diskcache.write("thing", "key", [1])
    assert diskcache.read("thing", "key") is None


def test_the_cache_can_be_turned_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(diskcache.ENV, "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    diskcache.write("thing", "key", [1])
    assert diskcache.read("thing", "key") is None
    assert not any(tmp_path.iterdir())


def test_the_default_folder_is_the_users_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(diskcache.ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", "/somewhere/cache")
    assert diskcache.folder() == Path("/somewhere/cache/digest-bot")
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert diskcache.folder() == Path.home() / ".cache" / "digest-bot"


def test_a_key_changes_with_a_file_or_a_text(tmp_path: Path) -> None:
    data = tmp_path / "data.db"
    data.write_bytes(b"12345")
    first = diskcache.key_of([data], [b"code"])
    assert diskcache.key_of([data], [b"code"]) == first
    assert diskcache.key_of([data], [b"code 2"]) != first
    data.write_bytes(b"123456")
    assert diskcache.key_of([data], [b"code"]) != first
    os.utime(data, ns=(1, 1))
    assert diskcache.key_of([data], [b"code"]) not in (first, diskcache.key_of([data], [b"code 2"]))


def _same(one: Gazetteer, other: Gazetteer) -> bool:
    return (
        one.units == other.units
        and one.by_name == other.by_name
        and one.by_loose == other.by_loose
        and one.successors == other.successors
        and one.former_districts == other.former_districts
        and one.aliases_written == other.aliases_written
        and one.structures == other.structures
        and one.version == other.version
    )


def test_the_gazetteer_read_from_the_cache_is_the_one_built(cache: Path, gaz: Gazetteer) -> None:
    built = gazetteer.load.__wrapped__()  # past the per-process memo
    assert (cache / "gazetteer.pickle").exists()
    cached = gazetteer.load.__wrapped__()
    assert cached is not built
    assert _same(cached, built)
    assert _same(cached, gaz)
    thanh_hoa = cached.named("Thanh Hóa")
    assert thanh_hoa == gaz.named("Thanh Hóa")
    assert cached.province_now(thanh_hoa[0]) == gaz.province_now(gaz.named("Thanh Hóa")[0])


def test_an_operators_places_file_has_its_own_entry(cache: Path, tmp_path: Path) -> None:
    places = tmp_path / "places.toml"
    places.write_text('[[alias]]\nunit = "tỉnh Thanh Hóa"\nnames = ["Xứ Thanh"]\n', "utf-8")
    with_alias = gazetteer.load.__wrapped__(str(places))
    assert with_alias.named("Xứ Thanh")
    plain = gazetteer.load.__wrapped__()
    assert not plain.named("Xứ Thanh")  # not the entry built with the operator's file
    places.write_text('[[alias]]\nunit = "tỉnh Thanh Hóa"\nnames = ["Xứ Thanh", "Đất Thanh"]\n', "utf-8")
    assert gazetteer.load.__wrapped__(str(places)).named("Đất Thanh")


def test_a_missing_places_file_is_still_reported(cache: Path, tmp_path: Path) -> None:
    with pytest.raises(gazetteer.PlacesFileError):
        gazetteer.load.__wrapped__(str(tmp_path / "missing.toml"))


def test_without_a_home_there_is_no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(diskcache.ENV, raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)

    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", no_home)
    assert diskcache.folder() is None
    diskcache.write("thing", "key", [1])
    assert diskcache.read("thing", "key") is None


def test_an_object_that_cannot_be_pickled_is_only_not_kept(cache: Path) -> None:
    diskcache.write("thing", "key", lambda: None)  # pickle refuses a lambda
    assert diskcache.read("thing", "key") is None
    assert not any(p.name.startswith(".") for p in cache.iterdir())  # its temporary file removed
