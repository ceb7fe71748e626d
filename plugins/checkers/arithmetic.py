"""Check the arithmetic a sentence states: a change and the figures it is computed from, a
share and its parts, a total and the parts it says it is made of.

Arithmetic is checked only where the text states the relation, reading the quantities the
detectors parsed:

- a change right after the figures it names: "rose from 4.0 to 5.0 billion, an increase
  of 40 percent" (it is 25 percent), "tripled from 3 to 9";
- a share with its parts: "30 of the 120 members, or a quarter", "12 out of 40 (30%)";
- a total with parts that make it up: "70 men and 50 women, a total of 120 people",
  "120 seats, made up of 70 for A and 50 for B".

Ranges, ages, ranks and figures that merely share a sentence are never taken as parts of
one another. A wrong computation gives ``false`` with the computation; a right one gives
no verdict: consistent figures can still be wrong figures, so the claim is never ``true``
for its arithmetic alone.
"""

from __future__ import annotations

import json
import re
from typing import Any

from workbench_plugins import DATA
from workbench_plugins.shared.assertions import Token, tokens_of
from workbench_plugins.shared.scan import LazyPattern
from workbench_plugins.shared.values import HEDGES, human_number

from workbench import hookimpl
from workbench.records import make_verdict

Record = dict[str, Any]

# Row patterns over the claim's tokens (see workbench_plugins.shared.assertions): a
# change right after its from-to figures, a share, a total with its parts.
CHANGE_AFTER_RANGE = LazyPattern(r"(?P<range>«q\d+:change») (?:[a-z]+ )?(?:, )?(?:(?:an?|or|"
                                r"which is|representing|for) )?(?P<change>«q\d+:change») ")
FACTOR_BEFORE_RANGE = LazyPattern(r"(?P<change>«q\d+:change») (?P<range>«q\d+:change») ")
SHARE = LazyPattern(r"(?P<part>«q\d+:(?:count|number)») (?:out )?of (?:its |all )?"
                   r"(?P<whole>«q\d+:(?:count|number)») (?:[a-z]+ ){0,2}(?:, |\( )?(?:or |"
                   r"about |some |roughly |nearly |almost )?(?P<share>«q\d+:(?:percent|"
                   r"fraction)») ")
PARTS_THEN_TOTAL = LazyPattern(r"(?P<a>«q\d+:count») (?:[a-z]+ ){0,4}and (?P<b>«q\d+:count») "
                              r"(?:[a-z]+ ){0,4}, (?:for |making |bringing it to )?"
                              r"(?:a total of|in all|altogether) (?P<total>«q\d+:count») ")
TOTAL_THEN_PARTS = LazyPattern(r"(?P<total>«q\d+:count») (?:[a-z]+ ){0,3}(?:, )?(?:made up "
                              r"of|consisting of|comprising|divided into|split into|split "
                              r"between) (?P<a>«q\d+:count») (?:[a-z]+ ){0,4}and "
                              r"(?P<b>«q\d+:count») ")
CONFIDENCE_FILE = "confidence.json"


def _confidence() -> float:
    data = json.loads((DATA / CONFIDENCE_FILE).read_text(encoding="utf-8"))
    return float(data["ratings"]["false"]["confidence"])


def _row(tokens: list[Token]) -> tuple[str, dict[int, Token]]:
    row, at = "", {}
    for token in tokens:
        at[len(row)] = token
        row += token.text + " "
    return row, at


def _value(at: dict[int, Token], match: re.Match[str], group: str) -> Record:
    token = at[match.start(group)]
    return (token.signal or {}).get("value") or {}


def _text(at: dict[int, Token], match: re.Match[str], group: str) -> str:
    token = at[match.start(group)]
    return token.signal["text"] if token.signal else token.text


def _tolerance(value: Record) -> float | None:
    """How far a stated figure may be from the computed one: rounding at its precision,
    or a hedge's band; None for a hedge too vague to check."""
    hedge = value.get("qualifier")
    if hedge:
        if hedge not in HEDGES:
            return None
        low, high, _ = HEDGES[hedge]
        return abs(float(value.get("number", 0))) * max(1 - (low or 0), (high or 2) - 1)
    written = str(value.get("written", value.get("number", "")))
    places = len(written.split(".", 1)[1]) if "." in written else 0
    return 0.5 * 10 ** -places + 1e-9


def check_change(at: dict[int, Token], match: re.Match[str]) -> Record | None:
    """A change stated right after the figures it is computed from."""
    span, change = _value(at, match, "range"), _value(at, match, "change")
    if "from" not in span or "to" not in span or span.get("relative_change") is None:
        return None
    first, last = float(span["from"]), float(span["to"])
    said = f"{_text(at, match, 'range')}, {_text(at, match, 'change')}"
    if "factor" in change:
        if not first:
            return None
        factor = last / first
        ok = abs(factor - change["factor"]) <= 0.05 * change["factor"]
        computation = f"{human_number(last)} / {human_number(first)} = {factor:.2f}"
        return _verdict(ok, said, computation, f"the figures give a factor of {factor:.2f}, "
                        f"not {change['factor']:g}")
    if "number" not in change:
        return None
    tolerance = _tolerance(change)
    if tolerance is None:
        return None
    stated = float(change["number"])
    if change.get("unit") == "percentage points":
        computed = abs(last - first)
        computation = f"{human_number(last)} - {human_number(first)} = {computed:.2f} points"
    elif change.get("unit") == "percent":
        if span.get("unit") == "percent" or not first:
            return None  # a percentage of a percentage: ambiguous
        computed = abs(last - first) / abs(first) * 100
        computation = (f"({human_number(last)} - {human_number(first)}) / "
                       f"{human_number(first)} = {computed:.2f} percent")
    else:
        return None
    direction_ok = (change.get("direction") == "increase") == (last > first) or last == first
    ok = direction_ok and abs(computed - stated) <= tolerance
    why = "the change goes the other way" if not direction_ok else \
        f"the figures give {computed:.2f}, not {stated:g}"
    return _verdict(ok, said, computation, why)


def check_share(at: dict[int, Token], match: re.Match[str]) -> Record | None:
    """A share and the part and whole it is computed from."""
    part, whole, share = (_value(at, match, name) for name in ("part", "whole", "share"))
    if "number" not in part or not whole.get("number") or "number" not in share:
        return None
    computed = float(part["number"]) / float(whole["number"])
    stated = float(share["number"]) / (100 if share.get("type") == "percent" else 1)
    tolerance = _tolerance(share)
    if tolerance is None:
        return None
    if share.get("type") == "percent":
        tolerance /= 100
    else:
        tolerance = max(tolerance, 0.01)
    ok = part["number"] <= whole["number"] and abs(computed - stated) <= tolerance
    said = f"{_text(at, match, 'part')} of {_text(at, match, 'whole')}, " \
           f"{_text(at, match, 'share')}"
    computation = (f"{human_number(part['number'])} / {human_number(whole['number'])} = "
                   f"{computed * 100:.1f} percent")
    return _verdict(ok, said, computation, f"the share is {computed * 100:.1f} percent")


def check_total(at: dict[int, Token], match: re.Match[str]) -> Record | None:
    """A total and the parts the sentence says make it up (of one unit)."""
    a, b, total = (_value(at, match, name) for name in ("a", "b", "total"))
    if not all("number" in value for value in (a, b, total)):
        return None
    if any(value.get("qualifier") for value in (a, b, total)):
        return None  # "about 70 and some 50": not meant to add up exactly
    computed = float(a["number"]) + float(b["number"])
    ok = abs(computed - float(total["number"])) < 0.5
    said = (f"{_text(at, match, 'a')} and {_text(at, match, 'b')}, total "
            f"{_text(at, match, 'total')}")
    computation = (f"{human_number(a['number'])} + {human_number(b['number'])} = "
                   f"{human_number(computed)}")
    return _verdict(ok, said, computation, f"the parts add up to {human_number(computed)}")


def _verdict(ok: bool, said: str, computation: str, why: str) -> Record | None:
    if ok:
        return None  # consistent figures may still be wrong: no verdict on that alone
    verdict = make_verdict("false", _confidence(), f"The sentence's own figures disagree: "
                           f"{said}; {why}.", computation=computation)
    verdict["assertions"] = []
    return verdict


CHECKS = ((CHANGE_AFTER_RANGE, check_change), (FACTOR_BEFORE_RANGE, check_change),
          (SHARE, check_share), (PARTS_THEN_TOTAL, check_total),
          (TOTAL_THEN_PARTS, check_total))


@hookimpl
def check_claim(claim: Record) -> list[Record] | None:
    """Redo the changes, shares and totals the claim states (see the module doc)."""
    if not any(signal["kind"] in ("quantity", "statistic") for signal in claim["signals"]):
        return None
    tokens = tokens_of(claim)
    row, at = _row(tokens)
    base = claim["span"]["start"]
    verdicts = []
    for pattern, check in CHECKS:
        for match in pattern.finditer(row):
            verdict = check(at, match)
            if verdict is not None:
                start = at[match.start()].start
                end_token = max((t for o, t in at.items() if o < match.end()),
                                key=lambda t: t.end)
                verdict["assertions"] = [{
                    "statement": verdict["rationale"], "status": "contradicted",
                    "reason": verdict["computation"],
                    "span": {"start": base + start, "end": base + end_token.end}}]
                verdicts.append(verdict)
    return verdicts or None
