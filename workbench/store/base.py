"""The store interface every backend implements, its errors and the editorial workflow."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass, field
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

        A backend may write them in one transaction (the SQLite one does: all or none);
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
    def iter_claims(self, where: ClaimFilter) -> Iterator[Record]:
        """Claims matching ``where``, streamed (never all loaded at once)."""

    @abstractmethod
    def claim_document(self, claim_id: str) -> Record:
        """The document a claim is anchored in."""

    @abstractmethod
    def assign(self, claim_id: str, person: str | None, actor: str) -> None:
        """Assign the claim to ``person`` (``None`` unassigns)."""

    @abstractmethod
    def set_status(self, claim_id: str, status: str, actor: str) -> None:
        """Move the claim to ``status`` if :data:`TRANSITIONS` allows it."""

    @abstractmethod
    def add_note(self, claim_id: str, text: str, actor: str) -> None:
        """Append a note to the claim."""

    @abstractmethod
    def add_verdict(self, claim_id: str, verdict: Record, actor: str) -> None:
        """Append a (reviewer's) verdict to the claim."""

    @abstractmethod
    def history(self, claim_id: str) -> list[Record]:
        """The claim's audit entries, oldest first."""

    @abstractmethod
    def checked_claims(self) -> Iterator[Record]:
        """Claims that carry a reviewer's verdict (the newsroom's memory)."""

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
