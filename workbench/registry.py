"""What plugins contribute through ``register_*`` hooks: loaders and exporters.

Each contribution is collected once per set of registered plugins and tagged with the
plugin that registered it; a later registration of the same name or media type replaces
an earlier one.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TypeVar

from workbench.errors import PluginError
from workbench.plugins import current_plugin, failures_to, get_plugin_manager
from workbench.types import Exporter, Loader

T = TypeVar("T", Loader, Exporter)


def _collect(hook_name: str, kind: type[T]) -> list[T]:
    """Call a ``register_*`` hook, tagging each item with the plugin that registered it."""
    manager = get_plugin_manager()
    if hook_name in manager.cache:
        return manager.cache[hook_name]
    collected: list[T] = []

    def register(item: T) -> None:
        plugin = current_plugin()
        if not isinstance(item, kind):
            raise PluginError(f"plugin {plugin} registered {item!r}, expected a "
                              f"{kind.__name__}")
        collected.append(replace(item, plugin=plugin))

    with failures_to(registration_failed):
        getattr(manager.hook, hook_name)(register=register)
    manager.cache[hook_name] = collected
    return collected


def registration_failed(plugin: str, error: BaseException) -> None:
    """Raise the failure of a ``register_*`` implementation as a :class:`PluginError`."""
    if isinstance(error, PluginError):
        raise error
    raise PluginError(f"plugin {plugin} failed to register: {type(error).__name__}: "
                      f"{error}") from error


def loaders() -> dict[str, Loader]:
    """Registered loaders by media type."""
    return {media_type: loader for loader in _collect("register_loaders", Loader)
            for media_type in loader.media_types}


def loader_for(media_type: str) -> Loader | None:
    """The loader registered for ``media_type``, if any."""
    return loaders().get(media_type)


def suffix_media_types() -> dict[str, str]:
    """Map each file suffix a loader accepts (``.html``) to its media type."""
    return {suffix: media_type for loader in _collect("register_loaders", Loader)
            for suffix, media_type in loader.suffixes.items()}


def exporters() -> dict[str, Exporter]:
    """Registered exporters by format name."""
    return {exporter.name: exporter for exporter in _collect("register_exporters", Exporter)}


def exporter(name: str) -> Exporter | None:
    """The exporter registered as ``name``, if any."""
    return exporters().get(name)
