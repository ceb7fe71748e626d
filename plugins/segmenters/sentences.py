"""Split English text into sentences with exact offsets.

Paragraphs are separated by blank lines; inside a paragraph each line is its own unit
(headings, bullets, CMS paste) unless the paragraph is hard-wrapped prose. Bullet markers
are left out of the sentence. After an abbreviation or an initial, a full stop ends a
sentence only when the next word is one that usually opens a sentence ("... in the U.S.
And then", but "George H.W. Bush"); after a title ("Dr.") never, after "No." not before a
number. Measured on ``tests/data/sentences.jsonl`` (hard cases from real text) by
``benchmarks/segmentation.py``, side by side with pysbd, syntok and blingfire.
"""

from __future__ import annotations

import re

from workbench import hookimpl
from workbench.records import Record

# Abbreviations that never end a sentence: titles and prefixes before a name.
TITLES = frozenset((
    "mr", "mrs", "ms", "dr", "prof", "gen", "gov", "sen", "rep", "col", "lt", "sgt", "capt",
    "cmdr", "adm", "hon", "rev", "fr", "st", "mt", "ft", "pres", "supt", "det", "insp", "messrs",
    "e.g", "i.e", "vs", "cf", "viz", "p.s",
))
# Abbreviations before a number ("No. 5", "pp. 12", "Nov. 24"): no sentence ends before one.
NUMBERED = frozenset((
    "no", "nos", "vol", "vols", "pp", "p", "fig", "figs", "art", "sec", "ch", "op", "apt",
    "prop", "ed", "eds", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec",
))
# Abbreviations that also end sentences ("... Chevron Corp. The deal", "in the U.S. And").
# Initials (one letter, or several with dots: "H.W.", "L.A.") are read the same way.
ENDERS = frozenset((
    "etc", "inc", "ltd", "co", "corp", "bros", "jr", "sr", "al", "approx", "est", "dept",
    "a.m", "p.m", "u.s", "u.k", "u.n", "ph.d",
))
# Words that open sentences far more often than they follow an abbreviation inside one:
# after an ender or an initial, one of these means the sentence did end there.
STARTERS = frozenset(str.split("""
the a an this that these those there here it its he she they we i you his her their our my
your him them me us but and or so yet nor for if when while as in on at by from with after
before since during until unless although though because once however thus also then now
still just all some many most any each every both other another such not only even more what
who whom whose which why how where one two three yes meanwhile instead indeed moreover
furthermore besides otherwise nevertheless therefore hence today yesterday tomorrow last
next first second finally later earlier soon again perhaps maybe please let according
despite among under over about into through against without within
"""))
INITIALS = re.compile(r"(?:[^\W\d_]\.)*[^\W\d_]")  # "a", "h.w", "n.e.w.t" (the last dot cut)
NEXT_WORD = re.compile(r"[\"'“‘(\[]*([^\W\d_]+|\d)")

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


def _ends_sentence(text: str, sentence_start: int, boundary: int, following: int) -> bool:
    """False when the full stop at ``boundary`` closes an abbreviation or an initial.

    ``following`` is where the next sentence would start. Titles never end a sentence,
    number abbreviations not before a number; other abbreviations and initials end one
    only before a word that usually opens a sentence (``STARTERS``).
    """
    if text[boundary] != ".":
        return True
    before = text[max(sentence_start, boundary - 12):boundary].split()
    word = before[-1].lstrip("\"'“‘([").lower() if before else ""
    word = word.rsplit("-", 1)[-1]  # "then-Rep."
    if word in TITLES:
        return False
    found = NEXT_WORD.match(text, following)
    after = found.group(1) if found else ""
    if word in NUMBERED:
        return not after.isdigit()
    if word in ENDERS or INITIALS.fullmatch(word):
        return after.lower() in STARTERS
    return True


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
        if _ends_sentence(text, sentence_start, match.start(), match.start("next")):
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
