"""SARIF 2.1.0: claims as static-analysis results, for code-scanning views of a pull request.

One result per claim, located by line and column (Unicode code points, declared with
``columnKind``) in the original file; one rule per rating, so a tool can filter on it.
Levels: ``false`` -> error; mostly false, misleading, outdated, mixed -> warning; else note.
"""

from __future__ import annotations

from urllib.parse import quote

from workbench_plugins.shared import review_lines as common
from workbench_plugins.shared.ci_findings import findings, level, message, repository_path

from workbench import hookimpl
from workbench.records import Record
from workbench.review import best_verdict
from workbench.types import Exporter

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _rule(rating: str) -> Record:
    label = common.rating_label(rating)
    return {
        "id": f"workbench/{rating}",
        "name": f"claim-{rating}",
        "shortDescription": {"text": f"Claim rated {label}" if rating != common.NO_VERDICT
                             else "Check-worthy claim without a verdict"},
        "defaultConfiguration": {"level": level(rating)},
    }


def _uri(path: str) -> str:
    """A SARIF artifact URI: a relative path percent-encoded (``my notes.md`` ->
    ``my%20notes.md``); a URL as it is."""
    return path if "://" in path else quote(path)


def _not_shown(review: Record) -> list[Record]:
    """A notification per document whose check-worthy claims were not all shown."""
    notices = []
    for entry in review["documents"]:
        hidden = common.not_shown_line(entry["document"])
        if hidden:
            uri = _uri(repository_path(entry["document"]["uri"]))
            notices.append({"level": "note", "message": {"text": hidden},
                            "locations": [{"physicalLocation": {
                                "artifactLocation": {"uri": uri}}}]})
    return notices


def export_sarif(review: Record) -> str:
    """A SARIF log with one run of workbench and one result per claim."""
    rule_index = {rating: index for index, rating in enumerate(common.RATING_KEYS)}
    results = []
    for finding in findings(review):
        start_line, start_column, end_line, end_column = finding.region
        claim = finding.claim
        verdict = best_verdict(claim)
        properties: Record = {"claimId": claim["id"], "kinds": claim["kinds"],
                              "checkworthiness": claim["checkworthiness"],
                              "positions": "original" if finding.from_original else "text"}
        if verdict:
            properties["confidence"] = verdict["confidence"]
            properties["stale"] = "stale" in verdict
        results.append({
            "ruleId": f"workbench/{finding.rating}",
            "ruleIndex": rule_index[finding.rating],
            "level": finding.level,
            "message": {"text": message(claim)},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": _uri(finding.path)},
                "region": {"startLine": start_line, "startColumn": start_column,
                           "endLine": end_line, "endColumn": end_column,
                           "snippet": {"text": claim["text"]}},
            }}],
            "partialFingerprints": {"workbenchClaimId/v1": claim["id"]},
            "properties": properties,
        })
    run: Record = {
        "tool": {"driver": {"name": "workbench",
                            "version": review["tool"]["version"],
                            "rules": [_rule(rating) for rating in common.RATING_KEYS]}},
        "columnKind": "unicodeCodePoints",
        "results": common.ITEMS,
    }
    notices = _not_shown(review)
    if notices:
        run["invocations"] = [{"executionSuccessful": True,
                               "toolExecutionNotifications": notices}]
    log = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return common.dumps_with_items(log, results)


@hookimpl
def register_exporters(register) -> None:
    """Register the ``sarif`` format."""
    register(Exporter(name="sarif", description="SARIF 2.1.0 for code-scanning views in CI.",
                      media_type="application/sarif+json", suffix=".sarif",
                      export=export_sarif, checkworthy_only=True))
