"""The store interface every backend implements, its errors and the editorial workflow."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from types import EllipsisType
from typing import Any

from workbench.errors import WorkbenchError

Record = dict[str, Any]

STATUSES = ("new", "in-review", "checked", "published", "dismissed", "orphaned")

# Which status a person may move a claim to from each status. ``orphaned`` is set only by
# re-anchoring (the claim's text is gone from the article); a person may dismiss it.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "new": ("in-review", "dismissed"),
    "in-review": ("new", "checked", "dismissed"),
    "checked": ("in-review", "published", "dismissed"),
    "published": ("in-review",),
    "dismissed": ("new",),
    "orphaned": ("dismissed",),
}


class StoreError(WorkbenchError):
    """The store cannot be opened or cannot do what was asked."""

    def __init__(self, name: str, problem: str) -> None:
        super().__init__(f"{name}: {problem}")
        self.name = name
        self.problem = problem


class UnknownRecord(StoreError):
    """No claim or document with this id in the store."""


class InvalidTransition(StoreError):
    """A status change the workflow does not allow."""


class Changed(StoreError):
    """The claim is no longer as the person changing it saw it (someone changed it since)."""


class TextChanged(Changed):
    """A reviewer's verdict names a text the claim no longer has (it was re-checked since
    the reviewer read it)."""


class Conflict(StoreError):
    """A record with this name already exists (a user)."""


def check_transition(claim_id: str, before: str, after: str) -> None:
    """Raise :class:`InvalidTransition` unless ``before -> after`` is allowed."""
    if after not in TRANSITIONS.get(before, ()):
        allowed = ", ".join(TRANSITIONS.get(before, ())) or "none"
        raise InvalidTransition(claim_id, f"cannot go from {before} to {after} "
                                          f"(from {before}: {allowed})")


@dataclass(frozen=True)
class ClaimFilter:
    """Which claims :meth:`Store.iter_claims` yields; ``None`` means any."""

    status: str | None = None
    assignee: str | None = None
    document: str | None = None  # a document id or uri (every revision of it)
    kind: str | None = None
    limit: int | None = None
    stale: bool = False  # only claims whose best verdict is a reviewer's gone stale
    checkworthy: bool = False  # only check-worthy claims
    text: str | None = None  # only claims whose text holds this, in any case


@dataclass
class SaveReport:
    """What :meth:`Store.save_entry` did with one checked document."""

    document_id: str
    uri: str
    new: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    reanchored: list[str] = field(default_factory=list)
    orphaned: list[str] = field(default_factory=list)
    suggestions: list[Record] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)  # carried claims whose text changed
    # Carried claims whose reviewers' verdicts went stale: {"claim", "verdicts", "text"}.
    stale: list[Record] = field(default_factory=list)
    # New claims rewording an orphan: {"claim", "earlier", "verdicts" (stale), "text"}.
    reworded: list[Record] = field(default_factory=list)


@dataclass(frozen=True)
class User:
    """A person who may sign in to ``workbench serve``, with a role (see
    :mod:`workbench.accounts`)."""

    name: str
    role: str
    password_hash: str = field(repr=False)
    created: str
    tokens: int = 0  # API tokens they hold


class Store(ABC):
    """A place that keeps documents, claims, verdicts, notes and an append-only audit log.

    Every record a store returns matches ``schemas/`` (a backend validates what it reads).
    Every change is one transaction and writes an audit entry in the same transaction.
    """

    location: str

    # ---- documents and checks -------------------------------------------------------

    @abstractmethod
    def save_entry(self, entry: Record, actor: str) -> SaveReport:
        """Store a checked document and its claims (``{"document", "claims"}``) atomically.

        A new revision of a stored article (same uri, other text) re-anchors the claims
        already stored for it; see :mod:`workbench.store.anchoring`.
        """

    def save_entries(self, entries: list[Record], actor: str) -> list[SaveReport]:
        """Store several checked documents, each as :meth:`save_entry` does.

        A backend may write them in one transaction (SQLite and PostgreSQL do: all or
        none);
        this default saves them one by one, each atomically.
        """
        return [self.save_entry(entry, actor) for entry in entries]

    @abstractmethod
    def get_document(self, ref: str) -> Record:
        """The document with this id, or the latest revision of the article at this uri."""

    @abstractmethod
    def latest_documents(self) -> list[Record]:
        """The latest revision of every stored article, in the order they were stored."""

    # ---- claims ---------------------------------------------------------------------

    @abstractmethod
    def get_claim(self, claim_id: str) -> Record:
        """The claim record with its verdicts and notes; :class:`UnknownRecord` if absent."""

    @abstractmethod
    def iter_claims(self, where: ClaimFilter) -> Generator[Record, None, None]:
        """Claims matching ``where``, streamed (never all loaded at once)."""

    @abstractmethod
    def claim_document(self, claim_id: str) -> Record:
        """The document a claim is anchored in."""

    @abstractmethod
    def assign(self, claim_id: str, person: str | None, actor: str, *,
               expected: str | EllipsisType | None = ...) -> None:
        """Assign the claim to ``person`` (``None`` unassigns); with ``expected``, only if
        that is still its assignee (else :class:`Changed`)."""

    @abstractmethod
    def set_status(self, claim_id: str, status: str, actor: str, *,
                   expected: str | None = None) -> None:
        """Move the claim to ``status`` if :data:`TRANSITIONS` allows it; with ``expected``,
        only from that status (else :class:`Changed`)."""

    @abstractmethod
    def add_note(self, claim_id: str, text: str, actor: str) -> None:
        """Append a note to the claim."""

    @abstractmethod
    def add_verdict(self, claim_id: str, verdict: Record, actor: str) -> Record:
        """Append a verdict to the claim and return it as stored.

        A reviewer's verdict is bound, in the same transaction, to the claim's text at that
        moment (``quote``, ``quote_sha256``; see :mod:`workbench.store.binding`). When it
        already names the text the reviewer read (either field) and the claim's text is
        now another, :class:`TextChanged` is raised and nothing is stored.
        """

    @abstractmethod
    def history(self, claim_id: str) -> list[Record]:
        """The claim's audit entries, oldest first."""

    @abstractmethod
    def checked_claims(self) -> Iterator[Record]:
        """Claims that carry a reviewer's verdict (the newsroom's memory)."""

    @abstractmethod
    def claim_counts(self) -> dict[str, dict[str, int]]:
        """For each document id holding claims: how many have each status, and how many
        are ``stale`` (under that key)."""

    # ---- people: users, API tokens and sign-in sessions -------------------------------
    # Only digests are kept: argon2 hashes of passwords, SHA-256 of tokens and session ids
    # (:mod:`workbench.accounts` makes them).

    @abstractmethod
    def add_user(self, name: str, role: str, password_hash: str) -> None:
        """Add a user; :class:`Conflict` when the name is taken."""

    @abstractmethod
    def get_user(self, name: str) -> User | None:
        """The user of this name, if any."""

    @abstractmethod
    def users(self) -> list[User]:
        """Every user, by name."""

    @abstractmethod
    def update_user(self, name: str, *, role: str | None = None,
                    password_hash: str | None = None) -> None:
        """Change a user's role or password hash; a new password ends their sessions."""

    @abstractmethod
    def remove_user(self, name: str) -> None:
        """Remove a user with their tokens and sessions (what they did stays in the audit
        log under their name)."""

    @abstractmethod
    def add_token(self, name: str, token_hash: str, label: str) -> None:
        """Give user ``name`` an API token (kept as its digest)."""

    @abstractmethod
    def revoke_tokens(self, name: str) -> int:
        """Remove every API token of user ``name``; how many there were."""

    @abstractmethod
    def token_user(self, token_hash: str) -> User | None:
        """The user holding the API token with this digest, if any."""

    @abstractmethod
    def add_session(self, session_hash: str, name: str, csrf: str, expires: str) -> None:
        """Open a sign-in session for user ``name`` until ``expires`` (RFC 3339, UTC),
        with the token its forms must carry (``csrf``)."""

    @abstractmethod
    def get_session(self, session_hash: str, at: str) -> tuple[User, str] | None:
        """The user of an open session and its form token, unless it expired by ``at``."""

    @abstractmethod
    def end_session(self, session_hash: str) -> None:
        """Close a session (signing out); expired sessions are removed too."""

    # ---- maintenance ----------------------------------------------------------------

    @abstractmethod
    def backup(self, destination: str) -> None:
        """Copy the whole store, consistently, to ``destination`` (written atomically)."""

    @abstractmethod
    def check(self) -> list[str]:
        """Problems found: storage integrity and schema validation of every record."""

    @abstractmethod
    def close(self) -> None:
        """Release the connection."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
