"""``workbench serve``: the review desk in a browser, and a JSON API for a CMS."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from workbench.commands.store import db_location


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0: every interface; put an HTTPS proxy in "
                   "front of it).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port to listen on (0: any free port).")
@click.option("--threads", type=click.IntRange(1, 256), default=8, show_default=True,
              help="Requests answered at once.")
@click.option("--max-size", default="5MB", show_default=True, metavar="SIZE",
              help="Refuse articles larger than this.")
@click.option("--session-hours", type=click.FloatRange(0.1, 24 * 30), default=12.0,
              show_default=True, help="How long a sign-in lasts.")
@click.option("--trusted-proxy", metavar="ADDRESS",
              help="A reverse proxy whose X-Forwarded-Proto/-For/-Host headers are believed "
                   "(so cookies are Secure behind HTTPS).")
@click.option("--online/--offline", default=None,
              help="Let network checkers run on checked articles (default: "
                   "WORKBENCH_ONLINE=1, else offline).")
@click.option("--config", metavar="FILE", help="Plugin configuration (as `check --config`).")
@click.option("--enable", multiple=True, metavar="NAME",
              help="Run this plugin although the configuration disables it.")
@click.option("--disable", multiple=True, metavar="NAME",
              help="Leave this plugin out (repeatable).")
def serve(host: str, port: int, threads: int, max_size: str, session_hours: float,
          trusted_proxy: str | None, online: bool | None, config: str | None,
          enable: tuple[str, ...], disable: tuple[str, ...]) -> None:
    """Serve the review desk over the store (--db): people sign in (`workbench users add`),
    open an article with its claims highlighted, assign them, move them through review,
    write notes and verdicts, see each claim's history and export reviews. A CMS posts
    articles to the JSON API with a token (`workbench users token NAME`) and gets their
    review back; the check runs in this process, its plugins loaded once.

    \b
    Examples:
      workbench users add dana --role admin
      workbench serve                              # http://127.0.0.1:8000
      curl -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" \\
           -d '{"uri": "cms:story-42", "text": "..."}' http://127.0.0.1:8000/api/v1/articles

    A plugin that does not return holds one request's thread (the per-document time limit
    of `check` needs the main thread); the other requests are still answered.
    """
    from workbench.config import applied, load_settings
    from workbench.pipeline import online_enabled
    from workbench.serve.app import create_app
    from workbench.serve.desk import DeskSettings
    from workbench.serve.server import start
    from workbench.store import is_postgres, open_store
    from workbench.types import CheckOptions
    from workbench.units import parse_size

    location = db_location()
    if not is_postgres(location) and not Path(location).exists():
        raise click.ClickException(f"{location}: no store here: make one by adding its first "
                                   "user, `workbench users add NAME --role admin`")
    with open_store(location) as store:
        name = store.location  # a URL without its password
        if not store.users():
            raise click.ClickException(f"{name}: no users yet: add one with `workbench "
                                       "users add NAME --role admin`")
    settings = DeskSettings(store=location, max_bytes=parse_size(max_size, "--max-size"),
                            options=CheckOptions(online=online_enabled(online)),
                            session_hours=session_hours)
    with applied(load_settings(config, enable, disable)):
        app = create_app(settings)
        running = start(app, host, port, threads=threads, max_body=_body_limit(app),
                        trusted_proxy=trusted_proxy)
        click.echo(f"workbench desk on {running.url}/ over {name} (Ctrl-C stops it)",
                   err=True)
        if host not in ("127.0.0.1", "::1", "localhost"):
            click.echo("warning: listening beyond this machine: serve it over HTTPS (a "
                       "reverse proxy, with --trusted-proxy)", err=True)
        running.run()


def _body_limit(app: Any) -> int:
    return int(app.config["MAX_CONTENT_LENGTH"])
