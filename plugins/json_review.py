"""The review as JSON (``schemas/review.schema.json``), every candidate claim included."""

from __future__ import annotations

import json

from workbench import hookimpl
from workbench.records import Record
from workbench.registry import Exporter


def export_json(review: Record) -> str:
    """Serialise the review, UTF-8, indented, keys in schema order."""
    return json.dumps(review, indent=2, ensure_ascii=False) + "\n"


@hookimpl
def register_exporters(register) -> None:
    """Register the ``json`` format."""
    register(Exporter(name="json", description="The review record as JSON.",
                      media_type="application/json", suffix=".json", export=export_json))
