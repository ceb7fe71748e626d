"""Detect trade measures: tariffs, duties, quotas, sanctions and embargoes, with their target.

"the imposition of tariffs on aluminum and steel" gives a signal on "tariffs on aluminum
and steel" with the value ``{"measure": "tariffs", "target": "aluminum and steel"}``.
"""

from __future__ import annotations

from workbench_plugins.shared.scan import LazyPattern, Rule, Scanner, found_in, lowercase

from workbench import hookimpl
from workbench.records import Record, make_signal

LANGUAGES = ("en",)  # the words and patterns it reads are English

_MEASURE = (r"(?P<measure>(?:anti-dumping|countervailing|retaliatory|punitive|import|export|"
            r"customs|safeguard)\s+(?:duties|duty|tariffs?|measures|controls?|bans?)|"
            r"tariffs?|duties|quotas?|sanctions?|embargo(?:es)?|levies|levy|surtax(?:es)?)")
_RATE = r"(?:(?P<rate>\d+(?:\.\d+)?)\s*(?:%|per\s*cent|percent)\s+)?"
_TARGET = (r"(?P<target>[^.;:,()\n]{2,80}?)"
           r"(?=[.;:,()\n]|\s+(?:which|that|to|in order|because|while|but|by|from|since|"
           r"were|was|is|are|has|have|had|will|would|could|rose|fell|rise|fall|hit|hurt|cost|"
           r"remain(?:ed)?|took|take|went|came|began|ended)\b|$)")

TARGETED = LazyPattern(rf"\b{_RATE}{_MEASURE}\s+(?:of\s+(?P<rate2>\d+(?:\.\d+)?)\s*"
                      rf"(?:%|per\s*cent|percent)\s+)?(?:on|against|targeting|over)\s+{_TARGET}")
BARE = LazyPattern(rf"\b{_MEASURE}\b")


# Every measure word contains one of these (in lowercase).
MEASURE_WORDS = ("tariff", "duties", "duty", "quota", "sanction", "embargo", "levies", "levy",
                 "surtax")
# Both match the lowercased text; the target is read in the original.
SCANNER = Scanner([Rule("targeted", MEASURE_WORDS, TARGETED, 0.7, lowered=True),
                   Rule("bare", MEASURE_WORDS, BARE, 0.3, lowered=True)])


def find_trade_measures(text: str, sentences: list[tuple[int, int]] | None = None
                        ) -> list[Record]:
    """Trade-measure signals of ``text``: targeted ones strong, bare mentions weak.

    In each sentence a bare mention inside a targeted one is left out.
    """
    signals = []
    taken: list[tuple[int, int]] = []
    sentence = -1
    for first, rule, match in SCANNER.matches(text, lowercase(text), sentences):
        if first != sentence:
            sentence, taken = first, []
        if rule.name == "bare":
            if not any(a <= match.start() < b for a, b in taken):
                signals.append(make_signal(text, "trade-measure", match.start(), match.end(),
                                           rule.weight, {"measure": match["measure"].lower()}))
            continue
        found = found_in(text, match)
        value: dict[str, object] = {"measure": match["measure"].lower(),
                                    "target": found["target"].strip()}
        rate = match["rate"] or match["rate2"]
        if rate:
            value["rate_percent"] = float(rate)
        start, end = match.start(), match.end("target")
        taken.append((start, end))
        signals.append(make_signal(text, "trade-measure", start, end,
                                   0.8 if rate else rule.weight, value))
    return signals


@hookimpl
def detect_signals(document: Record, sentences: list[tuple[int, int]]) -> list[Record]:
    """Flag tariffs, duties, quotas, sanctions and embargoes, with what they target."""
    return find_trade_measures(document["text"], sentences)
