"""A plain-text reading of the review for the terminal: claims ranked, best first."""

from __future__ import annotations

import textwrap
from bisect import bisect_right

from workbench_plugins.shared.review_lines import counts_line, not_shown_line, source_line

from workbench import hookimpl
from workbench.records import Record
from workbench.review import best_verdict, ranked, signal_summary
from workbench.types import Exporter, Stream

WIDTH = 100


def _line_starts(text: str) -> list[int]:
    """Offsets where each line of ``text`` starts (one pass, for many look-ups)."""
    starts = [0]
    position = text.find("\n")
    while position != -1:
        starts.append(position + 1)
        position = text.find("\n", position + 1)
    return starts


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
        lines.append(f"{indent}verdict: {verdict['rating']} ({verdict['confidence']:.2f}, "
                     f"{verdict['origin']['name']}): {verdict['rationale']}")
        if verdict.get("computation") and verdict["computation"] not in verdict["rationale"]:
            lines.append(f"{indent}  computation: {verdict['computation']}")
        lines.extend(f"{indent}  source: {source_line(s)}" for s in verdict["sources"])
    return lines


def document_text(entry: Record) -> str:
    """One document's claims best first, each with its line, signals and best verdict."""
    document = entry["document"]
    title = f" - {document['title']}" if document.get("title") else ""
    out = [f"{document['uri']}{title}"]
    claims = ranked(entry["claims"])
    if not claims:
        out.append("     no claims to show")
    starts = _line_starts(document["text"])
    for rank, claim in enumerate(claims, 1):
        line = bisect_right(starts, claim["span"]["start"])
        out.extend(_claim_lines(rank, claim, line))
    hidden = not_shown_line(document)
    if hidden:
        out.append(f"     {hidden}")
    out.append("")
    return "\n".join(out) + "\n"


def summary_text(review: Record) -> str:
    """The summary line of a review, then its plugin failures."""
    summary = review["summary"]
    ratings = ", ".join(f"{n} {rating}" for rating, n in summary["by_rating"].items())
    counts = counts_line(summary["documents"], summary["claims"], summary["checkworthy"])
    out = [counts + (f"; verdicts: {ratings}" if ratings else "")]
    for failure in review["failures"]:
        out.append(f"plugin {failure['plugin']} failed on {failure['document']}: "
                   f"{failure['message']}")
    return "\n".join(out) + "\n"


TEXT = Stream(part=document_text, tail=summary_text)


@hookimpl
def register_exporters(register) -> None:
    """Register the ``text`` format."""
    register(Exporter(name="text", description="Ranked claims for reading in a terminal.",
                      media_type="text/plain", suffix=".txt", export=TEXT.whole,
                      checkworthy_only=True, stream=TEXT))
