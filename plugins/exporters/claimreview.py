"""schema.org ClaimReview JSON-LD: one review per claim whose best verdict is not unverified.

A reviewer's verdict marked stale (it rated words the article no longer has) is not
published: a ClaimReview names the exact claim it reviewed.

Only a web article gets ``url`` and an appearance URL (a local draft's path is private).

The output is a JSON array of self-contained ClaimReview objects, one per line (each
carries its own ``@context``), so any one of them can be pasted into a page's
``<script type="application/ld+json">``. It is validated against
``schemas/claimreview.schema.json`` before it is written.

Ratings map onto a 1 (worst) to 5 (best) scale; ``alternateName`` keeps our rating word:

=============  ===========
rating         ratingValue
=============  ===========
true           5
mostly-true    4
mixed          3
outdated       3
mostly-false   2
misleading     2
false          1
=============  ===========
"""

from __future__ import annotations

from workbench_plugins.shared import review_lines as common

from workbench import hookimpl, validation
from workbench.records import Record
from workbench.review import best_verdict
from workbench.types import Exporter

RATING_VALUES = {"true": 5, "mostly-true": 4, "mixed": 3, "outdated": 3, "mostly-false": 2,
                 "misleading": 2, "false": 1}
BEST_RATING, WORST_RATING = 5, 1


def _author(verdict: Record) -> Record:
    origin = verdict["origin"]
    if origin["type"] == "reviewer":
        return {"@type": "Person", "name": origin["name"]}
    return {"@type": "Organization", "name": f"Workbench ({origin['name']} plugin)"}


def _item_reviewed(document: Record) -> Record:
    appearance: Record = {"@type": "CreativeWork"}
    url = common.web_url(document["uri"])
    if url:
        appearance["url"] = url
    if document.get("title"):
        appearance["headline"] = document["title"]
    item: Record = {"@type": "Claim", "appearance": appearance}
    if document.get("author"):
        item["author"] = {"@type": "Person", "name": document["author"]}
    if document.get("published"):
        item["datePublished"] = document["published"]
        appearance["datePublished"] = document["published"]
    return item


def claim_review(claim: Record, document: Record) -> Record | None:
    """The ClaimReview of one claim, or ``None`` when its best verdict is unverified, stale
    or missing."""
    verdict = best_verdict(claim)
    if verdict is None or verdict["rating"] not in RATING_VALUES or "stale" in verdict:
        return None
    review: Record = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "identifier": claim["id"],
        "claimReviewed": " ".join(claim["text"].split()),
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": RATING_VALUES[verdict["rating"]],
            "bestRating": BEST_RATING,
            "worstRating": WORST_RATING,
            "alternateName": verdict["rating"],
            "ratingExplanation": verdict["rationale"],
        },
        "itemReviewed": _item_reviewed(document),
        "author": _author(verdict),
        "datePublished": verdict["created"][:10],
    }
    url = common.web_url(document["uri"])
    if url:
        # The claim's anchor in the reviewed article (the review has no page of its own).
        review["url"] = f"{url}#{claim['id']}"
    citations = [{"@type": "CreativeWork", "url": source["url"],
                  **({"name": source["title"]} if source.get("title") else {})}
                 for source in verdict["sources"] if common.web_url(source.get("url"))]
    if citations:
        review["citation"] = citations
    return review


def claim_reviews(review: Record) -> list[Record]:
    """Every ClaimReview of a review, in document order."""
    return [item for entry in review["documents"]
            for claim in sorted(entry["claims"], key=lambda c: c["span"]["start"])
            if (item := claim_review(claim, entry["document"])) is not None]


def why_empty(review: Record) -> str | None:
    """Why the review has no ClaimReview to publish, or ``None`` when it has one."""
    claims = [claim for entry in review["documents"] for claim in entry["claims"]]
    if any(claim_review(claim, entry["document"]) is not None
           for entry in review["documents"] for claim in entry["claims"]):
        return None
    stale = sum(1 for claim in claims if "stale" in (best_verdict(claim) or {}))
    unrated = len(claims) - stale
    reasons = [f"{common.counted(unrated, 'claim')} without a verdict other than unverified"]
    if stale:
        reasons.append(f"{stale} whose reviewer's verdict is stale (the text changed since "
                       "it was checked)")
    return ("nothing to publish, the output is an empty array: "
            + " and ".join(reasons) + "; rate a claim with `workbench verdict`")


def export_claimreview(review: Record) -> str:
    """The ClaimReview objects as a JSON array, validated against their schema."""
    items = claim_reviews(review)
    validation.validate("claimreview", items)
    return common.dumps_with_items(common.ITEMS, items)


@hookimpl
def register_exporters(register) -> None:
    """Register the ``claimreview`` format."""
    register(Exporter(name="claimreview", description="schema.org ClaimReview JSON-LD, one "
                      "per rated claim.", media_type="application/ld+json", suffix=".jsonld",
                      export=export_claimreview, explain_empty=why_empty))
