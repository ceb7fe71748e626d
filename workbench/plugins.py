"""The one plugin manager: entry points of group ``workbench``, loaded lazily, once.

Bundled plugins are entry points of this distribution, so they load through exactly the
call a third-party package's plugins do. Plugins that only register exporters, loaders or
commands are imported when one of their names is used (:mod:`workbench.manifest`).
``WORKBENCH_LOAD_PLUGINS=a,b`` loads only these entry points (empty: none). Hooks are
called plugin by plugin through :mod:`workbench.calls`.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import sys
import types
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pluggy

from workbench import hookspecs, isolation, manifest
from workbench.errors import PluginLoadError

ENTRY_POINT_GROUP = "workbench"


@dataclass(frozen=True)
class PluginInfo:
    """Where a registered plugin came from."""

    name: str
    origin: str  # "bundled", "entry point" or "--plugin"
    version: str | None = None
    distribution: str | None = None


class _PluginManager(pluggy.PluginManager):
    """pluggy's manager with a fast path when registering a module.

    pluggy inspects every attribute of a plugin with :func:`inspect.getattr_static`,
    about 1 ms per plugin module, most of start-up's registration time. In a module's
    namespace that lookup finds the attribute itself, so a plain function is a hook
    implementation exactly when it carries the marker, and anything that is not a
    function or method can be none; other attributes and other plugins go to pluggy.
    """

    def parse_hookimpl_opts(self, plugin: object, name: str) -> Any:
        if type(plugin) is types.ModuleType:
            value = plugin.__dict__.get(name)
            if isinstance(value, types.FunctionType):
                options = getattr(value, f"{self.project_name}_impl", None)
                return options if isinstance(options, dict) else None
            if not isinstance(value, staticmethod | classmethod | types.MethodType):
                return None
        return super().parse_hookimpl_opts(plugin, name)


_manager: pluggy.PluginManager | None = None
_info: dict[str, PluginInfo] = {}
_generation = 0
load_failures: list[tuple[str, str]] = []


class _Plan:
    """Which entry points a process loads up front and which it defers (workbench.manifest).

    A plain class: a dataclass costs start-up time to create (about 0.5 ms).
    """

    def __init__(self, entry_points: list[list[str | None]],
                 entries: dict[str, manifest.Entry] | None,
                 deferred: dict[str, list[str | None]]) -> None:
        self.entry_points = entry_points
        self.entries = entries  # None: no current manifest, so everything loads up front
        self.deferred = deferred  # name -> entry point, until imported
        self.owner: pluggy.PluginManager | None = None  # the manager deferred plugins join


_plan: _Plan | None = None


def get_plugin_manager() -> pluggy.PluginManager:
    """Return the process-wide plugin manager, with every entry point loaded.

    Internally a run uses :func:`_process_manager`, which leaves deferred plugins
    (exporters, loaders and commands the run does not use) unimported until asked for.
    """
    manager = run_manager()
    load_deferred()
    return manager


def run_manager() -> pluggy.PluginManager:
    """The plugin manager a run calls: every entry point loaded on first use, except the
    deferred ones (see :func:`load_deferred`)."""
    global _manager
    if _manager is None:
        manager = _PluginManager(ENTRY_POINT_GROUP)
        manager.add_hookspecs(hookspecs)
        _load_entry_points(manager)
        _manager = manager
    return _manager


def _allowed_names() -> set[str] | None:
    value = os.environ.get("WORKBENCH_LOAD_PLUGINS")
    if value is None:
        return None
    return {name.strip() for name in value.split(",") if name.strip()}


def cache_dir() -> Path:
    """Workbench's cache folder: ``WORKBENCH_CACHE_DIR``, else the user cache folder."""
    configured = os.environ.get("WORKBENCH_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "workbench"


def _path_key() -> tuple[list[list[Any]], str]:
    """``sys.path`` folders with their modification times, and a digest naming cache files."""
    key = [[entry, os.stat(entry).st_mtime_ns] for entry in sys.path if os.path.isdir(entry)]
    # One file per sys.path, so the script, `python -m` and pytest do not evict each other.
    path_digest = hashlib.sha256("\0".join(sys.path).encode()).hexdigest()[:12]
    return key, f"{sys.implementation.cache_tag}-{path_digest}"


def _installed_entry_points() -> list[list[str | None]]:
    """``[name, value, distribution, version]`` of every entry point in our group.

    Scanning installed distributions costs more than the rest of start-up, so the answer
    is cached, keyed by ``sys.path`` and the modification times of its folders (installing
    or removing a package changes its folder's time).
    """
    key, suffix = _path_key()
    cache_file = cache_dir() / f"entry-points-{suffix}.json"
    try:
        cached = json.loads(cache_file.read_text(encoding="utf-8"))
        if cached["key"] == key:
            return cached["entry_points"]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    from importlib.metadata import entry_points

    found = [[ep.name, ep.value, ep.dist.name if ep.dist else None,
              ep.dist.version if ep.dist else None]
             for ep in entry_points(group=ENTRY_POINT_GROUP)]
    with suppress(OSError):  # a read-only home only costs the scan next time
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        temporary = cache_file.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps({"key": key, "entry_points": found}), encoding="utf-8")
        os.replace(temporary, cache_file)
    return found


def _manifest_location() -> tuple[Path, list[Any]]:
    key, suffix = _path_key()
    return cache_dir() / f"plugins-{suffix}.json", [manifest.FORMAT, sys.path, key]


def _get_plan() -> _Plan:
    """The entry points this process loads (``WORKBENCH_LOAD_PLUGINS``), read once."""
    global _plan
    if _plan is None:
        allowed = _allowed_names()
        selected: dict[str, list[str | None]] = {}
        for entry_point in _installed_entry_points():
            name = str(entry_point[0])
            if (allowed is None or name in allowed) and name not in selected:
                selected[name] = entry_point  # the first of two same-named entry points wins
        entry_points = list(selected.values())
        entries = manifest.read(*_manifest_location(), entry_points)
        deferred = manifest.deferrable(entries) if entries is not None else {}
        _plan = _Plan(entry_points, entries,
                      {name: selected[name] for name in selected if name in deferred})
    return _plan


def _load_object(value: str) -> Any:
    module_name, _, attribute = value.partition(":")
    loaded: Any = importlib.import_module(module_name.strip())
    for part in filter(None, attribute.strip().split(".")):
        loaded = getattr(loaded, part)
    return loaded


def _load_entry_point(manager: pluggy.PluginManager, entry_point: list[str | None]) -> Any:
    """Import and register one entry point; None (and a load failure) when it fails."""
    name, value, dist_name, version = entry_point
    assert name is not None and value is not None
    try:
        plugin = _load_object(value)
    except Exception as error:  # a broken third-party package must not stop the tool
        load_failures.append((name, f"{type(error).__name__}: {error}"))
        return None
    manager.register(plugin, name=name)
    _info[name] = PluginInfo(
        name=name,
        origin="bundled" if dist_name == "workbench" else "entry point",
        version=version,
        distribution=dist_name,
    )
    return plugin


def _load_entry_points(manager: pluggy.PluginManager) -> None:
    plan = _get_plan()
    plan.owner = manager
    described: dict[str, manifest.Entry] = {}
    for entry_point in plan.entry_points:
        name = str(entry_point[0])
        if name in plan.deferred or manager.has_plugin(name):
            continue
        plugin = _load_entry_point(manager, entry_point)
        if plan.entries is None:
            described[name] = (manifest.failed(entry_point) if plugin is None
                               else manifest.describe(manager, plugin, entry_point))
    if plan.entries is None:
        packages = {str(value).partition(":")[0].strip().partition(".")[0]
                    for _, value, _, _ in plan.entry_points}
        manifest.write(*_manifest_location(), described, packages)


def load_deferred(names: Iterable[str] | None = None) -> list[str]:
    """Import and register deferred plugins (``names``, else all of them), in entry-point
    order; return the names registered."""
    global _generation
    plan = _plan
    if plan is None or not plan.deferred:
        return []
    manager = run_manager()
    if plan.owner is not manager:  # a test's manager (using_manager) defers nothing
        return []
    wanted = set(plan.deferred) if names is None else set(names) & plan.deferred.keys()
    loaded = []
    for name in [name for name in plan.deferred if name in wanted]:
        if _load_entry_point(manager, plan.deferred.pop(name)) is not None:
            loaded.append(name)
    if wanted:
        _generation += 1
    return loaded


def deferred_providers(hook_name: str, item: str | None = None) -> list[str]:
    """Deferred plugins implementing ``hook_name`` (a ``register_*`` hook) that register
    ``item`` (any item when None)."""
    run_manager()  # deferring is relative to the process manager, once it is loaded
    plan = _plan
    if plan is None or plan.entries is None or plan.owner is not _manager:
        return []  # no manifest, or a test's manager (using_manager): nothing is deferred
    field = manifest.DEFERRABLE_HOOKS[hook_name]
    return [name for name in plan.deferred
            if hook_name in plan.entries[name]["hooks"]
            and (item is None or item in plan.entries[name][field])]


def manifest_entries() -> dict[str, manifest.Entry] | None:
    """The manifest entries of the entry points this process loads (None: no manifest)."""
    return _get_plan().entries


def plugin_names() -> set[str]:
    """Names of every plugin: registered ones and deferred ones not imported yet."""
    manager = run_manager()
    names = {name for name, _ in manager.list_name_plugin()}
    if _plan is not None and _plan.owner is manager:
        names |= _plan.deferred.keys()
    return names


def generation() -> int:
    """A number that changes whenever plugins are registered or unregistered."""
    return _generation


def plugin_info(name: str) -> PluginInfo:
    """Return where the registered plugin ``name`` came from."""
    return _info.get(name, PluginInfo(name=name, origin="registered"))


def _import_plugin(spec: str) -> tuple[str, Any]:
    """Import a ``--plugin`` argument: a ``.py`` path or a module name.

    Whatever the import raises (``SystemExit`` too, but not ``KeyboardInterrupt``) is a
    :class:`PluginLoadError` naming the argument.
    """
    import importlib.util

    path = Path(spec)
    if path.is_dir():
        raise PluginLoadError(f"{spec}: is a folder; give a plugin's .py file or the name "
                              "of an importable module")
    if spec.endswith(".py"):
        if not path.is_file():
            raise PluginLoadError(f"{spec}: no such plugin file")
        name = path.stem
        module_name = f"workbench_cli_plugin_{name}"
        module_spec = importlib.util.spec_from_file_location(module_name, path)
        assert module_spec is not None and module_spec.loader is not None
        module = importlib.util.module_from_spec(module_spec)
        try:
            module_spec.loader.exec_module(module)
        except KeyboardInterrupt:
            raise
        except BaseException as error:
            raise PluginLoadError(_does_not_import(spec, error)) from None
        return name, module
    try:
        return spec, importlib.import_module(spec)
    except KeyboardInterrupt:
        raise
    except BaseException as error:
        hint = ""
        if isinstance(error, ModuleNotFoundError) and Path(f"{spec}.py").is_file():
            hint = f" (to load the file, give its path: ./{spec}.py)"
        raise PluginLoadError(_does_not_import(spec, error) + hint) from None


def _does_not_import(spec: str, error: BaseException) -> str:
    return f"{spec}: plugin does not import: {type(error).__name__}: {error}"


def register(plugin: object, name: str, origin: str = "registered") -> None:
    """Register a plugin object or module under ``name`` for the rest of the process."""
    global _generation
    manager = run_manager()
    if name in plugin_names():
        raise PluginLoadError(f"a plugin named {name!r} is already registered")
    if _contributes_names(manager, plugin):
        load_deferred()  # so it comes after every entry point, as without deferring
    manager.register(plugin, name=name)
    _info[name] = PluginInfo(name=name, origin=origin)
    _generation += 1


def _contributes_names(manager: pluggy.PluginManager, plugin: object) -> bool:
    """True when ``plugin`` implements a hook deferred plugins implement."""
    for attribute in dir(plugin):
        options = manager.parse_hookimpl_opts(plugin, attribute)
        if options is not None and (options.get("specname") or attribute) in \
                manifest.DEFERRABLE_HOOKS:
            return True
    return False


def unregister(name: str) -> None:
    """Remove the plugin registered under ``name``."""
    global _generation
    load_deferred([name])
    run_manager().unregister(name=name)
    _info.pop(name, None)
    _generation += 1


@contextmanager
def extra_plugins(specs: tuple[str, ...] | list[str]) -> Iterator[list[str]]:
    """Register ``--plugin`` modules or paths for the duration of one run."""
    added: list[str] = []
    try:
        for spec in specs:
            name, module = _import_plugin(spec)
            try:
                register(module, name, origin="--plugin")
            except PluginLoadError as error:
                raise PluginLoadError(f"{spec}: {error}") from None
            added.append(name)
        yield added
    finally:
        for name in added:
            unregister(name)


@contextmanager
def using_manager(manager: pluggy.PluginManager) -> Iterator[pluggy.PluginManager]:
    """Use ``manager`` instead of the process-wide one until the block ends (for tests)."""
    global _manager, _generation
    previous = _manager  # None stays None: the entry points load later, if ever needed
    _manager, _generation = manager, _generation + 1
    try:
        yield manager
    finally:
        _manager, _generation = previous, _generation + 1


@contextmanager
def use_settings(settings: isolation.Settings) -> Iterator[isolation.Settings]:
    """Run with ``settings`` (disabled plugins, time limits, options) until the block ends."""
    global _generation
    with isolation.applied(settings):
        _generation += 1  # contributions of disabled plugins drop out of the registry
        try:
            yield settings
        finally:
            _generation += 1


def hooks_of(plugin: object) -> list[str]:
    """Names of the hooks a registered plugin implements."""
    manager = get_plugin_manager()
    return sorted(caller.name for caller in manager.get_hookcallers(plugin) or [])
