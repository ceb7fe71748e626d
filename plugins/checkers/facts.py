"""Check claims against the bundled knowledge base of sourced facts.

A claim is matched to facts through the entities it names (alias index, tolerant of
paraphrase such as "the landmine convention"), a word that says which property it asserts
("signed", "entered into force", "joined", "won the Nobel Peace Prize", "was foreign
minister") and the date or number it gives. A contradiction gives ``false`` (or
``outdated``, or ``misleading`` when a qualifier the fact needs is missing); agreement
gives ``true`` only when every date and number of the sentence is backed by a fact.
Otherwise the claim is left ``unverified``. Each verdict cites the facts' sources.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from workbench_plugins.shared.facts import (
    GENERIC_OFFICES,
    KeywordPattern,
    fact_source,
    first_day,
    human_date,
    knowledge_base,
    lacks,
    last_day,
    parse_partial,
    reference_dates,
    same_date,
    temporal_values,
    word_starts,
)
from workbench_plugins.shared.scan import LazyPattern

from workbench import hookimpl
from workbench.records import make_verdict

Record = dict[str, Any]

# Which words assert which property of an entity (expressions, each matched from the start
# of a word).
TRIGGERS: dict[str, tuple[str, ...]] = {
    "signed": ("signed", "signing", "signature", "concluded"),
    "opened_for_signature": ("signed", "signing", "opened for signature", "signature",
                             "concluded"),
    "adopted": ("adopted", "agreed", "concluded"),
    "entered_into_force": ("entered into (?:force|effect)", "came into (?:force|effect)",
                           "went into (?:force|effect)", "took effect", "in force since",
                           "became effective"),
    "founded": ("founded", "established", "created", "formed", "set up", "launched", "born",
                "began"),
    "established": ("established", "normali[sz]ed", "began", "started"),
    "joined": ("joined", r"became (?:a |the \w+ )?member", "acceded", "accession", "admitted",
               "entered"),
    "recognized": ("recogni[sz]ed", "recogni[sz]ing",
                   "established (?:full )?diplomatic relations", "diplomatic relations",
                   "diplomatic ties", "normali[sz]ed relations"),
    "awarded": ("won", "awarded", "received", "laureate", "winner", "shared", "honou?red",
                "went to"),
    "terminated": ("withdrew", "withdrawal", "pulled out", "abandoned", "terminated", "ended",
                   "collapsed", "lapsed", "died"),
    "withdrawal_announced": ("withdrew", "withdrawal", "withdraw", "pulled out", "pull out"),
    "expired": ("expired", "lapsed", "ended"),
    "ratified": ("ratified", "ratification", "ratifying"),
    "occurred": (r"\w",),  # an event mentioned with a date asserts when it happened
    "detained": ("detained", "arrested", "held", "jailed"),
    "released": ("released", "freed", "returned home"),
    "imposed": ("imposed", "introduced", "levied", "put in place", "slapped", "took effect",
                "came into effect"),
    "proclaimed": ("proclaimed", "proclamation", "announced", "signed"),
    "applied_to": ("applied to", "extended to", "imposed on", "hit", "applied"),
    "lifted_for": ("lifted", "removed", "dropped", "scrapped", "ended", "eliminated",
                   "rescinded"),
    "lifted": ("lifted", "removed", "dropped", "scrapped", "ended", "eliminated", "rescinded"),
    "exempted": ("exempt", "exempted", "exemption", "spared"),
    "reimposed_for": ("re-?imposed", "restored", "brought back"),
    "us_withdrawal": ("withdrew", "withdrawal", "pulled out", "abandoned", "exited"),
    "extended_indefinitely": ("extended indefinitely", "indefinite extension", "extended"),
    "implemented": ("implemented", "implementation"),
    "provisionally_applied": ("provisionally applied", "provisional application"),
    "issued": ("issued", "published", "released", "signed"),
}
_TRIGGER_RE: dict[str, KeywordPattern | LazyPattern] = {
    prop: word_starts(words) for prop, words in TRIGGERS.items() if prop != "occurred"}
_TRIGGER_RE["occurred"] = LazyPattern(r"\b\w", re.I)  # any word: no keyword to look for
NEGATION = KeywordPattern(r"\b(?:not|never|no longer|didn't|wasn't|hasn't|haven't|hadn't|"
                          r"neither|nor|failed to|refused to)\b|n't\b",
                          ("no", "never", "didn't", "wasn't", "hasn't", "haven't", "hadn't",
                           "neither", "failed to", "refused to", "n't"))
PRESENT = LazyPattern(r"(?:who\s+)?(?:is|are|remains|serves as)\b", re.I)
BECAME = LazyPattern(r"\b(?:became|appointed|named|sworn in|took office|elected|succeeded)\b",
                    re.I)
LEFT = LazyPattern(r"\b(?:left office|stepped down|resigned|was replaced|until)\b", re.I)
NUMBER_WORDS = {
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "twelve": 12, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "nineteen": 19, "twenty": 20, "twenty-one": 21,
    "twenty-six": 26, "twenty-eight": 28, "twenty-nine": 29, "thirty": 30, "thirty-one": 31,
    "thirty-two": 32, "fifty-one": 51,
}
# The words a count is of ("32 members", "the 28 nations"): every match of _COUNT has one.
COUNTED = ("member", "countries", "nations", "states", "economies", "allies")
_COUNT = LazyPattern(r"\b(?P<n>\d{1,3}|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
                    + r")(?:\s+(?:full|founding|current|sovereign))?\s+(?:member(?:\s+states|"
                    r"\s+countries|\s+nations|\s+economies)?s?|" + "|".join(COUNTED[1:])
                    + r")\b", re.I)
_PERCENT = LazyPattern(r"(?P<n>\d{1,3}(?:\.\d+)?)\s*(?:%|per\s*cent|percent)", re.I)
US_CONTEXT = LazyPattern(r"\b(?:United States|U\.?S\.?|America|American|Washington|Trump|"
                        r"Section 232)\b")
CLAUSE = LazyPattern(r"\b(?:which|that|who|whose|when|after|before|since|until|following|"
                    r"later|earlier|ago)\b", re.I)
# A date right after another verb belongs to that verb: "founded in 1949".
OWNED = LazyPattern(r"\b(?:" + "|".join(word for prop, words in TRIGGERS.items()
                                         if prop != "occurred" for word in words)
                   + r")\s+(?:in|on)\s+(?:\w+\s+){0,2}$", re.I)
# The generic office words, and a word each of their phrases holds: a claim without one
# of these words is not searched for them.
_OFFICE_WORDS = [(word_starts(tuple(words.split("|")), r"\b"), family)
                 for words, family in GENERIC_OFFICES.items()]
_OFFICE_KEYWORDS = ("minister", "secretary", "diplomat", "premier", "president", "general")
# Dates that differ for each party: a sentence naming a country may mean its own date.
PER_PARTY = frozenset({"signed", "opened_for_signature", "entered_into_force"})
# The temporal values a date fact is compared with.
DATED = ("date", "month", "year", "season")
NEEDS_US_CONTEXT = frozenset({"s232-steel", "s232-aluminum", "s232-steel-aluminum"})


@dataclass
class Finding:
    """One fact compared with what the claim says about it."""

    agrees: bool
    statement: str
    facts: list[Record]
    covered: tuple[int, int] | None = None  # the claim's span of the date or number checked
    rating: str | None = None  # a rating other than true/false this finding calls for
    when: tuple[int, int] | None = None  # the claim's span of the time a count refers to


def _fact_groups(kb: Any, entity: str, mentioned: set[str], offices: set[str]
                 ) -> list[tuple[str, str | None, list[Record]]]:
    """Facts of ``entity`` whose object (if any) the claim also names, by property."""
    return [group for group in kb.groups.get(entity, ())
            if not group[1] or group[1] in mentioned or group[1] in offices]


def _nearest(values: list[tuple[int, int, Record]], position: int,
             kinds: tuple[str, ...], reach: int = 80) -> tuple[int, int, Record] | None:
    """The date that follows ``position`` closest ("signed in 1997"), else the one before."""
    candidates = [v for v in values if v[2].get("type") in kinds]
    after = [v for v in candidates if position <= v[0] <= position + reach]
    if after:
        return min(after, key=lambda v: v[0])
    before = [v for v in candidates if position - reach <= v[1] <= position]
    return max(before, key=lambda v: v[1]) if before else None


def _claimed_date(value: Record) -> str | None:
    kind = value.get("type")
    if kind == "date":
        return value["date"]
    if kind == "month":
        return value["month"]
    if kind in ("year", "season"):
        return str(value["year"])
    return None


def _date_finding(kb: Any, entity: str, prop: str, facts: list[Record],
                  value: tuple[int, int, Record]) -> Finding | None:
    claimed = _claimed_date(value[2])
    if claimed is None:
        return None
    fact = facts[0]
    obj = fact.get("qualifiers", {}).get("object")
    what = f"{kb.name(entity)} {prop.replace('_', ' ')}" + (f" ({kb.name(obj)})" if obj else "")
    actual = ", ".join(human_date(f["value"]["date"]) for f in facts)
    agrees = [f for f in facts if same_date(claimed, f["value"]["date"])]
    if agrees:
        fact = agrees[0]
        caveat = fact.get("qualifiers", {}).get("caveat")
        return Finding(True, f"{what}: {human_date(fact['value']['date'])}", [fact],
                       (value[0], value[1]), rating="misleading" if caveat else None)
    return Finding(False, f"{what}: {actual}, not {human_date(claimed)}", facts,
                   (value[0], value[1]))


def _term_text(fact: Record) -> str:
    value = fact["value"]
    end = human_date(value["end"]) if value.get("end") else "present"
    return f"{human_date(value['start'])} to {end}"


def _in_term(fact: Record, day: date) -> bool:
    value = fact["value"]
    start = first_day(value["start"])
    end = last_day(value["end"]) if value.get("end") else date.max
    return start <= day <= end


HELD = LazyPattern(r"^\s*(?:,\s*)?(?:who\s+)?(?:was|were|is|has been|had been|served as|serving as|"
                  r"became|becomes|remained|remains|was appointed|was named|was elected|"
                  r"was sworn in as|took office as|held the post of)\s+(?:the\s+|a\s+|"
                  r"then\s+|still\s+|now\s+|current\s+|also\s+)*", re.I)


def _says_held(text: str, mentions: list[Any], person: str, office: str | None,
               office_spans: list[tuple[int, int, frozenset[str]]]) -> str | None:
    """The verb by which the sentence says ``person`` held the office ("was", "is",
    "became"), or ``None`` when it merely names them with a title ("President Nixon
    called on ...")."""
    for mention in mentions:
        if mention.entity != person:
            continue
        for start, _end, family in office_spans:
            if office not in family or start < mention.end:
                continue
            between = text[mention.end:start]
            held = HELD.match(between)
            if held and held.end() >= len(between.rstrip()) - 12 and len(between) < 60:
                return held.group(0).strip(" ,").lower()
    return None


def _office_finding(kb: Any, person: str, facts: list[Record], claim: Record,
                    values: list[tuple[int, int, Record]], dates: tuple[date | None, date],
                    present: bool) -> Finding | None:
    """Compare a person's terms in an office with the years or present tense of the claim."""
    office = facts[0]["qualifiers"]["object"]
    terms = "; ".join(_term_text(f) for f in facts)
    what = f"{kb.name(person)} held the office of {kb.name(office)}: {terms}"
    text = claim["text"]
    ranges = [v for v in values if v[2].get("type") == "range"]
    years = [v for v in values if _claimed_date(v[2])]
    if ranges:
        start, end, value = ranges[0]
        for fact in facts:
            first, last = parse_partial(fact["value"]["start"])[0], (
                parse_partial(fact["value"]["end"])[0] if fact["value"].get("end") else None)
            if first == value["start"] and last == value["end"]:
                return Finding(True, what, [fact], (start, end))
        return Finding(False, f"{what}; the claim says {value['start']} to {value['end']}",
                       facts, (start, end))
    if years:
        start, end, value = years[0]
        claimed = _claimed_date(value) or ""
        became = BECAME.search(text)
        left = LEFT.search(text)
        for fact in facts:
            if became and same_date(claimed, fact["value"]["start"]):
                return Finding(True, what, [fact], (start, end))
            if (left and fact["value"].get("end")
                    and same_date(claimed, fact["value"]["end"])):
                return Finding(True, what, [fact], (start, end))
            if not became and not left and (
                    first_day(fact["value"]["start"]) <= last_day(claimed)
                    and (not fact["value"].get("end")
                         or first_day(claimed) <= last_day(fact["value"]["end"]))):
                return Finding(True, what, [fact], (start, end))
        return Finding(False, f"{what}; the claim says {human_date(claimed)}", facts,
                       (start, end))
    if present:
        published, check_day = dates
        said_on = published or check_day
        if any(_in_term(f, said_on) for f in facts):
            if published and not any(_in_term(f, check_day) for f in facts):
                return Finding(True, f"{what}; true when published ({published}), no longer "
                               f"on {check_day}", facts, None, rating="outdated")
            return Finding(True, f"{what}; in office on {said_on}", facts, None)
        if published is None and any(first_day(f["value"]["start"]) <= check_day
                                     for f in facts):
            return Finding(False, f"{what}; no longer in office on {check_day}", facts, None,
                           rating="outdated")
        return Finding(False, f"{what}; not in office on {said_on}", facts, None)
    return None


def _valid_during(fact: Record, first: date, last: date) -> bool:
    """True when a time-bound fact held on some day of ``[first, last]``."""
    qualifiers = fact.get("qualifiers", {})
    start = first_day(qualifiers.get("valid_from", "0001"))
    end = first_day(qualifiers["valid_until"]) if qualifiers.get("valid_until") else date.max
    return start <= last and first < end


def _state_at(facts: list[Record], day: date) -> Record | None:
    """The fact valid on ``day``, if any."""
    return next((fact for fact in facts if _valid_during(fact, day, day)), None)


def _number_finding(kb: Any, entity: str, prop: str, facts: list[Record], number: float,
                    span: tuple[int, int], when: str | None,
                    dates: tuple[date | None, date]) -> Finding:
    """Compare a count or rate with the value valid at the date the claim speaks of."""
    unit = facts[0]["value"].get("unit", "")
    label = f"{kb.name(entity)} {prop.replace('_', ' ')}"

    def show(fact: Record) -> str:
        qualifiers = fact.get("qualifiers", {})
        until = qualifiers.get("valid_until")
        period = (f"from {human_date(qualifiers['valid_from'])}"
                  + (f" until {human_date(until)}" if until else ""))
        return f"{fact['value']['number']:g} {unit} {period}"

    published, check_day = dates
    said_on = published or check_day
    if when:  # the claim names its own time: "in 2018", "in March 2025"
        first, last, period = first_day(when), last_day(when), human_date(when)
    else:
        first = last = said_on
        period = str(said_on)
    current = [f for f in facts if _valid_during(f, first, last)]
    matching = [f for f in facts if f["value"]["number"] == number]
    history = "; ".join(show(f) for f in facts)
    agreeing = [f for f in current if f["value"]["number"] == number]
    if agreeing:
        later = _state_at(facts, check_day)
        if not when and published and later is not None and later is not agreeing[0]:
            return Finding(True, f"{label}: {show(agreeing[0])}; on {check_day}: {show(later)}",
                           [agreeing[0], later], span, rating="outdated")
        return Finding(True, f"{label} in {period}: {show(agreeing[0])}", agreeing[:1], span)
    if matching and not when and published is None:
        return Finding(False, f"{label}: {history}; the claim's {number:g} is out of date",
                       [*matching, *current], span, rating="outdated")
    shown = current or facts
    return Finding(False, f"{label} in {period}: {'; '.join(show(f) for f in shown)}; "
                   f"the claim says {number:g} {unit}", [*shown, *matching], span)


def _numbers_near(pattern: re.Pattern[str], text: str, offset: int) -> list[tuple[float, int, int]]:
    found = []
    for match in pattern.finditer(text):
        raw = match["n"].lower()
        number = NUMBER_WORDS.get(raw) or float(raw)
        found.append((float(number), offset + match.start(), offset + match.end()))
    return found


COUNT_AFTER = LazyPattern(r"^(?:(?:'s|’s)\s+|\s+(?:now\s+|then\s+|still\s+)?(?:(?:has|had|have)"
                         r"(?:\s+(?:had|grown to|risen to|expanded to))?|"
                         r"counts|numbers|numbered|comprises|comprised|consists of|consisted of|"
                         r"includes|included|is made up of|was made up of|grew to|expanded to|"
                         r"brings together|brought together)\s+)(?:its\s+|the\s+|some\s+|"
                         r"just\s+|only\s+)?$", re.I)
COUNT_BEFORE = LazyPattern(r"\s+(?:of|in)\s+(?:the\s+)?$", re.I)


def _counts_of(text: str, offset: int, mentions: list[Any]) -> list[tuple[float, int, int]]:
    """Member counts said of the entity itself: "NATO has 32 members", "the 28 nations of
    NATO", "NATO's 32 allies" -- not "six countries in Africa that are members of the UN"."""
    if lacks(text, COUNTED):
        return []
    found = []
    for number, start, end in _numbers_near(_COUNT, text, offset):
        first, last = start - offset, end - offset
        if any((m.end <= first and COUNT_AFTER.match(text[m.end:first]))
               or (m.start >= last and COUNT_BEFORE.match(text[last:m.start]))
               for m in mentions):
            found.append((number, start, end))
    return found


def _party_acts(text: str, parties: list[Any], verb: re.Match[str]) -> bool:
    """True when a country is the one doing the verb: "China signed ...", "... entered into
    force for Canada" (not "the treaty, which Canada championed, took effect")."""
    for party in parties:
        if party.end <= verb.start() and not re.search(r"[,;(]", text[party.end:verb.start()]):
            return True
        if party.start >= verb.end() and re.fullmatch(r"\s+(?:for|by)\s+(?:the\s+)?",
                                                      text[verb.end():party.start]):
            return True
    return False


def _parallel(kb: Any, prop: str, obj: str | None, mentioned: set[str],
              first_seen: dict[str, int], values: list[tuple[int, int, Record]],
              position: int) -> tuple[list[str], list[tuple[int, int, Record]]]:
    """The entities sharing a property in the sentence, and the dates after its verb."""
    subjects = sorted((e for e in mentioned if any(
        f["property"] == prop and f.get("qualifiers", {}).get("object") == obj
        for f in kb.by_entity.get(e, []))), key=first_seen.__getitem__)
    dated = [v for v in values if position <= v[0] <= position + 80 and _claimed_date(v[2])]
    return subjects, dated


def findings_for(claim: Record, document: Record, as_of: date | None) -> list[Finding]:
    """Every fact the claim can be compared with, and how it compares."""
    kb = knowledge_base()
    text = claim["text"]
    offset = claim["span"]["start"]
    mentions = kb.mentions(text)
    if not mentions:
        return []
    mentioned = {m.entity for m in mentions}
    offices = set()
    office_spans: list[tuple[int, int, frozenset[str]]] = [
        (m.start, m.end, frozenset({m.entity})) for m in mentions
        if kb.entities[m.entity]["type"] == "office"]
    if not lacks(text, _OFFICE_KEYWORDS):
        for pattern, family in _OFFICE_WORDS:
            for match in pattern.finditer(text):
                offices |= family
                office_spans.append((match.start(), match.end(), family))
    first_seen = {}
    for mention in mentions:
        first_seen.setdefault(mention.entity, offset + mention.start)
    # The facts to compare, entity by entity in the order the claim names them.
    groups = [(entity, *group) for entity in sorted(mentioned, key=first_seen.__getitem__)
              if entity not in NEEDS_US_CONTEXT or US_CONTEXT.search(text)
              for group in _fact_groups(kb, entity, mentioned, offices)]
    if not groups:
        return []
    values = temporal_values(claim)
    dates = reference_dates(document, as_of)
    stated_values = [v for v in values if _claimed_date(v[2])]
    stated = [_claimed_date(v[2]) for v in stated_values]
    when = stated[0] if len(stated) == 1 else None
    when_span = stated_values[0][:2] if len(stated) == 1 else None
    relative = any(v[2].get("type") == "relative" for v in values)
    has_date = any(v[2].get("type") in DATED for v in values)
    findings: list[Finding] = []
    parties = [m for m in mentions if kb.entities[m.entity]["type"] == "country"]
    paired: dict[tuple[str, str | None, int], int] = {}  # (property, object, date) -> subject
    for entity, prop, obj, facts in groups:
        kind = facts[0]["value"]["type"]
        if kind == "period" and prop == "held_office":
            verb = _says_held(text, mentions, entity, obj, office_spans)
            if verb is None:
                continue
            finding = _office_finding(kb, entity, facts, claim, values, dates,
                                      bool(PRESENT.match(verb)))
        elif kind == "date":
            if not has_date:  # no date of the claim to compare the fact with
                continue
            trigger = _TRIGGER_RE.get(prop)
            match = trigger.search(text) if trigger else None
            if match is None:
                continue
            if (prop in PER_PARTY and kb.entities[entity]["type"] == "treaty"
                    and _party_acts(text, parties, match)):
                continue  # "China signed the NPT in 1992": China's date, not the treaty's
            nearest = _nearest(values, offset + match.start(), DATED)
            if nearest is None or abs(nearest[0] - offset - match.start()) > 80:
                continue
            if nearest[0] < offset + match.start() and (
                    relative or CLAUSE.search(text, nearest[1] - offset, match.start())
                    or OWNED.search(text[:nearest[0] - offset])):
                # "In 1999 NATO, which was founded fifty years earlier, ...", or
                # "In 1999 NATO, founded in 1949, admitted Poland": 1949 is "founded"'s.
                continue
            subjects, dated = _parallel(kb, prop, obj, mentioned, first_seen, values,
                                        offset + match.start())
            if len(subjects) > 1 and len(dated) > 1:
                # "Finland and Sweden joined in 2023 and 2024 (respectively)": by order.
                if len(subjects) != len(dated):
                    continue
                nearest = dated[subjects.index(entity)]
            # "Canada recognised China in 1970, before the US did": 1970 is Canada's.
            key = (prop, obj, nearest[0])
            if key in paired and first_seen[entity] > nearest[0] > paired[key]:
                continue
            paired.setdefault(key, first_seen[entity])
            finding = _date_finding(kb, entity, prop, facts, nearest)
        elif kind == "number" and prop == "member_count":
            counts = _counts_of(text, offset, [m for m in mentions if m.entity == entity])
            finding = (_number_finding(kb, entity, prop, facts, counts[0][0],
                                       counts[0][1:], when, dates)
                       if counts and len(stated) <= 1 else None)
        elif kind == "number" and prop == "rate":
            rates = _numbers_near(_PERCENT, text, offset)
            finding = (_number_finding(kb, entity, prop, facts, rates[0][0], rates[0][1:],
                                       when, dates)
                       if len(rates) == 1 and len(stated) <= 1 else None)
        else:
            finding = None
        if finding is not None:
            if kind == "number":
                finding.when = when_span
            findings.append(finding)
    return findings


PLACE = LazyPattern(r"\b(?:in|at|near|from|with|against|by|for)\s+(?:the\s+)?"
                   r"(?P<name>[A-Z][\w'-]+(?:\s+(?:of\s+)?[A-Z][\w'-]+)*)")


def _uncovered(claim: Record, findings: list[Finding]) -> bool:
    """True when the claim has a date, number or named place no finding accounts for."""
    covered = [span for f in findings for span in (f.covered, f.when) if span]
    offset = claim["span"]["start"]
    named = [(offset + m.start, offset + m.end) for m in knowledge_base().mentions(claim["text"])]
    dated = [(a, b) for a, b, _ in temporal_values(claim)]
    for match in PLACE.finditer(claim["text"]):
        start = offset + match.start("name")
        if not any(a <= start < b for a, b in (*named, *dated)):
            return True
    for start, end, _ in temporal_values(claim):
        if not any(a <= start < b or start <= a < end for a, b in covered):
            return True
    for match in re.finditer(r"\d+(?:[.,]\d+)*", claim["text"]):
        start = offset + match.start()
        if not any(a <= start < b for a, b in covered):
            return True
    return False


def verdict_for(findings: list[Finding], claim: Record) -> Record | None:
    """Turn the comparisons of one claim into a single verdict (or ``None``)."""
    if not findings:
        return None
    kb = knowledge_base()
    sources: list[Record] = []
    by_url: dict[str, Record] = {}
    seen: set[str] = set()
    for finding in findings:
        for fact in finding.facts:
            if fact["id"] in seen:
                continue
            seen.add(fact["id"])
            source = fact_source(fact, kb, finding.statement)
            if source["url"] in by_url:  # one page backing several facts: one source
                by_url[source["url"]]["quote"] += "; " + source["quote"]
                continue
            by_url[source["url"]] = source
            sources.append(source)
    said = "; ".join(f.statement for f in findings)
    if NEGATION.search(claim["text"]):
        return make_verdict("unverified", 0.3, "The claim is negated or hedged, so the "
                            f"knowledge base cannot settle it; relevant facts: {said}.", sources)
    wrong = [f for f in findings if not f.agrees]
    if wrong:
        if all(f.rating == "outdated" for f in wrong):
            return make_verdict("outdated", 0.7, f"Out of date: {said}.", sources)
        return make_verdict("false", 0.8, f"Contradicted by the knowledge base: {said}.",
                            sources)
    outdated = [f for f in findings if f.rating == "outdated"]
    if outdated:
        return make_verdict("outdated", 0.7, f"True when published but no longer: {said}.",
                            sources)
    misleading = [f for f in findings if f.rating == "misleading"]
    for finding in misleading:
        qualifiers = finding.facts[0].get("qualifiers", {})
        terms = qualifiers.get("caveat_terms", [])
        if not any(term in claim["text"].lower() for term in terms):
            return make_verdict("misleading", 0.6, f"Technically true ({finding.statement}) "
                                f"but it leaves out that {qualifiers['caveat']}.", sources)
    if _uncovered(claim, findings):
        return make_verdict("unverified", 0.35, "The knowledge base supports part of the "
                            f"claim ({said}) but not every date, number or place in it.", sources)
    return make_verdict("true", 0.85, f"Supported by the knowledge base: {said}.", sources)


@hookimpl
def check_claim(claim: Record, document: Record, options: Any) -> list[Record] | None:
    """Compare the claim's entities, dates and numbers with the sourced knowledge base."""
    verdict = verdict_for(findings_for(claim, document, options.as_of), claim)
    return [verdict] if verdict else None

