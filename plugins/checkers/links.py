"""Check the links an article cites: status, final URL and title; archived copies of dead ones.

Runs only with ``--online``. ``annotate_document`` makes one concurrent pass over every
link of the document (``metadata["links"]`` from the loader,
plus URLs written out in the text): HEAD first, GET when HEAD is refused or the page is
HTML (for its title). A link that is dead or unreachable is looked up in the Wayback
Machine's availability API (``WORKBENCH_WAYBACK_URL``, default ``https://archive.org``).

Results go to two places:

- ``document["metadata"]["link_checks"]``: one record per link (url, status, final_url,
  title, archived_url, error, checked), so every link of the article is reported;
- each check-worthy claim whose sentence holds a link gets an ``unverified`` verdict whose
  sources are its links and whose rationale states each link's status. A live link is
  not evidence that the claim is true, so nothing here rates a claim.
"""

from __future__ import annotations

import os
import re
from functools import cache
from typing import Any

from workbench import hookimpl
from workbench.records import Record, make_verdict, now

TRAILING = ".,;:!?)]}'\"’”"
DEAD = {404, 410}
TITLE_BYTES = 262_144
DEFAULT_WAYBACK = "https://archive.org"


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[bytes]]:
    """URLs written in text, and an HTML title; compiled on first use, not at start-up."""
    return (re.compile(r"\bhttps?://[^\s<>\"'`{}|\\^\[\]]+", re.I),
            re.compile(rb"<title[^>]*>(.*?)</title\s*>", re.I | re.S))


def wayback_url() -> str:
    """Base URL of the Wayback Machine availability API (``WORKBENCH_WAYBACK_URL``)."""
    return os.environ.get("WORKBENCH_WAYBACK_URL", DEFAULT_WAYBACK).rstrip("/")


def document_links(document: Record) -> list[Record]:
    """Every link of the document once, ``{"url", "spans": [(start, end)...]}``, loader
    links first, then URLs written out in the text."""
    links: list[Record] = []
    seen: dict[str, Record] = {}
    for link in (document.get("metadata") or {}).get("links") or []:
        url = link.get("url") if isinstance(link, dict) else None
        if not isinstance(url, str) or not url.lower().startswith(("http://", "https://")):
            continue
        entry = {"url": url, "spans": []}
        span = link.get("span")
        if isinstance(span, dict) and {"start", "end"} <= span.keys():
            entry["spans"].append((span["start"], span["end"]))
        if url in seen:
            seen[url]["spans"].extend(entry["spans"])
            continue
        seen[url] = entry
        links.append(entry)
    for match in _patterns()[0].finditer(document["text"]):
        url = match.group().rstrip(TRAILING)
        span = (match.start(), match.start() + len(url))
        if url in seen:
            if span not in seen[url]["spans"]:
                seen[url]["spans"].append(span)
            continue
        seen[url] = {"url": url, "spans": [span]}
        links.append(seen[url])
    return links


def page_title(response: Any) -> str | None:
    """The ``<title>`` of an HTML response, unescaped and with white space collapsed."""
    import html

    if "html" not in response.headers.get("Content-Type", "").lower():
        return None
    match = _patterns()[1].search(response.content[:TITLE_BYTES])
    if not match:
        return None
    declared = "charset" in response.headers.get("Content-Type", "").lower()
    raw = match.group(1).decode(response.encoding if declared else "utf-8", errors="replace")
    title = " ".join(html.unescape(raw).split())
    return title or None


def archived_copy(url: str, published: str | None) -> str | None:
    """The closest Wayback Machine snapshot of ``url`` (near ``published``), if any."""
    from workbench.net import NetworkError, get_json

    params = {"url": url}
    if published:
        params["timestamp"] = published[:10].replace("-", "")
    answer = get_json(f"{wayback_url()}/wayback/available", params=params)
    if not isinstance(answer, dict):
        raise NetworkError(f"GET {wayback_url()}/wayback/available: unexpected answer")
    closest = (answer.get("archived_snapshots") or {}).get("closest") or {}
    if closest.get("available") and isinstance(closest.get("url"), str):
        return closest["url"]
    return None


def check_link(url: str, published: str | None) -> Record:
    """Fetch ``url`` (HEAD, then GET if needed) and describe what came back."""
    from workbench.net import AddressRefused, NetworkError, fetch, fetched_at

    result: Record = {"url": url, "status": None, "final_url": None, "title": None,
                      "archived_url": None, "error": None, "checked": now()}
    try:
        response = fetch("HEAD", url, allow_redirects=True)
        html_page = "html" in response.headers.get("Content-Type", "").lower()
        if response.status_code >= 400 or html_page:  # HEAD refused, or a title to read
            response = fetch("GET", url, allow_redirects=True)
        result.update(status=response.status_code, final_url=response.url,
                      title=page_title(response), method=response.request.method,
                      checked=fetched_at(response))
    except AddressRefused as error:
        result["error"] = str(error)
        return result  # never ask an archive about an address we refuse to reach
    except NetworkError as error:
        result["error"] = str(error)
    except Exception as error:  # one malformed link must not stop the others
        result["error"] = f"{type(error).__name__}: {error}"
    if result["status"] is None or result["status"] >= 400:
        try:
            result["archived_url"] = archived_copy(url, published)
            result["archive_checked"] = True
        except NetworkError as error:
            result["archive_error"] = str(error)
    return result


def check_links(document: Record) -> list[Record]:
    """Check every link of ``document`` concurrently; the results keep document order."""
    from workbench.net import map_bounded

    links = document_links(document)
    published = document.get("published")
    results = map_bounded(lambda link: check_link(link["url"], published), links)
    for link, result in zip(links, results, strict=True):
        result["spans"] = [{"start": start, "end": end} for start, end in link["spans"]]
    return results


def describe(result: Record) -> str:
    """One sentence on a checked link: its status, where it ended and what it is called."""
    if result["status"] is None:
        state = f"could not be fetched ({result['error']})"
    elif result["status"] in DEAD:
        state = f"is dead (HTTP {result['status']})"
    elif result["status"] >= 400:
        state = f"answers with an error (HTTP {result['status']})"
    else:
        state = f"answers HTTP {result['status']}"
    parts = [f"{result['url']} {state}"]
    if result["final_url"] and result["final_url"] != result["url"]:
        parts.append(f"redirects to {result['final_url']}")
    if result["title"]:
        parts.append(f'title "{result["title"]}"')
    if result["archived_url"]:
        parts.append(f"archived copy {result['archived_url']}")
    elif result.get("archive_error"):
        parts.append(f"archive lookup failed ({result['archive_error']})")
    elif result.get("archive_checked"):
        parts.append("no archived copy found")
    return "; ".join(parts)


@hookimpl
def annotate_document(document: Record, options: Any) -> Record | None:
    """Check every link of the document once, into ``metadata["link_checks"]`` (online)."""
    if not options.online or not document_links(document):
        return None
    return {"link_checks": check_links(document)}


@hookimpl
def check_claim(claim: Record, document: Record, options: Any) -> list[Record] | None:
    """Report the status of the links cited in the claim's sentence (``--online`` only)."""
    if not options.online:
        return None
    start, end = claim["span"]["start"], claim["span"]["end"]
    checked = (document.get("metadata") or {}).get("link_checks") or []
    inside = [result for result in checked
              if any(start <= span["start"] < end for span in result["spans"])]
    if not inside:
        return None
    sources = []
    for result in inside:
        source: Record = {"url": result["url"], "accessed": result["checked"]}
        if result["title"]:
            source["title"] = result["title"]
        if result["archived_url"]:
            source["archived_url"] = result["archived_url"]
        sources.append(source)
    rationale = ("Cited link checked, not the claim itself: "
                 + " | ".join(describe(r) for r in inside) + ".")
    return [make_verdict("unverified", 0.2, rationale, sources)]
