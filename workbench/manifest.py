"""A cached manifest of what each entry-point plugin contributes, so a run imports only
the plugins it calls.

Most plugins implement per-document hooks that every ``check`` calls, but exporters,
loaders and plugin commands are used one at a time: ``check story.txt --format json``
needs one exporter of a dozen, the plain-text loader and none of the plugin commands.
The manifest records, per entry point, the hooks its plugin implements and the exporter
names, loader media types and suffixes, and command names it registers; a plugin whose
only hooks are ``register_*`` hooks is then *deferred*: :mod:`workbench.plugins` imports
it only when one of its names is asked for, or when something needs every plugin
(``workbench plugins``, the full exporter list, help). A folder scan reads the deferred
loaders' suffixes from the manifest.

The manifest is written after a run that imported every plugin and trusted only while
nothing it was built from changed: the same ``sys.path`` with the same folder times (as
the entry-point cache), the same entry points (name, module, distribution, version), and
the same modification time and size of every module file of the plugins' packages. A
plugin is deferred only when each of its names is registered by no other entry point, so
loading it late cannot change which registration wins; an explicitly registered plugin
that registers exporters or commands first loads every deferred plugin (see
:func:`workbench.plugins.register`), so it still comes after every entry point.
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from contextlib import suppress
from pathlib import Path
from typing import Any

# The hooks whose contributions are named, and the manifest field holding the names (for
# loaders: their media types and ``suffix:.ext`` for each file suffix they claim).
DEFERRABLE_HOOKS = {"register_exporters": "exporters", "register_commands": "commands",
                    "register_loaders": "loaders"}

# Part of the manifest's key: a manifest written in another layout is rebuilt.
FORMAT = 2

EntryPoint = Sequence[str | None]  # [name, value, distribution, version]
Entry = dict[str, Any]  # {"value", "distribution", "version", "hooks", "exporters", ...}


def _file_stats(paths: Iterable[str]) -> dict[str, list[int]]:
    stats = {}
    for path in paths:
        try:
            status = os.stat(path)
        except OSError:
            stats[path] = [-1, -1]
        else:
            stats[path] = [status.st_mtime_ns, status.st_size]
    return stats


def read(cache_file: Path, key: list[Any],
         entry_points: Sequence[EntryPoint]) -> dict[str, Entry] | None:
    """The manifest entries of ``entry_points``, or None unless all are known and current."""
    try:
        cached = json.loads(cache_file.read_text(encoding="utf-8"))
        if cached["key"] != key:
            return None
        entries: dict[str, Entry] = cached["plugins"]
        files: dict[str, list[int]] = cached["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    wanted = {}
    for name, value, distribution, version in entry_points:
        entry = entries.get(str(name))
        if entry is None or [entry.get("value"), entry.get("distribution"),
                             entry.get("version")] != [value, distribution, version]:
            return None
        wanted[str(name)] = entry
    if _file_stats(files) != files:
        return None
    return wanted


def write(cache_file: Path, key: list[Any], entries: dict[str, Entry],
          packages: Iterable[str]) -> None:
    """Save ``entries`` with the module files of ``packages`` (best effort).

    Entries of a still-current manifest for other entry points (another
    ``WORKBENCH_LOAD_PLUGINS`` selection) are kept.
    """
    prefixes = tuple(f"{package}." for package in packages)
    roots = set(packages)
    paths = sorted(
        module.__file__ for name, module in list(sys.modules.items())
        if (name in roots or name.startswith(prefixes)) and getattr(module, "__file__", None)
    )
    files = _file_stats(paths)
    merged = dict(entries)
    with suppress(OSError, ValueError, KeyError, TypeError):
        previous = json.loads(cache_file.read_text(encoding="utf-8"))
        if previous["key"] == key and _file_stats(previous["files"]) == previous["files"]:
            merged = {**previous["plugins"], **entries}
            files = {**previous["files"], **files}
    with suppress(OSError):  # a read-only home only costs the full import next time
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        temporary = cache_file.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps({"key": key, "files": files, "plugins": merged}),
                             encoding="utf-8")
        os.replace(temporary, cache_file)


def _called(impl: Any, argument: str, value: Any) -> bool:
    """Call one ``register_*`` implementation on a scratch target; False if it raises."""
    try:
        impl.function(**{name: value for name in impl.argnames if name == argument})
    except Exception:
        return False
    return True


def describe(manager: Any, plugin: object, entry_point: EntryPoint) -> Entry:
    """The manifest entry of a registered plugin: its hooks and the names it registers.

    Names are found by calling its ``register_exporters`` (with a collecting callback)
    and ``register_commands`` (with a scratch click group). A plugin whose call fails or
    registers nothing gets ``None`` there, which keeps it from being deferred.
    """
    _, value, distribution, version = entry_point
    callers = manager.get_hookcallers(plugin) or []
    entry: Entry = {"value": value, "distribution": distribution, "version": version,
                    "hooks": sorted(caller.name for caller in callers)}
    for caller in callers:
        impl = next((i for i in caller.get_hookimpls() if i.plugin is plugin), None)
        if impl is None or caller.name not in DEFERRABLE_HOOKS:
            continue
        if caller.name == "register_exporters":
            from workbench.registry import Exporter

            exported: list[str | None] = []

            def register(item: Any, _into: list[str | None] = exported) -> None:
                _into.append(item.name if isinstance(item, Exporter) else None)

            known = _called(impl, "register", register) and None not in exported
            entry["exporters"] = sorted(map(str, exported)) or None if known else None
        elif caller.name == "register_loaders":
            entry["loaders"], entry["suffixes"] = _loader_names(impl)
        else:
            import click

            scratch = click.Group()
            entry["commands"] = (sorted(scratch.commands) or None
                                 if _called(impl, "cli", scratch) else None)
    return entry


def _loader_names(impl: Any) -> tuple[list[str] | None, dict[str, str]]:
    """Media types and ``suffix:.ext`` names a loader plugin registers, with its suffixes."""
    from workbench.registry import Loader

    loaders: list[Any] = []
    if not _called(impl, "register", loaders.append) or not loaders or not all(
            isinstance(loader, Loader) for loader in loaders):
        return None, {}
    suffixes = {suffix: media_type for loader in loaders
                for suffix, media_type in loader.suffixes.items()}
    names = {media_type for loader in loaders for media_type in loader.media_types}
    return sorted(names | {f"suffix:{suffix}" for suffix in suffixes}), suffixes


def failed(entry_point: EntryPoint) -> Entry:
    """The entry of an entry point that did not import: never deferred."""
    _, value, distribution, version = entry_point
    return {"value": value, "distribution": distribution, "version": version, "hooks": []}


def deferrable(entries: dict[str, Entry]) -> dict[str, Entry]:
    """The entries whose plugins may be imported only when one of their names is needed.

    A plugin qualifies when it implements only ``register_*`` hooks with named
    contributions, each name is registered by no other entry point, and no other entry
    point implements one of those hooks with names the manifest does not know.
    """
    counts: Counter[tuple[str, str]] = Counter()
    unknown = set()
    for entry in entries.values():
        for hook, field in DEFERRABLE_HOOKS.items():
            if hook not in entry["hooks"]:
                continue
            if entry.get(field) is None:
                unknown.add(hook)
            counts.update((hook, name) for name in entry.get(field) or [])
    chosen = {}
    for name, entry in entries.items():
        hooks = set(entry["hooks"])
        if not hooks or not hooks <= DEFERRABLE_HOOKS.keys() or hooks & unknown:
            continue
        if all(counts[hook, item] == 1 for hook in hooks
               for item in entry[DEFERRABLE_HOOKS[hook]]):
            chosen[name] = entry
    return chosen
