"""A paragraph read as phrases: its tokens, sentences, clauses and chunks, and the writer's words between two
points, for the stages that label what they find (figure labels).

The paragraph is tokenised once; every question after that ("the words between these two points", "where
does the chunk before this number start") is a bisection, not a new scan. Work is on the lower-case text
with the new tone placement (`low`, one character for one of the original), so a phrase is returned in the
writer's own words.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict

from digest.extract.lexicon import CLAUSE_VERBS, LINK_PAIRS, LINKS, MEASURE_HEADS, TRAILING_ADVERBS
from digest.textnorm import per_article_cache, word_alternation

PHRASE_SYLLABLES = 12  # a longer phrase is cut between words, before a preposition (Vietnamese puts the head first)

Span = tuple[int, int]

_WORD_RE = re.compile(r"\d+(?:[.,]\d+)*(?:[^\W\d_]+)?|[^\W_]+(?:['’][^\W_]+)*|[^\w\s]")
_SENTENCE_RE = re.compile(r"[.!?…](?=\s|$)")
_CLAUSE_RE = re.compile(r"[;:]")
_CHUNK_SIGNS = ',()[]“”"'
_WORD_CHAR = r"\w"
_WORD_END = r"\b"
_CHUNK_WORDS = (
    "trong đó|theo đó|nhờ đó|qua đó|từ đó|do đó|đồng thời|trong khi|bên cạnh đó|ngoài ra|cụ thể|tuy nhiên|mặt khác"
    "|với(?<!so với)(?<!đối với)"  # "so với", "đối với" are one word with it
).split("|")
# Every alternative starts with a literal (a sign, or a connector's first letter and then the look back), so
# the regex engine skips to those characters instead of trying every position of the window.
_CHUNK_RE = re.compile(
    "|".join(re.escape(sign) for sign in _CHUNK_SIGNS)
    + "|"
    + word_alternation(_CHUNK_WORDS, not_after=_WORD_CHAR, then=_WORD_END)
)
_ABBREVIATION_RE = re.compile(r"\([^\W\d_]{2,10}\)")  # "(ĐMST)", "(PCI)": part of the phrase it follows
_LEADERS = (
    "và|nhưng|còn|riêng|nổi bật|đặc biệt|hiện|hiện nay|đến nay|tính đến nay|trong năm|trong kỳ|ngoài ra|"
    "cụ thể|cụ thể như|như|với|theo đó|trong đó|đồng thời|là|phấn đấu|ví dụ|chẳng hạn|thứ nhất|thứ hai|thứ ba"
).split("|")
_LEADING_RE = re.compile(rf"^(?:{'|'.join(_LEADERS)})\s+")
_LEADER_FIRSTS = frozenset(leader.split()[0] for leader in _LEADERS)  # a cheap test before the regex
QUANTIFIERS = frozenset({"một", "đa", "các", "những"})  # "một số" (some) is not "số" (the number of)
CUT_BEFORE = frozenset({"của", "trên", "tại", "trong", "theo", "vào", "đối", "ở", "thuộc", "cho", "từ", "so"})
_COMPOUNDS_WITH_CHI = frozenset({"chứng chỉ", "địa chỉ"})

_HEAD_SIZES: dict[str, tuple[int, ...]] = {}
for _head in MEASURE_HEADS:
    _first, *_rest = _head.split()
    _HEAD_SIZES[_first] = tuple(sorted({*_HEAD_SIZES.get(_first, ()), len(_rest) + 1}, reverse=True))
_LONGEST_HEAD = max(_size for _sizes in _HEAD_SIZES.values() for _size in _sizes)
_HEADS_BY_FIRST: dict[str, list[str]] = defaultdict(list)
for _head in sorted(MEASURE_HEADS, key=len, reverse=True):
    _HEADS_BY_FIRST[_head.split()[0]].append(_head)


class Text:
    """One paragraph: its text, its folded lower case, and where its tokens and breaks are."""

    __slots__ = ("_clauses", "_sentences", "low", "text")

    def __init__(self, text: str, low: str) -> None:
        self.text = text
        self.low = low
        self._sentences = [m.end() for m in _SENTENCE_RE.finditer(low)]
        self._clauses = [m.end() for m in _CLAUSE_RE.finditer(low)]

    def words(self, start: int, end: int) -> list[Span]:
        """The tokens in [start, end) (a window is short: the chunk before a number, the words after it;
        scanning it is cheaper than tokenising a whole paragraph)."""
        return [m.span() for m in _WORD_RE.finditer(self.low, start, end)]

    def word(self, span: Span) -> str:
        return self.low[span[0] : span[1]]

    def joined(self, spans: list[Span]) -> str:
        return " ".join(self.low[a:b] for a, b in spans)

    def sentence_start(self, at: int) -> int:
        return _last_before(self._sentences, 0, at)

    def clause_start(self, floor: int, at: int) -> int:
        return _last_before(self._clauses, floor, at)

    def chunk_start(self, floor: int, at: int) -> int:
        """Where the chunk that ends at `at` starts: after a comma, a parenthesis or a connector; an
        abbreviation in parentheses ("chỉ số đổi mới sáng tạo (ĐMST) cấp địa phương") stays in its phrase."""
        start = floor
        for m in _CHUNK_RE.finditer(self.low, floor, at):
            if m.group(0) not in "()" or not self.in_abbreviation(m.start()):
                start = m.end()
        return start

    def in_abbreviation(self, at: int) -> bool:
        begin = self.low.rfind("(", max(0, at - 12), at + 1)
        found = _ABBREVIATION_RE.match(self.low, begin) if begin >= 0 else None
        return found is not None and found.start() <= at < found.end()

    def phrase(self, spans: list[Span]) -> str:
        """The writer's words from the first to the last of `spans`; a long phrase is cut before a preposition
        ("của", "trên", "tại", ...) outside parentheses, never between the syllables of a word or inside a
        coordination; a sentence's capital dropped."""
        low, text = self.low, self.text
        while spans and low[spans[-1][0] : spans[-1][1]] in {",", "-", "–", "và", "/", "("}:
            spans = spans[:-1]
        while spans and low[spans[0][0] : spans[0][1]] in {",", "-", "–", "/", "+", ")"}:
            spans = spans[1:]
        if not spans:
            return ""
        if len(spans) > PHRASE_SYLLABLES and sum(low[a].isalnum() for a, _ in spans) > PHRASE_SYLLABLES:
            spans = spans[: self._cut_at(spans)]
        phrase = " ".join(text[spans[0][0] : spans[-1][1]].split())
        if phrase.count("(") > phrase.count(")"):
            phrase = phrase[: phrase.rindex("(")].rstrip(" ,")
        first = text[spans[0][0] : spans[0][1]]
        second = text[spans[1][0] : spans[1][1]] if len(spans) > 1 else ""
        if first[:1].isupper() and first[1:].islower() and (not second or second[:1].islower()):
            phrase = first.lower() + phrase[len(first) :]
        return phrase

    def _cut_at(self, spans: list[Span]) -> int:
        """How many of a long phrase's tokens to keep: up to the last preposition within the limit."""
        depth, count, cut = 0, 0, len(spans)
        for i, (a, b) in enumerate(spans):
            word = self.low[a:b]
            depth += (word == "(") - (word == ")")
            if word[0].isalnum():
                count += 1
            if depth == 0 and word in CUT_BEFORE and 3 <= count <= PHRASE_SYLLABLES + 1:
                cut = i
        return cut

    def drop_leading(self, spans: list[Span]) -> list[Span]:
        """Drop the connectors a chunk opens with: "và", "trong đó", "cụ thể như", "phấn đấu", "ví dụ"."""
        while spans and self.word(spans[0]) in _LEADER_FIRSTS:
            lead = _LEADING_RE.match(self.joined(spans[:3]) + " ")
            if lead is None:
                break
            spans = spans[len(lead.group(0).split()) :]
        while spans and not self.low[spans[0][0]].isalnum():
            spans = spans[1:]
        return spans

    def strip_links(self, spans: list[Span]) -> list[Span]:
        """Drop what links a measure to its number: "ước đạt", "tăng bình quân", "đã đạt được", "là"."""
        out = list(spans)
        low = self.low
        while out:
            last = low[out[-1][0] : out[-1][1]]
            pair = f"{low[out[-2][0] : out[-2][1]]} {last}" if len(out) >= 2 else ""
            if pair in LINK_PAIRS:
                del out[-2:]
            elif last == "chỉ" and pair not in _COMPOUNDS_WITH_CHI:
                out.pop()  # "xã Phước An chỉ (đạt 16/19 tiêu chí)"
            elif last in LINKS or last in "-–:":
                out.pop()
            elif pair in TRAILING_ADVERBS and len(out) > 2 and self.word(out[-3]) in LINKS:
                del out[-2:]
            else:
                break
        return out


def _last_before(breaks: list[int], floor: int, at: int) -> int:
    """The last break in (floor, at], else floor."""
    i = bisect_right(breaks, at) - 1
    return breaks[i] if i >= 0 and breaks[i] > floor else floor


def opens_with_connector(chunk: str) -> bool:
    return _LEADING_RE.match(chunk.strip() + " ") is not None


def without_leading(chunk: str) -> str:
    chunk = chunk.strip() + " "
    while (lead := _LEADING_RE.match(chunk)) is not None:
        chunk = chunk[lead.end() :]
    return chunk


@per_article_cache
def has_head(phrase: str, *, at_start: bool = False) -> bool:
    """Whether a phrase names a measure ("giá trị", "tỷ lệ", "sản lượng", ...), at its start or anywhere."""
    low = phrase.lower()
    words = low.split(None, _LONGEST_HEAD) if at_start else low.split()  # at the start: its first words only
    for i in range(min(1, len(words)) if at_start else len(words)):
        sizes = _HEAD_SIZES.get(words[i])
        if not sizes or (i and words[i] == "số" and words[i - 1] in QUANTIFIERS):
            continue
        for size in sizes:
            if (words[i] if size == 1 else " ".join(words[i : i + size])) in MEASURE_HEADS:
                return True
    return False


def any_starts_head(words: list[str]) -> bool:
    """Whether a measure can start with one of these words."""
    return not _HEAD_SIZES.keys().isdisjoint(words)


def lexicon_head(measure: str) -> str:
    """The measure's head as the lexicon knows it: "giá trị sản xuất" of "giá trị sản xuất nông nghiệp"."""
    low = measure.lower()
    for head in _HEADS_BY_FIRST.get(low.split(" ", 1)[0], ()):
        if low.startswith(head + " ") or low == head:
            return measure[: len(head)]
    return measure


def is_clause(words: list[str]) -> bool:
    """Whether a chunk says something (has a verb or a number) rather than names an item."""
    pairs = (" ".join(words[i : i + 2]) for i in range(len(words) - 1))
    return any(w in CLAUSE_VERBS or w[0].isdigit() for w in words) or any(p in CLAUSE_VERBS for p in pairs)
