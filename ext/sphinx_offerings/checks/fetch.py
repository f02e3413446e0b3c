"""A published page read over http(s) within one deadline and a size cap.

The deadline covers the whole request: connecting, the TLS handshake, each redirect,
the headers and the body. A socket timeout alone bounds each wait, so a server sending
a byte a second would never time out; here every wait is given only the time left.
Redirects are followed here, a few and to http(s) only; urllib adds the proxies of
the environment (``https_proxy``, ``no_proxy``) and the request's headers.
"""

from __future__ import annotations

import codecs
import http.client
import io
import socket
import ssl
import string
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import quote, urljoin, urlsplit

from .sides import one_line

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer, WriteableBuffer

_CHUNK = 64 * 1024


class FetchFailed(Exception):
    """The page could not be read; the message says why, on one line."""

    def __init__(self, reason: str) -> None:
        super().__init__(one_line(reason))


class _Deadline:
    def __init__(self, seconds: float, started: float | None = None) -> None:
        self._end = (time.monotonic() if started is None else started) + seconds

    def left(self) -> float:
        """The seconds left; TimeoutError once there are none."""
        left = self._end - time.monotonic()
        if left <= 0:
            raise TimeoutError
        return left


class _Socket:
    """A connected socket whose every wait ends by the deadline. It stays open while a
    reader made from it is: http.client closes a connection before its response is read.
    """

    def __init__(self, sock: socket.socket, deadline: _Deadline) -> None:
        self._sock, self._deadline = sock, deadline
        self._readers, self._closed = 0, False

    def _waiting(self) -> socket.socket:
        self._sock.settimeout(self._deadline.left())
        return self._sock

    def sendall(self, data: ReadableBuffer) -> None:
        self._waiting().sendall(data)

    def recv_into(self, buffer: WriteableBuffer) -> int:
        return self._waiting().recv_into(buffer)

    def makefile(self, mode: str, *args: Any, **kwargs: Any) -> io.BufferedReader:
        self._readers += 1
        return io.BufferedReader(_Reader(self))

    def reader_closed(self) -> None:
        self._readers -= 1
        if self._closed:
            self.close()

    def close(self) -> None:
        self._closed = True
        if self._readers == 0:
            self._sock.close()

    def detached(self) -> socket.socket:
        """The socket itself, to be wrapped again (in TLS, once a tunnel is open)."""
        return self._sock


class _Reader(io.RawIOBase):
    """A `_Socket` as a file, as ``socket.makefile`` gives one."""

    def __init__(self, sock: _Socket) -> None:
        self._sock = sock

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        return self._sock.recv_into(buffer)

    def close(self) -> None:
        if not self.closed:
            super().close()
            self._sock.reader_closed()


class _Connection(http.client.HTTPConnection):
    """An http connection, or https with ``tls``, whose waits all end by the deadline."""

    def __init__(self, host: str, deadline: _Deadline, tls: ssl.SSLContext | None) -> None:
        self.default_port = http.client.HTTPS_PORT if tls else http.client.HTTP_PORT
        super().__init__(host, timeout=deadline.left())
        self._deadline, self._tls, self._origin = deadline, tls, ""

    def set_tunnel(
        self, host: str, port: int | None = None, headers: Mapping[str, str] | None = None
    ) -> None:
        # through a proxy: the name the server's certificate must carry
        self._origin = urlsplit(f"//{host}").hostname or host
        super().set_tunnel(host, port, headers)

    def connect(self) -> None:
        # As http.client connects, but every step within the deadline: the name looked up,
        # the TCP connection, a proxy's answer to CONNECT (read through the deadline-aware
        # socket: a proxy dripping its headers is cut off), then the TLS handshake.
        self.sock = _Socket(_connected(self.host, self.port, self._deadline), self._deadline)
        if self._origin:  # through a proxy: its tunnel opened
            self._tunnel()  # type: ignore[attr-defined]
        raw = self.sock.detached()
        if self._tls is not None:
            raw.settimeout(self._deadline.left())  # the handshake's whole time
            name = self._origin or self.host
            raw = self._tls.wrap_socket(raw, server_hostname=name)
        self.sock = _Socket(raw, self._deadline)


def _connected(host: str, port: int, deadline: _Deadline) -> socket.socket:
    """A TCP connection to ``host``, its name looked up and each address tried by the
    deadline: getaddrinfo has no timeout of its own, so it runs in a thread waited for."""
    found: list[Any] = []
    done = threading.Event()

    def look_up() -> None:
        try:
            found.append(socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM))
        except OSError as exc:
            found.append(exc)
        done.set()

    threading.Thread(target=look_up, daemon=True).start()
    if not done.wait(deadline.left()):
        raise TimeoutError
    if isinstance(found[0], OSError):
        raise found[0]
    failure: OSError = OSError("no address")
    for family, kind, proto, _name, address in found[0]:
        sock = socket.socket(family, kind, proto)
        try:
            sock.settimeout(deadline.left())
            sock.connect(address)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            return sock
        except OSError as exc:
            sock.close()
            if isinstance(exc, TimeoutError):
                raise
            failure = exc
    raise failure


class _Handler(urllib.request.HTTPSHandler, urllib.request.HTTPHandler):
    """urllib's http and https requests, sent over a `_Connection`."""

    def __init__(self, deadline: _Deadline) -> None:
        super().__init__()
        self._deadline, self._tls = deadline, ssl.create_default_context()

    def _connection(self, tls: ssl.SSLContext | None) -> Any:
        return lambda host, **_ignored: _Connection(host, self._deadline, tls)

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(self._connection(None), req)

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(self._connection(self._tls), req)


def _mib(count: int) -> str:
    return f"{count / 1024 / 1024:g} MiB"


def _body(response: http.client.HTTPResponse, limit: int) -> bytes:
    encoding = response.headers.get("Content-Encoding", "identity").strip().lower()
    if not encoding:
        raise FetchFailed("the body's Content-Encoding is empty, though no encoding was asked for")
    if encoding != "identity":
        raise FetchFailed(f"the body is {encoding}-encoded, though no encoding was asked for")
    lengths = {length.strip() for length in response.headers.get_all("Content-Length", [])}
    if len(lengths) > 1:  # which one ends the body? (RFC 9112, 6.3)
        raise FetchFailed("the server does not answer in HTTP: Content-Length headers that differ")
    announced = response.length  # None when chunked or unannounced
    if announced is not None and announced > limit:
        raise FetchFailed(f"the page is {announced} bytes, more than {_mib(limit)}")
    chunks, size = [], 0
    try:
        while chunk := response.read1(_CHUNK):
            size += len(chunk)
            if size > limit:
                raise FetchFailed(f"the page is more than {_mib(limit)}")
            chunks.append(chunk)
    except http.client.IncompleteRead as exc:  # its partial is only the chunk being read
        read = size + len(exc.partial)
        raise FetchFailed(f"the body is cut short or malformed ({read} bytes read)") from None
    if response.length:  # http.client counts down what it still expects
        raise FetchFailed(f"the body ended after {size} of the {announced} bytes announced")
    return b"".join(chunks)


def _text(response: http.client.HTTPResponse, body: bytes) -> str:
    charset = response.headers.get_content_charset() or "utf-8"
    try:
        codec = codecs.lookup(charset)
        if not codec._is_text_encoding or codec.name in _NOT_CHARSETS:
            raise LookupError(charset)
        return body.decode(charset)
    except LookupError:  # unknown, or not a text encoding (base64, unicode_escape)
        raise FetchFailed(f"unknown charset {charset!r}") from None
    except UnicodeDecodeError as exc:
        byte = exc.object[exc.start : exc.start + 1].hex()
        raise FetchFailed(f"not valid {charset}: byte 0x{byte} at offset {exc.start}") from None
    except ValueError as exc:  # a codec's own complaint
        raise FetchFailed(f"cannot be read as {charset}: {exc}") from None


#: Codecs of text that no page is written in: each reads escapes or domain names, not
#: a charset's bytes (unicode_escape makes "\\n" a line break and "\\ud800" a surrogate).
_NOT_CHARSETS = frozenset({"unicode-escape", "raw-unicode-escape", "idna", "punycode", "undefined"})


class Page(NamedTuple):
    text: str
    kind: str  # the media type: "text/html"
    url: str  # where it was found, after redirects


def _get(url: str, deadline: _Deadline, limit: int, redirects: int) -> Page:
    opener = urllib.request.OpenerDirector()  # no error or redirect handlers: both are here
    opener.add_handler(urllib.request.ProxyHandler())
    opener.add_handler(_Handler(deadline))
    headers = {"User-Agent": "offerings-check", "Accept-Encoding": "identity"}
    for redirect in range(redirects + 1):
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise FetchFailed(f"redirected to {url}: only http(s) is followed")
        if "@" in parts.netloc:  # urllib would take user:password@host for the host's name
            raise FetchFailed(
                f"{'redirected to ' if redirect else ''}a URL with a user name or password: "
                "give one without"
            )
        _port = parts.port  # ValueError beyond 65535: a socket would take it modulo 65536
        with opener.open(urllib.request.Request(url, headers=headers)) as response:
            location = response.headers.get("Location")
            if 300 <= response.status < 400 and location is not None:
                # as urllib does: headers are read as Latin-1, so these are the raw bytes
                location = quote(location.strip(), encoding="iso-8859-1", safe=string.punctuation)
                url = urljoin(url, location)
                continue
            if not 200 <= response.status < 300:
                raise FetchFailed(f"HTTP {response.status} {response.reason}")
            kind = response.headers.get_content_type()
            return Page(_text(response, _body(response, limit)), kind, url)
    raise FetchFailed(f"more than {redirects} redirects")


def fetch_page(
    url: str, timeout: float, limit: int, redirects: int, started: float | None = None
) -> Page:
    """The page at the http(s) ``url`` (its text, media type and where it was found), or
    FetchFailed saying why not: in ``timeout`` seconds, ``limit`` bytes and ``redirects``
    redirects at the most. ``started``: the `time.monotonic` the ``timeout`` counts from
    (default: now), so that several requests share one deadline."""
    timed_out = f"no complete answer within {timeout:g} s"
    try:
        return _get(url, _Deadline(timeout, started), limit, redirects)
    except TimeoutError:
        raise FetchFailed(timed_out) from None
    except urllib.error.URLError as exc:  # urllib wraps what fails as a request is sent
        if isinstance(exc.reason, TimeoutError):
            raise FetchFailed(timed_out) from None
        raise FetchFailed(_said(exc.reason)) from None
    except http.client.RemoteDisconnected:
        raise FetchFailed("the server closed the connection without answering") from None
    except http.client.BadStatusLine as exc:
        raise FetchFailed(f"the server does not answer in HTTP: {str(exc).strip()!r}") from None
    except http.client.UnknownProtocol as exc:
        raise FetchFailed(f"the server answers in {exc}, not in HTTP/1") from None
    except http.client.IncompleteRead as exc:
        read = len(exc.partial)
        raise FetchFailed(f"the body is cut short or malformed ({read} bytes read)") from None
    except (http.client.HTTPException, OSError, ValueError, OverflowError) as exc:
        raise FetchFailed(_said(exc)) from None  # ssl.SSLError is an OSError


def _said(reason: object) -> str:
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror
    return str(reason) or type(reason).__name__
