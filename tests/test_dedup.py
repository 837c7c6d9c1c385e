"""Deduplication keys: one module for every rule of them."""

from __future__ import annotations

import datetime as dt

import pytest

from digest.dedup import article_keys, entry_keys, fingerprint, normalise_link
from digest.models import Article
from digest.textnorm import match_key
from digest.timeutil import VN_TZ


@pytest.mark.parametrize(
    ("link", "key"),
    [
        ("https://www.baothanhhoa.vn/tin/a-1.html", "baothanhhoa.vn/tin/a-1.html"),
        ("http://baothanhhoa.vn/tin/a-1.html/", "baothanhhoa.vn/tin/a-1.html"),
        ("https://BaoThanhHoa.vn/tin?id=5&utm_source=fb&fbclid=x", "baothanhhoa.vn/tin?id=5"),
        ("https://baothanhhoa.vn/tin?id=5#binh-luan", "baothanhhoa.vn/tin?id=5"),
        ("  https://baothanhhoa.vn/tin?zarsrc=30&gclid=1  ", "baothanhhoa.vn/tin"),
    ],
)
def test_a_link_is_keyed_without_what_does_not_name_the_page(link: str, key: str) -> None:
    assert normalise_link(link) == key


def test_a_title_is_keyed_whatever_its_marks_case_and_punctuation() -> None:
    day = dt.date(2025, 7, 1)
    assert fingerprint("Thọ Xuân: ra quân làm đường!", day) == fingerprint("THO XUAN - ra quan lam duong", day)
    assert fingerprint("Thọ Xuân", day) != fingerprint("Thọ Xuân", day + dt.timedelta(days=1))


def test_an_entry_s_keys_and_an_article_s() -> None:
    published = dt.datetime(2025, 7, 1, 9, tzinfo=VN_TZ)
    keys = entry_keys(" 123 ", "https://www.x.vn/a/", "Tin A", published)
    assert keys == ("g:123", "l:x.vn/a", "f:tin a|2025-07-01")
    assert entry_keys(None, None, "Tin A", None) == ()
    article = Article("x", "Tin A", ("Đoạn một.",), published="2025-07-01", url="https://x.vn/a")
    with_entry = article_keys(article, keys)
    assert with_entry[:3] == keys  # the entry's link stands for the article's
    assert with_entry[3].startswith("c:")
    alone = article_keys(article)
    assert alone[:2] == ("l:x.vn/a", "f:tin a|2025-07-01")  # the link keyed as an entry's would be
    copied = Article("y", "Tin A", ("Đoạn một.",), url="https://y.vn/b")
    assert article_keys(copied)[-1] == alone[-1]  # the same story under another link


def test_an_articles_content_key_does_not_fill_the_cache_of_names() -> None:
    before = match_key.cache_info().currsize
    keys = [
        article_keys(Article(f"t{i}.txt", f"Tin {i}", (f"Đoạn văn số {i} của bài, huyện Thọ Xuân.", "Đoạn hai.")))
        for i in range(100)
    ]
    assert len({k[-1] for k in keys}) == 100  # each article its own content key
    assert match_key.cache_info().currsize - before < 5
    # The same text, however its marks and spaces are written, has one key.
    one = article_keys(Article("a.txt", "Tin", ("Thiệu Hoá  tổ chức hội nghị.",)))
    other = article_keys(Article("b.txt", "Tin", ("Thiệu Hóa tổ chức hội nghị.",)))
    assert one[-1] == other[-1]
