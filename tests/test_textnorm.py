"""Unicode keys: length preservation (offsets found in a folded copy must point at the original)."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from digest import textnorm
from digest.gazetteer import Gazetteer
from digest.models import Article
from digest.pipeline import digest_article
from digest.textnorm import clean_input, clean_unicode, fold_tones, looks_garbled, loose_key, match_key, strip_marks

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


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Thanh Hoá", "Thanh Hóa"),
        ("THANH HOÁ", "THANH HÓA"),
        ("Oà", "Òa"),
        ("hoạ sĩ, khoẻ, thuỷ lợi", "họa sĩ, khỏe, thủy lợi"),
        ("Quý, quá, quả, thuở", "Qúy, quá, quả, thuở"),  # "uá", "uả" are no pair; "uý" is one
        ("hoàng, khoảng, tuyên", "hoàng, khoảng, tuyên"),  # not at the end of a syllable
        ("hoáhoá", "hoáhóa"),  # the first is glued to a letter
        ("hoá.Hoá-hoá", "hóa.Hóa-hóa"),
        ("", ""),
    ],
)
def test_fold_tones_moves_the_mark_of_each_old_style_pair(old: str, new: str) -> None:
    assert fold_tones(old) == new


def test_loose_key_ignores_marks_case_and_spacing() -> None:
    assert loose_key("  Thọ   Xuân ") == loose_key("tho xuan") == "tho xuan"
    assert loose_key("Đắk Lắk") == "dak lak"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Tin mới \u202egnp.exe\u202c về huyện", "Tin mới gnp.exe về huyện"),  # right-to-left override
        ("\u2067Thọ Xuân\u2069 và \u200fVĩnh Lộc\u200e", "Thọ Xuân và Vĩnh Lộc"),  # isolates and marks
        ("a\x00b\x01c\x1bd\x7fe\x85f", "abcdef"),  # C0 and C1 controls
        ("dòng 1\ndòng 2\tcột", "dòng 1\ndòng 2 cột"),  # line breaks stay, a tab is a space
        ("\ufeffHuyện\ufffe", "Huyện"),
    ],
)
def test_control_and_direction_characters_are_removed(raw: str, clean: str) -> None:
    assert clean_unicode(raw) == clean


@given(st.text(max_size=200))
def test_cleaned_text_holds_no_control_or_direction_character(text: str) -> None:
    cleaned = clean_unicode(text)
    assert not [c for c in cleaned if unicodedata.category(c) == "Cc" and c != "\n"]
    assert not [
        c
        for c in cleaned
        if unicodedata.bidirectional(c) in ("LRO", "RLO", "LRE", "RLE", "PDF", "LRI", "RLI", "FSI", "PDI")
    ]


def test_typed_input_is_one_line_of_nfc() -> None:
    assert clean_input(unicodedata.normalize("NFD", "  Thọ\u202e   Xuân \n")) == "Thọ Xuân"


@pytest.mark.parametrize(
    ("text", "garbled"),
    [
        ("Huyện Vĩnh Lộc tổ chức hội nghị tổng kết năm 2021, đạt 21/26 chỉ tiêu.", False),
        ("Huyáť‡n VÄŠnh Láť™c táť• cháť©c háť™i ngháť‹ táť•ng káşżt", True),  # read as ISO-8859-2
        ("Huyá»‡n VÄ©nh Lá»™c tá»• chá»©c há»™i nghá»‹ tá»•ng káº¿t", True),  # read as Windows-1252
        ("Ông Müller và bà Zoë thăm São Paulo – “hữu nghị”, 25°C, 3 km².", False),  # foreign names, signs
        ("Đoàn đại biểu 北京市 thăm Hà Nội", False),  # another script is not mojibake
        ("Giá", False),
    ],
)
def test_garbled_text_is_recognised(text: str, garbled: bool) -> None:
    assert looks_garbled(text) is garbled


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Huyện Thọ Xuân đạt 16,6%", "Huyen Tho Xuan dat 16,6%"),  # letters and ASCII signs only
        ("Đảng ủy xã “Yên Phong” – 2025", "Dang uy xa “Yen Phong” – 2025"),  # typographic signs kept
        ("Thọ Xuân\u0301", "Tho Xuan\u0301"),  # a mark NFC could not compose stays, one for one
        ("Ðồng Tháp", "Ðong Thap"),  # a letter with no ASCII base stays
    ],
)
def test_strip_marks_on_letters_signs_and_strays(text: str, expected: str) -> None:
    assert strip_marks(text) == expected


def test_an_article_is_folded_once_for_every_extractor(monkeypatch: pytest.MonkeyPatch, gaz: Gazetteer) -> None:
    calls: list[str] = []
    real = textnorm.flat_lower

    def counting(text: str) -> str:
        calls.append(text)
        return real(text)

    monkeypatch.setattr(textnorm, "flat_lower", counting)
    paragraphs = ("Sáng 5-4, huyện Thọ Xuân tổ chức hội nghị.", "Tổng thu ngân sách đạt 1.250 tỷ đồng, tăng 16,6%.")
    article = Article("t", "Thọ Xuân tổng kết", paragraphs, published="2022-04-05")
    digest_article(article, gaz)
    assert sorted(calls) == sorted(["Thọ Xuân tổng kết", *paragraphs])  # each text once, whatever the extractors
    assert article.folds is article.folds


def test_letter_classes_hold_every_letter_of_their_case_and_nothing_else() -> None:
    upper = re.compile(f"[{textnorm.UPPER_LETTERS}]")
    lower = re.compile(f"[{textnorm.LOWER_LETTERS}]")
    for code in range(0x3000):
        char = chr(code)
        latin_to_vietnamese = 0x41 <= code < 0x1EFF and char.isalpha()
        assert bool(upper.fullmatch(char)) == (latin_to_vietnamese and char.isupper()), hex(code)
        assert bool(lower.fullmatch(char)) == (latin_to_vietnamese and char.islower()), hex(code)
    assert upper.fullmatch("Ỹ")
    assert lower.fullmatch("ỹ")
    assert not upper.fullmatch("-")


def test_word_alternation_finds_words_at_their_start_only() -> None:
    flat = re.compile(textnorm.word_alternation(["huyen", "tinh uy", "tt(?=\\.)"]))
    assert [m.group() for m in flat.finditer("huyen tho xuan, tinh uy, tt. lam son, chuyen, tt lam")] == [
        "huyen",
        "tinh uy",
        "tt",
    ]
    marked = re.compile(textnorm.word_alternation(["với", "trong đó"], not_after=r"\w", then=r"\b"))
    assert [m.group() for m in marked.finditer("cùng với xã, trong đó, trong đóa, ờvới")] == ["với", "trong đó"]
