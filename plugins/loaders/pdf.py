"""Load PDF files: the text of each page, by pypdf, each page mapped to its span.

pypdf (pure Python, maintained) extracts each page's text in reading order; pages are
separated by a blank line, and ``document["metadata"]["pages"]`` gives each page's span
in the text. A PDF whose pages hold no text (a scan) or that is encrypted with a
password is refused with one line saying so. Title and author come from the file's
information dictionary.
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

from workbench_plugins.shared.blocks import joined
from workbench_plugins.shared.datelines import find_byline, find_dateline
from workbench_plugins.shared.language import language_of

from workbench import hookimpl
from workbench.errors import InputError
from workbench.records import Record, make_document
from workbench.types import Loader, RawInput


def _info(reader: Any, key: str) -> str | None:
    try:
        value = (reader.metadata or {}).get(key)
    except Exception:  # a damaged information dictionary costs only the metadata
        return None
    return " ".join(str(value).split()) or None if value else None


def load_pdf(raw: RawInput) -> Record:
    """Build a Document from a PDF; an unreadable, encrypted or image-only one is an
    input error."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(BytesIO(raw.data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError(raw.uri, "the PDF is encrypted with a password; save an "
                             "unprotected copy first")
        pages = [page.extract_text() or "" for page in reader.pages]
    except InputError:
        raise
    except (PdfReadError, ValueError, KeyError, OSError) as error:
        raise InputError(raw.uri, f"not a readable PDF ({type(error).__name__}: {error})") \
            from None
    except Exception as error:  # pypdf raises many kinds on a damaged file
        raise InputError(raw.uri, f"not a readable PDF ({type(error).__name__})") from None
    text, spans = joined(({"page": number}, page) for number, page in enumerate(pages, start=1))
    if not text:
        raise InputError(raw.uri, f"no text in the PDF's {len(pages)} page(s): scanned "
                         "images? run it through OCR first")
    metadata: dict[str, Any] = {"pages": spans}
    language = language_of(text)
    if language:
        metadata["language"] = language
    return make_document(raw, text, title=_info(reader, "/Title"),
                         author=_info(reader, "/Author") or find_byline(text),
                         published=find_dateline(text), offset_map=[], metadata=metadata)


@hookimpl
def register_loaders(register) -> None:
    """Register the PDF loader for .pdf files."""
    register(Loader(name="pdf", media_types=("application/pdf",),
                    suffixes={".pdf": "application/pdf"}, load=load_pdf))
