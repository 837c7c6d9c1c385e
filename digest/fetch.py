"""HTTP for feeds and article pages: timeouts, a size cap, redirects, conditional GET, Retry-After.

The only module of `digest/` that touches the network; it returns bytes and headers, never parses.

A feed's address is the operator's choice; an entry's link is not. A client made with a `Guard`
opens connections only to public addresses, or to the host the guard allows (the feed's own). The
check is made where the socket is opened, on the address actually connected to, so it holds for
every redirect and cannot be dodged by a name that resolves differently the second time; and since
each feed's pages get a client of their own, no connection is ever reused under another guard.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import email.utils
import ipaddress
import logging
import socket
import ssl
import typing
from dataclasses import dataclass
from functools import cache

import httpcore
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


@dataclass(frozen=True, slots=True)
class Guard:
    """Where a fetch may connect: public addresses, and private ones only on `allowed_host`."""

    allowed_host: str | None = None  # the feed's own host, which the operator chose
    allow_private: bool = False  # [ingest] allow_private_addresses: an intranet portal


class BlockedAddressError(httpcore.ConnectError):
    """A connection to a private, loopback or reserved address that the guard does not allow."""


def is_public(address: str) -> bool:
    """Whether an IP address is on the public internet (not loopback, private, link-local, reserved, ...)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


class _GuardedBackend(httpcore.AsyncNetworkBackend):
    """Opens TCP connections only where its guard allows."""

    def __init__(self, guard: Guard) -> None:
        self._guard = guard
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,  # noqa: ASYNC109  # httpcore's interface
        local_address: str | None = None,
        socket_options: typing.Iterable[typing.Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        guard = self._guard
        if not guard.allow_private and host.lower() != (guard.allowed_host or "").lower():
            try:
                infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
            except OSError as exc:  # the name does not resolve
                raise httpcore.ConnectError(f"{host}: {exc}") from exc
            addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
            private = [a for a in addresses if not is_public(a)]
            if private or not addresses:
                raise BlockedAddressError(f"{host} is not a public address ({', '.join(private) or 'unresolved'})")
            host = addresses[0]  # connect to the address just checked, not to a second lookup
        return await self._inner.connect_tcp(host, port, timeout, local_address, socket_options)

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,  # noqa: ASYNC109  # httpcore's interface
        socket_options: typing.Iterable[typing.Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise BlockedAddressError("no Unix sockets")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


@cache
def tls_context() -> ssl.SSLContext:
    """The one TLS context of the process, for every HTTP client (feeds, pages, Telegram): httpx's default,
    made once. Each client would otherwise load the certificate store again (tens of milliseconds each)."""
    return httpx.create_ssl_context()


def make_client(settings: IngestSettings, guard: Guard | None = None) -> httpx.AsyncClient:
    """An HTTP client with the configured timeouts, following redirects; with a guard, its every
    connection obeys it (and proxies from the environment are not used: through a proxy, the guard
    could not see where a connection goes)."""
    timeout = httpx.Timeout(settings.read_timeout, connect=settings.connect_timeout)
    transport = None
    if guard is not None:
        transport = httpx.AsyncHTTPTransport(verify=tls_context())
        transport._pool = httpcore.AsyncConnectionPool(  # httpx's own pool, with the guarded backend
            ssl_context=tls_context(),
            max_connections=100,
            max_keepalive_connections=20,
            keepalive_expiry=5.0,
            network_backend=_GuardedBackend(guard),
        )
    return httpx.AsyncClient(
        timeout=timeout,
        follow_redirects=True,
        max_redirects=MAX_REDIRECTS,
        headers={"User-Agent": settings.user_agent},
        transport=transport,
        trust_env=guard is None,
        verify=tls_context(),
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
        if httpx.URL(url).scheme not in ("http", "https"):
            raise FetchError(f"not an http(s) address: {url[:80]}")
        async with asyncio.timeout(deadline):
            return await _get(client, url, headers, max_bytes)
    except TimeoutError:
        raise FetchError(f"no complete answer within {deadline:.0f} s") from None
    except httpx.TimeoutException as exc:
        raise FetchError(f"timed out ({type(exc).__name__})") from None
    except httpx.TooManyRedirects:
        raise FetchError(f"more than {MAX_REDIRECTS} redirects") from None
    except httpx.InvalidURL as exc:
        raise FetchError(f"not a valid address: {exc}") from None
    except httpx.HTTPError as exc:
        if isinstance(exc.__cause__, BlockedAddressError):
            raise FetchError(f"refused: {exc.__cause__}") from None
        raise FetchError(f"{type(exc).__name__}: {exc}") from None


async def _get(client: httpx.AsyncClient, url: str, headers: dict[str, str], max_bytes: int) -> Fetched:
    async with client.stream("GET", url, headers=headers) as response:
        final = str(response.url)
        if response.status_code == 304:
            return Fetched(
                final,
                not_modified=True,
                body=b"",
                content_type=None,
                etag=headers.get("If-None-Match"),
                last_modified=headers.get("If-Modified-Since"),
            )
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
