"""Detect trade measures: tariffs, duties, quotas, sanctions and embargoes, with their target.

"the imposition of tariffs on aluminum and steel" gives a signal on "tariffs on aluminum
and steel" with the value ``{"measure": "tariffs", "target": "aluminum and steel"}``.
"""

from __future__ import annotations

import re

from workbench_plugins.windows import Spans, finditer_in, trigger_windows

from workbench import hookimpl
from workbench.records import Record, make_signal

_MEASURE = (r"(?P<measure>(?:anti-dumping|countervailing|retaliatory|punitive|import|export|"
            r"customs|safeguard)\s+(?:duties|duty|tariffs?|measures|controls?|bans?)|"
            r"tariffs?|duties|quotas?|sanctions?|embargo(?:es)?|levies|levy|surtax(?:es)?)")
_RATE = r"(?:(?P<rate>\d+(?:\.\d+)?)\s*(?:%|per\s*cent|percent)\s+)?"
_TARGET = (r"(?P<target>[^.;:,()\n]{2,80}?)"
           r"(?=[.;:,()\n]|\s+(?:which|that|to|in order|because|while|but|by|from|since|"
           r"were|was|is|are|has|have|had|will|would|could)\b|$)")

TARGETED = re.compile(rf"\b{_RATE}{_MEASURE}\s+(?:of\s+(?P<rate2>\d+(?:\.\d+)?)\s*"
                      rf"(?:%|per\s*cent|percent)\s+)?(?:on|against|targeting|over)\s+{_TARGET}",
                      re.I)
BARE = re.compile(rf"\b{_MEASURE}\b", re.I)


TRIGGERS = ("tariff", "dut", "quota", "sanction", "embargo", "lev", "surtax")


def find_trade_measures(text: str) -> list[Record]:
    """Trade-measure signals of ``text``: targeted ones strong, bare mentions weak."""
    windows = trigger_windows(text, TRIGGERS, 60, 180)
    signals = []
    taken = Spans()
    for match in finditer_in(TARGETED, text, windows):
        value: dict[str, object] = {"measure": match["measure"].lower(),
                                    "target": match["target"].strip()}
        rate = match["rate"] or match["rate2"]
        if rate:
            value["rate_percent"] = float(rate)
        start, end = match.start(), match.end("target")
        taken.add(start, end)
        signals.append(make_signal(text, "trade-measure", start, end, 0.8 if rate else 0.7, value))
    for match in finditer_in(BARE, text, windows):
        if taken.covers(match.start()):
            continue
        signals.append(make_signal(text, "trade-measure", match.start(), match.end(), 0.3,
                                   {"measure": match["measure"].lower()}))
    return signals


@hookimpl
def detect_signals(document: Record) -> list[Record]:
    """Flag tariffs, duties, quotas, sanctions and embargoes, with what they target."""
    return find_trade_measures(document["text"])
