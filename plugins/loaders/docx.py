"""Load Word documents (.docx): the paragraphs as text, each mapped back to its place.

python-docx reads the body in order: paragraphs, and the paragraphs of table cells row by
row. Each becomes a block of the text, with a blank line between blocks, its runs joined
as Word shows them. ``document["metadata"]["paragraphs"]`` gives, for every block, where
it is in the file (``index`` among the body's paragraphs, or ``table``, ``row``, ``cell``
and ``index`` inside a cell) and its span in the text, so that a review can comment on
the original. Title and author come from the file's core properties.
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

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _paragraphs(document: Any) -> list[tuple[dict[str, int], str]]:
    """Every paragraph of the body in reading order, with where it is in the file."""
    from docx.table import Table

    found: list[tuple[dict[str, int], str]] = []
    body_index = table_index = 0
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            for row_index, row in enumerate(item.rows):
                seen: set[int] = set()
                for cell_index, cell in enumerate(row.cells):
                    if id(cell._tc) in seen:  # a merged cell appears once per grid column
                        continue
                    seen.add(id(cell._tc))
                    for index, paragraph in enumerate(cell.paragraphs):
                        found.append(({"table": table_index, "row": row_index,
                                       "cell": cell_index, "index": index}, paragraph.text))
            table_index += 1
        else:
            found.append(({"index": body_index}, item.text))
            body_index += 1
    return found


def load_docx(raw: RawInput) -> Record:
    """Build a Document from a Word file; a file Word could not open is an input error."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(BytesIO(raw.data))
        found = _paragraphs(document)
    except (PackageNotFoundError, KeyError, ValueError, OSError) as error:
        raise InputError(raw.uri, f"not a readable Word document ({type(error).__name__}: "
                         f"{error})") from None
    except Exception as error:  # zipfile.BadZipFile, lxml's XMLSyntaxError...
        raise InputError(raw.uri, f"not a readable Word document ({type(error).__name__})") \
            from None
    text, paragraphs = joined(found)
    if not text:
        raise InputError(raw.uri, "the Word document has no text")
    metadata: dict[str, Any] = {"paragraphs": paragraphs}
    language = language_of(text)
    if language:
        metadata["language"] = language
    properties = document.core_properties
    return make_document(raw, text, title=properties.title or None,
                         author=properties.author or find_byline(text),
                         published=find_dateline(text), offset_map=[], metadata=metadata)


@hookimpl
def register_loaders(register) -> None:
    """Register the Word loader for .docx files."""
    register(Loader(name="docx", media_types=(MEDIA_TYPE,), suffixes={".docx": MEDIA_TYPE},
                    load=load_docx))
