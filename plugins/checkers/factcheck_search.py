"""Find published fact-checks of similar claims (Google Fact Check Tools claim search).

Runs only with ``--online`` and when ``WORKBENCH_FACTCHECK_API_KEY`` holds an API key;
``WORKBENCH_FACTCHECK_URL`` sets the API base (default Google's). Each claim is searched
by its content words; a returned claim counts as a match when it shares at least half
of its content words (and three or more) with ours. Matching reviews are attached as
sources of an ``unverified`` verdict whose rationale quotes each publisher's rating:
someone else's review of a similar sentence does not rate this one.
"""

from __future__ import annotations

import os
import re
from typing import Any

from workbench import hookimpl
from workbench.records import Record, make_verdict

DEFAULT_API = "https://factchecktools.googleapis.com"
MAX_REVIEWS = 5
QUERY_WORDS = 12
_STOPWORDS = """a about above after again against all also am an and any are as at
be because been before being between both but by can could did do does doing down during
each few for from further had has have having he her here hers him his how i if in into is
it its itself just me more most my no nor not now of off on once only or other our ours out
over own same she should so some such than that the their theirs them then there these they
this those through to too under until up very was we were what when where which while who
whom why will with would you your said says according"""
STOPWORDS = frozenset(_STOPWORDS.split())
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")  # the review's day is precise enough


def api_key() -> str | None:
    """The configured API key, if any."""
    return os.environ.get("WORKBENCH_FACTCHECK_API_KEY") or None


def api_base() -> str:
    """The API base URL (``WORKBENCH_FACTCHECK_URL``)."""
    return os.environ.get("WORKBENCH_FACTCHECK_URL", DEFAULT_API).rstrip("/")


def content_words(text: str) -> list[str]:
    """Lower-cased words of ``text`` that carry meaning, in order, without repeats."""
    words = re.findall(r"[\w’'-]+", text.casefold())
    return list(dict.fromkeys(w for w in words if w not in STOPWORDS and len(w) > 1))


def similar(ours: list[str], theirs: str) -> bool:
    """Whether a reviewed claim shares enough content words with ours."""
    other = set(content_words(theirs))
    shared = set(ours) & other
    return len(shared) >= 3 and len(shared) >= 0.5 * min(len(set(ours)), len(other))


def search(query: str, key: str) -> list[dict[str, Any]]:
    """The ``claims`` of a claim search (first page)."""
    from workbench.net import NetworkError, get_json

    answer = get_json(f"{api_base()}/v1alpha1/claims:search",
                      params={"query": query, "languageCode": "en", "pageSize": 10,
                              "key": key})
    if not isinstance(answer, dict):
        raise NetworkError(f"GET {api_base()}/v1alpha1/claims:search: unexpected answer")
    claims = answer.get("claims", [])
    return [c for c in claims if isinstance(c, dict)] if isinstance(claims, list) else []


def review_source(found: dict[str, Any], review: dict[str, Any]) -> Record | None:
    """A source for one published review, or ``None`` when it has no URL."""
    url = review.get("url")
    if not isinstance(url, str) or not url:
        return None
    source: Record = {"url": url}
    publisher = (review.get("publisher") or {}).get("name") or \
        (review.get("publisher") or {}).get("site")
    if publisher:
        source["publisher"] = str(publisher)
    if review.get("title"):
        source["title"] = str(review["title"])
    date = DATE.match(str(review.get("reviewDate") or ""))
    if date:
        source["published"] = date.group()
    if found.get("text"):
        source["quote"] = str(found["text"])[:500]
    return source


def describe(source: Record, review: dict[str, Any]) -> str:
    """``PolitiFact (2019-05-01) rated "..." as "False"``."""
    who = source.get("publisher", "a fact-checker")
    when = f" ({source['published'][:10]})" if source.get("published") else ""
    rating = review.get("textualRating") or "no rating given"
    quote = f' "{source["quote"]}"' if source.get("quote") else ""
    return f'{who}{when} rated{quote} as "{rating}"'


@hookimpl
def check_claim(claim: Record, options: Any) -> list[Record] | None:
    """Attach published fact-checks of similar claims (``--online`` with an API key)."""
    key = api_key()
    if not options.online or not key:
        return None
    ours = content_words(claim["text"])
    if len(ours) < 3:
        return None
    sources: list[Record] = []
    lines: list[str] = []
    for found in search(" ".join(ours[:QUERY_WORDS]), key):
        if not similar(ours, str(found.get("text", ""))):
            continue
        for review in found.get("claimReview") or []:
            source = review_source(found, review) if isinstance(review, dict) else None
            if source and len(sources) < MAX_REVIEWS:
                sources.append(source)
                lines.append(describe(source, review))
    if not sources:
        return None
    return [make_verdict("unverified", 0.3, "Published fact-checks of a similar claim: "
                         + "; ".join(lines) + ". Read them before rating this one.", sources)]
