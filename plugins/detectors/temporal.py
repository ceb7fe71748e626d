"""Detect temporal expressions: dates, years, decades, ranges and relative spans.

Relative spans ("over three decades ago", "two years before") carry a structured value
(amount, unit, direction, qualifier) so checkers can compute them against a date.
"""

from __future__ import annotations

import re
from typing import Any

from workbench_plugins.shared.scan import (
    DIGIT,
    LazyPattern,
    Rule,
    Scanner,
    first_fits,
    found_in,
    lowercase,
)

from workbench import hookimpl
from workbench.records import Record, make_signal

LANGUAGES = ("en",)  # the words and patterns it reads are English

NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "a few": 3, "several": 3, "a couple of": 2, "a dozen": 12, "half a": 0.5,
}
MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
_NUMBER = r"(?P<amount>\d+(?:\.\d+)?|" + "|".join(
    sorted((re.escape(w) for w in NUMBER_WORDS), key=len, reverse=True)) + ")"
_QUALIFIER = (r"(?:(?P<qualifier>over|more than|less than|fewer than|nearly|almost|about|"
              r"around|roughly|some|just over|just under|at least|at most|well over)\s+)?")
_UNIT = r"(?P<unit>years?|decades?|centuries|century|months?|weeks?|days?)"
_MONTH = (r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|"
          r"Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_YEAR = r"(?P<year>1[5-9]\d\d|20\d\d)"
# A year not glued to a figure before it: the look-behind comes after the first digit (it
# checks the character before that digit), so that ``re`` can skip ahead to the digits.
_LONE_YEAR = r"(?P<year>1(?<![\d,.$£€-]1)[5-9]\d\d|2(?<![\d,.$£€-]2)0\d\d)"

# A sentence needs one of these words or a digit for any rule to match.
TRIGGER_WORDS = ("ago", "year", "decade", "centur", "month", "week", "day", "term",
                 "administration", "presidency", "mandate", "government")
_MONTHS = tuple(MONTHS)
_UNITS = ("year", "decade", "centur", "month", "week", "day")
# Most specific first: a later pattern never overlaps an earlier hit. The gate lists words
# one of which every match contains (see ``_scan``).
SCANNER = Scanner([
    Rule("relative", ("ago", "before", "after", "later", "earlier", "prior"), LazyPattern(
        rf"\b{_QUALIFIER}{_NUMBER}\s+{_UNIT}\s+"
        r"(?P<direction>ago|before|after|later|earlier|prior)\b"), 0.75, lowered=True),
    Rule("range", ("from", "between"), LazyPattern(
        r"\b(?:from|between)\s+(?P<first>1[5-9]\d\d|20\d\d)\s+"
        r"(?:to|and|until|till|through)\s+(?P<last>1[5-9]\d\d|20\d\d)\b"), 0.7),
    Rule("range", ("-", "–"), LazyPattern(
        r"\b(?P<first>1[5-9]\d\d|20\d\d)\s*[–-]\s*(?P<last>1[5-9]\d\d|20\d\d)\b"), 0.65),
    Rule("date", _MONTHS, LazyPattern(
        rf"\b{_MONTH}\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?,?\s+{_YEAR}\b"), 0.7),
    Rule("date", _MONTHS, LazyPattern(
        rf"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+{_MONTH}\s+{_YEAR}\b"), 0.7),
    Rule("date", ("-",), LazyPattern(r"\b(?P<iso>(?:1[5-9]|20)\d\d-[01]\d-[0-3]\d)\b"), 0.7),
    Rule("month", _MONTHS, LazyPattern(rf"\b{_MONTH}\s+(?:of\s+)?{_YEAR}\b"), 0.6),
    Rule("season", ("spring", "summer", "fall", "autumn", "winter"), LazyPattern(
        rf"\b(?P<season>Spring|Summer|Fall|Autumn|Winter)\s+{_YEAR}\b"), 0.55),
    Rule("decade", ("0s",), LazyPattern(
        r"\b(?:the\s+)?(?:(?P<part>early|mid|late)[- ]?)?(?P<decade>1[5-9]\d0|20\d0)s\b"),
         0.5, lowered=True),
    Rule("century", ("century",), LazyPattern(
        r"\b(?:the\s+)?(?:(?P<part>early|mid|late)[- ]?)?"
        r"(?P<century>[12]?\d)(?:st|nd|rd|th)[- ]century\b"), 0.4, lowered=True),
    Rule("duration", _UNITS, LazyPattern(
        rf"\b(?:for|over|in)\s+(?:the\s+(?:past|last)\s+)?{_QUALIFIER}{_NUMBER}\s+{_UNIT}\b"),
         0.45, lowered=True),
    Rule("term", ("term", "administration", "presidency", "mandate", "government"), LazyPattern(
        r"\bthe\s+(?P<ordinal>first|second|third|fourth)\s+(?P<who>[A-Z][a-z]+)\s+"
        r"(?:term|administration|presidency|mandate|government)\b"), 0.55),
    Rule("year", None, LazyPattern(
        rf"{_LONE_YEAR}(?![\d%]|[.,]\d|s\b|\s*(?:per ?cent|percent))"), 0.5),
], TRIGGER_WORDS, triggers=[DIGIT])


def _amount(word: str) -> float:
    word = word.lower()
    return NUMBER_WORDS[word] if word in NUMBER_WORDS else float(word)


def _value(name: str, found: dict[str, str | None]) -> dict[str, Any]:
    value: dict[str, Any] = {"type": name}
    if name in ("relative", "duration"):
        unit = found["unit"].lower().rstrip("s").replace("centurie", "century")
        value.update(amount=_amount(found["amount"]), unit=unit)
        if found.get("qualifier"):
            value["qualifier"] = found["qualifier"].lower()
        if found.get("direction"):
            value["direction"] = found["direction"].lower()
    elif name == "range":
        value.update(start=int(found["first"]), end=int(found["last"]))
    elif name == "date":
        if found.get("iso"):
            value["date"] = found["iso"]
        else:
            month = MONTHS[found["month"][:3].lower()]
            value["date"] = f"{int(found['year']):04d}-{month:02d}-{int(found['day']):02d}"
    elif name == "month":
        value["month"] = f"{int(found['year']):04d}-{MONTHS[found['month'][:3].lower()]:02d}"
    elif name in ("year", "season"):
        value["year"] = int(found["year"])
    elif name == "decade":
        value["decade"] = int(found["decade"])
    elif name == "century":
        value["century"] = int(found["century"])
    elif name == "term":
        value.update(ordinal=found["ordinal"], who=found["who"])
    if found.get("part"):
        value["part"] = found["part"].lower()
    return value


def find_temporal(text: str, sentences: list[tuple[int, int]] | None = None) -> list[Record]:
    """Temporal signals of ``text``; overlapping matches keep the most specific."""
    found = SCANNER.matches(text, lowercase(text), sentences)
    return [make_signal(text, "temporal", match.start(), match.end(), rule.weight,
                        _value(rule.name, found_in(text, match)))
            for rule, match in first_fits(found)]


@hookimpl
def detect_signals(document: Record, sentences: list[tuple[int, int]]) -> list[Record]:
    """Flag dates, years, periods and relative time spans."""
    return find_temporal(document["text"], sentences)
