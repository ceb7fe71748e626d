"""Detect attribution and quotation: who said or reported what.

- "according to the World Bank" -> ``{"type": "according-to", "source": "the World Bank"}``
- "a recent Globe and Mail story" -> ``{"type": "publication", "source": "Globe and Mail",
  "genre": "story"}``
- "Smith said", "said the minister" -> ``{"type": "reported-speech", "speaker": "Smith",
  "verb": "said"}``
- quoted speech of four words or more, or any quote next to a speech verb ->
  ``{"type": "quote", "quote": "...", "speaker": "..."}`` (speaker when it is named next to
  the quote).
"""

from __future__ import annotations

import re
from functools import cache

from workbench_plugins.shared.scan import (
    LazyPattern,
    Rule,
    Scanner,
    extent,
    first_fits,
    lowercase,
)

from workbench import hookimpl
from workbench.records import Record, make_signal

LANGUAGES = ("en",)  # the words and patterns it reads are English

_VERBS = (r"said|says|told|stated|states|announced|reported|reports|claimed|claims|argued|"
          r"wrote|writes|noted|notes|warned|estimated|estimates|testified|insisted|"
          r"acknowledged|admitted|confirmed|declared|explained|added|revealed|disclosed|found|"
          r"voiced|expressed|denied|accused|alleged|concluded|predicted|promised")
_AUXILIARY = r"(?:\s+(?:has|have|had)(?:\s+(?:already|also|repeatedly|publicly|long))?)?"
_NAME = (r"[A-Z](?:[\w'’-]+|\.)(?:\s+(?:(?:of|the|and|for|de|van|von|al)\s+)?"
         r"[A-Z](?:[\w'’-]+|\.)){0,5}")
_TITLE = (r"(?:(?:[Tt]he|[Bb]oth|[Ss]ome|[Mm]any|[Ss]everal|[Mm]ost)\s+)?"
          r"(?:(?:former|then|current|deputy|foreign|prime|finance|defence|defense|"
          r"chief|senior|a|an)\s+)*(?:minister|president|spokes(?:man|woman|person)|"
          r"secretary|official|officials|ambassador|chancellor|governor|senator|premier|"
          r"economist|analyst|analysts|expert|experts|researchers|scientists|report|study|"
          r"survey|agency|ministry|department|government|company|police|countries|nations|"
          r"states|leaders|governments|authorities|critics|officials|scientists)")
_GENRES = (r"story|report|article|editorial|study|survey|poll|analysis|investigation|"
           r"interview|op-ed|column|piece|statement|paper|press release|review|census|"
           r"estimate|audit|assessment|briefing|book|documentary|broadcast")
_OPEN, _CLOSE = "\"“«", "\"”»"


# The full patterns, most specific first; compiled on first use. A gate lists words
# one of which every match contains (see ``_scan``).
_GENRE_WORDS = tuple(_GENRES.split("|"))
SCANNER = Scanner([
    Rule("according-to", ("according", "reported", "stated", "citing", "cited"), LazyPattern(
        rf"\b(?i:according\s+to|as\s+reported\s+by|as\s+stated\s+by|citing|cited\s+by)\s+"
        rf"(?P<source>(?:(?:the|a|an|its|their|recent|new|latest|official)\s+)*"
        rf"(?:{_NAME}|[a-z]+(?:\s+[a-z]+)?(?=[\s,.;]))(?:\s+(?:{_GENRES}))?)"), 0.7),
    Rule("publication", _GENRE_WORDS, LazyPattern(
        rf"\b(?i:an?|the)\s+(?:(?:recent|new|latest|former|\d{{4}}|confidential|leaked|"
        rf"official|internal)\s+)*(?P<source>{_NAME})\s+(?P<genre>{_GENRES})\b"), 0.65),
    Rule("publication", _GENRE_WORDS, LazyPattern(
        rf"\b(?:(?:in|by|from)\s+)?(?i:an?|the)\s+(?:(?:recent|new|latest|\d{{4}})\s+)*"
        rf"(?P<genre>{_GENRES})\s+(?:by|from|of|in)\s+(?P<source>(?:the\s+)?{_NAME})"), 0.65),
    Rule("reported-speech", tuple(_VERBS.split("|")), LazyPattern(
        rf"\b(?P<speaker>{_NAME}|{_TITLE}){_AUXILIARY}\s*,?\s+(?P<verb>{_VERBS})\b"), 0.55),
    Rule("reported-speech", ("said", "says", "told", "wrote", "added", "noted"), LazyPattern(
        rf"\b(?P<verb>said|says|told|wrote|added|noted)\s+(?P<speaker>{_NAME}|{_TITLE})"),
     0.55),
    Rule("media", ("reports", "accounts", "sources", "figures", "data", "statistics",
                    "records"), LazyPattern(
        r"\b(?P<source>media|news|press|official|government|intelligence|witness)\s+"
        r"(?P<genre>reports|accounts|sources|figures|data|statistics|records)\b", re.I),
     0.5),
])


@cache
def _quote_pattern() -> re.Pattern[str]:
    return re.compile(r"[\"“«](?P<quote>[^\"“”«»\n]{1,600})[\"”»]")


@cache
def _speech_near() -> tuple[re.Pattern[str], re.Pattern[str]]:
    after = re.compile(rf"\s*,?\s*(?:(?P<verb>{_VERBS})\s+(?P<speaker>{_NAME})|"
                       rf"(?P<speaker2>{_NAME}|he|she|they)\s+(?P<verb2>{_VERBS}))\b")
    before = re.compile(rf"(?:(?P<speaker>{_NAME})\s+(?P<verb>{_VERBS})|(?P<verb2>{_VERBS}))"
                        r"(?:\s+that)?\s*[,:]?\s*$")
    return after, before


_VERB_WORDS = tuple(_VERBS.split("|"))


def _may_end_in_speech(window: str) -> bool:
    """False when ``window`` cannot end as the speech before a quote does (a speech verb,
    perhaps "that", a comma or a colon): a test far cheaper than the search it spares."""
    tail = window.rstrip()
    if tail.endswith((",", ":")):
        tail = tail[:-1].rstrip()
    if tail.endswith(_VERB_WORDS):
        return True
    before_that = tail[:-4]
    return tail.endswith("that") and before_that[-1:].isspace() and \
        before_that.rstrip().endswith(_VERB_WORDS)


def _quotes(text: str, start: int, end: int) -> list[Record]:
    """Quotation signals of the quotes that start between ``start`` and ``end``.

    The search starts at the beginning of the text all the same, since where one quote
    ends decides where the next can start.
    """
    signals = []
    for match in _quote_pattern().finditer(text):
        if match.start() < start:
            continue
        if match.start() >= end:
            break
        after, before = _speech_near()  # compiled when a text has quotes
        quote = match["quote"]
        value: dict[str, object] = {"type": "quote", "quote": quote.strip()}
        tail = after.match(text, match.end(), min(len(text), match.end() + 80))
        head = None
        window_start = max(0, match.start() - 80)
        if tail is None and _may_end_in_speech(text[window_start:match.start()]):
            head = before.search(text, window_start, match.start())
        speaker = None
        if tail:
            speaker = tail["speaker"] or tail["speaker2"]
        elif head:
            speaker = head["speaker"]
        if speaker and speaker.lower() not in ("he", "she", "they"):
            value["speaker"] = speaker
        spoken = bool(tail or head)
        words = quote.split()
        if not spoken and (len(words) < 4 or all(w[:1].isupper() for w in words)):
            continue  # a quoted term or title, not quoted speech
        signals.append(make_signal(text, "attribution", match.start(), match.end(),
                                   0.65 if spoken else 0.45, value))
    return signals


def find_attributions(text: str, sentences: list[tuple[int, int]] | None = None
                      ) -> list[Record]:
    """Attribution and quotation signals of ``text`` (within ``sentences``, if given)."""
    signals = []
    for rule, match in first_fits(SCANNER.matches(text, lowercase(text), sentences)):
        found = match.groupdict()
        value: dict[str, object] = {"type": rule.name}
        if found.get("source"):
            value["source"] = " ".join(found["source"].split())
        if found.get("genre"):
            value["genre"] = found["genre"].lower()
        if found.get("speaker"):
            value["speaker"] = " ".join(found["speaker"].split())
        if found.get("verb"):
            value["verb"] = found["verb"].lower()
        signals.append(make_signal(text, "attribution", match.start(), match.end(),
                                   rule.weight, value))
    return signals + _quotes(text, *extent(text, sentences))


@hookimpl
def detect_signals(document: Record, sentences: list[tuple[int, int]]) -> list[Record]:
    """Flag "according to", named reports and stories, reported and quoted speech."""
    return find_attributions(document["text"], sentences)
