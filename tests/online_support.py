"""Helpers for tests of network plugins: a policy fit for a local server, and a dead server."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from workbench import net

FAST = {"connect_timeout": 0.5, "read_timeout": 0.5, "backoff": 0.01, "max_retry_after": 1,
        "host_interval": 0.0}


def use_local_policy(cache_dir: Path, **changes: object) -> None:
    """Fast timeouts, a private cache, and 127.0.0.1 (only) allowed despite being loopback."""
    net.configure(**{"cache_dir": cache_dir, "allow": ("127.0.0.1",), **FAST, **changes})


@contextmanager
def silent_server() -> Iterator[str]:
    """A server that accepts connections and never answers; yields its base URL."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)  # the kernel completes handshakes; nobody ever reads or replies
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        listener.close()


@contextmanager
def trickling_server(interval: float, duration: float, headers_too: bool = False
                     ) -> Iterator[str]:
    """A server that answers every connection one byte every ``interval`` seconds for
    ``duration`` seconds (its body, or its headers too), then closes it; yields its
    base URL. Each wait is shorter than any read timeout, so only a total limit stops it.
    """
    import threading
    import time

    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    stop = threading.Event()

    def answer(connection: socket.socket) -> None:
        with connection:
            try:
                connection.recv(65536)
                if not headers_too:
                    connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                                       b"Content-Length: 100000\r\n\r\n")
                ends = time.monotonic() + duration
                while time.monotonic() < ends and not stop.is_set():
                    connection.sendall(b"H" if headers_too else b"x")
                    time.sleep(interval)
            except OSError:
                pass  # the client hung up

    def serve() -> None:
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            threading.Thread(target=answer, args=(connection,), daemon=True).start()

    threading.Thread(target=serve, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        listener.close()
