"""The desk's WSGI application (Flask): pages, the JSON API, and what every response gets.

Every response carries security headers: a Content-Security-Policy allowing only the
desk's own style sheet and script (no inline script, no framing, forms only to itself),
``X-Frame-Options: DENY``, ``X-Content-Type-Options: nosniff``, a same-origin referrer
policy, and ``Cache-Control: no-store`` on everything but static files.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException

from workbench.accounts import may
from workbench.errors import WorkbenchError
from workbench.serve import api, auth, pages
from workbench.serve.desk import DeskSettings, Forbidden
from workbench.serve.views import (
    faint,
    history_line,
    is_stale,
    rating_label,
    rating_of,
    stale_versions,
    visible,
    web_url,
)
from workbench.store.binding import text_digest

HERE = Path(__file__).parent
CONTENT_SECURITY_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; "
                           "img-src 'self'; connect-src 'self'; form-action 'self'; "
                           "frame-ancestors 'none'; base-uri 'none'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
# Requests larger than this are refused before they are read (413): an article of the
# desk's size limit, written as JSON (escapes may double it).
BODY_SLACK = 65536


def _secure(response: Response) -> Response:
    response.headers.update(SECURITY_HEADERS)
    if request.is_secure:  # behind HTTPS (a trusted proxy says so): never over HTTP again
        response.headers["Strict-Transport-Security"] = "max-age=31536000"
    if request.endpoint != "static":
        response.headers["Cache-Control"] = "no-store"
    return response


def _api_error(status: int, message: str) -> Response:
    response = api.respond({"error": message}, status)
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="workbench"'
    return response


def _http_error(error: HTTPException) -> Any:
    if request.path.startswith("/api/"):
        return _api_error(error.code or 500, error.description or error.name)
    return pages.refused(error)


def _workbench_error(error: WorkbenchError) -> Any:
    if request.path.startswith("/api/"):
        return _api_error(pages.status_code(error), str(error))
    if isinstance(error, Forbidden):
        return pages.forbidden(error)
    return pages.refused(error)


def _unauthorized(_error: api.Unauthorized) -> Response:
    return _api_error(401, "send an API token: Authorization: Bearer TOKEN "
                           "(`workbench users token NAME` makes one)")


def warm(settings: DeskSettings) -> None:
    """Load the plugins, their loaders and exporters and compile the schemas now, and check
    a short text, so the first request is as fast as the others."""
    from workbench.pipeline import FailureLog, check_input
    from workbench.registry import exporters, loaders
    from workbench.types import RawInput

    loaders()
    exporters()
    sample = (b"The agency said on 3 March 2024 that exports rose 12% to $4.5 billion, "
              b"according to its annual report.\n")
    for media_type in ("text/plain", "text/html"):
        check_input(RawInput("urn:workbench:warm-up", sample, media_type), settings.options,
                    FailureLog(emit=lambda _line: None))


def create_app(settings: DeskSettings) -> Flask:
    """The desk over the store ``settings.store``, its plugins loaded and warmed up."""
    app = Flask("workbench.serve", root_path=str(HERE), template_folder="templates",
                static_folder="static")
    app.config.update(MAX_CONTENT_LENGTH=2 * settings.max_bytes + BODY_SLACK,
                      MAX_FORM_MEMORY_SIZE=2 * settings.max_bytes + BODY_SLACK,
                      TEMPLATES_AUTO_RELOAD=False)
    app.extensions["workbench"] = settings
    app.jinja_env.filters.update(visible=visible, sha256=text_digest)
    app.jinja_env.globals.update(
        may=may, faint=faint, rating_of=rating_of, rating_label=rating_label, is_stale=is_stale,
        stale_versions=stale_versions, web_url=web_url, history_line=history_line,
        csrf_token=auth.csrf_token, current_user=auth.current_user)
    app.before_request(auth.load_user)
    app.after_request(_secure)
    app.register_blueprint(auth.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(api.bp)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(WorkbenchError, _workbench_error)
    app.register_error_handler(api.Unauthorized, _unauthorized)
    warm(settings)
    return app
