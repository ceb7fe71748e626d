"""Compare a claim's dates and figures with Wikidata statements (``--online`` only).

The checker looks for a few sentence shapes whose meaning is unambiguous enough to
compare with one Wikidata property, e.g.

- "NATO was founded in 1949"                  -> inception (P571); also dissolved (P576),
                                                 born (P569), died (P570), held (P585)
- "Jody Williams won the Nobel Peace Prize in 1997" -> award received (P166), point in
                                                 time (P585) qualifier
- "Harper served as prime minister from 2006 to 2015" -> position held (P39) with start
                                                 (P580) and end (P582) qualifiers
- "NATO has 32 member states"                 -> member count (P2124); also population
                                                 (P1082), employees (P1128)

The subject is found with ``wbsearchentities`` (its label or alias must equal the name
in the claim) and its statements with ``wbgetentities``; both go through the shared,
cached session. ``WORKBENCH_WIKIDATA_URL`` sets the API (default Wikidata's).

A date that no statement of the subject agrees with is rated ``false``, citing the
item and every statement compared. Everything else -- agreement, overlap, figures,
statements without dates -- is ``unverified`` with the statements as sources: one
matching statement in a crowd-sourced database is not proof that a claim is true.
"""

from __future__ import annotations

import os
import re
from functools import cache
from typing import Any, NamedTuple

from workbench import hookimpl
from workbench.records import Record, make_verdict, now

DEFAULT_API = "https://www.wikidata.org/w/api.php"
PROPERTY_LABELS = {
    "P571": "inception", "P576": "dissolved, abolished or demolished date",
    "P569": "date of birth", "P570": "date of death", "P585": "point in time",
    "P580": "start time", "P582": "end time", "P166": "award received",
    "P39": "position held", "P1082": "population", "P2124": "member count",
    "P1128": "employees",
}
DATE_CUES = {"founded": "P571", "established": "P571", "created": "P571", "formed": "P571",
             "set up": "P571", "incorporated": "P571", "dissolved": "P576",
             "disbanded": "P576", "abolished": "P576", "born": "P569", "died": "P570",
             "held": "P585", "took place": "P585", "happened": "P585", "occurred": "P585"}
QUANTITY_CUES = {"member": "P2124", "members": "P2124", "member states": "P2124",
                 "member countries": "P2124", "inhabitants": "P1082", "residents": "P1082",
                 "people": "P1082", "employees": "P1128"}
SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9}

_LINK = r"(?:of|the|for|and|on|de|la|du|des|von|van|upon)"
_NAME = (rf"(?:[A-Z][\w.'’&-]*(?:\s+(?:{_LINK}\s+)*[A-Z][\w.'’&-]*)*)")
_SUBJECT = rf"(?:\b[Tt]he\s+)?(?P<subject>{_NAME})"
_MONTHS = (r"(?:January|February|March|April|May|June|July|August|September|October|"
           r"November|December)")
_YEAR = r"(?P<year>1\d{3}|20\d{2})\b"
_WHEN = (rf"(?:in|on)\s+(?:(?:early|mid|late)[- ])?"
         rf"(?:(?:\d{{1,2}}\s+)?{_MONTHS}\s+(?:\d{{1,2}},?\s+)?)?{_YEAR}")
_ROLE = r"(?P<object>[A-Za-z][\w.'’ -]{2,80}?)"


@cache
def shapes() -> dict[str, re.Pattern[str]]:
    """The sentence shapes, compiled on first use (not at start-up)."""
    years = r"(?:1\d{3}|20\d{2})"
    return {
        "date": re.compile(
            rf"{_SUBJECT}\s*(?:(?P<comma>,)\s*)?(?:(?:which|that|who)\s+)?"
            r"(?P<aux>was|were|had been|has been)?"
            r"\s*(?:first\s+|originally\s+|officially\s+|formally\s+)?"
            rf"(?P<cue>{'|'.join(sorted(DATE_CUES, key=len, reverse=True))})\s+{_WHEN}"),
        "award": re.compile(
            rf"{_SUBJECT}\s+(?:was\s+awarded|won|received|was\s+given|was\s+granted|shared)"
            rf"\s+(?:the\s+)?{_ROLE}\s+(?:in|for)\s+{_YEAR}"),
        "office": re.compile(
            rf"{_SUBJECT}\s*,?\s*(?:who\s+)?(?:served|was|became|had been|has been)\s+"
            rf"(?:as\s+)?(?:the\s+)?{_ROLE}\s+(?:from\s+(?P<first>{years})\s+"
            rf"(?:to|until|till)\s+(?P<last>{years})|in\s+(?P<year>{years})|"
            rf"since\s+(?P<since>{years}))\b"),
        "quantity": re.compile(
            rf"{_SUBJECT}\s+(?:has|had|have|counts|counted)\s+(?:(?:about|around|some|over|"
            r"more than|nearly|almost|roughly|approximately|just over|just under)\s+)?"
            r"(?P<number>\d[\d,]*(?:\.\d+)?)\s*(?P<scale>thousand|million|billion)?\s+"
            rf"(?P<what>{'|'.join(sorted(QUANTITY_CUES, key=len, reverse=True))})\b"),
    }


STOP_SUBJECTS = {"it", "this", "that", "he", "she", "they", "we", "i", "you", "there",
                 "which", "who", "in", "on", "at", "by", "but", "and", "however", "since"}


def api_url() -> str:
    """The Wikidata API endpoint (``WORKBENCH_WIKIDATA_URL``)."""
    return os.environ.get("WORKBENCH_WIKIDATA_URL", DEFAULT_API)


def item_url(qid: str, pid: str | None = None) -> str:
    """The page of item ``qid`` on the wiki behind the API, anchored at ``pid``."""
    base = api_url()
    site = base[:-len("/w/api.php")] if base.endswith("/w/api.php") else base.rstrip("/")
    return f"{site}/wiki/{qid}" + (f"#{pid}" if pid else "")


def _norm(text: str) -> str:
    return " ".join(re.sub(r"^the\s+", "", text.strip(), flags=re.I).split()).casefold()


class Statement(NamedTuple):
    """One Wikidata statement: property, value as text, years, qualifiers as text."""

    pid: str
    value: str
    year: int | None
    entity: str | None
    amount: float | None
    start: int | None
    end: int | None
    when: str | None

    def quote(self, label: str | None = None) -> str:
        """``award received (P166): Nobel Peace Prize; point in time 1997``."""
        text = f"{PROPERTY_LABELS.get(self.pid, self.pid)} ({self.pid}): {label or self.value}"
        extras = [f"point in time {self.when}" if self.when else "",
                  f"start {self.start}" if self.start else "", f"end {self.end}" if self.end
                  else ""]
        extras = [extra for extra in extras if extra]
        return text + ("; " + ", ".join(extras) if extras else "")


def _time(snak: dict[str, Any]) -> tuple[str, int] | None:
    """``("1949-04-04", 1949)`` from a time snak with at least year precision."""
    value = ((snak.get("datavalue") or {}).get("value")) or {}
    match = re.match(r"^\+(\d{1,4})-(\d\d)-(\d\d)", str(value.get("time", "")))
    if not match or int(value.get("precision", 0)) < 9:
        return None
    year, month, day = match.groups()
    precision = int(value["precision"])
    text = year if precision == 9 else f"{year}-{month}" if precision == 10 else \
        f"{year}-{month}-{day}"
    return text, int(year)


def _qualifier_time(statement: dict[str, Any], pid: str) -> tuple[str, int] | None:
    for snak in (statement.get("qualifiers") or {}).get(pid, []):
        found = _time(snak)
        if found:
            return found
    return None


def statements(entity: dict[str, Any], pid: str) -> list[Statement]:
    """The non-deprecated statements of ``entity`` for property ``pid``."""
    found = []
    for raw in (entity.get("claims") or {}).get(pid, []):
        if raw.get("rank") == "deprecated":
            continue
        snak = raw.get("mainsnak") or {}
        if snak.get("snaktype") != "value":
            continue
        value = (snak.get("datavalue") or {}).get("value")
        start = _qualifier_time(raw, "P580")
        end = _qualifier_time(raw, "P582")
        when = _qualifier_time(raw, "P585")
        if isinstance(value, dict) and "time" in value:
            moment = _time(snak)
            if moment:
                found.append(Statement(pid, moment[0], moment[1], None, None, None, None,
                                       None))
        elif isinstance(value, dict) and "id" in value:
            found.append(Statement(pid, value["id"], when[1] if when else None, value["id"],
                                   None, start[1] if start else None,
                                   end[1] if end else None, when[0] if when else None))
        elif isinstance(value, dict) and "amount" in value:
            try:
                amount = float(value["amount"])
            except (TypeError, ValueError):
                continue
            found.append(Statement(pid, f"{amount:,.0f}", None, None, amount, None, None,
                                   when[0] if when else None))
    return found


def find_item(name: str) -> dict[str, str] | None:
    """The one search hit whose label or alias is ``name`` (ignoring case and "the"); None
    when no hit is, or when several are (homonyms: which is meant cannot be told)."""
    from workbench.net import get_json

    answer = get_json(api_url(), params={
        "action": "wbsearchentities", "search": name, "language": "en", "uselang": "en",
        "type": "item", "limit": 5, "format": "json"})
    found = []
    for hit in answer.get("search", []) if isinstance(answer, dict) else []:
        texts = [hit.get("label", ""), (hit.get("match") or {}).get("text", ""),
                 *hit.get("aliases", [])]
        if any(isinstance(t, str) and _norm(t) == _norm(name) for t in texts):
            found.append({"id": hit["id"], "label": hit.get("label") or name})
    return found[0] if len(found) == 1 else None


def get_entities(ids: list[str], props: str) -> dict[str, Any]:
    """``wbgetentities`` for up to 50 ids: ``{qid: entity}``."""
    from workbench.net import NetworkError, get_json

    answer = get_json(api_url(), params={"action": "wbgetentities", "ids": "|".join(ids[:50]),
                                         "props": props, "languages": "en", "format": "json"})
    if not isinstance(answer, dict) or not isinstance(answer.get("entities"), dict):
        raise NetworkError(f"GET {api_url()}: no entities in the wbgetentities answer")
    return answer["entities"]


def _label(entity: dict[str, Any], fallback: str) -> str:
    return (((entity.get("labels") or {}).get("en") or {}).get("value")) or fallback


class Subject:
    """A claim's subject resolved to a Wikidata item, with its statements loaded once."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.item = find_item(name)
        self.entity: dict[str, Any] = {}
        self.accessed = now()
        if self.item:
            self.entity = get_entities([self.item["id"]], "claims|labels").get(
                self.item["id"], {})

    def source(self, pid: str, quotes: list[str]) -> Record:
        """A source citing this item's statements of ``pid``."""
        qid = self.item["id"] if self.item else ""
        return {"url": item_url(qid, pid), "title": f"{self.label} ({qid})",
                "publisher": "Wikidata", "quote": "; ".join(quotes)[:1000],
                "accessed": self.accessed}

    @property
    def label(self) -> str:
        """The item's English label."""
        return _label(self.entity, self.item["label"] if self.item else self.name)


CLAUSE_WORDS = {"and", "but", "or", "that", "when", "while", "because", "since", "after",
                "before", "as", "where", "which", "then", "so", "until", "although", "though",
                "whereas", "if", "once"}


def _starts_clause(text: str, start: int) -> bool:
    """Whether ``text[start:]`` begins a clause, so the name there is its subject.

    "The partnership with Canada was established in 1994" is about the partnership: a
    name after "with" (or any word but a conjunction) is not the subject of the verb.
    """
    before = text[:start].rstrip()
    if not before or before[-1] in ",;:(—–\"“‘'":
        return True
    last = before.split()[-1].casefold()
    return last in CLAUSE_WORDS or bool(re.fullmatch(r"\d{4}", last))  # "In 2023 NATO had"


def _subject(name: str) -> str:
    """``name`` without leading words that cannot start a name ("In Europe NATO")."""
    words = name.split()
    while words and words[0].casefold() in STOP_SUBJECTS:
        words.pop(0)
    return " ".join(words)


def check_date(subject: Subject, cue: str, year: int) -> Record | None:
    """Compare "SUBJECT was CUE in YEAR" with the subject's date property."""
    pid = DATE_CUES[cue]
    every = statements(subject.entity, pid)
    found = [s for s in every if s.year is not None]
    if not found:
        return None
    quotes = [s.quote() for s in found]
    source = subject.source(pid, quotes)
    shown = ", ".join(s.value for s in found)
    label = PROPERTY_LABELS[pid]
    if any(s.year == year for s in found):
        return make_verdict("unverified", 0.5, f"Wikidata gives {subject.label} {label} "
                            f"{shown}, which agrees with {year} (one source, not rated true).",
                            [source])
    if len(found) < len(every):  # a statement without a usable year might agree
        return make_verdict("unverified", 0.3, f"Wikidata gives {subject.label} {label} "
                            f"{shown} and another value without a year.", [source])
    return make_verdict("false", 0.7, f"The claim says {subject.label} was {cue} in {year}; "
                        f"Wikidata gives {label} {shown}.", [source],
                        computation=f"{year} is not among the {label} years in Wikidata "
                        f"({', '.join(str(s.year) for s in found)})")


def _role_statements(subject: Subject, pid: str, role: str) -> tuple[list[Statement],
                                                                   dict[str, str]]:
    """Statements of ``pid`` whose value's label matches ``role``, and value labels."""
    found = statements(subject.entity, pid)
    ids = sorted({s.entity for s in found if s.entity})
    if not ids:
        return [], {}
    labels = {qid: _label(entity, qid)
              for qid, entity in get_entities(ids, "labels").items()}
    wanted = _norm(role)
    # The exact role: "prime minister" is "Prime Minister of Canada", never "Deputy Prime
    # Minister of Canada"; "president" is not "vice president".
    matching = [s for s in found if s.entity and (
        wanted == _norm(labels.get(s.entity, "")) or
        _norm(labels.get(s.entity, "")).startswith(wanted + " of "))]
    return matching, labels


def check_award(subject: Subject, role: str, year: int) -> Record | None:
    """Compare "SUBJECT won ROLE in YEAR" with award received (P166) and its date."""
    matching, labels = _role_statements(subject, "P166", role)
    dated = [s for s in matching if s.year is not None]
    if not matching:
        return None
    source = subject.source("P166", [s.quote(labels.get(s.value)) for s in matching])
    if any(s.year == year for s in dated):
        return make_verdict("unverified", 0.5, f"Wikidata lists {subject.label} receiving "
                            f"{labels.get(matching[0].value)} in {year}, as claimed "
                            "(one source, not rated true).", [source])
    if len(dated) < len(matching):  # an undated statement might be the claimed one
        return make_verdict("unverified", 0.3, f"Wikidata lists the award for "
                            f"{subject.label} at least once without a date.", [source])
    years = ", ".join(str(s.year) for s in dated)
    return make_verdict("false", 0.7, f"The claim dates the award to {year}; Wikidata "
                        f"dates {subject.label}'s {labels.get(dated[0].value)} to {years}.",
                        [source], computation=f"{year} is not among {years}")


def _term(s: Statement) -> str:
    return f"{s.start or '?'}–{s.end or 'present'}"


def check_office(subject: Subject, role: str, first: int, last: int | None,
                 since: bool) -> Record | None:
    """Compare a term of office ("from A to B", "in Y", "since Y") with position held (P39)."""
    matching, labels = _role_statements(subject, "P39", role)
    terms = [s for s in matching if s.start is not None]
    if not terms or len(terms) < len(matching):  # a term without a start cannot be compared
        return None
    source = subject.source("P39", [s.quote(labels.get(s.value)) for s in terms])
    office = labels.get(terms[0].value, role)
    shown = ", ".join(_term(s) for s in terms)
    upper = 10**4 if last is None and since else (last or first)

    def overlaps(s: Statement) -> bool:
        return (s.start or 0) <= upper and (s.end is None or s.end >= first)

    exact = any(s.start == first and (s.end == last if last else (s.end is None if since
                                                                 else True)) for s in terms)
    if (last is None and not since and any(overlaps(s) for s in terms)) or exact:
        return make_verdict("unverified", 0.5, f"Wikidata's terms for {subject.label} as "
                            f"{office} ({shown}) agree (one source, not rated true).",
                            [source])
    if any(overlaps(s) for s in terms):
        return make_verdict("unverified", 0.4, f"Wikidata gives {subject.label}'s terms as "
                            f"{office} as {shown}, which differ from the claim's years.",
                            [source])
    claimed = f"{first}–{last}" if last else (f"since {first}" if since else str(first))
    return make_verdict("false", 0.6, f"The claim puts {subject.label} in office as {office} "
                        f"{claimed}; Wikidata gives {shown}.", [source],
                        computation=f"{claimed} does not overlap any term ({shown})")


def check_quantity(subject: Subject, what: str, number: float) -> Record | None:
    """Set a figure next to Wikidata's (never rated: figures change and round)."""
    pid = QUANTITY_CUES[what]
    found = [s for s in statements(subject.entity, pid) if s.amount is not None]
    if not found:
        return None
    latest = max(found, key=lambda s: s.when or "")
    difference = (number - latest.amount) / latest.amount * 100 if latest.amount else 0.0
    as_of = f" (as of {latest.when})" if latest.when else ""
    return make_verdict("unverified", 0.3, f"The claim gives {number:,.0f} {what}; Wikidata's "
                        f"latest {PROPERTY_LABELS[pid]} for {subject.label} is {latest.value}"
                        f"{as_of}, a difference of {difference:+.1f}%.",
                        [subject.source(pid, [s.quote() for s in found])])


def _clauses(pattern: re.Pattern[str], text: str) -> list[re.Match[str]]:
    return [match for match in pattern.finditer(text) if _starts_clause(text, match.start())]


def compare(text: str) -> list[Record]:
    """Verdicts for every recognised shape in ``text``, one subject lookup per name."""
    subjects: dict[str, Subject] = {}

    def subject(name: str) -> Subject | None:
        if not name:
            return None
        if name not in subjects:
            subjects[name] = Subject(name)
        return subjects[name] if subjects[name].item else None

    verdicts: list[Record | None] = []
    found: Subject | None
    for match in _clauses(shapes()["date"], text):
        if not (match["aux"] or match["comma"]) and match["cue"] not in ("founded", "born",
                                                                         "died"):
            continue  # "NATO established a mission in 2003": active, not a founding date
        if found := subject(_subject(match["subject"])):
            verdicts.append(check_date(found, match["cue"], int(match["year"])))
    for match in _clauses(shapes()["award"], text):
        if found := subject(_subject(match["subject"])):
            verdicts.append(check_award(found, match["object"], int(match["year"])))
    for match in _clauses(shapes()["office"], text):
        if match["object"].strip().casefold() in DATE_CUES:
            continue  # "was founded in 1949" is a date, not an office
        if found := subject(_subject(match["subject"])):
            first = int(match["first"] or match["year"] or match["since"])
            last = int(match["last"]) if match["last"] else None
            verdicts.append(check_office(found, match["object"], first, last,
                                         since=bool(match["since"])))
    for match in _clauses(shapes()["quantity"], text):
        if found := subject(_subject(match["subject"])):
            number = float(match["number"].replace(",", "")) * SCALES.get(
                (match["scale"] or "").lower(), 1)
            verdicts.append(check_quantity(found, match["what"], number))
    return [verdict for verdict in verdicts if verdict is not None]


@hookimpl
def check_claim(claim: Record, options: Any) -> list[Record] | None:
    """Compare the claim's dates and figures with Wikidata (``--online`` only)."""
    if not options.online:
        return None
    return compare(claim["text"]) or None
