"""Run the desk's WSGI application on waitress, in the foreground or in a thread.

waitress is a production WSGI server in pure Python: it reads each request whole before a
worker thread sees it (a slow client holds no thread), limits request bodies, and closes
idle connections.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Running:
    """A server listening on ``host``:``port`` (its loop runs in :meth:`run` or a thread)."""

    server: Any
    host: str
    port: int
    thread: threading.Thread | None = field(default=None)

    @property
    def url(self) -> str:
        """The server's base URL, without a trailing slash."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def run(self) -> None:
        """Serve in this thread until :meth:`stop` (or Ctrl-C)."""
        self.server.run()

    def stop(self, timeout: float = 10.0) -> None:
        """Close every connection and the listening socket, finish the requests being
        answered and end the serving loop (from any thread)."""
        def close_all() -> None:  # runs in the serving loop's thread
            for channel in list(self.server._map.values()):
                channel.close()

        self.server.trigger.pull_trigger(close_all)
        if self.thread is not None:
            self.thread.join(timeout)
        self.server.task_dispatcher.shutdown()


def start(app: Any, host: str = "127.0.0.1", port: int = 8000, *, threads: int = 8,
          max_body: int = 1 << 20, trusted_proxy: str | None = None,
          background: bool = False) -> Running:
    """Bind ``app`` to ``host``:``port`` (``0``: any free port) with ``threads`` workers.

    :param max_body: the largest request body accepted (larger ones get 413).
    :param trusted_proxy: the address of a reverse proxy whose ``X-Forwarded-Proto``,
        ``-For`` and ``-Host`` headers are believed (so cookies are marked Secure behind
        HTTPS).
    :param background: serve in a daemon thread at once (tests, benchmarks).
    """
    from waitress.server import create_server

    options: dict[str, Any] = {"host": host, "port": port, "threads": threads,
                               "max_request_body_size": max_body, "ident": "workbench",
                               "clear_untrusted_proxy_headers": True}
    if trusted_proxy:
        options.update(trusted_proxy=trusted_proxy,
                       trusted_proxy_headers={"x-forwarded-proto", "x-forwarded-for",
                                              "x-forwarded-host"})
    server: Any = create_server(app, **options)
    # A name with several addresses gets one socket each (and no single port to report).
    running = Running(server, host, getattr(server, "effective_port", port))
    if background:
        running.thread = threading.Thread(target=server.run, name="workbench-serve",
                                          daemon=True)
        running.thread.start()
    return running
