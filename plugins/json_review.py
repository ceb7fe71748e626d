"""The review as JSON (``schemas/review.schema.json``), every candidate claim included.

Written as a stream: each document entry is encoded as soon as it is checked, so a run
over a large corpus never holds the whole review. orjson encodes (the standard library's
indenting encoder is pure Python and was the slowest step of a run); the layout is the
same as ``json.dumps(review, indent=2, ensure_ascii=False)``.
"""

from __future__ import annotations

from collections.abc import Iterator

from workbench import hookimpl
from workbench.records import Record
from workbench.registry import Exporter


def _dumps(value: object, depth: int) -> bytes:
    import orjson

    encoded = orjson.dumps(value, option=orjson.OPT_INDENT_2)
    return encoded.replace(b"\n", b"\n" + b"  " * depth) if depth else encoded


def stream_json(review: Record, entries: Iterator[Record]) -> Iterator[bytes]:
    """The review as JSON in parts: head, one part per document entry, then the tail."""
    yield (b'{\n  "tool": ' + _dumps(review["tool"], 1) + b',\n  "generated": '
           + _dumps(review["generated"], 1) + b',\n  "documents": [')
    first = True
    for entry in entries:
        yield (b"\n    " if first else b",\n    ") + _dumps(entry, 2)
        first = False
    yield (b"]" if first else b"\n  ]") + b',\n  "summary": ' + _dumps(review["summary"], 1)
    yield b',\n  "failures": ' + _dumps(review["failures"], 1) + b"\n}\n"


def export_json(review: Record) -> bytes:
    """Serialise the review, UTF-8, indented, keys in schema order."""
    head = {**review, "documents": []}
    return b"".join(stream_json(head, iter(review["documents"])))


@hookimpl
def register_exporters(register) -> None:
    """Register the ``json`` format."""
    register(Exporter(name="json", description="The review record as JSON.",
                      media_type="application/json", suffix=".json", export=export_json,
                      stream=stream_json))
