"""The phrase model: a paragraph tokenised once answers every window as a scan of that window would."""

from __future__ import annotations

import random
import re
from pathlib import Path

from digest.extract import phrases
from digest.extract.phrases import Text, has_head
from digest.textnorm import clear_caches, low_folded

DATA = Path(__file__).parent / "data"
_WORD_RE = re.compile(phrases._WORD_RE.pattern)


def test_words_of_any_window_are_those_of_a_scan_of_it() -> None:
    rng = random.Random(7)
    checked = 0
    for path in sorted(DATA.glob("*/*.txt"))[:20]:
        for paragraph in path.read_text(encoding="utf-8").split("\n"):
            if len(paragraph) < 20:
                continue
            low = low_folded(paragraph)
            text = Text(paragraph, low)
            for _ in range(20):
                start = rng.randrange(len(low))
                end = min(len(low), start + rng.randrange(1, 160))
                assert text.words(start, end) == [m.span() for m in _WORD_RE.finditer(low, start, end)]
                checked += 1
    assert checked > 1000


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
