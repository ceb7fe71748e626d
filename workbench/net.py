"""The one HTTP session network plugins share: cached, polite, time-limited and guarded.

Checkers that reach the web (Wikidata, fact-check search, cited links, or a third-party
plugin) fetch through :func:`fetch` / :func:`get_json` instead of calling ``requests``
directly, so every request of a run follows one policy:

- responses are cached in SQLite (requests-cache) for ``WORKBENCH_CACHE_TTL`` seconds
  (default one day), so a second run makes no request at all; the cache lives in
  ``WORKBENCH_CACHE_DIR`` or the user's cache directory;
- a descriptive User-Agent (tool version, and ``WORKBENCH_HTTP_CONTACT`` when set);
- connect and read timeouts, retries with exponential backoff on connection errors, 429
  and 5xx, honouring ``Retry-After`` up to a bound; a host that keeps timing out is skipped
  for the rest of the run instead of stalling every claim, and a host that asks for a
  longer wait than the bound is left alone for that long (its other links fail at once);
- limits like curl's ``--max-time`` and ``--max-filesize``: each request, body included,
  ends after ``WORKBENCH_HTTP_MAX_TIME`` seconds, the requests made for one document
  share ``WORKBENCH_HTTP_DOCUMENT_TIME`` seconds and those of a run
  ``WORKBENCH_HTTP_RUN_TIME`` (none by default); an answer larger than
  ``WORKBENCH_HTTP_MAX_SIZE`` is refused while it streams in. Each is a one-line
  :class:`NetworkError` naming the URL, so a checker reports it for that URL alone;
- at most a few requests in flight per host, spaced by a minimum interval;
- addresses are checked after DNS resolution, before the cache is read, for every
  redirect hop and again on the connected socket: private, loopback, link-local and
  reserved ones are refused unless listed in ``WORKBENCH_HTTP_ALLOW`` (e.g.
  ``127.0.0.1`` for a local test server), and so is an IPv6 address that embeds such an
  IPv4 address (IPv4-mapped or -compatible, NAT64, 6to4, Teredo).

``requests`` and ``requests_cache`` are imported when the first session is built, and
plugins import this module inside their hooks, so an offline run never loads any of it.
"""

from __future__ import annotations

import hashlib
import ipaddress
import os
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from datetime import UTC
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

from workbench import __version__
from workbench.entrypoints import cache_dir as default_cache_dir
from workbench.errors import InputError, WorkbenchError
from workbench.records import now
from workbench.units import megabytes, parse_seconds, parse_size

T = TypeVar("T")
R = TypeVar("R")

SECRET_PARAMS = frozenset({"key", "api_key", "apikey", "access_token"})
RETRY_STATUSES = (429, 500, 502, 503, 504)
CACHED_STATUSES = (200, 203, 300, 301, 302, 303, 307, 308, 404, 410)
CHUNK_BYTES = 65_536
# NAT64 prefixes (RFC 6052, RFC 8215): the well-known one embeds an IPv4 address in its
# last 32 bits; the local-use one never reaches a public host.
NAT64 = ipaddress.ip_network("64:ff9b::/96")
NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")


class NetworkError(WorkbenchError):
    """A request that failed: timed out, refused, unreachable or answered unusably."""


class AddressRefused(NetworkError):
    """A request to a private, loopback, link-local or reserved address."""


@dataclass(frozen=True)
class HttpSettings:
    """The policy of the shared session (see the module docstring).

    Worst cases: a host that accepts but never answers costs ``2 * read_timeout`` per
    request (one retry), one that never accepts ``2 * connect_timeout``; after
    ``failures_before_skip`` such requests the host is skipped. A request ends after
    ``max_time`` seconds whatever the server does (trickling its answer a byte at a
    time, say), and no request starts once the document's ``document_time`` or the run's
    ``run_time`` is spent (``0``: no limit). 429/5xx are retried ``retries`` times, after
    the ``Retry-After`` wait when it is at most ``max_retry_after`` seconds; a longer
    one is not waited for, and the host is not asked again until it is over. An answer
    over ``max_bytes`` is refused as soon as that many bytes have arrived.
    """

    cache_dir: Path | None = None  # None: default_cache_dir(), shared with plugins
    cache_ttl: int = 86_400
    connect_timeout: float = 5.0
    read_timeout: float = 10.0
    retries: int = 3
    backoff: float = 0.5
    max_retry_after: int = 10
    host_concurrency: int = 4
    host_interval: float = 0.05
    max_workers: int = 64
    failures_before_skip: int = 2
    max_bytes: int = 20_000_000
    max_time: float = 30.0
    document_time: float = 45.0
    run_time: float = 0.0
    allow: tuple[str, ...] = ()  # networks fetched even though private (tests, intranets)
    contact: str | None = None

    @classmethod
    def from_env(cls) -> HttpSettings:
        """Settings from ``WORKBENCH_CACHE_TTL``, ``WORKBENCH_HTTP_ALLOW``, ``_CONTACT``,
        ``_MAX_SIZE``, ``_MAX_TIME``, ``_DOCUMENT_TIME`` and ``_RUN_TIME`` (the cache
        folder is :func:`default_cache_dir`, which reads ``WORKBENCH_CACHE_DIR``)."""
        env = os.environ
        allow = tuple(a.strip() for a in env.get("WORKBENCH_HTTP_ALLOW", "").split(",")
                      if a.strip())
        ttl = env.get("WORKBENCH_CACHE_TTL", str(cls.cache_ttl))
        if not ttl.strip().isdigit():
            raise NetworkError(f"WORKBENCH_CACHE_TTL: {ttl!r} is not a number of seconds")
        try:
            limits: dict[str, Any] = {}
            if "WORKBENCH_HTTP_MAX_SIZE" in env:
                limits["max_bytes"] = parse_size(env["WORKBENCH_HTTP_MAX_SIZE"],
                                                 "WORKBENCH_HTTP_MAX_SIZE")
            for name, key in (("MAX_TIME", "max_time"), ("DOCUMENT_TIME", "document_time"),
                              ("RUN_TIME", "run_time")):
                if f"WORKBENCH_HTTP_{name}" in env:
                    limits[key] = parse_seconds(env[f"WORKBENCH_HTTP_{name}"],
                                                f"WORKBENCH_HTTP_{name}")
        except InputError as error:
            raise NetworkError(str(error)) from None
        return cls(cache_ttl=int(ttl), allow=allow,
                   contact=env.get("WORKBENCH_HTTP_CONTACT") or None, **limits)

    def cache_path(self) -> Path:
        """The SQLite file of the response cache."""
        return (self.cache_dir or default_cache_dir()) / "http_cache.sqlite"

    def allowed_networks(self) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
        """``allow`` parsed; a bad entry is a one-line error naming it."""
        try:
            return [ipaddress.ip_network(entry, strict=False) for entry in self.allow]
        except ValueError as error:
            raise NetworkError(f"WORKBENCH_HTTP_ALLOW: {error}") from None


# --------------------------------------------------------------------------------------
# Address guard
# --------------------------------------------------------------------------------------


def embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 address carries, which a packet to it may reach:
    IPv4-mapped (``::ffff:a.b.c.d``) and IPv4-compatible (``::a.b.c.d``), NAT64
    (``64:ff9b::a.b.c.d``), 6to4 (``2002:AABB:CCDD::``) and Teredo (server and client)."""
    if ip.ipv4_mapped is not None:
        return [ip.ipv4_mapped]
    if ip in NAT64 or int(ip) >> 32 == 0:
        return [ipaddress.IPv4Address(int(ip) & 0xFFFF_FFFF)]
    if ip.sixtofour is not None:
        return [ip.sixtofour]
    if ip.teredo is not None:
        return list(ip.teredo)
    return []


def is_refused(address: str, allowed: Iterable[Any] = ()) -> bool:
    """True for an address that is not public (private, loopback, link-local, reserved...),
    or an IPv6 address that embeds such an IPv4 address (see :func:`embedded_ipv4`).

    An address is fetched anyway when it, or the IPv4 address it maps, is ``allowed``.
    """
    ip: ipaddress.IPv4Address | ipaddress.IPv6Address = ipaddress.ip_address(
        address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if any(ip.version == net.version and ip in net for net in allowed):
        return False
    if not ip.is_global or ip.is_multicast:
        return True
    if isinstance(ip, ipaddress.IPv6Address):
        return ip in NAT64_LOCAL or any(is_refused(str(inner)) for inner in embedded_ipv4(ip))
    return False


_resolved: dict[tuple[str, int], tuple[float, list[str]]] = {}
RESOLVE_TTL = 60.0


def resolve(host: str, port: int) -> list[str]:
    """The addresses of ``host``, remembered for a minute (the socket is checked anyway)."""
    key = (host, port)
    cached = _resolved.get(key)
    if cached and cached[0] > time.monotonic():
        return cached[1]
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise NetworkError(f"{host}: cannot resolve ({error.strerror})") from None
    addresses = list(dict.fromkeys(str(sockaddr[0]) for *_, sockaddr in infos))
    _resolved[key] = (time.monotonic() + RESOLVE_TTL, addresses)
    return addresses


def check_address(host: str, port: int | None) -> None:
    """Resolve ``host`` and raise :class:`AddressRefused` if any address is not public."""
    allowed = _state.settings.allowed_networks()
    for address in resolve(host, port or 80):
        if is_refused(address, allowed):
            raise AddressRefused(f"{host} resolves to {address}: refusing to fetch a "
                                 "private, loopback or link-local address")


def check_url(url: str) -> None:
    """:func:`check_address` for the host of ``url``."""
    parts = urlsplit(url)
    check_address(parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80))


def _guarded_connection(base: type) -> type:
    """A urllib3 connection class that refuses a non-public peer once connected, and
    that the request's :class:`_Watchdog` can cut off."""

    class Guarded(base):  # type: ignore[misc]
        def _new_conn(self) -> socket.socket:
            sock = super()._new_conn()
            watchdog = getattr(_current, "watchdog", None)
            if watchdog is not None and watchdog.expired:
                sock.close()
                raise NetworkError(f"{self.host}: the request's time ran out while "
                                   "connecting")
            if getattr(self, "proxy", None) is not None:
                return sock  # the peer is the user's proxy; the target was checked by name
            peer = sock.getpeername()[0]
            if is_refused(peer, _state.settings.allowed_networks()):
                sock.close()
                raise AddressRefused(f"{self.host} connected to {peer}: refusing a private, "
                                     "loopback or link-local address")
            return sock

        def request(self, *args: Any, **kwargs: Any) -> None:
            watchdog = getattr(_current, "watchdog", None)
            if watchdog is not None:
                watchdog.watch(self)
            super().request(*args, **kwargs)

    return Guarded


# --------------------------------------------------------------------------------------
# Time limits: per request (a watchdog), per document and per run (deadlines)
# --------------------------------------------------------------------------------------

_current = threading.local()  # this thread's request: its watchdog and size limit


class _Watchdog:
    """Cuts the connections of one request off when its time is up, wherever it is
    blocked (connecting, waiting for headers, reading a body that trickles in)."""

    def __init__(self, seconds: float) -> None:
        self.expired = False
        self._lock = threading.Lock()
        self._connections: list[Any] = []
        self._timer = threading.Timer(max(seconds, 0.0), self._expire) \
            if seconds != float("inf") else None  # no limit at all

    def __enter__(self) -> _Watchdog:
        _current.watchdog = self
        if self._timer is not None:
            self._timer.daemon = True
            self._timer.start()
        return self

    def __exit__(self, *_: object) -> None:
        if self._timer is not None:
            self._timer.cancel()
        _current.watchdog = None

    def watch(self, connection: Any) -> None:
        """Cut ``connection`` off when the time is up (at once if it already is)."""
        with self._lock:
            self._connections.append(connection)
            if self.expired:
                _cut(connection)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for connection in self._connections:
                _cut(connection)


def _cut(connection: Any) -> None:
    """Shut a connection's socket down, so that a read blocked on it returns."""
    sock = getattr(connection, "sock", None)
    if sock is not None:
        with suppress(OSError):  # already closed
            sock.shutdown(socket.SHUT_RDWR)


def start_run() -> None:
    """Start the run's network time (``run_time``): requests of every document share it,
    in this process and in the workers it forks (the monotonic clock is system-wide)."""
    limit = _state.settings.run_time
    _state.run_ends = time.monotonic() + limit if limit > 0 else None


@contextmanager
def document_time(time_limit: float = 0) -> Iterator[None]:
    """Requests made in the block, by any thread, share the document's network time:
    ``document_time`` seconds, or three quarters of the document's own ``time_limit``
    when that is shorter, so that links are reported one by one before the document
    would be dropped."""
    limit = _state.settings.document_time
    if time_limit > 0:
        limit = min(limit, 0.75 * time_limit) if limit > 0 else 0.75 * time_limit
    _state.document_ends = time.monotonic() + limit if limit > 0 else None
    _state.document_limit = limit
    try:
        yield
    finally:
        _state.document_ends = None


def _time_left() -> tuple[float, str]:
    """Seconds the next request may take, and which limit that is."""
    config = _state.settings
    left = [(config.max_time if config.max_time > 0 else float("inf"),
             f"the time limit of a request ({config.max_time:g} s, WORKBENCH_HTTP_MAX_TIME)")]
    current = time.monotonic()
    if _state.document_ends is not None:
        left.append((_state.document_ends - current, "the document's network time "
                     f"({_state.document_limit:g} s, WORKBENCH_HTTP_DOCUMENT_TIME)"))
    if _state.run_ends is not None:
        left.append((_state.run_ends - current, f"the run's network time "
                     f"({config.run_time:g} s, WORKBENCH_HTTP_RUN_TIME)"))
    return min(left)


def _timeouts(given: Any, config: HttpSettings, left: float
              ) -> tuple[float | None, float | None]:
    """Connect and read timeouts: as the caller gave them (one number or a pair), else the
    settings', and never past the ``left`` seconds the request has."""
    if given is None:
        given = (config.connect_timeout, config.read_timeout)
    bound = None if left == float("inf") else left
    return tuple(bound if limit is None else min(limit, left)  # type: ignore[return-value]
                 for limit in (given if isinstance(given, tuple) else (given, given)))


def _shown(url: str) -> str:
    """``url`` without the values of secret parameters (API keys), for messages."""
    parts = urlsplit(url)
    if not parts.query:
        return url
    query = "&".join(pair if pair.split("=", 1)[0] not in SECRET_PARAMS
                     else pair.split("=", 1)[0] + "=..." for pair in parts.query.split("&"))
    return parts._replace(query=query).geturl()


def _read_body(response: Any, limit: int, what: str) -> None:
    """Read the body of a streamed ``response`` into it, refusing more than ``limit``
    bytes (as announced, or as they arrive)."""
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limit:
        response.close()
        raise NetworkError(f"{what}: the answer is {megabytes(int(declared))}, over the "
                           f"{megabytes(limit)} limit (WORKBENCH_HTTP_MAX_SIZE)")
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_content(CHUNK_BYTES):
        size += len(chunk)
        if size > limit:
            response.close()
            raise NetworkError(f"{what}: the answer is over the {megabytes(limit)} limit "
                               "(WORKBENCH_HTTP_MAX_SIZE); stopped reading")
        chunks.append(chunk)
    response._content = b"".join(chunks)


# --------------------------------------------------------------------------------------
# Per-host politeness and failure memory
# --------------------------------------------------------------------------------------


@dataclass
class HostLimits:
    """At most ``concurrency`` requests in flight per host, starts ``interval`` s apart."""

    concurrency: int
    interval: float
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _next: dict[str, float] = field(default_factory=dict)
    _slots: dict[str, threading.BoundedSemaphore] = field(default_factory=dict)
    _failures: Counter[str] = field(default_factory=Counter)
    _resting: dict[str, tuple[float, str]] = field(default_factory=dict)

    @contextmanager
    def slot(self, host: str) -> Iterator[None]:
        """Wait for a free slot and the host's next start time, then hold the slot."""
        with self._lock:
            slots = self._slots.setdefault(host, threading.BoundedSemaphore(self.concurrency))
        with slots:
            with self._lock:
                start = max(time.monotonic(), self._next.get(host, 0.0))
                self._next[host] = start + self.interval
            delay = start - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            yield

    def failed(self, host: str) -> int:
        """Count a timeout or connection failure of ``host``; return the count."""
        with self._lock:
            self._failures[host] += 1
            return self._failures[host]

    def succeeded(self, host: str) -> None:
        """Forget the failures of ``host``."""
        with self._lock:
            self._failures.pop(host, None)

    def failures(self, host: str) -> int:
        """Consecutive failures of ``host`` so far."""
        with self._lock:
            return self._failures[host]

    def rest(self, host: str, seconds: float, why: str) -> None:
        """Ask ``host`` nothing more for ``seconds`` (it said so: ``why``)."""
        with self._lock:
            self._resting[host] = (time.monotonic() + seconds, why)

    def resting(self, host: str) -> str | None:
        """Why ``host`` is not to be asked now, if it is not."""
        with self._lock:
            until, why = self._resting.get(host, (0.0, ""))
        return why if until > time.monotonic() else None


@dataclass
class _State:
    settings: HttpSettings = field(default_factory=HttpSettings.from_env)
    session: Any = None
    counts: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)
    run_ends: float | None = None  # time.monotonic() values; None: no limit
    document_ends: float | None = None
    document_limit: float = 0.0


_state = _State()


def configure(**changes: Any) -> HttpSettings:
    """Change the settings (``configure(allow=("127.0.0.1",))``); the next request uses them.

    With no argument, re-read the environment. Closes the current session and clears the
    counters.
    """
    reset()
    _state.settings = replace(HttpSettings.from_env(), **changes)
    return _state.settings


def reset() -> None:
    """Close the shared session; the next request opens a new one (with a fresh policy)."""
    with _state.lock:
        if _state.session is not None:
            _state.session.close()
        _state.session = None
        _state.counts.clear()
        _state.run_ends = None


def settings() -> HttpSettings:
    """The settings in force."""
    return _state.settings


def counts() -> dict[str, int]:
    """``{"network": requests sent, "cached": answered from the cache}`` since the reset."""
    with _state.lock:
        return {"network": _state.counts["network"], "cached": _state.counts["cached"]}


def _count(key: str) -> None:
    with _state.lock:
        _state.counts[key] += 1


def cache_key(request: Any, **_: Any) -> str:
    """The cache key of a request: method, URL without credentials, and body.

    Cheaper than requests-cache's default normalisation (a few ms per request adds up
    over hundreds of links), and an API key never ends up in the key.
    """
    parts = urlsplit(request.url)
    query = "&".join(pair for pair in parts.query.split("&")
                     if pair and pair.split("=", 1)[0] not in SECRET_PARAMS)
    body = request.body or b""
    if isinstance(body, str):
        body = body.encode("utf-8")
    head = f"{request.method} {parts.scheme}://{parts.netloc.lower()}{parts.path}?{query}"
    return hashlib.blake2b(head.encode("utf-8") + b"\0" + body, digest_size=16).hexdigest()


def _retry_after(response: Any) -> float | None:
    """The seconds a 429 or 5xx answer's ``Retry-After`` asks for, if it says."""
    from email.utils import parsedate_to_datetime

    value = response.headers.get("Retry-After", "").strip()
    if response.status_code not in RETRY_STATUSES or not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - time.time())


def _build_session(config: HttpSettings) -> Any:
    import logging
    from urllib.request import getproxies

    import requests
    import requests_cache
    from requests.adapters import HTTPAdapter
    from requests_cache.policy.settings import DEFAULT_IGNORED_PARAMS
    from urllib3.connection import HTTPConnection, HTTPSConnection
    from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
    from urllib3.exceptions import MaxRetryError, ResponseError
    from urllib3.util.retry import Retry

    limits = HostLimits(config.host_concurrency, config.host_interval)
    urllib3_log = logging.getLogger("urllib3")
    if urllib3_log.level == logging.NOTSET:  # retries are reported by our own errors
        urllib3_log.setLevel(logging.ERROR)

    class GuardedHTTPPool(HTTPConnectionPool):
        ConnectionCls = _guarded_connection(HTTPConnection)

    class GuardedHTTPSPool(HTTPSConnectionPool):
        ConnectionCls = _guarded_connection(HTTPSConnection)

    class PoliteAdapter(HTTPAdapter):
        """Waits for the host's slot, bounds time and size, counts sends.

        The answer is read here, within the request's time and size limits, so that
        neither the cache nor the caller ever reads an unbounded body.
        """

        def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
            super().init_poolmanager(*args, **kwargs)
            self.poolmanager.pool_classes_by_scheme = {"http": GuardedHTTPPool,
                                                       "https": GuardedHTTPSPool}

        def send(self, request: Any, **kwargs: Any) -> Any:  # type: ignore[override]
            key = urlsplit(request.url).netloc
            what = f"{request.method} {_shown(request.url)}"
            if limits.failures(key) >= config.failures_before_skip:
                raise NetworkError(f"{key}: skipped after {limits.failures(key)} failed "
                                   "connections in this run")
            resting = limits.resting(key)
            if resting:
                raise NetworkError(f"{what}: not sent: {key} {resting}")
            with limits.slot(key):
                left, limit = _time_left()
                if left <= 0:
                    raise NetworkError(f"{what}: not sent: {limit} ran out")
                kwargs.update(timeout=_timeouts(kwargs.get("timeout"), config, left),
                              stream=True)
                _count("network")
                with _Watchdog(left) as watchdog:
                    try:
                        response = super().send(request, **kwargs)
                        _read_body(response, getattr(_current, "max_bytes", None)
                                   or config.max_bytes, what)
                    except (requests.RequestException, NetworkError) as error:
                        if watchdog.expired:
                            raise NetworkError(f"{what}: stopped: {limit} ran out"
                                               ) from None
                        if isinstance(error, requests.Timeout | requests.ConnectionError):
                            limits.failed(key)
                        raise
            limits.succeeded(key)
            wait = _retry_after(response)
            if wait is not None and wait > config.max_retry_after:
                limits.rest(key, wait, f"asked to wait {wait:g} s (HTTP "
                            f"{response.status_code} with Retry-After); not asked again "
                            "until then")
            return response

    class BoundedRetry(Retry):
        """Waits as ``Retry-After`` says when that is at most ``max_retry_after`` seconds;
        a longer wait ends the retries (the adapter then leaves the host alone)."""

        def increment(self, method: str | None = None, url: str | None = None,
                      response: Any = None, error: Exception | None = None,
                      _pool: Any = None, _stacktrace: Any = None) -> Any:
            wait = None if response is None else self.get_retry_after(response)
            if wait is not None and wait > config.max_retry_after:
                raise MaxRetryError(_pool, url or "", ResponseError(
                    f"Retry-After {wait:g} s is longer than {config.max_retry_after} s"))
            return super().increment(method, url, response, error, _pool, _stacktrace)

    class GuardedSession(requests_cache.CachedSession):
        """Checks every request's address before its cached answer may be served."""

        def send(self, request: Any, **kwargs: Any) -> Any:  # type: ignore[override]
            check_url(request.url)
            return super().send(request, **kwargs)

    retry = BoundedRetry(total=config.retries, connect=1, read=1,
                         status=config.retries, backoff_factor=config.backoff,
                         backoff_max=config.max_retry_after, status_forcelist=RETRY_STATUSES,
                         allowed_methods=("GET", "HEAD"), respect_retry_after_header=True,
                         raise_on_status=False)
    path = config.cache_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise NetworkError(f"{path.parent}: cannot create the cache directory "
                           f"({error.strerror})") from None
    session = GuardedSession(
        str(path), backend="sqlite", expire_after=config.cache_ttl,
        allowable_codes=CACHED_STATUSES, allowable_methods=("GET", "HEAD"),
        ignored_parameters=(*DEFAULT_IGNORED_PARAMS, *SECRET_PARAMS), key_fn=cache_key,
        cache_control=False,
        wal=True)
    adapter = PoliteAdapter(max_retries=retry, pool_connections=config.max_workers,
                            pool_maxsize=config.max_workers)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    if not getproxies():  # reading proxy variables on every request costs ~2 ms each
        session.trust_env = False
        bundle = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE")
        if bundle:
            session.verify = bundle
    contact = f"; {config.contact}" if config.contact else ""
    session.headers["User-Agent"] = (f"workbench/{__version__} (editorial fact-check "
                                     f"workbench{contact}) python-requests/"
                                     f"{requests.__version__}")
    return session


def session() -> Any:
    """The process-wide ``requests_cache.CachedSession`` with the policy applied."""
    with _state.lock:
        if _state.session is None:
            _state.session = _build_session(_state.settings)
        return _state.session


def _describe(error: Exception, method: str, url: str) -> NetworkError:
    """A one-line :class:`NetworkError` for a requests exception."""
    import requests

    config = _state.settings
    if isinstance(error, NetworkError):
        return error
    if isinstance(error, requests.ConnectTimeout):
        problem = f"no connection within {config.connect_timeout:g} s"
    elif isinstance(error, requests.ReadTimeout):
        problem = f"no answer within {config.read_timeout:g} s"
    elif isinstance(error, requests.TooManyRedirects):
        problem = "too many redirects"
    elif isinstance(error, requests.ConnectionError):
        reason = error.args[0] if error.args else error
        reason = getattr(reason, "reason", reason)
        if type(reason).__name__ == "ReadTimeoutError":
            problem = f"no answer within {config.read_timeout:g} s"
        else:
            problem = f"cannot connect ({type(reason).__name__})"
    else:
        problem = f"{type(error).__name__}: {error}"
    return NetworkError(f"{method} {url}: {problem}")


def fetch(method: str, url: str, *, max_bytes: int | None = None, **kwargs: Any) -> Any:
    """Send one request through the shared session; failures raise :class:`NetworkError`.

    An HTTP error status is not a failure here: the response is returned for the caller
    to judge. ``max_bytes`` replaces the settings' size limit for this request (a page
    loaded as an input has the input size limit, say).
    """
    import requests

    _current.max_bytes = max_bytes
    try:
        response = session().request(method, url, **kwargs)
    except (requests.RequestException, NetworkError) as error:
        raise _describe(error, method, url) from None
    finally:
        _current.max_bytes = None
    if getattr(response, "from_cache", False):
        _count("cached")
    return response


def fetched_at(response: Any) -> str:
    """When ``response`` came from the network (RFC 3339 UTC): now, or its cache time."""
    created = getattr(response, "created_at", None) if getattr(response, "from_cache",
                                                               False) else None
    if created is None:
        return now()
    if created.tzinfo is not None:
        created = created.astimezone(UTC).replace(tzinfo=None)
    return created.strftime("%Y-%m-%dT%H:%M:%SZ")


def get_json(url: str, params: dict[str, Any] | None = None, **kwargs: Any) -> Any:
    """GET ``url`` and return its JSON; an error status or malformed JSON is a NetworkError."""
    response = fetch("GET", url, params=params, **kwargs)
    shown = url.split("?", 1)[0]
    if response.status_code >= 400:
        wait = _retry_after(response)
        raise NetworkError(f"GET {shown}: HTTP {response.status_code} {response.reason or ''}"
                           .rstrip() + (f" (the host asks to wait {wait:g} s)" if wait else ""))
    try:
        return response.json()
    except ValueError:
        raise NetworkError(f"GET {shown}: malformed JSON in the answer") from None


def map_bounded(function: Callable[[T], R], items: Iterable[T],
                max_workers: int | None = None) -> list[R]:
    """``[function(item) for item in items]`` on a bounded thread pool, results in order."""
    items = list(items)
    workers = min(max_workers or _state.settings.max_workers, len(items))
    if workers <= 1:
        return [function(item) for item in items]
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="workbench-net") as pool:
        return list(pool.map(function, items))
