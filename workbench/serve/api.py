"""The JSON API for a CMS: check an article and get its review; read and change claims.

Every route needs ``Authorization: Bearer TOKEN`` (``workbench users token NAME``) and acts
as the token's user, with that user's role. Errors are ``{"error": "..."}`` with a status:
400 bad input, 401 no or unknown token, 403 the role does not allow it, 404 no such record,
409 the claim changed meanwhile or the move is not allowed, 413 too large.

``POST /api/v1/articles`` runs the check pipeline in the server's process (the plugins are
loaded once, when the server starts) and, unless ``"store": false``, keeps the article in
the store, re-anchoring the claims of an earlier revision with the same ``uri``.
"""

from __future__ import annotations

from typing import Any

import orjson
from flask import Blueprint, Response, request

from workbench.errors import InputError
from workbench.review import RATINGS
from workbench.serve import desk
from workbench.serve.auth import current_user
from workbench.serve.state import desk_settings, store
from workbench.store.base import STATUSES, ClaimFilter, SaveReport, User

bp = Blueprint("api", __name__, url_prefix="/api/v1")
DEFAULT_LIMIT, MAX_LIMIT = 100, 1000


class Unauthorized(Exception):
    """No token, or one the store does not know."""


def respond(value: Any, status: int = 200) -> Response:
    """``value`` as a JSON response (orjson: the reviews are large)."""
    return Response(orjson.dumps(value), status=status, mimetype="application/json")


def caller() -> User:
    """The token's user; :class:`Unauthorized` without a valid token."""
    user = current_user()
    if user is None:
        raise Unauthorized
    return user


def body() -> dict[str, Any]:
    """The request's JSON object."""
    if not request.is_json:
        raise InputError("body", "send JSON (Content-Type: application/json)")
    value = request.get_json(silent=True)
    if not isinstance(value, dict):
        raise InputError("body", "the body is not a JSON object")
    return value


def _text(value: Any, name: str) -> str:
    if not isinstance(value, str):
        raise InputError(name, "must be a string")
    return value


def _report(report: SaveReport | None) -> dict[str, Any] | None:
    if report is None:
        return None
    return {"document_id": report.document_id, "new": report.new, "kept": report.updated,
            "reanchored": report.reanchored, "orphaned": report.orphaned,
            "changed": report.changed, "stale": [event["claim"] for event in report.stale],
            "reworded": [{"claim": event["claim"], "earlier": event["earlier"]}
                         for event in report.reworded],
            "memory": report.suggestions}


@bp.post("/articles")
def check_article() -> Response:
    """Check an article: ``{"uri", "text" | "html", "store": true}``; the review of it."""
    user = caller()
    given = body()
    if ("text" in given) == ("html" in given):
        raise InputError("body", 'give the article as "text" or as "html" (one of them)')
    media_type = "text/html" if "html" in given else "text/plain"
    content = _text(given.get("html", given.get("text")), "text")
    keep = given.get("store", True)
    if not isinstance(keep, bool):
        raise InputError("store", "must be true or false")
    entry, report, failures = desk.check_article(
        store() if keep else None, desk_settings(), user, _text(given.get("uri"), "uri"),
        content, media_type)
    claims = [desk.shown_claim(claim) for claim in entry["claims"]]
    return respond({"document": entry["document"], "claims": claims,
                    "stored": _report(report), "failures": failures})


@bp.get("/documents")
def documents() -> Response:
    """The latest revision of every stored article (without its text) and its counts."""
    caller()
    counts = store().claim_counts()
    return respond([{key: doc.get(key) for key in ("id", "uri", "title", "author",
                                                   "published", "retrieved")}
                    | {"claims": counts.get(doc["id"], {"stale": 0})}
                    for doc in store().latest_documents()])


@bp.get("/documents/<doc_id>")
def document(doc_id: str) -> Response:
    """A stored document (a revision) with its claims."""
    caller()
    found = store().get_document(doc_id)
    claims = [desk.shown_claim(c) for c in store().iter_claims(ClaimFilter(document=doc_id))]
    return respond({"document": found, "claims": claims})


def _flag(name: str) -> bool:
    return request.args.get(name, "").lower() in ("1", "true", "yes")


@bp.get("/claims")
def claims() -> Response:
    """Claims, filtered: ``document`` (id or uri), ``status``, ``assignee``, ``kind``,
    ``stale``, ``checkworthy``, ``q`` (text), ``limit`` (default 100, at most 1000)."""
    caller()
    status = request.args.get("status")
    if status is not None and status not in STATUSES:
        raise InputError("status", f"unknown status (choose from: {', '.join(STATUSES)})")
    try:
        limit = min(int(request.args.get("limit", DEFAULT_LIMIT)), MAX_LIMIT)
    except ValueError:
        raise InputError("limit", "must be a whole number") from None
    where = ClaimFilter(status=status, assignee=request.args.get("assignee"),
                        document=request.args.get("document"),
                        kind=request.args.get("kind"), stale=_flag("stale"),
                        checkworthy=_flag("checkworthy"), text=request.args.get("q") or None,
                        limit=max(limit, 1))
    return respond([desk.shown_claim(claim) for claim in store().iter_claims(where)])


@bp.get("/claims/<claim_id>")
def claim(claim_id: str) -> Response:
    """One claim, its verdicts best first."""
    caller()
    return respond(desk.shown_claim(store().get_claim(claim_id)))


@bp.patch("/claims/<claim_id>")
def update(claim_id: str) -> Response:
    """Change ``status`` and/or ``assignee`` (a user's name, or null)."""
    user = caller()
    given = body()
    if not {"status", "assignee"} & given.keys():
        raise InputError("body", 'give "status", "assignee" or both')
    if "assignee" in given:
        person = given["assignee"]
        if person is not None and not isinstance(person, str):
            raise InputError("assignee", "must be a user's name or null")
        desk.assign(store(), user, claim_id, person)
    if "status" in given:
        desk.set_status(store(), user, claim_id, _text(given["status"], "status"))
    return respond(desk.shown_claim(store().get_claim(claim_id)))


@bp.post("/claims/<claim_id>/notes")
def note(claim_id: str) -> Response:
    """Add a note: ``{"text"}``."""
    user = caller()
    desk.add_note(store(), user, claim_id, _text(body().get("text"), "text"))
    return respond(desk.shown_claim(store().get_claim(claim_id)), 201)


@bp.post("/claims/<claim_id>/verdicts")
def verdict(claim_id: str) -> Response:
    """Give a verdict: ``{"rating", "rationale", "sources": [url or citation or source
    record], "confidence"?, "quote_sha256"?}``; with ``quote_sha256`` (of the text the
    reviewer read) it is refused with 409 if the claim's text changed since."""
    user = caller()
    given = body()
    rating = _text(given.get("rating"), "rating")
    if rating not in RATINGS:
        raise InputError("rating", f"choose from: {', '.join(RATINGS)}")
    sources = given.get("sources", [])
    confidence = given.get("confidence", 1.0)
    if not isinstance(sources, list):
        raise InputError("sources", "must be a list")
    if isinstance(confidence, bool) or not isinstance(confidence, int | float):
        raise InputError("confidence", "must be a number from 0 to 1")
    digest = given.get("quote_sha256")
    stored = desk.add_verdict(store(), user, claim_id, rating,
                              _text(given.get("rationale"), "rationale"), sources,
                              float(confidence),
                              _text(digest, "quote_sha256") if digest is not None else None)
    return respond({"verdict": stored,
                    "claim": desk.shown_claim(store().get_claim(claim_id))}, 201)


@bp.get("/claims/<claim_id>/history")
def history(claim_id: str) -> Response:
    """Every change to the claim, oldest first."""
    caller()
    return respond(store().history(claim_id))


@bp.get("/export")
def export() -> Response:
    """A review in any registered ``format`` (``document``, ``status``,
    ``include_dismissed``); why it is empty, if so, in a ``Workbench-Note`` header."""
    caller()
    status = request.args.get("status")
    if status is not None and status not in STATUSES:
        raise InputError("status", f"unknown status (choose from: {', '.join(STATUSES)})")
    content, exporter, empty, warnings = desk.export(
        store(), request.args.get("format", "json"), request.args.get("document"), status,
        _flag("include_dismissed"))
    response = Response(content, mimetype=exporter.media_type)
    notes = ([empty] if empty else []) + warnings
    if notes:
        response.headers["Workbench-Note"] = " | ".join(
            " ".join(note.split()).encode("ascii", "replace").decode() for note in notes)[:1000]
    return response

