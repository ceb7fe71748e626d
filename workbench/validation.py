"""JSON Schema validation of records, compiled once per process.

Records are checked on the hot path with jsonschema-rs (fast to run); when one fails, the
reference implementation ``jsonschema`` explains why, with a readable path such as
``claims[3].verdicts[0].rating: 'maybe' is not one of [...]``. Both read the same schema
files from ``schemas/`` (installed as ``workbench.schemas``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from workbench.errors import RecordInvalid

RECORD_SCHEMAS = ("document", "claim", "verdict", "source", "review", "audit")
# Schemas of exported formats (checked before writing, listed by `workbench schemas`).
EXPORT_SCHEMAS = ("claimreview",)
SCHEMA_FILES = ("defs", *RECORD_SCHEMAS, *EXPORT_SCHEMAS)
# Schemas reachable by name that live inside another schema's $defs.
_FRAGMENTS = {
    "signal": "urn:workbench:claim#/$defs/signal",
    "entry": "urn:workbench:review#/properties/documents/items",  # {"document", "claims"}
}


def schema_dir() -> Path:
    """The folder holding the ``*.schema.json`` files."""
    # The package's own folder: importlib.resources would cost more start-up time than
    # the whole validation, and the schemas are always installed as plain files.
    import workbench.schemas  # type: ignore[import-not-found]  # installed from schemas/

    return Path(next(iter(workbench.schemas.__path__)))


def schema_uri(name: str) -> str:
    """The ``$id`` URI of a schema (or schema fragment) by short name."""
    if name in _FRAGMENTS:
        return _FRAGMENTS[name]
    if name not in SCHEMA_FILES:
        known = ", ".join(sorted((*SCHEMA_FILES, *_FRAGMENTS)))
        raise KeyError(f"unknown schema {name!r} (known: {known})")
    return f"urn:workbench:{name}"


@cache
def load_schemas() -> dict[str, dict[str, Any]]:
    """All schema documents by short name."""
    folder = schema_dir()
    return {
        name: json.loads((folder / f"{name}.schema.json").read_text(encoding="utf-8"))
        for name in SCHEMA_FILES
    }


@cache
def _fast_registry() -> Any:
    """One jsonschema-rs registry of every schema, shared by the compiled validators."""
    import jsonschema_rs

    return jsonschema_rs.Registry([(schema["$id"], schema) for schema in load_schemas().values()])


@cache
def _fast_validator(name: str) -> Any:
    import jsonschema_rs

    return jsonschema_rs.Draft202012Validator({"$ref": schema_uri(name)},
                                              registry=_fast_registry())


@cache
def _reference_validator(name: str) -> Any:
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource

    registry = Registry().with_resources(
        (schema["$id"], Resource.from_contents(schema)) for schema in load_schemas().values()
    )
    return Draft202012Validator({"$ref": schema_uri(name)}, registry=registry)


def format_path(parts: Iterable[str | int]) -> str:
    """Render a JSON path as ``claims[3].verdicts[0].rating``."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "<root>"


def is_valid(name: str, record: Any) -> bool:
    """True when ``record`` matches the schema ``name`` (document, claim, signal, ...)."""
    return bool(_fast_validator(name).is_valid(record))


def explain(name: str, record: Any) -> list[str]:
    """Every schema error of ``record`` as ``path: message``, most relevant first."""
    from jsonschema.exceptions import relevance

    found = sorted(_reference_validator(name).iter_errors(record), key=relevance)
    return [f"{format_path(error.absolute_path)}: {_shortened(error.message)}"
            for error in found]


def _shortened(message: str, limit: int = 240) -> str:
    """A schema error's message without most of the value it quotes, when that is long
    (the message ends with what is wrong: "... is not of type 'object'")."""
    if len(message) <= limit:
        return message
    return message[:limit // 2] + " … " + message[-(limit // 2):]


def validate(name: str, record: Any) -> None:
    """Raise :class:`RecordInvalid` unless ``record`` matches the schema ``name``."""
    if not is_valid(name, record):
        raise RecordInvalid(name, explain(name, record) or ["does not match the schema"])


def offset_errors(review: dict[str, Any]) -> list[str]:
    """Claims of a review whose span does not select their text in their document."""
    problems = []
    for d, entry in enumerate(review.get("documents", [])):
        text = entry["document"]["text"]
        for c, claim in enumerate(entry["claims"]):
            span = claim["span"]
            if text[span["start"]:span["end"]] != claim["text"]:
                problems.append(
                    f"documents[{d}].claims[{c}].span: text[{span['start']}:{span['end']}] "
                    f"is not the claim's text"
                )
    return problems


def check_schemas() -> list[str]:
    """Check every schema file against the JSON Schema 2020-12 meta-schema."""
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import SchemaError

    problems = []
    for name, schema in load_schemas().items():
        try:
            Draft202012Validator.check_schema(schema)
        except SchemaError as error:
            problems.append(f"{name}.schema.json: {error.message}")
    return problems
