"""The generated adversarial verdict set: true sentences made from the fact packs' facts, and
false variants of each (wrong year, wrong month, wrong place, wrong relation, wrong
co-subject, wrong peer in "the same year as", wrong successor, wrong office, wrong laureate
year, figures off, spans too long), each labelled by construction.

Not held out: the same people wrote these templates and the checker's patterns. It
measures that the rules hold on every fact of the packs, not how well real sentences are
read (the hand-written held-out set and real text do that; see eval_verdicts.py).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from workbench_plugins.shared.facts import Fact, Knowledge
from workbench_plugins.shared.values import Day

PUBLISHED = date(2025, 6, 1)


@dataclass(frozen=True)
class Case:
    """One sentence of the set."""

    text: str
    label: str  # "true" or "false"
    kind: str  # what was made of the fact: "joined/year", "joined/cosubject", ...
    published: date = PUBLISHED


class Maker:
    """Makes cases from one knowledge base, reproducibly (seeded)."""

    def __init__(self, base: Knowledge, seed: int = 7) -> None:
        self.base = base
        self.rng = random.Random(seed)

    def name(self, entity_id: str) -> str:
        """The name an article would use: a short alias of several words, else the name."""
        entity = self.base.entities[entity_id]
        if len(entity.name) <= 40:
            return entity.name
        words = [alias for alias in entity.aliases if " " in alias]
        return min(words, key=len) if words else entity.name

    def facts(self, relation: str) -> list[Fact]:
        """Dated facts of a relation, in a stable order."""
        found = [fact for (_, rel), facts in self.base.by_subject.items() if rel == relation
                 for fact in facts if fact.date]
        return sorted(found, key=lambda fact: fact.id)

    def cases(self) -> Iterator[Case]:
        """Every case of the set."""
        yield from self.memberships()
        yield from self.offices()
        yield from self.prizes()
        yield from self.treaties()
        yield from self.statistics()

    # ---- memberships -----------------------------------------------------------------

    def memberships(self) -> Iterator[Case]:
        joins = [f for f in self.facts("joined") if Day.parse(f.date).year >= 1946
                 and self.base.entities[f.object].type == "organisation"]
        by_year: dict[tuple[str, int], list[Fact]] = {}
        for fact in joins:
            by_year.setdefault((fact.object, Day.parse(fact.date).year), []).append(fact)
        for fact in joins:
            day = Day.parse(fact.date)
            country, org = self.name(fact.subject), self.name(fact.object)
            yield Case(f"{country} joined {org} in {day.year}.", "true", "joined/year")
            if day.month:
                yield Case(f"{country} became a member of {org} in {day.human()}.", "true",
                           "joined/date")
            wrong = day.year + self.rng.choice((-3, -2, -1, 1, 2, 3))
            yield Case(f"{country} joined {org} in {wrong}.", "false", "joined/wrong-year")
            if day.month:
                month = (day.month % 12) + 1
                wrong_day = Day(day.year, month)
                if wrong_day.year == day.year and month != day.month:
                    yield Case(f"{country} joined {org} in {wrong_day.human()}.", "false",
                               "joined/wrong-month")
            same = [f for f in by_year.get((fact.object, day.year), []) if f is not fact]
            other = [f for f in joins if f.object == fact.object
                     and Day.parse(f.date).year != day.year]
            if same:
                peer = self.rng.choice(same)
                yield Case(f"{country} joined {org} in {day.year} together with "
                           f"{self.name(peer.subject)}.", "true", "joined/cosubject")
            if other:
                peer = self.rng.choice(other)
                yield Case(f"{country} joined {org} in {day.year} together with "
                           f"{self.name(peer.subject)}.", "false", "joined/wrong-cosubject")
                peer = self.rng.choice(other)
                yield Case(f"{country} joined {org} in {day.year}, the same year as "
                           f"{self.name(peer.subject)}.", "false", "joined/wrong-peer")
            yield Case(f"{country} never joined {org}.", "false", "joined/negated")

    # ---- offices ---------------------------------------------------------------------

    def offices(self) -> Iterator[Case]:
        terms = [f for f in self.facts("held_office") if f.end
                 and self.base.completeness("held_office", f.object, Day.parse(f.date).year)
                 and self.base.completeness("held_office", f.object, Day.parse(f.end).year)]
        for fact in terms:
            start, end = Day.parse(fact.date).year, Day.parse(fact.end).year
            person, office = self.name(fact.subject), self.name(fact.object)
            yield Case(f"{person} served as {office} from {start} to {end}.", "true",
                       "office/term")
            shift = self.rng.choice((-4, -3, 3, 4))
            holders = {f.subject for f in self.base.holders("held_office", fact.object)
                       if f.date and Day.parse(f.date).year <= start + shift
                       and (not f.end or Day.parse(f.end).year >= end + shift)}
            if fact.subject not in holders and self.base.completeness(
                    "held_office", fact.object, start + shift) and self.base.completeness(
                    "held_office", fact.object, end + shift):
                yield Case(f"{person} served as {office} from {start + shift} to "
                           f"{end + shift}.", "false", "office/wrong-years")
            successor = self._successor(fact)
            if successor is not None:
                yield Case(f"{person} was succeeded by {self.name(successor)} as {office}.",
                           "true", "office/successor")
                followers = {self._successor(term) for term in self.base.facts(
                    fact.subject, "held_office", fact.object) if term.end}
                others = [f.subject for f in self.base.holders("held_office", fact.object)
                          if f.subject not in followers | {fact.subject}]
                if others:
                    yield Case(f"{person} was succeeded by {self.name(self.rng.choice(others))}"
                               f" as {office}.", "false", "office/wrong-successor")
            yield from self._other_office(fact, person, start, end)

    def _successor(self, fact: Fact) -> str | None:
        end = Day.parse(fact.end).first()
        later = sorted((f for f in self.base.holders("held_office", fact.object)
                        if f.date and f.subject != fact.subject
                        and Day.parse(f.date).first() >= end), key=lambda f: f.date)
        if not later or not self.base.completeness("held_office", fact.object, end.year):
            return None
        return later[0].subject

    def _other_office(self, fact: Fact, person: str, start: int, end: int) -> Iterator[Case]:
        """The same years in another office of the same country, which the person did not
        hold then (vice president for a president, and so on)."""
        office = self.base.entities[fact.object]
        for other in self.base.entities.values():
            if other.type != "office" or other.id == office.id or \
                    other.part_of != office.part_of:
                continue
            if not all(self.base.completeness("held_office", other.id, year)
                       for year in range(start, end + 1)):
                continue
            held = [f for f in self.base.facts(fact.subject, "held_office", other.id)
                    if f.date and Day.parse(f.date).year <= end
                    and (not f.end or Day.parse(f.end).year >= start)]
            if not held:
                yield Case(f"{person} served as {self.name(other.id)} from {start} to {end}.",
                           "false", "office/wrong-office")
                return

    # ---- prizes ----------------------------------------------------------------------

    def prizes(self) -> Iterator[Case]:
        wins = [f for f in self.facts("won") if self.base.completeness(
            "won", f.object, Day.parse(f.date).year)]
        for fact in wins:
            year = Day.parse(fact.date).year
            winner, prize = self.name(fact.subject), self.name(fact.object)
            yield Case(f"{winner} won the {prize} in {year}.", "true", "prize/year")
            own = {Day.parse(f.date).year for f in self.base.facts(fact.subject, "won",
                                                                    fact.object)}
            wrong = year + self.rng.choice((-2, -1, 1, 2))
            if wrong not in own and wrong <= 2025:
                yield Case(f"{winner} won the {prize} in {wrong}.", "false",
                           "prize/wrong-year")

    # ---- treaties and organisations --------------------------------------------------

    STAGES: ClassVar[dict[str, str]] = {"signed": "was signed", "adopted": "was adopted",
              "entered_into_force": "entered into force", "founded": "was founded",
              "opened_for_signature": "was opened for signature"}

    def treaties(self) -> Iterator[Case]:
        for relation, words in self.STAGES.items():
            for fact in self.facts(relation):
                day = Day.parse(fact.date)
                subject = self.name(fact.subject)
                yield Case(f"The {subject} {words} in {day.year}.", "true",
                           f"{relation}/year")
                wrong = day.year + self.rng.choice((-3, -2, 2, 3))
                yield Case(f"The {subject} {words} in {wrong}.", "false",
                           f"{relation}/wrong-year")
                if fact.place:
                    yield Case(f"The {subject} {words} in {self.name(fact.place)} in "
                               f"{day.year}.", "true", f"{relation}/place")
                    elsewhere = self._elsewhere(fact.place)
                    if elsewhere:
                        yield Case(f"The {subject} {words} in {self.name(elsewhere)} in "
                                   f"{day.year}.", "false", f"{relation}/wrong-place")
                for other, other_words in self.STAGES.items():
                    dated = self.base.facts(fact.subject, other)
                    if other != relation and dated and all(
                            Day.parse(f.date).year != day.year for f in dated):
                        yield Case(f"The {subject} {other_words} in {day.year}.", "false",
                                   f"{other}/wrong-relation")
                elapsed = (PUBLISHED - day.first()).days / 365.2425
                decades = int(elapsed // 10)
                if relation == "entered_into_force" and decades >= 2:
                    yield Case(f"The {subject} {words} more than {decades} decades ago.",
                               "true", "span/true")
                    yield Case(f"The {subject} {words} more than {decades + 2} decades ago.",
                               "false", "span/too-long")

    def _elsewhere(self, place: str) -> str | None:
        """A capital of another country than the fact's place."""
        entity = self.base.entities[place]
        country = entity.id if entity.type == "country" else entity.part_of
        cities = sorted(e.id for e in self.base.entities.values()
                        if e.type == "city" and e.part_of and e.part_of != country)
        return self.rng.choice(cities) if cities and country else None

    # ---- statistics ------------------------------------------------------------------

    def statistics(self) -> Iterator[Case]:
        countries = sorted(e.id for e in self.base.entities.values() if e.type == "country")
        for country in self.rng.sample(countries, 60):
            name = self.name(country)
            population = self.base.series(country, "population")
            year = self.rng.choice(sorted(y for y in population if y >= 1990) or [0])
            if year and population[year][0] >= 2e6:
                millions = population[year][0] / 1e6
                yield Case(f"{name}'s population was {millions:.1f} million in {year}.",
                           "true", "population/true")
                yield Case(f"{name}'s population was {millions * 1.4:.1f} million in {year}.",
                           "false", "population/off")
            growth = self.base.series(country, "gdp_growth_pct")
            year = self.rng.choice(sorted(y for y in growth if y >= 1990) or [0])
            if year:
                rate = growth[year][0]
                verb = "grew" if rate >= 0 else "shrank"
                yield Case(f"{name}'s economy {verb} {abs(rate):.1f} percent in {year}.",
                           "true", "growth/true")
                if abs(rate) >= 1:
                    wrong = "shrank" if rate >= 0 else "grew"
                    yield Case(f"{name}'s economy {wrong} {abs(rate):.1f} percent in {year}.",
                               "false", "growth/wrong-sign")
