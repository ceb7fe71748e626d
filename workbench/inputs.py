"""Find the inputs of a run (files, folders, URLs, stdin) and read their bytes safely."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from glob import glob
from pathlib import Path
from typing import NamedTuple

from workbench import archive
from workbench.errors import InputError
from workbench.types import RawInput

STDIN = "-"
DEFAULT_MAX_BYTES = 20 * 1000 * 1000
URL = re.compile(r"https?://", re.I)
CHUNK = 64 * 1024
GUESSED = "text/plain"  # the media type of an unknown suffix: the content may tell better
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# The HTML signature of the WHATWG MIME Sniffing standard: after white space, one of these
# tags (any case) followed by a space or ">", or a comment.
HTML_START = re.compile(
    rb"\s*(?:<!DOCTYPE\s+HTML|<HTML|<HEAD|<SCRIPT|<IFRAME|<H1|<DIV|<FONT|<TABLE|<A|<STYLE|"
    rb"<TITLE|<B|<BODY|<BR|<P)[\s>]|\s*<!--", re.I)


class Target(NamedTuple):
    """One input to read: a file path, a URL (``url``; ``path`` is None), an fsspec URL
    (``remote``: read where it is checked), a row of a table of articles (its content in
    ``data``, its address in ``uri`` and its date in ``published``), or standard input;
    or why it cannot be read (``problem``), reported in its turn while the other inputs
    are checked."""

    name: str
    path: Path | None
    media_type: str
    url: bool = False
    problem: str | None = None
    remote: bool = False
    data: bytes | None = None
    uri: str | None = None
    published: str | None = None


def _not_utf8_name(path: Path) -> Target | None:
    """A target reporting ``path``'s name when it is not UTF-8 (it could be neither shown
    nor kept in a review), else ``None``."""
    name = str(path)
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        shown = os.fsencode(name).decode("utf-8", "backslashreplace")
        return Target(shown, None, "", problem="the file name is not UTF-8; rename the file")
    return None


def _walk(folder: Path, suffixes: dict[str, str]) -> tuple[list[Path], list[Target]]:
    """The files under ``folder`` with one of ``suffixes`` (hidden ones left out), and a
    problem target for each subfolder that could not be read."""
    found: list[Path] = []
    problems: list[Target] = []

    def unreadable(error: OSError) -> None:
        problems.append(Target(str(error.filename), None, "", problem="cannot read this "
                               f"folder ({error.strerror}); its files were not checked"))

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
    its suffix (its content tells what it is when the suffix does not, see :func:`sniff`).
    An ``http://`` or ``https://`` address is fetched when it is read. A subfolder that
    cannot be read, or a file name that is not UTF-8, is a target with a ``problem``.
    """
    for given in paths:
        if given == STDIN:
            yield Target("<stdin>", None, GUESSED)
            continue
        if URL.match(given):
            yield Target(given, None, GUESSED, url=True)
            continue
        if archive.is_fsspec_url(given):
            for url, media_type in archive.expand_url(given, suffixes):
                yield from (_table(url) if archive.table_kind(url)
                            else [Target(url, None, media_type, remote=True)])
            continue
        path = Path(given)
        if archive.is_glob(given) and not path.exists():
            matches = sorted(Path(match) for match in glob(given, recursive=True))
            if not matches:
                raise InputError(given, "no file matches this pattern")
            yield from discover([str(match) for match in matches if match.is_file()], suffixes)
            continue
        if archive.table_kind(given) and path.is_file():
            yield from _table(given)
            continue
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
            yield Target(given, path, suffixes.get(path.suffix.lower(), GUESSED))
        elif path.exists():
            raise InputError(given, "not a regular file or folder")
        else:
            raise InputError(given, "no such file or folder")


def _table(name: str) -> Iterator[Target]:
    """A target for each article of a table file (see :mod:`workbench.archive`)."""
    for row in archive.rows(name):
        yield Target(row.name, None, row.media_type or GUESSED, problem=row.problem,
                     data=row.data, uri=row.uri, published=row.published)


def sniff(data: bytes, media_type: str) -> str:
    """The media type ``data`` shows by its first bytes, else ``media_type``.

    A PDF or a Word file is known by its signature whatever its name; HTML only where
    the name said nothing better than plain text (a Markdown file may open with a tag).
    """
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if data.startswith(b"PK\x03\x04") and b"word/" in data[:2000]:
        return DOCX
    if media_type == GUESSED and HTML_START.match(data.removeprefix(b"\xef\xbb\xbf"), 0, 1024):
        return "text/html"
    return media_type


def _fetch(target: Target, max_bytes: int, limit_hint: str) -> tuple[bytes, str]:
    """The body and media type of a URL, through the shared guarded, cached session."""
    from workbench import net

    try:
        response = net.fetch("GET", target.name, stream=True)
    except net.NetworkError as error:
        raise InputError(target.name, str(error).removeprefix(f"GET {target.name}: ")) \
            from None
    with response:
        if response.status_code >= 400:
            raise InputError(target.name, f"HTTP {response.status_code} "
                             f"{response.reason or ''}".rstrip())
        body = bytearray()
        try:
            for chunk in response.iter_content(CHUNK):
                body += chunk
                if len(body) > max_bytes:  # stop reading: memory stays bounded
                    raise InputError(target.name, f"page is {limit_hint}")
        except OSError as error:  # the connection broke while reading
            raise InputError(target.name, f"the connection broke ({error})") from None
        media_type = (response.headers.get("Content-Type") or GUESSED).split(";")[0]
    return bytes(body), media_type.strip().lower() or GUESSED


def read(target: Target, max_bytes: int = DEFAULT_MAX_BYTES, encoding: str = "utf-8",
         keep_all: bool = False) -> RawInput:
    """Read a target's bytes, refusing empty input and input over ``max_bytes``.

    ``encoding`` (a codec name or ``auto``) and ``keep_all`` are passed on to the loader
    in the RawInput; the media type is checked against the content (:func:`sniff`).
    """
    if target.problem is not None:
        raise InputError(target.name, target.problem)
    limit_hint = f"over the {_megabytes(max_bytes)} limit (raise it with --max-size)"
    media_type = target.media_type
    if target.url:
        data, media_type = _fetch(target, max_bytes, limit_hint)
    elif target.data is not None:
        data = target.data
        if len(data) > max_bytes:
            raise InputError(target.name, f"article is {limit_hint}")
    elif target.remote:
        data = archive.read_url(target.name, max_bytes, limit_hint)
    elif target.path is None:
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
    return RawInput(uri=target.uri or target.name, data=data,
                    media_type=sniff(data, media_type), encoding=encoding, keep_all=keep_all,
                    published=target.published)
