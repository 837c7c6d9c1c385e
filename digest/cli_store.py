"""`digest-bot ingest|latest|weekly`: fill the store and print what the bot would send from it."""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from digest import gazetteer, news
from digest.config import Config, FeedSettings
from digest.gazetteer import Gazetteer, Unit
from digest.gcpause import collector_paused
from digest.places import find_places, label, place_name, typed_name, unit_key, unit_of_key
from digest.records import StoredDigest
from digest.render import render
from digest.serialize import digest_to_dict
from digest.store import TinyStore, open_store
from digest.timeutil import now_vn
from digest.weekly import weekly_messages

if TYPE_CHECKING:
    from digest.ingest import PollReport  # `ingest` pulls in HTTP and HTML parsing: imported when it runs

LATEST_WITHOUT_PLACE = 5


class PlaceNotFoundError(Exception):
    """A typed place names no unit, or several."""


def run_ingest(config: Config, paths: Sequence[str]) -> int:
    """Poll every configured source once (or load the given files and folders); 1 if any source failed."""
    feeds = [FeedSettings(url=str(Path(p).resolve()), name=p) for p in paths] if paths else list(config.feeds)
    if not feeds:
        print("digest-bot: no source: list [[feeds]] in the config or give files or folders", file=sys.stderr)
        return 2
    import asyncio  # noqa: PLC0415  # only polling needs the event loop

    store = open_store(config)
    reports = asyncio.run(_poll(config, store, feeds))
    stored = sum(len(r.stored) for r in reports)
    failed = [r for r in reports if r.status == "failed"]
    refused = sum(len(r.refused) for r in reports)
    print(
        f"{len(reports)} nguồn, {stored} bài mới, {len(failed)} nguồn lỗi"
        + (f", {refused} tệp bị từ chối" if refused else "")
    )
    return 1 if failed or refused else 0


async def _poll(config: Config, store: TinyStore, feeds: Sequence[FeedSettings]) -> list[PollReport]:
    done = 0

    def progress(line: str) -> None:
        nonlocal done
        done += 1
        print(f"[{done}/{len(feeds)}] {line}", file=sys.stderr if sys.stdout.isatty() else sys.stdout)

    from digest.ingest import poll_once  # noqa: PLC0415  # see PollReport above

    gaz = gazetteer.load(config.places_path())
    return await poll_once(config, store, gaz, feeds, force=True, on_report=lambda r: progress(describe(r, config)))


def describe(report: PollReport, config: Config) -> str:
    """One line on what a poll of a source did, for a person."""
    if report.status == "failed":
        retry = f", thử lại lúc {report.retry_at:%H:%M %d/%m}" if report.retry_at else ""
        return f"{report.source}: lỗi ({report.error}){retry}"
    if report.status == "not modified":
        return f"{report.source}: không có gì mới"
    parts = [f"{report.entries} mục", f"{len(report.stored)} bài mới"]
    if report.too_old:
        parts.append(f"{report.too_old} mục cũ hơn {config.store.dedup_days} ngày, bỏ qua")
    if report.skipped:
        parts.append(
            f"{len(report.skipped)} mục bỏ qua ({report.skipped[0]}{', …' if len(report.skipped) > 1 else ''})"
        )
    if report.left:
        parts.append(f"còn {report.left} mục cho lần sau")
    if report.refused:
        parts.append(
            f"{len(report.refused)} tệp bị từ chối ({report.refused[0]}{', …' if len(report.refused) > 1 else ''})"
        )
    return f"{report.source}: {', '.join(parts)}"


def run_latest(config: Config, place: str | None, fmt: str) -> int:
    """Print the newest digest of a place (or the newest few of all)."""
    store = open_store(config)
    if place:
        gaz = gazetteer.load(config.places_path())
        unit = resolve_place(place, gaz)
        items = news.newest(store, unit, gaz)
        empty = news.no_news(unit, gaz)
    else:
        items = store.latest(None, limit=LATEST_WITHOUT_PLACE)
        empty = "Chưa có bài nào trong kho."
    if fmt == "json":
        _print_json(items)
    else:
        print("\n\n".join(render(item.digest) for item in items) if items else empty)
    return 0


def run_weekly(config: Config, place: str | None, fmt: str) -> int:
    """Print the summary of the last seven days for a place (or for every place with news)."""
    store = open_store(config)
    gaz = gazetteer.load(config.places_path())
    end = now_vn()
    unit = resolve_place(place, gaz) if place else None
    if unit is not None and fmt != "json":
        print("\n\n".join(news.week_summary(store, unit, gaz, end)) + "\n")
        return 0
    with collector_paused():  # a week of the whole store can be tens of thousands of digests
        if unit is not None:
            groups = {unit_key(unit): news.week_of(store, unit, gaz, end)}
        else:
            groups = _by_first_place(store.between(end - news.WEEK, end))
        if fmt == "json":
            _print_json([item for items in groups.values() for item in items])
            return 0
        for key, items in groups.items():
            found = unit_of_key(key, gaz)
            name = place_name(found) if found else "Chưa rõ địa phương"
            print("\n\n".join(weekly_messages(name, items, end - news.WEEK, end, key)) + "\n")
    if not groups:
        print("Chưa có bài nào trong tuần.")
    return 0


def resolve_place(text: str, gaz: Gazetteer) -> Unit:
    """The one unit a typed place names; PlaceNotFoundError with choices or suggestions otherwise."""
    match = find_places(text, gaz)
    if len(match.units) == 1:
        return match.units[0]
    if match.units:
        choices = "; ".join(label(u, gaz) for u in match.units)
        example = f"{typed_name(match.units[0].name, match.units[0].type)}, {match.units[0].province}"
        raise PlaceNotFoundError(f"“{text}” có thể là: {choices}. Hãy ghi rõ loại và tỉnh, ví dụ “{example}”.")
    hint = f" Có phải: {'; '.join(label(u, gaz) for u in match.suggestions)}?" if match.suggestions else ""
    raise PlaceNotFoundError(f"Không tìm thấy địa phương “{text}”.{hint}")


def _by_first_place(items: Sequence[StoredDigest]) -> dict[str, list[StoredDigest]]:
    groups: dict[str, list[StoredDigest]] = defaultdict(list)
    for item in items:
        groups[item.units[0] if item.units else ""].append(item)
    return dict(sorted(groups.items(), key=lambda kv: -len(kv[1])))


def stored_to_dict(item: StoredDigest) -> dict[str, Any]:
    """The `extract` JSON shape plus url, feed and stored_at."""
    return digest_to_dict(item.digest) | {
        "url": item.digest.article.url,
        "feed": item.feed,
        "stored_at": item.stored_at.isoformat(),
    }


def _print_json(items: Sequence[StoredDigest]) -> None:
    for item in items:
        sys.stdout.write(json.dumps(stored_to_dict(item), ensure_ascii=False) + "\n")
