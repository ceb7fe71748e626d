"""The people of the review desk: roles, what each may do, and the secrets they hold.

Three roles, each allowed what the one before it is:

- ``reviewer``: read everything, export, write notes, give verdicts, take a claim (assign
  it to themselves or give it back) and move it between new, in-review and checked;
- ``editor``: also assign claims to anyone, publish, dismiss and restore them, and check
  articles (the web form and ``POST /api/v1/articles``);
- ``admin``: also manage users.

Passwords are hashed with Argon2id (argon2-cffi, with its default parameters, RFC 9106's
low-memory profile). API tokens and session ids are 256 random bits, kept in the store only
as their SHA-256: a value that cannot be guessed needs no slow hash.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from functools import cache
from typing import Any

from workbench.errors import InputError
from workbench.store.base import TRANSITIONS

ROLES = ("reviewer", "editor", "admin")
ABILITIES = {
    "reviewer": frozenset({"read", "work"}),
    "editor": frozenset({"read", "work", "edit"}),
    "admin": frozenset({"read", "work", "edit", "admin"}),
}
# The moves of the workflow a reviewer may make; editors may make every move.
REVIEWER_MOVES = frozenset({("new", "in-review"), ("in-review", "new"),
                            ("in-review", "checked"), ("checked", "in-review")})
MIN_PASSWORD = 10
MAX_PASSWORD = 1024
USER_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}\Z")
TOKEN_PREFIX = "wbt_"


def may(role: str, ability: str) -> bool:
    """True when ``role`` has ``ability`` (``read``, ``work``, ``edit`` or ``admin``)."""
    return ability in ABILITIES.get(role, frozenset())


def moves(role: str, status: str) -> tuple[str, ...]:
    """The statuses a person of ``role`` may move a claim in ``status`` to."""
    allowed = TRANSITIONS.get(status, ())
    if may(role, "edit"):
        return allowed
    if may(role, "work"):
        return tuple(after for after in allowed if (status, after) in REVIEWER_MOVES)
    return ()


def may_assign(role: str, actor: str, before: str | None, after: str | None) -> bool:
    """True when ``actor`` of ``role`` may change a claim's assignee from ``before`` to
    ``after``: editors always; reviewers only to take an unassigned claim or give back
    their own."""
    if may(role, "edit"):
        return True
    if not may(role, "work"):
        return False
    return (before is None and after == actor) or (before == actor and after is None)


def check_name(name: str) -> str:
    """``name`` when it can name a user (letters, digits, ``.``, ``_``, ``-``; up to 64)."""
    if not USER_NAME.match(name):
        raise InputError(name, "a user name is 1 to 64 letters, digits, '.', '_' or '-', "
                               "starting with a letter or digit")
    return name


def check_role(role: str) -> str:
    """``role`` when it is one of :data:`ROLES`."""
    if role not in ROLES:
        raise InputError(role, f"unknown role (choose from: {', '.join(ROLES)})")
    return role


@cache
def _hasher() -> Any:
    from argon2 import PasswordHasher

    return PasswordHasher()


def hash_password(password: str) -> str:
    """The Argon2id hash of a password of :data:`MIN_PASSWORD` to
    :data:`MAX_PASSWORD` characters."""
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise InputError("password", f"a password has {MIN_PASSWORD} to {MAX_PASSWORD} "
                                     "characters")
    return str(_hasher().hash(password))


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when ``password`` matches ``password_hash``. Without a hash (no such user) a
    hash is still checked, so the answer takes as long either way."""
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return bool(_hasher().verify(password_hash or _decoy(), password[:MAX_PASSWORD])
                    and password_hash is not None)
    except (VerificationError, InvalidHashError):
        return False


@cache
def _decoy() -> str:
    return str(_hasher().hash(secrets.token_urlsafe(16)))


def needs_rehash(password_hash: str) -> bool:
    """True when a stored hash was made with weaker parameters than today's."""
    return bool(_hasher().check_needs_rehash(password_hash))


def new_secret(prefix: str = "") -> str:
    """A random 256-bit value, URL-safe (API tokens start with :data:`TOKEN_PREFIX`)."""
    return prefix + secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    """How the store keeps a token or session id: its SHA-256, in hex."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()
