"""Numbers and dates: the one place the bundled plugins read them.

The detectors parse what a sentence says (``"in April 1949"``, ``"about 40 million"``)
into the ``value`` of their signals with the words defined here; the checkers read those
values back with the functions here and compare them with facts, at the precision the
sentence states: "in 1949" is true of 4 April 1949, "in March 1949" is not.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

Record = dict[str, Any]

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")
WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a hundred": 100,
    "a thousand": 1000, "a dozen": 12, "a million": 1e6, "a billion": 1e9,
}
# Words for amounts of time ("three decades ago", "a few years").
TIME_AMOUNTS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "a few": 3, "several": 3, "a couple of": 2, "a dozen": 12, "half a": 0.5,
}
SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
          "k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9, "b": 1e9, "tn": 1e12}
UNIT_YEARS = {"year": 1, "decade": 10, "century": 100}

# How a hedge bounds what it qualifies: the claimed amount x allows a true value v when
# ``low(x) <= v <= high(x)`` (None: unbounded). Vague ones ("some", "several") are left
# out: a sentence that hedges that way is not checked to be true.
HEDGES: dict[str, tuple[float | None, float | None, bool]] = {
    # hedge: (lower factor, upper factor, strict) applied to x
    "more than": (1.0, None, True), "over": (1.0, None, True), "above": (1.0, None, True),
    "well over": (1.0, None, True), "just over": (1.0, 1.1, True),
    "at least": (1.0, None, False), "passed": (1.0, None, False),
    "topped": (1.0, None, True), "exceeded": (1.0, None, True), "surpassed": (1.0, None, True),
    "less than": (None, 1.0, True), "fewer than": (None, 1.0, True),
    "under": (None, 1.0, True), "below": (None, 1.0, True), "just under": (0.9, 1.0, True),
    "at most": (None, 1.0, False), "up to": (None, 1.0, False),
    "nearly": (0.9, 1.0, False), "almost": (0.9, 1.0, False), "close to": (0.9, 1.1, False),
    "about": (0.9, 1.1, False), "around": (0.9, 1.1, False), "roughly": (0.9, 1.1, False),
    "approximately": (0.9, 1.1, False), "some": (0.9, 1.1, False),
    "an estimated": (0.9, 1.1, False),
}


def parse_number(text: str) -> float:
    """A number as written: digits with thousands separators, or a number word."""
    word = " ".join(text.lower().replace("-", " ").split())
    if word in WORD_NUMBERS:
        return float(WORD_NUMBERS[word])
    return float(text.replace(",", ""))


def human_number(value: float) -> str:
    """A number as a reader writes it: ``20,000``, ``40.05 million``, ``5.2`` (never
    ``2e+04``)."""
    if value != value:  # NaN
        return "?"
    magnitude = abs(value)
    for scale, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if magnitude >= scale:
            return f"{_trimmed(value / scale, 3)} {word}"
    if float(value).is_integer():
        return f"{int(value):,}"
    return _trimmed(value, 2 if magnitude >= 1 else 3)


def _trimmed(value: float, places: int) -> str:
    text = f"{value:,.{places}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


# --------------------------------------------------------------------------------------
# Dates at the precision they are written
# --------------------------------------------------------------------------------------

_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True)
class Day:
    """A date known to the year, the month or the day (``month``/``day`` None when not)."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> Day:
        """``1949``, ``1949-04`` or ``1949-04-04``."""
        match = _PARTIAL.match(text.strip())
        if match is None:
            raise ValueError(f"not a date: {text!r}")
        year, month, day = match.groups()
        return cls(int(year), int(month) if month else None, int(day) if day else None)

    def first(self) -> date:
        """The first day this date may mean."""
        return date(self.year, self.month or 1, self.day or 1)

    def last(self) -> date:
        """The last day this date may mean."""
        month = self.month or 12
        return date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    def iso(self) -> str:
        """The date in ISO 8601 at its precision."""
        parts = [f"{self.year:04d}"]
        if self.month:
            parts.append(f"{self.month:02d}")
            if self.day:
                parts.append(f"{self.day:02d}")
        return "-".join(parts)

    def human(self) -> str:
        """``4 April 1949``, ``April 1949`` or ``1949``."""
        if self.month is None:
            return str(self.year)
        month = MONTH_NAMES[self.month - 1]
        return f"{self.day} {month} {self.year}" if self.day else f"{month} {self.year}"

    def holds_for(self, fact: Day) -> bool:
        """True when a sentence saying this date is right about ``fact``'s date: they agree
        at the precision both have ("1949" holds for 1949-04-04; "March 1949" does not)."""
        if self.year != fact.year:
            return False
        if self.month is None or fact.month is None:
            return True
        if self.month != fact.month:
            return False
        return self.day is None or fact.day is None or self.day == fact.day

    def contradicts(self, fact: Day) -> bool:
        """True when this date and ``fact``'s cannot be the same day."""
        return not self.holds_for(fact)


@dataclass(frozen=True)
class Period:
    """A span of years or dates a sentence gives ("from 2007 to 2016"), ends included."""

    start: Day
    end: Day | None  # None: open ("since 2007")


def when_of(value: Record) -> Day | Period | None:
    """The date or period a temporal signal's value states, or None for a relative, vague
    or partial expression (a decade, a century, a season, a term)."""
    kind = value.get("type")
    if kind == "date":
        return Day.parse(value["date"])
    if kind == "month":
        return Day.parse(value["month"])
    if kind == "year":
        return Day(int(value["year"]))
    if kind == "range":
        return Period(Day(int(value["start"])), Day(int(value["end"])))
    return None


def years_between(earlier: date, later: date) -> float:
    """Years from ``earlier`` to ``later`` (negative when ``later`` is before)."""
    return (later - earlier).days / 365.2425


def allows(claimed: float, actual: float, hedge: str | None, step: float) -> bool:
    """True when ``actual`` is what a sentence claiming ``claimed`` allows.

    Without a hedge the claim allows rounding at the precision it is written in (``step``,
    see :func:`step_of`): "5.2 percent" allows 5.15 to 5.25, "40 million" 39.5 to 40.5
    million. A hedge (:data:`HEDGES`) bounds the value instead: "more than 40 million"
    allows anything above 40 million, "nearly 8 billion" 7.2 to 8 billion.
    """
    if hedge is None:
        return abs(actual - claimed) <= step / 2 + abs(claimed) * 1e-12
    low, high, strict = HEDGES[hedge]
    if low is not None:
        bound = claimed * low
        if actual < bound or (strict and actual <= bound):
            return False
    if high is not None:
        bound = claimed * high
        if actual > bound or (strict and actual >= bound):
            return False
    return True


def step_of(written: str, scale: float = 1.0) -> float:
    """The rounding step of a number as written, times its scale: "5.2" -> 0.1, "40" with
    the scale of "million" -> 1,000,000."""
    digits = written.replace(",", "")
    places = len(digits.split(".", 1)[1]) if "." in digits else 0
    return 10.0 ** -places * scale
