"""Check the arithmetic inside a text: percentage changes, shares, totals and date order.

"from 4.0 to 5.0 billion, an increase of 40 per cent" is wrong (it is 25 per cent); "35 of
the 32 members" cannot be; "signed in 1999, before it was drafted in 1997" contradicts
itself; a treaty said to enter into force before the article says it was signed is out of
order. A wrong computation gives ``false`` with the computation; a right one only says the
arithmetic holds (``unverified``): consistent figures can still be wrong figures.
"""

from __future__ import annotations

import re
from typing import Any

from workbench_plugins.shared.facts import BARE_YEAR, KeywordPattern, knowledge_base, lacks
from workbench_plugins.shared.scan import LazyPattern

from workbench import hookimpl
from workbench.records import make_verdict
from workbench.review import line_and_column

Record = dict[str, Any]

SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9,
          "mn": 1e6, "m": 1e6, "k": 1e3}
_NUM = (r"(?:C\$|US\$|CA\$|\$|€|£)?\s?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
        r"(?:\s?(?:thousand|million|billion|trillion|bn|mn|m|k)\b)?")
NUMBER = LazyPattern(r"(?<![\w.])(?P<cur>C\$|US\$|CA\$|\$|€|£)?\s?(?P<n>\d{1,3}(?:,\d{3})+"
                    r"(?:\.\d+)?|\d+(?:\.\d+)?)(?:\s?(?P<scale>thousand|million|billion|"
                    r"trillion|bn|mn|m|k)\b)?(?P<pct>\s?(?:%|per\s?cent|percent))?", re.I)
FROM_TO = KeywordPattern(rf"\bfrom\s+(?:about\s+|around\s+|roughly\s+)?(?P<a>{_NUM}%?)\s+"
                         rf"(?:\w+\s+){{0,3}}?to\s+(?:about\s+|around\s+|roughly\s+)?"
                         rf"(?P<b>{_NUM}%?)", ("from",))
PERCENT = LazyPattern(r"(?P<n>\d+(?:\.\d+)?)\s?(?:%|per\s?cent|percent)(?!\s*points?)", re.I)
UP = LazyPattern(r"\b(?:increase[sd]?|rise|rose|risen|grew|grown|growth|gain(?:ed)?|jump(?:ed)?|"
                r"climb(?:ed)?|up|higher|surge[sd]?|boost(?:ed)?)\b", re.I)
DOWN = LazyPattern(r"\b(?:decrease[sd]?|decline[sd]?|drop(?:ped)?|fell|fall(?:en)?|down|lower|"
                  r"cut|reduc(?:ed|tion)|shr[ua]nk|slid|plunge[sd]?|loss)\b", re.I)
MULTIPLE = {"doubled": 2.0, "tripled": 3.0, "trebled": 3.0, "quadrupled": 4.0, "halved": 0.5}
MULTIPLE_RE = LazyPattern(r"\b(" + "|".join(MULTIPLE) + r")\b", re.I)
# "A of B": a number not inside another one. The check of the character before it comes
# after its first digit, so the search can skip to the digits (test_checker_patterns).
SHARE = LazyPattern(r"(?P<a>\d(?<![\w.,]\d)\d{0,5})\s+(?:out\s+)?of\s+(?:the\s+|its\s+|"
                   r"all\s+)?(?P<b>\d{1,6})(?![\w.,%])", re.I)
TOTAL = KeywordPattern(rf"\b(?:a total of|totall?ing|in total|altogether|combined total of|"
                      rf"together)\s+(?P<t>{_NUM})",
                      ("a total", "total", "in total", "altogether", "combined", "together"))
ORDER_WORDS = ("before", "prior to", "ahead of", "after", "following")
ORDER = KeywordPattern(r"\b(?P<word>" + "|".join(ORDER_WORDS) + r")\b", ORDER_WORDS)
PLACE_BEFORE = LazyPattern(r"\s+(?:the\s+)?(?:[A-Z]\w+\s+)*(?:Committee|Congress|Senate|"
                          r"House|Court|Parliament|Council|Assembly|court|committee|judge)\b")
POINTS = LazyPattern(r"percentage points?|points?\b", re.I)
STAGE_VERBS = [
    (("negotiated", "signed", "signing", "adopted", "concluded"), 1, "signed"),
    (("entered into force", "came into force", "took effect", "ratified"), 2, "in force"),
    (("withdrew", "terminated", "expired", "collapsed", "abandoned"), 3, "ended"),
]
STAGES = [(LazyPattern(r"\b(?:" + "|".join(verbs) + r")\b", re.I), stage, name)
          for verbs, stage, name in STAGE_VERBS]
STAGE_LITERALS = tuple(verb for verbs, _, _ in STAGE_VERBS for verb in verbs)

# Any stage word. Where the text has no lowercase copy (see KeywordPattern), it is searched
# for: every alternative starts with one of these letters, and testing the letter first
# halves the cost of a search through a whole document.
STAGE_WORDS = KeywordPattern(r"\b(?=[nsacetrw])(?:"
                             + "|".join(pattern.pattern for pattern, _, _ in STAGES) + ")",
                             STAGE_LITERALS)
# The end of a sentence part in _stages (a part is a run of characters other than these).
PART_END = LazyPattern(r"[.!?\n]")


def parse_number(text: str) -> tuple[float, str, float] | None:
    """``"C$16.6 billion"`` -> (16.6, "C$", 1e9); ``"4.0"`` -> (4.0, "", 1.0)."""
    match = NUMBER.search(text)
    if match is None:
        return None
    # Case-insensitive matching lets "bİllion" through, whose lowercase holds a combining
    # dot: the scale words are ASCII, so only the ASCII letters name the scale.
    scale = SCALES["".join(c for c in match["scale"].lower() if c.isascii())] \
        if match["scale"] else 1.0
    unit = (match["cur"] or "") + ("%" if match["pct"] or text.strip().endswith("%") else "")
    return float(match["n"].replace(",", "")), unit, scale


def _pair(a: tuple[float, str, float], b: tuple[float, str, float]) -> tuple[float, float]:
    """Two values, the scale of one lent to the other ("from 4.0 to 5.0 billion")."""
    scale_a = a[2] if a[2] != 1.0 else b[2]
    scale_b = b[2] if b[2] != 1.0 else a[2]
    return a[0] * scale_a, b[0] * scale_b


def _is_year(text: str) -> bool:
    return bool(re.fullmatch(r"\s*(?:1[5-9]\d\d|20\d\d)\s*", text))


def _fmt(value: float) -> str:
    for name, scale in (("trillion", 1e12), ("billion", 1e9), ("million", 1e6)):
        if abs(value) >= scale:
            return f"{value / scale:,.4g} {name}"
    return f"{value:,.4g}"


def _verdict(ok: bool, what: str, computation: str) -> Record:
    if ok:
        return make_verdict("unverified", 0.3, f"The arithmetic holds ({computation}); the "
                            "figures themselves are not checked here.", computation=computation)
    return make_verdict("false", 0.9, f"The arithmetic is wrong: {what}.",
                        computation=computation)


def check_change(text: str) -> Record | None:
    """A percentage change or a multiple stated with its start and end values."""
    pairs = list(FROM_TO.finditer(text))
    if len(pairs) != 1 or (_is_year(pairs[0]["a"]) and _is_year(pairs[0]["b"])):
        return None
    parsed_a, parsed_b = parse_number(pairs[0]["a"]), parse_number(pairs[0]["b"])
    if parsed_a is None or parsed_b is None or parsed_a[0] == 0:
        return None
    a, b = _pair(parsed_a, parsed_b)
    rest = text[:pairs[0].start()] + " " + text[pairs[0].end():]
    change = (b - a) / a * 100
    multiple = MULTIPLE_RE.search(text)
    if multiple:
        factor = MULTIPLE[multiple.group(1).lower()]
        ratio = b / a
        computation = f"{_fmt(b)} / {_fmt(a)} = {ratio:.3g}; '{multiple.group(1)}' " \
                      f"means {factor:g}"
        ok = abs(ratio - factor) <= 0.1 * factor
        return _verdict(ok, f"{_fmt(a)} to {_fmt(b)} is a factor of {ratio:.3g}, not "
                        f"{factor:g}", computation)
    percents = list(PERCENT.finditer(rest))
    if len(percents) != 1 or POINTS.search(rest):
        return None
    stated = float(percents[0]["n"])
    up, down = UP.search(text), DOWN.search(text)
    if not up and not down:
        return None
    computation = (f"({_fmt(b)} - {_fmt(a)}) / {_fmt(a)} x 100 = {change:+.1f}%; "
                   f"the text says {'+' if up and not down else '-' if down and not up else ''}"
                   f"{stated:g}%")
    if (up and not down and change < 0) or (down and not up and change > 0):
        return _verdict(False, f"from {_fmt(a)} to {_fmt(b)} is a "
                        f"{'fall' if change < 0 else 'rise'}, not a "
                        f"{'rise' if change < 0 else 'fall'}", computation)
    ok = abs(abs(change) - stated) <= max(1.0, 0.03 * abs(change))
    return _verdict(ok, f"from {_fmt(a)} to {_fmt(b)} is {abs(change):.1f}%, not "
                    f"{stated:g}%", computation)


def check_share(text: str) -> Record | None:
    """"A of B" with a percentage, or a part larger than its whole."""
    if lacks(text, ("of",)):
        return None
    shares = [m for m in SHARE.finditer(text) if not _is_year(m["b"])]
    if len(shares) != 1:
        return None
    part, whole = int(shares[0]["a"]), int(shares[0]["b"])
    if whole == 0:
        return None
    if part > whole:
        return _verdict(False, f"{part} of {whole} is more than the whole",
                        f"{part} > {whole}: a part cannot exceed the whole")
    percents = list(PERCENT.finditer(text))
    if len(percents) != 1:
        return None
    stated = float(percents[0]["n"])
    share = part / whole * 100
    computation = f"{part} / {whole} x 100 = {share:.1f}%; the text says {stated:g}%"
    return _verdict(abs(share - stated) <= 1.0, f"{part} of {whole} is {share:.1f}%, not "
                    f"{stated:g}%", computation)


def check_total(text: str) -> Record | None:
    """Parts that should add up to the total the sentence states."""
    match = TOTAL.search(text)
    if match is None:
        return None
    total = parse_number(match["t"])
    if total is None or "%" in total[1]:
        return None
    parts = []
    for found in NUMBER.finditer(text):
        if match.start("t") <= found.start() < match.end("t") or found["pct"]:
            continue
        if _is_year(found.group(0)):
            continue
        parsed = parse_number(found.group(0))
        if parsed and parsed[1] == total[1]:
            parts.append(parsed[0] * parsed[2])
    if not 2 <= len(parts) <= 6:
        return None
    added = sum(parts)
    computation = (" + ".join(_fmt(p) for p in parts) + f" = {_fmt(added)}; "
                   f"the text says {_fmt(total[0] * total[2])}")
    stated = total[0] * total[2]
    ok = abs(added - stated) <= max(0.005 * stated, 1e-9)
    return _verdict(ok, f"the parts add up to {_fmt(added)}, not {_fmt(stated)}", computation)


def check_order(claim: Record) -> Record | None:
    """Years out of order: a reversed range, or "in 1999, before ... 1997"."""
    for signal in claim["signals"]:
        value = signal.get("value")
        if signal["kind"] == "temporal" and isinstance(value, dict) and \
                value.get("type") == "range" and value["start"] > value["end"]:
            return _verdict(False, f"the range {signal['text']!r} ends before it starts",
                            f"{value['start']} > {value['end']}")
    text = claim["text"]
    words = list(ORDER.finditer(text))
    if len(words) != 1 or re.search(r"\b(?:years?|decades?|months?)\s+$",
                                    text[:words[0].start()]):
        return None
    word = words[0]
    before = [m for m in BARE_YEAR.finditer(text, 0, word.start())]
    after = [m for m in BARE_YEAR.finditer(text, word.end())]
    if len(before) != 1 or len(after) != 1 or word.start() < 3:
        return None
    # Both years close to the word: "signed in 1999, before it was drafted in 1997", not
    # "testified in 1959, and ... before the Committee in 1958".
    if word.start() - before[0].end() > 30 or after[0].start() - word.end() > 40 or \
            PLACE_BEFORE.match(text, word.end()):
        return None
    before, after = [int(before[0].group(1))], [int(after[0].group(1))]
    first, second = before[0], after[0]
    earlier = word["word"].lower() in ("before", "prior to", "ahead of")
    ok = first < second if earlier else first > second
    if first == second:
        return None
    relation = "<" if earlier else ">"
    return _verdict(ok, f"{first} is not {word['word'].lower()} {second}",
                    f"'{word['word']}' needs {first} {relation} {second}")


def _part_around(text: str, position: int, after: int) -> tuple[int, int]:
    """The run of characters other than ``.!?`` and newline that holds ``position``.

    ``after`` is where to stop looking back: 0, or the end of a part before ``position``.
    The marks are looked for in a window before ``position`` that grows until one is in
    it: a mark the text lacks ("!", say) would otherwise be looked for all the way back
    to ``after``, at every claim of a long article.
    """
    width = 256
    while True:
        low = max(after, position - width)
        found = max(text.rfind(mark, low, position) for mark in ".!?\n")
        if found != -1 or low == after:
            break
        width *= 4
    end = PART_END.search(text, position)
    return found + 1, end.start() if end else len(text)


Event = tuple[str, int, int, int, str]  # entity, stage, year, offset, stage name


def _events(text: str, first: int = 0, last: int | None = None) -> list[Event]:
    """The dated treaty events of the parts of ``text`` from ``first`` (where a part
    starts) to ``last`` (where one ends; by default, the end of the text).

    Only the parts holding a stage word are looked at (a stage word never spans the end of
    a part, so the parts of a slice are those of the text).
    """
    region = text[first:last]
    kb = knowledge_base()
    found = []
    end = 0
    for position in (match.start() for match in STAGE_WORDS.finditer(region)):
        if position < end:
            continue  # in the part just looked at
        part_start, end = _part_around(region, position, end)
        part = region[part_start:end]
        mentions = [m for m in kb.mentions(part)
                    if kb.entities[m.entity]["type"] == "treaty"]
        if len(mentions) != 1:
            continue
        for pattern, stage, name in STAGES:
            verb = pattern.search(part)
            if verb is None:
                continue
            year = BARE_YEAR.search(part, verb.end())
            if year and year.start() - verb.end() < 40:
                found.append((mentions[0].entity, stage, int(year.group(1)),
                              first + part_start + verb.start(), name))
    return found


RECENT_DOCUMENTS = 16  # documents whose events are kept (then all forgotten, as mentions are)
# Finding all the events of a document this short costs little more than finding those
# of one of its claims (characters).
SHORT_DOCUMENT = 2000
_known_events: dict[tuple[str, str], tuple[Event, ...]] = {}


def _stages(document_id: str, text: str) -> tuple[Event, ...]:
    """Every dated treaty event of a document."""
    key = (document_id, text)
    known = _known_events.get(key)
    if known is None:
        if len(_known_events) >= RECENT_DOCUMENTS:
            _known_events.clear()
        known = _known_events[key] = tuple(_events(text))
    return known


def _events_in(text: str, start: int, end: int) -> list[Event]:
    """The events of ``text`` whose stage word starts in ``text[start:end]``: those of the
    parts that overlap it, found without looking at the rest of the text."""
    stop = PART_END.search(text, end)
    events = _events(text, _part_around(text, start, 0)[0], stop.start() if stop else len(text))
    return [event for event in events if start <= event[3] < end]


def check_document_order(claim: Record, document: Record) -> Record | None:
    """A treaty's stages (signed, in force, ended) dated out of order across the article."""
    if not STAGE_WORDS.search(claim["text"]):
        return None
    start, end = claim["span"]["start"], claim["span"]["end"]
    text = document["text"]
    # Most claims with a stage word have no event of their own: the events of a longer
    # document are all found only once one has (then they serve its other claims).
    if len(text) > SHORT_DOCUMENT and (document["id"], text) not in _known_events and \
            not _events_in(text, start, end):
        return None
    events = _stages(document["id"], text)
    kb = knowledge_base()
    for entity, stage, year, offset, name in events:
        if not start <= offset < end:
            continue
        for other, other_stage, other_year, other_offset, other_name in events:
            if other != entity or other_offset >= start or other_stage == stage:
                continue
            if (other_stage < stage) != (other_year <= year):
                line, _ = line_and_column(document["text"], other_offset)
                return _verdict(False, f"line {line} says {kb.name(entity)} was {other_name} "
                                f"in {other_year}, so it cannot have been {name} in {year}",
                                f"{other_name} {other_year} (line {line}) must come "
                                f"{'before' if other_stage < stage else 'after'} "
                                f"{name} {year}")
    return None


@hookimpl
def check_claim(claim: Record, document: Record) -> list[Record] | None:
    """Redo the arithmetic and the date order stated in the claim."""
    text = claim["text"]
    verdicts = [verdict for verdict in (check_change(text), check_share(text),
                                        check_total(text), check_order(claim),
                                        check_document_order(claim, document)) if verdict]
    return verdicts or None
