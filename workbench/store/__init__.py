"""The claim store: documents, claims, verdicts, notes and the audit log, kept between runs.

Commands talk to :class:`workbench.store.base.Store` only; :func:`open_store` picks the
backend from the location: a SQLite file path, or a ``postgresql://`` URL.
"""

from __future__ import annotations

import os

from workbench.store.base import (
    STATUSES,
    TRANSITIONS,
    InvalidTransition,
    Store,
    StoreError,
    UnknownRecord,
)

DEFAULT_DB = "workbench.db"

__all__ = [
    "DEFAULT_DB",
    "STATUSES",
    "TRANSITIONS",
    "InvalidTransition",
    "Store",
    "StoreError",
    "UnknownRecord",
    "default_location",
    "open_store",
]


def default_location() -> str:
    """``$WORKBENCH_DB`` when set, else ``workbench.db`` in the current directory."""
    return os.environ.get("WORKBENCH_DB") or DEFAULT_DB


def open_store(location: str, *, create: bool = False) -> Store:
    """Open the store at ``location``: a SQLite file, or a ``postgresql://`` URL (whose
    database must exist; the store's tables are made in it).

    :param create: make a new, empty store when there is none yet; without it a missing
        store is an error, so read-only commands never leave an empty file behind.
    """
    if is_postgres(location):
        from workbench.store.postgres import PostgresStore

        return PostgresStore(location, create=create)
    from workbench.store.sqlite import SQLiteStore

    return SQLiteStore(location, create=create)


def is_postgres(location: str) -> bool:
    """True when ``location`` names a PostgreSQL database rather than a SQLite file."""
    return location.startswith(("postgresql://", "postgres://"))
