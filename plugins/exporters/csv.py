r"""The claims as CSV for spreadsheets: one row per claim, stable columns, UTF-8.

A CSV file is opened in a spreadsheet, which evaluates a cell starting with ``=`` as a
formula (``=HYPERLINK(...)`` in an article becomes a link that sends data away), so both
formats write every cell safe to open: a ``'`` before any cell that starts with
``= + - @``, a tab or a carriage return, and control characters and bidirectional
overrides shown as escapes (``\x1b``, ``\u202e``). ``csv`` is UTF-8; ``csv-excel`` adds a
byte-order mark so Excel reads UTF-8. Programs that need the exact texts read ``json``.

Columns (in this order; new columns are only ever added at the end):

document, title, claim_id, line, column, start, end, text, kinds, checkworthiness,
checkworthy, status, assignee, rating, confidence, verdict_by, rationale, computation,
sources, notes, stale, rated_text

``line``/``column`` are 1-based, in the original file when it can be read, else in the
text; ``start``/``end`` are code-point offsets into the document's text; ``rating`` is
``none`` for a claim without a verdict; ``kinds`` and ``sources`` (URLs or citations) are
joined with ``; ``, ``notes`` with new lines. ``stale`` is ``yes`` when the rating is a
reviewer's that rated other words than the claim's text now, which ``rated_text`` holds.
"""

from __future__ import annotations

from collections.abc import Iterable

from workbench_plugins.shared import review_lines as common

from workbench import hookimpl
from workbench.locations import Locator
from workbench.records import Record
from workbench.review import best_verdict
from workbench.types import Exporter
from workbench.visible import visible

COLUMNS = ("document", "title", "claim_id", "line", "column", "start", "end", "text",
           "kinds", "checkworthiness", "checkworthy", "status", "assignee", "rating",
           "confidence", "verdict_by", "rationale", "computation", "sources", "notes",
           "stale", "rated_text")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def rows(review: Record) -> list[list[str]]:
    """The CSV rows (without the header), documents in order, claims in reading order."""
    out = []
    for entry in review["documents"]:
        document = entry["document"]
        locator = Locator(document)
        for claim in sorted(entry["claims"], key=lambda c: c["span"]["start"]):
            verdict = best_verdict(claim)
            line, column = locator.position(claim["span"]["start"])
            sources = [source.get("url") or source.get("citation", "")
                       for source in (verdict["sources"] if verdict else [])]
            out.append([
                document["uri"], document.get("title") or "", claim["id"], str(line),
                str(column), str(claim["span"]["start"]), str(claim["span"]["end"]),
                claim["text"], "; ".join(claim["kinds"]), f"{claim['checkworthiness']:.4g}",
                "yes" if claim["checkworthy"] else "no", claim["status"],
                claim.get("assignee") or "", common.rating_of(claim),
                f"{verdict['confidence']:.2f}" if verdict else "",
                f"{verdict['origin']['type']}:{verdict['origin']['name']}" if verdict else "",
                verdict["rationale"] if verdict else "",
                (verdict.get("computation") or "") if verdict else "",
                "; ".join(sources),
                "\n".join(f"{note['author']}: {note['text']}" for note in claim["notes"]),
                "yes" if verdict and "stale" in verdict else "",
                verdict.get("quote", "") if verdict and "stale" in verdict else "",
            ])
    return out


def _defuse(cell: str) -> str:
    """The cell as a spreadsheet may open it: never a formula."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def _csv(table: Iterable[list[str]]) -> str:
    """The header row and ``table`` as CSV text."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(table)
    return buffer.getvalue()


def export_csv(review: Record) -> str:
    """UTF-8 CSV with a header row, every cell safe to open in a spreadsheet."""
    return visible(_csv([_defuse(cell) for cell in row] for row in rows(review)))


def export_csv_excel(review: Record) -> bytes:
    """:func:`export_csv` with a byte-order mark, so that Excel reads UTF-8."""
    return export_csv(review).encode("utf-8-sig")


@hookimpl
def register_exporters(register) -> None:
    """Register the ``csv`` and ``csv-excel`` formats."""
    register(Exporter(name="csv", description="One row per claim, UTF-8 CSV safe to open "
                      "in a spreadsheet (formulas defused).",
                      media_type="text/csv", suffix=".csv", export=export_csv))
    register(Exporter(name="csv-excel", description="One row per claim, CSV for Excel "
                      "(csv with a byte-order mark).",
                      media_type="text/csv", suffix=".csv", export=export_csv_excel))
