"""Copy a whole store into a new one, between SQLite and PostgreSQL in either direction.

Every table is copied row for row with its sequence numbers (claim ids, audit entries,
users, tokens, sessions and the schema version), so the copy answers every command as
the original does. The source is read in one snapshot; the destination is written in one
transaction: all of it or nothing. A SQLite destination is a new file, written next to
its name and renamed into place when complete; a PostgreSQL destination must hold no
store yet, or an empty one.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import Any

from workbench.store.base import StoreError
from workbench.store.sql import SCHEMA_VERSION, SQLStore

# The tables of schema version 3 with their columns, in an order that keeps references
# valid (documents name their successor in a second pass).
TABLES: dict[str, tuple[str, ...]] = {
    "documents": ("seq", "id", "uri", "stored", "superseded_by", "record"),
    "claims": ("seq", "id", "document_id", "status", "assignee", "start", "reviewed",
               "record", "created", "kinds", "stale"),
    "verdicts": ("seq", "claim_seq", "origin", "record"),
    "notes": ("seq", "claim_seq", "record"),
    "audit": ("seq", "claim_seq", "actor", "at", "action", "before", "after"),
    "users": ("seq", "name", "role", "password_hash", "created"),
    "api_tokens": ("seq", "user_seq", "token_hash", "label", "created"),
    "sessions": ("session_hash", "user_seq", "csrf", "created", "expires"),
}
BATCH = 2000  # rows per executemany


def _opened(location: str) -> SQLStore:
    from workbench.store import open_store

    store = open_store(location)
    assert isinstance(store, SQLStore)
    return store


def _new(location: str) -> SQLStore:
    from workbench.store import open_store

    store = open_store(location, create=True)
    assert isinstance(store, SQLStore)
    return store


def copy_store(source: SQLStore, destination: str) -> dict[str, int]:
    """Copy ``source`` into a new store at ``destination``; rows copied per table."""
    from workbench.store import is_postgres

    if is_postgres(destination):
        target = _new(destination)
        try:
            return _copy(source, target)
        finally:
            target.close()
    path = Path(destination)
    if path.exists():
        raise StoreError(destination, "exists: copy into a new file (or remove it first)")
    if not path.absolute().parent.is_dir():
        raise StoreError(destination, f"folder {path.parent} does not exist")
    partial = path.with_name(f".{path.name}.{os.getpid()}.copying")
    try:
        target = _new(str(partial))
        try:
            counts = _copy(source, target)
        finally:
            target.close()
        for leftover in (Path(f"{partial}-wal"), Path(f"{partial}-shm")):
            leftover.unlink(missing_ok=True)
        os.replace(partial, path)
    except BaseException:
        for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
            leftover.unlink(missing_ok=True)
        raise
    return counts


def copy_between(source: str, destination: str) -> dict[str, int]:
    """``workbench db copy SOURCE DESTINATION``: rows copied per table."""
    if source == destination:
        raise StoreError(destination, "is the source itself")
    store = _opened(source)
    try:
        return copy_store(store, destination)
    finally:
        store.close()


def _batches(rows: Iterator[tuple[Any, ...]]) -> Iterator[list[tuple[Any, ...]]]:
    while batch := list(islice(rows, BATCH)):
        yield batch


def _copy(source: SQLStore, target: SQLStore) -> dict[str, int]:
    """Every row of ``source`` into the empty store ``target``, in one transaction."""
    counts: dict[str, int] = {}
    with source._snapshot(), target._write() as db:
        for table in TABLES:
            if db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]:
                raise StoreError(target.location, f"already holds a store ({table} has "
                                                  "rows): copy into an empty one")
        version = source._db.execute("SELECT max(version) FROM schema_version").fetchone()[0]
        if version != SCHEMA_VERSION:
            raise StoreError(source.location, f"is at schema version {version}, not "
                                              f"{SCHEMA_VERSION}: open it once to upgrade it")
        for table, columns in TABLES.items():
            names = ", ".join(columns)
            order = "seq" if "seq" in columns else columns[0]
            sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(columns))})"
            rows = source._rows(f"SELECT {names} FROM {table} ORDER BY {order}")
            successors: list[tuple[Any, Any]] = []
            count = 0
            for batch in _batches(rows):
                if table == "documents":  # a successor may come later: named afterwards
                    successors += [(row[4], row[1]) for row in batch if row[4] is not None]
                    batch = [(*row[:4], None, row[5]) for row in batch]
                db.executemany(sql, batch)
                count += len(batch)
            if successors:
                db.executemany("UPDATE documents SET superseded_by = ? WHERE id = ?",
                               successors)
            counts[table] = count
        target._after_copy(db)
    return counts
