"""Publication dates and bylines written in the text itself ("Post on Apr 25, 2025").

A helper the loaders share, not a plugin: it registers no hook. Text pasted from a CMS
keeps its dateline and byline as ordinary lines near the top; these functions read them.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
          r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
DATE = (rf"(?:(?P<month>{_MONTH})\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)"
        rf"|(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?\s+(?P<month2>{_MONTH}),?\s+(?P<year2>(?:19|20)\d\d)"
        r"|(?P<iso>(?:19|20)\d\d-[01]\d-[0-3]\d))")
LEAD = (r"(?:(?:first\s+)?(?:posted|post|published|updated|last\s+updated|dated?|released)"
        r"(?:\s+on)?\s*:?\s*)")
LEAD_WORDS = ("post", "publish", "updated", "date", "released")  # in every dateline
TOP = 1200  # a dateline or byline counts only this near the start of the text


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The dateline, bare-date-line and byline patterns, compiled on first use."""
    return (re.compile(rf"\b{LEAD}{DATE}\b", re.I),
            re.compile(rf"\s*(?:\w+day,?\s+)?{DATE}\s*$", re.I),
            re.compile(r"^\s*By\s+(?P<name>[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3})\s*$",
                       re.M))


def iso_date(match: re.Match[str]) -> str | None:
    """The ``YYYY-MM-DD`` date a :data:`DATE` match names, or ``None`` if impossible."""
    if match["iso"]:
        text = match["iso"]
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            return None
    month = match["month"] or match["month2"]
    day = match["day"] or match["day2"]
    year = match["year"] or match["year2"]
    try:
        return date(int(year), MONTHS[month[:3].lower()], int(day)).isoformat()
    except ValueError:
        return None


def find_dateline(text: str) -> str | None:
    """The publication date a dateline near the top of ``text`` gives, as ``YYYY-MM-DD``.

    "Post on Apr 25, 2025", "Published: 14 March 2025" or a line holding only a date.
    """
    head = text[:TOP]
    lowered = head.lower()
    dateline, bare_date_line, _ = _patterns()
    if any(word in lowered for word in LEAD_WORDS):
        for match in dateline.finditer(head):
            found = iso_date(match)
            if found:
                return found
    for line in head.splitlines():
        if len(line) <= 40 and any(ch.isdigit() for ch in line):
            match = bare_date_line.match(line)
            found = iso_date(match) if match else None
            if found:
                return found
    return None


def find_byline(text: str) -> str | None:
    """The author a "By Jane Doe" line near the top of ``text`` names, if any."""
    match = _patterns()[2].search(text[:TOP]) if "By " in text[:TOP] else None
    return match["name"] if match else None
