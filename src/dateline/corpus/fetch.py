"""Fetching a URL the user named: timeouts, a deadline, a size limit, an honest user agent, no private hosts.

Why refuse private addresses: `dateline ingest URL` may run on a server next to internal
services; a feed or a redirect must not make it read them (SSRF). Only `--allow-private`
lifts the rule. Three holes a plain "resolve, check, then let httpx connect" design leaves
open are closed here:

* DNS rebinding. A name can answer a public address to the check and loopback to the
  connection a moment later. So the host is resolved exactly once per request, every
  address it resolved to is checked, and the connection goes to the address that was
  checked (`_pinned_transport`); httpx never resolves the name itself. Every redirect hop
  goes through the same transport, so each hop is resolved, checked and pinned too.
* Address spellings. IPv6 forms that wrap an IPv4 address (IPv4-mapped, IPv4-compatible,
  6to4, Teredo, NAT64) are judged by the IPv4 address they carry as well as by themselves,
  and numeric IPv4 spellings (`2130706433`, `0x7f.1`, `0177.0.0.1`) are parsed the way the
  C resolver reads them rather than handed to DNS (`address_refusal`, `_numeric_ipv4`).
* Slow servers. Timeouts are per read, so a server that sends a byte every few seconds
  never trips them; each fetch also has an overall deadline (`_Deadline`).

The `Fetcher` protocol is the I/O edge; tests use `StaticFetcher`, so nothing touches the
network.
"""

from __future__ import annotations

import functools
import ipaddress
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import urljoin, urlsplit

from dateline.errors import FetchError, PrivateAddress
from dateline.settings import Settings

if TYPE_CHECKING:
    import httpx

__all__ = [
    "FETCH_EXTRA",
    "USER_AGENT",
    "Fetched",
    "Fetcher",
    "HttpFetcher",
    "StaticFetcher",
    "address_refusal",
    "check_public",
    "resolve_dns",
]

FETCH_EXTRA = "pip install 'dateline[fetch]'"
USER_AGENT = "dateline/0.1 (news event extraction; one request per URL given by the user)"
_MAX_REDIRECTS = 5
_MAX_ADDRESSES = 8  # connection attempts per hop: a name with 50 addresses must not multiply the timeouts

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str], list[str]]

_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")  # RFC 6052 well-known prefix: the last 32 bits are the IPv4
_NAT64_LOCAL = ipaddress.IPv6Network("64:ff9b:1::/48")  # RFC 8215 local-use NAT64: only ever means an inside network


@dataclass(frozen=True)
class Fetched:
    url: str
    data: bytes
    content_type: str


class Fetcher(Protocol):
    def fetch(self, url: str) -> Fetched: ...


def resolve_dns(host: str) -> list[str]:
    """Every address `host` resolves to, in the resolver's order of preference, without repeats."""
    try:
        infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except OSError as e:
        raise FetchError(host, f"cannot resolve host ({e})") from e
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


# the address properties that make an address unfit, in the order their names are given
_REFUSED_PROPERTIES = (("is_unspecified", "unspecified"), ("is_loopback", "loopback"),
                       ("is_link_local", "link-local"), ("is_site_local", "site-local"),
                       ("is_multicast", "multicast"))
_UNIQUE_LOCAL = ipaddress.IPv6Network("fc00::/7")


def _property_refusal(ip: IPAddress) -> str | None:
    """The plain properties, shared by IPv4 and IPv6 (IPv4 has no site-local)."""
    for prop, reason in _REFUSED_PROPERTIES:
        if getattr(ip, prop, False):
            return reason
    if isinstance(ip, ipaddress.IPv6Address) and ip in _UNIQUE_LOCAL:
        return "unique-local"
    if ip.is_reserved:
        return "reserved"
    if ip.is_private or not ip.is_global:  # not is_global also catches 100.64.0.0/10 (carrier-grade NAT)
        return "private"
    return None


def address_refusal(ip: IPAddress) -> str | None:
    """Why `ip` must not be fetched without --allow-private ("loopback", "private", ...), or None.

    An IPv6 address that carries an IPv4 address is refused when the IPv4 one would be:
    the packet ends up there (a NAT64 gateway or a 6to4 relay forwards it, a dual-stack
    socket treats ::ffff:a.b.c.d as IPv4). Python's own properties miss these (in 3.11
    `64:ff9b::a9fe:a9fe`, `2002:7f00:1::` and `::127.0.0.1` are all "global", and so is
    site-local `fec0::/10`), so each wrapping is unpacked here.
    """
    if isinstance(ip, ipaddress.IPv4Address):
        return _property_refusal(ip)
    if ip.ipv4_mapped is not None:  # ::ffff:a.b.c.d is the IPv4 address itself
        reason = _property_refusal(ip.ipv4_mapped)
        return None if reason is None else f"IPv4-mapped {reason} address {ip.ipv4_mapped}"
    if ip in _NAT64:
        embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        reason = _property_refusal(embedded)
        return None if reason is None else f"NAT64 of {reason} address {embedded}"
    if ip in _NAT64_LOCAL:
        return "local-use NAT64"
    if int(ip) >> 32 == 0:  # ::/96: unspecified, loopback, or deprecated IPv4-compatible ::a.b.c.d
        if ip.is_unspecified or ip.is_loopback:
            return _property_refusal(ip)
        return f"IPv4-compatible form of {ipaddress.IPv4Address(int(ip))}"
    if ip.sixtofour is not None:
        reason = _property_refusal(ip.sixtofour)
        if reason is not None:
            return f"6to4 of {reason} address {ip.sixtofour}"
    if ip.teredo is not None:
        for part in ip.teredo:  # (server, client); a Teredo address is also private in itself
            reason = _property_refusal(part)
            if reason is not None:
                return f"Teredo wrapping {reason} address {part}"
    return _property_refusal(ip)


def _ipv4_part(part: str) -> int | None:
    """One dotted part as inet_aton reads it (0x hex, leading-0 octal, decimal), or None if not a number."""
    lowered = part.lower()
    try:
        if lowered.startswith("0x"):
            return int(lowered[2:], 16) if lowered[2:] else 0
        if len(part) > 1 and part.startswith("0"):
            return int(part, 8)
        return int(part, 10) if part.isdigit() else None
    except ValueError:
        return None


def _numeric_ipv4(host: str) -> ipaddress.IPv4Address | None:
    """`host` read as a numeric IPv4 spelling (`2130706433`, `0x7f.1`, `0177.0.0.1`, `127.1`), or None.

    Why parse these here: the C resolver (inet_aton) and browsers accept them, so handing
    one to DNS would connect to 127.0.0.1 while any test resolver says something else; a
    spelling whose parts overflow is not an address anything agrees on, so it is refused.
    """
    parts = host.split(".")
    if len(parts) > 1 and parts[-1] == "":
        parts.pop()  # trailing dot: "127.0.0.1."
    if not 1 <= len(parts) <= 4:
        return None
    values = [_ipv4_part(part) for part in parts]
    numbers = [v for v in values if v is not None]
    if len(numbers) != len(values):
        return None
    *head, last = numbers
    if any(v > 255 for v in head) or last >= 256 ** (4 - len(head)):
        raise ValueError(f"{host!r} is a malformed numeric IPv4 address")
    value = last
    for index, v in enumerate(head):
        value += v << (8 * (3 - index))
    return ipaddress.IPv4Address(value)


def _literal(host: str) -> IPAddress | None:
    """The address `host` spells directly (IPv4, IPv6 with or without brackets/zone, numeric IPv4), or None."""
    bare = host.strip("[]").split("%", 1)[0]
    try:
        return ipaddress.ip_address(bare)
    except ValueError:
        return _numeric_ipv4(bare)


def _checked_addresses(url: str, host: str, resolve: Resolver, allow_private: bool) -> tuple[list[IPAddress], bool]:
    """Resolve `host` once and check every address; returns (addresses, whether they came from DNS).

    All addresses are checked, not just the first: the connection may fall back to any of
    them, and a name answering one public and one loopback address is an attack, not a
    misconfiguration.
    """
    try:
        literal = _literal(host)
    except ValueError as e:
        raise PrivateAddress(url, f"{e}; refused") from e
    if literal is not None:
        addresses: list[IPAddress] = [literal]
    else:
        try:
            answers = resolve(host)
        except FetchError as e:
            raise FetchError(url, e.reason) from e
        addresses = [ipaddress.ip_address(a.split("%", 1)[0]) for a in answers]
        if not addresses:
            raise FetchError(url, f"cannot resolve host {host} (no address)")
    if not allow_private:
        for ip in addresses:
            reason = address_refusal(ip)
            if reason is not None:
                raise PrivateAddress(url, f"{host} is a private or local address ({ip}: {reason}); use --allow-private")
    return addresses, literal is None


def check_public(url: str, resolve: Resolver = resolve_dns) -> list[str]:
    """Raise `PrivateAddress` when `url`'s host is (or resolves to) a non-public address; return the addresses.

    `HttpFetcher` does not call this before connecting (that would resolve twice); its
    transport does the same check on the host httpx parsed and connects to what it checked.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(url, "only http(s) URLs with a host can be fetched")
    addresses, _ = _checked_addresses(url, parts.hostname, resolve, allow_private=False)
    return [str(ip) for ip in addresses]


class _Deadline:
    """An overall time limit for one fetch: all redirect hops, connect, headers and body.

    Why more than timeouts: httpx timeouts are per operation, so a server sending one byte
    every 5 s never trips a 20 s read timeout. Three things enforce the deadline:

    * every request's timeouts are clamped to the time left (`timeout`), so no single
      connect or read can block past the deadline once it starts before it;
    * the body loop checks the clock after every chunk (`check`);
    * a timer thread, at the deadline, shuts down the sockets of this fetch, which the
      `trace` request extension hands over as httpcore opens them. A blocked read then
      returns at once even if the server trickles bytes faster than the read timeout,
      during the headers as well as the body. `shutdown` (not `close`) is what wakes a
      read blocked in another thread, and it is harmless on a socket already closed.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._end = time.monotonic() + seconds
        self._lock = threading.Lock()
        self._streams: list[Any] = []
        self._expired = False
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> _Deadline:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()
        with self._lock:
            self._streams.clear()

    @property
    def expired(self) -> bool:
        return self._expired or time.monotonic() >= self._end

    def left(self) -> float:
        return max(0.0, self._end - time.monotonic())

    def check(self, url: str) -> None:
        if self.expired:
            raise self.error(url)

    def error(self, url: str) -> FetchError:
        return FetchError(url, f"no complete response within the {self.seconds:g} s fetch deadline")

    def timeout(self, per_operation: float) -> httpx.Timeout:
        import httpx

        return httpx.Timeout(max(0.001, min(per_operation, self.left())))

    def trace(self, event: str, info: dict[str, Any]) -> None:
        """httpcore's `trace` extension: keep each network stream it opens for this fetch."""
        if not event.endswith((".connect_tcp.complete", ".start_tls.complete")):
            return
        stream = info.get("return_value")
        if stream is None:
            return
        with self._lock:
            self._streams.append(stream)
            expired = self._expired
        if expired:
            self._shutdown(stream)

    def _expire(self) -> None:
        with self._lock:
            self._expired = True
            streams = list(self._streams)
        for stream in streams:
            self._shutdown(stream)

    @staticmethod
    def _shutdown(stream: Any) -> None:
        try:
            sock = stream.get_extra_info("socket")
            if sock is not None:
                sock.shutdown(socket.SHUT_RDWR)
        except OSError:  # already closed, or the TLS wrapper took the descriptor over
            pass


def _pinned_transport(inner: httpx.BaseTransport, resolve: Resolver, allow_private: bool,
                      owns_inner: bool) -> httpx.BaseTransport:
    return _pinned_transport_class()(inner, resolve, allow_private, owns_inner)


@functools.cache
def _pinned_transport_class() -> Callable[[httpx.BaseTransport, Resolver, bool, bool], httpx.BaseTransport]:
    """The pinning transport class, defined on first use so that importing this module does not import httpx."""
    import httpx

    class PinnedTransport(httpx.BaseTransport):
        """Resolve once, check every address, connect to the checked address.

        How: the request to `inner` (an `httpx.HTTPTransport`) names the checked IP in its
        URL, so httpcore connects to that IP and never resolves the name; the original
        `Host` header is kept (httpx set it from the original URL), and for https the
        `sni_hostname` request extension (httpx's documented way to reach a server by IP)
        makes httpcore send the original name as SNI *and* verify the certificate against
        it: `server_hostname` feeds both, and the SSL context keeps `check_hostname` on.
        So pinning never weakens TLS: a rebound name still has to present a valid
        certificate for itself. The host checked is the one httpx parsed, so the URL
        parser that decides where to connect is the one that was checked.

        The client using this transport ignores proxy variables (a proxy would resolve the
        name itself) and `inner` keeps no idle connections (a kept TLS connection, checked
        for one name, could otherwise be reused for another name on the same IP).
        """

        def __init__(self, inner: httpx.BaseTransport, resolve: Resolver, allow_private: bool,
                     owns_inner: bool) -> None:
            self._inner = inner
            self._resolve = resolve
            self._allow_private = allow_private
            self._owns_inner = owns_inner

        def handle_request(self, request: httpx.Request) -> httpx.Response:
            url = str(request.url)
            if request.url.scheme not in ("http", "https") or not request.url.host:
                raise FetchError(url, "only http(s) URLs with a host can be fetched")
            host = request.url.host
            addresses, from_dns = _checked_addresses(url, host, self._resolve, self._allow_private)
            extensions = dict(request.extensions)
            if from_dns and request.url.scheme == "https":
                extensions["sni_hostname"] = host
            failure: httpx.TransportError | None = None
            for ip in addresses[:_MAX_ADDRESSES]:
                pinned = httpx.Request(
                    request.method,
                    request.url.copy_with(host=str(ip)),
                    headers=request.headers,  # Host: the original name, set by httpx from the original URL
                    stream=request.stream,
                    extensions=extensions,
                )
                try:
                    return self._inner.handle_request(pinned)
                except (httpx.ConnectError, httpx.ConnectTimeout) as e:  # nothing sent yet: try the next address
                    failure = e
            assert failure is not None
            raise failure

        def close(self) -> None:
            if self._owns_inner:  # a transport the caller gave outlives one fetch
                self._inner.close()

    return PinnedTransport


def _hop(url: str, hop: str) -> str:
    return "" if hop == url else f" (redirected to {hop})"


@dataclass
class HttpFetcher:
    """httpx GET with timeouts, an overall deadline and a byte limit; redirects followed by hand.

    `timeout_s` bounds each connect/read/write, `deadline_s` the whole fetch (default
    `Settings.fetch_deadline_s`), `max_bytes` the body, counted while it streams so a huge
    or endless response is cut off rather than buffered. Every failure is a `FetchError`
    (E050) or `PrivateAddress` (E051) naming the URL the user gave, with the redirect hop
    in the reason, so the ingest records it and goes on with the other inputs.
    `transport` replaces the network below the pinning (tests give an `httpx.MockTransport`).
    """

    max_bytes: int = 20 * 1024 * 1024
    timeout_s: float = 20.0
    deadline_s: float = Settings.fetch_deadline_s
    allow_private: bool = False
    headers: dict[str, str] = field(default_factory=lambda: {"User-Agent": USER_AGENT})
    transport: httpx.BaseTransport | None = None

    def fetch(self, url: str) -> Fetched:
        try:
            import httpx  # imported here: only runs that name a URL pay for it
        except ImportError:  # the `fetch` extra is not installed: one coded line per URL, the files still go in
            raise FetchError(url, f"fetching a URL needs httpx, which the optional extra installs: {FETCH_EXTRA}"
                             ) from None

        inner = self.transport or httpx.HTTPTransport(limits=httpx.Limits(max_keepalive_connections=0))
        transport = _pinned_transport(inner, resolve_dns, self.allow_private, owns_inner=self.transport is None)
        hop = url
        with _Deadline(self.deadline_s) as deadline, httpx.Client(
            transport=transport, headers=self.headers, follow_redirects=False, trust_env=False
        ) as client:  # trust_env=False: no proxy (it would resolve the name), no .netrc credentials sent to feeds
            for _ in range(_MAX_REDIRECTS + 1):
                if urlsplit(hop).scheme not in ("http", "https"):
                    raise FetchError(url, f"only http(s) URLs can be fetched{_hop(url, hop)}")
                deadline.check(url)
                try:
                    with client.stream("GET", hop, timeout=deadline.timeout(self.timeout_s),
                                       extensions={"trace": deadline.trace}) as response:
                        if response.is_redirect and "location" in response.headers:
                            hop = urljoin(hop, response.headers["location"])
                            continue
                        return self._body(url, hop, response, deadline)
                except PrivateAddress as e:
                    raise PrivateAddress(url, f"{e.reason}{_hop(url, hop)}") from e
                except FetchError as e:
                    if e.source == url:  # raised by `_body` or the deadline: already names the URL given
                        raise
                    raise FetchError(url, f"{e.reason}{_hop(url, hop)}") from e
                except (httpx.HTTPError, httpx.InvalidURL, OSError) as e:
                    if deadline.expired:
                        raise deadline.error(url) from e
                    raise FetchError(url, f"{e.__class__.__name__}: {e}{_hop(url, hop)}") from e
        raise FetchError(url, f"more than {_MAX_REDIRECTS} redirects")

    def _body(self, url: str, hop: str, response: httpx.Response, deadline: _Deadline) -> Fetched:
        """Stream the body, stopping at `max_bytes` or the deadline, whichever comes first."""
        if response.status_code >= 400:
            raise FetchError(url, f"HTTP {response.status_code}{_hop(url, hop)}")
        too_large = FetchError(url, f"response over {self.max_bytes / 1e6:.1f} MB{_hop(url, hop)}")
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise too_large
        data = bytearray()
        for chunk in response.iter_bytes():
            data.extend(chunk)
            if len(data) > self.max_bytes:
                raise too_large
            deadline.check(url)
        deadline.check(url)  # a body cut short by the deadline's shutdown can look complete
        return Fetched(str(response.url), bytes(data), response.headers.get("content-type", ""))


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
