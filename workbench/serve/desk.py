"""What the desk does for a person (signed in, or holding an API token), whatever the page
or route: check an article, change a claim, export a review.

Each change checks the person's role (:mod:`workbench.accounts`), then goes through the
store, which makes it one transaction with one audit entry naming the person. A change
made against what the person last saw (a status, an assignee, a claim's text) that someone
else changed meanwhile is refused (:class:`workbench.store.base.Changed`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from types import EllipsisType
from typing import Any

from workbench import validation
from workbench.accounts import may, may_assign, moves
from workbench.errors import InputError, WorkbenchError
from workbench.records import make_verdict, now
from workbench.review import RATINGS, ranked_verdicts
from workbench.store.base import (
    TRANSITIONS,
    ClaimFilter,
    InvalidTransition,
    SaveReport,
    Store,
    User,
)
from workbench.types import CheckOptions, Exporter, Record

# An article checked on the desk is named by a URI with a scheme (https://..., urn:...,
# cms:story-42), never by a path: it must not name a file on the server.
ARTICLE_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s\x00-\x1f\x7f]+\Z")
MAX_URI = 2048
MAX_TEXT = 20_000  # characters of a note or a rationale
MAX_SOURCES = 20
WEB_URL = re.compile(r"https?://[^\s\x00-\x1f\x7f]+\Z", re.IGNORECASE)


class Forbidden(WorkbenchError):
    """The person's role does not allow what they asked."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


@dataclass(frozen=True)
class DeskSettings:
    """How the desk runs: its store, how articles are checked, limits and sessions."""

    store: str
    options: CheckOptions = field(default_factory=CheckOptions)
    max_bytes: int = 5_000_000  # largest article accepted for checking
    session_hours: float = 12.0


def require(user: User, ability: str) -> None:
    """Raise :class:`Forbidden` unless ``user``'s role has ``ability``."""
    if not may(user.role, ability):
        raise Forbidden(f"{user.name} is a {user.role}: this needs an "
                        f"{'editor' if ability == 'edit' else ability}")


# ---- articles -----------------------------------------------------------------------


def article_uri(uri: str) -> str:
    """``uri`` when it can name an article checked on the desk (see :data:`ARTICLE_URI`)."""
    uri = uri.strip()
    if len(uri) > MAX_URI or not ARTICLE_URI.match(uri):
        raise InputError(uri[:80] or "uri", "name the article by a URI with a scheme, such as "
                                            "https://example.org/story or cms:story-42")
    return uri


def check_article(store: Store | None, settings: DeskSettings, user: User, uri: str,
                  content: str, media_type: str) -> tuple[Record, SaveReport | None,
                                                          list[Record]]:
    """Check an article in this process (the warm plugin manager) and, with a ``store``,
    keep it there: a new revision of a stored article re-anchors its claims.

    Returns the entry (document and claims; as stored, without orphaned or dismissed
    ones, when stored), what saving did, and the plugins that failed.
    """
    from workbench.pipeline import FailureLog, check_input
    from workbench.registry import loader_for
    from workbench.types import RawInput

    require(user, "edit")
    uri = article_uri(uri)
    if loader_for(media_type) is None:
        raise InputError(media_type, "no loader for this media type (text/plain, text/html)")
    data = content.encode("utf-8", "surrogatepass")
    if len(data) > settings.max_bytes:
        raise InputError(uri, f"the article is {len(data)} bytes, over the desk's limit of "
                              f"{settings.max_bytes}")
    if not content.strip():
        raise InputError(uri, "the article is empty")
    log = FailureLog(emit=lambda _line: None)
    entry = check_input(RawInput(uri, data, media_type), settings.options, log)
    if entry is None:
        problems = "; ".join(f"{f['plugin']}: {f['message']}" for f in log.failures)
        raise InputError(uri, f"not checked: {problems or 'no document'}")
    validation.validate("entry", entry)
    if store is None:
        return entry, None, log.failures
    report = store.save_entry(entry, user.name)
    claims = [claim for claim in store.iter_claims(ClaimFilter(document=report.document_id))
              if claim["status"] not in ("orphaned", "dismissed")]
    return {"document": entry["document"], "claims": claims}, report, log.failures


# ---- claims -------------------------------------------------------------------------


def shown_claim(claim: Record) -> Record:
    """The claim with its verdicts best first (a reviewer's before any plugin's)."""
    return {**claim, "verdicts": ranked_verdicts(claim)}


def set_status(store: Store, user: User, claim_id: str, status: str,
               expected: str | None = None) -> None:
    """Move a claim, if ``user``'s role allows this move (from ``expected``, if given)."""
    require(user, "work")
    before = expected or store.get_claim(claim_id)["status"]
    if status not in TRANSITIONS.get(before, ()):
        allowed = ", ".join(TRANSITIONS.get(before, ())) or "none"
        raise InvalidTransition(claim_id, f"cannot go from {before} to {status} "
                                          f"(from {before}: {allowed})")
    if status not in moves(user.role, before):
        raise Forbidden(f"a {user.role} cannot move a claim from {before} to {status}")
    store.set_status(claim_id, status, user.name, expected=before)


def assign(store: Store, user: User, claim_id: str, person: str | None,
           expected: str | EllipsisType | None = ...) -> None:
    """Assign a claim to ``person`` (a user of the desk; ``None`` unassigns), if ``user``'s
    role allows it: editors assign anyone, reviewers take or give back a claim."""
    require(user, "work")
    before = store.get_claim(claim_id).get("assignee") if expected is ... else expected
    if person is not None and store.get_user(person) is None:
        raise InputError(person, "no user of this name on the desk")
    if not may_assign(user.role, user.name, before, person):
        raise Forbidden(f"a {user.role} can only take an unassigned claim or give back their "
                        "own")
    store.assign(claim_id, person, user.name, expected=before)


def add_note(store: Store, user: User, claim_id: str, text: str) -> None:
    """Append a note written by ``user``."""
    require(user, "work")
    if not text.strip():
        raise InputError("note", "a note needs some text")
    if len(text) > MAX_TEXT:
        raise InputError("note", f"a note has at most {MAX_TEXT} characters")
    store.add_note(claim_id, text.strip(), user.name)


def source_record(given: Any) -> Record:
    """A verdict's source from what a person gave: an http(s) URL becomes a link; any
    other text (a printed report, a phone call) a citation, never a link."""
    if isinstance(given, dict):
        validation.validate("source", given)
        return given
    if not isinstance(given, str) or not given.strip() or len(given) > MAX_URI:
        raise InputError("sources", "a source is a URL or a citation of up to "
                                    f"{MAX_URI} characters")
    text = given.strip()
    if WEB_URL.match(text):
        return {"url": text, "accessed": now()}
    return {"citation": text}


def add_verdict(store: Store, user: User, claim_id: str, rating: str, rationale: str,
                sources: list[Any], confidence: float = 1.0,
                quote_sha256: str | None = None) -> Record:
    """Record ``user``'s verdict on the claim's text (the one they read, when
    ``quote_sha256`` names it) and return it as stored."""
    require(user, "work")
    if rating not in RATINGS:
        raise InputError("rating", f"unknown rating {rating!r} (choose from: "
                                   f"{', '.join(RATINGS)})")
    if not rationale.strip() or len(rationale) > MAX_TEXT:
        raise InputError("rationale", f"a verdict needs a rationale of up to {MAX_TEXT} "
                                      "characters")
    if not 0.0 <= confidence <= 1.0:
        raise InputError("confidence", "confidence is a number from 0 to 1")
    if len(sources) > MAX_SOURCES:
        raise InputError("sources", f"at most {MAX_SOURCES} sources")
    records = [source_record(source) for source in sources]
    if rating != "unverified" and not records:
        raise InputError("sources", f"a {rating} rating needs at least one source")
    verdict = make_verdict(rating, confidence, rationale.strip(), records)
    verdict.update(origin={"type": "reviewer", "name": user.name}, created=now())
    if quote_sha256:
        verdict["quote_sha256"] = quote_sha256
    if not validation.is_valid("verdict", verdict):
        raise InputError("verdict", "; ".join(validation.explain("verdict", verdict)[:2]))
    return store.add_verdict(claim_id, verdict, user.name)


# ---- exports ------------------------------------------------------------------------


def export(store: Store, format_name: str, document: str | None = None,
           status: str | None = None, include_dismissed: bool = False,
           ) -> tuple[str | bytes, Exporter, str | None, list[str]]:
    """A review of the store in any registered format: the content, its exporter, why it
    is empty (if the format says so) and warnings about the documents."""
    from workbench.run import exporter_named
    from workbench.store.export import export_store

    exporter = exporter_named(format_name)
    warnings: list[str] = []
    content, empty = export_store(store, exporter, warnings.append, document, status,
                                  include_dismissed)
    return content, exporter, empty, warnings
