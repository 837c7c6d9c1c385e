"""Key figures: numbers in Vietnamese format with a unit, a qualifier and a short label.

"trên 70.000 tấn", "55,9 triệu đồng", "563 tỷ 859 triệu đồng", "21/26 chỉ tiêu", "99,52%",
"hơn 310ha", "thứ 22/63". A number counts only with a unit: that is what keeps out
ordinals ("lần thứ 12"), terms ("nhiệm kỳ 2020-2025"), resolutions ("số 10-NQ/TU"), years,
dates, ages and "COVID-19".
"""

from __future__ import annotations

import re

from digest.models import Article, Figure
from digest.textnorm import low_folded

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
_NUMBER = r"\d+(?:[.,]\d+)*"
_FIGURE_RE = re.compile(
    rf"(?<![\w.,/-])(?P<num>{_NUMBER})(?:\s*/\s*(?P<total>\d+(?:,\d+)?))?"
    rf"(?P<compound>(?:\s*(?:tỷ|tỉ|triệu|nghìn|ngàn)\s+\d+(?:,\d+)?)*)"
    rf"\s*(?P<mult>nghìn|ngàn|triệu|tỷ|tỉ)?\s*(?P<unit>{_UNIT_ALT})(?![\wà-ỹ])"
)
_RANK_RE = re.compile(r"(?<![\w])(?P<lead>(?:xếp\s+)?thứ)\s+(?P<num>\d+)(?:\s*/\s*(?P<total>\d+))?(?![\w/])")
_VALID_NUMBER_RE = re.compile(r"^(?:\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)$")
_QUALIFIER_RE = re.compile(
    r"(?:(?P<q>ước đạt trên|ước đạt hơn|trên|hơn|gần|khoảng|từ|ít nhất|tối thiểu|dưới|trở lên|tăng|giảm|vượt)"
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
_CLAUSE_BREAK_RE = re.compile(r"[;:()\[\]!?…“”\"]|[.,](?!\d)|\b(?:trong đó|theo đó|nhờ đó|đồng thời|và|bằng)\b")
# Words that link a measure to its number; trimmed from the end of a label ("sản lượng ... ước đạt").
_LINK_WORDS = frozenset(
    [
        "ước",
        "tính",
        "thực",
        "hiện",
        "đạt",
        "được",
        "là",
        "bằng",
        "tăng",
        "giảm",
        "còn",
        "có",
        "với",
        "khoảng",
        "trên",
        "hơn",
        "gần",
        "từ",
        "ít",
        "nhất",
        "hiện",
        "xếp",
        "vượt",
        "chiếm",
        "lên",
        "xuống",
        "tới",
        "đến",
    ]
)
_LABEL_LEAD_RE = re.compile(r"^(?:và|nhưng|còn|trong đó|theo đó|nhờ đó|đồng thời|cụ thể|riêng)\s+")
_AFTER_LABEL_RE = re.compile(r"^\s*(kế hoạch(?: giao)?|so với cùng kỳ|cùng kỳ|so với kế hoạch)\b(?:\s+và)?")
LABEL_WORDS = 9


def find_figures(article: Article) -> tuple[Figure, ...]:
    """The figures of an article, in reading order."""
    figures: list[Figure] = []
    for paragraph in article.paragraphs:
        low = low_folded(paragraph)
        found = sorted([*_money_and_units(paragraph, low), *_ranks(paragraph, low)], key=lambda f: f[0])
        previous_label, previous_end = "", 0
        for start, figure in found:
            end = start + len(figure.text)
            if figure.unit not in _COUNTED or not figure.label:
                figure = _with_label(figure, _label_before(paragraph, low, start, previous_end))
            if not figure.label and previous_label:
                suffix = _AFTER_LABEL_RE.match(low[end:])
                compared = suffix.group(1) if suffix else ""
                compared = compared if compared.startswith("so với") or not compared else "so với " + compared
                figure = _with_label(figure, previous_label + (f" ({compared})" if compared else ""))
            previous_label, previous_end = figure.label.split(" (")[0] or previous_label, end
            figures.append(figure)
    return tuple(figures)


def _with_label(figure: Figure, label: str) -> Figure:
    return Figure(figure.text, figure.value, figure.unit, label, figure.qualifier, figure.total)


def parse_number(text: str) -> float | None:
    """A number in Vietnamese format ("70.000", "16,6", "14.759,03"), or `None`."""
    if not _VALID_NUMBER_RE.match(text):
        return None
    return float(text.replace(".", "").replace(",", "."))


def _money_and_units(text: str, low: str) -> list[tuple[int, Figure]]:
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
        label = _label_after(text, low, m.start("unit")) if unit in _COUNTED else ""
        out.append(
            (
                start,
                Figure(
                    text[start : m.end()],
                    _clean(value),
                    unit,
                    label,
                    qualifier,
                    _clean(total) if total is not None else None,
                ),
            )
        )
    return out


def _compound_value(value: float, compound: str, mult: str | None) -> float | None:
    """Apply "tỷ"/"triệu" multipliers, including compounds: "563 tỷ 859 triệu đồng"."""
    parts = re.findall(r"(tỷ|tỉ|triệu|nghìn|ngàn)\s+(\d+(?:,\d+)?)", compound)
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


def _ranks(text: str, low: str) -> list[tuple[int, Figure]]:
    out = []
    for m in _RANK_RE.finditer(low):
        if m.group("total") is None and not m.group("lead").startswith("xếp"):
            continue
        total = float(m.group("total")) if m.group("total") else None
        out.append((m.start(), Figure(text[m.start() : m.end()], float(m.group("num")), "thứ hạng", "", None, total)))
    return out


def _qualifier(low: str, start: int) -> tuple[int, str | None]:
    found = _QUALIFIER_RE.search(low, max(0, start - 16), start)
    if found is None or (found.end() != start and low[found.end() : start].strip()):
        return start, None
    qualifier = found.group("q") or found.group("sym")
    if qualifier in _COMPARATIVE:
        return found.start(), qualifier
    return start, qualifier


def _label_after(text: str, low: str, unit_start: int) -> str:
    """What a count counts: its noun and the words after it ("xã đạt chuẩn nông thôn mới")."""
    stop = _CLAUSE_BREAK_RE.search(low, unit_start)
    words = text[unit_start : stop.start() if stop else len(text)].split()
    return " ".join(words[:LABEL_WORDS]) if len(words) > 1 else ""


def _label_before(text: str, low: str, start: int, floor: int) -> str:
    """What a measure measures: the words of its clause before it, after any earlier figure."""
    breaks = [b.end() for b in _CLAUSE_BREAK_RE.finditer(low, floor, start)]
    begin = max([floor, *breaks])
    clause = low[begin:start]
    lead = _AFTER_LABEL_RE.match(clause)
    if lead:
        begin += lead.end()
    words = low[begin:start].split()
    while words and words[-1] in _LINK_WORDS:
        words.pop()
    trimmed = _LABEL_LEAD_RE.sub("", " ".join(words))
    if not trimmed:
        return ""
    at = low.find(trimmed.split()[0], begin)
    return " ".join(text[at:].split()[: len(trimmed.split())][-LABEL_WORDS:])


def _clean(value: float) -> float:
    return float(round(value, 6))
