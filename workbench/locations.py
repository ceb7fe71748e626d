"""Line and column of a claim in the file it came from, for CI annotations and spreadsheets.

A document's text may differ from its original (an HTML page loses its markup, a file its
byte-order mark); ``document["offset_map"]`` maps text offsets back to the original's
characters. When the document's URI is a local file whose bytes still have the recorded
digest, lines and columns are counted in that file; otherwise in the document's text.
"""

from __future__ import annotations

import hashlib
import sys
from bisect import bisect_right
from pathlib import Path
from typing import Any

Record = dict[str, Any]

# Byte-order marks and the codec that decodes the whole file *keeping* the mark as one
# character, so that character offsets match the loaders' offset maps.
_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


def _original_text(document: Record) -> str | None:
    """The original file's characters, when it is a readable local file that did not change."""
    uri = document["uri"]
    if uri.startswith("<") or "://" in uri:
        return None
    try:
        data = Path(uri).read_bytes()
    except OSError:
        return None
    if hashlib.sha256(data).hexdigest() != document["sha256"]:
        print(f"warning: {uri}: changed since it was checked; lines and columns are "
              "counted in the checked text", file=sys.stderr)
        return None
    encoding = next((codec for bom, codec in _BOMS if data.startswith(bom)), "utf-8")
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


class Locator:
    """Maps offsets in a document's text to 1-based (line, column) in its original.

    Columns count Unicode code points. ``from_original`` tells whether the original file
    was used (else positions are those of the document's text).
    """

    def __init__(self, document: Record) -> None:
        original = _original_text(document)
        runs = sorted(document["offset_map"]) if original is not None else []
        self.from_original = original is not None and bool(runs)
        source = original if self.from_original else document["text"]
        assert source is not None
        self._runs = runs
        self._run_starts = [run[0] for run in runs]
        # A byte-order mark is no column: line 1 starts after it.
        self._line_starts = [1 if source.startswith("\ufeff") else 0]
        position = source.find("\n")
        while position != -1:
            self._line_starts.append(position + 1)
            position = source.find("\n", position + 1)

    def _original(self, offset: int) -> int:
        if not self.from_original:
            return offset
        index = bisect_right(self._run_starts, offset) - 1
        if index >= 0:
            text_start, original_start, length = self._runs[index]
            if offset < text_start + length:
                return original_start + offset - text_start
            # Between runs (text the loader made up, such as a paragraph break): the end
            # of the preceding run.
            return original_start + length
        return self._runs[0][1]

    def _line_column(self, original: int) -> tuple[int, int]:
        line = max(1, bisect_right(self._line_starts, original))
        return line, max(1, original - self._line_starts[line - 1] + 1)

    def position(self, offset: int) -> tuple[int, int]:
        """(line, column) of the character at text ``offset``."""
        return self._line_column(self._original(offset))

    def region(self, start: int, end: int) -> tuple[int, int, int, int]:
        """(start line, start column, end line, end column) of text ``[start, end)``.

        The end column is exclusive (one past the last character), as SARIF counts it.
        """
        start_line, start_column = self.position(start)
        last = max(start, end - 1)
        end_line, end_column = self._line_column(self._original(last) + 1)
        if end_column == 1 and end_line > start_line:
            # The region ends on a newline: report the end of the previous line.
            end_line, end_column = self._line_column(self._original(last))
            end_column += 1
        return start_line, start_column, end_line, end_column
