"""Text from articles, made safe to show: control characters cannot act on a terminal and
bidirectional overrides cannot reorder what a reader sees.

An article may hold ``ESC ] 0 ; ... BEL`` (which retitles a terminal), ``ESC [ 2 J``
(which clears it), a carriage return (which overwrites the line shown) or U+202E
RIGHT-TO-LEFT OVERRIDE (which makes ``txt.exe`` read ``exe.txt``). Reading views and
terminal output show each such character as an escape instead: ``\\x1b``, ``\\u202e``.
Data formats keep every text exactly; in JSON the same characters are written as
``\\u`` escapes, which parse back to the same text.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from functools import cache
from itertools import accumulate

# Bidirectional marks, embeddings, overrides and isolates.
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"


@cache
def _hidden() -> re.Pattern[str]:
    """C0 controls but tab and line feed (a carriage return only alone, not in CR LF),
    DEL, C1 controls, and the bidirectional controls (compiled on first use)."""
    return re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{BIDI_CONTROLS}]|\r(?!\n)")


@cache
def _raw_in_json() -> re.Pattern[str]:
    """What JSON leaves raw: C1 and bidirectional controls (C0 ones it escapes)."""
    return re.compile(f"[\x80-\x9f{BIDI_CONTROLS}]")


@cache
def _raw_in_json_bytes() -> re.Pattern[bytes]:
    """:func:`_raw_in_json` in UTF-8."""
    return re.compile(
        b"\xc2[\x80-\x9f]|\xd8\x9c|\xe2\x80[\x8e\x8f\xaa-\xae]|\xe2\x81[\xa6-\xa9]")


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` with each control character (but tab, line feed and the CR of CR LF) and
    each bidirectional control written as an escape: ``\\x1b``, ``\\x9b``, ``\\u202e``."""
    hidden = _hidden()
    if hidden.search(text) is None:
        return text
    return hidden.sub(lambda match: _escape(match.group()), text)


def visible_with_offsets(text: str) -> tuple[str, Callable[[int], int]]:
    """:func:`visible` ``text``, and a function taking an offset into ``text`` to the
    same place in the result (for views that highlight spans of the text)."""
    found = list(_hidden().finditer(text))
    if not found:
        return text, lambda offset: offset
    positions = [match.start() for match in found]
    grown = [0, *accumulate(len(_escape(match.group())) - 1 for match in found)]
    return (_hidden().sub(lambda match: _escape(match.group()), text),
            lambda offset: offset + grown[bisect_left(positions, offset)])


def json_escaped(text: str) -> str:
    """JSON text with its C1 and bidirectional controls written as ``\\u`` escapes (the
    same JSON value, inert in a terminal)."""
    return _raw_in_json().sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def json_escaped_bytes(data: bytes) -> bytes:
    """:func:`json_escaped` for UTF-8 encoded JSON."""
    found = _raw_in_json_bytes()
    if found.search(data) is None:
        return data
    return found.sub(
        lambda match: f"\\u{ord(match.group().decode('utf-8')):04x}".encode("ascii"), data)
