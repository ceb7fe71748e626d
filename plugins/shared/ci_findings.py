"""Claims as CI findings: where they are in the original file, how severe, what to say.

Shared by the ``sarif`` and ``github`` exporters (not a plugin itself). Severity follows
the best verdict: ``false`` is an error; mostly false, misleading, outdated and mixed
claims are warnings; everything else (true, unverified, not yet rated) is a note.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from workbench_plugins.shared import review_lines as common

from workbench.locations import Locator
from workbench.records import Record
from workbench.review import best_verdict
from workbench.visible import visible

LEVELS = {"false": "error", "mostly-false": "warning", "misleading": "warning",
          "outdated": "warning", "mixed": "warning"}
MESSAGE_QUOTE = 160


def level(rating: str) -> str:
    """SARIF level of a rating: ``error``, ``warning`` or ``note``."""
    return LEVELS.get(rating, "note")


def repository_path(uri: str) -> str:
    """A document's path as CI tools want it: relative to the working folder, with ``/``."""
    if "://" in uri or uri.startswith("<"):
        return uri.strip("<>")
    path = Path(uri)
    if path.is_absolute():
        try:
            path = path.relative_to(Path.cwd())
        except ValueError:
            return path.as_posix()
    return Path(os.path.normpath(path)).as_posix()


def message(claim: Record) -> str:
    """What a reviewer reads next to the line: rating, the claim, rationale, sources
    (control characters shown as escapes, see :func:`workbench.visible.visible`)."""
    return visible(_message(claim))


def _message(claim: Record) -> str:
    quote = " ".join(claim["text"].split())
    if len(quote) > MESSAGE_QUOTE:
        quote = quote[:MESSAGE_QUOTE - 1] + "…"
    verdict = best_verdict(claim)
    if verdict is None:
        kinds = ", ".join(claim["kinds"]) or "no kind"
        return (f"Check-worthy claim (score {claim['checkworthiness']:.2f}; {kinds}), "
                f"no verdict yet: “{quote}”")
    text = (f"{common.rating_label(verdict['rating']).capitalize()} (confidence "
            f"{verdict['confidence']:.2f}): “{quote}” {verdict['rationale']}")
    stale = common.stale_line(claim, verdict)
    if stale:
        text += f" {stale}"
    urls = [source.get("url") or source.get("citation") for source in verdict["sources"]]
    if urls:
        text += " Sources: " + "; ".join(str(url) for url in urls)
    return text


class Finding(NamedTuple):
    """One claim located in its file."""

    claim: Record
    rating: str
    level: str
    path: str
    region: tuple[int, int, int, int]  # start line, start column, end line, end column
    from_original: bool


def findings(review: Record) -> Iterator[Finding]:
    """Every claim of the review as a finding, documents in order, claims in reading order."""
    for entry in review["documents"]:
        document = entry["document"]
        locator = Locator(document)
        path = repository_path(document["uri"])
        for claim in sorted(entry["claims"], key=lambda c: c["span"]["start"]):
            rating = common.rating_of(claim)
            yield Finding(claim, rating, level(rating), path,
                          locator.region(claim["span"]["start"], claim["span"]["end"]),
                          locator.from_original)
