"""The review as a Markdown report for a pull request or a CMS note.

Per document: its claims in reading order, each with the best verdict, confidence,
rationale, computation, linked sources and notes. Text from articles, plugins and sources
is escaped, so it never turns into markup, links, images or raw HTML; only http(s) source
URLs become links.
"""

from __future__ import annotations

import re
from collections import Counter

from workbench_plugins.shared import review_lines as common

from workbench import hookimpl
from workbench.locations import Locator
from workbench.records import Record
from workbench.review import best_verdict
from workbench.types import Exporter
from workbench.visible import visible

_ESCAPES = str.maketrans({char: "\\" + char for char in "\\`*_[]<>|~!&{}"})
OVERVIEW_QUOTE = 100
_LINE_START = re.compile(r"([-+=#>]|\d+(?=[.)]))")


def inline(text: str) -> str:
    """``text`` on one line with every Markdown-active character escaped."""
    text = " ".join(text.split()).translate(_ESCAPES)
    match = _LINE_START.match(text)
    if match:  # would start a list, heading or quote: escape its punctuation
        end = match.end()
        text = (text[:end] + "\\" + text[end:] if match.group().isdigit()
                else "\\" + text)
    return text


def code(text: str) -> str:
    """``text`` as a code span, or escaped when it holds a backtick or a line break."""
    return f"`{text}`" if "`" not in text and "\n" not in text and text.strip() else inline(text)


def _link(source: Record) -> str:
    label = inline(common.source_label(source))
    url = common.web_url(source.get("url"))
    if url:
        return f"[{label}](<{url.replace('<', '%3C').replace('>', '%3E')}>)"
    if source.get("url") and source["url"] != common.source_label(source):
        return f"{label} ({inline(source['url'])})"
    return label


def _source(source: Record) -> str:
    details = [inline(value) for value in (source.get("publisher"), source.get("published"))
               if value and value != common.source_label(source)]
    quote = f" — “{inline(source['quote'])}”" if source.get("quote") else ""
    return f"- {_link(source)}{', ' + ', '.join(details) if details else ''}{quote}"


def _stale(claim: Record, verdict: Record) -> list[str]:
    versions = common.stale_versions(claim, verdict)
    if versions is None:
        return []
    return [f"**Stale:** {inline(verdict['stale']['reason'])}. Rated: “{inline(versions[0])}”; "
            f"now: “{inline(versions[1])}”.", ""]


def _claim(number: int, claim: Record, line: int, verdict: Record | None) -> list[str]:
    rating = verdict["rating"] if verdict else common.NO_VERDICT
    stale = " (stale)" if verdict and "stale" in verdict else ""
    out = [f"### {number}. {common.rating_label(rating).capitalize()}{stale} — line {line}",
           "", f"> {inline(claim['text'])}", ""]
    if verdict is None:
        out += ["No verdict yet.", ""]
    else:
        origin = verdict["origin"]
        out += [f"**Verdict:** {common.rating_label(rating)}, confidence "
                f"{verdict['confidence']:.2f} ({origin['type']} {inline(origin['name'])}). "
                f"{inline(verdict['rationale'])}", "", *_stale(claim, verdict)]
        if verdict.get("computation"):
            out += [f"**Computation:** {inline(verdict['computation'])}", ""]
        if verdict["sources"]:
            out += ["**Sources:**", "", *(_source(s) for s in verdict["sources"]), ""]
        if verdict.get("leads"):
            out += ["**Leads** (where to check; not evidence):", "",
                    *(_source(s) for s in verdict["leads"]), ""]
    if claim["notes"]:
        out += ["**Notes:**", "", *(f"- {inline(n['text'])} — {inline(n['author'])}, "
                                    f"{n['created']}" for n in claim["notes"]), ""]
    kinds = ", ".join(claim["kinds"]) or "none"
    out += [f"Kinds: {kinds} · score {claim['checkworthiness']:.2f} · status "
            f"{claim['status']} · id `{claim['id']}`", ""]
    return out


def _overview(claims: list[tuple[Record, int, Record | None]]) -> list[str]:
    """A table of a document's claims: where, how check-worthy, what, which verdict."""
    out = ["| # | Line | Score | Claim | Kinds | Verdict |", "|---:|---:|---:|---|---|---|"]
    for number, (claim, line, verdict) in enumerate(claims, 1):
        text = " ".join(claim["text"].split())
        if len(text) > OVERVIEW_QUOTE:
            text = text[:OVERVIEW_QUOTE - 1] + "…"
        rating = (f"**{common.rating_label(verdict['rating'])}** ({verdict['confidence']:.2f})"
                  + (", stale" if "stale" in verdict else "") if verdict else "no verdict")
        out.append(f"| {number} | {line} | "
                   f"{claim['checkworthiness']:.2f} | {inline(text)} | "
                   f"{', '.join(claim['kinds']) or '-'} | {rating} |")
    return [*out, ""]


def export_markdown(review: Record) -> str:
    """A readable report: summary by rating, then each document's claims in order."""
    summary = review["summary"]
    claims = [claim for entry in review["documents"] for claim in entry["claims"]]
    ratings = Counter(common.rating_of(claim) for claim in claims)
    out = [
        "# Workbench review", "",
        f"{common.counts_line(summary['documents'], len(claims), summary['checkworthy'])}. "
        f"Generated {review['generated']} by "
        f"workbench {review['tool']['version']}.", "",
    ]
    if claims:
        out += ["| Rating | Claims |", "|---|---:|"]
        out += [f"| {common.rating_label(r)} | {ratings[r]} |"
                for r in common.RATING_KEYS if ratings[r]]
        out.append("")
    for entry in review["documents"]:
        document = entry["document"]
        meta = [f"Source: {code(document['uri'])}"]
        meta += [f"{label} {inline(document[key])}" for key, label in
                 (("author", "by"), ("published", "published")) if document.get(key)]
        out += [f"## {inline(document.get('title') or document['uri'])}", "",
                " · ".join(meta), ""]
        if not entry["claims"]:
            out += ["No claims to show.", ""]
            continue
        locator = Locator(document)
        ordered = [(claim, locator.position(claim["span"]["start"])[0], best_verdict(claim))
                   for claim in sorted(entry["claims"],
                                       key=lambda c: (c["span"]["start"], c["span"]["end"]))]
        out += _overview(ordered)
        hidden = common.not_shown_line(document)
        if hidden:
            out += [f"*{inline(hidden)}.*", ""]
        for number, (claim, line, verdict) in enumerate(ordered, 1):
            out += _claim(number, claim, line, verdict)
    if review["failures"]:
        out += ["## Plugin failures", ""]
        out += [f"- {inline(f['plugin'])} on {inline(f['document'])}: {inline(f['message'])}"
                for f in review["failures"]]
        out.append("")
    return visible("\n".join(out).rstrip("\n") + "\n")


@hookimpl
def register_exporters(register) -> None:
    """Register the ``markdown`` format."""
    register(Exporter(name="markdown", description="A Markdown report: claims in document "
                      "order with verdicts, rationale and sources.",
                      media_type="text/markdown", suffix=".md", export=export_markdown,
                      checkworthy_only=True))
