"""The people of the SQL stores: users, their API tokens and sign-in sessions.

Only digests are kept (argon2 hashes of passwords, SHA-256 of tokens and session ids);
removing a user removes their tokens and sessions, and a new password ends their sessions.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

from workbench.records import now
from workbench.store.base import Conflict, UnknownRecord, User
from workbench.store.sqlite_faults import reported

USER_COLUMNS = ("u.name, u.role, u.password_hash, u.created, "
                "(SELECT count(*) FROM api_tokens a WHERE a.user_seq = u.seq)")
USER_SELECT = f"SELECT {USER_COLUMNS} FROM users u"


class PeopleTables:
    """The people methods of :class:`workbench.store.sql.SQLStore`, for SQLite and
    PostgreSQL alike (a mixin: it needs the store's connection and its write
    transactions)."""

    location: str
    _db: Any
    _write: Callable[[], AbstractContextManager[Any]]  # the store's write transaction

    def _user(self, row: tuple[Any, ...] | None) -> User | None:
        if row is None:
            return None
        name, role, password_hash, created, tokens = row
        return User(name, role, password_hash, created, tokens)

    @reported
    def add_user(self, name: str, role: str, password_hash: str) -> None:
        """Add a user."""
        with self._write() as db:
            if db.execute("SELECT 1 FROM users WHERE name = ?", (name,)).fetchone():
                raise Conflict(name, f"there is already a user of this name in {self.location}")
            db.execute("INSERT INTO users (name, role, password_hash, created) "
                       "VALUES (?, ?, ?, ?)", (name, role, password_hash, now()))

    @reported
    def get_user(self, name: str) -> User | None:
        """The user of this name."""
        return self._user(self._db.execute(USER_SELECT + " WHERE u.name = ?", (name,))
                          .fetchone())

    @reported
    def users(self) -> list[User]:
        """Every user, by name."""
        rows = self._db.execute(USER_SELECT + " ORDER BY u.name").fetchall()
        return [user for row in rows if (user := self._user(row)) is not None]

    def _known(self, db: Any, name: str) -> int:
        row = db.execute("SELECT seq FROM users WHERE name = ?", (name,)).fetchone()
        if row is None:
            raise UnknownRecord(name, f"no such user in {self.location}")
        return int(row[0])

    @reported
    def update_user(self, name: str, *, role: str | None = None,
                    password_hash: str | None = None) -> None:
        """Change a user's role or password hash (a new password ends their sessions)."""
        with self._write() as db:
            seq = self._known(db, name)
            if role is not None:
                db.execute("UPDATE users SET role = ? WHERE seq = ?", (role, seq))
            if password_hash is not None:
                db.execute("UPDATE users SET password_hash = ? WHERE seq = ?",
                           (password_hash, seq))
                db.execute("DELETE FROM sessions WHERE user_seq = ?", (seq,))

    @reported
    def remove_user(self, name: str) -> None:
        """Remove a user, their tokens and sessions."""
        with self._write() as db:
            seq = self._known(db, name)
            db.execute("DELETE FROM api_tokens WHERE user_seq = ?", (seq,))
            db.execute("DELETE FROM sessions WHERE user_seq = ?", (seq,))
            db.execute("DELETE FROM users WHERE seq = ?", (seq,))

    @reported
    def add_token(self, name: str, token_hash: str, label: str) -> None:
        """Give a user an API token."""
        with self._write() as db:
            seq = self._known(db, name)
            db.execute("INSERT INTO api_tokens (user_seq, token_hash, label, created) "
                       "VALUES (?, ?, ?, ?)", (seq, token_hash, label, now()))

    @reported
    def revoke_tokens(self, name: str) -> int:
        """Remove a user's API tokens."""
        with self._write() as db:
            seq = self._known(db, name)
            return db.execute("DELETE FROM api_tokens WHERE user_seq = ?", (seq,)).rowcount

    @reported
    def token_user(self, token_hash: str) -> User | None:
        """The holder of an API token."""
        return self._user(self._db.execute(
            USER_SELECT + " JOIN api_tokens k ON k.user_seq = u.seq WHERE k.token_hash = ?",
            (token_hash,)).fetchone())

    @reported
    def add_session(self, session_hash: str, name: str, csrf: str, expires: str) -> None:
        """Open a session (and forget the expired ones)."""
        with self._write() as db:
            seq = self._known(db, name)
            at = now()
            db.execute("DELETE FROM sessions WHERE expires <= ?", (at,))
            db.execute("INSERT INTO sessions (session_hash, user_seq, csrf, created, expires) "
                       "VALUES (?, ?, ?, ?, ?)", (session_hash, seq, csrf, at, expires))

    @reported
    def get_session(self, session_hash: str, at: str) -> tuple[User, str] | None:
        """An open session's user and form token."""
        row = self._db.execute(
            f"SELECT s.csrf, {USER_COLUMNS} FROM users u JOIN sessions s ON s.user_seq = u.seq "
            "WHERE s.session_hash = ? AND s.expires > ?", (session_hash, at)).fetchone()
        if row is None:
            return None
        user = self._user(row[1:])
        assert user is not None
        return user, row[0]

    @reported
    def end_session(self, session_hash: str) -> None:
        """Close a session."""
        with self._write() as db:
            db.execute("DELETE FROM sessions WHERE session_hash = ? OR expires <= ?",
                       (session_hash, now()))
