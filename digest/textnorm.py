"""Unicode handling: NFC, tone-mark placement and diacritic folding.

Every key function here preserves string length, so offsets found in a folded
copy of a text point at the same characters in the original.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeVar, cast

F = TypeVar("F", bound=Callable[..., Any])


def _class_body(codes: Iterable[int]) -> str:
    """A regex character class's body for these code points, runs written as ranges ("A-Z"): a class
    of hundreds of single letters takes the regex compiler milliseconds, at every import."""
    parts: list[str] = []
    run: list[int] = []
    for code in [*sorted(codes), -1]:
        if run and code == run[-1] + 1:
            run.append(code)
            continue
        if run:
            parts.append(chr(run[0]) if len(run) == 1 else f"{chr(run[0])}-{chr(run[-1])}")
        run = [code]
    return "".join(parts)


# Letters for regex character classes: "[A-ZÀ-Ỹ]" would also take lower-case letters of that range.
UPPER_LETTERS = _class_body(c for c in range(0x41, 0x1EFF) if chr(c).isupper() and chr(c).isalpha())
LOWER_LETTERS = _class_body(c for c in range(0x61, 0x1EFF) if chr(c).islower() and chr(c).isalpha())

# Old-style tone placement -> new style ("Hoá" -> "Hóa", "uỷ" -> "ủy").
_TONE_PAIRS = {
    "oá": "óa",
    "oà": "òa",
    "oả": "ỏa",
    "oã": "õa",
    "oạ": "ọa",
    "oé": "óe",
    "oè": "òe",
    "oẻ": "ỏe",
    "oẽ": "õe",
    "oẹ": "ọe",
    "uý": "úy",
    "uỳ": "ùy",
    "uỷ": "ủy",
    "uỹ": "ũy",
    "uỵ": "ụy",
}
# A two-letter pair only moves its tone when it ends the syllable ("hoá", not "hoàng"). The regex starts at
# the marked vowel and looks back at the "o" or "u": marked vowels are rarer than "o" and "u", so the engine
# tries fewer places (four times faster on Vietnamese text); the pair is checked in Python.
_TONE_END_RE = re.compile(r"[áàảãạéèẻẽẹÁÀẢÃẠÉÈẺẼẸýỳỷỹỵÝỲỶỸỴ](?<=[oOuU].)(?![a-zA-Zà-ỹÀ-Ỹđ])")

# Control characters (but line breaks) and the bidirectional controls that make text show in another
# order than it is stored ("right-to-left override" spoofing) are removed, as are noncharacters.
_CONTROLS = "".join(chr(c) for c in [*range(0x20), *range(0x7F, 0xA0)] if chr(c) not in "\n\t\r")
_BIDI = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufffe\uffff"
_UNICODE_FIXES = (
    dict.fromkeys(_CONTROLS + _BIDI, "")
    | dict.fromkeys("\u200b\u200c\u200d\u2060\ufeff\u00ad", "")  # invisible characters
    | dict.fromkeys("\u00a0\u2002\u2003\u2007\u2009\u202f\u3000\t", " ")  # odd spaces
    # Look-alike letters found in Vietnamese web text: Icelandic eth for the Vietnamese D-stroke.
    | {"\u00d0": "\u0110", "\u00f0": "\u0111"}
)
# A regex finds the few characters to fix much faster than str.translate walks a whole text.
_UNICODE_FIX_RE = re.compile("[" + re.escape("".join(_UNICODE_FIXES)) + "]")


def clean_unicode(text: str) -> str:
    """NFC, Vietnamese look-alike letters fixed, invisible, control and direction characters removed,
    odd spaces normalised."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _UNICODE_FIX_RE.sub(lambda found: _UNICODE_FIXES[found.group()], text)
    return unicodedata.normalize("NFC", text)


def clean_input(text: str) -> str:
    """What a person typed, ready to match: `clean_unicode` (so NFD keyboards' text is NFC) on one line."""
    return " ".join(clean_unicode(text).split())


def _moved(pair: str) -> str | None:
    new = _TONE_PAIRS.get(pair.lower())
    if new is None:
        return None  # "quá": "u" and "á" are no pair
    return new.upper() if pair.isupper() else (new[0].upper() + new[1] if pair[0].isupper() else new)


def fold_tones(text: str) -> str:
    """Put tone marks where the new orthography does ("Thiệu Hoá" -> "Thiệu Hóa")."""
    pieces: list[str] = []
    done = 0
    for found in _TONE_END_RE.finditer(text):
        at = found.start() - 1
        new = _moved(text[at : at + 2])
        if new is not None:
            pieces += (text[done:at], new)
            done = at + 2
    if not pieces:
        return text
    pieces.append(text[done:])
    return "".join(pieces)


def _marks_table() -> dict[int, str]:
    table = {ord("đ"): "d", ord("Đ"): "D"}
    for cp in [*range(0x00C0, 0x0250), *range(0x1E00, 0x1F00)]:
        base = unicodedata.normalize("NFD", chr(cp))[0]
        if base != chr(cp) and base.isascii():
            table[cp] = base
    return table


_MARKS = _marks_table()
_COMBINING_RE = re.compile("[\u0300-\u036f]+")


@lru_cache(maxsize=4096)
def strip_marks(text: str) -> str:
    """Remove every diacritic of NFC text, one character for one ("Thọ Xuân" -> "Tho Xuan")."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    # Most paragraphs are Vietnamese letters and ASCII signs: dropping what ASCII cannot hold drops just the
    # marks, and is cheaper than a regex. A typographic sign ("–", "“") or a stray mark changes the length.
    ascii_only = decomposed.encode("ascii", "ignore")
    if len(ascii_only) == len(text):
        return ascii_only.decode("ascii")
    stripped = _COMBINING_RE.sub("", decomposed)
    return stripped if len(stripped) == len(text) else text.translate(_MARKS)


def flat_lower(text: str) -> str:
    """Lower case without diacritics, one character for one: what the extractors search on."""
    return strip_marks.__wrapped__(text).lower()


def low_folded(text: str) -> str:
    """Lower case with the new tone placement, one character for one."""
    return fold_tones(text.lower())


@dataclass(frozen=True, slots=True)
class Folds:
    """An article's texts folded once, for every extractor: each text's `flat_lower` and `low_folded`."""

    _flat: dict[str, str]
    _low: dict[str, str]

    @classmethod
    def of(cls, texts: Iterable[str]) -> Folds:
        """The folds of these texts (an article's title and paragraphs)."""
        unique = dict.fromkeys(texts)
        return cls({t: flat_lower(t) for t in unique}, {t: low_folded(t) for t in unique})

    def flat(self, text: str) -> str:
        """`flat_lower` of one of the texts (of another text too, folded now)."""
        found = self._flat.get(text)
        return found if found is not None else flat_lower(text)

    def low(self, text: str) -> str:
        """`low_folded` of one of the texts (of another text too, folded now)."""
        found = self._low.get(text)
        return found if found is not None else low_folded(text)


def word_alternation(words: list[str] | tuple[str, ...], not_after: str = "[a-z0-9]", then: str = "") -> str:
    """A regex alternation of words that start a word (of flat text by default: lower case, no marks; of
    lower-case text with marks, `not_after="[\\wà-ỹ]"`), grouped by first letter, each letter first and then
    the look back: the regex engine skips to those letters instead of trying every position. Each
    alternative is a character taken literally, then a regex ("tt(?=\\.)"); `then` follows each group (a
    word's end, "\\b": inside the alternation, so that it can stand beside other literal-first alternatives)."""
    groups: dict[str, list[str]] = {}
    for word in words:
        groups.setdefault(re.escape(word[0]), []).append(word[1:])
    return "|".join(f"{c}(?<!{not_after}{c})(?:{'|'.join(rest)}){then}" for c, rest in groups.items())


_PER_ARTICLE: list[Any] = []  # caches of other stages that `clear_caches` empties too


def per_article_cache(function: F) -> F:
    """Remember a pure function of strings while an article is read (what a figure's phrases are asked
    several times); `clear_caches` forgets it with the folds."""
    cached = lru_cache(maxsize=1024)(function)
    _PER_ARTICLE.append(cached)
    return cast(F, cached)


def clear_caches() -> None:
    """Forget every remembered fold (benchmarks: real articles share no paragraphs)."""
    for cached in (strip_marks, *_PER_ARTICLE):
        cached.cache_clear()


@lru_cache(maxsize=65536)
def match_key(text: str) -> str:
    """Key for exact matching of cleaned text: tone placement folded, lower case, spaces collapsed."""
    return " ".join(fold_tones(text.lower()).replace("-", " ").split())


def loose_key(text: str) -> str:
    """Key for matching cleaned text whatever the diacritics: marks removed, lower case, spaces collapsed."""
    return strip_marks(match_key(text))


# The caches above are for names, which recur. Running text (a paragraph, a page's line, a whole article) is
# keyed without them: a bot reading for months would fill them with text it never sees again.


def text_key(text: str) -> str:
    """`match_key` of running text, not kept in the cache of names."""
    return match_key.__wrapped__(text)


def loose_text_key(text: str) -> str:
    """`loose_key` of running text, not kept in the caches of names."""
    return strip_marks.__wrapped__(match_key.__wrapped__(text))


# Every letter Vietnamese writes: the 29 of its alphabet, with the five tone marks on the vowels.
_VOWELS = "aăâeêioôơuưy"
_TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
_LOWER_VIETNAMESE = "bcdđfghjklmnpqrstvwxz" + "".join(
    unicodedata.normalize("NFC", v + t) for v in _VOWELS for t in _TONES
)
VIETNAMESE_LETTERS = frozenset(_LOWER_VIETNAMESE + _LOWER_VIETNAMESE.upper())
# Typographic signs at home in Vietnamese text, not a sign of a wrong decoding.
_USUAL_SIGNS = frozenset("–—‘’“”…•°²³½¼«»×·€₫№\ufffd")
MIN_GARBLED = 4


def looks_garbled(text: str) -> bool:
    """Whether text is mojibake: Vietnamese bytes decoded with the wrong charset ("Huyáť‡n VÄŠnh Láť™c",
    "Huyá»‡n"), seen as Latin letters and signs that Vietnamese never writes, among its own. (Other
    scripts, Chinese quoted in an article say, do not count.)"""
    strange = 0
    non_ascii = 0
    for char in text:
        if ord(char) < 128:
            continue
        non_ascii += 1
        if ord(char) < 0x2100 and char not in VIETNAMESE_LETTERS and char not in _USUAL_SIGNS:
            strange += 1
    return strange >= MIN_GARBLED and strange > 0.15 * non_ascii
