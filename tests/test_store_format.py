"""The store's own format: what is stored is what was extracted, and a store of format 1 still opens."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import shutil
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from digest.models import PARTS_OF_DAY, Article, Digest, EventDate, Figure, Leader, Locality, PlaceRef
from digest.records import Brief, StoredDigest
from digest.store import TinyStore
from digest.store.format import FORMAT, brief, decode, encode
from digest.timeutil import VN_TZ

DATA = Path(__file__).parent / "data"
text = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=30)
words = st.tuples(text, text).map(" ".join)
maybe = st.none() | text
numbers = st.floats(allow_nan=False, allow_infinity=False, width=64)
refs = st.builds(PlaceRef, text, text, text, text)
localities = st.builds(
    Locality,
    text,
    text,
    text,
    text,
    maybe,
    level=st.sampled_from(["province", "district", "commune"]),
    era=st.sampled_from(["before-2025", "2025"]),
    key=text,
    former=st.lists(refs, max_size=2).map(tuple),
    now_province=maybe,
    now_communes=st.lists(refs, max_size=2).map(tuple),
)
figures = st.builds(Figure, text, numbers, text, text, maybe, st.none() | numbers, maybe)
leaders = st.builds(Leader, text, st.lists(text, max_size=3).map(tuple))
events = st.builds(EventDate, st.dates(), st.none() | st.sampled_from(PARTS_OF_DAY), text)
articles = st.builds(
    Article,
    text,
    maybe,
    st.just(()),  # the paragraphs are the text, kept in the text segments
    st.none() | st.sampled_from(["2025-07-01", "2024-12", "2021-12-22"]),
    st.lists(words, max_size=2).map(tuple),
    st.lists(text, max_size=2).map(tuple),
    maybe,
)
digests = st.builds(
    Digest,
    articles,
    st.lists(localities, max_size=3).map(tuple),
    st.none() | events,
    st.lists(figures, max_size=4).map(tuple),
    st.lists(leaders, max_size=3).map(tuple),
    text,
)
moments = st.datetimes(
    min_value=dt.datetime(2000, 1, 1),  # noqa: DTZ001  # hypothesis takes naive bounds and adds the zone
    max_value=dt.datetime(2100, 1, 1),  # noqa: DTZ001
    timezones=st.just(VN_TZ),
)
stored = st.builds(
    StoredDigest,
    text,
    digests,
    text,
    moments,
    moments,
    st.lists(text, max_size=3).map(tuple),
    st.lists(text, max_size=4).map(tuple),
)


@settings(max_examples=200)
@given(stored)
def test_a_stored_digest_reads_back_as_it_was(item: StoredDigest) -> None:
    doc = json.loads(json.dumps(encode(item), ensure_ascii=False))  # as the file holds it
    assert doc["v"] == FORMAT
    assert decode(doc) == item


@settings(max_examples=200)
@given(stored)
def test_a_documents_brief_is_the_brief_of_its_digest_and_reads_it_whole_only_when_asked(item: StoredDigest) -> None:
    doc = json.loads(json.dumps(encode(item), ensure_ascii=False))
    asked: list[int] = []

    def whole() -> StoredDigest:
        asked.append(1)
        return decode(doc)

    found = brief(doc, whole)
    assert found[:-1] == Brief.of(item)[:-1]
    assert not asked
    assert found.whole() == item


def test_a_brief_of_a_format_1_document_is_read_whole() -> None:
    doc = json.loads(min((DATA / "store-format1" / "digests").glob("*.json")).read_text("utf-8"))
    first = next(iter(doc["digests"].values()))
    assert "v" not in first
    found = brief(first, lambda: decode(first))
    assert found[:-1] == Brief.of(decode(first))[:-1]


def test_the_part_of_day_is_kept_not_guessed_from_the_text() -> None:
    article = Article("t", "Bài", ())
    digest = Digest(article, (), EventDate(dt.date(2025, 4, 5), "sáng", "Ngày 5-4"), (), (), "")
    moment = dt.datetime(2025, 4, 5, 9, tzinfo=VN_TZ)
    item = StoredDigest("a", digest, "f", moment, moment, (), ())
    event = decode(encode(item)).digest.event_date
    assert event is not None
    assert event.part_of_day == "sáng"


def test_a_store_written_in_format_1_opens_and_grows(tmp_path: Path) -> None:
    """A store written by the version before format 2 (three segments of four digests at most)."""
    folder = tmp_path / "store"
    shutil.copytree(DATA / "store-format1", folder)
    expected = json.loads((DATA / "store-format1.expected.json").read_text("utf-8"))
    store = TinyStore(folder, segment_size=4, clock=lambda: dt.datetime(2025, 11, 4, tzinfo=VN_TZ))
    items = list(store.digests())
    assert [_summary(i) for i in items] == expected
    assert store.count() == len(expected) == 10
    assert store.has_any_key(["g:v1-3"])
    newest = max(expected, key=lambda e: (e["when"], e["id"]))
    assert [i.id for i in store.latest(newest["units"])] == [newest["id"]]
    first = min(expected, key=lambda e: e["when"])
    start = dt.datetime.fromisoformat(first["when"])
    assert [i.id for i in store.between(start, start + dt.timedelta(minutes=1))] == [first["id"]]

    fresh = dataclasses.replace(items[0], id="new", keys=("g:new",), when=start + dt.timedelta(days=1))
    store.add([fresh])
    reopened = TinyStore(folder, segment_size=4, clock=lambda: dt.datetime(2025, 11, 4, tzinfo=VN_TZ))
    assert reopened.count() == 11
    assert [i.id for i in reopened.latest(fresh.units)] == ["new"]
    assert [_summary(i) for i in reopened.digests()][:10] == expected
    assert reopened.has_any_key(["g:new"])
    assert reopened.has_any_key(["g:v1-0"])


def _summary(item: StoredDigest) -> dict[str, object]:
    d = item.digest
    event = d.event_date
    return {
        "id": item.id,
        "when": item.when.isoformat(),
        "stored_at": item.stored_at.isoformat(),
        "feed": item.feed,
        "keys": list(item.keys),
        "units": list(item.units),
        "title": d.article.title,
        "url": d.article.url,
        "event": event.day.isoformat() if event else None,
        "event_text": event.text if event else None,
        "figures": [[f.text, f.label, f.change] for f in d.figures],
        "leaders": [[leader.name, list(leader.titles)] for leader in d.leaders],
        "localities": [loc.key for loc in d.localities],
        "summary": d.summary,
    }
