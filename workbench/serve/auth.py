"""Who is asking: sign-in sessions for the pages, API tokens for the JSON API, and CSRF.

- A session is a random id in an ``HttpOnly``, ``SameSite=Strict`` cookie (``Secure`` over
  HTTPS); the store keeps only its SHA-256, the user, an expiry and the session's form
  token. Signing out or a new password ends it.
- Every form that changes something carries the session's form token (synchronizer token
  pattern), compared in constant time; the sign-in form, made before there is a session,
  carries a token that must match a short-lived cookie (double submit). A request from
  another origin (``Origin`` or ``Referer`` naming another host) is refused too.
- The API takes ``Authorization: Bearer TOKEN`` only (no cookies), so no other site can
  make a browser call it.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import wraps
from typing import Any, TypeVar, cast
from urllib.parse import urlsplit

from flask import Blueprint, Response, abort, g, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from workbench.accounts import digest, needs_rehash, new_secret, verify_password
from workbench.serve.state import desk_settings, store
from workbench.store.base import User

SESSION_COOKIE = "workbench_session"
SIGNIN_COOKIE = "workbench_signin"
SIGNIN_MINUTES = 30
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})

bp = Blueprint("auth", __name__)
F = TypeVar("F", bound=Callable[..., Any])


def _now() -> datetime:
    return datetime.now(UTC)


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def current_user() -> User | None:
    """The person making this request, if signed in (or holding a valid API token)."""
    return cast(User | None, g.get("user"))


def csrf_token() -> str:
    """The token this request's forms carry (the session's, or the sign-in form's)."""
    return cast(str, g.get("csrf") or g.get("signin_token", ""))


def _cookie(response: BaseResponse, name: str, value: str, seconds: int) -> None:
    response.set_cookie(name, value, max_age=seconds, path="/", httponly=True,
                        samesite="Strict", secure=request.is_secure)


def _same_origin() -> bool:
    """False when the request says it comes from a page of another origin."""
    origin = request.headers.get("Origin") or request.headers.get("Referer")
    if origin is None:  # not sent by a browser (or one that sends neither): the token decides
        return True
    parts = urlsplit(origin)  # "null" (an opaque origin) names no host: refused
    return (parts.scheme, parts.netloc) == (request.scheme, request.host)


def load_user() -> Response | None:
    """Before every request: find the person (session or token) and refuse forged forms."""
    if request.endpoint == "static":
        return None
    if request.path.startswith("/api/"):
        header = request.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() == "bearer" and token.strip():
            g.user = store().token_user(digest(token.strip()))
        return None
    session = request.cookies.get(SESSION_COOKIE)
    if session:
        found = store().get_session(digest(session), _stamp(_now()))
        if found is not None:
            g.user, g.csrf = found
    if request.method in UNSAFE:
        if not _same_origin():
            abort(403, "This form was sent from another site.")
        if request.endpoint == "auth.signin":
            expected = request.cookies.get(SIGNIN_COOKIE, "")
        else:
            expected = g.get("csrf", "")
        given = request.form.get("csrf_token", "")
        if not expected or not hmac.compare_digest(expected, given):
            abort(403, "The form's security token is missing or out of date: reload the "
                       "page and try again.")
    return None


def signed_in(function: F) -> F:
    """A page only for signed-in people: others are sent to the sign-in page."""

    @wraps(function)
    def page(*args: Any, **kwargs: Any) -> Any:
        if current_user() is None:
            if request.method == "GET":
                return redirect(url_for("auth.signin", next=request.full_path.rstrip("?")))
            abort(401)
        return function(*args, **kwargs)

    return cast(F, page)


def safe_next(target: str | None) -> str:
    """Where to go after signing in: a path on this site, never another site."""
    if (target and target.startswith("/") and not target.startswith("//")
            and "\\" not in target and "\n" not in target):
        return target
    return url_for("pages.documents")


@bp.route("/signin", methods=["GET", "POST"])
def signin() -> Any:
    """The sign-in form; a right name and password open a session."""
    problem = None
    status = 200
    if request.method == "GET" and current_user() is not None:
        return redirect(safe_next(request.args.get("next")))
    if request.method == "POST":
        name = request.form.get("name", "").strip()
        password = request.form.get("password", "")
        user = store().get_user(name) if name else None
        if verify_password(user.password_hash if user else None, password) and user:
            if needs_rehash(user.password_hash):
                from workbench.accounts import hash_password

                store().update_user(user.name, password_hash=hash_password(password))
            session, csrf = new_secret(), new_secret()
            hours = desk_settings().session_hours
            store().add_session(digest(session), user.name, csrf,
                                _stamp(_now() + timedelta(hours=hours)))
            response = redirect(safe_next(request.args.get("next")), 303)
            _cookie(response, SESSION_COOKIE, session, int(hours * 3600))
            response.delete_cookie(SIGNIN_COOKIE, path="/")
            return response
        problem = "Wrong name or password."
        status = 401
    g.signin_token = new_secret()
    response = Response(render_template("signin.html", problem=problem,
                                        next=request.args.get("next", "")), status)
    _cookie(response, SIGNIN_COOKIE, g.signin_token, SIGNIN_MINUTES * 60)
    return response


@bp.route("/signout", methods=["POST"])
def signout() -> Any:
    """End this session and forget its cookie."""
    session = request.cookies.get(SESSION_COOKIE)
    if session:
        store().end_session(digest(session))
    response = redirect(url_for("auth.signin"), 303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
