"""``workbench validate``: read a JSON record from a file and check it against its schema.

Whatever the file holds, the answer is a list of problems with their paths, or one line
saying why the file cannot be read as JSON: a byte-order mark is skipped, and nesting
too deep to read, an integer too long to read, and NaN or Infinity (which JSON does not
have) are named with where they are.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

from workbench import validation
from workbench.errors import InputError, RecordInvalid

MAX_DIGITS = 4300  # the longest integer Python converts from text by default
_LONG_INTEGER = re.compile(rf"\d{{{MAX_DIGITS + 1},}}")

# The fields that tell which record a JSON object is, most telling first.
RECORD_SHAPES = (
    ("review", ("documents",)),
    ("fact", ("entities", "facts")),
    ("claim", ("selector", "document_id")),
    ("verdict", ("rating", "origin")),
    ("document", ("sha256", "text")),
)


def record_schema(record: Any) -> str | None:
    """The schema a record's shape says it follows (a list is ClaimReview), if any."""
    if isinstance(record, list):
        return "claimreview"
    if isinstance(record, dict):
        for name, fields in RECORD_SHAPES:
            if all(field in record for field in fields):
                return name
    return None


def validate_file(file: str, schema_name: str | None = None) -> tuple[str, list[str]]:
    """The schema the JSON record in ``file`` was checked against and its errors (for
    reviews, offset errors too). Without ``schema_name`` the schema is picked from the
    record's shape (see :data:`RECORD_SHAPES`)."""
    record = read_json(file)
    strange = non_finite_numbers(record)
    if strange:
        return schema_name or record_schema(record) or "record", strange
    if schema_name is None:
        schema_name = record_schema(record)
        if schema_name is None:
            raise InputError(file, "cannot tell which record this is (a review has "
                             "documents, a claim a selector and a document_id); give "
                             "--schema NAME")
    try:
        validation.validate(schema_name, record)
    except RecordInvalid as invalid:
        return schema_name, invalid.errors
    except RecursionError:
        raise InputError(file, "nested too deeply to validate") from None
    return schema_name, validation.offset_errors(record) if schema_name == "review" else []


def read_json(file: str) -> Any:
    """The JSON value in ``file`` (a UTF-8 byte-order mark is skipped); anything that
    cannot be read is an :class:`InputError` naming the file and where the problem is."""
    try:
        text = Path(file).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(file, "no such file") from None
    except UnicodeDecodeError:
        raise InputError(file, "not UTF-8 text") from None
    except OSError as error:
        raise InputError(file, error.strerror or str(error)) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(file, f"invalid JSON at line {error.lineno} column {error.colno}: "
                         f"{error.msg}") from None
    except RecursionError:
        raise InputError(file, "JSON nested too deeply to read") from None
    except ValueError:  # an integer longer than Python converts
        long = _LONG_INTEGER.search(text)
        if long is None:
            raise
        line = text.count("\n", 0, long.start()) + 1
        column = long.start() - text.rfind("\n", 0, long.start())
        raise InputError(file, f"an integer of {len(long.group()):,} digits at line {line} "
                         f"column {column}; at most {MAX_DIGITS:,} are read") from None


def non_finite_numbers(record: Any) -> list[str]:
    """``path: NaN ...`` for each NaN or infinity in ``record`` (Python's reader accepts
    them; JSON has no such numbers)."""
    found = []
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(record, ())]
    while stack:
        value, path = stack.pop()
        if isinstance(value, dict):
            stack.extend((item, (*path, key)) for key, item in value.items())
        elif isinstance(value, list):
            stack.extend((item, (*path, index)) for index, item in enumerate(value))
        elif isinstance(value, float) and not math.isfinite(value):
            shown = "NaN" if math.isnan(value) else "Infinity" if value > 0 else "-Infinity"
            found.append(f"{validation.format_path(path)}: {shown} is not a JSON number "
                         "(JSON has no NaN or Infinity)")
    return sorted(found)
