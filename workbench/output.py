"""Write results so that a failure never leaves a half-written file behind."""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
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

    Stdout (``None`` or ``-``) and devices always can; a file needs an existing folder it
    may write in, and must not be a folder itself.
    """
    if destination in (None, "-"):
        return
    path = Path(os.path.realpath(destination))
    if _is_device(path):
        return
    folder = path.parent
    if not folder.is_dir():
        raise InputError(destination, f"folder {folder} does not exist")
    if path.is_dir():
        raise InputError(destination, "is a folder, not a file")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise InputError(destination, f"cannot write in folder {folder}")


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
    the temporary sibling is removed and the old file, if any, is left as it was. A
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
    import tempfile  # not for stdout and devices, the common start-up-bound case

    folder = path.parent
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise InputError(destination, f"cannot write here: {error.strerror}") from None
    try:
        with os.fdopen(handle, "wb", buffering=WRITE_BUFFER) as stream:
            yield stream
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise InputError(destination, f"cannot write: {error.strerror}") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
