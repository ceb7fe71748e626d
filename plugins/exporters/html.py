"""The review as one self-contained HTML page: the article with its claims highlighted.

Everything is inline (style sheet, script, data), so the page works offline, from a mail
attachment and on paper. A Content-Security-Policy allows only the page's own script (by
hash) and no network request at all. Every piece of text from an article, a plugin or a
source is HTML-escaped; only http(s) source URLs become links.
"""

from __future__ import annotations

import json
from collections import Counter

from workbench_plugins.shared import review_lines as common

from workbench import hookimpl
from workbench.records import Record
from workbench.review import best_verdict
from workbench.types import Exporter
from workbench.visible import visible, visible_with_offsets

_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;",
                          "'": "&#x27;"})


def _e(text: object) -> str:
    """``text`` escaped for HTML content and quoted attribute values (as html.escape),
    control characters and bidirectional overrides shown as escapes."""
    return visible(str(text)).translate(_ESCAPES)


def _script_json(value: object) -> str:
    """JSON that cannot end its ``<script>`` element early, whatever the strings hold."""
    return (json.dumps(value, ensure_ascii=False, separators=(",", ":"))
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def _badge(rating: str) -> str:
    return f'<span class="badge rating-{rating}">{_e(common.rating_label(rating))}</span>'


def _source_item(source: Record) -> str:
    label = _e(common.source_label(source))
    url = common.web_url(source.get("url"))
    if url:
        head = (f'<a class="source" href="{_e(url)}" rel="noopener noreferrer nofollow" '
                f'target="_blank">{label}</a>')
    else:
        head = label
        if source.get("url") and source["url"] != common.source_label(source):
            head += f' <span class="url">{_e(source["url"])}</span>'
    details = [_e(value) for value in (source.get("publisher"), source.get("published"))
               if value and value != common.source_label(source)]
    quote = f" “{_e(source['quote'])}”" if source.get("quote") else ""
    return f"<li>{head}{', ' + ', '.join(details) if details else ''}{quote}</li>"


def _stale_html(claim: Record, verdict: Record) -> list[str]:
    versions = common.stale_versions(claim, verdict)
    if versions is None:
        return []
    return [f'<p class="stale"><strong>Stale:</strong> {_e(verdict["stale"]["reason"])}. '
            f'Rated: <q class="rated">{_e(versions[0])}</q>; now: '
            f'<q class="now">{_e(versions[1])}</q>.</p>']


def _verdict_html(verdict: Record, claim: Record) -> list[str]:
    origin = verdict["origin"]
    stale = ' <span class="badge stale">stale</span>' if "stale" in verdict else ""
    out = [f'<p class="head">{_badge(verdict["rating"])}{stale} confidence '
           f'{verdict["confidence"]:.2f} · {_e(origin["type"])} {_e(origin["name"])}</p>',
           *_stale_html(claim, verdict),
           f'<p class="rationale">{_e(verdict["rationale"])}</p>']
    if verdict.get("computation"):
        out.append(f'<p class="computation">Computation: {_e(verdict["computation"])}</p>')
    if verdict["sources"]:
        out.append('<ul class="sources">'
                   + "".join(_source_item(source) for source in verdict["sources"]) + "</ul>")
    if verdict.get("leads"):
        out.append('<p class="leads">Leads (where to check; not evidence):</p><ul '
                   'class="sources">' + "".join(_source_item(source)
                                                for source in verdict["leads"]) + "</ul>")
    return out


def _claim_item(element_id: str, claim: Record) -> str:
    rating = common.rating_of(claim)
    best = best_verdict(claim)
    out = [f'<li class="claim" id="{element_id}" data-rating="{rating}" '
           f'data-kinds="{_e(" ".join(claim["kinds"]))}">']
    out.append(f"<blockquote>{_e(claim['text'])}</blockquote>")
    if best is None:
        out.append(f'<p class="head">{_badge(rating)}</p>')
    else:
        out += _verdict_html(best, claim)
    others = [v for v in claim["verdicts"] if v is not best]
    if others:
        out.append(f"<details><summary>{len(others)} other verdicts</summary>"
                   + "".join("".join(_verdict_html(v, claim)) for v in others)
                   + "</details>")
    if claim["notes"]:
        out.append('<ul class="notes">' + "".join(
            f"<li>{_e(note['text'])} <span class=\"meta\">— {_e(note['author'])}, "
            f"{_e(note['created'])}</span></li>" for note in claim["notes"]) + "</ul>")
    kinds = ", ".join(claim["kinds"]) or "none"
    out.append(f'<p class="meta">Score {claim["checkworthiness"]:.2f} · kinds: {_e(kinds)} · '
               f'status: {_e(claim["status"])} <a class="back" href="#{element_id}" '
               f'data-claim="{element_id}" hidden>show in text</a></p></li>')
    return "".join(out)


def _document_section(index: int, entry: Record) -> tuple[str, Record]:
    document = entry["document"]
    text, at = visible_with_offsets(document["text"])
    claims = sorted(entry["claims"], key=lambda c: (c["span"]["start"], c["span"]["end"]))
    data_claims = []
    items = []
    for claim in claims:
        element_id = f"d{index}-{claim['id']}"
        items.append(_claim_item(element_id, claim))
        data_claims.append({"el": element_id, "start": at(claim["span"]["start"]),
                            "end": at(claim["span"]["end"]), "rating": common.rating_of(claim)})
    meta = [_e(document["uri"])]
    meta += [f"{label} {_e(document[key])}" for key, label in
             (("author", "by"), ("published", "published")) if document.get(key)]
    title = document.get("title") or document["uri"]
    hidden = common.not_shown_line(document)
    section = (
        f'<section class="document" id="doc-{index}"><h2>{_e(title)}</h2>'
        f'<p class="meta">{" · ".join(meta)} · {len(claims)} claims</p>'
        f'<div class="layout"><article class="text" data-doc="{index}">'
        f'{_e(text)}</article><aside><h3>Claims</h3>'
        + (f'<ol class="claims">{"".join(items)}</ol>' if items else "<p>No claims to show.</p>")
        + (f'<p class="not-shown">{_e(hidden)}.</p>' if hidden else "")
        + "</aside></div></section>"
    )
    return section, {"text": text, "claims": data_claims}


def _checkboxes(name: str, counts: Counter[str], labels: dict[str, str]) -> str:
    return "".join(
        f'<label><input type="checkbox" name="{name}" value="{_e(value)}" checked> '
        f"{labels.get(value, _e(value))} ({count})</label>" for value, count in counts.items())


def export_html(review: Record) -> str:
    """One standalone page: highlighted articles, claim notes, summary and filters."""
    import hashlib
    from base64 import b64encode

    from workbench_plugins.shared.html_assets import CSS, SCRIPT

    claims = [claim for entry in review["documents"] for claim in entry["claims"]]
    ratings = Counter(common.rating_of(claim) for claim in claims)
    rating_counts = Counter({r: ratings[r] for r in common.RATING_KEYS if ratings[r]})
    kinds = Counter(kind for claim in claims for kind in claim["kinds"])
    kind_counts = Counter(dict(sorted(kinds.items())))
    sections, data = [], []
    for index, entry in enumerate(review["documents"]):
        section, doc_data = _document_section(index, entry)
        sections.append(section)
        data.append(doc_data)
    digest = b64encode(hashlib.sha256(SCRIPT.encode("utf-8")).digest()).decode("ascii")
    rating_labels = {r: f'<span class="swatch rating-{r}"></span>{_e(common.rating_label(r))}'
                     for r in common.RATING_KEYS}
    rows = "".join(f'<tr><td>{rating_labels[r]}</td><td class="count">{n}</td></tr>'
                   for r, n in rating_counts.items())
    summary = review["summary"]
    counts = common.counts_line(summary["documents"], len(claims), summary["checkworthy"])
    kind_fieldset = (f"<fieldset><legend>Kind</legend>"
                     f"{_checkboxes('kind', kind_counts, {})}</fieldset>" if kind_counts else "")
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        f"style-src 'unsafe-inline'; script-src 'sha256-{digest}'; img-src data:; "
        "base-uri 'none'; form-action 'none'\">"
        '<meta name="referrer" content="no-referrer">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="generator" content="workbench {_e(review["tool"]["version"])}">'
        f"<title>Workbench review</title><style>{CSS}</style></head><body>"
        "<header><h1>Workbench review</h1>"
        f'<p class="meta">{counts}. Generated {_e(review["generated"])} by '
        f'workbench {_e(review["tool"]["version"])}.</p>'
        '<table class="summary"><caption>Claims by rating</caption><thead><tr><th>Rating'
        f"</th><th>Claims</th></tr></thead><tbody>{rows}</tbody></table>"
        '<form id="filters" hidden><fieldset><legend>Rating</legend>'
        f"{_checkboxes('rating', rating_counts, rating_labels)}</fieldset>{kind_fieldset}"
        '<span id="shown"></span></form></header><main>'
        + "".join(sections)
        + "</main>"
        f'<script type="application/json" id="workbench-data">'
        f'{_script_json({"documents": data})}</script>'
        f"<script>{SCRIPT}</script></body></html>\n"
    )


@hookimpl
def register_exporters(register) -> None:
    """Register the ``html`` format."""
    register(Exporter(name="html", description="A standalone HTML page: the article with "
                      "its claims highlighted, verdicts, sources and filters.",
                      media_type="text/html", suffix=".html", export=export_html,
                      checkworthy_only=True))
