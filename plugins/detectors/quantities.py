"""Detect quantities and statistics: money, percentages, counts, fractions, changes, ratios.

Each signal's ``value`` is parsed so that checkers can do arithmetic, e.g.

- "$16.6 billion" -> ``{"type": "money", "number": 16600000000.0, "currency": "USD"}``
- "25 per cent" -> ``{"type": "percent", "number": 25.0, "unit": "percent"}``
- "122 states" -> ``{"type": "count", "number": 122.0, "unit": "states"}``
- "roughly three quarters" -> ``{"type": "fraction", "number": 0.75, "qualifier": "roughly"}``
- "an increase of 40 per cent" -> ``{"type": "change", "direction": "increase",
  "number": 40.0, "unit": "percent"}``
- "from 4.0 to 5.0 billion" -> ``{"type": "change", "from": 4e9, "to": 5e9, ...}``

Money, counts and measures are kind ``quantity``; percentages, fractions, changes and
ratios are kind ``statistic``. Years are left to the temporal detector.
"""

from __future__ import annotations

import re
from typing import Any

from workbench_plugins.shared.scan import DIGIT, LazyPattern, Rule, Scanner, Taken, lowercase
from workbench_plugins.shared.values import SCALES, WORD_NUMBERS, parse_number

from workbench import hookimpl
from workbench.records import Record, make_signal

LANGUAGES = ("en",)  # the words and patterns it reads are English

CURRENCY_SYMBOLS = {"$": "USD", "us$": "USD", "c$": "CAD", "ca$": "CAD", "a$": "AUD",
                    "£": "GBP", "€": "EUR", "¥": "JPY", "₹": "INR", "hk$": "HKD"}
CURRENCY_WORDS = {"dollars": "USD", "dollar": "USD", "euros": "EUR", "euro": "EUR",
                  "pounds": "GBP", "yuan": "CNY", "renminbi": "CNY", "yen": "JPY",
                  "rupees": "INR", "pesos": "MXN"}
FRACTIONS = {"half": 0.5, "a half": 0.5, "one half": 0.5, "a third": 1 / 3, "one third": 1 / 3,
             "two thirds": 2 / 3, "a quarter": 0.25, "one quarter": 0.25,
             "three quarters": 0.75, "one fifth": 0.2, "a fifth": 0.2, "two fifths": 0.4,
             "one tenth": 0.1, "a tenth": 0.1, "three fifths": 0.6, "four fifths": 0.8}
MULTIPLIERS = {"doubled": 2.0, "tripled": 3.0, "trebled": 3.0, "quadrupled": 4.0,
               "halved": 0.5}
INCREASE_NOUNS = ("increase", "rise", "growth", "gain", "jump", "surge")
INCREASE_VERBS = ("increased", "rose", "grew", "climbed", "jumped", "soared", "gained")
DECREASE_NOUNS = ("decrease", "decline", "drop", "fall", "reduction", "cut", "loss")
DECREASE_VERBS = ("decreased", "declined", "dropped", "fell", "shrank", "plunged", "slumped",
                  "cut", "lost")
INCREASE = (*INCREASE_NOUNS, *INCREASE_VERBS, "up")
QUANTITY_TYPES = frozenset(("money", "count", "vague", "number"))  # the rest are statistics
PLURALS = frozenset(("people", "children", "men", "women", "police", "staff", "personnel"))
# Words after a number that do not make it a count of something.
NOT_UNITS = frozenset((
    "and", "or", "of", "to", "the", "a", "an", "in", "on", "at", "by", "for", "from", "with",
    "is", "was", "are", "were", "be", "has", "have", "had", "that", "which", "who", "it",
    "as", "than", "but", "so", "if", "per", "percent", "years", "year", "months", "month",
    "days", "day", "weeks", "week", "decades", "decade", "centuries", "century", "ago",
    "times", "p", "pp", "am", "pm", "will", "would", "i", "we", "he", "she", "they",
))

_MONTH_BEFORE = re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s$")
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_WORDNUM = "|".join(sorted((re.escape(w) for w in WORD_NUMBERS), key=len, reverse=True))
_SCALE = r"(?:\s*(?P<scale>thousand|million|billion|trillion|bn|mn|tn|[kmb])\b)?"
_QUAL = ""
_QUAL_BEFORE = re.compile(r"(?<![\w-])(?:roughly|about|around|approximately|nearly|almost|"
                          r"over|more than|less than|fewer than|some|at least|at most|up to|"
                          r"just over|just under|well over|close to|an estimated|as many as|"
                          r"as much as)\s+$")
# A sentence needs one of these whole words or a digit for any rule (money too: a currency
# always comes with a number); a number of several words ("a dozen") ends in one of them.
NUMBER_WORDS = (*dict.fromkeys(w.split()[-1] for w in WORD_NUMBERS), "half", "third", "thirds",
                "quarter", "quarters", "fifth", "fifths", "tenth", "dozens", "hundreds",
                "thousands", "millions", "billions", "doubled", "tripled", "trebled",
                "quadrupled", "halved", "twice")
_PERCENT = r"(?P<percent>%|\s*per\s?cent\b|\s*percent\b|\s*percentage points?\b|\s*pct\b)"


# The full patterns, most specific first; compiled on first use. A gate lists words
# one of which every match contains (see ``_scan``).
_NUMBER = rf"(?P<number>{_NUM}|{_WORDNUM})"
_FRACTION_WORDS = ("quarter", "third", "half", "fifth", "tenth")
_CHANGE_NOUNS, _CHANGE_VERBS = INCREASE_NOUNS + DECREASE_NOUNS, INCREASE_VERBS + DECREASE_VERBS
SCANNER = Scanner([
    Rule("change-range", ("from",), LazyPattern(
        rf"\bfrom\s+(?P<cur1>us\$|c\$|\$|£|€)?(?P<first>{_NUM})(?P<scale1>\s*(?:thousand|"
        rf"million|billion|trillion)\b)?\s*(?P<pct1>%|per\s?cent|percent)?\s+to\s+"
        rf"(?P<cur2>us\$|c\$|\$|£|€)?(?P<last>{_NUM})"
        rf"{_SCALE}\s*(?P<pct2>%|per\s?cent\b|percent\b)?"), 0.75),
    Rule("change", _CHANGE_NOUNS, LazyPattern(
        rf"\b(?:an?\s+)?(?P<direction>{'|'.join(_CHANGE_NOUNS)})\s+of\s+{_QUAL}(?P<number>{_NUM})"
        rf"{_PERCENT}?"), 0.75),
    Rule("change", _CHANGE_VERBS, LazyPattern(
        rf"\b(?P<direction>{'|'.join(_CHANGE_VERBS)})\s+(?:by\s+)?{_QUAL}"
        rf"(?P<number>{_NUM}){_PERCENT}"), 0.75),
    Rule("multiplier", tuple(MULTIPLIERS), LazyPattern(
        r"\b(?P<multiplier>doubled|tripled|trebled|quadrupled|halved)\b"), 0.5),
    Rule("ratio", LazyPattern(rf"(?:in|out of)\s+(?:every\s+)?(?:\d|{_WORDNUM})"), LazyPattern(
        rf"\b(?P<first>{_NUM}|{_WORDNUM})\s+(?:in|out of)\s+(?:every\s+)?"
        rf"(?P<last>{_NUM}|{_WORDNUM})\b"), 0.65),
    Rule("ratio", ("times",), LazyPattern(
        rf"\b(?P<number>{_NUM}|{_WORDNUM}|twice|three|four)\s+times\s+(?:as|more|less|"
        r"higher|lower|larger|bigger|greater|the)\b"), 0.6),
    Rule("money", ("$", "£", "€", "¥", "₹"), LazyPattern(
        rf"{_QUAL}(?P<symbol>us\$|c\$|ca\$|a\$|hk\$|\$|£|€|¥|₹)\s?(?P<number>{_NUM})"
        rf"{_SCALE}"), 0.7),
    Rule("money", ("dollar", "euro", "pound", "yuan", "renminbi", "yen", "rupee", "peso"),
         LazyPattern(
        rf"\b{_QUAL}{_NUMBER}{_SCALE}\s+(?P<currency>dollars?|euros?|pounds|yuan|"
        r"renminbi|yen|rupees|pesos)\b"), 0.7),
    Rule("percent", ("%", "cent", "pct"), LazyPattern(  # "per cent", "percent", "percentage"
        rf"\b{_QUAL}{_NUMBER}{_PERCENT}"), 0.7),
    Rule("fraction", _FRACTION_WORDS, LazyPattern(
        rf"\b{_QUAL}(?P<fraction>three[- ]quarters|two[- ]thirds|one[- ]third|a third|"
        r"one[- ]quarter|a quarter|one[- ]half|half|(?:one|two|three|four)[- ]fifths?|"
        r"a fifth|one[- ]tenth|a tenth)(?=\s+of\b)"), 0.6),
    Rule("fraction", ("quarters", "thirds"), LazyPattern(
        rf"\b{_QUAL}(?P<fraction>three[- ]quarters|two[- ]thirds)\b"), 0.55),
    Rule("count", None, LazyPattern(
        rf"(?<![\w.,$£€/-]){_QUAL}(?P<number>{_NUM}|{_WORDNUM}){_SCALE}\s+"
        r"(?P<unit>[a-z]+(?:-[a-z]+)?)\b"), 0.55),
    Rule("number", ("thousand", "million", "billion", "trillion"), LazyPattern(
        rf"(?<![\w.,$£€/-]){_QUAL}(?P<number>{_NUM}|{_WORDNUM})\s*"
        r"(?P<scale>thousand|million|billion|trillion)\b"), 0.45),
    Rule("vague", ("dozens", "hundreds", "thousands", "millions", "billions"), LazyPattern(
        r"\b(?P<vague>dozens|hundreds|thousands|millions|billions|tens of thousands|"
        r"hundreds of thousands)\s+of\b"), 0.35),
    Rule("number", LazyPattern(r"\d"), LazyPattern(
        r"(?<![\w.,$£€/:-])(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+|\d{2,3})"
        r"(?![\w%:/-]|\.\d|,\d)"), 0.35),
], words=(), whole_words=NUMBER_WORDS, triggers=[DIGIT])


def _scaled(number: float, scale: str | None) -> float:
    # 12 significant digits drop float noise: 16.6 * 1e9 is 16600000000.000002.
    return float(f"{number * SCALES[scale.strip().lower()]:.12g}") if scale else number


def _is_year(text: str) -> bool:
    return len(text) == 4 and text.isdigit() and 1500 <= int(text) <= 2099


def _value(name: str, found: dict[str, Any]) -> dict[str, Any] | None:
    """The parsed value of a match, or ``None`` when the match is not a quantity."""
    value: dict[str, Any] = {"type": name}
    if found.get("qualifier"):
        value["qualifier"] = found["qualifier"].lower()
    if name == "change-range":
        first = _scaled(float(found["first"].replace(",", "")),
                        found.get("scale1") or found.get("scale"))
        last = _scaled(float(found["last"].replace(",", "")), found.get("scale"))
        if not (found.get("scale") or found.get("pct2") or found.get("cur2")) and (
                _is_year(found["first"]) or _is_year(found["last"])):
            return None
        value.update({"type": "change", "from": first, "to": last,
                      "direction": "increase" if last > first else "decrease" if last < first
                      else "none"})
        if first:
            value["relative_change"] = round((last - first) / first, 6)
        if found.get("pct1") or found.get("pct2"):
            value["unit"] = "percent"
        currency = found.get("cur2") or found.get("cur1")
        if currency:
            value["currency"] = CURRENCY_SYMBOLS[currency.lower()]
    elif name == "change":
        direction = found["direction"].lower()
        value["direction"] = "increase" if direction in INCREASE else "decrease"
        value["number"] = parse_number(found["number"])
        if found.get("percent"):
            value["unit"] = ("percentage points" if "point" in found["percent"].lower()
                             else "percent")
    elif name == "multiplier":
        word = found["multiplier"].lower()
        value.update(type="change", factor=MULTIPLIERS[word],
                     direction="decrease" if word == "halved" else "increase")
    elif name == "ratio":
        if found.get("first"):
            first, last = parse_number(found["first"]), parse_number(found["last"])
            if not last or _is_year(found["first"]) or _is_year(found["last"]):
                return None
            value.update(numerator=first, denominator=last, number=first / last)
        else:
            word = found["number"].lower()
            value["number"] = 2.0 if word == "twice" else parse_number(word)
            value["unit"] = "times"
    elif name == "money":
        number = _scaled(parse_number(found["number"]), found.get("scale"))
        currency = (CURRENCY_SYMBOLS[found["symbol"].lower()] if found.get("symbol")
                    else CURRENCY_WORDS.get(found["currency"].lower(), found["currency"]))
        value.update(number=number, currency=currency)
    elif name == "percent":
        if _is_year(found["number"]):
            return None
        unit = "percentage points" if "point" in found["percent"].lower() else "percent"
        value.update(number=parse_number(found["number"]), unit=unit)
    elif name == "fraction":
        words = " ".join(found["fraction"].lower().replace("-", " ").split())
        value["number"] = FRACTIONS.get(words, FRACTIONS.get(words.rstrip("s"), 0.0))
    elif name == "count":
        unit = found["unit"].lower()
        spelled = not found["number"][0].isdigit()
        if unit in NOT_UNITS or _is_year(found["number"]) or (
                spelled and not unit.endswith("s") and unit not in PLURALS):
            return None
        number = _scaled(parse_number(found["number"]), found.get("scale"))
        value.update(number=number, unit=unit)
    elif name == "vague":
        value["magnitude"] = found["vague"].lower()
    elif name == "number":
        if _is_year(found["number"]) and not found.get("scale"):
            return None
        value["number"] = _scaled(parse_number(found["number"]), found.get("scale"))
    if found.get("number") and name != "ratio":
        value["written"] = found["number"]  # as written: the precision a checker allows
        if found.get("scale"):
            value["scale"] = SCALES[found["scale"].strip().lower()]
    return value


def find_quantities(text: str, sentences: list[tuple[int, int]] | None = None) -> list[Record]:
    """Quantity and statistic signals of ``text`` (within ``sentences``, if given).

    Patterns run on a lowercase copy (same offsets), which is much faster in ``re`` than
    case-insensitive matching.
    """
    lowered = lowercase(text)
    signals = []
    taken = Taken(-1)
    for first, rule, match in SCANNER.matches(lowered, lowered, sentences):
        if first != taken.first:
            taken = Taken(first)  # overlaps are checked within one sentence
        name = rule.name
        start, end = match.span()
        while end > start and text[end - 1].isspace():
            end -= 1
        if taken.overlaps(start, end):
            continue
        found = match.groupdict()
        value = _value(name, found)
        if value is None or (name == "count" and text[match.start("unit")].isupper()) or (
                name == "number" and _MONTH_BEFORE.search(text, max(0, start - 12), start)):
            continue
        qualifier = _QUAL_BEFORE.search(lowered, max(first, start - 24), start)
        if qualifier and name not in ("number", "multiplier"):
            start = qualifier.start()
            value["qualifier"] = " ".join(qualifier.group().split())
        taken.take(start, end)
        kind = "quantity" if name in QUANTITY_TYPES else "statistic"
        signals.append(make_signal(text, kind, start, end, rule.weight, value))
    return signals


@hookimpl
def detect_signals(document: Record, sentences: list[tuple[int, int]]) -> list[Record]:
    """Flag amounts of money, percentages, counts, fractions, changes and ratios."""
    return find_quantities(document["text"], sentences)
