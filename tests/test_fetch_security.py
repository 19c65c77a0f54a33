"""The URL fetcher's defences: DNS rebinding, address spellings, redirects, slow and huge responses.

No outside network: DNS is a fake `socket.getaddrinfo`, the network below the pinning is an
`httpx.MockTransport` or a threading HTTP server on 127.0.0.1 (reached with
`allow_private=True`, the same switch as `--allow-private`). Time bounds are loose
("within the deadline plus seconds of slack") so that a loaded machine cannot flake them.
"""

from __future__ import annotations

import http.server
import socket
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from dateline.corpus import fetch as fetch_module
from dateline.corpus.fetch import HttpFetcher, StaticFetcher, check_public
from dateline.corpus.sources import Article, Failure, iter_items
from dateline.errors import FetchError, PrivateAddress

PUBLIC = "93.184.215.14"
_real_getaddrinfo = socket.getaddrinfo


def _answer(address: str) -> list[Any]:
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    sockaddr = (address, 0, 0, 0) if family == socket.AF_INET6 else (address, 0)
    return [(family, socket.SOCK_STREAM, 6, "", sockaddr)]


class FakeDns:
    """`socket.getaddrinfo` for made-up names: each lookup of a name takes the next answer list.

    IP literals go to the real function (httpcore's `create_connection` looks them up too),
    so a test sees exactly how often the fetcher asked DNS about a name.
    """

    def __init__(self, answers: dict[str, list[list[str]]]) -> None:
        self.answers = answers
        self.calls: dict[str, int] = {}

    def __call__(self, host: Any, *args: Any, **kwargs: Any) -> list[Any]:
        name = host.decode() if isinstance(host, bytes) else str(host)
        if name not in self.answers:
            return _real_getaddrinfo(host, *args, **kwargs)
        count = self.calls.get(name, 0)
        self.calls[name] = count + 1
        rounds = self.answers[name]
        return [info for address in rounds[min(count, len(rounds) - 1)] for info in _answer(address)]


@pytest.fixture
def dns(monkeypatch: pytest.MonkeyPatch) -> Callable[[dict[str, list[list[str]]]], FakeDns]:
    def install(answers: dict[str, list[list[str]]]) -> FakeDns:
        fake = FakeDns(answers)
        monkeypatch.setattr(fetch_module.socket, "getaddrinfo", fake)
        return fake

    return install


class Recorder:
    """A MockTransport handler: records what the connection would be made to, answers from `routes`."""

    def __init__(self, routes: dict[str, httpx.Response] | None = None) -> None:
        self.routes = routes or {}
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.routes.get(request.headers["host"], httpx.Response(200, html=f"<html>{request.url}</html>"))

    @property
    def connected_to(self) -> list[str]:
        return [r.url.host for r in self.requests]


def _fetcher(recorder: Recorder, **kwargs: Any) -> HttpFetcher:
    return HttpFetcher(transport=httpx.MockTransport(recorder), **kwargs)


# --- DNS rebinding -------------------------------------------------------------------------------


@pytest.mark.parametrize("scheme", ["http", "https"])
def test_rebinding_connects_to_the_checked_address(dns: Callable[..., FakeDns], scheme: str) -> None:
    fake = dns({"rebind.test": [[PUBLIC], ["127.0.0.1"]]})  # public to the first lookup, loopback after
    recorder = Recorder()
    fetched = _fetcher(recorder).fetch(f"{scheme}://rebind.test/page")
    assert fake.calls == {"rebind.test": 1}  # resolved once: httpx never resolves the name again
    assert recorder.connected_to == [PUBLIC]
    request = recorder.requests[0]
    assert request.headers["host"] == "rebind.test"
    assert request.url.path == "/page"
    if scheme == "https":  # TLS: SNI and certificate check against the name, not the IP
        assert request.extensions["sni_hostname"] == "rebind.test"
    else:
        assert "sni_hostname" not in request.extensions
    assert fetched.url == f"{scheme}://rebind.test/page"


def test_rebinding_second_hop_resolves_once_more_and_is_checked(dns: Callable[..., FakeDns]) -> None:
    fake = dns({"rebind.test": [[PUBLIC], ["127.0.0.1"]]})
    recorder = Recorder({"rebind.test": httpx.Response(302, headers={"Location": "/again"})})
    with pytest.raises(PrivateAddress) as caught:
        _fetcher(recorder).fetch("http://rebind.test/")
    assert fake.calls == {"rebind.test": 2}
    assert recorder.connected_to == [PUBLIC]  # the loopback answer was refused, never connected to
    assert caught.value.source == "http://rebind.test/"
    assert "127.0.0.1" in caught.value.reason and "redirected to http://rebind.test/again" in caught.value.reason


def test_a_name_with_one_private_address_among_public_ones_is_refused(dns: Callable[..., FakeDns]) -> None:
    dns({"mixed.test": [[PUBLIC, "127.0.0.1"]]})
    recorder = Recorder()
    with pytest.raises(PrivateAddress):
        _fetcher(recorder).fetch("http://mixed.test/")
    assert recorder.requests == []


class _Counting(http.server.BaseHTTPRequestHandler):
    hits = 0

    def do_GET(self) -> None:
        type(self).hits += 1
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args: Any) -> None:
        pass


def test_rebinding_over_real_sockets_never_reaches_loopback(dns: Callable[..., FakeDns]) -> None:
    """The real httpx/httpcore stack: the loopback server must see nothing, whatever the public IP does."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Counting)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        port = server.server_address[1]
        dns({"rebind.test": [[PUBLIC], ["127.0.0.1"]]})
        started = time.monotonic()
        try:  # offline the public address fails to connect; online it answers or times out
            HttpFetcher(timeout_s=1.0, deadline_s=2.0).fetch(f"http://rebind.test:{port}/")
        except FetchError as e:
            assert e.source == f"http://rebind.test:{port}/"
        assert _Counting.hits == 0
        assert time.monotonic() - started < 10
        # the same server is reachable when private addresses are allowed: the test would notice a dead server
        assert HttpFetcher(allow_private=True).fetch(f"http://127.0.0.1:{port}/").data == b"ok"
        assert _Counting.hits == 1
    finally:
        server.shutdown()
        server.server_close()


# --- address forms -------------------------------------------------------------------------------

REFUSED = [
    "127.0.0.1", "127.0.0.1.", "10.0.0.1", "172.16.5.4", "192.168.1.1", "169.254.169.254", "100.64.0.1",
    "0.0.0.0", "224.0.0.1", "240.0.0.1", "255.255.255.255",
    "2130706433", "0x7f.1", "0177.0.0.1", "127.1", "0x7f000001", "0", "0xa9.0xfe.0xa9.0xfe", "012.0.0.1",
    "[::1]", "[::]", "[::127.0.0.1]", "[::a9fe:a9fe]",
    "[::ffff:10.0.0.1]", "[::ffff:127.0.0.1]", "[::ffff:169.254.169.254]",
    "[64:ff9b::a9fe:a9fe]", "[64:ff9b::127.0.0.1]", "[64:ff9b::10.1.2.3]", "[64:ff9b:1::808:808]",
    "[2002:7f00:1::]", "[2002:a00:1::1]", "[2002:a9fe:a9fe::]",
    "[2001:0:a00:1::80ff:fffe]", "[2001:0:4136:e378:8000:63bf:80ff:fffe]", "[2001::1]",
    "[fec0::1]", "[fc00::1]", "[fd12:3456:789a::1]", "[fe80::1]", "[fe80::1%25eth0]",
    "[ff02::1]", "[ff0e::1]", "[100::1]",
]
ALLOWED = {  # host as written → the address the connection must go to
    "93.184.215.14": "93.184.215.14",
    "8.8.8.8": "8.8.8.8",
    "0x8.0x8.0x8.0x8": "8.8.8.8",
    "134744072": "8.8.8.8",
    "[2606:4700:4700::1111]": "2606:4700:4700::1111",
    "[2001:4860:4860::8888]": "2001:4860:4860::8888",
    "[64:ff9b::808:808]": "64:ff9b::808:808",
    "[2002:808:808::1]": "2002:808:808::1",
    "[::ffff:8.8.8.8]": "::ffff:808:808",
}


def _no_dns(host: str) -> list[str]:
    raise AssertionError(f"a literal address must not be resolved ({host})")


@pytest.mark.parametrize("host", REFUSED)
def test_private_address_forms_are_refused(host: str) -> None:
    url = f"http://{host}/latest/meta-data"
    with pytest.raises(PrivateAddress) as caught:
        check_public(url, resolve=_no_dns)
    assert caught.value.code == "E051" and caught.value.source == url
    recorder = Recorder()
    with pytest.raises(FetchError) as refused:
        _fetcher(recorder).fetch(url)
    assert refused.value.source == url
    if host in ("0177.0.0.1", "012.0.0.1"):  # httpx itself rejects leading-zero dotted quads as invalid URLs
        assert refused.value.code == "E050" and "Invalid IPv4 address" in refused.value.reason
    else:
        assert refused.value.code == "E051" and "--allow-private" in refused.value.reason
    assert recorder.requests == []


@pytest.mark.parametrize("address", ["::ffff:10.0.0.1", "64:ff9b::a9fe:a9fe", "2002:7f00:1::", "::127.0.0.1",
                                     "fec0::1", "fc00::1", "fe80::1", "ff02::1", "::", "169.254.169.254"])
def test_names_resolving_to_private_forms_are_refused(dns: Callable[..., FakeDns], address: str) -> None:
    dns({"inside.test": [[address]]})
    recorder = Recorder()
    with pytest.raises(PrivateAddress):
        _fetcher(recorder).fetch("https://inside.test/")
    assert recorder.requests == []


@pytest.mark.parametrize("host", sorted(ALLOWED))
def test_public_address_forms_are_allowed_and_pinned(host: str) -> None:
    check_public(f"http://{host}/", resolve=_no_dns)
    recorder = Recorder()
    _fetcher(recorder).fetch(f"https://{host}/a")
    assert recorder.connected_to == [ALLOWED[host]]
    assert "sni_hostname" not in recorder.requests[0].extensions  # an IP literal is verified as an IP


def test_malformed_numeric_hosts_are_refused() -> None:
    for host in ("256.256.256.256.", "1.2.3.4294967296", "0x1ff.1"):
        with pytest.raises(PrivateAddress):
            check_public(f"http://{host}/", resolve=_no_dns)


def test_allow_private_still_pins_to_the_resolved_address(dns: Callable[..., FakeDns]) -> None:
    fake = dns({"intranet.test": [["10.0.0.7"], ["127.0.0.1"]]})
    recorder = Recorder()
    _fetcher(recorder, allow_private=True).fetch("http://intranet.test/")
    assert recorder.connected_to == ["10.0.0.7"] and fake.calls == {"intranet.test": 1}


# --- redirects -----------------------------------------------------------------------------------


@pytest.mark.parametrize("location", ["http://127.0.0.1/admin", "http://[::ffff:127.0.0.1]/", "http://0x7f.1/",
                                      "http://metadata.test/latest/meta-data"])
def test_redirect_to_a_private_address_is_refused(dns: Callable[..., FakeDns], location: str) -> None:
    dns({"news.test": [[PUBLIC]], "metadata.test": [["169.254.169.254"]]})
    recorder = Recorder({"news.test": httpx.Response(301, headers={"Location": location})})
    with pytest.raises(PrivateAddress) as caught:
        _fetcher(recorder).fetch("http://news.test/story")
    assert recorder.connected_to == [PUBLIC]
    assert caught.value.source == "http://news.test/story"
    assert "redirected to" in caught.value.reason


def test_redirects_are_bounded_and_non_http_refused(dns: Callable[..., FakeDns]) -> None:
    dns({"loop.test": [[PUBLIC]], "file.test": [[PUBLIC]]})
    recorder = Recorder({"loop.test": httpx.Response(302, headers={"Location": "/again"}),
                         "file.test": httpx.Response(302, headers={"Location": "file:///etc/passwd"})})
    with pytest.raises(FetchError, match="more than 5 redirects"):
        _fetcher(recorder).fetch("http://loop.test/")
    assert len(recorder.requests) == 6
    with pytest.raises(FetchError, match="only http"):
        _fetcher(recorder).fetch("http://file.test/")


def test_refusals_are_failures_and_the_ingest_goes_on(dns: Callable[..., FakeDns]) -> None:
    dns({"news.test": [[PUBLIC]], "evil.test": [[PUBLIC]]})
    recorder = Recorder({"evil.test": httpx.Response(302, headers={"Location": "http://10.0.0.1/"}),
                         "news.test": httpx.Response(200, html="<html><p>Rebels met Turkey.</p></html>")})
    urls = ["http://evil.test/", "http://[::ffff:127.0.0.1]/", "http://news.test/a"]
    items = list(iter_items(urls, max_bytes=10**6, fetcher=_fetcher(recorder)))
    assert [type(i) for i in items] == [Failure, Failure, Article]
    assert [i.code for i in items[:2] if isinstance(i, Failure)] == ["E051", "E051"]
    assert [i.locator for i in items] == urls


def test_static_fetcher_refuses_wrapped_forms_too() -> None:
    with pytest.raises(PrivateAddress):
        StaticFetcher({}).fetch("http://[64:ff9b::a9fe:a9fe]/")
    with pytest.raises(PrivateAddress):
        StaticFetcher({}, hosts={"x.test": "::ffff:10.0.0.1"}).fetch("http://x.test/")


# --- deadline and size cap -----------------------------------------------------------------------


class _Slow(httpx.SyncByteStream):
    def __init__(self, gap_s: float, chunks: int) -> None:
        self.gap_s, self.chunks = gap_s, chunks

    def __iter__(self) -> Iterator[bytes]:
        for _ in range(self.chunks):
            time.sleep(self.gap_s)
            yield b"x"


def test_deadline_stops_a_slow_body_from_a_mock_transport() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, stream=_Slow(0.1, 1000))  # 100 s in all

    started = time.monotonic()
    with pytest.raises(FetchError, match="1 s fetch deadline") as caught:
        HttpFetcher(transport=httpx.MockTransport(handler), deadline_s=1.0, allow_private=True).fetch("http://10.0.0.1/")
    assert caught.value.code == "E050" and caught.value.source == "http://10.0.0.1/"
    assert time.monotonic() - started < 1.0 + 4.0


class _Trickle(http.server.BaseHTTPRequestHandler):
    """Routes: /body a byte every 0.2 s, /headers a header byte every 0.2 s, /big and /declared too large."""

    protocol_version = "HTTP/1.1"
    stop = threading.Event()

    def _drip(self, data: bytes) -> None:
        for byte in data:
            if self.stop.wait(0.2):
                return
            self.wfile.write(bytes([byte]))
            self.wfile.flush()

    def do_GET(self) -> None:
        try:
            if self.path == "/body":
                self.send_response(200)
                self.send_header("Content-Length", "1000")
                self.end_headers()
                self._drip(b"x" * 1000)
            elif self.path == "/headers":
                self.wfile.write(b"HTTP/1.1 200 OK\r\n")
                self._drip(b"X-Slow: " + b"y" * 1000 + b"\r\n\r\n")
            elif self.path == "/big":
                self.send_response(200)
                self.send_header("Connection", "close")
                self.end_headers()
                while not self.stop.is_set():
                    self.wfile.write(b"z" * 65536)
            elif self.path == "/declared":
                self.send_response(200)
                self.send_header("Content-Length", str(10**9))
                self.end_headers()
                self.wfile.write(b"z" * 1000)
            else:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
        except OSError:  # the client went away: what the deadline and the size cap are for
            pass

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def trickle() -> Iterator[str]:
    _Trickle.stop.clear()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Trickle)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        _Trickle.stop.set()
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("path", ["/body", "/headers"])
def test_deadline_stops_a_server_that_trickles(trickle: str, path: str) -> None:
    """Per-read timeouts (5 s here) never trip; the 1 s deadline does, in the headers as in the body."""
    started = time.monotonic()
    with pytest.raises(FetchError, match="fetch deadline") as caught:
        HttpFetcher(allow_private=True, timeout_s=5.0, deadline_s=1.0).fetch(trickle + path)
    assert caught.value.source == trickle + path
    assert time.monotonic() - started < 1.0 + 3.0  # without the watchdog /headers would take 200 s


def test_size_cap_applies_while_streaming(trickle: str) -> None:
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"response over 0\.1 MB"):
        HttpFetcher(allow_private=True, max_bytes=100_000, deadline_s=30.0).fetch(trickle + "/big")
    with pytest.raises(FetchError, match=r"response over 0\.1 MB"):
        HttpFetcher(allow_private=True, max_bytes=100_000, deadline_s=30.0).fetch(trickle + "/declared")
    assert time.monotonic() - started < 20  # far under the deadline: the cap, not the clock, stopped them
    with pytest.raises(FetchError, match="HTTP 404"):
        HttpFetcher(allow_private=True).fetch(trickle + "/missing")


def test_default_deadline_comes_from_settings() -> None:
    from dateline.settings import Settings

    assert HttpFetcher().deadline_s == Settings().fetch_deadline_s == 60.0
