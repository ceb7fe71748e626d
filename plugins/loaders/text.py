"""Load plain text and Markdown files: UTF-8 (or UTF-16 with a BOM, or without one under
``--encoding auto``), or the run's --encoding.

Markdown is kept as written: the document text is the file, character for character, so
line numbers and offsets point into the file the author edits; bullets and heading marks
are left to the segmenter, and ``[text](url)`` links are recorded as metadata.
"""

from __future__ import annotations

import codecs
import re
from typing import NamedTuple

from workbench_plugins.shared.datelines import find_byline, find_dateline
from workbench_plugins.shared.language import language_of

from workbench import hookimpl
from workbench.errors import InputError
from workbench.records import Record, make_document
from workbench.types import Loader, RawInput

BOMS = {b"\xef\xbb\xbf": "utf-8", b"\xff\xfe": "utf-16-le", b"\xfe\xff": "utf-16-be"}
# Legacy Western charsets first: when a detector finds them as likely as another, they win
# (the HTML standard's default for unlabelled legacy pages is windows-1252 too).
WESTERN = ("cp1252", "latin_1", "iso8859_15")
SNIFF_BYTES = 256 * 1024
AUTO = "auto"  # RawInput.encoding asking for the charset to be detected
MARKDOWN_LINK = re.compile(r"(?<!!)\[(?P<text>[^\]\n]{1,300})\]\((?P<url>[^)\s]{1,2000})"
                           r"(?:\s+\"[^\"\n]*\")?\)")


class Decoded(NamedTuple):
    """Text decoded from bytes, with how it was decoded."""

    text: str
    skipped: int  # characters of byte-order mark dropped before ``text``
    encoding: str
    note: str | None = None  # said to the user when the encoding was guessed


def _detect(data: bytes) -> str | None:
    from charset_normalizer import from_bytes
    from charset_normalizer.md import mess_ratio

    sample = data[:SNIFF_BYTES]
    best = from_bytes(sample).best()
    if best is None:
        return None
    for encoding in WESTERN:
        try:
            if mess_ratio(sample.decode(encoding)) <= best.chaos + 0.01:
                return encoding
        except UnicodeDecodeError:
            continue
    return best.encoding


def label(encoding: str) -> str:
    """The name ``--encoding`` is usually given for a codec: ``windows-1252`` for cp1252."""
    return re.sub(r"^cp(125\d)$", r"windows-\1", codecs.lookup(encoding).name)


def decode(raw: RawInput, declared: str | None = None) -> Decoded:
    """Decode ``raw`` as ``raw.encoding`` says; a byte-order mark always wins.

    ``utf-8`` (the default) is strict: bytes that are not UTF-8 are decoded in the
    charset the input declares (``declared``, an HTML page's ``<meta charset>``), with a
    note, and are otherwise refused, naming the charset they most likely use. ``auto``
    also falls back on that likely charset, with a note. Any other codec name decodes
    with that codec. Raises :class:`InputError` for binary data (NUL characters) or bytes
    the chosen charset cannot decode.
    """
    decoded = _decode(raw, declared)
    if "\x00" in decoded.text:
        at = decoded.text.index("\x00")
        raise InputError(raw.uri, f"binary file (NUL character at offset {at}), not text")
    return decoded


def _decode(raw: RawInput, declared: str | None) -> Decoded:
    for bom, encoding in BOMS.items():
        if raw.data.startswith(bom):
            try:
                return Decoded(raw.data[len(bom):].decode(encoding), 1, encoding)
            except UnicodeDecodeError:
                raise InputError(raw.uri, f"not valid {encoding.upper()} despite its "
                                 "byte-order mark") from None
    if raw.encoding not in ("utf-8", AUTO):
        return _decode_as(raw, raw.encoding)
    if b"\x00" in raw.data:
        utf16 = _utf16_without_bom(raw.data)
        if utf16 is not None and raw.encoding == AUTO:
            return Decoded(raw.data.decode(utf16), 0, utf16,
                           f"no byte-order mark; read as {utf16.upper()}")
        if utf16 is not None:
            raise InputError(raw.uri, f"looks like {utf16.upper()} without a byte-order "
                             f"mark: use --encoding {utf16} or --encoding auto")
        at = raw.data.index(b"\x00")
        raise InputError(raw.uri, f"binary file (NUL byte at offset {at}), not text")
    try:
        return Decoded(raw.data.decode("utf-8"), 0, "utf-8")
    except UnicodeDecodeError as error:
        byte, position = raw.data[error.start], error.start
    where = f"byte 0x{byte:02x} at offset {position}"
    if declared and (decoded := _attempt(raw.data, declared, where)):
        return decoded
    likely = _detect(raw.data)
    fits = _attempt(raw.data, likely, where) if likely else None
    if fits is None:
        raise InputError(raw.uri, f"not valid UTF-8 ({where}) and no other character set "
                         "fits; convert it to UTF-8 first")
    if raw.encoding == AUTO:
        return fits
    name = label(fits.encoding)
    raise InputError(raw.uri, f"not UTF-8 ({where}); it looks like {name}: use --encoding "
                     f"{name} or --encoding auto")


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` when ``data`` reads as UTF-16 text without a
    byte-order mark: most of its odd (or even) bytes are NUL, as in Latin script, and it
    decodes to text without NUL characters."""
    sample = data[:SNIFF_BYTES]
    pairs = len(sample) // 2
    if len(data) % 2 or not pairs:
        return None
    odd, even = sample[1::2].count(0), sample[0::2].count(0)
    if odd > 0.3 * pairs and even < 0.05 * pairs:
        encoding = "utf-16-le"
    elif even > 0.3 * pairs and odd < 0.05 * pairs:
        encoding = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    return None if "\x00" in text else encoding


def _attempt(data: bytes, encoding: str, where: str) -> Decoded | None:
    """``data`` decoded as ``encoding`` with a note saying so, or None if it does not fit."""
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None
    return Decoded(text, 0, encoding, f"not valid UTF-8 ({where}); read as {encoding}")


def _decode_as(raw: RawInput, encoding: str) -> Decoded:
    """Decode with the one codec the run asked for."""
    try:
        return Decoded(raw.data.decode(encoding), 0, encoding)
    except LookupError:
        raise InputError(raw.uri, f"unknown encoding {encoding!r}") from None
    except UnicodeDecodeError as error:
        raise InputError(raw.uri, f"not valid {label(encoding)} (byte "
                         f"0x{raw.data[error.start]:02x} at offset {error.start})") from None


def guess_title(text: str) -> str | None:
    """The first line, when it reads like a heading (short, no closing full stop)."""
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return line if len(line) <= 150 and line[-1] not in ".!?:;," else None
    return None


def markdown_links(text: str) -> list[dict[str, object]]:
    """``[text](url)`` links of a Markdown text, each with the span of its text."""
    return [{"url": match["url"], "text": match["text"],
             "span": {"start": match.start("text"), "end": match.end("text")}}
            for match in MARKDOWN_LINK.finditer(text)]


def load_text(raw: RawInput) -> Record:
    """Build a Document from a plain-text or Markdown input."""
    decoded = decode(raw)
    text = decoded.text
    offset_map = [[0, decoded.skipped, len(text)]] if text else []
    metadata: dict[str, object] = {"encoding": decoded.encoding}
    if decoded.note:
        metadata["notes"] = [decoded.note]
    if raw.media_type == "text/markdown" and "](" in text:
        metadata["links"] = markdown_links(text)
    language = language_of(text)
    if language:
        metadata["language"] = language
    return make_document(raw, text, title=guess_title(text), author=find_byline(text),
                         published=find_dateline(text), offset_map=offset_map,
                         metadata=metadata)


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
