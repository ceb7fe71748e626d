"""The small value types plugins and the core exchange: inputs, loaders, exporters, options.

A leaf module (it imports only :mod:`workbench.errors`), so hook specifications, records
and plugins can all depend on it without cycles. Records themselves (documents, claims,
signals, verdicts) are plain dicts shaped by the JSON Schemas in ``schemas/``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from workbench.errors import PluginError

Record = dict[str, Any]


@dataclass(frozen=True)
class RawInput:
    """Bytes of one input before a loader sees them.

    ``encoding`` is how the run asks text to be decoded (``check --encoding``): a Python
    codec name (``utf-8``, the default, or ``cp1252``...) or ``"auto"``, to detect the
    character set and say so in a note. A loader that decodes text honours it; the
    bundled ones do it with ``workbench_plugins.loaders.text.decode(raw)``, which also
    reads byte-order marks and refuses binary data.

    ``keep_all`` asks the loader to keep every visible part of the input (``check
    --keep-all``): no page furniture is left out.

    ``published`` is a publication date the source gives beside the content (a table of
    articles' ``date`` column); the core sets it on the loaded document.
    """

    uri: str
    data: bytes
    media_type: str
    encoding: str = "utf-8"
    keep_all: bool = False
    published: str | None = None


@dataclass(frozen=True)
class Loader:
    """Turns :class:`RawInput` of some media types into a Document record."""

    name: str
    media_types: tuple[str, ...]
    suffixes: dict[str, str]  # file suffix -> media type, for folder scans
    load: Callable[[RawInput], Record]
    plugin: str = field(default="", compare=False)  # filled in by the core


def _nothing(_review: Record) -> str:
    return ""


@dataclass(frozen=True)
class Stream:
    """An exporter's output in pieces, so that a run never holds the whole review.

    The output is ``head(review)``, then ``part(entry)`` of each document entry with
    ``separator`` between two parts, then ``tail(review)``: what :meth:`whole` gives for a
    whole review. ``head`` sees the review without documents (``tool`` and ``generated``
    are set), ``tail`` sees it with its ``summary`` and ``failures`` (``documents`` still
    empty). ``part`` must depend on its entry alone: it runs in the process that checked
    the entry. The pieces are all ``str`` or all ``bytes``.
    """

    part: Callable[[Record], str | bytes]
    head: Callable[[Record], str | bytes] = _nothing
    tail: Callable[[Record], str | bytes] = _nothing
    separator: str | bytes = ""

    def pieces(self, review: Record, parts: Iterable[str | bytes]) -> Iterator[str | bytes]:
        """The output in order: ``head``, the ``parts`` with separators, then ``tail``,
        made only once ``parts`` is exhausted (so ``review`` may be completed meanwhile)."""
        yield self.head(review)
        for number, part in enumerate(parts):
            if number:
                yield self.separator
            yield part
        yield self.tail(review)

    def whole(self, review: Record) -> str | bytes:
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
    export: Callable[[Record], str | bytes]
    checkworthy_only: bool = False  # a reading view: `check` passes only check-worthy claims
    # Optional piece by piece form of ``export``, for runs too large to hold (see Stream).
    stream: Stream | None = None
    # For a format that leaves claims out (ClaimReview keeps rated ones): why a review gives
    # an empty output, or ``None`` when it does not; the command tells the user.
    explain_empty: Callable[[Record], str | None] | None = None
    plugin: str = field(default="", compare=False)  # filled in by the core

    def part(self, entry: Record) -> str | bytes:
        """The stream's part for one document entry; the plugin's failure raised as a
        :class:`workbench.errors.PluginError` naming it."""
        assert self.stream is not None
        try:
            return self.stream.part(entry)
        except Exception as error:
            raise PluginError(f"plugin {self.plugin} failed to export {self.name}: "
                              f"{type(error).__name__}: {error}") from error


@dataclass(frozen=True)
class CheckOptions:
    """Settings of a run that checker plugins may consult."""

    as_of: date | None = None
    online: bool = False
