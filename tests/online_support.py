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
