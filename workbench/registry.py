"""What plugins contribute through ``register_*`` hooks: loaders and exporters.

Each contribution is collected once per process, tagged with the plugin that registered
it; a later registration of the same name or media type replaces an earlier one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

from workbench import isolation
from workbench.errors import PluginError
from workbench.plugins import (
    deferred_providers,
    generation,
    implementations,
    load_deferred,
    manifest_entries,
)

Review = dict[str, Any]
Document = dict[str, Any]


@dataclass(frozen=True)
class RawInput:
    """Bytes of one input before a loader sees them.

    ``encoding`` is how the run asks text to be decoded (``check --encoding``): a Python
    codec name (``utf-8``, the default, or ``cp1252``...) or ``"auto"``, to detect the
    character set and say so in a note. A loader that decodes text honours it; the
    bundled ones do it with ``workbench_plugins.text_loader.decode(raw)``, which also
    reads byte-order marks and refuses binary data.
    """

    uri: str
    data: bytes
    media_type: str
    encoding: str = "utf-8"


@dataclass(frozen=True)
class Loader:
    """Turns :class:`RawInput` of some media types into a Document record."""

    name: str
    media_types: tuple[str, ...]
    suffixes: dict[str, str]  # file suffix -> media type, for folder scans
    load: Callable[[RawInput], Document]
    plugin: str = field(default="", compare=False)


@dataclass(frozen=True)
class Exporter:
    """Turns a review into text or bytes in one format."""

    name: str
    description: str
    media_type: str
    suffix: str
    export: Callable[[Review], str | bytes]
    checkworthy_only: bool = False  # a reading view: `check` passes only check-worthy claims
    # Optional streaming form, for runs too large to hold: ``stream(review, entries)`` yields
    # the same output as ``export`` in chunks. ``review["documents"]`` is empty and
    # ``entries`` yields the document entries one by one; ``review["summary"]`` and
    # ``review["failures"]`` are complete once ``entries`` is exhausted.
    stream: Callable[[Review, Iterator[Review]], Iterator[str | bytes]] | None = None
    plugin: str = field(default="", compare=False)


def _collect(hook_name: str, kind: type) -> list[Any]:
    """Call a ``register_*`` hook plugin by plugin, tagging each item with its plugin."""
    collected: list[Any] = []
    for plugin_name, call in implementations(hook_name):

        def register(item: Any, _plugin: str = plugin_name) -> None:
            if not isinstance(item, kind):
                raise PluginError(
                    f"plugin {_plugin} registered {item!r}, expected a {kind.__name__}"
                )
            collected.append(replace(item, plugin=_plugin))

        try:
            call(register=register)
        except PluginError:
            raise
        except Exception as error:
            raise PluginError(
                f"plugin {plugin_name} failed to register: {type(error).__name__}: {error}"
            ) from error
    return collected


def loaders() -> dict[str, Loader]:
    """Registered loaders by media type."""
    load_deferred(deferred_providers("register_loaders"))
    return _loaders(generation())


@cache
def _loaders(_generation: int) -> dict[str, Loader]:
    return {media_type: loader for loader in _collect("register_loaders", Loader)
            for media_type in loader.media_types}


def loader_for(media_type: str) -> Loader | None:
    """The loader registered for ``media_type``, if any (importing only its plugin)."""
    load_deferred(deferred_providers("register_loaders", media_type))
    return _loaders(generation()).get(media_type)


def suffix_media_types() -> dict[str, str]:
    """Map each file suffix a loader accepts (``.html``) to its media type.

    Deferred loader plugins are not imported for this: the manifest holds their suffixes
    (each claimed by no other entry point), less those of plugins the run disables.
    """
    settings = isolation.active()
    entries = manifest_entries() or {}
    deferred = {suffix: media_type for plugin in deferred_providers("register_loaders")
                if not settings.skips(plugin)
                for suffix, media_type in entries[plugin]["suffixes"].items()}
    loaded = {suffix: media_type for loader in _loaders(generation()).values()
              for suffix, media_type in loader.suffixes.items()}
    return {**deferred, **loaded}


def exporters() -> dict[str, Exporter]:
    """Registered exporters by format name."""
    load_deferred(deferred_providers("register_exporters"))
    return _exporters(generation())


def exporter(name: str) -> Exporter | None:
    """The exporter registered as ``name``, importing only the plugin that registers it."""
    load_deferred(deferred_providers("register_exporters", name))
    return _exporters(generation()).get(name)


@cache
def _exporters(_generation: int) -> dict[str, Exporter]:
    return {exporter.name: exporter for exporter in _collect("register_exporters", Exporter)}


