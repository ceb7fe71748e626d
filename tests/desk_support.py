"""A running review desk for the serve tests: a real store, real users, a real server.

Imported by the serve tests (not a fixture module): :func:`running_desk` starts
``workbench serve``'s application on waitress on a free local port in a thread, and always
stops it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import requests

from workbench.accounts import TOKEN_PREFIX, digest, hash_password, new_secret
from workbench.serve.app import create_app
from workbench.serve.desk import DeskSettings
from workbench.serve.server import start
from workbench.store import open_store

STORY = (
    "City pays for stadium site\n\n"
    "The city paid $250 million for the stadium site in 2019, according to its accounts.\n\n"
    "The council approved the budget in March 2020 after two years of talks.\n\n"
    "The weather was pleasant that week.\n\n"
    "Officials said the arena would open in 2024 with 18,000 seats.\n"
)
PAID = "The city paid $250 million for the stadium site in 2019, according to its accounts."
ARENA = "Officials said the arena would open in 2024 with 18,000 seats."
URI = "https://news.example/stadium"
# name -> role; every password is the name repeated to ten characters or more
PEOPLE = {"ada": "admin", "ed": "editor", "rita": "reviewer", "rob": "reviewer"}


def password(name: str) -> str:
    """The test password of user ``name``."""
    return (name * 10)[:12]


@cache
def password_hash(name: str) -> str:
    """The hash of ``name``'s password, made once for the whole run (Argon2 is slow by
    design)."""
    return hash_password(password(name))


@dataclass
class Desk:
    """A desk being served: where, over which store, and each user's API token."""

    url: str
    db: Path | str
    tokens: dict[str, str] = field(default_factory=dict)

    def api(self, name: str) -> requests.Session:
        """An HTTP session sending ``name``'s API token."""
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {self.tokens[name]}"
        return session

    def post_article(self, text: str, name: str = "ed", uri: str = URI) -> dict:
        """Check and store an article through the API, as a CMS does."""
        response = self.api(name).post(f"{self.url}/api/v1/articles",
                                       json={"uri": uri, "text": text})
        assert response.status_code == 200, response.text
        return response.json()

    def signed_in(self, name: str) -> requests.Session:
        """An HTTP session signed in as ``name`` through the sign-in form."""
        session = requests.Session()
        form = session.get(f"{self.url}/signin")
        token = form_token(form.text)
        response = session.post(f"{self.url}/signin", data={
            "name": name, "password": password(name), "csrf_token": token},
            allow_redirects=False)
        assert response.status_code == 303, response.text
        return session


def form_token(page: str) -> str:
    """The form token (``csrf_token``) of an HTML page."""
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, "the page has no form token"
    return found.group(1)


@contextmanager
def running_desk(folder: Path, people: dict[str, str] | None = None,
                 location: Path | str | None = None) -> Iterator[Desk]:
    """A desk over a new store (``location``, else ``desk.db`` in ``folder``) with
    ``people`` (default :data:`PEOPLE`), each holding an API token; served on a free port
    until the block ends."""
    db = location or folder / "desk.db"
    tokens = {}
    with open_store(str(db), create=True) as store:
        for name, role in (people or PEOPLE).items():
            store.add_user(name, role, password_hash(name))
            tokens[name] = new_secret(TOKEN_PREFIX)
            store.add_token(name, digest(tokens[name]), "tests")
    app = create_app(DeskSettings(store=str(db), max_bytes=200_000))
    server = start(app, "127.0.0.1", 0, threads=4, max_body=int(app.config["MAX_CONTENT_LENGTH"]),
                   background=True)
    try:
        yield Desk(server.url, db, tokens)
    finally:
        server.stop()
