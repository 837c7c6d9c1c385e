"""Key figures: numbers in Vietnamese format with a unit, a qualifier and a short label.

"trên 70.000 tấn", "55,9 triệu đồng", "563 tỷ 859 triệu đồng", "21/26 chỉ tiêu", "99,52%",
"hơn 310ha", "thứ 22/63". A number counts only with a unit: that is what keeps out
ordinals ("lần thứ 12"), terms ("nhiệm kỳ 2020-2025"), resolutions ("số 10-NQ/TU"), years,
dates, ages and "COVID-19".
"""

from __future__ import annotations

import re

from digest.extract.labels import Placed, label_figures
from digest.models import Article, Figure

# Units as written (lower case, new tone placement) -> the unit reported. Longest first.
_UNITS: dict[str, str] = {
    "%": "%",
    "phần trăm": "%",
    "tạ/ha": "tạ/ha",
    "tấn/ha": "tấn/ha",
    "tấn": "tấn",
    "tạ": "tạ",
    "kg": "kg",
    "héc-ta": "ha",
    "hecta": "ha",
    "ha": "ha",
    "km2": "km²",
    "km²": "km²",
    "km": "km",
    "m2": "m²",
    "m²": "m²",
    "m3": "m³",
    "m³": "m³",
    "đồng": "đồng",
    "usd": "USD",
    "đô la mỹ": "USD",
    "đô la": "USD",
    "euro": "EUR",
    "lượt người": "lượt người",
    "lượt khách": "lượt khách",
    "lượt": "lượt",
    "người": "người",
    "nhân lực": "người",
    "quần chúng": "người",
    "lao động": "lao động",
    "hộ": "hộ",
    "học sinh": "học sinh",
    "sinh viên": "sinh viên",
    "đảng viên": "đảng viên",
    "hội viên": "hội viên",
    "con": "con",
    "cây": "cây",
    "doanh nghiệp": "doanh nghiệp",
    "hợp tác xã": "hợp tác xã",
    "dự án": "dự án",
    "công trình": "công trình",
    "căn nhà": "căn nhà",
    "ngôi nhà": "ngôi nhà",
    "căn hộ": "căn hộ",
    "sản phẩm": "sản phẩm",
    "mô hình": "mô hình",
    "chỉ tiêu": "chỉ tiêu",
    "tiêu chí": "tiêu chí",
    "xã": "xã",
    "thôn": "thôn",
    "bản": "bản",
    "khu phố": "khu phố",
    "tổ dân phố": "tổ dân phố",
    "trường": "trường",
    "cơ sở": "cơ sở",
    "tàu": "tàu",
    "tuyến": "tuyến",
}
# Counted things: their label reads after the number ("1 xã đạt chuẩn nông thôn mới").
_COUNTED = frozenset(
    u
    for u in _UNITS.values()
    if u not in {"%", "tạ/ha", "tấn/ha", "tấn", "tạ", "kg", "ha", "km²", "km", "m²", "m³", "đồng", "USD", "EUR"}
)
_UNIT_BLOCKERS = {
    "trường": ("hợp",),
    "con": ("số", "em", "đường", "người"),
    "xã": ("hội",),
    "cơ sở": ("dữ",),
    "người": ("dân tộc",),
    "bản": ("đồ", "thân", "chất", "lĩnh"),
}
_MULTIPLIERS = {"nghìn": 1e3, "ngàn": 1e3, "triệu": 1e6, "tỷ": 1e9, "tỉ": 1e9}
_UNIT_ALT = "|".join(re.escape(u) for u in sorted(_UNITS, key=len, reverse=True))
_FIGURE_RE = re.compile(
    # A digit first: a fast scan; the number taken whole (an atomic group): no shorter reading has a unit after it.
    rf"(?P<num>\d(?<![\w.,/-]\d)(?>\d*(?:[.,]\d+)*))(?:\s*/\s*(?P<total>\d+(?:,\d+)?))?"
    rf"(?P<compound>(?:\s*(?:tỷ|tỉ|triệu|nghìn|ngàn)\s+\d+(?:,\d+)?)*)"
    rf"\s*(?P<mult>nghìn|ngàn|triệu|tỷ|tỉ)?\s*(?P<unit>{_UNIT_ALT})(?![\wà-ỹ])"
)
_RANK_RE = re.compile(r"(?P<lead>x(?<!\wx)ếp\s+thứ|t(?<!\wt)hứ)\s+(?P<num>\d+)(?:\s*/\s*(?P<total>\d+))?(?![\w/])")
_VALID_NUMBER_RE = re.compile(r"^(?:\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)$")
_QUALIFIER_RE = re.compile(
    r"(?:(?P<q>ước đạt trên|ước đạt hơn|trên|hơn|gần|khoảng|từ|ít nhất|tối thiểu|dưới|trở lên)"
    r"|(?P<sym>[≥≤><]))\s*$"
)
_COMPARATIVE = frozenset(
    {
        "trên",
        "hơn",
        "gần",
        "khoảng",
        "từ",
        "ít nhất",
        "tối thiểu",
        "dưới",
        "ước đạt trên",
        "ước đạt hơn",
        "≥",
        "≤",
        ">",
        "<",
    }
)
_NOT_A_COUNT_BEFORE_RE = re.compile(r"(?:ngày|tháng|quý|năm|lần thứ|khóa|số|mũi|lớp|loại|covid|kỳ họp thứ)\s*-?\s*$")
# The direction of a change, kept with its number: "tỷ lệ hộ nghèo giảm 0,5%" is a fall, not a rate.
_CHANGE_RE = re.compile(
    r"(?<![\wà-ỹ])(?P<change>tăng(?: thêm| lên)?|giảm(?: còn| xuống(?: còn)?)?|vượt|tăng trưởng)"
    r"(?:\s+(?:bình quân|hằng năm|hàng năm|mỗi năm|trung bình|được|đạt|khoảng|ở mức|mức))*\s*$"
)


_DIGIT_RE = re.compile(r"\d")
_COMPOUND_PART_RE = re.compile(r"(tỷ|tỉ|triệu|nghìn|ngàn)\s+(\d+(?:,\d+)?)")


def find_figures(article: Article) -> tuple[Figure, ...]:
    """The figures of an article, in reading order, each with what it measures."""
    figures: list[Figure] = []
    for paragraph in article.paragraphs:
        if not _DIGIT_RE.search(paragraph):
            continue  # no number, no figure
        low = article.folds.low(paragraph)
        found = sorted([*_money_and_units(paragraph, low), *_ranks(paragraph, low)], key=lambda f: f[0].start)
        placed = [_with_change(low, p, f) for p, f in found]
        labels = label_figures(paragraph, low, placed)
        for where, (_, figure), label in zip(placed, found, labels, strict=True):
            figures.append(
                Figure(figure.text, figure.value, figure.unit, label, figure.qualifier, figure.total, where.change)
            )
    return tuple(figures)


def _with_change(low: str, placed: Placed, figure: Figure) -> Placed:
    """The direction written before the number; "tăng từ 58 triệu đồng ... lên 68 triệu đồng" is two levels."""
    found = _CHANGE_RE.search(low, max(0, placed.start - 40), placed.start)
    change = found.group("change") if found else None
    if change and figure.qualifier == "từ":
        change = None
    return Placed(placed.start, placed.end, placed.unit, placed.counted, placed.unit_start, figure.value, change)


def parse_number(text: str) -> float | None:
    """A number in Vietnamese format ("70.000", "16,6", "14.759,03"), or `None`."""
    if not _VALID_NUMBER_RE.match(text):
        return None
    return float(text.replace(".", "").replace(",", "."))


def _money_and_units(text: str, low: str) -> list[tuple[Placed, Figure]]:
    out = []
    for m in _FIGURE_RE.finditer(low):
        value = parse_number(m.group("num"))
        unit = _UNITS[m.group("unit")]
        blocked = _UNIT_BLOCKERS.get(m.group("unit"), ())
        rest = low[m.end() : m.end() + 12].lstrip()
        if value is None or any(rest.startswith(b) for b in blocked):
            continue
        before = low[max(0, m.start() - 20) : m.start()]
        if _NOT_A_COUNT_BEFORE_RE.search(before) and unit != "%":
            continue
        value = _compound_value(value, m.group("compound"), m.group("mult"))
        if value is None:
            continue
        total = parse_number(m.group("total")) if m.group("total") else None
        if m.group("total") and unit not in _COUNTED:
            continue
        start, qualifier = _qualifier(low, m.start())
        placed = Placed(start, m.end(), unit, unit in _COUNTED, m.start("unit"))
        figure = Figure(
            text[start : m.end()], _clean(value), unit, "", qualifier, _clean(total) if total is not None else None
        )
        out.append((placed, figure))
    return out


def _compound_value(value: float, compound: str, mult: str | None) -> float | None:
    """Apply "tỷ"/"triệu" multipliers, including compounds: "563 tỷ 859 triệu đồng"."""
    parts = _COMPOUND_PART_RE.findall(compound) if compound else ()
    if not parts:
        return value * _MULTIPLIERS[mult] if mult else value
    if mult is None:
        return None
    total, current = 0.0, value
    for word, number in parts:
        total += current * _MULTIPLIERS[word]
        parsed = parse_number(number)
        if parsed is None:
            return None
        current = parsed
    return total + current * _MULTIPLIERS[mult]


def _ranks(text: str, low: str) -> list[tuple[Placed, Figure]]:
    out = []
    for m in _RANK_RE.finditer(low):
        if m.group("total") is None and not m.group("lead").startswith("xếp"):
            continue
        total = float(m.group("total")) if m.group("total") else None
        placed = Placed(m.start(), m.end(), "thứ hạng", counted=False, unit_start=m.end())
        out.append((placed, Figure(text[m.start() : m.end()], float(m.group("num")), "thứ hạng", "", None, total)))
    return out


def _qualifier(low: str, start: int) -> tuple[int, str | None]:
    found = _QUALIFIER_RE.search(low, max(0, start - 16), start)
    if found is None or (found.end() != start and low[found.end() : start].strip()):
        return start, None
    qualifier = found.group("q") or found.group("sym")
    if qualifier in _COMPARATIVE:
        return found.start(), qualifier
    return start, qualifier


def _clean(value: float) -> float:
    return float(round(value, 6))
