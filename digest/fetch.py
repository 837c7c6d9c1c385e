"""HTTP for feeds and article pages: timeouts, a size cap, redirects, conditional GET, Retry-After.

The only module of `digest/` that touches the network; it returns bytes and headers, never parses.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import email.utils
import logging
from dataclasses import dataclass

import httpx

from digest.config import IngestSettings

log = logging.getLogger(__name__)

MAX_REDIRECTS = 5


class FetchError(Exception):
    """A URL could not be fetched; `retry_after` is the wait the server asked for, in seconds."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


@dataclass(frozen=True, slots=True)
class Fetched:
    """A response: its body (empty when not modified) and the headers the next poll needs."""

    url: str  # after redirects
    not_modified: bool
    body: bytes
    content_type: str | None
    etag: str | None
    last_modified: str | None


def make_client(settings: IngestSettings) -> httpx.AsyncClient:
    """An HTTP client with the configured timeouts, following redirects."""
    timeout = httpx.Timeout(settings.read_timeout, connect=settings.connect_timeout)
    return httpx.AsyncClient(
        timeout=timeout,
        follow_redirects=True,
        max_redirects=MAX_REDIRECTS,
        headers={"User-Agent": settings.user_agent},
    )


async def fetch(
    client: httpx.AsyncClient,
    url: str,
    max_bytes: int,
    deadline: float,
    etag: str | None = None,
    last_modified: str | None = None,
) -> Fetched:
    """GET a URL, conditionally when `etag`/`last_modified` are given; FetchError on any failure.

    `deadline` bounds the whole exchange in seconds, so that a server trickling bytes cannot hold a
    poll forever (the read timeout only bounds the wait for each chunk).
    """
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        async with asyncio.timeout(deadline):
            return await _get(client, url, headers, max_bytes)
    except TimeoutError:
        raise FetchError(f"no complete answer within {deadline:.0f} s") from None
    except httpx.TimeoutException as exc:
        raise FetchError(f"timed out ({type(exc).__name__})") from None
    except httpx.TooManyRedirects:
        raise FetchError(f"more than {MAX_REDIRECTS} redirects") from None
    except httpx.HTTPError as exc:
        raise FetchError(f"{type(exc).__name__}: {exc}") from None


async def _get(client: httpx.AsyncClient, url: str, headers: dict[str, str], max_bytes: int) -> Fetched:
    async with client.stream("GET", url, headers=headers) as response:
        final = str(response.url)
        if response.status_code == 304:
            return Fetched(final, True, b"", None, headers.get("If-None-Match"), headers.get("If-Modified-Since"))
        if response.status_code >= 400:
            retry = _retry_after(response.headers.get("Retry-After")) if response.status_code in (429, 503) else None
            raise FetchError(f"HTTP {response.status_code}", retry_after=retry)
        declared = response.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > max_bytes:
            raise FetchError(f"response of {int(declared):,} bytes is over the {max_bytes:,}-byte cap")
        chunks = []
        size = 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > max_bytes:
                raise FetchError(f"response over the {max_bytes:,}-byte cap")
            chunks.append(chunk)
        return Fetched(
            url=final,
            not_modified=False,
            body=b"".join(chunks),
            content_type=response.headers.get("Content-Type"),
            etag=response.headers.get("ETag"),
            last_modified=response.headers.get("Last-Modified"),
        )


def _retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (delta seconds or an HTTP date)."""
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())
