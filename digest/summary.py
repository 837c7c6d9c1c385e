"""A one- or two-sentence extractive summary: the lead of the article."""

from __future__ import annotations

import re

from digest.models import Article
from digest.textnorm import UPPER_LETTERS

MAX_SUMMARY_CHARS = 320
_SENTENCE_END_RE = re.compile(rf"(?<=[.!?…])\s+(?=[\"“(]?[{UPPER_LETTERS}0-9])")


def sentences(paragraph: str) -> list[str]:
    """Split a paragraph into sentences at end punctuation followed by a capital or a digit."""
    return [s.strip() for s in _SENTENCE_END_RE.split(paragraph) if s.strip()]


_WORD_RE = re.compile(r"[^\W\d_]+")
MIN_SENTENCE_WORDS = 6


def has_real_sentence(article: Article) -> bool:
    """Whether the article holds a sentence of real words: six or more, nearly all of them made of letters."""
    for paragraph in (article.title or "", *article.paragraphs):
        for sentence in sentences(paragraph):
            tokens = sentence.split()
            words = sum(1 for t in tokens if _WORD_RE.fullmatch(t.strip(".,;:!?…\"“”()'’-")))
            if words >= MIN_SENTENCE_WORDS and words >= 0.7 * len(tokens):
                return True
    return False


def summarize(article: Article) -> str:
    """The lead sentence, with the next one when the first is short; never longer than MAX_SUMMARY_CHARS."""
    lead = next(
        (p for p in article.paragraphs if len(p.split()) >= 8), article.paragraphs[0] if article.paragraphs else ""
    )
    parts = sentences(lead)
    if not parts:
        return ""
    summary = parts[0]
    if len(parts) > 1 and len(summary) + len(parts[1]) < MAX_SUMMARY_CHARS * 0.7:
        summary += " " + parts[1]
    return shorten(summary, MAX_SUMMARY_CHARS)


def shorten(text: str, limit: int) -> str:
    """Cut at a word boundary and end with an ellipsis when over the limit."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"
