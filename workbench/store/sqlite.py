"""The SQLite backend of the claim store.

One file; WAL journal (readers never wait for the writer; ``synchronous=NORMAL``, which
in WAL mode survives a crashed process), foreign keys on, and every write in one
``BEGIN IMMEDIATE`` transaction, so concurrent writers queue instead of losing updates: a
writer that finds the database busy retries every few milliseconds for up to 30 s
(SQLite's own busy handler backs off to 100 ms sleeps, which makes queues crawl).
The tables and queries are those of :mod:`workbench.store.sql`.
"""

from __future__ import annotations

import os
import random
import sqlite3
import stat
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

from workbench.records import now
from workbench.store.base import StoreError
from workbench.store.migrations import MIGRATIONS
from workbench.store.sql import SCHEMA_VERSION, SQLStore
from workbench.store.sqlite_faults import explain, storage_fault

BUSY_WAIT_MS = 20      # SQLite's own wait for a lock, before our retry loop takes over
WRITE_TIMEOUT = 30.0   # seconds a writer waits for its turn
CACHE_KIB = 65536      # page cache limit: index pages of a large store stay in memory
# Copy the WAL back into the database (and fsync) every ~40 MB instead of SQLite's 4 MB:
# a document of a thousand claims fills 4 MB, so bulk loads checkpointed at every commit.
CHECKPOINT_PAGES = 10000


def _writable(path: Path) -> bool:
    """False when the file has no write permission bits or the process may not write it.

    Permission bits are honoured even for root, so a file marked read-only stays so.
    """
    return bool(path.stat().st_mode & 0o222) and os.access(path, os.W_OK)


def _casefold(text: str | None) -> str | None:
    """SQL ``casefold(text)``: Python's case folding (SQLite's ``lower`` knows only ASCII)."""
    return None if text is None else text.casefold()


class SQLiteStore(SQLStore):
    """A store in one SQLite file.

    A storage fault (a damaged page, a lock held too long, a full disk) met by any
    operation is reported as a :class:`StoreError` naming the file.
    """

    integrity_errors = (sqlite3.IntegrityError,)

    def __init__(self, location: str, *, create: bool = False) -> None:
        self.location = location
        path = Path(location)
        if path.is_dir():
            raise StoreError(location, "is a folder, not a database file")
        exists = path.exists()
        if not exists and not create:
            raise StoreError(location, "no store here (create one with "
                                       "`workbench check FILE --store`)")
        if not exists and not path.absolute().parent.is_dir():
            raise StoreError(location, f"folder {path.parent} does not exist")
        self.read_only = exists and not _writable(path)
        uri = f"file:{quote(str(path.absolute()))}" + ("?mode=ro" if self.read_only else "")
        try:
            self._db = sqlite3.connect(uri, uri=True, isolation_level=None,
                                       timeout=BUSY_WAIT_MS / 1000)
        except sqlite3.Error as error:
            raise StoreError(location, f"cannot open: {error}") from None
        try:
            self._db.execute(f"PRAGMA busy_timeout = {BUSY_WAIT_MS}")
            self._db.execute("PRAGMA foreign_keys = ON")
            self._db.execute("PRAGMA synchronous = NORMAL")
            self._db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
            self._db.execute(f"PRAGMA wal_autocheckpoint = {CHECKPOINT_PAGES}")
            self._db.create_function("casefold", 1, _casefold, deterministic=True)
            self._prepare(create)
        except sqlite3.Error as error:
            self._db.close()
            raise StoreError(location, explain(error)) from None
        except StoreError:
            self._db.close()
            raise

    # ---- opening and migrating ------------------------------------------------------

    def _prepare(self, create: bool) -> None:
        tables = {row[0] for row in self._db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not tables:
            if not create:
                raise StoreError(self.location, "empty database: not a Workbench store yet "
                                                "(create one with `workbench check FILE --store`)")
            version = 0
        elif "schema_version" not in tables:
            raise StoreError(self.location, "not a Workbench store (no schema_version table)")
        else:
            version = self._db.execute("SELECT max(version) FROM schema_version").fetchone()[0]
        self._upgrade_from(version)

    def _migrate(self) -> None:
        if self.read_only:
            raise StoreError(self.location, "needs a schema upgrade but is read-only")
        self._db.execute("PRAGMA journal_mode = WAL")
        with self._write() as db:
            db.execute("CREATE TABLE IF NOT EXISTS schema_version "
                       "(version INTEGER PRIMARY KEY, applied TEXT NOT NULL)")
            current = db.execute("SELECT coalesce(max(version), 0) FROM schema_version"
                                 ).fetchone()[0]
            for version in range(current + 1, SCHEMA_VERSION + 1):
                for step in MIGRATIONS[version]:
                    if isinstance(step, str):
                        db.execute(step)
                    else:
                        step(db)
                db.execute("INSERT INTO schema_version VALUES (?, ?)", (version, now()))

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken at once so concurrent writers queue."""
        if self.read_only:
            raise StoreError(self.location, "the database file is read-only")
        deadline = time.monotonic() + WRITE_TIMEOUT
        while True:
            try:
                self._db.execute("BEGIN IMMEDIATE")
                break
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or time.monotonic() > deadline:
                    raise StoreError(self.location,
                                     f"cannot write: {explain(error)}") from None
                time.sleep(random.uniform(0.0005, 0.003))
        try:
            yield self._db
            self._db.execute("COMMIT")
        except sqlite3.Error as error:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            raise StoreError(self.location, f"cannot write: {explain(error)}") from None
        except BaseException:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            raise

    def _data_version(self) -> Any:
        """SQLite's count of changes made by other connections."""
        return self._db.execute("PRAGMA data_version").fetchone()[0]

    @contextmanager
    def _snapshot(self) -> Iterator[sqlite3.Connection]:
        """A read transaction (WAL: writers go on meanwhile)."""
        self._db.execute("BEGIN")
        try:
            yield self._db
        finally:
            self._db.execute("COMMIT")

    def close(self) -> None:
        """Close the connection."""
        self._db.close()

    # ---- maintenance ----------------------------------------------------------------

    def backup(self, destination: str) -> None:
        """Copy the store with SQLite's online backup API, then rename into place.

        The copy gets the store file's permission bits (the temporary file it is written
        to is private until then).
        """
        path = Path(destination)
        folder = path.absolute().parent
        if not folder.is_dir():
            raise StoreError(destination, f"folder {path.parent} does not exist")
        if path.exists() and path.resolve() == Path(self.location).resolve():
            raise StoreError(destination, "is the store itself")
        try:
            handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.",
                                                 suffix=".tmp")
            os.close(handle)
        except OSError as error:
            raise StoreError(destination, f"cannot write here: {error.strerror}") from None
        try:
            target = sqlite3.connect(temporary)
            try:
                self._db.backup(target)
            finally:
                target.close()
            os.chmod(temporary, stat.S_IMODE(os.stat(self.location).st_mode))
            os.replace(temporary, path)
        except (OSError, sqlite3.Error) as error:
            Path(temporary).unlink(missing_ok=True)
            raise StoreError(destination, f"cannot write the backup: {error}") from None

    def check(self) -> list[str]:
        """Integrity and foreign-key checks, then every record against its schema.

        A damaged file that SQLite cannot even walk is one problem, said in one line.
        """
        try:
            problems = [row[0] for row in self._db.execute("PRAGMA integrity_check")
                        if row[0] != "ok"]
            problems += [f"{table} row {rowid}: broken reference to {parent}"
                         for table, rowid, parent, _ in
                         self._db.execute("PRAGMA foreign_key_check")]
            return problems + self._record_problems()
        except sqlite3.DatabaseError as error:
            if not storage_fault(error):
                raise
            return [explain(error)]
