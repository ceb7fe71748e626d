"""W3C Web Annotations (JSON-LD): one annotation per claim, anchored by quote and position.

The output is an ``AnnotationCollection`` whose first page holds every annotation, as the
Web Annotation Data Model and Protocol describe it. Each target carries a
``TextQuoteSelector`` (exact text with prefix and suffix, which survives edits) and a
``TextPositionSelector`` (start and end in Unicode code points of the document's text).
The body is the verdict as text (``assessing``), the claim's kinds as tags and each web
source as a ``linking`` body; a claim without a verdict is a ``highlighting`` annotation.
"""

from __future__ import annotations

from workbench_plugins.shared import review_lines as common

from workbench import hookimpl
from workbench.records import Record
from workbench.review import best_verdict
from workbench.types import Exporter

CONTEXT = "http://www.w3.org/ns/anno.jsonld"


def _verdict_text(claim: Record, verdict: Record | None) -> str:
    if verdict is None:
        return (f"No verdict yet. Check-worthiness {claim['checkworthiness']:.2f}; "
                f"kinds: {', '.join(claim['kinds']) or 'none'}.")
    stale = common.stale_line(claim, verdict)
    text = (f"{common.rating_label(verdict['rating']).capitalize()}"
            f"{' (stale)' if stale else ''} (confidence "
            f"{verdict['confidence']:.2f}, {verdict['origin']['type']} "
            f"{verdict['origin']['name']}): {verdict['rationale']}")
    if stale:
        text += f"\n{stale}"
    if verdict.get("computation"):
        text += f"\nComputation: {verdict['computation']}"
    sources = [common.source_line(source) for source in verdict["sources"]]
    if sources:
        text += "\nSources:\n" + "\n".join(f"- {line}" for line in sources)
    return text


def annotation(claim: Record, document: Record, source_iri: str) -> Record:
    """The Web Annotation of one claim in ``document`` (served at ``source_iri``)."""
    verdict = best_verdict(claim)
    purpose = "assessing" if verdict else "commenting"
    body: list[Record] = [{"type": "TextualBody", "value": _verdict_text(claim, verdict),
                           "format": "text/plain", "purpose": purpose}]
    body += [{"type": "TextualBody", "value": kind, "purpose": "tagging"}
             for kind in claim["kinds"]]
    if verdict:
        body += [{"id": url, "type": "Text", "purpose": "linking"}
                 for source in verdict["sources"] if (url := common.web_url(source.get("url")))]
    item: Record = {
        "id": f"urn:workbench:{claim['id']}",
        "type": "Annotation",
        "motivation": "assessing" if verdict else "highlighting",
        "body": body,
        "target": {
            "source": source_iri,
            "selector": [
                {"type": "TextQuoteSelector", **claim["selector"]},
                {"type": "TextPositionSelector", "start": claim["span"]["start"],
                 "end": claim["span"]["end"]},
            ],
        },
    }
    if verdict:
        item["created"] = verdict["created"]
        item["creator"] = {"type": "Person" if verdict["origin"]["type"] == "reviewer"
                           else "Software", "name": verdict["origin"]["name"]}
    return item


def annotations(review: Record) -> list[Record]:
    """Every claim's annotation, documents in order, claims in reading order."""
    items = []
    for entry in review["documents"]:
        document = entry["document"]
        source_iri = common.document_url(document) or f"urn:workbench:{document['id']}"
        items += [annotation(claim, document, source_iri)
                  for claim in sorted(entry["claims"], key=lambda c: c["span"]["start"])]
    return items


def export_annotations(review: Record) -> str:
    """An AnnotationCollection JSON-LD document holding every claim's annotation."""
    items = annotations(review)
    collection = {
        "@context": CONTEXT,
        "type": "AnnotationCollection",
        "label": "Workbench review",
        "generator": {"type": "Software", "name": f"workbench {review['tool']['version']}"},
        "generated": review["generated"],
        "total": len(items),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": common.ITEMS},
    }
    return common.dumps_with_items(collection, items)


@hookimpl
def register_exporters(register) -> None:
    """Register the ``annotations`` format."""
    register(Exporter(name="annotations", description="W3C Web Annotations (JSON-LD), one "
                      "per claim.", media_type="application/ld+json", suffix=".jsonld",
                      export=export_annotations))
