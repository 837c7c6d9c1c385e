"""The phrase model: the words of a window, and a measure's head remembered only while an article is read."""

from __future__ import annotations

import pytest

from digest.extract.phrases import Text, has_head
from digest.textnorm import clear_caches, low_folded


def test_window_cutting_a_number_or_a_word() -> None:
    low = low_folded("toàn xã có hơn 310ha chè, đạt 1.250 tỷ đồng")
    text = Text(low, low)
    cut = low.index("ha")
    assert [low[a:b] for a, b in text.words(cut, low.index(","))] == ["ha", "chè"]
    assert [low[a:b] for a, b in text.words(0, low.index("ha"))][-1] == "310"


def test_has_head_is_forgotten_with_the_folds() -> None:
    assert has_head("tổng giá trị sản xuất toàn huyện")
    assert has_head.cache_info().currsize > 0  # type: ignore[attr-defined]
    clear_caches()
    assert has_head.cache_info().currsize == 0  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("phrase", "at_start", "expected"),
    [
        ("giá trị sản xuất nông nghiệp", True, True),
        ("Tổng thu ngân sách", True, True),  # a sentence's capital
        ("tốc độ tăng trưởng kinh tế", True, True),  # the longest head, four words
        ("tốc   độ tăng trưởng", True, True),  # spacing
        ("toàn xã có diện tích chè", True, False),  # a head, but not at the start
        ("toàn xã có diện tích chè", False, True),
        ("một số xã", False, False),  # "một số" is "some", not "the number of"
        ("số hộ nghèo", True, True),
        ("các số liệu", True, False),  # "các" starts no measure
        ("tổng số hộ", False, True),
        ("sản", True, False),  # the first word of a head alone
        ("giá", True, True),
        ("", True, False),
        ("", False, False),
        ("diện tích,", True, False),  # a word with its comma is another token
        ("xã đạt chuẩn nông thôn mới", False, False),
    ],
)
def test_has_head(phrase: str, *, at_start: bool, expected: bool) -> None:
    assert has_head(phrase, at_start=at_start) is expected
