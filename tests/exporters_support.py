"""A test plugin that rates marked sentences, and articles for the exporter tests.

Sentences holding a marker word (``FALSEFACT``, ``TRUEFACT``, ``MIXEDFACT``,
``OPENFACT``) become check-worthy claims; the checker rates them after the marker, so every
format sees verdicts with rationales, computations and sources, plus a claim without a
verdict. Rationales and sources carry HTML and ``javascript:`` payloads on purpose.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from workbench import hookimpl
from workbench.records import make_signal, make_verdict

MARKER = re.compile(r"\b(FALSEFACT|TRUEFACT|MIXEDFACT|OPENFACT)\b")
KINDS = {"FALSEFACT": "statistic", "TRUEFACT": "statistic", "MIXEDFACT": "quantity",
         "OPENFACT": "quantity"}
XSS_RATIONALE = 'Figures differ <img src=x onerror="window.__pwned=3">, see source.'
SAFE_SOURCE = {"url": "https://stats.example.org/table?id=1&y=2", "title": "Table 1",
               "publisher": "Example Statistics Office", "published": "2024-05-01"}
EVIL_SOURCE = {"url": "javascript:window.__pwned=4", "title": "Click me"}

ARTICLE = (
    "Ministry report\n"
    "\n"
    "The ministry said FALSEFACT <script>window.__pwned=1</script> exports doubled.\n"
    'A quote "onmouseover="window.__pwned=2" x=" says TRUEFACT 🎉🎉 growth was 3%.\n'
    "Nothing to check here.\n"
    "Officials added MIXEDFACT 🧪 that prices, wages & rents rose together.\n"
    "The OPENFACT figure of 12 ships is new.\n"
)


class RatingPlugin:
    """Flags sentences with a marker word and rates them by that word."""

    @hookimpl
    def detect_signals(self, document):
        """One strong signal per marker word."""
        text = document["text"]
        return [make_signal(text, KINDS[m.group()], m.start(), m.end(), 0.9)
                for m in MARKER.finditer(text)]

    @hookimpl
    def check_claim(self, claim):
        """A verdict per marker: false, true (with a computation) or mixed; none for OPEN."""
        text = claim["text"]
        if "FALSEFACT" in text:
            return [make_verdict("false", 0.9, XSS_RATIONALE, [SAFE_SOURCE, EVIL_SOURCE])]
        if "TRUEFACT" in text:
            return [make_verdict("true", 0.8, "Matches the table.", [SAFE_SOURCE],
                                 computation="3% of 100 = 3")]
        if "MIXEDFACT" in text:
            return [make_verdict("mixed", 0.6, "Prices rose, wages did not.",
                                 computation="wages 2023 - wages 2022 = 0")]
        return None


def write_article(folder: Path, name: str = "article.txt", text: str = ARTICLE) -> Path:
    """Write ``text`` as a UTF-8 file in ``folder`` and return its path."""
    path = folder / name
    path.write_text(text, encoding="utf-8", newline="")
    return path


def check(run_cli, path: Path, format_name: str, *extra: str):
    """Run ``workbench check PATH --format NAME`` and return the click result."""
    return run_cli("check", str(path), "--format", format_name, *extra)


def review_json(run_cli, path: Path, *extra: str) -> dict:
    """The review record of ``path`` as the ``json`` format writes it."""
    result = check(run_cli, path, "json", *extra)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)
