"""Write results so that a failure never leaves a half-written file behind."""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from glob import escape as glob_escape
from pathlib import Path
from typing import BinaryIO, NoReturn

from workbench.errors import InputError

SPOOL_BYTES = 4 * 1024 * 1024  # a review for stdout larger than this waits on disk
COPY_BYTES = 1024 * 1024
# A review is written in thousands of small pieces (a part per document): buffer them.
WRITE_BUFFER = 1024 * 1024


def reader_gone() -> NoReturn:
    """Exit quietly because the reader of stdout closed it (``| head``), as CLI tools do.

    Standard output is pointed at the null device first, so the interpreter's last flush
    at exit does not fail a second time.
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    sys.exit(0)


def _is_device(path: Path) -> bool:
    """True for something that exists but is neither a file nor a folder (``/dev/null``)."""
    return path.exists() and not path.is_file() and not path.is_dir()


def check_destination(destination: str | None) -> None:
    """Raise :class:`InputError` when ``destination`` cannot take a file, before any work.

    Stdout (``None`` or ``-``) can unless it is closed, and devices can; a file needs an
    existing folder it may write in, and must not be a folder itself, nor a read-only
    file (one without write permission is not replaced, even by a user who could).
    """
    if destination in (None, "-"):
        if sys.stdout is None:
            raise InputError("stdout", "standard output is closed; write the review to a "
                             "file with -o FILE")
        return
    path = Path(os.path.realpath(destination))
    if _is_device(path):
        return
    folder = path.parent
    if not folder.is_dir():
        raise InputError(destination, f"folder {folder} does not exist")
    if path.is_dir():
        raise InputError(destination, "is a folder, not a file")
    if path.exists() and (not path.stat().st_mode & 0o222 or not os.access(path, os.W_OK)):
        raise InputError(destination, "is read-only; it was left as it is (make it "
                         "writable, or write elsewhere)")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise InputError(destination, f"cannot write in folder {folder}")


PARTIAL = ".workbench-partial"  # the suffix of a file being written: NAME.PID.workbench-partial


def _partial(path: Path) -> Path:
    """Where ``path`` is written until it is complete: next to it, named after it and this
    process, so that a run killed midway leaves a file anyone can recognise."""
    return path.with_name(f"{path.name}.{os.getpid()}{PARTIAL}")


def _remove_stale_partials(path: Path) -> None:
    """Remove what killed runs left while writing ``path`` (their process is gone)."""
    for leftover in path.parent.glob(f"{glob_escape(path.name)}.*{PARTIAL}"):
        pid = leftover.name[len(path.name) + 1:-len(PARTIAL)]
        if pid.isdigit() and not _running(int(pid)):
            leftover.unlink(missing_ok=True)


def _running(pid: int) -> bool:
    """True while process ``pid`` exists."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def write_atomic(content: str | bytes, destination: str | None) -> None:
    """Write ``content`` to ``destination`` (stdout when ``None`` or ``-``) all at once.

    A file is written to a temporary sibling and renamed into place, so readers see the
    old file or the new one, never a part.
    """
    with open_atomic(destination) as stream:
        stream.write(content.encode("utf-8") if isinstance(content, str) else content)


class _Spool:
    """What stdout is to get: in memory up to :data:`SPOOL_BYTES`, then in a temporary
    file (as ``tempfile.SpooledTemporaryFile``, without importing it for short output)."""

    def __init__(self) -> None:
        self.file: BinaryIO = io.BytesIO()

    def write(self, data: bytes) -> int:
        """Keep ``data``, moving what is kept to disk once it would outgrow the memory."""
        if isinstance(self.file, io.BytesIO) and self.file.tell() + len(data) > SPOOL_BYTES:
            import tempfile

            disk = tempfile.TemporaryFile()  # noqa: SIM115 (closed by open_atomic)
            disk.write(self.file.getbuffer())
            self.file = disk
        return self.file.write(data)

    def copy_to(self, out: BinaryIO) -> None:
        """Write everything kept to ``out``."""
        self.file.seek(0)
        while chunk := self.file.read(COPY_BYTES):
            out.write(chunk)


@contextmanager
def open_atomic(destination: str | None) -> Iterator[BinaryIO]:
    """A binary stream to ``destination`` (stdout when ``None`` or ``-``), for writing in parts.

    A file appears under its name only when the block ends without an error; otherwise
    the partial file next to it is removed and the old file, if any, is left as it was
    (with its permissions when it is replaced). A run killed midway leaves
    ``NAME.PID.workbench-partial``, removed by the next run that writes ``NAME``. A
    symbolic link is followed (the file it points to is replaced, the link stays), and a
    device or a named pipe such as ``/dev/null`` is written to directly, since there is
    no file to replace. Stdout gets all or nothing too: the stream is a temporary file
    (in memory up to :data:`SPOOL_BYTES`), copied to stdout only when the block ends
    without an error. A reader closing stdout early ends the program quietly
    (:func:`reader_gone`).
    """
    if destination in (None, "-"):
        spool = _Spool()
        try:
            yield spool  # type: ignore[misc]
            try:
                spool.copy_to(sys.stdout.buffer)
                sys.stdout.buffer.flush()
            except BrokenPipeError:
                reader_gone()
        finally:
            spool.file.close()
        return
    path = Path(os.path.realpath(destination))
    if _is_device(path):
        try:
            with open(path, "wb", buffering=WRITE_BUFFER) as stream:
                yield stream
        except OSError as error:
            raise InputError(destination, f"cannot write: {error.strerror}") from None
        return
    check_destination(destination)
    _remove_stale_partials(path)
    temporary = _partial(path)
    try:
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    except OSError as error:
        raise InputError(destination, f"cannot write here: {error.strerror}") from None
    try:
        with os.fdopen(handle, "wb", buffering=WRITE_BUFFER) as stream:
            yield stream
        try:
            mode = path.stat().st_mode & 0o7777  # a replaced file keeps its permissions
        except FileNotFoundError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise InputError(destination, f"cannot write: {error.strerror}") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
