"""What plugins contribute through ``register_*`` hooks: loaders and exporters.

Each contribution is collected once per process, tagged with the plugin that registered
it; a later registration of the same name or media type replaces an earlier one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

from workbench import isolation
from workbench.calls import implementations
from workbench.errors import PluginError
from workbench.plugins import (
    deferred_providers,
    generation,
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


def _nothing(_review: Review) -> str:
    return ""


@dataclass(frozen=True)
class Stream:
    """An exporter's output in pieces, so that a run never holds the whole review.

    The output is ``head(review)``, then ``part(entry)`` of each document entry with
    ``separator`` between two parts, then ``tail(review)``: what :meth:`whole` gives for a
    whole review. ``head`` sees the review without documents (``tool`` and ``generated``
    are set), ``tail`` sees it with its ``summary`` and ``failures`` (``documents`` still
    empty). ``part`` must depend on its entry alone: it may run in the worker process
    that checked the entry, so that documents are rendered in parallel. The pieces are
    all ``str`` or all ``bytes``.
    """

    part: Callable[[Review], str | bytes]
    head: Callable[[Review], str | bytes] = _nothing
    tail: Callable[[Review], str | bytes] = _nothing
    separator: str | bytes = ""

    def pieces(self, review: Review, parts: Iterable[str | bytes]) -> Iterator[str | bytes]:
        """The output in order: ``head``, the ``parts`` with separators, then ``tail``,
        made only once ``parts`` is exhausted (so ``review`` may be completed meanwhile)."""
        yield self.head(review)
        for number, part in enumerate(parts):
            if number:
                yield self.separator
            yield part
        yield self.tail(review)

    def whole(self, review: Review) -> str | bytes:
        """The output for ``review`` and all its documents, in one piece."""
        parts = map(self.part, review["documents"])
        empty: Any = b"" if isinstance(self.separator, bytes) else ""
        return empty.join(self.pieces({**review, "documents": []}, parts))


@dataclass(frozen=True)
class Exporter:
    """Turns a review into text or bytes in one format."""

    name: str
    description: str
    media_type: str
    suffix: str
    export: Callable[[Review], str | bytes]
    checkworthy_only: bool = False  # a reading view: `check` passes only check-worthy claims
    # Optional piece by piece form of ``export``, for runs too large to hold (see Stream).
    stream: Stream | None = None
    plugin: str = field(default="", compare=False)

    def part(self, entry: Review) -> str | bytes:
        """The stream's part for one document entry; the plugin's failure raised as a
        :class:`PluginError` naming it."""
        assert self.stream is not None
        try:
            return self.stream.part(entry)
        except Exception as error:
            raise PluginError(f"plugin {self.plugin} failed to export {self.name}: "
                              f"{type(error).__name__}: {error}") from error


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


