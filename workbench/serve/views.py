"""What the pages show, worked out from records: highlighted article text, the claims a
filter keeps in the order asked, readable history, and text made safe to display.

Text from articles, plugins and people is always escaped (Jinja's autoescaping) and its
invisible controls (bidirectional overrides and isolates, C0 and C1 controls but tab and
new line) are shown as visible marks, so no text can reorder or hide what is around it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from workbench.review import RATINGS, best_verdict, changed_words
from workbench.store.base import STATUSES

Record = dict[str, Any]

NO_VERDICT = "none"
RATING_KEYS = (*RATINGS, NO_VERDICT)
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
WEB_URL = re.compile(r"https?://[^\s\x00-\x1f\x7f]+\Z", re.IGNORECASE)
SORTS = {"position": "Position in the text", "score": "Check-worthiness",
         "status": "Status", "rating": "Rating", "stale": "Stale first"}


def visible(text: object) -> Markup:
    """``text`` escaped for HTML, each invisible control shown as a mark naming it."""
    escaped = str(escape(str(text)))
    return Markup(CONTROLS.sub(
        lambda m: f'<span class="ctl" title="U+{ord(m.group()):04X}">'
                  f"⟨U+{ord(m.group()):04X}⟩</span>", escaped))


def web_url(url: object) -> str | None:
    """``url`` when it is an http(s) URL safe to make a link of (never ``javascript:``)."""
    return url if isinstance(url, str) and WEB_URL.match(url) else None


def rating_of(claim: Record) -> str:
    """The best verdict's rating, or ``none``."""
    verdict = best_verdict(claim)
    return verdict["rating"] if verdict else NO_VERDICT


def rating_label(rating: str) -> str:
    """``mostly-true`` -> ``mostly true``; ``none`` -> ``no verdict``."""
    return "no verdict" if rating == NO_VERDICT else rating.replace("-", " ")


def is_stale(claim: Record) -> bool:
    """True when the claim's best verdict is a reviewer's that rated other words."""
    verdict = best_verdict(claim)
    return verdict is not None and "stale" in verdict


def stale_versions(claim: Record, verdict: Record) -> tuple[str, str]:
    """The words a stale verdict rated and the claim's words now (the part that changed)."""
    return changed_words(verdict.get("quote", ""), claim["text"])


def faint(claim: Record) -> bool:
    """True for a claim nobody needs to read (below the check-worthiness threshold, new,
    without a verdict): the article shows it dotted rather than highlighted, as the HTML
    review leaves it out."""
    return (not claim["checkworthy"] and claim["status"] == "new"
            and not claim["verdicts"])


@dataclass(frozen=True)
class Piece:
    """A stretch of an article's text, inside a claim's highlight or not."""

    text: str
    claim: Record | None = None


def pieces(text: str, claims: Iterable[Record]) -> list[Piece]:
    """The text cut at claim boundaries, in order; overlapping claims are shown from where
    the previous one ends."""
    out: list[Piece] = []
    position = 0
    for claim in sorted(claims, key=lambda c: (c["span"]["start"], c["span"]["end"])):
        start, end = max(claim["span"]["start"], position), claim["span"]["end"]
        if end <= start:
            continue
        if start > position:
            out.append(Piece(text[position:start]))
        out.append(Piece(text[start:end], claim))
        position = end
    if position < len(text):
        out.append(Piece(text[position:]))
    return out


@dataclass(frozen=True)
class ClaimQuery:
    """What a claims list keeps and how it is ordered (from the page's query string)."""

    q: str = ""
    status: str = ""
    rating: str = ""
    kind: str = ""
    assignee: str = ""
    stale: bool = False
    checkworthy: bool = False
    sort: str = "position"

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> ClaimQuery:
        """The query a page's parameters ask for; unknown values are ignored."""
        status = args.get("status", "")
        rating = args.get("rating", "")
        sort = args.get("sort", "position")
        return cls(q=args.get("q", "").strip()[:200],
                   status=status if status in STATUSES else "",
                   rating=rating if rating in RATING_KEYS else "",
                   kind=args.get("kind", "")[:64], assignee=args.get("assignee", "")[:64],
                   stale=args.get("stale") == "1", checkworthy=args.get("checkworthy") == "1",
                   sort=sort if sort in SORTS else "position")

    def keeps(self, claim: Record) -> bool:
        """True when ``claim`` passes every filter of the query."""
        return ((not self.q or self.q.casefold() in claim["text"].casefold())
                and (not self.status or claim["status"] == self.status)
                and (not self.rating or rating_of(claim) == self.rating)
                and (not self.kind or self.kind in claim["kinds"])
                and (not self.assignee or (claim.get("assignee") or "-") == self.assignee)
                and (not self.stale or is_stale(claim))
                and (not self.checkworthy or claim["checkworthy"]))

    def apply(self, claims: Iterable[Record]) -> list[Record]:
        """The claims the query keeps, in its order."""
        kept = [claim for claim in claims if self.keeps(claim)]
        position = {claim["id"]: (claim["document_id"], claim["span"]["start"])
                    for claim in kept}
        keys: dict[str, Any] = {
            "position": lambda c: position[c["id"]],
            "score": lambda c: (-c["checkworthiness"], position[c["id"]]),
            "status": lambda c: (STATUSES.index(c["status"]), position[c["id"]]),
            "rating": lambda c: (RATING_KEYS.index(rating_of(c)), position[c["id"]]),
            "stale": lambda c: (not is_stale(c), position[c["id"]]),
        }
        return sorted(kept, key=keys[self.sort])

    def active(self) -> bool:
        """True when some filter is set."""
        return bool(self.q or self.status or self.rating or self.kind or self.assignee
                    or self.stale or self.checkworthy)


def facets(claims: list[Record]) -> dict[str, Counter[str]]:
    """How many claims have each status, rating and kind (for the filter menus)."""
    return {"status": Counter(c["status"] for c in claims),
            "rating": Counter(rating_of(c) for c in claims),
            "kind": Counter(kind for c in claims for kind in c["kinds"])}


def _value(value: Any) -> str:
    if isinstance(value, dict):
        return "; ".join(f"{key}: {_value(item)}" for key, item in value.items()
                         if key not in ("sources", "quote_sha256", "origin", "confidence"))
    if isinstance(value, list):
        return ", ".join(_value(item) for item in value)
    return "-" if value is None else str(value)


def history_line(entry: Record) -> str:
    """One audit entry for reading: what changed, before and after."""
    action, before, after = entry["action"], entry["before"], entry["after"]
    if action == "created":
        return f"found in {after.get('document_id')}, status {after.get('status')}"
    if action == "verdict":
        return (f"verdict {after['rating']} ({after['confidence']:.2f}) by "
                f"{after['origin']['name']}: {after['rationale']}")
    if action == "note":
        return f"note: {after['text']}"
    if action == "stale":
        verdicts = ", ".join(f"{v['rating']} by {v['by']}" for v in before["verdicts"])
        return (f"{verdicts} now stale ({after['reason']}); status {before['status']} → "
                f"{after['status']}")
    if action == "reworded":
        return f"rewords {before['claim']}: “{before['text']}” → “{after['text']}”"
    if action == "reanchored":
        parts = [f"carried to {after['document_id']}, characters {after['span']['start']}–"
                 f"{after['span']['end']}"]
        if before["text"] != after["text"]:
            old, new = changed_words(before["text"], after["text"])
            parts.append(f"text “{old}” → “{new}”")
        if before["status"] != after["status"]:
            parts.append(f"status {before['status']} → {after['status']}")
        return "; ".join(parts)
    if action == "orphaned":
        return f"{before['status']} → orphaned: its text left the article"
    if action == "status":
        return f"{before['status']} → {after['status']}"
    if action == "assigned":
        return f"{before['assignee'] or 'nobody'} → {after['assignee'] or 'nobody'}"
    return f"{_value(before)} → {_value(after)}"
