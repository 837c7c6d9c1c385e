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
from collections.abc import Callable
from dataclasses import dataclass

from digest.extract.lexicon import ACTIVITY_HEADS, ASPECT, DIMENSIONS, LINKS, NP_STOPS, SHARE_WORDS
from digest.extract.phrases import (
    CUT_BEFORE,
    PHRASE_SYLLABLES,
    QUANTIFIERS,
    Span,
    Text,
    any_starts_head,
    has_head,
    is_clause,
    lexicon_head,
    opens_with_connector,
    without_leading,
)
from digest.gazetteer import TYPE_NAMES

ITEM_WORDS = 4  # a list item after a comma is short ("lâm nghiệp và thủy sản")
SHORT_COUNT_SYLLABLES = 5  # "chỉ tiêu chủ yếu": a count this short takes its deed ("thông qua")
PREFIX_SYLLABLES = 4  # "đại hội xác định (mục tiêu ...)": a subject and its verb before the measure
ITEM_SYLLABLES = 10  # and so is the first item of a coordinated measure ("giá trị sản xuất ngành công nghiệp")

_AFTER_STOP_RE = re.compile(
    r"[.;:()!?\[\]]|\d|\b(?:so với|trở lên|nhằm|để|trong khi|trong đó|đối với|với|nhưng|song|như|là|gồm|cùng"
    r"|và (?:một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười)\s)\b"
)
_CLAUSE_OPENERS = re.compile(r"^(?:chủ yếu|phần lớn|đa số|hầu hết|nhiều|đặc biệt|nhất là|trong đó)\b")
_LIST_INTROS = frozenset({"như", "gồm", ":"})
_PERIOD_AFTER_RE = re.compile(r"\s*(?:/|năm\b|tháng\b|quý\b|giai đoạn\b|nhiệm kỳ\b|vào\b|đến\b|trong\b|mỗi\b|hằng\b)")
_YEAR_AFTER_RE = re.compile(r"\s+((?:năm|vào năm|đến năm) \d{4})\b")
_SUBSET_RE = re.compile(r"\s*trong đó\b")
_SUBSET_INSIDE_RE = re.compile(r"trong đó\b")  # searched for: a literal first lets the engine skip ahead
_PLAN_CAPITAL_RE = re.compile(r"vốn(?: được)? giao\b")  # "kế hoạch vốn giao": the plan, not a measure
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
_RATE_RE = re.compile(r"\b(?:tỷ lệ|tốc độ|tỷ trọng|cơ cấu|chỉ số|độ bao phủ|độ che phủ|mức|bình quân đầu người)\b")
_ECONOMY_RE = re.compile(r"\b(?:grdp|gdp)\b")
_CHANGE_WORD_RE = re.compile(r"\b(?:tăng|giảm|vượt)\b")
_CHANGES = frozenset({"tăng", "giảm", "tăng thêm", "tăng trưởng"})  # measured as changes; "giảm còn" is a level
_CATEGORY_RE = re.compile(r"\b(?:các|những|một số|nhiều)\b")
_WHICH_ONE_RE = re.compile(r"\s*(\([^()\d]{3,60}\))")  # "(xã Vĩnh Hùng)" after a count
_OR_MORE_RE = re.compile(r"\s*trở lên")


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
    if not placed:
        return []
    t = Text(text, low)
    labels: list[str] = []
    previous: _Reading | None = None
    parent: _Reading | None = None
    last_sentence = -1
    consumed = 0
    for i, figure in enumerate(placed):
        sentence = t.sentence_start(figure.start)
        if sentence != last_sentence:
            opens_subset = bool(_SUBSET_RE.match(low, sentence))
            parent = previous if opens_subset else None
            previous = previous if opens_subset else None
            last_sentence = sentence
        floor = max(sentence, consumed)
        if previous is not None and _SUBSET_INSIDE_RE.search(low, floor, figure.start):
            parent = previous
        reading = _read(t, figure, floor, sentence, previous, parent)
        labels.append(reading.label)
        previous = reading
        consumed = min(reading.end, placed[i + 1].start) if i + 1 < len(placed) else reading.end
    return labels


def _read(
    t: Text, fig: Placed, floor: int, sentence: int, previous: _Reading | None, parent: _Reading | None
) -> _Reading:
    low = t.low
    clause = max(floor, t.clause_start(floor, fig.start))
    topic_end, aside = _aside(t, clause, fig.start)
    clause = max(clause, topic_end)
    begin = t.chunk_start(clause, fig.start)
    end_of_item = fig.start
    if low[begin - 1 : begin] == "(" and not low[begin : fig.start].strip():
        end_of_item = begin - 1  # "Hội An (77 tạ/ha)": the item the parenthesis is about
        begin = t.chunk_start(clause, end_of_item)
    else:
        begin = _extend_over_items(t, clause, begin, fig.start, opens=clause > floor or floor == sentence)
    words = t.words(begin, end_of_item)
    before = _before(t, words)
    list_head = _list_topic(t, words)
    after = _lazy(lambda: _after(t, fig))  # needed for a count or a share, or a measure without its head
    comparison, end = _comparison(t, fig.end)
    scope = ""
    if before and _SCOPE_RE.match(before.lower()):
        scope, before = before, ""
    elif before.lower() in TYPE_NAMES:
        before = ""  # "Xã có 12/19 tiêu chí": the place is the article's
    measure, head = _measure(fig, before, after), ""
    dimension = DIMENSIONS.get(fig.unit, "")
    generic = bool(dimension) and measure.startswith(dimension + " ")
    if parent is not None and generic and parent.measure.startswith(dimension):
        measure = f"{parent.measure} {measure[len(dimension) + 1 :]}"  # "Trong đó, 175ha đã cho thu hoạch"
    if not measure and previous is not None:
        measure, head = previous.measure, previous.head  # ", tăng 15% so với cùng kỳ": the list's head
    elif measure and not fig.counted and (list_head or not has_head(measure)):
        head = list_head or _list_head(fig, measure, previous, parent, lambda: _topic(t, sentence, begin))
        measure = f"{head} {measure}".strip()
    if not measure:
        measure = _topic(t, sentence, begin) or scope or _fallback(fig)
        scope = "" if measure == scope else scope
    if fig.unit == "%":
        measure = _as_rate(measure, fig)
    if not aside and len(measure.split()) <= 3:
        aside = _enclosing_topic(t, sentence, fig.start)
    label, end = _noted(t, fig, measure, (scope, aside, comparison), sentence, end)
    return _Reading(measure, label, end, head or lexicon_head(measure))


def _noted(t: Text, fig: Placed, measure: str, notes: tuple[str, str, str], sentence: int, end: int) -> tuple[str, int]:
    """The label of a measure: as a change when it is one, with its scope, its topic, its comparison and its
    period; and where the figure's words end."""
    scope, aside, comparison = notes
    label = _as_change(measure, fig, comparison)
    if scope and scope.lower() not in label.lower():
        label = f"{label} {scope}"
    if aside and aside.lower() not in label.lower():
        label = f"{label} ({aside})"
    if comparison and comparison not in label:
        label = _add_note(label, comparison)
    period, end = _period(t, sentence, end)
    if period and not _PERIOD_INSIDE_RE.search(label.lower()):
        label = _add_note(label, period)
    return label, end


def _add_note(label: str, note: str) -> str:
    """ "tổng thu ngân sách (so với cùng kỳ, 6 tháng đầu năm)"."""
    return f"{label[:-1]}, {note})" if label.endswith(")") and not label.endswith("))") else f"{label} ({note})"


def _aside(t: Text, clause: int, at: int) -> tuple[int, str]:
    """A topic that opens the clause ("Về y tế - văn hóa - giáo dục, vẫn thiếu 2 chỉ tiêu"): where it ends,
    and its words, which go with the label."""
    found = _ASIDE_RE.match(t.low, clause)
    if found is None or found.end() > at or any(w in NP_STOPS for w in found.group("topic").split()):
        return clause, ""
    return found.end(), t.phrase(t.words(found.start("topic"), found.end("topic")))


def _enclosing_topic(t: Text, sentence: int, at: int) -> str:
    """What a parenthesis of figures is about: "vụ lúa Đông Xuân được mùa (năng suất 62,41 tạ/ha, sản lượng
    đạt 42.793 tấn)"."""
    opened = t.low.rfind("(", sentence, at)
    if opened < 0 or ")" in t.low[opened:at] or t.in_abbreviation(opened):
        return ""
    kept: list[Span] = []
    for span in t.drop_leading(t.words(t.chunk_start(sentence, opened), opened)):
        if t.word(span) in NP_STOPS:
            break
        kept.append(span)
    return t.phrase(kept) if 2 <= len(kept) <= PHRASE_SYLLABLES else ""


def _measure(fig: Placed, before: str, words_after: Callable[[], str]) -> str:
    """The measure from the words before and after the number, by the kind of number."""
    if fig.counted:
        after = words_after()
        if has_head(before, at_start=True):  # "mục tiêu đào tạo 7.500 nhân lực", "tổng số 1.250 hộ"
            return before if after.lower() == fig.unit else f"{before} {after}"
        measure = after or fig.unit
        if len(measure.split()) <= SHORT_COUNT_SYLLABLES and before:
            deed = before.rsplit(" và ", maxsplit=1)[-1]  # "thực hiện quy trình và hoàn thiện hồ sơ sáp nhập"
            return f"{measure} {deed}"
        return measure
    if fig.unit == "%" and (after := words_after()):
        if after.lower().startswith(SHARE_WORDS):  # "thương mại - dịch vụ chiếm 98,1% tỷ trọng"
            return f"{after} {before}".strip()
        if not has_head(before):  # "toàn xã có 96,1% hộ đạt danh hiệu gia đình văn hóa"
            return f"tỷ lệ {after}"
        return before
    if not has_head(before) and (after := words_after()):  # "toàn xã có hơn 310ha chè"
        return " ".join(p for p in (DIMENSIONS.get(fig.unit, ""), after, before) if p)
    if before.lower() in ACTIVITY_HEADS and (after := words_after()):  # "giải ngân 450 tỷ đồng vốn đầu tư công"
        dimension = DIMENSIONS.get(fig.unit, "") if fig.unit not in ("đồng", "USD", "EUR") else ""
        return " ".join(p for p in (dimension, before, after) if p)
    return before


def _lazy(compute: Callable[[], str]) -> Callable[[], str]:
    """`compute`, run once, when first asked."""
    done: list[str] = []

    def value() -> str:
        if not done:
            done.append(compute())
        return done[0]

    return value


def _as_rate(measure: str, fig: Placed) -> str:
    """A percentage of a thing is its rate ("hộ nghèo còn 0,59%": tỷ lệ hộ nghèo); of the economy, its
    growth ("GRDP trên 12,5%": tốc độ tăng trưởng GRDP)."""
    low = measure.lower()
    if _RATE_RE.search(low):
        return measure
    economy = _ECONOMY_RE.search(low)
    if economy:
        return f"{measure[: economy.start()]}tốc độ tăng trưởng {measure[economy.start() :]}"
    if not has_head(measure) and (fig.change or "giảm").startswith("giảm"):
        return f"tỷ lệ {measure}"  # rates fall ("hộ nghèo giảm 0,5%"); what grows is a quantity
    return measure


def _as_change(measure: str, fig: Placed, comparison: str) -> str:
    """A change is measured as one: "tốc độ tăng tổng mức bán lẻ", "mức giảm tỷ lệ hộ nghèo". A level
    reached ("giảm còn 2%") is not, nor is a plan exceeded ("vượt 25% kế hoạch": the direction is shown
    with the number), nor a percentage of a plan ("tăng 133% dự toán")."""
    change = fig.change
    if (
        fig.counted
        or change not in ("tăng", "giảm", "tăng thêm", "tăng trưởng")
        or _CHANGE_WORD_RE.search(measure.lower())
    ):
        return measure
    planned = comparison.startswith(("so với kế hoạch", "so với dự toán", "so với chỉ tiêu", "so với mục tiêu"))
    if fig.unit == "%" and planned:
        return measure
    if fig.unit == "%" and change.startswith("tăng"):
        return f"tốc độ {'tăng trưởng' if change == 'tăng trưởng' else 'tăng'} {measure}"
    return f"mức {change.split()[0]} {measure}"


def _extend_over_items(t: Text, floor: int, begin: int, at: int, *, opens: bool) -> int:
    """Start a measure at the head of its coordinated phrase: "giá trị sản xuất nông, lâm nghiệp và thủy sản"
    is one measure, though a comma stands inside it. A chunk that does not start with a measure extends back
    over short chunks with no verb, up to the one that does."""
    low = t.low
    if has_head(without_leading(low[begin:at]), at_start=True):
        return begin
    start = begin
    for _ in range(3):
        if start <= floor or low[start - 1] != ",":
            break
        prior = t.chunk_start(floor, start - 1)
        if prior == floor and not opens:
            break  # the words right after the figure before belong to it ("xếp thứ 22/63 tỉnh thành, ...")
        words = low[prior : start - 1].split()
        if not words or len(words) > ITEM_SYLLABLES or is_clause(words) or opens_with_connector(low[prior : start - 1]):
            break
        start = prior
        if has_head(low[prior:at], at_start=True):
            return start
    return start


def _before(t: Text, words: list[Span]) -> str:
    """The measure written before the number: the chunk's words without its connectors, the list it opens
    ("nhiều kết quả như chỉ số ..."), its link verbs and its subject."""
    words = t.drop_leading(words)
    tokens = [t.word(w) for w in words]
    intro = (
        [i for i, w in enumerate(tokens) if w in _LIST_INTROS and 0 < i < len(tokens) - 1]
        if not _LIST_INTROS.isdisjoint(tokens)
        else ()
    )
    if intro:
        words = t.drop_leading(words[intro[-1] + 1 :])
        tokens = [t.word(w) for w in words]
    kept = len(t.strip_links(words))
    words, tokens = words[:kept], tokens[:kept]
    aspect = [i for i, w in enumerate(tokens) if w in ASPECT]
    if aspect and aspect[-1] < len(tokens) - 1 and not has_head(" ".join(tokens[: aspect[-1]])):
        words, tokens = words[aspect[-1] + 1 :], tokens[aspect[-1] + 1 :]  # "huyện đã hoàn thành giải phóng mặt bằng"
    if len(words) > 2 and tokens[0] in TYPE_NAMES and t.text[words[1][0]].islower():
        words, tokens = words[1:], tokens[1:]  # "xã đầu tư xây dựng": the place is the article's
    return t.phrase(words[_head_at(tokens) :])


def _head_at(tokens: list[str]) -> int:
    """Where the measure starts when a few words of deed come first: "tỉnh đặt mục tiêu tổng thu ngân sách",
    "đảm bảo diện tích sản xuất lúa"; but "đóng góp của năng suất ..." is one phrase."""
    if not any_starts_head(tokens[: PREFIX_SYLLABLES + 1]) or has_head(" ".join(tokens[:3]), at_start=True):
        return 0
    for i in range(1, min(len(tokens), PREFIX_SYLLABLES + 1)):
        if tokens[i - 1] in CUT_BEFORE or tokens[i - 1] in ("về", "và", ",") or has_head(" ".join(tokens[:i])):
            return 0
        if tokens[i] == "số" and tokens[i - 1] in QUANTIFIERS:
            continue
        if has_head(" ".join(tokens[i : i + 3]), at_start=True):
            return i
    return 0


def _list_topic(t: Text, words: list[Span]) -> str:
    """The measure a list is of, when the chunk introduces it: "năng suất lúa ... bình quân cao như Hội An"."""
    window = t.low[words[1][0] : words[-2][1]] if len(words) > 2 else ""
    if not any(intro in window for intro in _LIST_INTROS):
        return ""  # most chunks: no list
    for i in range(len(words) - 2, 0, -1):
        if t.word(words[i]) in _LIST_INTROS:
            return _topic(t, words[0][0], words[i][0])
    return ""


def _after(t: Text, fig: Placed) -> str:
    """What a count counts or a share is of, written after the number: "xã đạt chuẩn nông thôn mới (xã Vĩnh
    Hùng)", "(100%) gia đình, thôn đạt danh hiệu văn hóa", "(310ha) chè"."""
    low = t.low
    start = fig.unit_start if fig.counted else fig.end
    if not fig.counted and _PERIOD_AFTER_RE.match(low, start):
        return ""  # "68 triệu đồng năm 2025", "130 triệu đồng/người/năm"
    words = t.words(start, _after_end(t, start))
    first = t.word(words[0]) if words else ""
    if not first or not first[0].isalnum():
        return ""
    if not fig.counted and first not in ASPECT and (first in LINKS or first in NP_STOPS):
        return ""
    if fig.unit == "%" and first in ("kế", "dự", "chỉ", "cùng", "mục", "nghị", "tổng"):
        return _after_plan(t, words)
    kept: list[Span] = []
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
    kept = _cut_items(t, kept)
    aside = _WHICH_ONE_RE.match(low, kept[-1][1]) if kept else None
    phrase = t.phrase(kept)
    if aside and len(aside.group(1).split()) <= 6:  # "(xã Vĩnh Hùng)": which one
        at = aside.start(1)
        phrase += " " + t.text[at : at + len(aside.group(1))]
    return phrase


def _after_end(t: Text, start: int) -> int:
    """Where the words after a number stop: at a clause's end, the next number, a comparison or a purpose."""
    low = t.low
    for m in _AFTER_STOP_RE.finditer(low, start, start + 200):
        if m.group(0) == "." and low[m.end() : m.end() + 1].isdigit():
            continue
        if m.group(0) in "()" and t.in_abbreviation(m.start()):
            continue
        return m.start()
    return min(len(low), start + 200)


def _cut_items(t: Text, kept: list[Span]) -> list[Span]:
    """Stop a list at the item that starts a new clause: "chè, chủ yếu là chè Tuyết Shan", "nâng cao, gồm"."""
    out: list[Span] = []
    for i, (a, b) in enumerate(kept):
        if i and t.low[kept[i - 1][1] : a].strip() == ",":
            rest = t.joined(kept[i:])
            if t.low[a:b] in NP_STOPS or opens_with_connector(rest) or _CLAUSE_OPENERS.match(rest):
                break
            if has_head(rest, at_start=True):
                break  # "09 dự án, diện tích 28,333 ha": the next measure
        out.append((a, b))
    return out


def _after_plan(t: Text, words: list[Span]) -> str:
    """ "đạt 100% kế hoạch thu ngân sách": the measure that follows the plan."""
    for i in range(1, min(len(words), 4)):
        rest = t.joined(words[i:])
        if _PLAN_CAPITAL_RE.match(rest):
            return ""
        if has_head(rest, at_start=True):
            return t.phrase(words[i:])
    return ""


def _comparison(t: Text, end: int) -> tuple[str, int]:
    """ "so với cùng kỳ", "so với kế hoạch tỉnh giao", "so với năm 2024" after the number, and where the
    figure's own words end."""
    low = t.low
    found = _COMPARISON_RE.match(low, end)
    if found is None:
        more = _OR_MORE_RE.match(low, end, end + 20)
        return "", more.end() if more else end
    if found.group("base").startswith("năm") and not found.group("so"):
        return "", end  # "68 triệu đồng năm 2025": the year of the figure, not a comparison
    tail = []
    for word in found.group("tail").split():
        if word not in _COMPARISON_TAIL and not word.isdigit():
            break
        tail.append(word)
    if found.group("base") in ("kế hoạch", "dự toán", "chỉ tiêu", "mục tiêu") and not found.group("so"):
        rest = " ".join(low[found.start("base") : found.end()].split()[2:])
        if has_head(rest, at_start=True) and not _PLAN_CAPITAL_RE.match(rest):
            tail = []  # "kế hoạch thu ngân sách": the measure, not a plan of the province
    start = found.start("base")
    phrase = " ".join([low[start : found.end("base")], *tail])
    stop = start + len(phrase)
    return "so với " + " ".join(t.text[start:stop].split()), stop


def _period(t: Text, sentence: int, end: int) -> tuple[str, int]:
    """The period of a figure, and where its words end: a year right after it ("68 triệu đồng năm 2025"), or
    a period that opens its sentence ("6 tháng đầu năm 2021, ...", "Năm 2025, ...")."""
    year = _YEAR_AFTER_RE.match(t.low, end)
    if year:
        return t.text[year.start(1) : year.end(1)], year.end()
    at = sentence + len(t.low[sentence : sentence + 8]) - len(t.low[sentence : sentence + 8].lstrip())
    found = _PERIOD_RE.match(t.low, at)
    if found is None:
        return "", end
    phrase = t.text[at : found.end() - 1].strip()
    return (phrase[0].lower() + phrase[1:] if phrase else ""), end


def _topic(t: Text, sentence: int, end: int) -> str:
    """The measure a sentence introduces before its list: "năng suất lúa vụ Đông Xuân bình quân cao như ..."."""
    words = t.words(sentence, end)
    tokens = [t.word(w) for w in words]
    for i in range(len(words) - 1, -1, -1):
        if i and tokens[i] == "số" and tokens[i - 1] in QUANTIFIERS:
            continue
        if has_head(" ".join(tokens[i : i + 3]), at_start=True):
            while i and has_head(" ".join(tokens[i - 1 : i + 2]), at_start=True):
                i -= 1  # "doanh thu", not "thu"
            kept: list[Span] = []
            for span, word in zip(words[i:], tokens[i:], strict=True):
                if word in NP_STOPS or not word[0].isalnum() or len(kept) >= PHRASE_SYLLABLES:
                    break
                kept.append(span)
            return t.phrase(kept)
    return ""


def _list_head(
    fig: Placed, item: str, previous: _Reading | None, parent: _Reading | None, topic: Callable[[], str]
) -> str:
    """The head a list item that names only its member ("lâm nghiệp", "mũi 2", "Duy Xuyên") takes: the total
    it is part of ("trong đó, ngành công nghiệp ..."), what the item before it shares, the measure its
    sentence introduces, or what its unit measures."""
    dimension = DIMENSIONS.get(fig.unit, "")
    if parent is not None:
        return _shared(parent.measure, item) or parent.measure
    if previous is not None and has_head(previous.measure):
        return _shared(previous.measure, item) or previous.head
    introduced = topic()
    if introduced and not (dimension and _CATEGORY_RE.search(introduced.lower())):
        return introduced
    return dimension


def _shared(measure: str, item: str) -> str:
    """What comes before the item's own word in a parallel measure: "độ bao phủ" of "độ bao phủ mũi 1"
    for "mũi 2"."""
    low = measure.lower()
    first = item.split(maxsplit=1)[0].lower()
    at = re.search(rf"(?<!\S){re.escape(first)}(?!\S)", low)
    return measure[: at.start()].strip() if at is not None and at.start() > 0 else ""


def _fallback(fig: Placed) -> str:
    if fig.unit == "%":
        return "tỷ lệ"
    return DIMENSIONS.get(fig.unit) or ("số " + fig.unit if fig.counted else "giá trị")
