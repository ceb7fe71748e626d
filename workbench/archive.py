"""Inputs at archive scale: fsspec URLs, glob patterns, and tables of articles.

- An fsspec URL (``s3://bucket/2026/``, ``gs://...``, ``file:///data/``, ``memory://``)
  names a file, a folder (searched for the loaders' suffixes) or a glob pattern; its files
  are read where they are checked (on a cluster's worker, from the object store itself).
- A local glob pattern (``'archive/**/*.html'``, quoted so the shell leaves it alone)
  names the files it matches.
- A JSON Lines (``.jsonl``, ``.ndjson``) or Parquet (``.parquet``) file holds one article
  per row: its text in a ``text`` column, or its page in ``html``; its address in ``url``
  (the document's uri, so a later run of the same article is a revision of it) and its
  publication date in ``date`` (or ``published``). Each row is an input of its own, named
  ``FILE#ROW`` (counted from 1); a row that cannot be read is reported by that name.

fsspec and pyarrow come with the ``cluster`` extra and are imported only here, when an
input needs them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import PurePosixPath
from typing import Any, BinaryIO

from workbench.errors import InputError

EXTRA = "pip install 'workbench[cluster]'"
FSSPEC_URL = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*://")
GLOB_MAGIC = re.compile(r"[*?[]")
TABLE_SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet"}
TEXT_COLUMNS = (("text", "text/plain"), ("html", "text/html"))
URL_COLUMNS = ("url", "uri")
DATE_COLUMNS = ("date", "published")
DATE = re.compile(r"\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?")


def is_fsspec_url(given: str) -> bool:
    """True for a URL that fsspec reads (any scheme but http and https)."""
    return bool(FSSPEC_URL.match(given)) and not given.lower().startswith(("http://",
                                                                            "https://"))


def is_glob(given: str) -> bool:
    """True when ``given`` is a glob pattern."""
    return bool(GLOB_MAGIC.search(given))


def table_kind(name: str) -> str | None:
    """``jsonl`` or ``parquet`` for a table of articles, by its suffix; else ``None``."""
    return TABLE_SUFFIXES.get(PurePosixPath(name).suffix.lower())


def fsspec_module(given: str) -> Any:
    """fsspec, or a one-line error naming ``given`` and the extra that brings it."""
    try:
        import fsspec
    except ImportError:
        raise InputError(given, f"reading it needs fsspec: {EXTRA}") from None
    return fsspec


def expand_url(given: str, suffixes: dict[str, str]) -> Iterator[tuple[str, str]]:
    """The files an fsspec URL names, as ``(url, media type)``: itself, the files of a
    folder with one of ``suffixes`` or a table suffix, or a glob pattern's matches."""
    fsspec = fsspec_module(given)
    try:
        filesystem, path = fsspec.core.url_to_fs(given)
        if is_glob(path):
            found = sorted(filesystem.glob(path))
            if not found:
                raise InputError(given, "no file matches this pattern")
        elif filesystem.isdir(path):
            found = sorted(name for name in filesystem.find(path)
                           if _suffix(name) in suffixes or table_kind(name))
            if not found:
                raise InputError(given, "no supported files in this folder")
        elif filesystem.exists(path):
            found = [path]
        else:
            raise InputError(given, "no such file or folder")
    except (OSError, ValueError, ImportError) as error:
        raise InputError(given, f"cannot list it: {error}") from None
    for name in found:
        url = filesystem.unstrip_protocol(name)
        yield url, suffixes.get(_suffix(name), "text/plain")


def _suffix(name: str) -> str:
    return PurePosixPath(name).suffix.lower()


def read_url(url: str, max_bytes: int, limit_hint: str) -> bytes:
    """The bytes of the file an fsspec URL names, refusing one over ``max_bytes``."""
    fsspec = fsspec_module(url)
    try:
        with fsspec.open(url, "rb") as stream:
            data: bytes = stream.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError(url, "no such file") from None
    except (OSError, ValueError) as error:
        raise InputError(url, f"cannot read it: {error}") from None
    if len(data) > max_bytes:
        raise InputError(url, f"file is {limit_hint}")
    return data


def open_table(name: str) -> BinaryIO:
    """A binary stream of a table file, local or at an fsspec URL."""
    if is_fsspec_url(name):
        try:
            stream: BinaryIO = fsspec_module(name).open(name, "rb").open()
        except (OSError, ValueError) as error:
            raise InputError(name, f"cannot read it: {error}") from None
        return stream
    try:
        return open(name, "rb")
    except OSError as error:
        raise InputError(name, error.strerror or str(error)) from None


class Row:
    """One article of a table: where it is, its content and what the table says of it."""

    def __init__(self, name: str, data: bytes | None, media_type: str, uri: str | None,
                 published: str | None, problem: str | None = None) -> None:
        self.name = name
        self.data = data
        self.media_type = media_type
        self.uri = uri
        self.published = published
        self.problem = problem


def rows(name: str) -> Iterator[Row]:
    """Every article of the table file ``name`` (JSON Lines or Parquet), in order; a row
    that cannot be read is a :class:`Row` with a ``problem``."""
    kind = table_kind(name)
    if kind == "parquet":
        yield from _parquet_rows(name)
    else:
        yield from _jsonl_rows(name)


def _jsonl_rows(name: str) -> Iterator[Row]:
    with open_table(name) as stream:
        for number, line in enumerate(stream, 1):
            where = f"{name}#{number}"
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except ValueError as error:
                yield Row(where, None, "", None, None, f"line {number} is not JSON ({error})")
                continue
            if not isinstance(record, dict):
                yield Row(where, None, "", None, None, f"line {number} is not a JSON object")
                continue
            yield _row(where, record)


def _parquet_rows(name: str) -> Iterator[Row]:
    try:
        import pyarrow.parquet as parquet
    except ImportError:
        raise InputError(name, f"reading Parquet needs pyarrow: {EXTRA}") from None
    with open_table(name) as stream:
        try:
            table = parquet.ParquetFile(stream)
            wanted = [column for column in table.schema_arrow.names
                      if column in {c for c, _ in TEXT_COLUMNS} | set(URL_COLUMNS)
                      | set(DATE_COLUMNS)]
            number = 0
            for batch in table.iter_batches(columns=wanted):
                for record in batch.to_pylist():
                    number += 1
                    yield _row(f"{name}#{number}", record)
        except (OSError, ValueError) as error:  # pyarrow's ArrowInvalid is a ValueError
            raise InputError(name, f"not a readable Parquet file ({error})") from None


def _row(where: str, record: dict[str, Any]) -> Row:
    """A table row as an article, or why it is not one."""
    for column, media_type in TEXT_COLUMNS:
        content = record.get(column)
        if content is None:
            continue
        if not isinstance(content, str):
            return Row(where, None, "", None, None, f"its {column} is not a string")
        uri = next((record[c] for c in URL_COLUMNS if record.get(c)), None)
        if uri is not None and not isinstance(uri, str):
            return Row(where, None, "", None, None, "its url is not a string")
        published, problem = _date(next((record[c] for c in DATE_COLUMNS
                                         if record.get(c) is not None), None))
        if problem:
            return Row(where, None, "", None, None, problem)
        return Row(where, content.encode("utf-8"), media_type, uri, published)
    return Row(where, None, "", None, None, "no text or html in this row: nothing to check")


def _date(value: Any) -> tuple[str | None, str | None]:
    """A table's date as the document schema keeps dates, or why it is not one."""
    if value is None:
        return None, None
    if isinstance(value, datetime):
        return value.isoformat().replace("+00:00", "Z"), None
    if isinstance(value, date):
        return value.isoformat(), None
    if isinstance(value, str) and DATE.fullmatch(value.strip()):
        return value.strip(), None
    return None, f"its date {value!r} is not a date (YYYY-MM-DD, or an RFC 3339 time)"
