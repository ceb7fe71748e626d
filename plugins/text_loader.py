"""Load plain text and Markdown files: strict UTF-8 (or UTF-16 with a BOM), nothing guessed."""

from __future__ import annotations

from workbench import hookimpl
from workbench.errors import InputError
from workbench.records import Record, make_document
from workbench.registry import Loader, RawInput

BOMS = {b"\xef\xbb\xbf": "utf-8", b"\xff\xfe": "utf-16-le", b"\xfe\xff": "utf-16-be"}


def decode(raw: RawInput) -> tuple[str, int]:
    """Decode ``raw`` as text; return the text and how many BOM characters were dropped."""
    text, dropped = None, 0
    for bom, encoding in BOMS.items():
        if raw.data.startswith(bom):
            try:
                text, dropped = raw.data[len(bom):].decode(encoding), 1
            except UnicodeDecodeError:
                raise InputError(raw.uri, f"not valid {encoding.upper()} despite its "
                                 "byte-order mark") from None
            break
    if text is None:
        try:
            text = raw.data.decode("utf-8")
        except UnicodeDecodeError as error:
            if b"\x00" in raw.data:
                raise InputError(raw.uri, "binary file (contains NUL bytes), not text") from None
            byte = raw.data[error.start]
            raise InputError(raw.uri, f"not valid UTF-8 (byte 0x{byte:02x} at offset "
                             f"{error.start}); convert it to UTF-8 first") from None
    if "\x00" in text:
        raise InputError(raw.uri, "binary file (contains NUL bytes), not text")
    return text, dropped


def guess_title(text: str) -> str | None:
    """The first line, when it reads like a heading (short, no closing full stop)."""
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return line if len(line) <= 150 and line[-1] not in ".!?:;," else None
    return None


def load_text(raw: RawInput) -> Record:
    """Build a Document from a plain-text or Markdown input."""
    text, dropped = decode(raw)
    offset_map = [[0, dropped, len(text)]] if text else []
    return make_document(raw, text, title=guess_title(text), offset_map=offset_map)


@hookimpl
def register_loaders(register) -> None:
    """Register the plain-text loader for text/plain and text/markdown."""
    register(Loader(
        name="text",
        media_types=("text/plain", "text/markdown"),
        suffixes={".txt": "text/plain", ".text": "text/plain",
                  ".md": "text/markdown", ".markdown": "text/markdown"},
        load=load_text,
    ))
