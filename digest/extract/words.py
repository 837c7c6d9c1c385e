"""Word-level helpers shared by the extractors: capitalised runs and Vietnamese surnames."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from digest.textnorm import LOWER_LETTERS, UPPER_LETTERS

# A capitalised word: a capital, then nothing or a lower-case letter and more ("Xuân", "A", "ĐắkLắk"), or an
# apostrophe and a capitalised syllable ("H’Linh", "R'Lấp"); never a word in capitals ("UBND"), which breaks a run.
_WORD_TAIL = rf"(?:[{LOWER_LETTERS}0-9][^\W_]*(?:&[^\W_]+)?|['’][{UPPER_LETTERS}][^\W_]*)?(?![^\W_]|&)"
_WORD = rf"[{UPPER_LETTERS}]{_WORD_TAIL}"
# A run starts at a capital not glued to a word before it; the capital comes first in the pattern (then the
# look back), so that the regex engine skips to capitals instead of trying every position.
_FIRST_WORD = rf"[{UPPER_LETTERS}](?<![^\W_][{UPPER_LETTERS}]){_WORD_TAIL}"
_RUN_RE = re.compile(rf"{_FIRST_WORD}(?: {_WORD})*")
_RUN_DIGITS_BODY = rf"{_WORD}(?: (?:{_WORD}|\d+(?![^\W_])))*"
_RUN_DIGITS_RE = re.compile(rf"{_FIRST_WORD}(?: (?:{_WORD}|\d+(?![^\W_])))*")
_RUN_GLUED_RE = re.compile(_RUN_DIGITS_BODY)  # may follow a word it is glued to: "huyệnĐak Đoa"

# Vietnamese family names, Kinh and the commonest of the ethnic minorities (Tày, Thái, Mường, H'Mông, ...).
SURNAMES = frozenset(
    """
Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đào Đoàn Vương Trịnh Trương Lâm Phùng
Mai Tô Hà Tạ Lương Đinh Lưu Cao Chu Châu Quách Thái Từ Tăng Triệu Khổng Kiều Lã Lại Lữ Lò Mạc Mạch Nghiêm Ông
Phí Phó Quan Tôn Thân Thạch Tiêu Viên Âu Bạch Bế Cà Cầm Cấn Chẩu Chế Chử Cù Diệp Doãn Dư Đàm Đậu Giáp Hàn Hầu
Hứa Khúc Kim Kha Khương La Liêu Lục Lường Ma Mã Mẫn Mông Nông Nhữ Ôn Sầm Sùng Giàng Vàng Thào Mùa Lầu Hờ Cứ
Tráng Vi Lèo Lỳ Sần Sái Tòng Thàng Tẩn Hạ Trình Văng Bàn Thiều Lăng Tống Trang Trầm Đường Thiệu Tiết Thang Lô
Nhan Quản Ưng Uông Vừ Ksor Rơ Siu Nay Rah Kpă Mầu Phù Lành Ngân Khà Pờ Chảo Dền Phàn Nịnh Mua Hạng Quàng Khằm
Đầu Khuất Ninh Ngạc Giang Đồng Lạc Ung Ngọ Chung Khưu Cung Bì Lộ Phương Bá Hy Trượng Đàng Thập Quảng Chau Danh
Puih Rmah Rcom Kpuih Hiao Ra Chang Sình Ly Vòng Múa Tào Giả
""".split()
)
# Given-name openers of the Ê Đê, M'nông and Bahnar ("Y Khoa Niê", "A Pổ"), who write the family name last;
# women's names open with "H'" ("H’Linh Mlô").
_NAME_OPENERS = frozenset({"Y", "A"})
_WOMAN_OPENER_RE = re.compile(r"H['’][A-ZĐ]")


class Run(NamedTuple):
    """A maximal run of capitalised words, e.g. "Hà Hải Dương" or "Thọ Xuân". (A named tuple, not a frozen
    dataclass: an article has hundreds, and a tuple is made in a third of the time.)"""

    words: tuple[str, ...]
    start: int
    end: int

    @property
    def text(self) -> str:
        """The words joined by single spaces."""
        return " ".join(self.words)


def is_capitalised(word: str) -> bool:
    """A word written with a capital first letter and the rest in lower case ("Xuân", not "UBND")."""
    return word[0].isupper() and (len(word) == 1 or not word[1:].isupper()) and not word.isdigit()


@lru_cache(maxsize=2048)
def capitalised_runs(text: str, *, allow_digits: bool = False) -> tuple[Run, ...]:
    """Maximal runs of capitalised words separated by single spaces; acronyms ("UBND") break a run."""
    pattern = _RUN_DIGITS_RE if allow_digits else _RUN_RE
    return tuple(Run(tuple(m.group().split(" ")), m.start(), m.end()) for m in pattern.finditer(text))


def run_at(text: str, pos: int) -> Run | None:
    """The run of capitalised words (numbers allowed after the first) starting exactly at `pos`."""
    found = _RUN_GLUED_RE.match(text, pos)
    return Run(tuple(found.group().split(" ")), pos, found.end()) if found else None


def looks_like_person(words: tuple[str, ...] | list[str]) -> bool:
    """Two to five capitalised syllables starting with a Vietnamese surname, or as the Ê Đê, M'nông and
    Bahnar names open ("Y Khoa Niê", "H’Linh Mlô", "A Pổ")."""
    if not 2 <= len(words) <= 5 or not all(is_capitalised(w) for w in words):
        return False
    first = words[0]
    return first in SURNAMES or first in _NAME_OPENERS or _WOMAN_OPENER_RE.match(first) is not None


# Offices, lower case (new tone placement): what a leader's title starts with.
POSITIONS = (
    "tổng bí thư",
    "phó bí thư thường trực",
    "phó bí thư",
    "bí thư",
    "phó chủ tịch thường trực",
    "phó chủ tịch",
    "chủ tịch",
    "ủy viên",
    "tỉnh ủy viên",
    "huyện ủy viên",
    "thành ủy viên",
    "thị ủy viên",
    "tuv",
    "huv",
    "uvtv",
    "phó trưởng",
    "trưởng",
    "phó tổng giám đốc",
    "tổng giám đốc",
    "phó giám đốc",
    "giám đốc",
    "phó chánh",
    "chánh",
    "phó chủ nhiệm",
    "chủ nhiệm",
    "phó thủ tướng",
    "thủ tướng",
    "bộ trưởng",
    "thứ trưởng",
    "phó viện trưởng",
    "viện trưởng",
    "hiệu trưởng",
    "chỉ huy trưởng",
    "chính ủy",
    "tư lệnh",
    "đại biểu quốc hội",
    "phó cục trưởng",
    "cục trưởng",
    "vụ trưởng",
    "tổng cục trưởng",
    "chủ tịch nước",
    "phó chủ tịch nước",
)
POSITION_RE = re.compile(r"(?<![\wà-ỹ])(?:" + "|".join(sorted(POSITIONS, key=len, reverse=True)) + r")(?![\wà-ỹ])")
