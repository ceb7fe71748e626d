"""What a request of the desk works with: the settings, and its thread's store connection.

Each worker thread opens the store once and keeps the connection: opening costs a
millisecond or two a request, and closing the last connection to a WAL database
checkpoints it (copies the log back and syncs it: 13 ms, a third of a stored check).
A connection is never shared between threads.
"""

from __future__ import annotations

import threading
from typing import cast

from flask import current_app

from workbench.serve.desk import DeskSettings
from workbench.store.base import Store

_local = threading.local()


def desk_settings() -> DeskSettings:
    """The settings the application was made with."""
    return cast(DeskSettings, current_app.extensions["workbench"])


def store() -> Store:
    """This thread's connection to the desk's store (opened on first use)."""
    location = desk_settings().store
    stores: dict[str, Store] = _local.__dict__.setdefault("stores", {})
    if location not in stores:
        from workbench.store import open_store

        stores[location] = open_store(location)
    return stores[location]
