"""Check one assertion against the fact packs: supported, contradicted or not checked.

The rules (see the README's "How a verdict is earned"):

- An assertion is *supported* by a fact about the same subject, the same relation, the same
  object and qualifier, agreeing with every date, place and number the sentence states, at
  the precision it states them.
- It is *contradicted* only by facts about the same subject, relation and qualifier that
  cannot be what the sentence says: a relation a subject has once (a treaty is signed on
  one date) with another date, or a relation a pack declares complete (every Nobel Peace
  Prize laureate; every holder of an office) without the sentence's case in it. Absence of
  a fact is otherwise only "not checked".
- Anything else is *not checked*, with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from workbench_plugins.shared.assertions import Assertion
from workbench_plugins.shared.facts import (
    ONCE,
    RELATIONS,
    Completeness,
    Fact,
    Knowledge,
    describe_fact,
)
from workbench_plugins.shared.values import (
    HEDGES,
    UNIT_YEARS,
    Day,
    Period,
    allows,
    human_number,
    step_of,
    when_of,
    years_between,
)

Record = dict[str, Any]
SUPPORTED, CONTRADICTED, NOT_CHECKED = "supported", "contradicted", "not checked"
PRINCIPAL_ROLES = ("president", "prime-minister", "chancellor", "monarch", "king", "emperor",
                   "premier", "secretary-general")
# How far off a figure must be, as a share of the true value, before it contradicts the
# sentence rather than differ by a source's revision or a rounding.
FIGURE_TOLERANCE = 0.10


@dataclass
class Finding:
    """What the facts say about one assertion."""

    statement: str  # the assertion in words
    status: str
    reason: str
    facts: list[Fact] = field(default_factory=list)
    cited: list[Record] = field(default_factory=list)  # sources of figures and lists
    start: int = 0
    end: int = 0


class Checker:
    """Checks assertions against a knowledge base, as of a date."""

    def __init__(self, base: Knowledge, as_of: date | None) -> None:
        self.base = base
        self.as_of = as_of

    def name(self, entity_id: str) -> str:
        """An entity's display name: its name, or its shortest alias of several words when
        the name is long (the Ottawa Treaty rather than its full title)."""
        entity = self.base.entities.get(entity_id)
        if entity is None:
            return entity_id
        if len(entity.name) <= 40:
            return entity.name
        words = [alias for alias in entity.aliases if " " in alias]
        return min(words, key=len) if words else entity.name

    def fact_text(self, fact: Fact) -> str:
        """A fact in words; a newsroom's fact says which pack's it outranks."""
        text = describe_fact(fact, self.name)
        if fact.outranks:
            text += f" (pack {fact.pack}, outranking pack {fact.outranks})"
        return text

    # ---- entry point -----------------------------------------------------------------

    def check(self, assertion: Assertion) -> list[Finding]:
        """The findings for one assertion (its co-subjects and peers are findings too)."""
        if assertion.statistic:
            return [self._statistic(assertion)]
        subjects = [name for name in ("subject", "subject2") if name in assertion.slots]
        findings = []
        for name in subjects:
            findings.append(self._relation(assertion, assertion.entity(name),
                                           assertion.slots[name].text))
        if "cosubject" in assertion.slots:
            findings.append(self._relation(assertion, assertion.entity("cosubject"),
                                           "cosubject", note="named as doing it too"))
        if "peer" in assertion.slots:
            findings.append(self._relation(assertion, assertion.entity("peer"), "peer",
                                           note="the same year"))
        for finding in findings:
            finding.start, finding.end = assertion.start, assertion.end
        return findings

    def _relation(self, assertion: Assertion, subject: str | None, slot: str,
                  note: str = "") -> Finding:
        relation = assertion.relation
        ambiguous = self._ambiguous(assertion)
        if subject is None or ambiguous:
            return Finding(self._statement(assertion, subject), NOT_CHECKED,
                           f"which {ambiguous or 'entity'} is meant is not clear")
        if relation in ONCE or relation == "headquartered_in":
            return self._once(assertion, subject)
        if relation in ("joined", "left"):
            return self._membership(assertion, subject)
        if relation == "won":
            return self._prize(assertion, subject)
        if relation == "held_office":
            return self._office(assertion, subject)
        if relation == "succeeded_by":
            return self._succession(assertion, subject)
        return Finding(self._statement(assertion, subject), NOT_CHECKED,
                       f"no rule checks {relation}")

    def _ambiguous(self, assertion: Assertion) -> str:
        for name, token in assertion.slots.items():
            value = (token.signal or {}).get("value") or {}
            if value.get("candidates"):
                return f"{token.signal['text'] if token.signal else name!s}"
        return ""

    # ---- statements ------------------------------------------------------------------

    def _statement(self, assertion: Assertion, subject: str | None) -> str:
        words = [self.name(subject) if subject else "?"]
        if assertion.negated:
            words.append("never/not")
        words.append(RELATIONS.get(assertion.relation, assertion.relation.replace("_", " ")))
        for name in ("object", "office", "successor"):
            entity = assertion.entity(name)
            if entity:
                words.append(self.name(entity))
        for name in ("when", "when2", "until", "place", "place2", "under"):
            token = assertion.slots.get(name)
            if token is not None and token.signal is not None:
                prefix = {"until": "until", "place": "in", "place2": "in",
                          "under": "under"}.get(name, "")
                words.append(f"{prefix} {token.signal['text']}".strip())
        return " ".join(words)

    # ---- the date a sentence gives ---------------------------------------------------

    def _when(self, assertion: Assertion) -> Day | Period | Record | None:
        """The date, period or relative span the assertion states, if any."""
        for name in ("when", "when2", "when3"):
            value = assertion.value(name)
            if value is None:
                continue
            if value.get("type") == "relative":
                return value
            found = when_of(value)
            if found is not None:
                if isinstance(found, Day) and assertion.value("until") is not None:
                    until = when_of(assertion.value("until") or {})
                    if isinstance(until, Day):
                        return Period(found, until)
                return found
        return None

    def _agrees(self, claimed: Day | Period | Record, fact: Fact) -> bool | None:
        """Whether a fact's date is the claimed one (None: cannot tell)."""
        if not fact.date:
            return None
        day = Day.parse(fact.date)
        if isinstance(claimed, Day):
            return claimed.holds_for(day)
        if isinstance(claimed, Period):
            return claimed.start.holds_for(day)
        return self._relative(claimed, day)

    def _relative(self, value: Record, day: Day) -> bool | None:
        """Whether "N years ago" (or decades, centuries) is true of ``day``."""
        if value.get("direction") != "ago" or self.as_of is None:
            return None
        unit = UNIT_YEARS.get(value.get("unit", ""))
        if unit is None:
            return None
        claimed = float(value["amount"]) * unit
        elapsed = years_between(day.first(), self.as_of)
        hedge = value.get("qualifier")
        if hedge in HEDGES:
            return allows(claimed, elapsed, hedge, unit)
        if hedge:
            return None
        return abs(elapsed - claimed) < unit / 2 + 0.5  # "three decades ago": 25 to 35 years

    # ---- relations a subject has once (and where a thing is) -------------------------

    def _once(self, assertion: Assertion, subject: str) -> Finding:
        statement = self._statement(assertion, subject)
        relation = assertion.relation
        facts = self.base.facts(subject, relation)
        if relation == "headquartered_in":
            return self._place_only(statement, assertion, facts)
        if not facts:
            return Finding(statement, NOT_CHECKED, f"no fact says when {self.name(subject)} "
                           f"{RELATIONS[relation]}")
        claimed = self._when(assertion)
        if assertion.negated:
            return Finding(statement, CONTRADICTED, "it did: " + self.fact_text(facts[0]),
                           facts[:1])
        if claimed is None:
            dated = facts
        else:
            agreement = [self._agrees(claimed, fact) for fact in facts]
            if None in agreement:
                return Finding(statement, NOT_CHECKED, "the date cannot be compared "
                               "(no publication date for a relative one?)", facts)
            dated = [fact for fact, agrees in zip(facts, agreement, strict=True) if agrees]
            if not dated:
                return Finding(statement, CONTRADICTED, self._contrast(facts), facts)
        finding = self._with_place(statement, assertion, dated)
        if isinstance(claimed, dict) and self.as_of is not None and dated[0].date:
            elapsed = years_between(Day.parse(dated[0].date).first(), self.as_of)
            finding.reason += f" ({elapsed:.1f} years before {self.as_of.isoformat()})"
        return finding

    def _with_place(self, statement: str, assertion: Assertion, facts: list[Fact]) -> Finding:
        places = [self._place(assertion, name) for name in ("place", "place2")
                  if assertion.entity(name)]
        for claimed in places:
            known = [fact for fact in facts if fact.place]
            if not known:
                return Finding(statement, NOT_CHECKED, "no fact says where: "
                               + self.fact_text(facts[0]), facts)
            verdicts = [self._same_place(fact.place, claimed) for fact in known]
            if True not in verdicts:
                if False in verdicts:
                    return Finding(statement, CONTRADICTED, self._contrast(known), known)
                return Finding(statement, NOT_CHECKED, "the place cannot be compared: "
                               + self.fact_text(known[0]), known)
        return Finding(statement, SUPPORTED, self.fact_text(facts[0]), facts[:1])

    def _place_only(self, statement: str, assertion: Assertion, facts: list[Fact]) -> Finding:
        claimed = assertion.entity("place")
        if not facts or claimed is None:
            return Finding(statement, NOT_CHECKED, "no fact says where")
        verdicts = [self._same_place(fact.object, claimed) for fact in facts]
        if True in verdicts:
            return Finding(statement, SUPPORTED, self.fact_text(facts[0]), facts[:1])
        if False in verdicts:
            return Finding(statement, CONTRADICTED, self._contrast(facts), facts)
        return Finding(statement, NOT_CHECKED, "the place cannot be compared", facts)

    def _place(self, assertion: Assertion, name: str) -> str:
        return assertion.entity(name) or ""

    def _country(self, place: str) -> str:
        entity = self.base.entities.get(place)
        if entity is None:
            return ""
        return entity.id if entity.type == "country" else entity.part_of

    def _same_place(self, fact_place: str, claimed: str) -> bool | None:
        """Whether a fact's place is the claimed one: the same city, or a city in the
        claimed country (None: cannot tell)."""
        if fact_place == claimed or self._country(fact_place) == claimed:
            return True
        claimed_entity = self.base.entities.get(claimed)
        fact_country, claimed_country = self._country(fact_place), self._country(claimed)
        if not fact_country or not claimed_country or claimed_entity is None:
            return None
        if fact_country != claimed_country:
            return False
        # the same country, another city: a contradiction only if the fact names a city
        return False if claimed_entity.type == "city" else None

    def _contrast(self, facts: list[Fact]) -> str:
        return "the facts say otherwise: " + "; ".join(self.fact_text(f) for f in facts[:3])

    def _listed(self, complete: Completeness | None) -> list[Record]:
        """The source of a complete list, cited where its silence decides."""
        source = self.base.list_source(complete) if complete is not None else None
        return [source.record()] if source is not None else []

    # ---- memberships -----------------------------------------------------------------

    def _membership(self, assertion: Assertion, subject: str) -> Finding:
        relation, target = assertion.relation, assertion.entity("object")
        statement = self._statement(assertion, subject)
        if target is None:
            return Finding(statement, NOT_CHECKED, "no organisation named")
        facts = [fact for fact in self.base.facts(subject, relation, target)
                 if self.as_of is None or not fact.date
                 or Day.parse(fact.date).first() <= self.as_of]
        claimed = self._when(assertion)
        year = self._year(claimed)
        complete = self.base.completeness(relation, target, year or self._as_of_year())
        if assertion.negated:
            if facts:
                return Finding(statement, CONTRADICTED, "it did: " + self.fact_text(facts[0]),
                               facts[:1])
            if complete is not None and self._as_of_year() <= complete.end:
                return Finding(statement, SUPPORTED, f"{self.name(subject)} is not among "
                               f"them: {short_note(complete.note)}",
                               cited=self._listed(complete))
            return Finding(statement, NOT_CHECKED, "the facts do not list every member")
        if claimed is not None and facts:
            agreement = [self._agrees(claimed, fact) for fact in facts]
            if True in agreement:
                fact = facts[agreement.index(True)]
                return Finding(statement, SUPPORTED, self.fact_text(fact), [fact])
            if None in agreement:
                return Finding(statement, NOT_CHECKED, "the date cannot be compared", facts)
            return Finding(statement, CONTRADICTED, self._contrast(facts), facts)
        if facts:
            return Finding(statement, SUPPORTED, self.fact_text(facts[0]), facts[:1])
        if complete is not None and (year is None or year <= complete.end):
            return Finding(statement, CONTRADICTED, f"{self.name(subject)} is not among "
                           f"those that {RELATIONS[relation]} {self.name(target)} "
                           f"({short_note(complete.note)})", cited=self._listed(complete))
        return Finding(statement, NOT_CHECKED, "no fact about it")

    # ---- prizes ----------------------------------------------------------------------

    def _prize(self, assertion: Assertion, subject: str) -> Finding:
        prize = assertion.entity("object")
        statement = self._statement(assertion, subject)
        if prize is None:
            return Finding(statement, NOT_CHECKED, "no prize named")
        facts = self.base.facts(subject, "won", prize)
        year = self._year(self._when(assertion))
        if assertion.negated:
            if facts:
                return Finding(statement, CONTRADICTED, "it did: " + self.fact_text(facts[0]),
                               facts[:1])
            return Finding(statement, NOT_CHECKED, "no fact about it")
        matching = [f for f in facts if year is None or Day.parse(f.date).year == year]
        if matching:
            return Finding(statement, SUPPORTED, self.fact_text(matching[0]), matching[:1])
        complete = self.base.completeness("won", prize, year or self._as_of_year())
        if complete is None or (year is None and self._as_of_year() > complete.end):
            return Finding(statement, NOT_CHECKED, "the facts do not list every laureate "
                           "of that year" if facts else "no fact about it", facts)
        if year is not None:
            winners = [f for f in self.base.holders("won", prize)
                       if Day.parse(f.date).year == year]
            said = ("; ".join(self.fact_text(f) for f in winners[:3]) if winners else
                    f"the prize was not awarded in {year}")
            return Finding(statement, CONTRADICTED, f"{said} ({short_note(complete.note)})",
                           winners[:3] or facts[:1], cited=self._listed(complete))
        return Finding(statement, CONTRADICTED, f"{self.name(subject)} is not among its "
                       f"laureates ({short_note(complete.note)})", cited=self._listed(complete))

    # ---- offices ---------------------------------------------------------------------

    def _offices(self, assertion: Assertion, person: str = "") -> tuple[list[str], str]:
        """The office ids the sentence may mean, and why none when empty. A role without a
        country ("president") means the offices of that role ``person`` held, if any."""
        office = assertion.entity("office")
        entity = self.base.entities.get(office or "")
        if entity is None:
            return [], "no office named"
        if entity.type == "office":
            return [entity.id], ""
        jurisdiction = assertion.entity("jurisdiction") or assertion.entity("jurisdiction2")
        offices = [e.id for e in self.base.entities.values()
                   if e.type == "office" and e.role == entity.role
                   and (jurisdiction is None or e.part_of == jurisdiction)]
        if jurisdiction is None and person:
            # "president" alone: the presidencies this person is known to have held
            held = {fact.object for fact in self.base.facts(person, "held_office")}
            offices = [office for office in offices if office in held] or offices
        if not offices:
            return [], f"no office of {entity.name} is in the facts"
        return offices, ""

    def _terms(self, person: str, offices: list[str]) -> list[tuple[str, date, date | None,
                                                                    Fact]]:
        """A person's terms in ``offices``: (office, start, end or None, fact), consecutive
        terms joined."""
        terms = []
        for office in offices:
            facts = sorted(self.base.facts(person, "held_office", office),
                           key=lambda f: f.date)
            for fact in facts:
                if not fact.date:
                    continue
                start = Day.parse(fact.date).first()
                end = Day.parse(fact.end).last() if fact.end else None
                if terms and terms[-1][0] == office and terms[-1][2] is not None and \
                        (start - terms[-1][2]).days <= 1:
                    terms[-1] = (office, terms[-1][1], end, terms[-1][3])
                else:
                    terms.append((office, start, end, fact))
        return terms

    def _office(self, assertion: Assertion, person: str) -> Finding:
        statement = self._statement(assertion, person)
        offices, why = self._offices(assertion, person)
        if not offices:
            return Finding(statement, NOT_CHECKED, why)
        terms = self._terms(person, offices)
        claimed = self._when(assertion)
        if isinstance(claimed, dict):
            return Finding(statement, NOT_CHECKED, "a relative date of office is not checked")
        fits = [term for term in terms if self._term_fits(term, claimed)]
        years = self._years(claimed)
        if assertion.negated:
            if fits:
                return Finding(statement, CONTRADICTED, "they did: "
                               + self.fact_text(fits[0][3]), [fits[0][3]])
            return Finding(statement, NOT_CHECKED, "a denial of office is not checked")
        if fits:
            finding = Finding(statement, SUPPORTED, self.fact_text(fits[0][3]),
                              [fits[0][3]])
            under = assertion.entity("under")
            return self._under(finding, under, fits[0]) if under else finding
        complete = [self.base.completeness("held_office", office, year)
                    for office in offices for year in years]
        if years and len(offices) == 1 and all(complete):
            holders = self._holders(offices[0], years)
            said = "; ".join(self.fact_text(f) for f in holders[:3])
            note = short_note(complete[0].note) if complete[0] else ""
            return Finding(statement, CONTRADICTED, f"{said} ({note})", holders[:3],
                           cited=self._listed(complete[0]))
        if terms:
            return Finding(statement, NOT_CHECKED, "the facts list other terms: "
                           + "; ".join(self.fact_text(t[3]) for t in terms[:2]),
                           [t[3] for t in terms[:2]])
        return Finding(statement, NOT_CHECKED, "no fact about it")

    def _term_fits(self, term: tuple[str, date, date | None, Fact],
                   claimed: Day | Period | None) -> bool:
        _, start, end, _ = term
        if claimed is None:
            return self.as_of is None or start <= self.as_of
        if isinstance(claimed, Period):
            if claimed.start.year != start.year:
                return False
            if claimed.end is None:
                return True
            return end is not None and claimed.end.year == end.year
        last = end or self.as_of or date.max
        return start <= claimed.last() and claimed.first() <= last

    def _under(self, finding: Finding, under: str,
               term: tuple[str, date, date | None, Fact]) -> Finding:
        office = self.base.entities[term[0]]
        principals = [e.id for e in self.base.entities.values()
                      if e.type == "office" and e.part_of == office.part_of
                      and e.id != office.id and e.role in PRINCIPAL_ROLES]
        start, end = term[1], term[2] or self.as_of or date.max
        overlap = [t for t in self._terms(under, principals)
                   if t[1] <= end and start <= (t[2] or date.max)]
        if overlap:
            finding.reason += "; " + self.fact_text(overlap[0][3])
            finding.facts.append(overlap[0][3])
            return finding
        years = list(range(start.year, end.year + 1)) if end != date.max else [start.year]
        complete = all(self.base.completeness("held_office", p, y)
                       for p in principals for y in years) and principals
        if complete:
            holders = self._holders(principals[0], years)
            return Finding(finding.statement, CONTRADICTED, f"{self.name(under)} did not "
                           "hold the office above it then: " + "; ".join(
                               self.fact_text(f) for f in holders[:3]), holders[:3])
        return Finding(finding.statement, NOT_CHECKED, finding.reason + f"; whether under "
                       f"{self.name(under)} is not in the facts", finding.facts)

    def _holders(self, office: str, years: list[int]) -> list[Fact]:
        """The holders of an office in ``years``."""
        found = []
        for fact in self.base.holders("held_office", office):
            if not fact.date:
                continue
            start = Day.parse(fact.date).year
            end = Day.parse(fact.end).year if fact.end else 9999
            if any(start <= year <= end for year in years):
                found.append(fact)
        return sorted(found, key=lambda f: f.date)

    def _succession(self, assertion: Assertion, person: str) -> Finding:
        statement = self._statement(assertion, person)
        successor = assertion.entity("successor")
        offices = self._offices(assertion, person)[0] if assertion.entity("office") else [
            fact.object for fact in self.base.facts(person, "held_office")]
        known: list[Fact] = []  # who followed each of the person's terms, where the
        unknown = False          # office's holders are complete then
        for office in dict.fromkeys(offices):
            for term in self._terms(person, [office]):
                following = self._next_holder(office, person, term[3])
                if following is None:
                    unknown = True
                    continue
                if following.subject == successor:
                    return Finding(statement, SUPPORTED, self.fact_text(following),
                                   [following])
                if self.base.completeness("held_office", office, Day.parse(
                        following.date).year):
                    known.append(following)
                else:
                    unknown = True
        if known and not unknown:
            return Finding(statement, CONTRADICTED, "the successors were: " + "; ".join(
                self.fact_text(fact) for fact in known[:3]), known[:3])
        return Finding(statement, NOT_CHECKED, "the facts do not say who came next")

    def _next_holder(self, office: str, person: str, term: Fact) -> Fact | None:
        """The holder of ``office`` after a term of ``person`` ends (dates compared at the
        precision they are known), or None when the term has not ended or no one is
        listed after it."""
        if not term.end:
            return None
        last_term = max((f for f in self.base.facts(person, "held_office", office)
                         if f.date and f.date <= term.end), key=lambda f: f.date,
                        default=term)
        end = Day.parse(last_term.end or term.end)
        later = [f for f in self.base.holders("held_office", office)
                 if f.date and f.subject != person
                 and Day.parse(f.date).last() >= end.first()
                 and Day.parse(f.date).first() >= Day.parse(term.date).last()]
        return min(later, key=lambda f: Day.parse(f.date).first(), default=None)

    # ---- statistics ------------------------------------------------------------------

    def _statistic(self, assertion: Assertion) -> Finding:
        subject = assertion.entity("subject")
        indicator = assertion.relation
        number = assertion.value("number") or {}
        label = indicator.replace("_pct", "").replace("_usd", "").replace("_", " ")
        token = assertion.slots.get("number")
        said = token.signal["text"] if token is not None and token.signal else ""
        statement = f"{self.name(subject or '?')} {label} {said}"
        finding = Finding(statement.strip(), NOT_CHECKED, "", start=assertion.start,
                          end=assertion.end)
        if subject is None or "number" not in number:
            finding.reason = "no figure to compare"
            return finding
        claimed = float(number["number"])
        if number.get("type") == "change" and number.get("direction") == "decrease":
            claimed = -claimed
        if indicator == "gdp_usd" and number.get("currency", "USD") != "USD":
            finding.reason = "the figure is not in US dollars"
            return finding
        series = self.base.series(subject, indicator)
        year = self._year(self._when(assertion)) or self._as_of_year()
        if not series:
            finding.reason = f"no {label} series for {self.name(subject)}"
            return finding
        if year is None or year not in series:
            latest = max(series)
            finding.reason = (f"the {label} series for {self.name(subject)} ends in {latest}"
                              if year and year > latest else f"no {label} figure for {year}")
            finding.cited = [series[latest][2].record()]
            return finding
        actual, unit, source = series[year]
        hedge = number.get("qualifier") or lexicon_verb(assertion.verb)
        if hedge is not None and hedge not in HEDGES:
            finding.reason = f"'{hedge}' is too vague to check"
            return finding
        step = step_of(str(number.get("written", number["number"])),
                       float(number.get("scale", 1.0)))
        shown = f"{human_number(actual)}{' percent' if unit == 'percent' else ''}"
        finding.cited = [source.record()]
        computation = (f"{label} of {self.name(subject)} in {year}: {shown} "
                       f"({source.publisher}); the sentence says "
                       f"{hedge + ' ' if hedge else ''}{human_number(claimed)}")
        if allows(claimed, actual, hedge, step):
            finding.status, finding.reason = SUPPORTED, computation
        elif abs(actual - claimed) > max(step, FIGURE_TOLERANCE * abs(actual)):
            finding.status, finding.reason = CONTRADICTED, computation
        else:
            finding.reason = computation + ": close, but not within the precision stated"
        return finding

    # ---- dates -----------------------------------------------------------------------

    def _as_of_year(self) -> int:
        return (self.as_of or date.today()).year

    def _year(self, claimed: Day | Period | Record | None) -> int | None:
        if isinstance(claimed, Day):
            return claimed.year
        if isinstance(claimed, Period):
            return claimed.start.year
        return None

    def _years(self, claimed: Day | Period | Record | None) -> list[int]:
        if isinstance(claimed, Day):
            return [claimed.year]
        if isinstance(claimed, Period):
            end = claimed.end.year if claimed.end else claimed.start.year
            return list(range(claimed.start.year, end + 1))
        return []


def lexicon_verb(verb: str) -> str | None:
    """The hedge a statistic's verb implies ("passed 40 million": at least)."""
    from workbench_plugins.shared.assertions import lexicon

    return lexicon()["statistic_verbs"].get(verb) if verb else None


def short_note(note: str) -> str:
    """The first clause of a completeness note, for a rationale."""
    first = note.split(";")[0].split(". ")[0].strip()
    return first if len(first) <= 90 else first[:87] + "..."
