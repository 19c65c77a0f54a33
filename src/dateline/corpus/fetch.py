"""Fetching a URL the user named: timeouts, a size limit, an honest user agent, no private hosts.

Why refuse private addresses: `dateline ingest URL` may run on a server next to internal
services; a feed or a redirect must not make it read them (SSRF). Every hop of a
redirect is checked, and only `--allow-private` lifts the rule. The `Fetcher` protocol is
the I/O edge; tests use `StaticFetcher`, so nothing touches the network.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import urljoin, urlsplit

from dateline.errors import FetchError, PrivateAddress

__all__ = ["USER_AGENT", "Fetched", "Fetcher", "HttpFetcher", "StaticFetcher", "check_public", "resolve_dns"]

USER_AGENT = "dateline/0.1 (news event extraction; one request per URL given by the user)"
_MAX_REDIRECTS = 5


@dataclass(frozen=True)
class Fetched:
    url: str
    data: bytes
    content_type: str


class Fetcher(Protocol):
    def fetch(self, url: str) -> Fetched: ...


def resolve_dns(host: str) -> list[str]:
    try:
        return sorted({str(info[4][0]) for info in socket.getaddrinfo(host, None)})
    except OSError as e:
        raise FetchError(host, f"cannot resolve host ({e})") from e


def check_public(url: str, resolve: Callable[[str], list[str]] = resolve_dns) -> None:
    """Raise `PrivateAddress` when `url`'s host is (or resolves to) a non-public address."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(url, "only http(s) URLs with a host can be fetched")
    try:
        addresses = [str(ipaddress.ip_address(parts.hostname.strip("[]")))]
    except ValueError:
        addresses = resolve(parts.hostname)
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
        if not ip.is_global or ip.is_multicast:
            raise PrivateAddress(url, f"{parts.hostname} is a private or local address ({ip}); use --allow-private")


@dataclass
class HttpFetcher:
    """httpx GET with timeouts and a byte limit; redirects followed by hand to check each hop."""

    max_bytes: int = 20 * 1024 * 1024
    timeout_s: float = 20.0
    allow_private: bool = False
    headers: dict[str, str] = field(default_factory=lambda: {"User-Agent": USER_AGENT})

    def fetch(self, url: str) -> Fetched:
        import httpx  # imported here: only runs that name a URL pay for it

        with httpx.Client(timeout=self.timeout_s, headers=self.headers, follow_redirects=False) as client:
            for _ in range(_MAX_REDIRECTS + 1):
                if not self.allow_private:
                    check_public(url)
                try:
                    with client.stream("GET", url) as response:
                        if response.is_redirect and "location" in response.headers:
                            url = urljoin(url, response.headers["location"])
                            continue
                        if response.status_code >= 400:
                            raise FetchError(url, f"HTTP {response.status_code}")
                        data = bytearray()
                        for chunk in response.iter_bytes():
                            data.extend(chunk)
                            if len(data) > self.max_bytes:
                                raise FetchError(url, f"response over {self.max_bytes / 1e6:.1f} MB")
                        return Fetched(str(response.url), bytes(data), response.headers.get("content-type", ""))
                except httpx.HTTPError as e:
                    raise FetchError(url, f"{e.__class__.__name__}: {e}") from e
        raise FetchError(url, f"more than {_MAX_REDIRECTS} redirects")


@dataclass
class StaticFetcher:
    """An offline fetcher for tests: URL → (bytes, content type); still applies the address rule."""

    pages: dict[str, tuple[bytes, str]]
    allow_private: bool = False
    hosts: dict[str, str] = field(default_factory=lambda: {"localhost": "127.0.0.1"})

    def _resolve(self, host: str) -> list[str]:
        return [self.hosts.get(host, "93.184.215.14")]  # any public address: no DNS in tests

    def fetch(self, url: str) -> Fetched:
        if not self.allow_private:
            check_public(url, self._resolve)
        if url not in self.pages:
            raise FetchError(url, "HTTP 404")
        data, content_type = self.pages[url]
        return Fetched(url, data, content_type)
