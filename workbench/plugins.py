"""The one plugin manager: entry points of group ``workbench``, loaded lazily, once.

Bundled plugins are entry points of this distribution, so they load through exactly the
call a third-party package's plugins do. Two environment variables make loading
inspectable:

- ``WORKBENCH_LOAD_PLUGINS=a,b``: load only these entry points (empty: none).
- ``WORKBENCH_TRACE_PLUGINS=1``: print every hook call, its plugin and its time to stderr.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pluggy

from workbench import hookspecs, isolation
from workbench.errors import PluginLoadError

ENTRY_POINT_GROUP = "workbench"


@dataclass(frozen=True)
class PluginInfo:
    """Where a registered plugin came from."""

    name: str
    origin: str  # "bundled", "entry point" or "--plugin"
    version: str | None = None
    distribution: str | None = None


_manager: pluggy.PluginManager | None = None
_info: dict[str, PluginInfo] = {}
_generation = 0
load_failures: list[tuple[str, str]] = []


def get_plugin_manager() -> pluggy.PluginManager:
    """Return the process-wide plugin manager, loading entry points on first use."""
    global _manager
    if _manager is None:
        manager = pluggy.PluginManager(ENTRY_POINT_GROUP)
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


def _installed_entry_points() -> list[list[str | None]]:
    """``[name, value, distribution, version]`` of every entry point in our group.

    Scanning installed distributions costs more than the rest of start-up, so the answer
    is cached, keyed by ``sys.path`` and the modification times of its folders (installing
    or removing a package changes its folder's time).
    """
    key = [[entry, os.stat(entry).st_mtime_ns] for entry in sys.path if os.path.isdir(entry)]
    # One file per sys.path, so the script, `python -m` and pytest do not evict each other.
    path_digest = hashlib.sha256("\0".join(sys.path).encode()).hexdigest()[:12]
    cache_file = cache_dir() / f"entry-points-{sys.implementation.cache_tag}-{path_digest}.json"
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


def _load_object(value: str) -> Any:
    module_name, _, attribute = value.partition(":")
    loaded: Any = importlib.import_module(module_name.strip())
    for part in filter(None, attribute.strip().split(".")):
        loaded = getattr(loaded, part)
    return loaded


def _load_entry_points(manager: pluggy.PluginManager) -> None:
    allowed = _allowed_names()
    for name, value, dist_name, version in _installed_entry_points():
        assert name is not None and value is not None
        if (allowed is not None and name not in allowed) or manager.has_plugin(name):
            continue
        try:
            plugin = _load_object(value)
        except Exception as error:  # a broken third-party package must not stop the tool
            load_failures.append((name, f"{type(error).__name__}: {error}"))
            continue
        manager.register(plugin, name=name)
        _info[name] = PluginInfo(
            name=name,
            origin="bundled" if dist_name == "workbench" else "entry point",
            version=version,
            distribution=dist_name,
        )


def generation() -> int:
    """A number that changes whenever plugins are registered or unregistered."""
    return _generation


def plugin_info(name: str) -> PluginInfo:
    """Return where the registered plugin ``name`` came from."""
    return _info.get(name, PluginInfo(name=name, origin="registered"))


def _import_plugin(spec: str) -> tuple[str, Any]:
    """Import a ``--plugin`` argument: a ``.py`` path or a module name."""
    path = Path(spec)
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
        except Exception as error:
            raise PluginLoadError(
                f"{spec}: plugin does not import: {type(error).__name__}: {error}"
            ) from None
        return name, module
    try:
        return spec, importlib.import_module(spec)
    except Exception as error:
        raise PluginLoadError(
            f"{spec}: plugin does not import: {type(error).__name__}: {error}"
        ) from None


def register(plugin: object, name: str, origin: str = "registered") -> None:
    """Register a plugin object or module under ``name`` for the rest of the process."""
    global _generation
    manager = get_plugin_manager()
    if manager.has_plugin(name):
        raise PluginLoadError(f"a plugin named {name!r} is already registered")
    manager.register(plugin, name=name)
    _info[name] = PluginInfo(name=name, origin=origin)
    _generation += 1


def unregister(name: str) -> None:
    """Remove the plugin registered under ``name``."""
    global _generation
    get_plugin_manager().unregister(name=name)
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


def _hookimpls(hook_name: str) -> Iterator[Any]:
    """The implementations of a hook in pluggy's order, less those the run skips (checked
    as each is reached, so a plugin that times out on the way is left out)."""
    settings = isolation.active()
    for impl in reversed(getattr(get_plugin_manager().hook, hook_name).get_hookimpls()):
        if not settings.skips(impl.plugin_name):
            yield impl


def _guarded(impl: Any, hook_name: str, kwargs: dict[str, Any],
             pictures: dict[str, Any] | None, trace: bool, check_records: bool = True) -> Any:
    """One implementation called through :func:`workbench.isolation.guarded_call`."""
    call = (impl.plugin_name, hook_name, impl.function, tuple(impl.argnames), kwargs,
            pictures, check_records)
    if not trace:
        return isolation.guarded_call(*call)
    started = time.perf_counter()
    try:
        return isolation.guarded_call(*call)
    finally:
        elapsed = (time.perf_counter() - started) * 1000
        print(f"trace: {impl.plugin_name}.{hook_name} {elapsed:.2f} ms", file=sys.stderr)


def implementations(hook_name: str) -> Iterator[tuple[str, Callable[..., Any]]]:
    """Yield ``(plugin_name, call)`` for each implementation of a hook, in pluggy's order.

    Plugins disabled for the run, or timed out earlier in it, are left out.
    ``call(**kwargs)`` passes each implementation only the arguments it asks for, under
    the rules of :func:`workbench.isolation.guarded_call` (time limit, result type, no
    mutation), and prints its time to stderr when ``WORKBENCH_TRACE_PLUGINS`` is set.
    """
    trace = bool(os.environ.get("WORKBENCH_TRACE_PLUGINS"))
    for impl in _hookimpls(hook_name):

        def call(_impl: Any = impl, **kwargs: Any) -> Any:
            return _guarded(_impl, hook_name, kwargs, None, trace)

        yield impl.plugin_name, call


def call_each(
    hook_name: str,
    on_error: Callable[[str, BaseException], None],
    firstresult: bool = False,
    **kwargs: Any,
) -> list[tuple[str, Any]]:
    """Call every implementation of a hook on its own.

    A plugin that raises, times out, returns the wrong type or changes its arguments
    (:mod:`workbench.isolation`) is handed to ``on_error(plugin_name, error)`` and the
    others still run, so one broken plugin never hides the results of the rest. Returns
    ``(plugin_name, result)`` for each non-None result (only the first, if
    ``firstresult``).

    The arguments are fingerprinted once, and compared once after all the
    implementations ran: per-claim hooks run thousands of times, and the comparison
    costs more than most plugins. Only when something changed are the arguments put
    back and the implementations run again, each checked on its own, to find which one
    changed them; the results of that second round are the ones returned.
    """
    trace = bool(os.environ.get("WORKBENCH_TRACE_PLUGINS"))
    if hook_name.startswith("register_"):
        results, errors = _call_all(hook_name, kwargs, None, firstresult, trace, True)
    else:
        pictures = isolation.fingerprint(hook_name, kwargs)
        results, errors = _call_all(hook_name, kwargs, pictures, firstresult, trace, False)
        if isolation.restore(kwargs, pictures):
            timeouts = [(name, error) for name, error in errors
                        if isinstance(error, isolation.PluginTimeout)]
            results, errors = _call_all(hook_name, kwargs, pictures, firstresult, trace, True)
            errors = timeouts + errors  # a plugin that timed out is not called again
    for plugin_name, error in errors:
        on_error(plugin_name, error)
    return results


def _call_all(hook_name: str, kwargs: dict[str, Any], pictures: dict[str, Any] | None,
              firstresult: bool, trace: bool, check_records: bool
              ) -> tuple[list[tuple[str, Any]], list[tuple[str, Exception]]]:
    """One round of :func:`call_each`: the results and the errors, by plugin name."""
    results: list[tuple[str, Any]] = []
    errors: list[tuple[str, Exception]] = []
    for impl in _hookimpls(hook_name):
        try:
            result = _guarded(impl, hook_name, kwargs, pictures, trace, check_records)
        except Exception as error:
            errors.append((impl.plugin_name, error))
            continue
        if result is not None:
            results.append((impl.plugin_name, result))
            if firstresult:
                break
    return results, errors


def hooks_of(plugin: object) -> list[str]:
    """Names of the hooks a registered plugin implements."""
    manager = get_plugin_manager()
    return sorted(caller.name for caller in manager.get_hookcallers(plugin) or [])
