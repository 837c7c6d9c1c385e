"""Unicode keys: length preservation (offsets found in a folded copy must point at the original)."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from digest.textnorm import clean_unicode, fold_tones, loose_key, match_key, strip_marks

VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
text_strategy = st.text(alphabet=VIETNAMESE + VIETNAMESE.upper() + " .,-0123456789\n\u0301\u0323", max_size=200)


@given(text_strategy)
def test_strip_marks_keeps_length_and_leaves_ascii(text: str) -> None:
    text = clean_unicode(text)
    stripped = strip_marks(text)
    assert len(stripped) == len(text)
    # Marks that NFC cannot compose stay as they are, letters all lose theirs.
    assert all(c.isascii() or unicodedata.combining(c) for c in stripped)


@given(text_strategy)
def test_fold_tones_keeps_length(text: str) -> None:
    text = clean_unicode(text)
    assert len(fold_tones(text)) == len(text)


@given(st.text(alphabet=VIETNAMESE + " ", max_size=60))
def test_nfc_and_nfd_spellings_share_keys(text: str) -> None:
    nfd = clean_unicode(unicodedata.normalize("NFD", text))
    assert match_key(nfd) == match_key(text)
    assert loose_key(nfd) == loose_key(text)


def test_old_and_new_tone_placement_share_a_key() -> None:
    assert match_key("Thiệu Hoá") == match_key("Thiệu Hóa") == "thiệu hóa"
    assert match_key("Huyện uỷ") == match_key("Huyện ủy")
    assert fold_tones("Hoàng") == "Hoàng"  # the pair is not at the end of the syllable


def test_loose_key_ignores_marks_case_and_spacing() -> None:
    assert loose_key("  Thọ   Xuân ") == loose_key("tho xuan") == "tho xuan"
    assert loose_key("Đắk Lắk") == "dak lak"
