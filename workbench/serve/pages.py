"""The desk's pages: documents, an article with its claims highlighted and a claim panel,
claims across documents, a claim's history, exports and (for admins) users.

Every page needs a signed-in person; every form posts back here with the session's form
token and, on success, redirects to the page it came from (so a reload never repeats it).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for

from workbench.accounts import (
    ROLES,
    check_name,
    check_role,
    hash_password,
    may,
    moves,
)
from workbench.errors import InputError, WorkbenchError
from workbench.review import RATINGS
from workbench.serve import desk
from workbench.serve.auth import current_user, safe_next, signed_in
from workbench.serve.state import desk_settings, store
from workbench.serve.views import ClaimQuery, facets, pieces
from workbench.store.base import (
    Changed,
    ClaimFilter,
    Conflict,
    InvalidTransition,
    StoreError,
    UnknownRecord,
    User,
)

bp = Blueprint("pages", __name__)
MAX_LISTED = 500  # claims shown on the claims page at once
MAX_READ = 20_000  # claims the claims page reads to filter and sort (past it: narrow it)
STATUS_CODES = ((desk.Forbidden, 403), (UnknownRecord, 404), (Changed, 409),
                (InvalidTransition, 409), (Conflict, 409), (InputError, 400),
                (StoreError, 503))  # the store cannot answer (locked too long, damaged)


def _user() -> User:
    user = current_user()
    assert user is not None  # pages are @signed_in
    return user


def status_code(error: WorkbenchError) -> int:
    """The HTTP status of a refused change."""
    return next((code for kind, code in STATUS_CODES if isinstance(error, kind)), 400)


def problem_text(error: WorkbenchError) -> str:
    """A refused change, said for the person who tried it."""
    if isinstance(error, Changed):
        return f"Someone changed this claim meanwhile ({error.problem}); nothing was saved."
    if isinstance(error, desk.Forbidden):
        return f"Not allowed: {error.problem}."
    return str(error)


def _exporters() -> list[Any]:
    from workbench.registry import exporters

    return sorted(exporters().values(), key=lambda exporter: exporter.name)


@bp.route("/")
@signed_in
def home() -> Any:
    """The documents page."""
    return redirect(url_for("pages.documents"))


@bp.route("/documents", methods=["GET", "POST"])
@signed_in
def documents() -> Any:
    """Every stored article (latest revisions) with its claims counted; editors may check
    an article here."""
    problem, code = None, 200
    if request.method == "POST":
        kind = "text/html" if request.form.get("media_type") == "text/html" else "text/plain"
        try:
            entry, _report, _failures = desk.check_article(
                store(), desk_settings(), _user(), request.form.get("uri", ""),
                request.form.get("text", ""), kind)
            return redirect(url_for("pages.document", doc_id=entry["document"]["id"]), 303)
        except WorkbenchError as error:
            problem, code = problem_text(error), status_code(error)
    found = store().latest_documents()
    counts = store().claim_counts()
    return render_template("documents.html", documents=found, counts=counts,
                           problem=problem, exporters=_exporters(),
                           form=request.form if problem else {}), code


def _document_page(doc_id: str, wanted: str | None, problem: str | None = None,
                   code: int = 200) -> Any:
    """An article with its claims highlighted, the claims list and the ``wanted`` claim."""
    from workbench.locations import Locator

    try:
        document = store().get_document(doc_id)
    except UnknownRecord:
        abort(404, "No such document in the store.")
    latest = store().get_document(document["uri"])
    claims = list(store().iter_claims(ClaimFilter(document=document["id"])))
    orphans = [claim for claim in store().iter_claims(ClaimFilter(document=document["uri"],
                                                                  status="orphaned"))]
    query = ClaimQuery.from_args(request.args)
    selected = None
    if wanted:
        selected = next((c for c in [*claims, *orphans] if c["id"] == wanted), None)
        if selected is None:
            abort(404, "No such claim in this document.")
        selected = desk.shown_claim(selected)
    user = _user()
    filters = {key: value for key, value in request.args.items()
               if key in ("q", "status", "rating", "kind", "assignee", "stale", "checkworthy",
                          "sort") and value}
    line = None
    if selected is not None and selected["document_id"] == document["id"]:
        line = Locator(document).position(selected["span"]["start"])[0]
    return render_template(
        "document.html", document=document, latest=latest, claims=claims, orphans=orphans,
        listed=query.apply(claims), query=query, facets=facets(claims), filters=filters,
        selected=selected, pieces=pieces(document["text"], claims), problem=problem,
        line=line,
        moves=moves(user.role, selected["status"]) if selected else (),
        people=[u.name for u in store().users()] if may(user.role, "edit") else [],
        ratings=RATINGS, exporters=_exporters()), code


@bp.route("/documents/<doc_id>")
@signed_in
def document(doc_id: str) -> Any:
    """The article view (``?claim=ID`` opens a claim's panel; other parameters filter and
    sort the claims list)."""
    return _document_page(doc_id, request.args.get("claim"))


@bp.route("/claims")
@signed_in
def claims() -> Any:
    """Claims of every latest revision, filtered, searched and sorted."""
    query = ClaimQuery.from_args(request.args)
    where = ClaimFilter(status=query.status or None, stale=query.stale,
                        checkworthy=query.checkworthy, text=query.q or None,
                        assignee=(query.assignee if query.assignee not in ("", "-") else None),
                        kind=query.kind or None, limit=MAX_READ)
    latest = {doc["id"]: doc for doc in store().latest_documents()}
    read = 0
    found = []
    for claim in store().iter_claims(where):
        read += 1
        if claim["document_id"] in latest or claim["status"] == "orphaned":
            found.append(claim)
    listed = query.apply(found)
    return render_template("claims.html", listed=listed[:MAX_LISTED], total=len(listed),
                           query=query, facets=facets(found), documents=latest,
                           limit=MAX_LISTED, cut=read >= MAX_READ)


@bp.route("/claims/<claim_id>")
@signed_in
def claim(claim_id: str) -> Any:
    """A claim: its panel in its article."""
    try:
        found = store().get_claim(claim_id)
    except UnknownRecord:
        abort(404, "No such claim in the store.")
    return redirect(url_for("pages.document", doc_id=found["document_id"], claim=claim_id,
                            _anchor="panel"))


@bp.route("/claims/<claim_id>/history")
@signed_in
def history(claim_id: str) -> Any:
    """Every change to a claim: who, when, what, before and after."""
    try:
        found = store().get_claim(claim_id)
        entries = store().history(claim_id)
    except UnknownRecord:
        abort(404, "No such claim in the store.")
    return render_template("history.html", claim=found, entries=entries)


def _sources(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


@bp.route("/claims/<claim_id>/<action>", methods=["POST"])
@signed_in
def change(claim_id: str, action: str) -> Any:
    """Change a claim from its panel: status, assign, take, release, note or verdict."""
    form = request.form
    user = _user()
    back = safe_next(form.get("back"))
    try:
        # What the person saw: refused if it changed meanwhile (not checked when absent).
        expected_assignee: Any = (form["expected_assignee"] or None
                                  if "expected_assignee" in form else ...)
        if action == "status":
            desk.set_status(store(), user, claim_id, form.get("status", ""),
                            expected=form.get("expected_status") or None)
        elif action == "assign":
            desk.assign(store(), user, claim_id, form.get("assignee") or None,
                        expected=expected_assignee)
        elif action == "take":
            desk.assign(store(), user, claim_id, user.name, expected=expected_assignee)
        elif action == "release":
            desk.assign(store(), user, claim_id, None, expected=expected_assignee)
        elif action == "note":
            desk.add_note(store(), user, claim_id, form.get("text", ""))
        elif action == "verdict":
            try:
                confidence = float(form.get("confidence", "1") or 1)
            except ValueError:
                raise InputError("confidence", "a number from 0 to 1") from None
            desk.add_verdict(store(), user, claim_id, form.get("rating", ""),
                             form.get("rationale", ""), _sources(form.get("sources", "")),
                             confidence, form.get("quote_sha256") or None)
        else:
            abort(404)
    except WorkbenchError as error:
        try:
            found = store().get_claim(claim_id)
        except UnknownRecord:
            abort(404, "No such claim in the store.")
        return _document_page(found["document_id"], claim_id, problem_text(error),
                              status_code(error))
    return redirect(back, 303)


@bp.route("/export")
@signed_in
def export() -> Any:
    """A review of the store (or one document) in any registered format, as a download."""
    name = request.args.get("format", "")
    document_id = request.args.get("document") or None
    try:
        content, exporter, empty, _warnings = desk.export(
            store(), name, document_id, include_dismissed=request.args.get("dismissed") == "1")
    except WorkbenchError as error:
        return render_template("message.html", title="Nothing to export",
                               message=str(error)), status_code(error)
    if empty and request.args.get("anyway") != "1":
        return render_template("message.html", title="Nothing to export",
                               message=f"{exporter.name}: {empty}.",
                               anyway=url_for("pages.export") + "?" + urlencode(
                                   {**request.args.to_dict(), "anyway": "1"}))
    body = content.encode("utf-8") if isinstance(content, str) else content
    response = Response(body, mimetype=exporter.media_type)
    response.headers["Content-Disposition"] = (f'attachment; filename="workbench-review'
                                               f'{exporter.suffix}"')
    return response


@bp.route("/users", methods=["GET", "POST"])
@signed_in
def users() -> Any:
    """Admins: the users of the desk; add one."""
    user = _user()
    desk.require(user, "admin")
    problem, code = None, 200
    if request.method == "POST":
        try:
            name = check_name(request.form.get("name", "").strip())
            store().add_user(name, check_role(request.form.get("role", "")),
                             hash_password(request.form.get("password", "")))
            return redirect(url_for("pages.users"), 303)
        except WorkbenchError as error:
            problem, code = problem_text(error), status_code(error)
    return render_template("users.html", users=store().users(), roles=ROLES,
                           problem=problem), code


@bp.route("/users/<name>/remove", methods=["POST"])
@signed_in
def remove_user(name: str) -> Any:
    """Admins: remove a user (not oneself)."""
    user = _user()
    desk.require(user, "admin")
    if name == user.name:
        abort(400, "You cannot remove yourself.")
    try:
        store().remove_user(name)
    except UnknownRecord:
        abort(404, "No such user.")
    return redirect(url_for("pages.users"), 303)


def forbidden(error: desk.Forbidden) -> tuple[str, int]:
    """A page a person's role does not allow."""
    return render_template("message.html", title="Not allowed",
                           message=problem_text(error)), 403


def refused(error: Any) -> tuple[str, int] | Response:
    """An HTTP error as a page."""
    code = getattr(error, "code", 500) or 500
    description = getattr(error, "description", "") or "Something went wrong."
    return render_template("message.html", title=getattr(error, "name", "Error"),
                           message=description), code
