"""Storage faults of the SQLite store: which errors mean the file (not a query) is at
fault, what to say about them, and decorators that turn them into one-line errors."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Generator, Iterator
from contextlib import contextmanager
from functools import update_wrapper
from typing import Concatenate, ParamSpec, Protocol, TypeVar

from workbench.store.base import StoreError

# Primary SQLite result codes that describe the file or its locks, not a query's mistake.
STORAGE_FAULTS = frozenset({
    sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED,
    sqlite3.SQLITE_IOERR, sqlite3.SQLITE_FULL, sqlite3.SQLITE_READONLY,
    sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PROTOCOL,
})



class Located(Protocol):
    """A store that names its file."""

    location: str


P = ParamSpec("P")
T = TypeVar("T")
S = TypeVar("S", bound=Located)


def storage_fault(error: sqlite3.Error) -> bool:
    """True when ``error`` means the file is damaged, locked or cannot be read or written."""
    code = getattr(error, "sqlite_errorcode", None)
    return type(error) is sqlite3.DatabaseError or "malformed JSON" in str(error) or (
        code is not None and code & 0xFF in STORAGE_FAULTS)


def explain(error: sqlite3.Error) -> str:
    """What a storage fault means for the person using the store."""
    message = str(error)
    if "not a database" in message:
        return f"not a valid SQLite database ({message})"
    if "malformed" in message:
        return f"the database file is damaged ({message}); restore it from a backup"
    if "readonly" in message:
        return "the database is read-only"
    return message


@contextmanager
def _faults_reported(location: str) -> Iterator[None]:
    """Turn a storage fault met in the block into its one-line :class:`StoreError`."""
    try:
        yield
    except sqlite3.DatabaseError as error:
        if not storage_fault(error):
            raise
        raise StoreError(location, explain(error)) from None


def reported(method: Callable[Concatenate[S, P], T]) -> Callable[Concatenate[S, P], T]:
    """Make a storage fault of a store operation its one-line :class:`StoreError`."""

    def call(self: S, /, *args: P.args, **kwargs: P.kwargs) -> T:
        with _faults_reported(self.location):
            return method(self, *args, **kwargs)

    update_wrapper(call, method)
    return call


def reported_iter(method: Callable[Concatenate[S, P], Generator[T, None, None]],
                  ) -> Callable[Concatenate[S, P], Generator[T, None, None]]:
    """:func:`reported` for a generator: faults met while it is iterated are reported."""

    def call(self: S, /, *args: P.args, **kwargs: P.kwargs) -> Generator[T, None, None]:
        with _faults_reported(self.location):
            yield from method(self, *args, **kwargs)

    update_wrapper(call, method)
    return call
