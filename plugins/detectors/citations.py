"""Detect citations and footnotes: note markers and bibliographic references.

- bracketed markers "[12]", "[3, 4]", "[5–7]" -> ``{"type": "note", "numbers": [12]}``
- superscript markers "⁶⁸" and markers glued to a word, "needed,68 in" -> ``{"type":
  "note", "numbers": [68]}``
- journal references "Behind the Headlines 54:3 (Spring 1997)" -> ``{"type": "reference",
  "journal": "Behind the Headlines", "volume": 54, "issue": 3, "year": 1997}``
- page ranges "pp.4-9", author-year "(Smith et al., 2019)", DOIs, "ibid."

A note marker is the strongest hint that the author sourced the sentence it ends.
"""

from __future__ import annotations

import re

from workbench_plugins.shared.scan import (
    DIGIT,
    LazyPattern,
    Rule,
    Scanner,
    first_fits,
    lowercase,
)

from workbench import hookimpl
from workbench.records import Record, make_signal

# What the glued note rule needs: a digit after a letter and punctuation. Written digit
# first, so that ``re`` skips to the digits, and searched in the lowercased text.
GLUED_NOTE = LazyPattern(r"\d(?<=[a-z][,.;:”\"')]\d)")
SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


# The full patterns, most specific first; compiled on first use. A gate lists words
# one of which every match contains (see ``_scan``).
_JOURNAL = (r"[*_]{0,2}(?P<journal>[A-Z][\w'&-]*(?:\s+(?:[A-Z][\w'&-]*|of|the|and|for|on|in|"
           r"&))*)[*_]{0,2}")
SCANNER = Scanner([
    Rule("reference", LazyPattern(r"(?:1[5-9]|20)\d\d\)"), LazyPattern(
        rf"{_JOURNAL},?\s+(?:vol\.\s*)?(?P<volume>\d{{1,4}})\s*(?::|,\s*no\.\s*|\()\s*"
        r"(?P<issue>\d{1,4})\)?\s*\((?P<when>(?:(?:Spring|Summer|Fall|Autumn|Winter|"
        r"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+)?"
        r"(?P<year>1[5-9]\d\d|20\d\d))\)"), 0.7),
    Rule("author-year", ("(",), LazyPattern(
        r"\((?P<author>[A-Z][\w'-]+(?:\s+(?:and|&)\s+[A-Z][\w'-]+|\s+et\s+al\.?)?),?\s+"
        r"(?P<year>1[5-9]\d\d|20\d\d)[a-z]?(?:,\s*(?:p|pp)\.\s*\d+(?:[-–]\d+)?)?\)"), 0.6),
    Rule("doi", ("10.",), LazyPattern(
        r"\b(?:doi:\s*|https?://(?:dx\.)?doi\.org/)?(?P<doi>10\.\d{4,9}/"
        r"[^\s\"<>]+[^\s\"<>.,;)])", re.I), 0.6),
    Rule("pages", ("p.",), LazyPattern(
        r"\b(?:pp?\.)\s?(?P<first>\d{1,5})(?:\s?[-–]\s?(?P<last>\d{1,5}))?\b"), 0.4),
    Rule("ibid", ("ibid.", "op."), LazyPattern(r"\b(?:[Ii]bid\.|[Oo]p\.\s?cit\.)"), 0.4),
    Rule("note", ("[",), LazyPattern(r"\[(?P<numbers>\d{1,3}(?:\s*[,–-]\s*\d{1,3})*)\]"), 0.5),
    Rule("note", tuple("⁰¹²³⁴⁵⁶⁷⁸⁹"), LazyPattern(r"(?P<superscript>[⁰¹²³⁴⁵⁶⁷⁸⁹]+)"), 0.5),
    # "needed,68 in" / "in 1997.12 The": digits glued to a word and its punctuation.
    Rule("note", GLUED_NOTE, LazyPattern(
        r"(?<=[a-z][,.;:”\"')])(?P<numbers>\d{1,3})(?=\s|$)"), 0.5),
], triggers=[DIGIT])


def _numbers(text: str) -> list[int]:
    numbers: list[int] = []
    for part in re.split(r"\s*,\s*", text):
        first, _, last = part.replace("–", "-").partition("-")
        if last and int(last) >= int(first) and int(last) - int(first) < 50:
            numbers.extend(range(int(first), int(last) + 1))
        else:
            numbers.append(int(first))
    return numbers


def find_citations(text: str, sentences: list[tuple[int, int]] | None = None) -> list[Record]:
    """Citation and footnote signals of ``text``; overlaps keep the first match."""
    signals = []
    found_matches = SCANNER.matches(text, lowercase(text), sentences)
    for rule, match in first_fits(found_matches):
        found = match.groupdict()
        name = rule.name
        value: dict[str, object] = {"type": name}
        if name == "reference":
            value.update(journal=found["journal"].strip(), volume=int(found["volume"]),
                         issue=int(found["issue"]), year=int(found["year"]),
                         date=found["when"])
        elif name == "author-year":
            value.update(author=found["author"], year=int(found["year"]))
        elif name == "doi":
            value["doi"] = found["doi"]
        elif name == "pages":
            value["first"] = int(found["first"])
            if found.get("last"):
                value["last"] = int(found["last"])
        elif name == "note":
            raw = found.get("superscript") or ""
            value["numbers"] = (_numbers(raw.translate(SUPERSCRIPTS)) if raw
                                else _numbers(found["numbers"]))
        signals.append(make_signal(text, "citation", match.start(), match.end(), rule.weight,
                                   value))
    return signals


@hookimpl
def detect_signals(document: Record, sentences: list[tuple[int, int]]) -> list[Record]:
    """Flag footnote markers, journal references, author-year citations, DOIs and pages."""
    return find_citations(document["text"], sentences)
