"""The review as a Word document: each article, every claim carrying a comment.

Each line of an article becomes a paragraph; each claim's text is highlighted by rating
and anchored to a Word comment holding the verdict, confidence, rationale, computation,
sources and notes, so editors can review in their word processor. python-docx is imported
only when this format is used.
"""

from __future__ import annotations

import io
from bisect import bisect_right
from typing import Any

from workbench_plugins.shared import review_lines as common
from workbench_plugins.shared.scan import LazyPattern

from workbench import hookimpl
from workbench.records import Record
from workbench.review import best_verdict
from workbench.types import Exporter
from workbench.visible import visible, visible_with_offsets

# Characters XML 1.0 cannot hold; they are shown as U+FFFD.
_NOT_XML = LazyPattern("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
HIGHLIGHTS = {"true": "BRIGHT_GREEN", "mostly-true": "BRIGHT_GREEN", "mixed": "YELLOW",
              "outdated": "YELLOW", "mostly-false": "PINK", "false": "PINK",
              "misleading": "PINK", "unverified": "GRAY_25", common.NO_VERDICT: "GRAY_25"}


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", visible(text.replace("\r", "")))


def comment_paragraphs(claim: Record) -> list[str]:
    """The lines of a claim's comment: verdict, rationale, computation, sources, notes."""
    verdict = best_verdict(claim)
    kinds = ", ".join(claim["kinds"]) or "none"
    score = f"Check-worthiness {claim['checkworthiness']:.2f}; kinds: {kinds}."
    if verdict is None:
        lines = ["No verdict yet.", score]
    else:
        origin = verdict["origin"]
        stale = common.stale_line(claim, verdict)
        lines = [f"{common.rating_label(verdict['rating']).capitalize()}"
                 f"{' (stale)' if stale else ''} (confidence "
                 f"{verdict['confidence']:.2f}, {origin['type']} {origin['name']})",
                 *([stale] if stale else []), verdict["rationale"]]
        if verdict.get("computation"):
            lines.append(f"Computation: {verdict['computation']}")
        lines += [f"Source: {common.source_line(source)}" for source in verdict["sources"]]
        lines += [f"Lead (where to check; not evidence): {common.source_line(source)}"
                  for source in verdict.get("leads", [])]
        lines.append(score)
    lines += [f"Note ({note['author']}, {note['created']}): {note['text']}"
              for note in claim["notes"]]
    return [_clean(line) for line in lines]


def _comment_author(claim: Record) -> str:
    verdict = best_verdict(claim)
    if verdict is not None and verdict["origin"]["type"] == "reviewer":
        return verdict["origin"]["name"]
    return "Workbench"


def _add_article(doc: Any, text: str, claims: list[Record]) -> None:
    """Add ``text`` line by line, split into runs at claim boundaries; comment each claim."""
    from docx.enum.text import WD_COLOR_INDEX

    starts: dict[int, list[int]] = {}
    ends: dict[int, list[int]] = {}
    for index, claim in enumerate(claims):
        starts.setdefault(claim["span"]["start"], []).append(index)
        ends.setdefault(claim["span"]["end"], []).append(index)
    points = sorted({*starts, *ends})
    active: dict[int, None] = {}
    first_run: dict[int, Any] = {}
    last_run: dict[int, Any] = {}
    next_point = 0
    line_start = 0
    for line in text.split("\n"):
        line_end = line_start + len(line)
        paragraph = doc.add_paragraph()
        cuts = points[bisect_right(points, line_start):bisect_right(points, line_end - 1)]
        for start, end in zip([line_start, *cuts], [*cuts, line_end], strict=True):
            while next_point < len(points) and points[next_point] <= start:
                for index in ends.get(points[next_point], []):
                    active.pop(index, None)
                for index in starts.get(points[next_point], []):
                    active[index] = None
                next_point += 1
            if start == end:
                continue
            run = paragraph.add_run(_clean(text[start:end]))
            if active:
                innermost = claims[next(reversed(active))]
                run.font.highlight_color = getattr(WD_COLOR_INDEX,
                                                   HIGHLIGHTS[common.rating_of(innermost)])
                for index in active:
                    first_run.setdefault(index, run)
                    last_run[index] = run
        line_start = line_end + 1
    for index, claim in enumerate(claims):
        if index not in first_run:
            continue
        # Each line of the text becomes a paragraph of the comment.
        doc.add_comment([first_run[index], last_run[index]],
                        text="\n".join(line.replace("\n", " ")
                                       for line in comment_paragraphs(claim)),
                        author=_comment_author(claim), initials="WB")


def export_docx(review: Record) -> bytes:
    """A .docx file: per document a heading, its metadata and the commented article."""
    import docx

    doc = docx.Document()
    doc.core_properties.title = "Workbench review"
    doc.core_properties.author = "Workbench"
    doc.add_heading("Workbench review", level=0)
    summary = review["summary"]
    counts = common.counts_line(summary["documents"], summary["claims"],
                                summary["checkworthy"], shown=False)
    doc.add_paragraph(f"{counts}. Generated {review['generated']} "
                      f"by workbench {review['tool']['version']}. Each claim carries a comment.")
    for entry in review["documents"]:
        document = entry["document"]
        doc.add_heading(_clean(document.get("title") or document["uri"]), level=1)
        meta = [document["uri"]] + [f"{label} {document[key]}" for key, label in
                                    (("author", "by"), ("published", "published"))
                                    if document.get(key)]
        doc.add_paragraph().add_run(_clean(" · ".join(meta))).italic = True
        hidden = common.not_shown_line(document)
        if hidden:
            doc.add_paragraph().add_run(_clean(hidden + ".")).italic = True
        text, at = visible_with_offsets(document["text"])
        claims = sorted(({**claim, "span": {"start": at(claim["span"]["start"]),
                                            "end": at(claim["span"]["end"])}}
                         for claim in entry["claims"]),
                        key=lambda c: (c["span"]["start"], c["span"]["end"]))
        _add_article(doc, text, claims)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


@hookimpl
def register_exporters(register) -> None:
    """Register the ``docx`` format."""
    register(Exporter(
        name="docx", description="A Word document: the article with a comment on each claim.",
        media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        suffix=".docx", export=export_docx, checkworthy_only=True))
