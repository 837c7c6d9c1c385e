"""From raw article text to `Article` records: Unicode, website chrome, duplicates, title, dateline, bylines.

Input is text as copied from a web page or extracted from its HTML. A file may hold
several articles, each starting with a marker line `<author> date YYYY-MM[-DD] <title or lead>`.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import lru_cache

from digest.models import Article
from digest.textnorm import LOWER_LETTERS, UPPER_LETTERS, clean_unicode, loose_text_key, text_key

log = logging.getLogger(__name__)

MAX_TITLE_CHARS = 250
MAX_ARTICLE_CHARS = 200_000  # one article longer than this is cut: no real article is this long

_MARKER_RE = re.compile(r"^(?P<author>[^\n]{0,60}?)\s*\bdate (?P<date>\d{4}-\d{2}(?:-\d{2})?)(?:\s+(?P<rest>.*))?$")

# Website chrome, matched on the loose key (no diacritics, lower case) of a whole line.
_CHROME_LINE_RE = re.compile(
    r"^(?:tat ca chuyen muc|trang chu|chia se(?: thong tin voi ban be)?!?|binh luan|\d+ binh luan|y kien(?: \(\d*\))?"
    r"|lien ket website|thoi tiet|dia phuong|tin lien quan|bai viet lien quan|tin cung chuyen muc|xem them.*"
    r"|doc tiep|in bai|gui bai|dang nhap|dang ky|tra loi|tags?:?.*|tu khoa:?.*|tat \[x\]|\[img\]|a a|video"
    r"|y kien cua ban se duoc bien tap.*|vui long go tieng viet.*|duong day nong.*|hotline.*|len dau trang"
    r"|quay lai|theo doi .* tren google news.*|.* - anh \d+)$"
)
_TEMPLATE_RE = re.compile(r"\{[a-z_]+\}")  # comment-widget templates: "{name} - {time}", "{body}"

# A dateline: a date (and time), with at most a few words around it (weekday, GMT, an author name).
_DATE_PATTERNS = (
    re.compile(r"(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-]((?:19|20)\d{2})(?!\d)"),
    re.compile(r"ngay (\d{1,2}) thang (\d{1,2}) nam ((?:19|20)\d{2})"),
)
_DATELINE_NOISE_RE = re.compile(
    r"\b(?:thu (?:hai|ba|tu|nam|sau|bay|\d)|chu nhat|ngay|thang|nam|cap nhat|dang luc|luc|gmt ?\+ ?\d+|a a)\b"
    r"|\d{1,2}:\d{2}(?::\d{2})?|[|,()\[\]+:-]|\d"
)
_SOURCE_TAG_RE = re.compile(r"^\((?P<tag>[^()]{1,40})\)\s*[-–—:]?\s*")
_LEAD_LABEL_RE = re.compile(r"^(?P<tag>Trực tiếp|TTXVN|VOV|VTV|Video|Clip|Infographic)\s*[-–—:]\s*", re.IGNORECASE)
_PAPER_TAG_RE = re.compile(r"^(?P<tag>[A-ZĐ]{2,6})\s*[-–—]\s+(?=[A-ZĐÀ-Ỹ])")  # "TPO - ", "ĐBP - ": a paper's own
_LIST_ITEM_RE = re.compile(r"^(?:\d{1,2}[.)]|[-–•+*])\s")
_TERMINAL = ".!?…;"

# A byline: one to three names ("Tô Hà", "Lê Hải (CTV)", "Thu Hoài – Quốc Toản", "HỒNG HÀ (Thực hiện)").
_NAME_WORD = rf"[{UPPER_LETTERS}][{LOWER_LETTERS}]*\.?|[{UPPER_LETTERS}]{{2,}}|[A-ZĐ]\.[A-ZĐ]\.?"
_BYLINE_NAME = rf"(?:{_NAME_WORD})(?:\s+(?:{_NAME_WORD})){{0,3}}"
_BYLINE_RE = re.compile(
    rf"^(?:(?:Bài|Tin|Ảnh|Bài và ảnh|Tin, ảnh|Nhóm PV)\s*:\s*)?(?P<names>{_BYLINE_NAME}"
    rf"(?:\s*[-–,&]\s*{_BYLINE_NAME})*)(?:\s*\((?:CTV|TTXVN|Thực hiện|tổng hợp|[A-ZĐ]{{2,}})\))?\s*\.?$"
)
_PHOTO_CREDIT_RE = re.compile(r"Ảnh\s*:\s*(?P<name>[^.\n]{1,40}?)\s*\.?$")  # a literal first: a fast scan


def split_articles(raw: str, source: str) -> list[Article]:
    """Every article in a text, cleaned."""
    return list(iter_articles(raw.split("\n"), source))


def iter_articles(lines: Iterable[str], source: str) -> Iterator[Article]:
    """The articles of a text read line by line, cleaned one at a time (a crawler file of any size)."""
    for header, segment in _segments(lines, source):
        article = build_article(clean_unicode("\n".join(segment)).split("\n"), source, header_published=header)
        if article is not None:
            yield article


def _segments(lines: Iterable[str], source: str) -> Iterator[tuple[str | None, list[str]]]:
    """(marker date, lines) of each article; an article over MAX_ARTICLE_CHARS keeps its beginning."""
    published: str | None = None
    current: list[str] = []
    size = 0
    for line in lines:
        marker = _MARKER_RE.match(line.strip()) if "date" in line else None
        if marker:
            if any(s.strip() for s in current):
                yield published, current
            published, current = marker.group("date"), [marker.group("rest") or ""]
            size = len(current[0])
        elif size <= MAX_ARTICLE_CHARS:
            size += len(line) + 1
            if size > MAX_ARTICLE_CHARS:
                log.warning("%s: an article of more than %d characters, only its beginning is read", source, size)
                continue
            current.append(line)
    if any(s.strip() for s in current):
        yield published, current


def build_article(
    lines: list[str], source: str, header_published: str | None = None, title: str | None = None, url: str | None = None
) -> Article | None:
    """Clean the lines of one article; `None` when nothing readable is left."""
    paragraphs = [" ".join(line.split()) for line in lines]
    paragraphs = [p for p in paragraphs if p and not _is_chrome(p)]
    datelines = [(i, d) for i, p in enumerate(paragraphs) if (d := dateline_date(p)) is not None]
    published = header_published
    if datelines:
        # A page shows its own clock (when it was crawled) as well as the article's dateline;
        # the clock never precedes publication, so the earliest dateline is the article's.
        earliest = min(d for _, d in datelines)
        published = published if published and len(published) == 10 else earliest.isoformat()
        drop = {i for i, _ in datelines}
        paragraphs = [p for i, p in enumerate(paragraphs) if i not in drop]
    paragraphs = _join_wrapped(paragraphs)
    if title is None:
        title, paragraphs = _take_title(paragraphs)
    paragraphs, tags = _strip_source_tags(paragraphs)
    paragraphs, bylines = _take_bylines(paragraphs)
    paragraphs = _drop_repeats(paragraphs, title)
    if not paragraphs:
        return None
    return Article(
        source=source,
        title=title,
        paragraphs=tuple(paragraphs),
        published=published,
        bylines=tuple(bylines),
        source_tags=tuple(tags),
        url=url,
    )


def _join_wrapped(paragraphs: list[str]) -> list[str]:
    """Join the lines of a hard-wrapped paragraph: a line that does not end a sentence, followed by one that
    goes on with a small letter or a number ("... hộ nghèo đa" / "chiều giảm còn hơn 24%")."""
    out: list[str] = []
    for p in paragraphs:
        if out and out[-1][-1] not in _TERMINAL + ":" and _goes_on(p) and len(out[-1]) > MAX_CHROME_CHARS // 2:
            out[-1] = f"{out[-1]} {p}"
        else:
            out.append(p)
    return out


def _goes_on(line: str) -> bool:
    first = line[0]
    return (first.isalpha() and first.islower()) or (first.isdigit() and not _LIST_ITEM_RE.match(line))


MAX_CHROME_CHARS = 160  # website chrome comes in short lines


def _is_chrome(line: str) -> bool:
    if len(line) > MAX_CHROME_CHARS:
        return False
    return bool(_TEMPLATE_RE.search(line) or _CHROME_LINE_RE.match(_line_key(line)))


# A page's text is keyed without the caches of names (`textnorm.text_key`). A paragraph is seen once; a short
# line may recur (a site's chrome, its captions), and a bounded cache of its own remembers the latest.
LINE_CACHE = 4096
_line_key = lru_cache(maxsize=LINE_CACHE)(loose_text_key)  # asked twice a line: is it chrome, is it a dateline
_short_text_key = lru_cache(maxsize=LINE_CACHE)(text_key)


def _text_key(text: str) -> str:
    """`match_key` of a paragraph or a line of the page."""
    return _short_text_key(text) if len(text) <= MAX_CHROME_CHARS else text_key(text)


def dateline_date(line: str) -> dt.date | None:
    """The date of a line that is only a dateline ("Thứ 3, 24/05/2022 | 09:02:45 [GMT +7] A A")."""
    if len(line) > 80:
        return None
    key = _line_key(line)
    for pattern in _DATE_PATTERNS:
        found = pattern.search(key)
        if found:
            rest = _DATELINE_NOISE_RE.sub(" ", key[: found.start()] + " " + key[found.end() :]).split()
            if len(rest) > 4:
                return None
            day, month, year = (int(g) for g in found.groups())
            try:
                return dt.date(year, month, day)
            except ValueError:
                return None
    return None


def _is_title_like(p: str) -> bool:
    return len(p) <= MAX_TITLE_CHARS and p[-1] not in _TERMINAL


def _take_title(paragraphs: list[str]) -> tuple[str | None, list[str]]:
    """The headline: the last short line before the first body paragraph, or a line repeated as captions."""
    head = 0
    while head < len(paragraphs) and _is_title_like(paragraphs[head]) and _BYLINE_RE.match(paragraphs[head]) is None:
        head += 1
    if head > 0 and head < len(paragraphs):
        return paragraphs[head - 1], paragraphs[head:]
    counts = Counter(_text_key(p) for p in paragraphs if _is_title_like(p) and len(p.split()) >= 4)
    repeated = [k for k, n in counts.items() if n >= 2]
    if repeated:
        title = next(p for p in paragraphs if _text_key(p) == repeated[0])
        return title, paragraphs
    return None, paragraphs


def _strip_source_tags(paragraphs: list[str]) -> tuple[list[str], list[str]]:
    tags: list[str] = []
    out = []
    for i, p in enumerate(paragraphs):
        if i < 3:
            for pattern in (_SOURCE_TAG_RE, _LEAD_LABEL_RE, _PAPER_TAG_RE):
                found = pattern.match(p)
                if found and len(p) > found.end() + 20:
                    tags.append(found.group("tag"))
                    p = p[found.end() :]
        out.append(p)
    return out, tags


def _take_bylines(paragraphs: list[str]) -> tuple[list[str], list[str]]:
    """Remove trailing author lines and photo credits; return them as names."""
    names: list[str] = []
    out = list(paragraphs)
    while out and len(out[-1]) <= 60 and (found := _BYLINE_RE.match(out[-1])):
        names.extend(_split_names(found.group("names")))
        out.pop()
    # Photo credits inside the body: "... tại lễ khởi công. Ảnh: Lê Hợi".
    for i, p in enumerate(out):
        credit = _PHOTO_CREDIT_RE.search(p)
        if credit:
            names.extend(_split_names(credit.group("name")))
            out[i] = p[: credit.start()].rstrip()
    return [p for p in out if p], list(dict.fromkeys(n for n in names if n))


def _split_names(names: str) -> list[str]:
    parts = re.split(r"\s*[-–,&]\s*", names)
    return [" ".join(w.capitalize() if w.isupper() and len(w) >= 2 else w for w in part.split()) for part in parts]


def _drop_repeats(paragraphs: list[str], title: str | None) -> list[str]:
    """Drop repeated paragraphs and captions that repeat the title (also when glued to a paragraph)."""
    seen: set[str] = set()
    title_key = _text_key(title) if title else None
    out = []
    for p in paragraphs:
        if title and len(title.split()) >= 5 and p.endswith(title) and len(p) > len(title):
            p = p[: -len(title)].rstrip()
        key = _text_key(p)
        if key in seen or key == title_key:
            continue
        seen.add(key)
        out.append(p)
    return out
