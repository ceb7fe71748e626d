"""The PostgreSQL backend of the claim store (psycopg 3).

The tables and queries are those of :mod:`workbench.store.sql`, in the database (and
schema, ``options=-csearch_path=...``) the ``postgresql://`` URL names. Every write is one
transaction that first takes the store's transaction-level advisory lock, so writers from
any number of processes and machines queue exactly as SQLite's do (nothing lost, every
audit entry's ``before`` is the previous ``after``), while readers never wait. Errors of
the server or the connection are one-line :class:`StoreError` naming the store (its URL
without the password).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from workbench.records import now
from workbench.store.base import StoreError
from workbench.store.migrations import POSTGRES_MIGRATIONS
from workbench.store.sql import SCHEMA_VERSION, SQLStore

# Verdicts and notes as JSON arrays, as SQLite's json_group_array gives them.
CLAIM_SELECT = """SELECT c.seq, c.id, c.status, c.assignee, c.record,
    coalesce((SELECT json_agg(v.record::json ORDER BY v.seq) FROM verdicts v
              WHERE v.claim_seq = c.seq), '[]')::text,
    coalesce((SELECT json_agg(n.record::json ORDER BY n.seq) FROM notes n
              WHERE n.claim_seq = c.seq), '[]')::text
    FROM claims c"""
# The write lock of the store: one per schema, so that stores side by side do not queue.
LOCK = "SELECT pg_advisory_xact_lock(hashtext(current_schema()))"
CONNECT_TIMEOUT = 10  # seconds


def shown(location: str) -> str:
    """The URL as messages show it: without its password."""
    parts = urlsplit(location)
    if parts.password is None:
        return location
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    user = f"{parts.username}@" if parts.username else ""
    return urlunsplit(parts._replace(netloc=user + host))


def _psycopg() -> Any:
    try:
        import psycopg
    except ImportError:
        raise StoreError("--db", "a PostgreSQL store needs psycopg: pip install "
                                 "'workbench[postgres]'") from None
    return psycopg


class _Connection:
    """psycopg's connection taking ``?`` placeholders, its errors turned into
    :class:`StoreError`."""

    def __init__(self, connection: Any, location: str, errors: Any) -> None:
        self.connection = connection
        self.location = location
        self.errors = errors

    def _sql(self, sql: str, params: Any) -> tuple[str, Any]:
        if not params:
            return sql, None
        return sql.replace("%", "%%").replace("?", "%s"), params

    def execute(self, sql: str, params: Any = None) -> Any:
        """Run one statement; its cursor."""
        query, values = self._sql(sql, params)
        try:
            return self.connection.execute(query, values)
        except (self.errors.OperationalError, self.errors.InterfaceError) as error:
            raise StoreError(self.location, _first_line(error)) from None

    def executemany(self, sql: str, rows: list[Any]) -> None:
        """Run one statement for each of ``rows``."""
        if not rows:
            return
        query, _ = self._sql(sql, rows[0])
        try:
            with self.connection.cursor() as cursor:
                cursor.executemany(query, rows)
        except (self.errors.OperationalError, self.errors.InterfaceError) as error:
            raise StoreError(self.location, _first_line(error)) from None


def _first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


class PostgresStore(SQLStore):
    """A store in a PostgreSQL database."""

    CLAIM_SELECT = CLAIM_SELECT
    CHECKWORTHY = "(c.record::json ->> 'checkworthy') = 'true'"
    TEXT_HOLDS = "strpos(lower(c.record::json ->> 'text'), lower(?)) > 0"
    KINDS_HOLD = "strpos(c.kinds, ?) > 0"
    REVIEWED = CLAIM_SELECT + " WHERE c.reviewed = 1"

    def __init__(self, location: str, *, create: bool = False) -> None:
        self.url = location
        self.location = shown(location)
        psycopg = _psycopg()
        self.integrity_errors = (psycopg.IntegrityError,)
        try:
            connection = psycopg.connect(location, autocommit=True,
                                         connect_timeout=CONNECT_TIMEOUT)
        except psycopg.Error as error:
            raise StoreError(self.location, f"cannot connect: {_first_line(error)}") from None
        except Exception as error:  # a malformed URL
            raise StoreError(self.location, f"not a PostgreSQL URL: {error}") from None
        self._db = _Connection(connection, self.location, psycopg)
        try:
            self._prepare(create)
        except BaseException:
            connection.close()
            raise

    def _tables(self) -> set[str]:
        return {row[0] for row in self._db.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = current_schema()")}

    def _version(self) -> int:
        return int(self._db.execute("SELECT coalesce(max(version), 0) FROM schema_version"
                                    ).fetchone()[0])

    def _prepare(self, create: bool) -> None:
        tables = self._tables()
        if not tables and not create:
            raise StoreError(self.location, "empty database: not a Workbench store yet "
                                            "(create one with `workbench check FILE --store`)")
        if tables and "schema_version" not in tables:
            raise StoreError(self.location, "not a Workbench store (no schema_version table)")
        version = self._version() if tables else 0
        self._upgrade_from(version)

    def _migrate(self) -> None:
        with self._write() as db:  # under the lock: two first runs cannot both create it
            db.execute("CREATE TABLE IF NOT EXISTS schema_version "
                       "(version INTEGER PRIMARY KEY, applied TEXT NOT NULL)")
            current = self._version()
            first = min(POSTGRES_MIGRATIONS)
            if 0 < current < first:
                raise StoreError(self.location, f"store schema version {current} predates "
                                                "PostgreSQL stores; this cannot happen")
            for version in range(max(current + 1, first), SCHEMA_VERSION + 1):
                for step in POSTGRES_MIGRATIONS.get(version, []):
                    db.execute(step)
                db.execute("INSERT INTO schema_version VALUES (?, ?)", (version, now()))

    @contextmanager
    def _write(self) -> Iterator[_Connection]:
        """One transaction holding the store's write lock; rolled back on any error."""
        psycopg = self._db.errors
        try:
            with self._db.connection.transaction():
                self._db.execute(LOCK)
                yield self._db
        except psycopg.Error as error:
            raise StoreError(self.location, f"cannot write: {_first_line(error)}") from None

    def _data_version(self) -> Any:
        """The newest audit entry: every change to what newsroom memory reads writes one."""
        return self._db.execute("SELECT max(seq) FROM audit").fetchone()[0]

    @contextmanager
    def _snapshot(self) -> Iterator[_Connection]:
        """A read-only transaction that sees one snapshot of the whole store."""
        self._db.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        try:
            yield self._db
        finally:
            self._db.execute("COMMIT")

    def _rows(self, sql: str, params: Any = ()) -> Iterator[tuple[Any, ...]]:
        """The rows of a query through a server-side cursor, in a transaction of its own
        (or the snapshot's), fetched a few hundred at a time: a million rows are never in
        memory at once, and the first ones come at once."""
        query, values = self._db._sql(sql, params)
        psycopg = self._db.errors
        try:
            with self._db.connection.transaction(), \
                    self._db.connection.cursor(name="workbench_rows") as cursor:
                cursor.itersize = 500
                cursor.execute(query, values)
                yield from cursor
        except (psycopg.OperationalError, psycopg.InterfaceError) as error:
            raise StoreError(self.location, _first_line(error)) from None

    def _after_copy(self, db: Any) -> None:
        """Start each identity column after the largest sequence number copied in."""
        for table in ("documents", "verdicts", "notes", "audit", "users", "api_tokens"):
            db.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'seq'), "
                       f"coalesce(max(seq), 0) + 1, false) FROM {table}")

    def close(self) -> None:
        """Close the connection."""
        self._db.connection.close()

    # ---- maintenance ----------------------------------------------------------------

    def backup(self, destination: str) -> None:
        """Copy the whole store, in one snapshot, into a new SQLite file ``destination``
        (written atomically); ``pg_dump`` is the server's own way."""
        from workbench.store.copy import copy_store

        copy_store(self, destination)

    def check(self) -> list[str]:
        """Every record against its schema (PostgreSQL enforces the references)."""
        return self._record_problems()
