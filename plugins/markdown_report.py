"""The review as a Markdown report: per document, claims in reading order with verdicts."""

from __future__ import annotations

from workbench import hookimpl
from workbench.records import Record
from workbench.registry import Exporter
from workbench.review import best_verdict, line_and_column


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _claim_row(claim: Record, text: str) -> str:
    line, _ = line_and_column(text, claim["span"]["start"])
    verdict = best_verdict(claim)
    rating = f"**{verdict['rating']}** ({verdict['confidence']:.2f})" if verdict else "-"
    return (f"| {line} | {claim['checkworthiness']:.2f} | {_cell(claim['text'])} | "
            f"{', '.join(claim['kinds']) or '-'} | {rating} |")


def _verdict_notes(claims: list[Record]) -> list[str]:
    notes = []
    for claim in claims:
        verdict = best_verdict(claim)
        if not verdict:
            continue
        notes.append(f"- **{verdict['rating']}** — {_cell(claim['text'])[:120]}: "
                     f"{verdict['rationale']}")
        notes.extend(f"  - source: {s.get('url') or s.get('citation')}"
                     for s in verdict["sources"])
    return notes


def export_markdown(review: Record) -> str:
    """A readable report suitable for a pull request or a CMS note."""
    summary = review["summary"]
    out = [
        "# Workbench review",
        "",
        f"{summary['documents']} documents, {summary['claims']} claims, "
        f"{summary['checkworthy']} check-worthy. Generated {review['generated']} by "
        f"workbench {review['tool']['version']}.",
    ]
    for entry in review["documents"]:
        document = entry["document"]
        out += ["", f"## {_cell(document.get('title') or document['uri'])}", "",
                f"Source: `{document['uri']}`", ""]
        if not entry["claims"]:
            out.append("No claims to show.")
            continue
        out += ["| Line | Score | Claim | Kinds | Verdict |", "|---:|---:|---|---|---|"]
        out += [_claim_row(claim, document["text"]) for claim in entry["claims"]]
        notes = _verdict_notes(entry["claims"])
        if notes:
            out += ["", "### Verdicts", "", *notes]
    if review["failures"]:
        out += ["", "## Plugin failures", ""]
        out += [f"- `{f['plugin']}` on `{f['document']}`: {_cell(f['message'])}"
                for f in review["failures"]]
    return "\n".join(out) + "\n"


@hookimpl
def register_exporters(register) -> None:
    """Register the ``markdown`` format."""
    register(Exporter(name="markdown", description="A Markdown report in document order.",
                      media_type="text/markdown", suffix=".md", export=export_markdown,
                      checkworthy_only=True))
