"""The entry points of the ``workbench`` group, remembered between runs.

Finding them means importing :mod:`importlib.metadata` and reading every installed
distribution, about a fifth of a cold ``workbench check`` of one article. So the answer
is kept in a small JSON file in the cache folder, keyed by ``sys.path``, the modification
times of its folders (installing or removing a package changes its folder's time) and of
the ``entry_points.txt`` of each distribution in them (reinstalling one in place changes
that file), and found again only when that key changes.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from contextlib import suppress
from pathlib import Path
from typing import Any

GROUP = "workbench"


def cache_dir() -> Path:
    """Workbench's cache folder: ``WORKBENCH_CACHE_DIR``, else the user cache folder."""
    configured = os.environ.get("WORKBENCH_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "workbench"


def entry_points() -> list[tuple[str, str, str | None]]:
    """``(name, value, distribution)`` of every entry point in the group, in the order
    :func:`importlib.metadata.entry_points` gives them."""
    key = [[entry, os.stat(entry).st_mtime_ns, _entry_point_files(entry)]
           for entry in sys.path if os.path.isdir(entry)]
    digest = hashlib.sha256("\0".join(sys.path).encode()).hexdigest()[:12]
    cache_file = cache_dir() / f"entry-points-{sys.implementation.cache_tag}-{digest}.json"
    with suppress(OSError, ValueError, KeyError, TypeError):
        cached = json.loads(cache_file.read_text(encoding="utf-8"))
        if cached["key"] == key:
            return [(name, value, dist) for name, value, dist in cached["entry_points"]]
    from importlib.metadata import entry_points as installed

    found = [(ep.name, ep.value, ep.dist.name if ep.dist else None)
             for ep in installed(group=GROUP)]
    with suppress(OSError):  # a read-only home only costs the search next time
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        temporary = cache_file.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps({"key": key, "entry_points": found}), encoding="utf-8")
        os.replace(temporary, cache_file)
    return found


def _entry_point_files(folder: str) -> list[int]:
    """The modification times of the ``entry_points.txt`` of the distributions in a
    folder of ``sys.path``."""
    times = []
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.endswith(".dist-info"):
                    try:
                        times.append(os.stat(os.path.join(entry.path, "entry_points.txt"))
                                     .st_mtime_ns)
                    except OSError:
                        continue
    except OSError:
        return []
    return sorted(times)


def load(value: str) -> Any:
    """The object an entry point's value (``module:attribute``) names, imported."""
    import importlib

    module_name, _, attribute = value.partition(":")
    loaded: Any = importlib.import_module(module_name.strip())
    for part in filter(None, attribute.strip().split(".")):
        loaded = getattr(loaded, part)
    return loaded


def version(distribution: str | None) -> str | None:
    """The installed version of ``distribution`` (None for none)."""
    if distribution is None:
        return None
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed_version

    try:
        return installed_version(distribution)
    except PackageNotFoundError:
        return None
