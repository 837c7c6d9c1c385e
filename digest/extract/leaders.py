"""Leaders: people holding office, with their titles, in both orders.

Name first: "đồng chí Lê Đình Hải, Bí thư Huyện ủy, Chủ tịch HĐND huyện Thọ Xuân",
"Hồ Quốc Dũng - Ủy viên Trung ương Đảng, Bí thư Tỉnh ủy". Title first: "Chủ tịch UBND
huyện Lê Văn Tiến", "Bí thư Tỉnh uỷ, Chủ tịch HĐND tỉnh Trịnh Văn Chiến". A title whose
unit is elided ("Bí thư Huyện ủy") is completed from the article's localities. Bylines
are never leaders, and a place name is never a person.
"""

from __future__ import annotations

import re

from digest.extract.words import POSITION_RE as _POSITION_RE
from digest.extract.words import Run, capitalised_runs, is_capitalised, looks_like_person, run_at
from digest.gazetteer import COMMUNE, DISTRICT, PROVINCE, TYPE_NAMES, Gazetteer, Unit
from digest.models import Article, Leader, Locality
from digest.textnorm import match_key

_HONORIFIC_RE = re.compile(r"(?:đồng chí|đ/c|ông|bà|ts\.?|ths\.?|pgs\.?\s*ts\.?|gs\.?\s*ts\.?|bs\.?|nhà báo)\s*$")
_CAPITALISED_HONORIFICS = frozenset({"Ông", "Bà", "TS", "ThS", "PGS", "GS", "BS", "Thạc", "Tiến", "Anh", "Chị"})
_NAME_TITLE_SEP_RE = re.compile(r"\s*[,\-–—]\s*")
# Where the words before a name start; a dash pairs a name with the title after it, not before.
_CHUNK_BREAK_RE = re.compile(r"[.;:!?()\n“”\"]|\s[-–]\s|đồng chí|các đồng chí|ông|bà")
# A title ends where the sentence goes on: "Chủ tịch UBND tỉnh chủ trì hội nghị" (a capitalised word goes on
# the name of a body: "Ban Tiếp công dân", "Ban Tuyên giáo và Dân vận").
_TITLE_END_RE = re.compile(
    r"\s+(?:phát biểu|chủ trì|cho biết|nhấn mạnh|cho hay|đã|đề nghị|kết luận|trình bày|tại|dự|quán triệt|cùng|làm"
    r"|thăm|tặng|trao|chúc|kiểm tra|khẳng định|yêu cầu|chỉ đạo|ghi nhận|báo cáo|được|đến|về|đi|có|nêu|cũng"
    r"|trả lời|chia sẻ|thông tin|nói|bày tỏ|ôn lại|lên|với|khi|để|đồng chủ trì|và|tham dự|tham gia|dẫn đầu"
    r"|tiếp|gặp|động viên|đánh giá|giao|gửi|thay mặt|điều hành|tái cử|tái đắc cử|giữ chức|lưu ý|phân tích"
    r"|hoan nghênh|biểu dương|mong muốn|ký|kí|ban hành|thông báo|vừa|sẽ|đang|là|cắt băng|phát động|ra mắt"
    r"|chứng kiến|khảo sát|trực tiếp|nhận|xuống|hướng dẫn|giải trình|tiếp thu|đón|dâng|thắp|điều tra)(?![\wà-ỹ])"
)
# An office named after a verb ("Ông Trần Văn Nam tái cử chức Bí thư Huyện ủy", "được bầu giữ chức ...").
_TAKES_OFFICE_RE = re.compile(
    r"\s+(?:tái cử|tái đắc cử|đắc cử|trúng cử|được bầu|được bầu lại|được bổ nhiệm|được điều động|được phân công"
    r"|được giao|được chỉ định|giữ|nhận)(?:\s+(?:giữ|làm|đảm nhận|nhận|đảm nhiệm))?(?:\s+(?:chức vụ|chức))?\s+"
)
_COMMUNE_TYPE_BEFORE_RE = re.compile(r"(?:xã|phường|thị trấn|đặc khu)\s*$")
_UNIT_GOES_ON = frozenset({"ủy", "uỷ", "đoàn", "hội", "ủy viên", "nhà", "xã", "trấn", "khu", "phố"})
_TITLE_STOP_RE = re.compile(r"[,;.:()\n]|\s[-–]\s")
_FORMER = "nguyên "  # "nguyên Bí thư Tỉnh ủy": a former official, with the title as written
MAX_TITLE_WORDS = 14
_ELIDED = (  # title ending -> level of the unit it leaves out
    ("tỉnh ủy", PROVINCE),
    ("tỉnh", PROVINCE),
    ("huyện ủy", "huyện"),
    ("huyện", "huyện"),
    ("thành ủy", "thành phố"),
    ("thành phố", "thành phố"),
    ("thị ủy", "thị xã"),
    ("thị xã", "thị xã"),
    ("quận ủy", "quận"),
    ("quận", "quận"),
    ("đặc khu ủy", "đặc khu"),
    ("đặc khu", "đặc khu"),
    ("xã", "xã"),  # "Bí thư Đảng ủy xã", "Chủ tịch UBND xã"
    ("phường", "phường"),
)


def find_leaders(article: Article, gazetteer: Gazetteer, localities: tuple[Locality, ...] = ()) -> tuple[Leader, ...]:
    """Leaders named in the article, in order of first mention, each with all the titles given."""
    found: dict[str, tuple[str, list[str]]] = {}
    bylines = {match_key(b) for b in article.bylines}
    for paragraph in ((article.title or ""), *article.paragraphs):
        low = article.folds.low(paragraph)
        for run in capitalised_runs(paragraph):
            if len(run.words) < 2:  # a person has a family name and a given name at least
                continue
            for name, titles in _around(paragraph, low, run, gazetteer):
                key = match_key(name)
                if key in bylines or not titles:
                    continue
                entry = found.setdefault(key, (name, []))
                for title in titles:
                    title = _complete(title, localities)
                    if match_key(title) not in {match_key(t) for t in entry[1]}:
                        entry[1].append(title)
    return tuple(Leader(name, tuple(titles)) for name, titles in found.values())


def _around(text: str, low: str, run: Run, gaz: Gazetteer) -> list[tuple[str, list[str]]]:
    words = _person_words(run, low, gaz)
    if words is None:
        return []
    offset, name_words = words
    name = " ".join(name_words)
    start = run.start + offset
    if _POSITION_RE.match(low, start):
        return []  # a title's capitals, not a name: "Phó Chủ tịch"
    strong = offset > 0 or bool(_HONORIFIC_RE.search(low[max(0, start - 12) : start]))
    if not (looks_like_person(name_words) or (strong and 2 <= len(name_words) <= 5)):
        return []
    titles = _titles_after(text, low, run.end) + _titles_before(text, low, start)
    return [(name, titles)]


def _person_words(run: Run, low: str, gaz: Gazetteer) -> tuple[int, tuple[str, ...]] | None:
    """The part of a run that names a person: a leading place name ("Thọ Xuân Lê Văn A") is dropped."""
    words, skip = run.words, 0
    while words and words[0] in _CAPITALISED_HONORIFICS:
        skip += len(words[0]) + 1
        words = words[1:]
    if not words or _names_a_place(gaz.named(" ".join(words)), low, run.start + skip):
        return None
    for n in range(min(4, len(words) - 2), 0, -1):
        if any(u.level in (PROVINCE, DISTRICT) for u in gaz.named(" ".join(words[:n]))):
            return skip + len(" ".join(words[:n])) + 1, words[n:]
    return skip, words


def _position_at(low: str, pos: int) -> bool:
    """Whether an office starts at `pos`, a former one ("nguyên Bí thư") too."""
    return _POSITION_RE.match(low, pos + len(_FORMER) if low.startswith(_FORMER, pos) else pos) is not None


def _names_a_place(units: tuple[Unit, ...], low: str, start: int) -> bool:
    """Whether a run is a place's name: a province or district; a commune named after a person ("xã Nguyễn Văn
    Linh") only after its type word."""
    if any(u.level != COMMUNE for u in units):
        return True
    return bool(units) and _COMMUNE_TYPE_BEFORE_RE.search(low, max(0, start - 12), start) is not None


def _titles_after(text: str, low: str, end: int) -> list[str]:
    sep = _NAME_TITLE_SEP_RE.match(low, end)
    if sep is None or sep.end() == end:
        sep = _TAKES_OFFICE_RE.match(low, end)
        if sep is None:
            return []
    titles = []
    pos = sep.end()
    while pos < len(low):
        if not _position_at(low, pos):
            break
        stop = _TITLE_STOP_RE.search(low, pos)
        while stop and stop.group().strip() in "-–" and not _starts_a_person(text, stop.end()):
            stop = _TITLE_STOP_RE.search(low, stop.end())  # "Trưởng Ban Văn hóa – xã hội HĐND tỉnh"
        segment_end = stop.start() if stop else len(low)
        title, cut = _trim(text, low, pos, segment_end)
        if title:
            titles.append(title)
        if cut or stop is None or low[stop.start()] != ",":
            break
        pos = stop.end() + (len(low) - len(low[stop.end() :].lstrip()) - stop.end())
    return titles


def _starts_a_person(text: str, pos: int) -> bool:
    run = run_at(text, pos)
    return run is not None and looks_like_person(run.words[:5])


def _titles_before(text: str, low: str, start: int) -> list[str]:
    breaks = list(_CHUNK_BREAK_RE.finditer(low, 0, start))
    chunk_start = breaks[-1].end() if breaks else 0
    segments = low[chunk_start:start].split(",")
    titles: list[str] = []
    pos = start
    for i, segment in enumerate(reversed(segments)):
        seg_start = pos - len(segment)
        stripped = segment.strip()
        if i == 0:
            position = _POSITION_RE.search(low, seg_start, pos)
            if position is None or position.start() < seg_start:
                return []
            at = position.start()
            if low.endswith(_FORMER, 0, at):
                at -= len(_FORMER)
        else:
            at = seg_start + len(segment) - len(segment.lstrip())
            if not stripped or not _position_at(low, at):
                break
        title, cut = _trim(text, low, at, pos)
        if not title or cut:
            break
        titles.insert(0, title)
        pos = seg_start - 1
    return titles


def _trim(text: str, low: str, start: int, end: int) -> tuple[str, bool]:
    """The title between two offsets, cut where a verb takes over; and whether it was cut."""
    stop = _TITLE_END_RE.search(low, start, end)
    while stop and _goes_on_a_name(text, stop):
        stop = _TITLE_END_RE.search(low, stop.end(), end)
    cut_at = stop.start() if stop else end
    words = text[start:cut_at].split()
    if not words or len(words) > MAX_TITLE_WORDS or not _ends_cleanly(words):
        return "", True
    words = _to_unit(words)
    if words[0] == "Nguyên":
        words[0] = "nguyên"  # a sentence's capital
    return " ".join(words), stop is not None


def _to_unit(words: list[str]) -> list[str]:
    """A title ends at its unit when the sentence goes on in small letters: "Bí thư Đảng ủy xã | thông qua báo
    cáo", "Chủ tịch UBND tỉnh | tham dự" (not "Tỉnh ủy", "xã hội", "huyện đoàn")."""
    for i, word in enumerate(words[:-1]):
        if word in TYPE_NAMES or " ".join(words[i - 1 : i + 1]) in TYPE_NAMES:
            after = words[i + 1]
            if after[0].islower() and after not in _UNIT_GOES_ON and f"{word} {after}" not in TYPE_NAMES:
                return words[: i + 1]
    return words


def _goes_on_a_name(text: str, stop: re.Match[str]) -> bool:
    """A stop word that is part of a body's name: "Ban Tiếp công dân", "Ban Tuyên giáo và Dân vận"."""
    word = stop.group().strip()
    at = stop.end() - len(word)
    if word == "và":
        return text[stop.end() + 1 : stop.end() + 2].isupper()
    return text[at].isupper()


def _ends_cleanly(words: list[str]) -> bool:
    return not (len(words) == 1 and not is_capitalised(words[0]) and not words[0].isupper())


def _complete(title: str, localities: tuple[Locality, ...]) -> str:
    """Give an elided unit its name from the article: "Bí thư Huyện ủy" -> "Bí thư Huyện ủy Thọ Xuân"."""
    key = match_key(title)
    for ending, level in _ELIDED:
        if key.endswith(" " + ending) or key == ending:
            if level == PROVINCE:
                name = localities[0].province if localities else None
            else:
                name = next((loc.name for loc in localities if loc.type == level), None)
            return f"{title} {name}" if name else title
    return title
