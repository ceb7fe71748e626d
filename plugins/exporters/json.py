"""The review as JSON (``schemas/review.schema.json``), every candidate claim included.

Written as a stream: each document entry is encoded as soon as it is checked, so a run
over a large corpus never holds the whole review. orjson encodes (the standard library's
indenting encoder is pure Python and was the slowest step of a run); the layout is the
same as ``json.dumps(review, indent=2, ensure_ascii=False)``.
"""

from __future__ import annotations

from workbench import hookimpl
from workbench.records import Record
from workbench.types import Exporter, Stream
from workbench.visible import json_escaped_bytes


def _dumps(value: object, depth: int) -> bytes:
    import orjson

    encoded = json_escaped_bytes(orjson.dumps(value, option=orjson.OPT_INDENT_2))
    return encoded.replace(b"\n", b"\n" + b"  " * depth) if depth else encoded


def _head(review: Record) -> bytes:
    return (b'{\n  "tool": ' + _dumps(review["tool"], 1) + b',\n  "generated": '
            + _dumps(review["generated"], 1) + b',\n  "documents": [')


def _part(entry: Record) -> bytes:
    return b"\n    " + _dumps(entry, 2)


def _tail(review: Record) -> bytes:
    close = b"\n  ]" if review["summary"]["documents"] else b"]"
    return (close + b',\n  "summary": ' + _dumps(review["summary"], 1)
            + b',\n  "failures": ' + _dumps(review["failures"], 1) + b"\n}\n")


# The review as JSON in pieces: head, one part per document entry, then the tail.
JSON = Stream(part=_part, head=_head, tail=_tail, separator=b",")


@hookimpl
def register_exporters(register) -> None:
    """Register the ``json`` format."""
    register(Exporter(name="json", description="The review record as JSON.",
                      media_type="application/json", suffix=".json", export=JSON.whole,
                      stream=JSON))
