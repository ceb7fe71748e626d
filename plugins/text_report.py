"""A plain-text reading of the review for the terminal: claims ranked, best first."""

from __future__ import annotations

import textwrap
from bisect import bisect_right

from workbench import hookimpl
from workbench.records import Record
from workbench.registry import Exporter, Stream
from workbench.review import best_verdict, ranked, signal_summary

from .export_common import source_line

WIDTH = 100


def _line_starts(text: str) -> list[int]:
    """Offsets where each line of ``text`` starts (one pass, for many look-ups)."""
    starts = [0]
    position = text.find("\n")
    while position != -1:
        starts.append(position + 1)
        position = text.find("\n", position + 1)
    return starts


def _hyphen_breaks(text: str) -> list[int]:
    """Offsets inside hyphenated words where ``textwrap`` may break a line, in order.

    A word splits only at hyphens, by textwrap's own rule (``TextWrapper.wordsep_re``,
    whose look-arounds never reach past the spaces around a word).
    """
    breaks: list[int] = []
    hyphen = text.find("-")
    while hyphen != -1:
        start = text.rfind(" ", 0, hyphen) + 1
        end = text.find(" ", hyphen)
        end = len(text) if end == -1 else end
        chunks = [chunk for chunk in textwrap.TextWrapper.wordsep_re.split(text[start:end])
                  if chunk]
        for chunk in chunks[:-1]:
            start += len(chunk)
            breaks.append(start)
        hyphen = text.find("-", end)
    return breaks


def wrap(text: str, width: int) -> list[str]:
    """``textwrap.wrap(text, width)`` for words joined by single spaces, in fewer steps.

    textwrap fills each line greedily with chunks: words, the spaces between them, and
    the pieces of hyphenated words. So a line ends at the last space or hyphen break
    that fits, found here with ``str.rfind`` rather than by adding chunks one at a time.
    A word longer than a line (which textwrap may cut) is left to textwrap itself.
    """
    if len(text) <= width:
        return [text] if text else []
    if max(map(len, text.split(" "))) > width:
        return textwrap.wrap(text, width)
    breaks = _hyphen_breaks(text) if "-" in text else []
    lines = []
    start = 0
    while len(text) - start > width:
        limit = start + width
        space = text.rfind(" ", start, limit + 1)
        index = bisect_right(breaks, limit) - 1
        hyphen = breaks[index] if index >= 0 else -1
        if hyphen > space and hyphen > start:
            lines.append(text[start:hyphen])
            start = hyphen
        else:
            lines.append(text[start:space])
            start = space + 1
    lines.append(text[start:])
    return lines


def shorten(text: str, width: int) -> str:
    """``textwrap.shorten(text, width)``, without textwrap when the text fits."""
    collapsed = " ".join(text.split())
    return collapsed if len(collapsed) <= width else textwrap.shorten(text, width)


def _claim_lines(rank: int, claim: Record, line: int) -> list[str]:
    head = f"{rank:>3}. {claim['checkworthiness']:.2f}  line {line}: "
    body = wrap(" ".join(claim["text"].split()), WIDTH - len(head))
    lines = [head + body[0], *(" " * len(head) + rest for rest in body[1:])]
    indent = " " * 11
    if claim["signals"]:
        lines.append(indent + shorten(f"signals: {signal_summary(claim)}",
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
    out.append("")
    return "\n".join(out) + "\n"


def summary_text(review: Record) -> str:
    """The summary line of a review, then its plugin failures."""
    summary = review["summary"]
    ratings = ", ".join(f"{n} {rating}" for rating, n in summary["by_rating"].items())
    out = [f"{summary['documents']} documents, {summary['claims']} claims shown, "
           f"{summary['checkworthy']} check-worthy" + (f"; verdicts: {ratings}" if ratings
                                                       else "")]
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
