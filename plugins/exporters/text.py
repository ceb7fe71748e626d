"""A plain-text reading of the review for the terminal: claims ranked, best first.

Lines are those of the original file when it can be read (an HTML page's, not the
extracted text's), as in every other format (:mod:`workbench.locations`).
"""

from __future__ import annotations

import textwrap

from workbench_plugins.shared.review_lines import (
    counts_line,
    not_shown_line,
    source_line,
    stale_line,
)

from workbench import hookimpl
from workbench.locations import Locator
from workbench.records import Record
from workbench.review import best_verdict, ranked, signal_summary
from workbench.types import Exporter, Stream
from workbench.visible import visible

WIDTH = 100


def _claim_lines(rank: int, claim: Record, line: int) -> list[str]:
    head = f"{rank:>3}. {claim['checkworthiness']:.2f}  line {line}: "
    body = textwrap.wrap(" ".join(claim["text"].split()), WIDTH - len(head))
    lines = [head + body[0], *(" " * len(head) + rest for rest in body[1:])]
    indent = " " * 11
    if claim["signals"]:
        lines.append(indent + textwrap.shorten(f"signals: {signal_summary(claim)}",
                                      WIDTH - len(indent)))
    verdict = best_verdict(claim)
    if verdict:
        stale = stale_line(claim, verdict)
        lines.append(f"{indent}verdict: {verdict['rating']}{' (STALE)' if stale else ''} "
                     f"({verdict['confidence']:.2f}, {verdict['origin']['name']}): "
                     f"{verdict['rationale']}")
        if stale:
            lines.extend(textwrap.wrap(stale, WIDTH, initial_indent=indent + "  ",
                                       subsequent_indent=indent + "    "))
        if verdict.get("computation") and verdict["computation"] not in verdict["rationale"]:
            lines.append(f"{indent}  computation: {verdict['computation']}")
        lines.extend(f"{indent}  source: {source_line(s)}" for s in verdict["sources"])
        lines.extend(f"{indent}  lead (where to check; not evidence): {source_line(s)}"
                     for s in verdict.get("leads", []))
    return lines


def document_text(entry: Record) -> str:
    """One document's claims best first, each with its line, signals and best verdict."""
    document = entry["document"]
    title = f" - {document['title']}" if document.get("title") else ""
    out = [f"{document['uri']}{title}"]
    claims = ranked(entry["claims"])
    if not claims:
        out.append("     no claims to show")
    locator = Locator(document)
    for rank, claim in enumerate(claims, 1):
        line, _ = locator.position(claim["span"]["start"])
        out.extend(_claim_lines(rank, claim, line))
    hidden = not_shown_line(document)
    if hidden:
        out.append(f"     {hidden}")
    out.append("")
    return visible("\n".join(out) + "\n")


def summary_text(review: Record) -> str:
    """The summary line of a review, then its plugin failures."""
    summary = review["summary"]
    ratings = ", ".join(f"{n} {rating}" for rating, n in summary["by_rating"].items())
    counts = counts_line(summary["documents"], summary["claims"], summary["checkworthy"])
    out = [counts + (f"; verdicts: {ratings}" if ratings else "")]
    for failure in review["failures"]:
        out.append(f"plugin {failure['plugin']} failed on {failure['document']}: "
                   f"{failure['message']}")
    return visible("\n".join(out) + "\n")


TEXT = Stream(part=document_text, tail=summary_text)


@hookimpl
def register_exporters(register) -> None:
    """Register the ``text`` format."""
    register(Exporter(name="text", description="Ranked claims for reading in a terminal.",
                      media_type="text/plain", suffix=".txt", export=TEXT.whole,
                      checkworthy_only=True, stream=TEXT))
