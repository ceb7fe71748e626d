"""Split English text into sentences with exact offsets.

Paragraphs are separated by blank lines; inside a paragraph each line is its own unit
(headings, bullets, CMS paste) unless the paragraph is hard-wrapped prose. Bullet markers
are left out of the sentence. A full stop after a known abbreviation or an initial does
not end a sentence.
"""

from __future__ import annotations

import re

from workbench import hookimpl
from workbench.records import Record

ABBREVIATIONS = frozenset((
    "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "gen", "gov", "sen", "rep", "col",
    "lt", "sgt", "capt", "cmdr", "adm", "hon", "rev", "fr", "mt", "ft", "no", "nos", "vol",
    "vols", "pp", "p", "ed", "eds", "fig", "figs", "approx", "est", "dept", "inc", "ltd",
    "co", "corp", "bros", "etc", "vs", "cf", "al", "art", "sec", "ch", "op", "jan", "feb",
    "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "e.g", "i.e",
    "u.s", "u.k", "u.n", "a.m", "p.m", "ph.d", "viz",
))

PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")
BULLET = re.compile(r"[ \t]*(?:[•◦▪‣·●○■□➢►–—*+-]|\(?\d{1,3}[.)]|\(?[a-z][.)])[ \t]+")
# A sentence's end: stops, closing quotes and brackets before white space and a capital or
# a digit, where the next sentence starts (group "next"). It opens with one character class,
# not a repeat of it ("[.!?…]+"): then re skips to the stops instead of trying every position.
BOUNDARY = re.compile(
    r"[.!?…][.!?…]*[\"'”’)\]]*(?=\s+(?P<next>[\"'“‘(\[]?[A-Z0-9À-ÖØ-Þ]))")
WRAPPED_MIN, WRAPPED_MAX = 40, 100


def _units(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Lines of a paragraph, or the whole paragraph when it is hard-wrapped prose."""
    if text.find("\n", start, end) < 0:
        return [(start, end)]
    lines = []
    position = start
    for line in text[start:end].split("\n"):
        lines.append((position, position + len(line)))
        position += len(line) + 1
    wrapped = len(lines) > 1 and all(
        WRAPPED_MIN <= len(text[a:b].rstrip()) <= WRAPPED_MAX and not BULLET.match(text, a, b)
        for a, b in lines[:-1]
    )
    return [(start, end)] if wrapped else lines


def _ends_sentence(text: str, sentence_start: int, boundary: int) -> bool:
    """False when the full stop at ``boundary`` closes an abbreviation or an initial."""
    if text[boundary] != ".":
        return True
    before = text[max(sentence_start, boundary - 12):boundary].split()
    word = before[-1].lstrip("\"'“‘([").lower() if before else ""
    return not (word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()))


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    piece = text[start:end]
    stripped = piece.strip()
    if not stripped:
        return None
    start += len(piece) - len(piece.lstrip())
    return start, start + len(stripped)


def _split_unit(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    """Append the sentences of the unit ``text[start:end]`` to ``spans``.

    Only the unit's ends need trimming: a sentence ends on punctuation and the next one
    starts where the white space after it ends (``BOUNDARY``'s group ``next``).
    """
    bullet = BULLET.match(text, start, end)
    unit = _trimmed(text, bullet.end() if bullet else start, end)
    if unit is None:
        return
    sentence_start, unit_end = unit
    for match in BOUNDARY.finditer(text, sentence_start, unit_end):
        if _ends_sentence(text, sentence_start, match.start()):
            spans.append((sentence_start, match.end()))
            sentence_start = match.start("next")
    spans.append((sentence_start, unit_end))


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` of ``text``, sorted and trimmed."""
    spans: list[tuple[int, int]] = []
    paragraph_start = 0
    for paragraph_break in [*PARAGRAPH_BREAK.finditer(text), None]:
        paragraph_end = paragraph_break.start() if paragraph_break else len(text)
        for unit_start, unit_end in _units(text, paragraph_start, paragraph_end):
            _split_unit(text, unit_start, unit_end, spans)
        paragraph_start = paragraph_break.end() if paragraph_break else len(text)
    return spans


@hookimpl(trylast=True)
def segment_document(document: Record) -> list[tuple[int, int]]:
    """Split the document's text into sentences (a fallback any segmenter can override)."""
    return split_sentences(document["text"])
