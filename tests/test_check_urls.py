"""`offerings check URL` against servers that misbehave: one line saying what failed and
exit 2, never a traceback or a wait beyond the deadline.

The servers are written here, on 127.0.0.1: each connection is answered by a script of
bytes, pauses and an ending, whatever the request asked.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import re
import socket
import socketserver
import struct
import threading
import time
from collections.abc import Iterator
from typing import NamedTuple

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from conftest import CATALOGUE, LICENCES, Site
from sphinx_offerings.cli import main

BOTH = ["--catalogue", str(CATALOGUE), "--catalogue", str(LICENCES)]
MIB = 1024 * 1024


class Script(NamedTuple):
    """An answer: each piece sent after its pause, then the connection closed ("close"),
    reset ("reset") or left open until the client leaves ("hang")."""

    pieces: tuple[tuple[bytes, float], ...]
    end: str = "close"


def answer(head: bytes, body: bytes = b"", end: str = "close") -> Script:
    return Script(((head + b"\r\n\r\n" + body, 0.0),), end)


class Handler(socketserver.BaseRequestHandler):
    server: Server

    def handle(self) -> None:
        sock: socket.socket = self.request
        sock.settimeout(5)
        script = self.server.scripts.get(self._path(sock), self.server.script)
        try:
            for data, pause in script.pieces:
                time.sleep(pause)
                sock.sendall(data)
            if script.end == "hang":
                while sock.recv(65536):  # until the client closes
                    pass
            elif script.end == "reset":
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        except OSError:
            pass  # the client has left

    def _path(self, sock: socket.socket) -> str:
        head = b""
        with contextlib.suppress(OSError):
            while b"\r\n\r\n" not in head and len(head) < 65536:
                data = sock.recv(65536)
                if not data:
                    break
                head += data
        parts = head.split(b" ", 2)
        return parts[1].decode("latin-1") if len(parts) > 2 else "/"


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.script = answer(b"HTTP/1.1 204 No Content")
        self.scripts: dict[str, Script] = {}
        self.url = f"http://127.0.0.1:{self.server_address[1]}"


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    served = Server()
    thread = threading.Thread(target=served.serve_forever, daemon=True)
    thread.start()
    try:
        yield served
    finally:
        served.shutdown()
        served.server_close()


class Run(NamedTuple):
    code: int
    out: list[str]
    err: list[str]
    seconds: float


def run(*argv: str) -> Run:
    out, err = io.StringIO(), io.StringIO()
    start = time.monotonic()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["check", *argv, *BOTH])
    seconds = time.monotonic() - start
    return Run(code, out.getvalue().splitlines(), err.getvalue().splitlines(), seconds)


def ok(headers: bytes, body: bytes) -> Script:
    return answer(b"HTTP/1.1 200 OK\r\n" + headers, body)


def page(site: Site) -> bytes:
    return (site.out / "purchase-options.html").read_bytes()


def test_a_published_page_behind_a_redirect(server: Server, site: Site) -> None:
    body = page(site)
    server.scripts = {
        "/old": answer(b"HTTP/1.1 301 Moved Permanently\r\nLocation: /new"),
        "/new": ok(b"Content-Length: %d" % len(body), body),
    }
    result = run(f"{server.url}/old")
    agree = f"{server.url}/old: the pages agree with {CATALOGUE}, {LICENCES}"
    assert result[:3] == (0, [agree], [])


DRIP = Script(
    (
        (b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>", 0.0),
        *((b"x", 0.3) for _ in range(60)),
    )
)
FAILURES = {
    "unknown charset": (
        ok(b"Content-Type: text/html; charset=bogus", b"<p>x</p>"),
        "unknown charset 'bogus'",
    ),
    "not the charset said": (
        ok(b"Content-Type: text/html; charset=utf-8", b"<p>caf\xe9</p>"),
        "not valid utf-8: byte 0xe9 at offset 6",
    ),
    "not a text encoding": (
        ok(b"Content-Type: text/html; charset=base64", b"<p>x</p>"),
        "unknown charset 'base64'",
    ),
    "not HTTP": (
        Script(((b"SSH-2.0-OpenSSH_9.6\r\n", 0.0),)),
        "the server does not answer in HTTP: 'SSH-2.0-OpenSSH_9.6'",
    ),
    "silence, then closed": (Script(()), "the server closed the connection without answering"),
    "body shorter than its Content-Length": (
        ok(b"Content-Length: 500", b"<p>x</p>"),
        "the body ended after 8 of the 500 bytes announced",
    ),
    "a broken chunk": (
        ok(b"Transfer-Encoding: chunked", b"zz\r\n<p>"),
        "the body is cut short or malformed (0 bytes read)",
    ),
    "one byte every 0.3 s": (DRIP, "no complete answer within 1 s"),
    "headers that never end": (
        Script(((b"HTTP/1.1 200 OK\r\n", 0.0), *((b"X: y\r\n", 0.3) for _ in range(60)))),
        "no complete answer within 1 s",
    ),
    "announced beyond the cap": (
        ok(b"Content-Length: %d" % (11 * MIB), b"<p>"),
        f"the page is {11 * MIB} bytes, more than 10 MiB",
    ),
    "streamed beyond the cap": (
        ok(b"Content-Type: text/html", b"<p>" + b"x" * (11 * MIB)),
        "the page is more than 10 MiB",
    ),
    "compressed, unasked": (
        ok(b"Content-Encoding: gzip\r\nContent-Length: 3", b"\x1f\x8b\x08"),
        "the body is gzip-encoded, though no encoding was asked for",
    ),
    "a chunked body cut short": (
        ok(b"Transfer-Encoding: chunked", b"3\r\nabc\r\n"),
        "the body is cut short or malformed (3 bytes read)",
    ),
    "an escapes' codec as the charset": (
        ok(b"Content-Type: text/html; charset=unicode_escape", b"<p>\\x1b[2J\\ud800</p>"),
        "unknown charset 'unicode_escape'",
    ),
    "a domain names' codec as the charset": (
        ok(b"Content-Type: text/html; charset=idna", b"<p>x</p>"),
        "unknown charset 'idna'",
    ),
    "compressed, by no name": (
        ok(b"Content-Encoding: \r\nContent-Length: 3", b"<p>"),
        "the body's Content-Encoding is empty, though no encoding was asked for",
    ),
    "two lengths": (
        ok(b"Content-Length: 3\r\nContent-Length: 300", b"<p>"),
        "the server does not answer in HTTP: Content-Length headers that differ",
    ),
    "a reason that moves the cursor": (
        answer(b"HTTP/1.1 404 \x1b[1A\x1b[2KNot\rFound\x07"),
        r"HTTP 404 \x1b[1A\x1b[2KNot\rFound\x07",
    ),
    "404": (answer(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0"), "HTTP 404 Not Found"),
    "500": (answer(b"HTTP/1.1 500 Internal Server Error"), "HTTP 500 Internal Server Error"),
    "redirect without a Location": (answer(b"HTTP/1.1 302 Found"), "HTTP 302 Found"),
    "a redirect loop": (
        answer(b"HTTP/1.1 302 Found\r\nLocation: /again"),
        "more than 5 redirects",
    ),
    "a redirect to file://": (
        answer(b"HTTP/1.1 302 Found\r\nLocation: file:///etc/passwd"),
        "redirected to file:///etc/passwd: only http(s) is followed",
    ),
    "a redirect to ftp://": (
        answer(b"HTTP/1.1 301 Moved\r\nLocation: ftp://127.0.0.1/pub/page.html"),
        "redirected to ftp://127.0.0.1/pub/page.html: only http(s) is followed",
    ),
    "a redirect to no port": (
        answer(b"HTTP/1.1 301 Moved\r\nLocation: http://127.0.0.1:99999/"),
        "Port out of range 0-65535",
    ),
}


@pytest.mark.parametrize("case", list(FAILURES))
def test_what_failed_in_one_line(case: str, server: Server) -> None:
    script, what = FAILURES[case]
    server.scripts = {"/page.html": script, "/again": script}
    url = f"{server.url}/page.html"
    result = run(url, "--timeout", "1")
    assert result[:3] == (2, [], [f"offerings check: error: {url}: {what}"])
    assert result.seconds < 4


def test_a_refused_connection(server: Server) -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{closed.getsockname()[1]}/"
        assert run(url)[:3] == (2, [], [f"offerings check: error: {url}: Connection refused"])


@pytest.mark.parametrize("reply", [b"", b"\x16\x03\x01\x00\x05hello"], ids=["silent", "not-tls"])
def test_https_that_does_not_shake_hands(reply: bytes, server: Server) -> None:
    """The TLS handshake counts towards the deadline: a server that says nothing, or
    nonsense, is reported in time."""
    server.scripts = {}
    server.script = Script(((reply, 0.0),), "hang")
    url = f"https://127.0.0.1:{server.url.rpartition(':')[2]}/"
    result = run(url, "--timeout", "1")
    assert result.code == 2 and result.out == []
    [line] = result.err
    assert line.startswith(f"offerings check: error: {url}: ")
    assert result.seconds < 4
    if not reply:
        assert line.endswith(": no complete answer within 1 s")


def test_a_proxy_from_the_environment(
    server: Server, site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As urllib does: http through the proxy, https through a tunnel it opens."""
    body = page(site)
    server.scripts = {
        "http://shop.example/page.html": answer(b"HTTP/1.1 200 OK", body),
        "shop.example:443": answer(b"HTTP/1.1 403 Forbidden"),
    }
    monkeypatch.delenv("no_proxy", raising=False)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.setenv("http_proxy", server.url)
    monkeypatch.setenv("https_proxy", server.url)
    agree = f"http://shop.example/page.html: the pages agree with {CATALOGUE}, {LICENCES}"
    assert run("http://shop.example/page.html")[:3] == (0, [agree], [])
    url = "https://shop.example/page.html"
    error = f"offerings check: error: {url}: Tunnel connection failed: 403 Forbidden"
    assert run(url, "--timeout", "1")[:3] == (2, [], [error])


@pytest.mark.parametrize("given", ["0", "-1", "nan", "inf", "soon", "1e300"])
def test_timeout_must_be_seconds(given: str, server: Server) -> None:
    result = run(server.url, "--timeout", given)
    assert result.code == 2
    assert f"argument --timeout: {given!r}: give seconds above 0, at most 86400" in result.err[-1]


# A server that misbehaves in generated ways, against the documented shapes of output.

STATUS_LINES = [
    b"HTTP/1.1 200 OK",
    b"HTTP/1.0 200 OK",
    b"HTTP/1.1 200",
    b"HTTP/1.1 203 Non-Authoritative",
    b"HTTP/1.1 204 No Content",
    b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK",
    b"HTTP/1.1 101 Switching Protocols",
    b"HTTP/1.1 301 Moved",
    b"HTTP/1.1 302 Found",
    b"HTTP/1.1 404 Not Found",
    b"HTTP/1.1 500 \xff\x00\x85",
    b"HTTP/1.1 abc",
    b"HTTP/1.1 99 Low",
    b"HTTP/2 200",
    b"ICY 200 OK",
    b"",
]
CHARSETS = ["utf-8", "UTF-8", "latin-1", "utf-16", "bogus", "base64", "rot13", '"utf-8"', ""]
CHARSETS += ["idna", "punycode", "undefined", "unicode_escape", "utf-8'en'%ff", "ascii"]
HEADERS = [
    b"Location: /",
    b"Location: /page.html",
    b"Location: ",
    b"Location: ftp://127.0.0.1/x",
    b"Location: file:///etc/passwd",
    b"Location: http://127.0.0.1:1/",
    b"Location: http://127.0.0.1:99999/",
    b"Location: http://[::1",
    b"Location: javascript:alert(1)",
    b"Location: //\xff\x85/\r\n",
    b"Content-Encoding: gzip",
    b"Content-Encoding: identity",
    b"Transfer-Encoding: gzip, chunked",
    b"Connection: close",
    b"Connection: keep-alive",
    b"X-Odd: \x85\xff\x00",
    b"not a header",
    b" folded",
    b"Content-Length: 5",
    b"Content-Length: -5",
    b"Content-Length: 99999999999",
]
LENGTHS = ["exact", "none", "less", "more", "junk", "chunked", "broken-chunks"]


@st.composite
def scripts(draw: st.DrawFn, page: bytes) -> Script:
    # The well-formed choices come often, so that some answers get through to be checked.
    status = draw(st.sampled_from([b"HTTP/1.1 200 OK"] * len(STATUS_LINES) + STATUS_LINES))
    if draw(st.sampled_from([False] * 9 + [True])):
        status = draw(st.binary(max_size=30))
    stale = page.replace(b'data-offerings-value="1750 CAD"', b'data-offerings-value="1751 CAD"')
    bodies = [page, page, stale, page[: len(page) // 2], page.decode().encode("utf-16"), b""]
    body = draw(st.sampled_from(bodies))
    if draw(st.sampled_from([False] * 4 + [True])):
        body = draw(st.binary(max_size=200))
    headers = []
    charset = draw(st.none() | st.sampled_from(CHARSETS))
    if charset is not None:
        headers.append(f"Content-Type: text/html; charset={charset}".encode())
    length = draw(st.sampled_from(["exact", "none", "chunked", *LENGTHS]))
    if length in ("chunked", "broken-chunks"):
        headers.append(b"Transfer-Encoding: chunked")
        body = b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body) if body else b"0\r\n\r\n"
        if length == "broken-chunks":
            body = body[: draw(st.integers(0, len(body)))] + draw(st.binary(max_size=8))
    elif length != "none":
        said = {"exact": len(body), "less": len(body) // 2, "more": len(body) + 50}
        headers.append(b"Content-Length: %s" % str(said.get(length, "x1")).encode())
    headers += draw(st.lists(st.sampled_from(HEADERS) | st.binary(max_size=20), max_size=2))
    whole = b"\r\n".join([status, *headers]) + b"\r\n\r\n" + body
    if draw(st.sampled_from([False, False, False, True])):  # closing early
        whole = whole[: len(whole) - draw(st.integers(0, len(whole)))]
    cuts = sorted(draw(st.lists(st.integers(0, len(whole)), max_size=4)))
    bounds = [0, *cuts, len(whole)]
    pauses = st.sampled_from([0.0, 0.0, 0.01, 0.03])
    pieces = tuple((whole[a:b], draw(pauses)) for a, b in itertools.pairwise(bounds))
    return Script(pieces, draw(st.sampled_from(["close", "close", "close", "reset", "hang"])))


@pytest.fixture(scope="module")
def served_page(site: Site) -> bytes:
    return page(site)


ERROR = re.compile(r"offerings check: error: (?P<url>\S+): \S[^\n]*")
DIFFERENCE = re.compile(r"(?P<url>\S+): \S+: \S[^\n]*")


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_any_answer_gives_an_exit_code_and_documented_lines(
    data: st.DataObject, server: Server, served_page: bytes
) -> None:
    script = data.draw(scripts(served_page))
    server.scripts, server.script = {}, script
    url = f"{server.url}/page.html"
    result = run(url, "--timeout", "0.3")
    event(f"exit {result.code}")
    event(result.err[0].removeprefix(f"offerings check: error: {url}: ")[:25] if result.err else "")
    assert result.seconds < 3
    if result.code == 0:
        assert (result.out, result.err) == (
            [f"{url}: the pages agree with {CATALOGUE}, {LICENCES}"],
            [],
        )
    elif result.code == 1:
        assert result.out and result.err == []
        assert all(
            line.startswith(f"{url}: ") and DIFFERENCE.fullmatch(line) for line in result.out
        )
    else:
        assert result.code == 2 and result.out == []
        [line] = result.err
        match = ERROR.fullmatch(line)
        assert match and match["url"] == url, line


def test_a_proxy_that_drips_its_tunnel(server: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    """The proxy's answer to CONNECT is read within the deadline too: a proxy that says
    "200 Connection established", then a byte a second, is cut off in time."""
    target = "127.0.0.1:9"  # never reached: the proxy answers for it
    server.scripts = {
        target: Script(
            (
                (b"HTTP/1.1 200 Connection established\r\n", 0.0),
                *((b"x", 1.0) for _ in range(60)),
            )
        )
    }
    for name in ("no_proxy", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("https_proxy", server.url)
    url = f"https://{target}/x"
    result = run(url, "--timeout", "2")
    assert result[:3] == (2, [], [f"offerings check: error: {url}: no complete answer within 2 s"])
    assert result.seconds < 12


def test_a_name_looked_up_within_the_deadline(
    server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    """getaddrinfo has no timeout: a resolver that never answers is cut off in time."""
    import socket as sockets

    release = threading.Event()

    def slow(*args: object, **kwargs: object) -> list[object]:
        release.wait(30)
        raise OSError("never")

    monkeypatch.setattr(sockets, "getaddrinfo", slow)
    url = "http://shop.invalid/x"
    try:
        result = run(url, "--timeout", "1")
    finally:
        release.set()
    assert result[:3] == (2, [], [f"offerings check: error: {url}: no complete answer within 1 s"])
    assert result.seconds < 11


def test_a_url_with_a_password(server: Server) -> None:
    """urllib would take user:password@host for the host's name, and the message would
    show the password: such a URL is refused, the password not shown."""
    server.scripts = {}
    port = server.url.rpartition(":")[2]
    result = run(f"http://user:secret@127.0.0.1:{port}/ok")
    error = "a URL with a user name or password: give one without"
    assert result[:3] == (
        2,
        [],
        [f"offerings check: error: http://user:***@127.0.0.1:{port}/ok: {error}"],
    )
    server.scripts = {"/in": answer(b"HTTP/1.1 302 Found\r\nLocation: http://me:pw@127.0.0.1:1/")}
    result = run(f"{server.url}/in")
    assert result[:3] == (
        2,
        [],
        [f"offerings check: error: {server.url}/in: redirected to {error}"],
    )


@pytest.mark.parametrize("scheme", ["HTTP", "Http"])
def test_a_scheme_in_capitals(scheme: str, server: Server, site: Site) -> None:
    body = page(site)
    server.scripts = {"/page.html": ok(b"Content-Length: %d" % len(body), body)}
    url = f"{scheme}{server.url.removeprefix('http')}/page.html"
    assert run(url)[:3] == (0, [f"{url}: the pages agree with {CATALOGUE}, {LICENCES}"], [])
