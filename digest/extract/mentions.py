"""Where an article names a place, before deciding which units it means.

A mention is typed ("huyện Thọ Xuân", "P.Cao Lãnh", "đặc khu Thổ Châu", "Huyện ủy Tiên Yên", "UBND
tỉnh Quảng Nam", "Quận 1"), an everyday name of a province ("TPHCM", "Sài Gòn"), or an untyped run of
capitalised words ("Thọ Xuân triển khai ..."). Each typed mention carries every unit of any
structure that its name and type word fit; the locality extractor chooses among them.

A mention is history when the article says so: "(cũ)" after it or after its address ("xã Thổ
Châu, thành phố Phú Quốc, tỉnh Kiên Giang (cũ)"), or when it stands in what a unit was formed from
("được thành lập trên cơ sở sáp nhập các xã A, B"). A province right after a place ("xã Yên Phong,
Bắc Ninh", "P.Cao Lãnh (Đồng Tháp)", "xã Hậu Nghĩa, tỉnh Tây Ninh") is that place's address.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from digest.extract.words import POSITION_RE, Run, capitalised_runs, run_at
from digest.gazetteer import COMMUNE, DISTRICT, PROVINCE, TYPE_NAMES, TYPE_WORDS, Gazetteer, Unit
from digest.models import Article
from digest.textnorm import loose_key, match_key, word_alternation

TITLE_FACTOR = 1.5  # a mention in the headline counts this much more

# Type words, matched on the diacritic-free lower-case text so that mangled marks ("Hùỵện") still match.
# A type word may be glued to a capitalised name ("TP.Thanh Hóa", "huyệnĐak Đoa"), never to a lower-case letter.
_TYPE_WORDS = (
    "tinh uy|thanh uy|thi uy|huyen uy|quan uy|dac khu uy|thanh pho|thi xa|thi tran|dac khu"
    "|tinh|huyen|quan|xa|phuong|tp|tx|tt(?=\\.)|h(?=\\.)|q(?=\\.)|p(?=\\.)|x(?=\\.)"
).split("|")
_TYPE_RE = re.compile(rf"(?P<type>{word_alternation(_TYPE_WORDS)})(?P<dot>\.)?\s*(?::\s*)?")
# Numbered urban units: "Quận 1", "phường 3".
_NUMBER_RE = re.compile(r"\d{1,2}(?![\w.,/-])")
LEVELS = {
    "tinh uy": PROVINCE,
    "tinh": PROVINCE,
    "thanh uy": DISTRICT,
    "thi uy": DISTRICT,
    "huyen uy": DISTRICT,
    "quan uy": DISTRICT,
    "thanh pho": DISTRICT,
    "tp": DISTRICT,
    "thi xa": DISTRICT,
    "tx": DISTRICT,
    "huyen": DISTRICT,
    "h": DISTRICT,
    "quan": DISTRICT,
    "q": DISTRICT,
    "xa": COMMUNE,
    "x": COMMUNE,
    "phuong": COMMUNE,
    "p": COMMUNE,
    "thi tran": COMMUNE,
    "tt": COMMUNE,
    "dac khu": COMMUNE,
    "dac khu uy": COMMUNE,
}
UNIT_TYPES = {  # a province's type word admits any province; a party committee, its unit's type
    **{word: types for word, types in TYPE_WORDS.items() if word != "tinh"},
    "thanh uy": ("thành phố",),
    "thi uy": ("thị xã",),
    "huyen uy": ("huyện",),
    "quan uy": ("quận",),
    "dac khu uy": ("đặc khu",),
}
# Type words whose diacritics must be intact: the bare forms are common words ("xa", "quan", "phuong").
_EXACT_TYPES = {"quan": "quận", "quan uy": "quận ủy", "xa": "xã", "phuong": "phường"}
_NUMBERED = {"quan": "Quận", "q": "Quận", "phuong": "Phường", "p": "Phường"}
# Organisation words that may precede a place name in a capitalised run: "Báo Bình Định".
ORG_HEADS = frozenset({"Báo", "Đài", "Cổng", "Tỉnh", "Huyện", "Thành", "Thị", "Xã", "Phường"})
_LIST_SEP_RE = re.compile(r"\s*(?:,|và|;)\s*(?:(?:xã|phường|thị trấn|huyện|thị xã|đặc khu)\s+)?")
# "(cũ)" or "cũ" after a name: what it was, not what it is.
_FORMER_AFTER_RE = re.compile(r"\s*(?:\(\s*cũ\s*\)|cũ\b|\(trước (?:đây|sáp nhập)\))", re.IGNORECASE)
# An address after a name: ", tỉnh Kiên Giang", " thuộc huyện Vũ Thư", " (tỉnh An Giang)", ", Bắc Ninh".
_ADDRESS_RE = re.compile(r"\s*(?:,|\(|-|–|thuộc|của)\s*")
# What may stand between the names of a list or an address that "(cũ)" closes.
_CHAIN_GAP_RE = re.compile(
    r"\s*(?:,|\(|-|–|thuộc|của|và|;)?\s*(?:(?:xã|phường|thị trấn|huyện|thị xã|thành phố|quận|tỉnh|đặc khu)\s+)?",
    re.IGNORECASE,
)
# What a unit was formed from: the rest of the sentence names former units.
_FORMED_FROM = (
    "trên cơ sở|sáp nhập|hợp nhất|nhập từ|nhập các|được thành lập từ|thành lập từ|gồm các|bao gồm các"
    "|trước đây là|trước đây thuộc|trước sáp nhập|trước khi sáp nhập|nguyên là|từ các xã|từ các phường"
).split("|")
_LOW_WORD_CHAR = r"[\wà-ỹ]"  # a letter or digit of the lower-case text
_FORMED_FROM_RE = re.compile(  # on the lower-case text
    f"(?:{word_alternation(_FORMED_FROM, not_after=_LOW_WORD_CHAR)})(?!{_LOW_WORD_CHAR})"
)
_FORMED_FROM_HINTS = ("cơ sở", "nhập", "thành lập", "gồm", "trước", "nguyên là", "từ các")
# "nguyên Bí thư Huyện ủy ...", "nguyên Chủ tịch UBND huyện ...": an office held before.
_FORMER_OFFICE_RE = re.compile(
    r"(?<![\wà-ỹ])nguyên\s+(?:phó\s+)?(?:bí thư|chủ tịch|giám đốc|trưởng|ủy viên|lãnh đạo|cán bộ)"
)
_SENTENCE_END_RE = re.compile(r"[.!?;](?:\s|$)|\n")
_CLAUSE_BREAK_RE = re.compile(r"[.;:!?()\n“”\"]")
_OFFICE_CLAUSE_BREAK_RE = re.compile(r"[.;:!?()\n]|,\s")
# Things named after a place: "cầu Cần Thơ", "sân bay Chu Lai", "đài Vĩnh Long" (a lottery), "CLB Hà Nội".
_THING_BEFORE_RE = re.compile(
    r"(?<![\wà-ỹ])(?:cầu|sân bay|cảng(?: hàng không)?|nhà máy(?: [\wà-ỹ]+){0,2}|công ty|tổng công ty|tập đoàn|xổ số|đài"
    r"|câu lạc bộ|clb|đội(?: tuyển| bóng)?|trường(?: [a-zđ]+)?|đại học|bệnh viện|khu công nghiệp|kcn|khu kinh tế|kkt"
    r"|chợ|bến xe|ga|sông|núi|hồ|đèo|vịnh|đường|phố|quốc lộ|sân vận động|nhà thi đấu|khách sạn|ngân hàng|thương hiệu"
    r"|giải|cúp|nhãn hiệu|đặc sản|gạo|chè|cà phê|bưởi|vải|nhãn)\s*$",
    re.IGNORECASE,
)


# A neighbour named in passing: "giáp tỉnh Sơn La", "tỉnh bạn Nghệ An", "các huyện lân cận như Tương Dương";
# the places listed after it are in passing too ("giáp Lạng Sơn và Hà Giang").
_NEIGHBOUR_NOUN = "(?:" + "|".join(sorted({*TYPE_NAMES, "nước"}, key=len, reverse=True)) + ")"  # "nước bạn Lào"
_PASSING_BEFORE_RE = re.compile(
    rf"(?<![\wà-ỹ])(?:(?:tiếp )?giáp(?: ranh)?(?: với)?(?: các)?|{_NEIGHBOUR_NOUN} bạn"
    r"|lân cận(?: như| là|,)?|giáp ranh(?: như| là)?)"
    rf"(?:\s+(?:các\s+)?{_NEIGHBOUR_NOUN}(?: bạn)?)?\s*$"
)
# One of these ends every such phrase's cue word.
_PASSING_WORDS = ("giáp", "bạn", "lân cận")
_PASSING_CUES = tuple(w for word in _PASSING_WORDS for w in (word, word.capitalize()))  # a cheap test first
_PASSING_CUE_RE = re.compile("|".join(_PASSING_WORDS))
PASSING_REACH = 40  # characters before a name where its cue may be
_LIST_GAP_RE = re.compile(rf"\s*(?:,|và|hoặc|;)\s*(?:(?:các\s+)?{_NEIGHBOUR_NOUN}(?: bạn)?\s+)?")


@dataclass(frozen=True, slots=True)
class Mention:
    """A place named in the article."""

    level: str  # the level its type word says (PROVINCE, DISTRICT, COMMUNE); PROVINCE for an everyday name
    types: tuple[str, ...]  # unit types its type word admits; empty for any
    candidates: tuple[Unit, ...]  # units of any structure that fit
    written: str
    position: int  # in the article's text (title, then paragraphs, two characters between)
    end: int
    weight: float  # 1.0, or TITLE_FACTOR in the headline
    history: bool = False  # named as what was: "(cũ)", or among what a unit was formed from
    address_of: int | None = None  # the position of the mention this one is the address of
    renamed: bool = False  # found by a district's former name
    in_title: bool = False  # part of a person's title: "Bí thư Tỉnh ủy Đồng Tháp", "lãnh đạo tỉnh Đồng Tháp"
    start: int = 0  # where its type word starts ("Huyện" of "Huyện ủy Thọ Xuân"; of a list, the list's first)
    past_office: bool = False  # in an office a person held before: "nguyên Chủ tịch UBND huyện Thọ Xuân"


@dataclass(frozen=True, slots=True)
class Scan:
    """Every mention of an article, and its capitalised runs outside them."""

    typed: tuple[Mention, ...]
    untyped: tuple[tuple[Run, int, float], ...]  # (run, position in the article, factor)
    text: str  # the article's text the positions refer to


def scan(article: Article, gaz: Gazetteer) -> Scan:
    """The mentions of an article's title and paragraphs."""
    segments = ([(article.title, TITLE_FACTOR)] if article.title else []) + [(p, 1.0) for p in article.paragraphs]
    typed: list[Mention] = []
    untyped: list[tuple[Run, int, float]] = []
    full = "\n\n".join(text for text, _ in segments)
    pattern = _everyday_re(gaz)
    everyday = pattern.search(full) is not None  # most articles have none: no paragraph is searched again
    offset = 0
    for text, factor in segments:
        found = _typed_mentions(text, article.folds.flat(text), offset, factor, gaz)
        if everyday:
            found += _everyday_names(text, offset, factor, gaz, pattern)
        if found:
            found.sort(key=lambda m: m.position)
            found = _mark_addresses(_mark_history(text, offset, found), text, offset)
            typed += found
        runs = capitalised_runs(text)
        if found:  # runs that a typed mention covers, from its type word ("Huyện Thọ Xuân"), are not untyped too
            spans = [(m.start - offset, m.end - offset) for m in found]
            runs = tuple(r for r in runs if not _covered(r.start, spans))
        untyped.extend((run, offset + run.start, factor) for run in runs if len(run.words) <= 6)
        offset += len(text) + 2
    return Scan(tuple(typed), tuple(untyped), full)


def _covered(start: int, spans: list[tuple[int, int]]) -> bool:
    for low, high in spans:  # noqa: SIM110  # a loop: cheaper than any() on a generator
        if low <= start < high:
            return True
    return False


def names_a_thing(found: Scan, position: int) -> bool:
    """Whether the capitalised run at `position` names something named after a place ("cầu Cần Thơ")."""
    return bool(_THING_BEFORE_RE.search(found.text[max(0, position - 30) : position]))


def named_in_passing(found: Scan) -> frozenset[int]:
    """The positions of the mentions (typed, and untyped runs) that name a neighbour in passing."""
    if not any(cue in found.text for cue in _PASSING_CUES):
        return frozenset()  # most articles: no neighbour at all
    low = found.text.lower()
    cues = [m.end() for m in _PASSING_CUE_RE.finditer(low)]
    spans = sorted(
        [(m.start, m.end, m.position) for m in found.typed]
        + [(position, position + len(run.text), position) for run, position, _ in found.untyped]
    )
    passing: set[int] = set()
    previous_end = -1
    for start, end, position in spans:
        if start < previous_end:  # a name of the same list ("xã A, B" share their type word's start)
            passing.add(position)
            previous_end = max(previous_end, end)
            continue
        follows = previous_end >= 0 and _LIST_GAP_RE.fullmatch(low, previous_end, start) is not None
        cue = bisect.bisect_right(cues, start) - 1
        near = cue >= 0 and cues[cue] >= start - PASSING_REACH
        if follows or (near and _PASSING_BEFORE_RE.search(low, max(0, start - PASSING_REACH), start)):
            passing.add(position)
            previous_end = end
        else:
            previous_end = -1
    return frozenset(passing)


def _typed_mentions(text: str, flat: str, offset: int, factor: float, gaz: Gazetteer) -> list[Mention]:
    out: list[Mention] = []
    taken = -1
    for found in _TYPE_RE.finditer(flat):
        pos = found.end()
        if found.start() < taken or pos >= len(text) or not (text[pos].isupper() or text[pos].isdigit()):
            continue  # a name starts with a capital ("huyện Thọ Xuân") or is a number ("Quận 1"): most fail here
        kind = found.group("type")
        after = found.end("type")
        if not found.group("dot") and after < len(flat) and text[after].islower():
            continue  # inside a longer word ("quang"); a capital may be glued on ("huyệnĐak Đoa")
        if (
            len(kind) <= 2
            and kind in ("p", "x", "q", "h", "tt")
            and (found.start() > 0 and text[found.start() - 1].isalpha())
        ):
            continue
        exact = _EXACT_TYPES.get(kind)
        if exact and not text[found.start() : found.start() + len(exact)].lower().startswith(exact):
            continue
        while True:
            mention = _name_after(text, pos, kind, gaz, offset, factor, found.start())
            if mention is None:
                break
            out.append(mention)
            taken = mention.end - offset
            sep = _LIST_SEP_RE.match(text, taken)
            if sep is None or sep.end() == taken or _names_province(text, sep.end(), gaz):
                break  # "xã Tân Thành, Đồng Tháp": the province ends the list, as the address
            pos = sep.end()
    return out


def _name_after(
    text: str, pos: int, kind: str, gaz: Gazetteer, offset: int, factor: float, type_start: int
) -> Mention | None:
    """The mention whose name starts at `pos`, after a type word (of `kind`) that starts at `type_start`."""
    if pos >= len(text) or not (text[pos].isupper() or text[pos].isdigit()):
        return None  # a name starts with a capital ("huyện Thọ Xuân") or is a number ("Quận 1")
    level = LEVELS[kind]
    types = UNIT_TYPES.get(kind, ())
    number = _NUMBER_RE.match(text, pos) if kind in _NUMBERED else None
    if number is not None:
        written = f"{_NUMBERED[kind]} {number.group()}"
        found = tuple(u for u in gaz.named(written) if fits(u, level, types))
        if found:
            end = offset + number.end()
            return Mention(level, types, found, number.group(), offset + pos, end, factor, start=offset + type_start)
    run = run_at(text, pos)
    if run is None:
        return None
    words = run.words
    for n in range(min(5, len(words)), 0, -1):
        name = " ".join(words[:n])
        end = offset + pos + len(name)
        candidates, renamed = _units_called(gaz, name, kind)
        if renamed:
            return Mention(
                level, types, candidates, name, offset + pos, end, factor, renamed=True, start=offset + type_start
            )
        if candidates:
            # A provincial office in a person's title: "Bí thư Tỉnh ủy Đồng Tháp".
            in_title = any(u.level == PROVINCE for u in candidates) and _in_title(text, type_start)
            return Mention(
                level, types, candidates, name, offset + pos, end, factor, in_title=in_title, start=offset + type_start
            )
    return None


@lru_cache(maxsize=1 << 15)
def _units_called(gaz: Gazetteer, name: str, kind: str) -> tuple[tuple[Unit, ...], bool]:
    """The units a name after a type word of `kind` may be, and whether they were found by a district's former
    name. Remembered: the gazetteer does not change, and the same places recur from article to article."""
    level = LEVELS[kind]
    candidates = lookup(gaz, name, kind, level, UNIT_TYPES.get(kind, ()))
    if candidates or level != DISTRICT:
        return candidates, False
    renamed = gaz.renamed.get(loose_key(kind + name).replace(" ", "").replace(".", ""), ())
    return renamed, bool(renamed)


def _names_province(text: str, pos: int, gaz: Gazetteer) -> bool:
    run = run_at(text, pos)
    return run is not None and any(u.level == PROVINCE for u in gaz.named(run.text))


def lookup(gaz: Gazetteer, name: str, kind: str, level: str, types: tuple[str, ...]) -> tuple[Unit, ...]:
    """Units of any structure called `name` that a type word admits (exact spelling first, then loose)."""
    loose = gaz.loosely_named(name) if " " in name else ()  # marks lost in the text ("Tho Xuan"), not one word
    for found in (gaz.named(name), gaz.named(f"{_type_word(kind)} {name}"), loose):
        units = tuple(u for u in found if fits(u, level, types))
        if units:
            return units
    if level == DISTRICT and types == ("thành phố",):  # "TP Khánh Hòa": a province by a type it lacks (yet)
        return tuple(u for u in gaz.named(name) if u.level == PROVINCE)
    return ()


def _type_word(kind: str) -> str:
    return {"p": "phường", "x": "xã", "q": "quận", "h": "huyện", "tt": "thị trấn", "tp": "thành phố"}.get(kind, kind)


def fits(unit: Unit, level: str, types: tuple[str, ...]) -> bool:
    """Whether a unit is one a type word can introduce ("thành phố" also introduces a province-level city)."""
    if unit.level == PROVINCE:
        return level == PROVINCE or ("thành phố" in types and unit.type == "thành phố")
    if level == COMMUNE:
        return unit.level == COMMUNE and (not types or unit.type in types or _either_commune(unit.type, types))
    return unit.level == level and (not types or unit.type in types)


def _either_commune(unit_type: str, types: tuple[str, ...]) -> bool:
    """Papers call a ward a commune and the other way round; a special zone is neither."""
    return unit_type in ("xã", "phường", "thị trấn") and bool(set(types) & {"xã", "phường", "thị trấn"})


def _in_title(text: str, start: int) -> bool:
    """Whether the words just before a place (in the same clause) are an office: "Bí thư Tỉnh ủy ..."."""
    before = text[max(0, start - 70) : start].lower()
    clause = _CLAUSE_BREAK_RE.split(before)[-1]
    return bool(_OFFICE_RE.search(clause))


_OFFICE_RE = re.compile(
    POSITION_RE.pattern + r"|(?<![\wà-ỹ])(?:lãnh đạo|thường trực|ban thường vụ|đại diện)(?![\wà-ỹ])"
)


def _everyday_names(text: str, offset: int, factor: float, gaz: Gazetteer, pattern: re.Pattern[str]) -> list[Mention]:
    """Province names people write without a type word and that are not capitalised runs: "TPHCM"."""
    out = []
    for found in pattern.finditer(text):
        units = tuple(u for u in gaz.named(found.group()) if u.level == PROVINCE)
        if units:
            out.append(
                Mention(
                    PROVINCE, (), units, found.group(), offset + found.start(), offset + found.end(), factor,
                    start=offset + found.start(),
                )
            )  # fmt: skip
    return out


def _everyday_re(gaz: Gazetteer) -> re.Pattern[str]:
    return _names_re(gaz.aliases_written)


@lru_cache(maxsize=8)
def _names_re(aliases: tuple[str, ...]) -> re.Pattern[str]:
    """The everyday names that are not a capitalised run ("TPHCM", "TP.HCM", "BR-VT"), longest first."""
    names = sorted({n for n in aliases if not all(w.istitle() for w in n.split())}, key=len, reverse=True)
    pattern = word_alternation([n[0] + re.escape(n[1:]) for n in names], not_after=_NAME_CHAR)
    return re.compile(rf"(?:{pattern or '(?!)'})(?!\w)")


_NAME_CHAR = r"[\w.]"  # what may not stand before an everyday name ("abc.TPHCM")


def _mark_history(text: str, offset: int, mentions: list[Mention]) -> list[Mention]:
    """Mentions named as what was: "(cũ)" after them or their address, or in a formed-from clause. (A unit
    in an office a person held before, "nguyên Chủ tịch UBND huyện X", is marked `past_office`.)"""
    out = list(mentions)
    low = text.lower()
    if "nguyên" in low:
        for j, m in enumerate(out):
            clause = _OFFICE_CLAUSE_BREAK_RE.split(low[max(0, m.start - offset - 60) : m.start - offset])[-1]
            if _FORMER_OFFICE_RE.search(clause):
                out[j] = _with(m, past_office=True)
    for i, m in enumerate(out if "cũ" in low or "trước" in low else ()):
        local_end = m.end - offset
        chain_end = _address_chain_end(text, out, i, offset)
        former = _FORMER_AFTER_RE.match(text, chain_end) or _FORMER_AFTER_RE.match(text, local_end)
        if former:
            for j in range(i, len(out)):
                if out[j].position - offset <= chain_end:
                    out[j] = _with(out[j], history=True)
    triggers = _FORMED_FROM_RE.finditer(low) if any(h in low for h in _FORMED_FROM_HINTS) else ()
    for trigger in triggers:
        stop = _SENTENCE_END_RE.search(text, trigger.end())
        end = stop.start() if stop else len(text)
        for j, m in enumerate(out):
            if trigger.end() <= m.position - offset < end:
                out[j] = _with(out[j], history=True)
    return out


def _address_chain_end(text: str, mentions: list[Mention], i: int, offset: int) -> int:
    """Where the address following mention i ends ("xã A, huyện B, tỉnh C" ends after C)."""
    end = mentions[i].end - offset
    for following in mentions[i + 1 :]:
        gap = text[end : following.position - offset]
        if len(gap) > 16 or not _CHAIN_GAP_RE.fullmatch(gap):
            break
        end = following.end - offset
    return end


def _mark_addresses(mentions: list[Mention], text: str, offset: int) -> list[Mention]:
    """A province right after a lower unit is that unit's address (a district after a commune is not: before
    the reform the district is what the article is about)."""
    out = list(mentions)
    for i in range(1, len(out)):
        before, m = out[i - 1], out[i]
        gap = text[before.end - offset : m.position - offset]
        if m.level == PROVINCE and before.level != PROVINCE and len(gap) <= 8 and _ADDRESS_RE.fullmatch(gap or " "):
            out[i] = _with(m, address_of=before.position)
    return out


def _with(m: Mention, **changes: Any) -> Mention:
    return dataclasses.replace(m, **changes)


def untyped_provinces(run: Run, gaz: Gazetteer) -> list[Unit]:
    """Provinces (of any structure) a capitalised run names whole: "Bắc Ninh", "Báo Bình Định"."""
    for words in (run.words, run.words[1:] if run.words[0] in ORG_HEADS else ()):
        if len(words) >= 2:
            units = [u for u in named_words(words, gaz) if u.level == PROVINCE]
            if units:
                return units
    return []


@lru_cache(maxsize=8192)
def named_words(words: tuple[str, ...], gaz: Gazetteer) -> tuple[Unit, ...]:
    """`gaz.named` of some words, remembered (the same runs recur within an article and across articles)."""
    return gaz.named(" ".join(words))


def same_name(a: str, b: str) -> bool:
    """Two names written alike (tone placement and case aside)."""
    return match_key(a) == match_key(b)
