"""Check claims against the fact packs: every part of a claim, rating true only when all of
it holds.

A claim is read into atomic assertions (``workbench_plugins.shared.assertions``), each
checked against the packs' facts and series (``workbench_plugins.shared.evidence``):

- ``false`` when an assertion is contradicted by a fact about the same subject, relation
  and qualifier;
- ``true`` when every assertion is supported and nothing else in the sentence is left
  unchecked (an entity, a date, a number, a comparison, a hedge or a content word that no
  assertion accounts for caps the rating at ``unverified``);
- otherwise ``unverified``, saying what was supported and what was not checked, with leads
  (the sources of the packs' facts about what it names) when there are any.

Relative dates ("over three decades ago") are computed against ``--as-of``, else the
document's publication date. Confidences are the precision each rating measured on the
evaluation sets (``benchmarks/eval_verdicts.py``; see ``data/confidence.json``).
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from functools import cache
from pathlib import Path

from workbench_plugins import DATA
from workbench_plugins.shared.assertions import Reading, is_entity, read
from workbench_plugins.shared.evidence import CONTRADICTED, NOT_CHECKED, SUPPORTED, Checker, Finding
from workbench_plugins.shared.facts import Knowledge, knowledge_for

from workbench import hookimpl
from workbench.records import make_verdict
from workbench.types import CheckOptions, Record

MAX_LEADS = 3
LEAD_TYPES = frozenset({"treaty", "organisation", "person", "office", "prize", "event"})


@cache
def confidence() -> dict[str, float]:
    """The measured precision of each rating (``data/confidence.json``)."""
    data = json.loads((DATA / "confidence.json").read_text(encoding="utf-8"))
    return {rating: float(entry["confidence"]) for rating, entry in data["ratings"].items()}


def as_of(document: Record, options: CheckOptions) -> date | None:
    """The date relative claims are checked against: ``--as-of``, else publication."""
    if options.as_of is not None:
        return options.as_of
    published = document.get("published")
    if published:
        try:
            return date.fromisoformat(published[:10])
        except ValueError:
            return None
    return None


def extra_patterns(base: Knowledge) -> tuple[Path, ...]:
    """The ``patterns.json`` files of the packs in force."""
    return tuple(pack.path / "patterns.json" for pack in base.packs
                 if (pack.path / "patterns.json").is_file())


def assertion_record(finding: Finding, base: int, checker: Checker) -> Record:
    """A finding as the verdict's assertion record (``schemas/verdict.schema.json``)."""
    record: Record = {"statement": finding.statement, "status": finding.status,
                      "reason": finding.reason,
                      "span": {"start": base + finding.start, "end": base + finding.end}}
    if finding.facts:
        record["facts"] = [{"id": fact.id, "statement": checker.fact_text(fact),
                            "pack": fact.pack,
                            "source": fact.source.record(fact.quote)}
                           for fact in finding.facts]
    return record


def _leads(reading: Reading, base: Knowledge) -> list[Record]:
    """Where a reader could check what the claim names: the sources of the packs' facts
    about its entities (not evidence: nothing here was compared)."""
    leads: dict[str, Record] = {}
    for token in reading.tokens:
        value = (token.signal or {}).get("value") or {}
        entity = base.entities.get(value.get("id", ""))
        if entity is None or entity.type not in LEAD_TYPES:
            continue
        for source in base.sources_about(entity.id):
            leads.setdefault(source.url, source.record())
    return list(leads.values())[:MAX_LEADS]


def _residue(reading: Reading) -> str:
    words = [token.signal["text"] if token.signal else token.text for token in reading.residue]
    shown = ", ".join(f"'{word}'" for word in words[:6])
    return shown + (f" and {len(words) - 6} more" if len(words) > 6 else "")


def _sourced(finding: Finding) -> Finding:
    """The finding, or, where nothing it rests on can be cited (a pack declaring a list
    complete without naming the list), the same assertion not checked."""
    if finding.status == NOT_CHECKED or finding.facts or finding.cited:
        return finding
    return replace(finding, status=NOT_CHECKED,
                   reason=f"{finding.reason}; no source to cite for it")


def verdict_of(reading: Reading, findings: list[Finding], claim: Record,
               checker: Checker, known: Knowledge) -> Record | None:
    """The verdict the findings earn under the coverage rule (see the module doc)."""
    base = claim["span"]["start"]
    records = [assertion_record(finding, base, checker) for finding in findings]
    contradicted = [f for f in findings if f.status == CONTRADICTED]
    supported = [f for f in findings if f.status == SUPPORTED]
    unchecked = [f for f in findings if f.status == NOT_CHECKED]
    sources: dict[str, Record] = {}
    for finding in (contradicted or supported):
        for fact in finding.facts:
            sources.setdefault(fact.source.url, fact.source.record(fact.quote))
        for source in finding.cited:
            sources.setdefault(source["url"], source)
    lines = []
    if contradicted:
        lines += [f"Contradicted: {f.statement}: {f.reason}." for f in contradicted]
    lines += [f"Supported: {f.statement}: {f.reason}." for f in supported]
    lines += [f"Not checked: {f.statement}: {f.reason}." for f in unchecked]
    if reading.residue and findings:
        lines.append(f"Not checked: {_residue(reading)}.")
    if contradicted:
        rating = "false"
    elif supported and not unchecked and not reading.residue:
        rating = "true"
    else:
        rating = "unverified"
    leads = _leads(reading, known) if rating == "unverified" else []
    if not findings and not leads:
        return None
    if not findings:
        lines.insert(0, "Nothing in it could be checked against the facts; the leads say "
                        "where to check what it names.")
    verdict = make_verdict(rating, confidence()[rating], " ".join(lines),
                           list(sources.values()) if rating != "unverified" else [])
    verdict["assertions"] = records
    if rating == "unverified" and leads:
        verdict["leads"] = leads
    return verdict


@hookimpl
def check_claim(claim: Record, document: Record, options: CheckOptions
                ) -> list[Record] | None:
    """Rate the claim from the facts of the packs in force (see the module doc)."""
    if not any(is_entity(signal) for signal in claim["signals"]):
        return None  # every relation is read around an entity: nothing to check or lead to
    base = knowledge_for(document)
    reading = read(claim, extra_patterns(base))
    checker = Checker(base, as_of(document, options))
    findings = [_sourced(finding) for assertion in reading.assertions
                for finding in checker.check(assertion)]
    verdict = verdict_of(reading, findings, claim, checker, base)
    return [verdict] if verdict is not None else None
