"""Check relative time claims: "negotiated over three decades ago", "two years before".

A relative span is computed between two dates: for "ago", the event's date and the
document's publication date (or ``--as-of``); for "before"/"after", the dates of the two
events the sentence compares. Event dates come from the sentence itself ("signed in 1967,
more than five decades ago") or from the knowledge base through the entities the sentence
names. When the publication date is unknown the verdict stays ``unverified`` and says for
which publication dates the claim would hold. Every verdict shows its computation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from workbench_plugins.shared.facts import (
    KeywordPattern,
    fact_source,
    first_day,
    human_date,
    knowledge_base,
    last_day,
    reference_dates,
    temporal_values,
    word_starts,
)

from workbench import hookimpl
from workbench.records import make_verdict

Record = dict[str, Any]

UNIT_YEARS = {"year": 1.0, "decade": 10.0, "century": 100.0, "month": 1 / 12, "week": 7 / 365.25,
              "day": 1 / 365.25}
# Which properties a verb dates, in order of preference.
EVENT_VERBS: list[tuple[KeywordPattern, tuple[str, ...]]] = [
    (KeywordPattern(r"\b(?:entered|came|went) into (?:force|effect)|took effect",
                    ("entered", "came", "went", "took effect")), ("entered_into_force",)),
    (word_starts(("negotiated", "signed", "signing", "concluded", "agreed", "drafted",
                  "adopted"), r"\b"), ("opened_for_signature", "signed", "adopted")),
    (word_starts(("founded", "established", "created", "formed", "set up", "launched"), r"\b"),
     ("founded", "established")),
    (word_starts(("recogni[sz]ed", "diplomatic relations"), r"\b"), ("recognized",)),
    (word_starts(("joined", "acceded", "admitted"), r"\b"), ("joined",)),
    (word_starts(("won", "awarded", "received"), r"\b"), ("awarded",)),
    (word_starts(("withdrew", "pulled out", "terminated", "ended"), r"\b"),
     ("terminated", "us_withdrawal", "withdrawal_announced")),
    (word_starts(("imposed", "introduced", "levied"), r"\b"), ("imposed",)),
]
GENERIC_TREATY = word_starts(("treaty", "treaties", "convention", "conventions", "agreement",
                              "agreements", "accord", "accords", "pact"), r"\b")
# Topic words that identify the treaty a bare "the treaty" most likely means.
TOPICS: list[tuple[KeywordPattern, str]] = [
    (KeywordPattern(r"\bouter space\b|\bspace (?:law|weapons)\b|weaponi[sz]ation of space",
                    ("outer space", "space", "weaponi")), "outer-space-treaty"),
    (KeywordPattern(r"\b(?:anti-personnel )?land ?mines?\b", ("anti-personnel", "land")),
     "ottawa-treaty"),
    (KeywordPattern(r"\bnuclear non-?proliferation\b", ("nuclear",)), "npt"),
    (KeywordPattern(r"\blaw of the sea\b", ("law of the sea",)), "unclos"),
    (KeywordPattern(r"\bcluster munitions?\b", ("cluster munition",)), "ccm"),
    (KeywordPattern(r"\bchemical weapons?\b", ("chemical weapon",)), "cwc"),
]


@dataclass(frozen=True)
class Anchor:
    """A dated event: where its date came from, and the fact behind it (if any)."""

    label: str
    first: date
    last: date
    fact: Record | None = None
    assumed: bool = False  # inferred from the surrounding sentences, not named in the claim


def _bounds(amount: float, qualifier: str | None, unit: str) -> tuple[float, float, bool, bool]:
    """The interval of elapsed years a phrase allows: (low, high, low open, high open)."""
    unit_years = UNIT_YEARS.get(unit, 1.0)
    span = amount * unit_years
    slack = unit_years / 2
    qualifier = (qualifier or "").lower()
    if qualifier in ("over", "more than", "well over", "just over"):
        return span, float("inf"), True, False
    if qualifier in ("less than", "fewer than", "just under"):
        return 0.0, span, False, True
    if qualifier in ("nearly", "almost"):
        return span - slack, span, False, True
    if qualifier == "at least":
        return span, float("inf"), False, False
    if qualifier == "at most":
        return 0.0, span, False, False
    if qualifier in ("about", "around", "roughly", "some", "approximately"):
        slack = max(slack, span * 0.15)
    return span - slack, span + slack, False, False


def _year_only(anchor: Anchor) -> bool:
    """True when an anchor is known to the year only."""
    return (anchor.first.month, anchor.first.day, anchor.last.month, anchor.last.day) == (
        1, 1, 12, 31)


def _years_between(earlier: date, later: date) -> float:
    return (later - earlier).days / 365.2425


def _gaps(earlier: Anchor, later: Anchor, unit: str) -> list[float]:
    """Every fair reading of the years between two events: the exact span (a range when a
    date is known to the month or year only) and, for spans in years or more, the
    difference of the calendar years ("1949 to 1952: three years")."""
    calendar = float(later.first.year - earlier.first.year)
    if _year_only(earlier) or _year_only(later):
        return [calendar]
    exact = [_years_between(earlier.last, later.first), _years_between(earlier.first, later.last)]
    return exact + ([calendar] if UNIT_YEARS.get(unit, 1.0) >= 1 else [])


def _show_gaps(gaps: list[float]) -> str:
    """``[8.2, 8.2, 9.0]`` -> "8.2 years exactly, 9 in calendar years"."""
    exact = sorted(set(round(g, 1) for g in gaps[:2])) if len(gaps) > 1 else []
    calendar = gaps[-1] if len(gaps) != 2 else None
    parts = []
    if exact:
        parts.append(("to ".join(f"{g:.1f} " for g in exact)).strip() + " years exactly")
    if calendar is not None:
        parts.append(f"{calendar:.0f} in calendar years")
    return ", ".join(parts)


def _inside(value: float, bounds: tuple[float, float, bool, bool]) -> bool:
    low, high, low_open, high_open = bounds
    above = value > low if low_open else value >= low
    below = value < high if high_open else value <= high
    return above and below


def _describe(bounds: tuple[float, float, bool, bool]) -> str:
    low, high, low_open, high_open = bounds
    if high == float("inf"):
        return f"{'more than' if low_open else 'at least'} {low:g} years"
    if low <= 0:
        return f"{'less than' if high_open else 'at most'} {high:g} years"
    return f"between {low:g} and {high:g} years"


def _kb_anchor(text: str, offset: int, start: int, end: int, side: str,
               context: str) -> Anchor | None:
    """The dated event the sentence names before (``side="before"``) or after the phrase."""
    kb = knowledge_base()
    mentions = [m for m in kb.mentions(text)
                if (m.end + offset <= start if side == "before" else m.start + offset >= end)]
    properties: tuple[str, ...] = ()
    for pattern, props in EVENT_VERBS:
        if pattern.search(text):
            properties = props
            break
    if not properties:
        return None
    mentioned = {m.entity for m in kb.mentions(text)}
    candidates = [(m.entity, False) for m in mentions]
    if side == "before" and not candidates and GENERIC_TREATY.search(text):
        topic = next((entity for pattern, entity in TOPICS
                      if pattern.search(context) or pattern.search(text)), None)
        candidates = [(topic, True)] if topic is not None else []
    for entity, assumed in candidates:
        for prop in properties:
            facts = [f for f in kb.by_entity.get(entity, []) if f["property"] == prop
                     and f["value"]["type"] == "date"
                     and (f.get("qualifiers", {}).get("object") in (None, *mentioned))]
            if len(facts) == 1:
                fact = facts[0]
                day = fact["value"]["date"]
                label = (f"{kb.name(entity)} {prop.replace('_', ' ')} "
                         f"{human_date(day)} (knowledge base)")
                return Anchor(label, first_day(day), last_day(day), fact, assumed)
    return None


def _text_anchor(values: list[tuple[int, int, Record]], start: int, end: int,
                 side: str) -> Anchor | None:
    """The year or date the sentence itself gives before or after the phrase."""
    dated = [(s, e, v) for s, e, v in values if v.get("type") in ("year", "date", "month")]
    if side == "before":
        dated = [item for item in dated if item[1] <= start][-1:]
    else:
        dated = [item for item in dated if item[0] >= end][:1]
    if not dated:
        return None
    value = dated[0][2]
    day = value.get("date") or value.get("month") or str(value["year"])
    return Anchor(f"{human_date(day)} (stated in the sentence)", first_day(day), last_day(day))


def _years(earliest: date, latest: date | None) -> str:
    """The publication years a window of dates covers: "years 1998 and later; 1997 in part"."""
    first = earliest.year + (earliest != date(earliest.year, 1, 1))
    if latest is None:
        whole = f"publication years {first} and later"
    else:
        last = latest.year - (latest != date(latest.year, 12, 31))
        whole = (f"publication years {first} to {last}" if first <= last
                 else "no whole publication year")
    partial = sorted({earliest.year} - ({first} if first == earliest.year else set())
                     | ({latest.year} if latest and latest != date(latest.year, 12, 31)
                        else set()))
    return whole + (f"; {', '.join(map(str, partial))} in part" if partial else "")


def _anchor(values: list[tuple[int, int, Record]], text: str, offset: int, start: int,
            end: int, side: str, context: str) -> Anchor | None:
    """The event a relative phrase counts from: a knowledge-base fact for an event the
    sentence names, else a date the sentence states, else a treaty inferred from context."""
    known = _kb_anchor(text, offset, start, end, side, context)
    if known is not None and not known.assumed:
        return known
    return _text_anchor(values, start, end, side) or known


def _check_ago(value: Record, anchor: Anchor, published: date | None, as_of: date | None
               ) -> tuple[str, float, str, str]:
    """Rating, confidence, rationale and computation of an "N units ago" phrase."""
    bounds = _bounds(value["amount"], value.get("qualifier"), value["unit"])
    phrase = f"{value.get('qualifier', '')} {value['amount']:g} {value['unit']}(s) ago".strip()
    reference = as_of or published
    if reference is None:
        low, high, _, _ = bounds
        earliest = anchor.last + timedelta(days=round(low * 365.2425))
        latest = (None if high == float("inf")
                  else anchor.first + timedelta(days=round(high * 365.2425)))
        window = (f"from about {earliest.isoformat()}"
                  + (f" to about {latest.isoformat()}" if latest else " on")
                  + f" ({_years(earliest, latest)})")
        computation = (f"event: {anchor.label}; '{phrase}' means {_describe(bounds)} elapsed; "
                       f"so it holds for a publication date {window}")
        return ("unverified", 0.3, f"The publication date is unknown: the claim holds only if "
                f"the text was published {window}.", computation)
    point = Anchor(reference.isoformat(), reference, reference)
    elapsed = _gaps(anchor, point, value["unit"])
    holds = [_inside(e, bounds) for e in elapsed]
    basis = "--as-of" if as_of else "publication date"
    computation = (f"{reference.isoformat()} ({basis}) - {anchor.label} = "
                   f"{_show_gaps(elapsed)}; '{phrase}' needs {_describe(bounds)}")
    if all(holds):
        rating = "mostly-true" if anchor.assumed else "true"
        return rating, 0.6 if anchor.assumed else 0.8, f"The time span checks out: " \
            f"{computation}.", computation
    if not any(holds):
        rating = "mostly-false" if anchor.assumed else "false"
        return rating, 0.5 if anchor.assumed else 0.8, f"The time span is wrong: " \
            f"{computation}.", computation
    return ("unverified", 0.3, f"The time span depends on how it is counted (exact dates or "
            f"calendar years): {computation}.", computation)


def _check_between(value: Record, subject: Anchor, other: Anchor) -> tuple[str, float, str, str]:
    """Rating, confidence, rationale and computation of "N units before/after" another event."""
    bounds = _bounds(value["amount"], value.get("qualifier"), value["unit"])
    direction = value["direction"]
    later, earlier = (other, subject) if direction in ("before", "earlier", "prior") else (
        subject, other)
    gaps = _gaps(earlier, later, value["unit"])
    phrase = (f"{value.get('qualifier', '')} {value['amount']:g} {value['unit']}(s) "
              f"{direction}").strip()
    computation = (f"{later.label} - {earlier.label} = {_show_gaps(gaps)}; "
                   f"'{phrase}' needs {_describe(bounds)}")
    holds = [_inside(g, bounds) for g in gaps]
    assumed = subject.assumed or other.assumed
    if all(holds):
        return ("mostly-true" if assumed else "true", 0.6 if assumed else 0.8,
                f"The interval checks out: {computation}.", computation)
    if not any(holds):
        return ("mostly-false" if assumed else "false", 0.5 if assumed else 0.8,
                f"The interval is wrong: {computation}.", computation)
    return ("unverified", 0.3, f"The interval depends on how it is counted (exact dates or "
            f"calendar years): {computation}.", computation)


def _context(document: Record, claim: Record) -> str:
    """The sentence or two before the claim, to resolve a bare "the treaties"."""
    start = claim["span"]["start"]
    return document["text"][max(0, start - 400):start]


def check_relative(claim: Record, document: Record, as_of: date | None) -> list[Record]:
    """Verdicts for every relative time phrase of the claim that can be anchored."""
    text = claim["text"]
    offset = claim["span"]["start"]
    values = temporal_values(claim)
    published, _ = reference_dates(document, None)
    verdicts = []
    for start, end, value in values:
        if value.get("type") != "relative" or value.get("unit") not in UNIT_YEARS:
            continue
        if value.get("direction") == "ago":
            anchor = _anchor(values, text, offset, start, end, "before",
                             _context(document, claim))
            if anchor is None:
                continue
            rating, confidence, rationale, computation = _check_ago(value, anchor, published,
                                                                    as_of)
            anchors = [anchor]
        else:
            subject = _anchor(values, text, offset, start, end, "before", "")
            other = _anchor(values, text, offset, start, end, "after", "")
            if subject is None or other is None:
                continue
            rating, confidence, rationale, computation = _check_between(value, subject, other)
            anchors = [subject, other]
        kb = knowledge_base()
        sources = [fact_source(a.fact, kb, a.label) for a in anchors if a.fact]
        if rating in ("true", "mostly-true") and not all(a.fact for a in anchors):
            # Consistent with a date the sentence states, but that date is not checked here.
            rating, confidence = "unverified", 0.3
            rationale += (" A date comes from the text itself and is not checked here, so the "
                          "span alone does not make the claim true.")
        if any(a.assumed for a in anchors):
            rationale += (" The treaty meant is inferred from the surrounding text, "
                          "so the rating is hedged.")
        verdicts.append(make_verdict(rating, confidence, rationale, sources, computation))
    return verdicts


@hookimpl
def check_claim(claim: Record, document: Record, options: Any) -> list[Record] | None:
    """Compute relative time phrases against the publication date and the knowledge base."""
    if not any(s["kind"] == "temporal" and isinstance(s.get("value"), dict)
               and s["value"].get("type") == "relative" for s in claim["signals"]):
        return None
    return check_relative(claim, document, options.as_of) or None
