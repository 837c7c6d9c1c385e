"""Bytes to text, for every input: feeds, article pages, article files, the offline session's commands.

In order: a byte-order mark (UTF-8, UTF-16, UTF-32); UTF-16 or UTF-32 without one (the pattern of
their zero bytes); binary data is refused (NUL bytes, control bytes, the signature of an executable,
an image or an archive); valid UTF-8; UTF-8 with a few bad bytes (only those are replaced: a feed
with three broken bytes stays Vietnamese); the charset the document or its server declares; and
last the guess of charset_normalizer (Windows-1258, VISCII, ...).
"""

from __future__ import annotations

import codecs
import logging
import re
from dataclasses import dataclass

import charset_normalizer

log = logging.getLogger(__name__)

SAMPLE = 65_536  # bytes looked at to tell the encoding and whether the data are text at all
# Codecs that read the mark and drop it.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE, whose mark it starts with
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_SIGNATURES = (
    (b"\x7fELF", "an ELF executable"),
    (b"MZ", "a Windows executable"),
    (b"\xca\xfe\xba\xbe", "a Mach-O executable"),
    (b"\xcf\xfa\xed\xfe", "a Mach-O executable"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ", "an xz archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"SQLite format 3", "an SQLite database"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
)
# Control bytes that never occur in text (tab, line feed, form feed and carriage return do).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))
_CONTROL_RE = re.compile(b"[" + re.escape(_CONTROL_BYTES) + b"]")
MAX_BAD_SHARE = 0.05  # UTF-8 with at most this share of bad sequences is UTF-8 with a few bad bytes
_DECLARED_RES = (
    re.compile(rb"""^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([\w.:-]+)["']"""),  # an XML prolog
    re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE),  # an HTML page
)
_CHARSET_PARAM_RE = re.compile(r"""charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)


class NotTextError(ValueError):
    """Bytes that are not text: a binary file, an executable or an image renamed .txt."""


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text, the encoding it was read with, and how many bad bytes were replaced with U+FFFD."""

    text: str
    encoding: str
    replaced: int = 0


def declared_charset(raw: bytes, content_type: str | None = None) -> str | None:
    """The charset a server (its Content-Type) or the document itself (XML prolog, HTML meta) declares."""
    if content_type and (found := _CHARSET_PARAM_RE.search(content_type)):
        return found.group(1)
    head = raw[:4096].lstrip(codecs.BOM_UTF8)
    for pattern in _DECLARED_RES:
        if matched := pattern.search(head):
            return matched.group(1).decode("ascii")
    return None


def detect(sample: bytes, declared: str | None = None) -> str:
    """The encoding of data that start with `sample`; NotTextError when they are not text."""
    for mark, encoding in _BOMS:
        if sample.startswith(mark):
            return encoding
    _refuse_signatures(sample)
    wide = _wide_encoding(sample[:4096])
    if wide is not None:
        return wide
    _refuse_binary(sample)
    replaced, total = _utf8_damage(sample)
    if replaced == 0 or replaced <= max(3, MAX_BAD_SHARE * total):
        return "utf-8"
    if declared and _codec(declared):
        return _codec(declared) or "utf-8"
    guess = charset_normalizer.from_bytes(sample).best()
    if guess is None or guess.encoding is None:
        raise NotTextError("not text in any known encoding")
    return guess.encoding


def decode(raw: bytes, declared: str | None = None) -> Decoded:
    """The text of `raw` (see the module's order of evidence); NotTextError for binary data."""
    encoding = detect(raw[:SAMPLE], declared)
    if encoding == "utf-8":  # the sample may hide bad bytes further on: count them on the whole
        replaced, _ = _utf8_damage(raw)
    else:
        replaced = 0
    text = raw.decode(encoding, errors="replace")
    if replaced:
        log.info("%d bad UTF-8 sequences replaced", replaced)
    return Decoded(text, encoding.removesuffix("-sig"), replaced)


def incremental_decoder(encoding: str) -> codecs.IncrementalDecoder:
    """A decoder for data read in chunks, bad bytes replaced."""
    return codecs.getincrementaldecoder(encoding)(errors="replace")


def _codec(name: str) -> str | None:
    """The Python codec of a declared charset name, or None for an unknown one."""
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None


def _wide_encoding(sample: bytes) -> str | None:
    """UTF-16 or UTF-32 without a byte-order mark, told by where the zero bytes of ASCII letters fall."""
    if len(sample) < 16 or b"\x00" not in sample:
        return None
    size = len(sample) - len(sample) % 4
    quads = [sample[i : i + 4] for i in range(0, size, 4)]
    if sum(q[1:] == b"\x00\x00\x00" and q[0] != 0 for q in quads) > 0.5 * len(quads):
        return "utf-32-le"
    if sum(q[:3] == b"\x00\x00\x00" and q[3] != 0 for q in quads) > 0.5 * len(quads):
        return "utf-32-be"
    even, odd = sample[0:size:2], sample[1:size:2]
    if odd.count(0) > 0.2 * len(odd) and even.count(0) < 0.02 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.2 * len(even) and odd.count(0) < 0.02 * len(odd):
        return "utf-16-be"
    return None


def _refuse_signatures(sample: bytes) -> None:
    for signature, kind in _SIGNATURES:
        if sample.startswith(signature) and (len(signature) > 2 or b"\x00" in sample[:512]):
            raise NotTextError(f"binary data ({kind})")


def _refuse_binary(sample: bytes) -> None:
    if b"\x00" in sample:
        raise NotTextError("binary data (NUL bytes)")
    controls = len(_CONTROL_RE.findall(sample))
    if controls > max(8, 0.01 * len(sample)):
        raise NotTextError(f"binary data ({controls} control bytes)")


def _utf8_damage(raw: bytes) -> tuple[int, int]:
    """(bad sequences, non-ASCII characters) when `raw` is read as UTF-8; a cut last character is not bad."""
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    text = decoder.decode(raw, final=False)
    replaced = text.count("\ufffd") - raw.count("\xef\xbf\xbd".encode("latin-1"))
    non_ascii = len(text) - len(text.encode("ascii", errors="ignore"))
    return max(0, replaced), non_ascii
