"""What each figure measures: the noun phrase the number belongs to, read from the words around it.

A Vietnamese report names the measure before its verb ("Tổng thu ngân sách ... ước đạt 1.250 tỷ đồng"),
after a percentage ("100% xã đạt chuẩn nông thôn mới", "đạt 100% kế hoạch thu ngân sách"), after a count
("1 xã đạt chuẩn", "thành lập mới 30 doanh nghiệp"), or once for a list ("giá trị sản xuất nông, lâm
nghiệp và thủy sản ước đạt X, tăng Y% so với cùng kỳ"; "trong đó, ngành công nghiệp đạt Z"; "cao như
Hội An (77 tạ/ha), Duy Xuyên (66,85 tạ/ha)"). A label keeps the comparison ("so với kế hoạch") and the
period it states, is cut only between words and never inside a coordinated phrase, and is never empty.
Work is on the paragraph's lower-case text with the new tone placement (`low`, one character for one of
the original), so the label is the writer's own words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from digest.extract.lexicon import (
    ACTIVITY_HEADS,
    ASPECT,
    CLAUSE_VERBS,
    DIMENSIONS,
    LINK_PAIRS,
    LINKS,
    MEASURE_HEADS,
    NP_STOPS,
    SHARE_WORDS,
    TRAILING_ADVERBS,
)

LABEL_WORDS = 12  # a longer phrase is cut between words, keeping its head (Vietnamese puts it first)
ITEM_WORDS = 4  # a list item after a comma is short ("lâm nghiệp và thủy sản")
SHORT_COUNT_SYLLABLES = 5  # "chỉ tiêu chủ yếu": a count this short takes its deed ("thông qua")
PREFIX_SYLLABLES = 4  # "đại hội xác định (mục tiêu ...)": a subject and its verb before the measure
ITEM_SYLLABLES = 10  # and so is the first item of a coordinated measure ("giá trị sản xuất ngành công nghiệp")

_WORD_RE = re.compile(r"[^\W_]+(?:[.,'’][^\W_]+)*|[^\w\s]")
_SENTENCE_RE = re.compile(r"[.!?…](?=\s|$)")
_CLAUSE_RE = re.compile(r"[;:]")
_CHUNK_RE = re.compile(
    r"[,()\[\]“”\"]|\b(?:trong đó|theo đó|nhờ đó|qua đó|từ đó|do đó|đồng thời|trong khi|bên cạnh đó|ngoài ra"
    r"|cụ thể|tuy nhiên|mặt khác|(?<!so )(?<!đối )với)\b"
)
_HEADS_LONGEST_FIRST = sorted(MEASURE_HEADS, key=len, reverse=True)
_QUANTIFIERS = frozenset({"một", "đa", "các", "những"})
_ABBREVIATION_RE = re.compile(r"\([^\W\d_]{2,10}\)")
_AFTER_STOP_RE = re.compile(
    r"[.;:()!?\[\]]|\d|\b(?:so với|trở lên|nhằm|để|trong khi|trong đó|đối với|với|nhưng|song|như|là|gồm|cùng"
    r"|và (?:một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười)\s)\b"
)
_CLAUSE_OPENERS = r"^(?:chủ yếu|phần lớn|đa số|hầu hết|nhiều|đặc biệt|nhất là|trong đó)\b"
_LIST_INTROS = frozenset({"như", "gồm", ":"})
_ADMIN_NOUNS = frozenset({"xã", "huyện", "tỉnh", "phường", "thị xã", "thị trấn", "đặc khu", "quận", "thành phố"})
_CUT_BEFORE = frozenset({"của", "trên", "tại", "trong", "theo", "vào", "đối", "ở", "thuộc", "cho", "từ", "so"})
_PERIOD_AFTER_RE = re.compile(r"\s*(?:/|năm\b|tháng\b|quý\b|giai đoạn\b|nhiệm kỳ\b|vào\b|đến\b|trong\b|mỗi\b|hằng\b)")
_YEAR_AFTER_RE = re.compile(r"\s+((?:năm|vào năm|đến năm) \d{4})\b")
_SUBSET_RE = re.compile(r"\btrong đó\b")
_LEADING_RE = re.compile(
    r"^(?:và|nhưng|còn|riêng|nổi bật|đặc biệt|hiện|hiện nay|đến nay|tính đến nay|trong năm|trong kỳ|ngoài ra|"
    r"cụ thể|cụ thể như|như|với|theo đó|trong đó|đồng thời|là|phấn đấu|ví dụ|chẳng hạn|thứ nhất|thứ hai|thứ ba)\s+"
)
_COMPARISON_RE = re.compile(
    r"\s*(?:trở lên\s*)?,?\s*(?P<so>so với\s+|so\s+)?(?P<base>kế hoạch|dự toán|chỉ tiêu|cùng kỳ|năm trước|mục tiêu"
    r"|nghị quyết|bình quân chung|mức bình quân|năm \d{4}|cả nước)(?P<tail>(?:\s+(?!và\b|so\b)[^\W_]+){0,4})"
)
_COMPARISON_TAIL = frozenset(
    "vốn năm giao tỉnh huyện xã phường thành phố trung ương hđnd đề ra nghị quyết trước điều chỉnh cả kỳ đặt ra"
    " được".split()
)
_SCOPE_RE = re.compile(
    r"^(?:toàn|cả|trên địa bàn)(?:\s+(?:xã|huyện|tỉnh|phường|thành phố|thị xã|thị trấn|đặc khu|quận|vùng|nước|"
    r"ngành|khu vực|tp))?(?:\s+\S+){0,2}$"
)
_ASIDE_RE = re.compile(
    r"\s*(?:về|đối với|riêng|trong lĩnh vực|lĩnh vực|về lĩnh vực|ở lĩnh vực)\s+(?P<topic>[^,;:.]{2,60}?)\s*,\s*"
)
_PERIOD_RE = re.compile(
    r"^(?:trong\s+|tính đến\s+|đến\s+)?(?:năm \d{4}|\d+ tháng(?: đầu năm| cuối năm| qua| năm)?(?: \d{4})?"
    r"|(?:sáu|chín|ba|bốn) tháng(?: đầu năm| cuối năm| qua)?(?: \d{4})?|quý [ivx\d]+(?:[/ ](?:năm )?\d{4})?"
    r"|nhiệm kỳ \d{4}\s*[-–]\s*\d{4}|giai đoạn \d{4}\s*[-–]\s*\d{4}|năm qua|cả năm)\s*,"
)
_PERIOD_INSIDE_RE = re.compile(r"\b(?:năm \d{4}|\d+ tháng|tháng \d|quý [ivx\d]|nhiệm kỳ|giai đoạn|hằng năm)\b")


@dataclass(frozen=True, slots=True)
class Placed:
    """Where a figure stands in its paragraph."""

    start: int
    end: int
    unit: str
    counted: bool  # a count of things, named after it ("1 xã đạt chuẩn"): unit noun starts at `unit_start`
    unit_start: int
    value: float = 0.0
    change: str | None = None  # "tăng", "giảm", "vượt" written before the number


@dataclass(frozen=True, slots=True)
class _Reading:
    measure: str  # what is measured ("giá trị sản xuất nông, lâm nghiệp và thủy sản")
    label: str  # the measure with its comparison, scope and period
    end: int  # where the words that belong to the figure end (its comparison, "trở lên")
    head: str  # what the items of a list that starts here share ("năng suất lúa vụ Đông Xuân bình quân")


def label_figures(text: str, low: str, placed: list[Placed]) -> list[str]:
    """The label of each figure of one paragraph, in order."""
    labels: list[str] = []
    previous: _Reading | None = None
    parent: _Reading | None = None
    last_sentence = -1
    consumed = 0
    for figure in placed:
        sentence = _sentence_start(low, figure.start)
        if sentence != last_sentence:
            opens_subset = bool(_SUBSET_RE.match(low, sentence + len(low[sentence:]) - len(low[sentence:].lstrip())))
            parent = previous if opens_subset else None
            previous = previous if opens_subset else None
            last_sentence = sentence
        floor = max(sentence, consumed)
        if _SUBSET_RE.search(low, floor, figure.start) and previous is not None:
            parent = previous
        reading = _read(text, low, figure, floor, sentence, previous, parent)
        labels.append(reading.label)
        previous = reading
        consumed = min(reading.end, placed[len(labels)].start) if len(labels) < len(placed) else reading.end
    return labels


def _read(
    text: str, low: str, fig: Placed, floor: int, sentence: int, previous: _Reading | None, parent: _Reading | None
) -> _Reading:
    clause = max(floor, _clause_start(low, floor, fig.start))
    topic_end, aside = _aside(text, low, clause, fig.start)
    clause = max(clause, topic_end)
    begin = _chunk_start(low, clause, fig.start)
    list_head = ""
    if low[begin - 1 : begin] == "(" and not low[begin : fig.start].strip():
        paren = begin - 1  # "Hội An (77 tạ/ha)": the item the parenthesis is about
        begin = _chunk_start(low, clause, paren)
        before = _before(text, low, begin, paren)
        list_head = _list_topic(text, low, begin, paren)
    else:
        begin = _extend_over_items(low, clause, begin, fig.start, opens=clause > floor or floor == sentence)
        before = _before(text, low, begin, fig.start)
        list_head = _list_topic(text, low, begin, fig.start)
    after = _after(text, low, fig)
    comparison, end = _comparison(text, low, fig.end)
    scope = ""
    if before and _SCOPE_RE.match(before.lower()):
        scope, before = before, ""
    elif before.lower() in _ADMIN_NOUNS:
        before = ""  # "Xã có 12/19 tiêu chí": the place is the article's
    measure, head = _measure(fig, before, after), ""
    dimension = DIMENSIONS.get(fig.unit, "")
    if (
        parent is not None
        and dimension
        and measure.startswith(dimension + " ")
        and parent.measure.startswith(dimension)
    ):
        measure = f"{parent.measure} {measure[len(dimension) + 1 :]}"  # "Trong đó, 175ha đã cho thu hoạch"
    if not measure and previous is not None:
        measure, head = previous.measure, previous.head  # ", tăng 15% so với cùng kỳ": the list's head
    elif measure and not fig.counted and (list_head or not _has_head(measure)):
        head = list_head or _list_head(fig, measure, previous, parent, _topic(text, low, sentence, begin))
        measure = f"{head} {measure}".strip()
    if not measure:
        measure = _topic(text, low, sentence, begin) or scope or _fallback(fig)
        scope = "" if measure == scope else scope
    if fig.unit == "%":
        measure = _as_rate(measure, fig)
    label = _as_change(measure, fig, comparison)
    if not aside and len(measure.split()) <= 3:
        aside = _enclosing_topic(text, low, sentence, fig.start)
    for extra in (scope, aside):
        if extra and extra.lower() not in label.lower():
            label = f"{label} {extra}" if extra is scope else f"{label} ({extra})"
    if comparison and comparison not in label:
        label = _add_note(label, comparison)
    period, end = _period(text, low, sentence, end)
    if period and not _PERIOD_INSIDE_RE.search(label.lower()):
        label = _add_note(label, period)
    return _Reading(measure, label, end, head or _lexicon_head(measure))


def _add_note(label: str, note: str) -> str:
    """ "tổng thu ngân sách (so với cùng kỳ, 6 tháng đầu năm)"."""
    return f"{label[:-1]}, {note})" if label.endswith(")") and not label.endswith("))") else f"{label} ({note})"


def _aside(text: str, low: str, clause: int, at: int) -> tuple[int, str]:
    """A topic that opens the clause ("Về y tế - văn hóa - giáo dục, vẫn thiếu 2 chỉ tiêu"): where it ends,
    and its words, which go with the label."""
    found = _ASIDE_RE.match(low, clause)
    if found is None or found.end() > at or any(w in NP_STOPS for w in found.group("topic").split()):
        return clause, ""
    words = _words(low, found.end("topic") - len(found.group("topic")), found.end("topic"))
    return found.end(), _phrase(text, low, words)


def _enclosing_topic(text: str, low: str, sentence: int, at: int) -> str:
    """What a parenthesis of figures is about: "vụ lúa Đông Xuân được mùa (năng suất 62,41 tạ/ha, sản lượng
    đạt 42.793 tấn)"."""
    opened = low.rfind("(", sentence, at)
    if opened < 0 or ")" in low[opened:at] or _in_abbreviation(low, opened):
        return ""
    words = _drop_leading(low, _words(low, _chunk_start(low, sentence, opened), opened))
    kept = []
    for a, b in words:
        if low[a:b] in NP_STOPS:
            break
        kept.append((a, b))
    return _phrase(text, low, kept) if 2 <= len(kept) <= LABEL_WORDS else ""


def _measure(fig: Placed, before: str, after: str) -> str:
    """The measure from the words before and after the number, by the kind of number."""
    if fig.counted:
        if _has_head(before, at_start=True):  # "mục tiêu đào tạo 7.500 nhân lực", "tổng số 1.250 hộ"
            return before if after.lower() == fig.unit else f"{before} {after}"
        measure = after or fig.unit
        if len(measure.split()) <= SHORT_COUNT_SYLLABLES and before:
            deed = before.rsplit(" và ", maxsplit=1)[-1]  # "tập trung thực hiện quy trình và hoàn thiện hồ sơ sáp nhập"
            return f"{measure} {deed}"
        return measure
    if fig.unit == "%" and after:
        if after.lower().startswith(SHARE_WORDS):  # "thương mại - dịch vụ chiếm 98,1% tỷ trọng"
            return f"{after} {before}".strip()
        if not _has_head(before):  # "toàn xã có 96,1% hộ đạt danh hiệu gia đình văn hóa"
            return f"tỷ lệ {after}"
        return before
    if after and not _has_head(before):  # "toàn xã có hơn 310ha chè"
        return " ".join(p for p in (DIMENSIONS.get(fig.unit, ""), after, before) if p)
    if after and before.lower() in ACTIVITY_HEADS:  # "giải ngân 450 tỷ đồng vốn đầu tư công"
        dimension = DIMENSIONS.get(fig.unit, "") if fig.unit not in ("đồng", "USD", "EUR") else ""
        return " ".join(p for p in (dimension, before, after) if p)
    return before


def _as_rate(measure: str, fig: Placed) -> str:
    """A percentage of a thing is its rate ("hộ nghèo còn 0,59%": tỷ lệ hộ nghèo); of the economy, its
    growth ("GRDP trên 12,5%": tốc độ tăng trưởng GRDP)."""
    low = measure.lower()
    if re.search(r"\b(?:tỷ lệ|tốc độ|tỷ trọng|cơ cấu|chỉ số|độ bao phủ|độ che phủ|mức|bình quân đầu người)\b", low):
        return measure
    economy = re.search(r"\b(?:grdp|gdp)\b", low)
    if economy:
        return f"{measure[: economy.start()]}tốc độ tăng trưởng {measure[economy.start() :]}"
    if not _has_head(measure) and (fig.change or "giảm").startswith("giảm"):
        return f"tỷ lệ {measure}"  # rates fall ("hộ nghèo giảm 0,5%"); what grows is a quantity
    return measure


def _as_change(measure: str, fig: Placed, comparison: str) -> str:
    """A change is measured as one: "tốc độ tăng tổng mức bán lẻ", "mức giảm tỷ lệ hộ nghèo". A level
    reached ("giảm còn 2%") is not, nor is a plan exceeded ("vượt 25% kế hoạch": the direction is shown
    with the number), nor a percentage of a plan ("tăng 133% dự toán")."""
    change = fig.change
    if fig.counted or change not in ("tăng", "giảm", "tăng thêm", "tăng trưởng"):
        return measure
    if re.search(r"\b(?:tăng|giảm|vượt)\b", measure.lower()):
        return measure
    planned = comparison.startswith(("so với kế hoạch", "so với dự toán", "so với chỉ tiêu", "so với mục tiêu"))
    if fig.unit == "%" and planned:
        return measure
    if fig.unit == "%" and change.startswith("tăng"):
        return f"tốc độ {'tăng trưởng' if change == 'tăng trưởng' else 'tăng'} {measure}"
    return f"mức {change.split()[0]} {measure}"


def _sentence_start(low: str, at: int) -> int:
    starts = [m.end() for m in _SENTENCE_RE.finditer(low, 0, at)]
    return max(starts, default=0)


def _clause_start(low: str, floor: int, at: int) -> int:
    starts = [m.end() for m in _CLAUSE_RE.finditer(low, floor, at)]
    return max(starts, default=floor)


def _chunk_start(low: str, floor: int, at: int) -> int:
    """Where the chunk that ends at `at` starts: after a comma, a parenthesis or a connector. An abbreviation
    in parentheses ("chỉ số đổi mới sáng tạo (ĐMST) cấp địa phương") stays inside its phrase."""
    for m in reversed(list(_CHUNK_RE.finditer(low, floor, at))):
        if m.group(0) in "()" and _in_abbreviation(low, m.start()):
            continue
        return m.end()
    return floor


def _in_abbreviation(low: str, at: int) -> bool:
    begin = low.rfind("(", max(0, at - 12), at + 1)
    found = _ABBREVIATION_RE.match(low, begin) if begin >= 0 else None
    return found is not None and found.start() <= at < found.end()


def _paren_before(low: str, at: int) -> int:
    return low.rindex("(", 0, at)


def _extend_over_items(low: str, floor: int, begin: int, at: int, opens: bool) -> int:
    """Start a measure at the head of its coordinated phrase: "giá trị sản xuất nông, lâm nghiệp và thủy sản"
    is one measure, though a comma stands inside it. A chunk that does not start with a measure extends back
    over short chunks with no verb, up to the one that does."""
    if _has_head(_without_leading(low[begin:at]), at_start=True):
        return begin
    start = begin
    for _ in range(3):
        if start <= floor or low[start - 1] != ",":
            break
        prior = _chunk_start(low, floor, start - 1)
        if prior == floor and not opens:
            break  # the words right after the figure before belong to it ("xếp thứ 22/63 tỉnh thành, ...")
        words = low[prior : start - 1].split()
        if not words or len(words) > ITEM_SYLLABLES or _is_clause(words):
            break
        if _LEADING_RE.match(low[prior : start - 1].strip() + " "):
            break
        start = prior
        if _has_head(low[prior:at], at_start=True):
            return start
    return start


def _before(text: str, low: str, begin: int, end: int) -> str:
    """The measure written before the number: the chunk's words without its connectors, the list it opens
    ("nhiều kết quả như chỉ số ..."), its link verbs and its subject."""
    words = _drop_leading(low, _words(low, begin, end))
    intro = [i for i, (a, b) in enumerate(words) if low[a:b] in _LIST_INTROS and 0 < i < len(words) - 1]
    if intro:
        words = _drop_leading(low, words[intro[-1] + 1 :])
    words = _strip_links(low, words)
    aspect = [i for i, (a, b) in enumerate(words) if low[a:b] in ASPECT]
    if aspect and aspect[-1] < len(words) - 1:
        subject = " ".join(low[a:b] for a, b in words[: aspect[-1]])
        if not _has_head(subject):
            words = words[aspect[-1] + 1 :]  # "huyện đã hoàn thành giải phóng mặt bằng"
    if len(words) > 2 and low[words[0][0] : words[0][1]] in _ADMIN_NOUNS and text[words[1][0]].islower():
        words = words[1:]  # "xã đầu tư xây dựng": the place is the article's
    return _phrase(text, low, _from_head(low, words))


def _from_head(low: str, words: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Start at the measure when a few words of deed come first: "tỉnh đặt mục tiêu tổng thu ngân sách",
    "đảm bảo diện tích sản xuất lúa"; but "đóng góp của năng suất ..." is one phrase."""
    tokens = [low[a:b] for a, b in words]
    if _has_head(" ".join(tokens[:3]), at_start=True):
        return words
    for i in range(1, min(len(tokens), PREFIX_SYLLABLES + 1)):
        if tokens[i - 1] in _CUT_BEFORE | {"về", "và", ","} or _has_head(" ".join(tokens[:i])):
            return words
        if tokens[i] == "số" and tokens[i - 1] in _QUANTIFIERS:
            continue
        if _has_head(" ".join(tokens[i : i + 3]), at_start=True):
            return words[i:]
    return words


def _is_clause(words: list[str]) -> bool:
    """Whether a chunk says something (has a verb or a number) rather than names an item."""
    pairs = (" ".join(words[i : i + 2]) for i in range(len(words) - 1))
    return any(w in CLAUSE_VERBS or w[0].isdigit() for w in words) or any(p in CLAUSE_VERBS for p in pairs)


def _without_leading(chunk: str) -> str:
    chunk = chunk.strip() + " "
    while (lead := _LEADING_RE.match(chunk)) is not None:
        chunk = chunk[lead.end() :]
    return chunk


def _drop_leading(low: str, words: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Drop the connectors a chunk opens with: "và", "trong đó", "cụ thể như", "phấn đấu", "ví dụ"."""
    while words:
        head = " ".join(low[a:b] for a, b in words[:3]) + " "
        lead = _LEADING_RE.match(head)
        if lead is None:
            break
        words = words[len(lead.group(0).split()) :]
    while words and not low[words[0][0]].isalnum():
        words = words[1:]
    return words


def _list_topic(text: str, low: str, begin: int, end: int) -> str:
    """The measure a list is of, when the chunk introduces it: "năng suất lúa ... bình quân cao như Hội An"."""
    words = _words(low, begin, end)
    intro = [i for i, (a, b) in enumerate(words) if low[a:b] in _LIST_INTROS and 0 < i < len(words) - 1]
    if not intro:
        return ""
    return _topic(text, low, begin, words[intro[-1]][0])


def _strip_links(low: str, words: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Drop what links the measure to its number: "ước đạt", "tăng bình quân", "đã đạt được", "là"."""
    out = list(words)
    while out:
        last = low[out[-1][0] : out[-1][1]]
        pair = " ".join(low[a:b] for a, b in out[-2:]) if len(out) >= 2 else ""
        if pair in LINK_PAIRS:
            del out[-2:]
        elif last == "chỉ" and pair not in ("chứng chỉ", "địa chỉ"):
            out.pop()  # "xã Phước An chỉ (đạt 16/19 tiêu chí)"
        elif last in LINKS or last in "-–:":
            out.pop()
        elif pair in TRAILING_ADVERBS and len(out) > 2 and low[out[-3][0] : out[-3][1]] in LINKS:
            del out[-2:]
        else:
            break
    return out


def _after(text: str, low: str, fig: Placed) -> str:
    """What a count counts or a share is of, written after the number: "xã đạt chuẩn nông thôn mới (xã Vĩnh
    Hùng)", "(100%) gia đình, thôn đạt danh hiệu văn hóa", "(310ha) chè"."""
    start = fig.unit_start if fig.counted else fig.end
    if not fig.counted and _PERIOD_AFTER_RE.match(low, start):
        return ""  # "68 triệu đồng năm 2025", "130 triệu đồng/người/năm"
    end = _after_end(low, start)
    words = _words(low, start, end)
    first = low[words[0][0] : words[0][1]] if words else ""
    if not first or not first[0].isalnum():
        return ""
    if not fig.counted and first not in ASPECT and (first in LINKS or first in NP_STOPS):
        return ""
    if fig.unit == "%" and first in ("kế", "dự", "chỉ", "cùng", "mục", "nghị", "tổng"):
        return _after_plan(text, low, words)
    kept: list[tuple[int, int]] = []
    item = 0
    for a, b in words:
        word = low[a:b]
        if word == ",":
            item = 0
            continue
        if word == "và" and not kept:
            break
        item += 1
        if item > ITEM_WORDS and kept and low[kept[-1][1] : a].strip() == ",":
            break
        kept.append((a, b))
    kept = _cut_items(low, kept)
    aside = re.match(r"\s*(\([^()\d]{3,60}\))", low[kept[-1][1] :]) if kept else None
    phrase = _phrase(text, low, kept)
    if aside and len(aside.group(1).split()) <= 6:  # "(xã Vĩnh Hùng)": which one
        at = kept[-1][1] + aside.start(1)
        phrase += " " + text[at : at + len(aside.group(1))]
    return phrase


def _after_end(low: str, start: int) -> int:
    """Where the words after a number stop: at a clause's end, the next number, a comparison or a purpose."""
    for m in _AFTER_STOP_RE.finditer(low, start):
        if m.group(0) == "." and low[m.end() : m.end() + 1].isdigit():
            continue
        if m.group(0) in "()" and _in_abbreviation(low, m.start()):
            continue
        return m.start()
    return len(low)


def _cut_items(low: str, kept: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Stop a list at the item that starts a new clause: "chè, chủ yếu là chè Tuyết Shan", "nâng cao, gồm"."""
    out: list[tuple[int, int]] = []
    for i, (a, b) in enumerate(kept):
        if i and low[kept[i - 1][1] : a].strip() == ",":
            rest = " ".join(low[x:y] for x, y in kept[i:])
            word = low[a:b]
            if word in NP_STOPS or _LEADING_RE.match(rest + " ") or re.match(_CLAUSE_OPENERS, rest):
                break
            if _has_head(rest, at_start=True):
                break  # "09 dự án, diện tích 28,333 ha": the next measure
        out.append((a, b))
    return out


def _after_plan(text: str, low: str, words: list[tuple[int, int]]) -> str:
    """ "đạt 100% kế hoạch thu ngân sách": the measure that follows the plan."""
    for i in range(1, min(len(words), 4)):
        rest = " ".join(low[a:b] for a, b in words[i:])
        if re.match(r"vốn(?: được)? giao\b", rest):
            return ""  # "98,2% kế hoạch vốn giao": the plan, not a measure
        if _has_head(rest, at_start=True):
            return _phrase(text, low, words[i:])
    return ""


def _comparison(text: str, low: str, end: int) -> tuple[str, int]:
    """ "so với cùng kỳ", "so với kế hoạch tỉnh giao", "so với năm 2024" after the number, and where the
    figure's own words end."""
    found = _COMPARISON_RE.match(low, end)
    if found is None:
        more = re.match(r"\s*trở lên", low[end:])
        return "", end + (more.end() if more else 0)
    if found.group("base").startswith("năm") and not found.group("so"):
        return "", end  # "68 triệu đồng năm 2025": the year of the figure, not a comparison
    tail = []
    for word in found.group("tail").split():
        if word not in _COMPARISON_TAIL and not word.isdigit():
            break
        tail.append(word)
    if found.group("base") in ("kế hoạch", "dự toán", "chỉ tiêu", "mục tiêu") and not found.group("so"):
        rest = " ".join(low[found.start("base") : found.end()].split()[2:])
        if _has_head(rest, at_start=True) and not re.match(r"vốn(?: được)? giao\b", rest):
            tail = []  # "kế hoạch thu ngân sách": the measure, not a plan of the province
    start = found.start("base")
    phrase = " ".join([low[start : found.end("base")], *tail])
    stop = start + len(phrase)
    written = " ".join(text[start:stop].split())
    return "so với " + written, stop


def _period(text: str, low: str, sentence: int, end: int) -> tuple[str, int]:
    """The period of a figure, and where its words end: a year right after it ("68 triệu đồng năm 2025"), or
    a period that opens its sentence ("6 tháng đầu năm 2021, ...", "Năm 2025, ...")."""
    year = _YEAR_AFTER_RE.match(low, end)
    if year:
        return text[year.start(1) : year.end(1)], year.end()
    at = len(low) - len(low[sentence:].lstrip())
    found = _PERIOD_RE.match(low, at)
    if found is None:
        return "", end
    phrase = text[at : found.end() - 1].strip()
    return (phrase[0].lower() + phrase[1:] if phrase else ""), end


def _topic(text: str, low: str, sentence: int, end: int) -> str:
    """The measure a sentence introduces before its list: "năng suất lúa vụ Đông Xuân bình quân cao như ..."."""
    words = _words(low, sentence, end)
    for i in range(len(words) - 1, -1, -1):
        if i and low[words[i][0] : words[i][1]] == "số" and low[words[i - 1][0] : words[i - 1][1]] in _QUANTIFIERS:
            continue
        if _has_head(" ".join(low[a:b] for a, b in words[i : i + 3]), at_start=True):
            while i and _has_head(" ".join(low[a:b] for a, b in words[i - 1 : i + 2]), at_start=True):
                i -= 1  # "doanh thu", not "thu"
            kept: list[tuple[int, int]] = []
            for a, b in words[i:]:
                word = low[a:b]
                if word in NP_STOPS or not word[0].isalnum() or len(kept) >= LABEL_WORDS:
                    break
                kept.append((a, b))
            return _phrase(text, low, kept)
    return ""


def _list_head(fig: Placed, item: str, previous: _Reading | None, parent: _Reading | None, topic: str) -> str:
    """The head a list item that names only its member ("lâm nghiệp", "mũi 2", "Duy Xuyên") takes: the total
    it is part of ("trong đó, ngành công nghiệp ..."), what the item before it shares, the measure its
    sentence introduces, or what its unit measures."""
    dimension = DIMENSIONS.get(fig.unit, "")
    if parent is not None:
        return _shared(parent.measure, item) or parent.measure
    if previous is not None and _has_head(previous.measure):
        return _shared(previous.measure, item) or previous.head
    if topic and not (dimension and re.search(r"\b(?:các|những|một số|nhiều)\b", topic.lower())):
        return topic
    return dimension


def _shared(measure: str, item: str) -> str:
    """What comes before the item's own word in a parallel measure: "độ bao phủ" of "độ bao phủ mũi 1"
    for "mũi 2"."""
    low = measure.lower()
    first = item.split(maxsplit=1)[0].lower()
    at = re.search(rf"(?<!\S){re.escape(first)}(?!\S)", low)
    return measure[: at.start()].strip() if at is not None and at.start() > 0 else ""


def _lexicon_head(measure: str) -> str:
    """The measure's head as the lexicon knows it: "giá trị sản xuất" of "giá trị sản xuất nông nghiệp"."""
    low = measure.lower()
    for head in _HEADS_LONGEST_FIRST:
        if low.startswith(head + " ") or low == head:
            return measure[: len(head)]
    return measure


def _has_head(phrase: str, at_start: bool = False) -> bool:
    """Whether a phrase names a measure ("giá trị", "tỷ lệ", "sản lượng", ...), at its start or anywhere;
    "một số" (some) is not "số" (the number of)."""
    words = phrase.lower().split()
    if not words:
        return False
    starts = range(1) if at_start else range(len(words))
    for i in starts:
        if i and words[i] == "số" and words[i - 1] in _QUANTIFIERS:
            continue
        for size in (3, 2, 1):
            if " ".join(words[i : i + size]) in MEASURE_HEADS:
                return True
    return False


def _fallback(fig: Placed) -> str:
    if fig.unit == "%":
        return "tỷ lệ"
    return DIMENSIONS.get(fig.unit) or ("số " + fig.unit if fig.counted else "giá trị")


def _words(low: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _WORD_RE.finditer(low, start, end)]


def _phrase(text: str, low: str, words: list[tuple[int, int]]) -> str:
    """The writer's words from the first to the last of `words`; a long phrase is cut before a preposition
    ("của", "trên", "tại", ...) outside parentheses, never between the syllables of a word or inside a
    coordination; a sentence's capital dropped."""
    while words and low[words[-1][0] : words[-1][1]] in {",", "-", "–", "và", "/", "("}:
        words = words[:-1]
    while words and low[words[0][0] : words[0][1]] in {",", "-", "–", "/", "+", ")"}:
        words = words[1:]
    if not words:
        return ""
    if sum(low[a].isalnum() for a, _ in words) > LABEL_WORDS:
        words = words[: _cut_at(low, words)]
    phrase = " ".join(text[words[0][0] : words[-1][1]].split())
    if phrase.count("(") > phrase.count(")"):
        phrase = phrase[: phrase.rindex("(")].rstrip(" ,")
    first = text[words[0][0] : words[0][1]]
    second = text[words[1][0] : words[1][1]] if len(words) > 1 else ""
    if first[:1].isupper() and first[1:].islower() and (not second or second[:1].islower()):
        phrase = first.lower() + phrase[len(first) :]
    return phrase


def _cut_at(low: str, words: list[tuple[int, int]]) -> int:
    """How many of a long phrase's tokens to keep: up to the last preposition within LABEL_WORDS syllables."""
    depth, count, cut = 0, 0, len(words)
    for i, (a, b) in enumerate(words):
        word = low[a:b]
        depth += (word == "(") - (word == ")")
        if word[0].isalnum():
            count += 1
        if depth == 0 and word in _CUT_BEFORE and 3 <= count <= LABEL_WORDS + 1:
            cut = i
    return cut
