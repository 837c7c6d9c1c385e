"""The phrase model: the words of a window, and a measure's head remembered only while an article is read."""

from __future__ import annotations

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
