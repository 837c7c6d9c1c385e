"""Shared fixtures: the real gazetteer and article builders."""

from __future__ import annotations

import pytest

from digest.clean import split_articles
from digest.gazetteer import Gazetteer, load
from digest.models import Article


@pytest.fixture(scope="session")
def gaz() -> Gazetteer:
    """The real gazetteer, loaded once."""
    return load()


def article(text: str, source: str = "test.txt") -> Article:
    """The first article of a text, cleaned as the pipeline does."""
    articles = split_articles(text, source)
    assert articles, "no article in the text"
    return articles[0]
