"""Telegram's HTML parse mode, as strictly as Telegram applies it (after TDLib's `parse_html`).

`parse_html(text)` returns the plain text a message shows, or raises `EntityError` with the
description Telegram answers ("can't parse entities: Unsupported start tag "tên" at byte offset 23").
Only Telegram's tags are accepted, balanced and properly nested; entities are `&lt; &gt; &amp; &quot;`
or numeric. Lengths are counted as Telegram counts them, in UTF-16 code units.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_MESSAGE = 4096  # UTF-16 code units of the parsed text
_SIMPLE_TAGS = frozenset({"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "tg-spoiler", "blockquote"})
_TAGS = _SIMPLE_TAGS | {"a", "span", "code", "pre", "tg-emoji"}
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ENTITY_RE = re.compile(r"&(?:#(\d{1,8})|#[xX]([0-9a-fA-F]{1,7})|([a-zA-Z]+));")
_SPACE = " \t\n\r\f"
# Tags whose content is shown verbatim: no other tag may open inside them (but <pre><code ...>).
_VERBATIM = frozenset({"code", "pre"})


class EntityError(ValueError):
    """Text that Telegram refuses in HTML parse mode."""


@dataclass(frozen=True, slots=True)
class _Open:
    name: str
    offset: int  # byte offset of "<"


def utf16_length(text: str) -> int:
    """The length Telegram counts: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def parse_html(text: str) -> str:
    """The text shown for a message in HTML parse mode; EntityError for anything Telegram refuses."""
    out: list[str] = []
    stack: list[_Open] = []
    i = 0
    size = len(text)
    while i < size:
        char = text[i]
        if char == "&":
            decoded, i = _entity(text, i)
            out.append(decoded)
            continue
        if char != "<":
            out.append(char)
            i += 1
            continue
        i = _end_tag(text, i, stack) if text.startswith("</", i) else _start_tag(text, i, stack)
    if stack:
        raise EntityError(f'Can\'t find end tag corresponding to start tag "{stack[-1].name}"')
    return "".join(out)


def check_message(text: str) -> str:
    """`parse_html`, plus Telegram's checks on the shown text: not empty, at most 4,096 characters."""
    shown = parse_html(text)
    if not shown.strip():
        raise EntityError("message text is empty")
    if utf16_length(shown) > MAX_MESSAGE:
        raise EntityError("message is too long")
    return shown


def _offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


def _entity(text: str, i: int) -> tuple[str, int]:
    found = _ENTITY_RE.match(text, i)
    if found is None:
        raise EntityError(f'Unescaped "&" at byte offset {_offset(text, i)}: write it as &amp;')
    decimal, hexadecimal, name = found.groups()
    if name is not None:
        if name not in _NAMED:
            raise EntityError(f'Unsupported HTML entity "&{name};" at byte offset {_offset(text, i)}')
        return _NAMED[name], found.end()
    code = int(decimal) if decimal is not None else int(hexadecimal, 16)
    if not 0 < code <= 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        raise EntityError(f"Invalid character reference at byte offset {_offset(text, i)}")
    return chr(code), found.end()


def _start_tag(text: str, begin: int, stack: list[_Open]) -> int:
    i = begin + 1
    while i < len(text) and text[i] not in _SPACE and text[i] != ">":
        i += 1
    if i >= len(text):
        raise EntityError(f"Unclosed start tag at byte offset {_offset(text, begin)}")
    name = text[begin + 1 : i].lower()
    if name not in _TAGS:
        raise EntityError(f'Unsupported start tag "{name}" at byte offset {_offset(text, begin)}')
    attributes, i = _attributes(text, i, begin, name)
    if stack and stack[-1].name in _VERBATIM and not (stack[-1].name == "pre" and name == "code"):
        raise EntityError(f'Tag "{name}" can\'t be inside "{stack[-1].name}" at byte offset {_offset(text, begin)}')
    if name == "a" and any(s.name == "a" for s in stack):
        raise EntityError(f"Nested links are not allowed at byte offset {_offset(text, begin)}")
    if name == "span" and attributes.get("class") != "tg-spoiler":
        raise EntityError(f'Tag "span" must have class "tg-spoiler" at byte offset {_offset(text, begin)}')
    if name == "a" and not _valid_url(attributes.get("href", "")):
        raise EntityError(f'Wrong URL in the tag "a" at byte offset {_offset(text, begin)}')
    if name == "tg-emoji" and not attributes.get("emoji-id", "").isdigit():
        raise EntityError(f'Tag "tg-emoji" must have a numeric "emoji-id" at byte offset {_offset(text, begin)}')
    stack.append(_Open(name, _offset(text, begin)))
    return i + 1


def _attributes(text: str, i: int, begin: int, tag: str) -> tuple[dict[str, str], int]:
    """The attributes of a start tag from index i; returns them and the index of its ">"."""
    attributes: dict[str, str] = {}
    size = len(text)
    while True:
        while i < size and text[i] in _SPACE:
            i += 1
        if i >= size:
            raise EntityError(f"Unclosed start tag at byte offset {_offset(text, begin)}")
        if text[i] == ">":
            return attributes, i
        start = i
        while i < size and text[i] not in _SPACE and text[i] not in "=>":
            i += 1
        name = text[start:i].lower()
        while i < size and text[i] in _SPACE:
            i += 1
        if i >= size or text[i] != "=":
            if tag == "blockquote" and name == "expandable":
                attributes[name] = ""
                continue
            raise EntityError(
                f'Expected equal sign in declaration of an attribute of the tag "{tag}" '
                f"at byte offset {_offset(text, begin)}"
            )
        raw, i = _raw_value(text, i + 1, begin)
        attributes[name] = _attribute_value(raw, text, begin)


def _raw_value(text: str, i: int, begin: int) -> tuple[str, int]:
    """An attribute's value as written, from index i (after its "="), and the index after it."""
    size = len(text)
    while i < size and text[i] in _SPACE:
        i += 1
    if i >= size:
        raise EntityError(f"Unclosed start tag at byte offset {_offset(text, begin)}")
    quote = text[i]
    if quote in "\"'":
        end = text.find(quote, i + 1)
        if end < 0:
            raise EntityError(f"Unclosed start tag at byte offset {_offset(text, begin)}")
        return text[i + 1 : end], end + 1
    start = i
    while i < size and (text[i].isalnum() or text[i] in ".-"):
        i += 1
    return text[start:i], i


def _attribute_value(raw: str, text: str, begin: int) -> str:
    value = []
    i = 0
    while i < len(raw):
        if raw[i] == "&":
            try:
                decoded, i = _entity(raw, i)
            except EntityError:
                raise EntityError(f'Unescaped "&" in an attribute at byte offset {_offset(text, begin)}') from None
            value.append(decoded)
        elif raw[i] == "<":
            raise EntityError(f'Unescaped "<" in an attribute at byte offset {_offset(text, begin)}')
        else:
            value.append(raw[i])
            i += 1
    return "".join(value)


def _end_tag(text: str, begin: int, stack: list[_Open]) -> int:
    if not stack:
        raise EntityError(f"Unexpected end tag at byte offset {_offset(text, begin)}")
    i = begin + 2
    while i < len(text) and text[i] not in _SPACE and text[i] != ">":
        i += 1
    name = text[begin + 2 : i].lower()
    while i < len(text) and text[i] in _SPACE:
        i += 1
    if i >= len(text) or text[i] != ">":
        raise EntityError(f"Unclosed end tag at byte offset {_offset(text, begin)}")
    expected = stack.pop().name
    if name and name != expected:
        raise EntityError(
            f'Unmatched end tag at byte offset {_offset(text, begin)}, expected "</{expected}>", found "</{name}>"'
        )
    return i + 1


def _valid_url(url: str) -> bool:
    return bool(re.match(r"^(?:https?://[^\s/$.?#][^\s]*|tg://\S+|mailto:\S+@\S+)$", url, re.IGNORECASE))
