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


@dataclass(frozen=True)
class Target:
    """One input to read: a file path, or standard input; or why it cannot be read
    (``problem``), reported in its turn while the other inputs are checked."""

    name: str
    path: Path | None
    media_type: str
    problem: str | None = None


def _not_utf8_name(path: Path) -> Target | None:
    """A target reporting ``path``'s name when it is not UTF-8 (it could be neither shown
    nor kept in a review), else ``None``."""
    name = str(path)
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        shown = os.fsencode(name).decode("utf-8", "backslashreplace")
        return Target(shown, None, "", "the file name is not UTF-8; rename the file")
    return None


def _walk(folder: Path, suffixes: dict[str, str]) -> tuple[list[Path], list[Target]]:
    """The files under ``folder`` with one of ``suffixes`` (hidden ones left out), and a
    problem target for each subfolder that could not be read."""
    found: list[Path] = []
    problems: list[Target] = []

    def unreadable(error: OSError) -> None:
        problems.append(Target(str(error.filename), None, "", "cannot read this folder "
                               f"({error.strerror}); its files were not checked"))

    for root, folders, files in os.walk(folder, onerror=unreadable):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        found.extend(Path(root, name) for name in files if not name.startswith(".")
                     and Path(name).suffix.lower() in suffixes and Path(root, name).is_file())
    return sorted(found), problems


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def discover(paths: list[str], suffixes: dict[str, str]) -> Iterator[Target]:
    """Expand command-line paths into targets, folders recursively, in a stable order.

    ``suffixes`` maps file suffixes (``.html``) to media types; a folder yields only
    files with those suffixes, while a file named on the command line is read whatever
    its suffix (as plain text when the suffix is unknown). A subfolder that cannot be
    read, or a file name that is not UTF-8, is a target with a ``problem``.
    """
    for given in paths:
        if given == STDIN:
            yield Target("<stdin>", None, "text/plain")
            continue
        path = Path(given)
        if path.is_dir():
            found, problems = _walk(path, suffixes)
            if not found and not problems:
                known = ", ".join(sorted(suffixes))
                raise InputError(given, f"no supported files ({known}) in this folder")
            yield from problems
            for candidate in found:
                yield _not_utf8_name(candidate) or Target(
                    str(candidate), candidate, suffixes[candidate.suffix.lower()])
        elif (problem := _not_utf8_name(path)) is not None:
            yield problem
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
    if target.problem is not None:
        raise InputError(target.name, target.problem)
    limit_hint = f"over the {_megabytes(max_bytes)} limit (raise it with --max-size)"
    if target.path is None:
        if sys.stdin is None:
            raise InputError(target.name, "standard input is closed")
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
