"""The one plugin manager: entry points of group ``workbench``, loaded once, on first use.

Bundled plugins are entry points of this distribution, so they load through exactly the
call a third-party package's plugins do. Hooks are called through pluggy
(``get_plugin_manager().hook.NAME(...)``), so hook wrappers, ``tryfirst``/``trylast`` and
``firstresult`` work as pluggy documents them.

Failures. Each hook implementation is guarded when it is registered: when it raises, the
error goes to the failure handler of the document being checked (see :func:`failures_to`),
which reports the plugin by name, and the call goes on without its result. Outside a
check (``register_*`` hooks, commands) the error is raised as usual. A plugin that does
not return is stopped by the per-document time limit (``timeout`` in ``workbench.toml``,
60 s by default): the document is reported as not checked, naming the plugin that was
running, and the run goes on with the next one.

``WORKBENCH_LOAD_PLUGINS=a,b`` loads only these entry points (empty: none);
``WORKBENCH_TRACE_PLUGINS=1`` prints every hook implementation's call and time to stderr.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any, NamedTuple

import pluggy

from workbench import entrypoints, hookspecs
from workbench.errors import InputError, PluginLoadError

ENTRY_POINT_GROUP = entrypoints.GROUP
FailureHandler = Callable[[str, BaseException], None]


class DocumentTimeout(BaseException):
    """A document's time limit ran out; ``plugin`` is the one that was running.

    Not an :class:`Exception`, so that a plugin's ``except Exception`` cannot swallow it.
    """

    def __init__(self, seconds: float) -> None:
        super().__init__(f"not checked within {seconds:g} s")
        self.seconds = seconds
        self.plugin: str | None = None


class PluginInfo(NamedTuple):
    """Where a registered plugin came from (for an entry point, its distribution)."""

    name: str
    origin: str  # "bundled", "entry point", "--plugin" or "registered"
    distribution: str | None = None

    @property
    def version(self) -> str | None:
        """The installed version of the plugin's distribution, if any."""
        return entrypoints.version(self.distribution)


_handler: ContextVar[FailureHandler | None] = ContextVar("workbench_failures", default=None)
_origins: ContextVar[dict[int, tuple[str, Any]] | None] = ContextVar("workbench_origins",
                                                                      default=None)
_current: ContextVar[str] = ContextVar("workbench_plugin", default="")


def _guard(function: Callable[..., Any], plugin: str, hook: str) -> Callable[..., Any]:
    """``function`` made to report its failures instead of raising them (see module doc)."""
    trace = bool(os.environ.get("WORKBENCH_TRACE_PLUGINS"))

    def guarded(*args: Any) -> Any:
        token = _current.set(plugin)
        started = time.perf_counter() if trace else 0.0
        try:
            result = function(*args)
        except (InputError, pluggy.PluginValidationError):
            raise
        except (Exception, SystemExit) as error:
            handler = _handler.get()
            if handler is None:
                raise
            handler(plugin, error)
            return None
        except DocumentTimeout as timeout:
            timeout.plugin = timeout.plugin or plugin
            raise
        finally:
            _current.reset(token)
            if trace:
                elapsed = (time.perf_counter() - started) * 1000
                print(f"trace: {plugin}.{hook} {elapsed:.2f} ms", file=sys.stderr)
        origins = _origins.get()
        if origins is not None and result is not None:
            origins[id(result)] = (plugin, result)
        return result

    guarded.__wrapped__ = function  # type: ignore[attr-defined]
    return guarded


class PluginManager(pluggy.PluginManager):
    """pluggy's manager for the ``workbench`` hooks, guarding implementations as they are
    registered; ``cache`` holds what is collected from the plugins (loaders, exporters,
    commands) until a plugin is registered or unregistered."""

    def __init__(self) -> None:
        super().__init__(ENTRY_POINT_GROUP)
        self.add_hookspecs(hookspecs)
        self.cache: dict[str, Any] = {}
        self.info: dict[str, PluginInfo] = {}
        self.wrappers: dict[Any, str] = {}  # code of each hook wrapper -> its plugin

    def register(self, plugin: object, name: str | None = None) -> str | None:
        """Register ``plugin`` as pluggy does, guarding each implementation but wrappers."""
        registered = super().register(plugin, name)
        if registered is not None:
            for caller in self.get_hookcallers(plugin) or []:
                for impl in caller.get_hookimpls():
                    if impl.plugin is not plugin:
                        continue
                    if impl.wrapper or impl.hookwrapper:
                        self.wrappers[impl.function.__code__] = registered
                    else:
                        impl.function = _guard(impl.function,  # type: ignore[misc]
                                               registered, caller.name)
            self.info.setdefault(registered, PluginInfo(registered, "registered"))
            self.cache.clear()
        return registered

    def unregister(self, plugin: object | None = None, name: str | None = None) -> Any:
        """Unregister as pluggy does."""
        removed = super().unregister(plugin, name)
        self.cache.clear()
        return removed

    def culprit(self, error: BaseException) -> str | None:
        """The plugin of the hook wrapper an error escaped from, if it came from one
        (guarded implementations never let one escape)."""
        traceback = error.__traceback__
        names = []
        while traceback is not None:
            names.append(self.wrappers.get(traceback.tb_frame.f_code))
            traceback = traceback.tb_next
        return next((name for name in reversed(names) if name), None)


_manager: PluginManager | None = None
load_failures: list[tuple[str, str]] = []


def get_plugin_manager() -> PluginManager:
    """The process-wide plugin manager, its entry points loaded on the first call."""
    global _manager
    if _manager is None:
        _manager = PluginManager()
        _load_entry_points(_manager)
    return _manager


def _load_entry_points(manager: PluginManager) -> None:
    """Register every entry point of the group (those ``WORKBENCH_LOAD_PLUGINS`` lists);
    one that does not import is recorded in :data:`load_failures`, the others still load."""
    allowed = os.environ.get("WORKBENCH_LOAD_PLUGINS")
    names = None if allowed is None else {n.strip() for n in allowed.split(",") if n.strip()}
    for name, value, distribution in entrypoints.entry_points():
        if (names is not None and name not in names) or manager.has_plugin(name):
            continue  # not allowed, or the first of two same-named entry points won
        try:
            plugin = entrypoints.load(value)
        except Exception as error:  # a broken third-party package must not stop the tool
            load_failures.append((name, f"{type(error).__name__}: {error}"))
            continue
        manager.register(plugin, name=name)
        origin = "bundled" if distribution == "workbench" else "entry point"
        manager.info[name] = PluginInfo(name, origin, distribution)


@contextmanager
def using_manager(manager: PluginManager) -> Iterator[PluginManager]:
    """Use ``manager`` instead of the process-wide one until the block ends (for tests)."""
    global _manager
    previous, _manager = _manager, manager
    try:
        yield manager
    finally:
        _manager = previous


@contextmanager
def failures_to(handler: FailureHandler) -> Iterator[None]:
    """Hand the failures of hook implementations inside the block to ``handler(plugin,
    error)`` instead of raising them."""
    token = _handler.set(handler)
    try:
        yield
    finally:
        _handler.reset(token)


@contextmanager
def attributed() -> Iterator[Callable[[Any], str]]:
    """Inside the block, hook results can be traced to their plugin: the block gets
    ``plugin_of(result)``, the name of the plugin that returned ``result`` (or
    ``"hook wrapper"`` for a result a wrapper made)."""
    origins: dict[int, tuple[str, Any]] = {}
    token = _origins.set(origins)
    try:
        yield lambda result: origins.get(id(result), ("hook wrapper", None))[0]
    finally:
        _origins.reset(token)


def current_plugin() -> str:
    """The name of the plugin whose hook implementation is running (``""`` outside one)."""
    return _current.get()


def plugin_info(name: str) -> PluginInfo:
    """Where the registered plugin ``name`` came from."""
    return get_plugin_manager().info.get(name, PluginInfo(name, "registered"))


def hooks_of(plugin: object) -> list[str]:
    """Names of the hooks a registered plugin implements."""
    callers = get_plugin_manager().get_hookcallers(plugin) or []
    return sorted(caller.name for caller in callers)


def register(plugin: object, name: str, origin: str = "registered") -> None:
    """Register ``plugin`` under ``name`` for the rest of the process (or until
    :func:`unregister`)."""
    manager = get_plugin_manager()
    if manager.has_plugin(name):
        raise PluginLoadError(f"a plugin named {name!r} is already registered")
    manager.register(plugin, name=name)
    manager.info[name] = PluginInfo(name, origin)


def unregister(name: str) -> None:
    """Remove the plugin registered under ``name``."""
    manager = get_plugin_manager()
    manager.unregister(name=name)
    manager.info.pop(name, None)


@contextmanager
def without(names: set[str] | frozenset[str]) -> Iterator[None]:
    """Leave the plugins ``names`` out until the block ends (``--disable``)."""
    manager = get_plugin_manager()
    removed = [(name, manager.get_plugin(name)) for name in sorted(names)
               if manager.has_plugin(name)]
    for name, _ in removed:
        manager.unregister(name=name)
    try:
        yield
    finally:
        for name, plugin in removed:
            manager.register(plugin, name=name)


@contextmanager
def extra_plugins(specs: list[str]) -> Iterator[list[str]]:
    """Register ``--plugin`` modules or ``.py`` paths for the duration of one run."""
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


def _import_plugin(spec: str) -> tuple[str, Any]:
    """Import a ``--plugin`` argument: a ``.py`` path or a module name. Whatever the import
    raises (``SystemExit`` too, not ``KeyboardInterrupt``) is a :class:`PluginLoadError`."""
    import importlib.util

    path = Path(spec)
    if path.is_dir():
        raise PluginLoadError(f"{spec}: is a folder; give a plugin's .py file or the name "
                              "of an importable module")
    try:
        if not spec.endswith(".py"):
            return spec, importlib.import_module(spec)
        if not path.is_file():
            raise PluginLoadError(f"{spec}: no such plugin file")
        module_spec = importlib.util.spec_from_file_location(
            f"workbench_cli_plugin_{path.stem}", path)
        assert module_spec is not None and module_spec.loader is not None
        module = importlib.util.module_from_spec(module_spec)
        module_spec.loader.exec_module(module)
        return path.stem, module
    except (KeyboardInterrupt, PluginLoadError):
        raise
    except BaseException as error:
        hint = ""
        if isinstance(error, ModuleNotFoundError) and Path(f"{spec}.py").is_file():
            hint = f" (to load the file, give its path: ./{spec}.py)"
        raise PluginLoadError(f"{spec}: plugin does not import: {type(error).__name__}: "
                              f"{error}{hint}") from None
