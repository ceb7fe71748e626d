"""Detect comparisons and superlatives: "the longest coastline in the world", "the first",
"more than", "higher than", "twice as many", "a record high".

Superlatives carry ``{"type": "superlative", "degree": "longest", "scope": "in the world"}``
(scope when stated); comparatives ``{"type": "comparative", "operator": ">", "word":
"more than"}``; rankings ``{"type": "ranking", "rank": 2}``.
"""

from __future__ import annotations

import re

from workbench_plugins.shared.scan import LazyPattern, Rule, Scanner, found_in, lowercase

from workbench import hookimpl
from workbench.records import Record, make_signal

LANGUAGES = ("en",)  # the words and patterns it reads are English

ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
            "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "last": -1}
# Words ending in "-est" that are not superlatives.
NOT_SUPERLATIVE = frozenset((
    "rest", "interest", "west", "forest", "test", "request", "contest", "protest", "quest",
    "chest", "guest", "harvest", "nest", "manifest", "digest", "conquest", "arrest", "vest",
    "inquest", "suggest", "honest", "modest", "earnest", "invest", "behest", "unrest",
    "priest", "pest", "crest", "zest", "jest", "best-selling", "midwest", "southwest",
    "northwest", "attest", "detest", "protest", "infest", "divest", "lest", "dishonest",
))
LESS = ("less", "fewer", "lower", "smaller", "below", "under", "cheaper", "weaker", "worse")
_SCOPE = (r"(?:(?:\s+[a-z]+){0,3}?\s+(?P<scope>in\s+(?:the\s+)?(?:world|history|"
          r"(?:the\s+)?country|nation|"
          r"europe|asia|africa|america|canada|china|the\s+united\s+states|[A-Z][a-z]+)|"
          r"ever(?:\s+recorded)?|on\s+record|since\s+(?:\d{4}|records\s+began)|"
          r"of\s+all\s+time))?")


# The full patterns, most specific first; compiled on first use. A gate lists words
# one of which every match contains (see ``_scan``).
_ORDINAL_WORDS = ("first", "second", "third", "fourth", "fifth", "last")
SCANNER = Scanner([
    Rule("superlative", ("most", "least", "best", "worst", "est"), LazyPattern(
        r"\b(?:the|its|their|our|his|her|[A-Z][a-z]+'s|world's)\s+"
        r"(?:(?:single|second|third|very)\s+)?"
        r"(?P<degree>most\s+[a-z]+|least\s+[a-z]+|best|worst|[a-z]{2,}est)\b" + _SCOPE),
     0.6),
    Rule("ranking", _ORDINAL_WORDS, LazyPattern(
        r"\b(?:the\s+)?(?P<ordinal>first|second|third|fourth|fifth|last)"
        r"(?:\s+(?:largest|biggest|highest|country|nation|state|time|woman|man|person|"
        r"president|prime minister|leader|member|treaty|one|ever)\b|\s+to\s+[a-z]+|"
        r"(?=[,\s]+(?:tentative|formal|official|major|such|known|ever|successful)\b))"),
         0.55, lowered=True),
    Rule("ranking", ("rank", "place", "came", "finished"), LazyPattern(
        r"\b(?:rank(?:s|ed)?|placed?|came|finished)\s+(?P<ordinal>first|second|third|"
        r"fourth|fifth|last|\d{1,3}(?:st|nd|rd|th))\b"), 0.55, lowered=True),
    Rule("record", ("all-time", "record", "unprecedented", "highest", "lowest"), LazyPattern(
        r"\b(?:an?\s+)?(?:all-time\s+|record\s+)(?P<degree>high|low|levels?|number|amount)"
        r"\b|\bunprecedented\b|\bhighest\s+level\b|\blowest\s+level\b"), 0.55, lowered=True),
    Rule("comparative", ("than",), LazyPattern(
        r"\b(?P<word>more|less|fewer|greater|higher|lower|larger|smaller|bigger|better|"
        r"worse|faster|slower|older|younger|cheaper|richer|poorer|longer|shorter|stronger|"
        r"weaker|above|below)\s+than\b"), 0.5, lowered=True),
    Rule("comparative", ("twice", "half", "times", "many", "much"), LazyPattern(
        r"\b(?P<word>twice|half|three times|four times|ten times)\s+as\s+(?:many|much|"
        r"[a-z]+)\s+as\b|\b(?P<word2>as\s+(?:many|much)\s+as)\b"), 0.5, lowered=True),
    Rule("comparative", ("compared", "relative", "outnumber", "exceed", "surpass",
                     "outpac", "overt"), LazyPattern(
        r"\b(?P<word>compared\s+(?:with|to)|relative\s+to|outnumber(?:s|ed)?|"
        r"exceed(?:s|ed)?|surpass(?:es|ed)?|outpac(?:es|ed)|overtook|overtake[sn]?)\b"),
         0.45, lowered=True),
    Rule("unique", ("only", "first", "never"), LazyPattern(
        r"\b(?:the\s+only\s+(?:country|nation|state|one|person|woman|man|time|member|"
        r"leader|[a-z]+\s+to)|for\s+the\s+first\s+time|never\s+before)\b"), 0.5, lowered=True),
])


def _operator(word: str) -> str:
    first = word.lower().split()[0]
    if first in LESS:
        return "<"
    if first in ("compared", "relative", "as"):
        return "~"
    return ">"


def find_comparisons(text: str, sentences: list[tuple[int, int]] | None = None) -> list[Record]:
    """Comparison and superlative signals of ``text``; overlaps keep the first match."""
    signals = []
    taken: list[tuple[int, int]] = []
    sentence = -1
    for first, rule, match in SCANNER.matches(text, lowercase(text), sentences):
        if first != sentence:
            sentence, taken = first, []  # overlaps are checked within one sentence
        name = rule.name
        start, end = match.span()
        found = found_in(text, match)
        value: dict[str, object] = {"type": name}
        if name == "superlative":
            degree = " ".join(found["degree"].split()).lower()
            if degree in NOT_SUPERLATIVE:
                continue
            value["degree"] = degree
            if found.get("scope"):
                value["scope"] = " ".join(found["scope"].split())
            else:
                end = match.end("degree")
        elif name == "ranking":
            ordinal = found["ordinal"].lower()
            value["rank"] = ORDINALS.get(ordinal) or int(re.sub(r"\D", "", ordinal))
        elif name == "record" and found.get("degree"):
            value["degree"] = found["degree"].lower()
        elif name == "comparative":
            word = " ".join(match.group().split()).lower()
            value.update(word=word, operator=_operator(word))
        if any(start < b and a < end for a, b in taken):
            continue
        taken.append((start, end))
        signals.append(make_signal(text, "comparison", start, end, rule.weight, value))
    return signals


@hookimpl
def detect_signals(document: Record, sentences: list[tuple[int, int]]) -> list[Record]:
    """Flag superlatives, rankings, records and comparisons."""
    return find_comparisons(document["text"], sentences)
