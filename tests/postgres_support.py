"""A real PostgreSQL server for the tests and benchmarks, from the machine's own binaries.

:func:`temporary_server` runs ``initdb`` in a new temporary folder and starts ``postgres``
on a Unix socket in it (no TCP port), then stops it and removes the folder. PostgreSQL
refuses to run as root: under root, the server runs as the unprivileged ``nobody``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

SERVER_USER = "nobody"  # who runs the server when the tests run as root
ROLE = "workbench"      # the database superuser initdb makes, trusted on the socket


def binaries() -> Path | None:
    """The folder of ``initdb``, ``pg_ctl`` and ``postgres``, if PostgreSQL is installed."""
    candidates = []
    if shutil.which("pg_config"):
        found = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True)
        candidates.append(Path(found.stdout.strip()))
    candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
    for folder in candidates:
        if all((folder / name).is_file() for name in ("initdb", "pg_ctl", "postgres")):
            return folder
    return None


def _as_server(command: list[str]) -> list[str]:
    """``command`` run as the server's user: ``nobody`` under root, else ourselves."""
    if os.geteuid() != 0:
        return command
    import pwd

    user = pwd.getpwnam(SERVER_USER)
    return ["setpriv", f"--reuid={user.pw_uid}", f"--regid={user.pw_gid}", "--clear-groups",
            "--", *command]


@contextmanager
def temporary_server(bindir: Path, *, durable: bool = False) -> Iterator[str]:
    """A running server; yields the URL of its ``workbench`` database.

    :param durable: keep PostgreSQL's default durability (fsync, synchronous commits); the
        tests turn it off, as they do not outlive a crash.
    """
    folder = Path(tempfile.mkdtemp(prefix="workbench-pg-"))
    data = folder / "data"
    if os.geteuid() == 0:
        shutil.chown(folder, SERVER_USER)
    environment = {**os.environ, "LC_ALL": "C.UTF-8"}
    subprocess.run(_as_server([str(bindir / "initdb"), "-D", str(data), "-U", ROLE,
                               "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8"]),
                   check=True, capture_output=True, env=environment)
    settings = f"-k {folder} -c listen_addresses='' -c max_connections=200"
    if not durable:
        settings += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    started = subprocess.run(_as_server([str(bindir / "pg_ctl"), "-D", str(data), "-w",
                                         "-l", str(folder / "server.log"), "-o", settings,
                                         "start"]),
                             capture_output=True, text=True, env=environment)
    try:
        if started.returncode != 0:
            log = (folder / "server.log").read_text(errors="replace")
            raise RuntimeError(f"PostgreSQL did not start: {started.stderr}\n{log}")
        import psycopg

        base = f"postgresql://{ROLE}@/{{}}?host={quote(str(folder), safe='')}"
        with psycopg.connect(base.format("postgres"), autocommit=True) as connection:
            connection.execute("CREATE DATABASE workbench")
        yield base.format("workbench")
    finally:
        subprocess.run(_as_server([str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast",
                                   "-w", "stop"]), capture_output=True, env=environment)
        shutil.rmtree(folder, ignore_errors=True)


def in_schema(url: str, schema: str) -> str:
    """``url`` with its tables in ``schema`` (made beforehand) rather than ``public``."""
    return f"{url}&options={quote(f'-csearch_path={schema}', safe='')}"
