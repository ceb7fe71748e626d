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
  for the rest of the run instead of stalling every claim;
- at most a few requests in flight per host, spaced by a minimum interval;
- addresses are checked after DNS resolution, for every redirect hop and again on the
  connected socket: private, loopback, link-local and reserved ones are refused unless
  listed in ``WORKBENCH_HTTP_ALLOW`` (e.g. ``127.0.0.1`` for a local test server).

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
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

from workbench import __version__
from workbench.entrypoints import cache_dir as default_cache_dir
from workbench.errors import WorkbenchError
from workbench.records import now

T = TypeVar("T")
R = TypeVar("R")

SECRET_PARAMS = frozenset({"key", "api_key", "apikey", "access_token"})
RETRY_STATUSES = (429, 500, 502, 503, 504)
CACHED_STATUSES = (200, 203, 300, 301, 302, 303, 307, 308, 404, 410)


class NetworkError(WorkbenchError):
    """A request that failed: timed out, refused, unreachable or answered unusably."""


class AddressRefused(NetworkError):
    """A request to a private, loopback, link-local or reserved address."""


@dataclass(frozen=True)
class HttpSettings:
    """The policy of the shared session (see the module docstring).

    Worst cases: a host that accepts but never answers costs ``2 * read_timeout`` per
    request (one retry), one that never accepts ``2 * connect_timeout``; after
    ``failures_before_skip`` such requests the host is skipped. ``Retry-After`` waits are
    capped at ``max_retry_after`` seconds, and 429/5xx are retried ``retries`` times.
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
    allow: tuple[str, ...] = ()  # networks fetched even though private (tests, intranets)
    contact: str | None = None

    @classmethod
    def from_env(cls) -> HttpSettings:
        """Settings from ``WORKBENCH_CACHE_TTL``, ``_HTTP_ALLOW`` and ``_CONTACT`` (the cache
        folder is :func:`default_cache_dir`, which reads ``WORKBENCH_CACHE_DIR``)."""
        env = os.environ
        allow = tuple(a.strip() for a in env.get("WORKBENCH_HTTP_ALLOW", "").split(",")
                      if a.strip())
        ttl = env.get("WORKBENCH_CACHE_TTL", str(cls.cache_ttl))
        if not ttl.strip().isdigit():
            raise NetworkError(f"WORKBENCH_CACHE_TTL: {ttl!r} is not a number of seconds")
        return cls(cache_ttl=int(ttl),
                   allow=allow, contact=env.get("WORKBENCH_HTTP_CONTACT") or None)

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


def is_refused(address: str, allowed: Iterable[Any] = ()) -> bool:
    """True for an address that is not public (private, loopback, link-local, reserved...)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if any(ip.version == net.version and ip in net for net in allowed):
        return False
    return not ip.is_global or ip.is_multicast


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


def _guarded_connection(base: type) -> type:
    """A urllib3 connection class that refuses a non-public peer once connected."""

    class Guarded(base):  # type: ignore[misc]
        def _new_conn(self) -> socket.socket:
            sock = super()._new_conn()
            if getattr(self, "proxy", None) is not None:
                return sock  # the peer is the user's proxy; the target was checked by name
            peer = sock.getpeername()[0]
            if is_refused(peer, _state.settings.allowed_networks()):
                sock.close()
                raise AddressRefused(f"{self.host} connected to {peer}: refusing a private, "
                                     "loopback or link-local address")
            return sock

    return Guarded


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


@dataclass
class _State:
    settings: HttpSettings = field(default_factory=HttpSettings.from_env)
    session: Any = None
    counts: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)


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


def _build_session(config: HttpSettings) -> Any:
    import logging
    from urllib.request import getproxies

    import requests
    import requests_cache
    from requests.adapters import HTTPAdapter
    from requests_cache.policy.settings import DEFAULT_IGNORED_PARAMS
    from urllib3.connection import HTTPConnection, HTTPSConnection
    from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
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
        """Checks the address, waits for the host's slot, sets timeouts, counts sends."""

        def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
            super().init_poolmanager(*args, **kwargs)
            self.poolmanager.pool_classes_by_scheme = {"http": GuardedHTTPPool,
                                                       "https": GuardedHTTPSPool}

        def send(self, request: Any, **kwargs: Any) -> Any:  # type: ignore[override]
            parts = urlsplit(request.url)
            host = parts.hostname or ""
            key = parts.netloc
            if limits.failures(key) >= config.failures_before_skip:
                raise NetworkError(f"{key}: skipped after {limits.failures(key)} failed "
                                   "connections in this run")
            check_address(host, parts.port or (443 if parts.scheme == "https" else 80))
            if kwargs.get("timeout") is None:
                kwargs["timeout"] = (config.connect_timeout, config.read_timeout)
            with limits.slot(key):
                _count("network")
                try:
                    response = super().send(request, **kwargs)
                except (requests.Timeout, requests.ConnectionError):
                    limits.failed(key)
                    raise
            limits.succeeded(key)
            return response

    class BoundedRetry(Retry):
        """Honours ``Retry-After``, but never waits longer than ``max_retry_after``."""

        def get_retry_after(self, response: Any) -> float | None:
            seconds = super().get_retry_after(response)
            return None if seconds is None else min(seconds, config.max_retry_after)

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
    session = requests_cache.CachedSession(
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


def fetch(method: str, url: str, **kwargs: Any) -> Any:
    """Send one request through the shared session; failures raise :class:`NetworkError`.

    An HTTP error status is not a failure here: the response is returned for the caller
    to judge.
    """
    import requests

    try:
        response = session().request(method, url, **kwargs)
    except (requests.RequestException, NetworkError) as error:
        raise _describe(error, method, url) from None
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
        raise NetworkError(f"GET {shown}: HTTP {response.status_code} {response.reason or ''}"
                           .rstrip())
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
