# shouting.py: flags sentences that state a number in capitals ("TEN MILLION").
import re

from workbench import hookimpl
from workbench.records import make_signal

PATTERN = re.compile(r"\b(?:TEN|HUNDRED|THOUSAND|MILLION|BILLION)(?:\s+[A-Z]+)*\b")


@hookimpl
def detect_signals(document):
    text = document["text"]
    return [make_signal(text, "quantity", m.start(), m.end(), 0.6)
            for m in PATTERN.finditer(text)]
