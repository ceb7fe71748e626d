"""What a request of the desk works with: the settings, and its own connection to the store.

Each request opens the store when it first needs it and closes it when it ends, so worker
threads never share a connection.
"""

from __future__ import annotations

from typing import cast

from flask import current_app, g

from workbench.serve.desk import DeskSettings
from workbench.store.base import Store


def desk_settings() -> DeskSettings:
    """The settings the application was made with."""
    return cast(DeskSettings, current_app.extensions["workbench"])


def store() -> Store:
    """This request's connection to the store (opened on first use)."""
    if "store" not in g:
        from workbench.store import open_store

        g.store = open_store(desk_settings().store)
    return cast(Store, g.store)


def close_store(_error: BaseException | None = None) -> None:
    """At the end of a request: close its connection, if it opened one."""
    opened = g.pop("store", None)
    if opened is not None:
        opened.close()
