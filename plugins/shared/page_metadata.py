"""Title, author and publication date of a web page from its JSON-LD and ``<meta>`` tags.

A helper of the HTML loader, not a plugin. JSON-LD that cannot be parsed (bad JSON, or
nested deeper than the parser goes) is ignored: metadata is never worth the page.
"""

from __future__ import annotations

import re
from typing import Any

DATE_META = ("article:published_time", "og:published_time", "datepublished", "date",
             "dc.date", "dc.date.issued", "dcterms.date", "dcterms.created", "pubdate",
             "publish-date", "publish_date", "publication_date", "sailthru.date",
             "parsely-pub-date", "citation_publication_date", "citation_date")
AUTHOR_META = ("author", "article:author", "dc.creator", "byl", "parsely-author",
               "citation_author", "sailthru.author")
TITLE_META = ("og:title", "twitter:title", "citation_title", "dc.title")
ARTICLE_TYPES = ("Article", "NewsArticle", "BlogPosting", "Report", "ScholarlyArticle",
                 "OpinionNewsArticle", "AnalysisNewsArticle", "WebPage", "ReportageNewsArticle")
ISO_DATE = re.compile(r"((?:19|20)\d\d)-([01]\d)-([0-3]\d)")


def as_date(value: Any) -> str | None:
    match = ISO_DATE.search(value) if isinstance(value, str) else None
    if not match:
        return None
    from datetime import date

    try:
        return date(*map(int, match.groups())).isoformat()
    except ValueError:
        return None


def _name(value: Any) -> str | None:
    if isinstance(value, list):
        names = [name for name in map(_name, value) if name]
        return ", ".join(names) or None
    if isinstance(value, dict):
        value = value.get("name")
    return " ".join(value.split()) or None if isinstance(value, str) else None


def _json_ld_articles(scripts: list[str]) -> list[dict[str, Any]]:
    """The Article-like objects of the page's JSON-LD; a script that cannot be parsed (bad
    JSON, or nested too deep for the parser) is ignored, the page's text is kept."""
    import json

    found: list[dict[str, Any]] = []
    for script in scripts:
        try:
            todo = [json.loads(script)]
        except (ValueError, RecursionError):
            continue
        while todo:  # a stack, not recursion: nesting depth costs nothing
            node = todo.pop()
            if isinstance(node, list):
                todo.extend(reversed(node))
            elif isinstance(node, dict):
                kind = node.get("@type")
                kinds = kind if isinstance(kind, list) else [kind]
                if any(k in ARTICLE_TYPES for k in kinds if isinstance(k, str)):
                    found.append(node)
                todo.append(node.get("@graph"))
    return found


def page_metadata(json_ld: list[str], meta: dict[str, str], title_text: str,
                  first_h1: str | None, times: list[str]) -> dict[str, str | None]:
    """Title, author and publication date from JSON-LD, ``<meta>``, ``<title>``, the first
    ``<h1>`` and ``<time>``, best source first."""
    articles = _json_ld_articles(json_ld)
    title = next((a["headline"] for a in articles if isinstance(a.get("headline"), str)), None)
    title = title or next((meta[k] for k in TITLE_META if meta.get(k)), None)
    title = title or title_text or first_h1
    author = next((n for n in (_name(a.get("author")) for a in articles) if n), None)
    author = author or next((meta[k] for k in AUTHOR_META
                             if meta.get(k) and not meta[k].startswith("http")), None)
    published = next((d for d in (as_date(a.get("datePublished")) for a in articles) if d),
                     None)
    published = published or next((d for d in map(as_date, (meta.get(k) for k in DATE_META))
                                   if d), None)
    published = published or next((d for d in map(as_date, times) if d), None)
    return {"title": " ".join(title.split()) if title else None, "author": author,
            "published": published}
