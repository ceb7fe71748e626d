"""Find the inputs of a run (files, folders, stdin) and read their bytes safely."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from workbench.errors import InputError
from workbench.types import RawInput

STDIN = "-"
DEFAULT_MAX_BYTES = 20 * 1000 * 1000
SIZE_UNITS = {"": 1, "B": 1, "KB": 1000, "MB": 1000**2, "GB": 1000**3}


@dataclass(frozen=True)
class Target:
    """One input to read: a file path, or standard input."""

    name: str
    path: Path | None
    media_type: str


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def discover(paths: list[str], suffixes: dict[str, str]) -> Iterator[Target]:
    """Expand command-line paths into targets, folders recursively, in a stable order.

    ``suffixes`` maps file suffixes (``.html``) to media types; a folder yields only
    files with those suffixes, while a file named on the command line is read whatever
    its suffix (as plain text when the suffix is unknown).
    """
    for given in paths:
        if given == STDIN:
            yield Target("<stdin>", None, "text/plain")
            continue
        path = Path(given)
        if path.is_dir():
            found = sorted(
                candidate for candidate in path.rglob("*")
                if candidate.suffix.lower() in suffixes
                and candidate.is_file()
                and not any(part.startswith(".") for part in candidate.relative_to(path).parts)
            )
            if not found:
                known = ", ".join(sorted(suffixes))
                raise InputError(given, f"no supported files ({known}) in this folder")
            for candidate in found:
                yield Target(str(candidate), candidate, suffixes[candidate.suffix.lower()])
        elif path.is_file():
            yield Target(given, path, suffixes.get(path.suffix.lower(), "text/plain"))
        elif path.exists():
            raise InputError(given, "not a regular file or folder")
        else:
            raise InputError(given, "no such file or folder")


def read(target: Target, max_bytes: int = DEFAULT_MAX_BYTES,
         encoding: str = "utf-8") -> RawInput:
    """Read a target's bytes, refusing empty input and input over ``max_bytes``.

    ``encoding`` (a codec name or ``auto``) is passed on to the loader in the RawInput.
    """
    limit_hint = f"over the {_megabytes(max_bytes)} limit (raise it with --max-size)"
    if target.path is None:
        data = sys.stdin.buffer.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise InputError(target.name, f"input is {limit_hint}")
    else:
        try:
            size = os.stat(target.path).st_size
            if size > max_bytes:
                raise InputError(target.name, f"file is {_megabytes(size)}, {limit_hint}")
            data = target.path.read_bytes()
        except OSError as error:
            raise InputError(target.name, error.strerror or str(error)) from None
    if not data or data.isspace():
        raise InputError(target.name, "input is empty")
    return RawInput(uri=target.name, data=data, media_type=target.media_type,
                    encoding=encoding)


def parse_size(value: str) -> int:
    """Parse ``50MB``, ``2GB`` or a byte count."""
    text = value.strip().upper().replace(" ", "")
    number = text.rstrip("KMGB")
    unit = text[len(number):]
    if unit not in SIZE_UNITS or not number.replace(".", "", 1).isdigit():
        raise InputError("--max-size", f"{value!r} is not a size such as 20MB or 500KB")
    return int(float(number) * SIZE_UNITS[unit])
