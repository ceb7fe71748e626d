"""Find page furniture in text that arrived flattened: lines that are not the article.

Rules are general, line by line, and each drop says why:

- *stray markup*: a line that is mostly HTML tags;
- *reading time*, *dateline*, *interface text*: short lines matching a small set of
  patterns that recur on news sites and blogs ("5 min read", "Published March 14, 2025",
  "Table of Contents", "Share this article", "Unable to load ...", "close");
- *licence or copyright notice*: "©", "All rights reserved", Creative Commons licences;
- *link-dense line*: a line that is mostly URLs or Markdown links;
- *repeated line*: a title-like line (no closing full stop) already seen earlier in the
  same document, as a page's header, sidebar and footer repeat the headline; repeated
  sentences are kept (each gets its own claim id);
- *short line without a verb*: headings, labels and menu entries ("Bullet Points:").
  Lines holding a digit are kept (they may state a figure), as are lines that continue
  hard-wrapped prose. Only in English text that arrived flattened (plain text, Markdown,
  PDF): the verbs are English, and in a web page or a Word file a short line is a
  heading the loader (and, for a page, the article extractor) has already judged.

The text is never changed: the core records the ranges and makes no claim from them.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from workbench import hookimpl
from workbench.claims import normalize
from workbench.records import Record

SHORT_WORDS = 12  # a "short line" has at most this many words
NOTICE_WORDS = 40  # a licence line longer than this is prose about licences
NOTICE_CHARS = 600  # no furniture line (but stray markup) is longer than this
WRAPPED_MIN = 40  # a line this long without a final stop may continue on the next line
REPEATED_MAX = 200  # longer lines are prose, never dropped for being repeated

# Common verbs and auxiliaries: a line with none of them (nor an -ed/-ing form) asserts nothing.
VERBS = frozenset(str.split("""
am is are was were be been being has have had having do does did done doing will would
shall should can could may might must ought says said say tells told shows show shown
makes made make takes took taken gives gave given gets got goes went gone comes came
becomes became remains remained seems seemed means meant leads led finds found holds held
keeps kept knows knew known thinks thought sees saw seen wins won loses lost pays paid
rises rose falls fell grows grew grown hits spends spent sets puts cuts runs ran begins
began begun stands stood brings brought buys bought sells sold builds built sends sent
needs wants calls uses works plays moves lives believes expects reports claims warns
says adds agrees plans fails tries offers helps faces signs signed imposes raises
"""))
VERB_SUFFIX = re.compile(r"[a-z]{2,}(?:ed|ing)$")
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
LINE = re.compile(r"[^\n]+")
TAG = re.compile(r"</?[A-Za-z][^<>]{0,400}>")
LINK = re.compile(r"\[[^\]\n]*\]\([^)\s]+\)|<?https?://\S+|\bwww\.\S+")
UI_PATTERNS: tuple[tuple[str, str], ...] = (
    ("reading time",
     r"\b\d+\s*(?:-\s*)?(?:min(?:ute)?s?|hours?|hrs?)\.?\s+(?:read|reading|listen)\b"),
    ("dateline", r"^(?:first\s+)?(?:posted|post|published|updated|last\s+updated)\b"
                 r"(?:\s+on)?\s*:?\s*(?:\w+\s+)?\d"),
    ("interface text",
     r"^(?:table\s+of\s+contents|contents|toc|"
     r"skip\s+to\s+(?:main\s+)?content|close|menu|search|home|back\s+to\s+top|print|e-?mail|"
     r"share(?:\s+(?:this|on|via)\b.*)?|tweet|like|reply|comments?|leave\s+a\s+comment|"
     r"related(?:\s+(?:articles|posts|stories|content|reading))?|read\s+more|"
     r"continue\s+reading|advertisement|sponsored(?:\s+content)?|"
     r"subscribe(?:\s+(?:now|today|to\b.*))?|sign\s+up\b.*|log\s*in|sign\s+in|"
     r"follow\s+us\b.*|loading|(?:unable|failed)\s+to\s+load\b.*|"
     r"accept(?:\s+all)?(?:\s+cookies)?|we\s+use\s+cookies\b.*|"
     r"cookie\s+(?:settings|policy|preferences)|privacy\s+policy|terms\s+of\s+(?:use|service)|"
     r"newsletter|click\s+here\b.*|key\s+takeaways)\W*$"),
    ("licence or copyright notice",
     r"©|\bcopyright\b|\(c\)\s*(?:19|20)\d\d|\ball\s+rights\s+reserved\b|"
     r"\bcreative\s+commons\b|\bCC[\s-]BY\b|\blicen[cs]ed\s+under\b|\bpublic\s+domain\b"),
)


# The licence pattern (last of UI_PATTERNS) is tried on longer lines too, after this test.
LICENCE_WORDS = ("©", "copyright", "(c)", "reserved", "commons", "cc", "licen", "domain")


@cache
def _ui_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((reason, re.compile(pattern, re.I)) for reason, pattern in UI_PATTERNS)


def _has_verb(line: str) -> bool:
    for word in WORD.findall(line):
        lower = word.lower()
        if lower in VERBS or VERB_SUFFIX.match(lower):
            return True
    return False


def _markup_share(line: str) -> float:
    return sum(len(tag) for tag in TAG.findall(line)) / len(line)


def _link_share(line: str) -> float:
    return sum(len(link) for link in LINK.findall(line)) / len(line)


def classify(line: str, continues_prose: bool, verbs: bool = True) -> str | None:
    """Why ``line`` (stripped, non-empty) is furniture, or ``None`` when it is article text."""
    if "<" in line and _markup_share(line) >= 0.25:
        return "stray markup"
    if len(line) > NOTICE_CHARS:
        return None  # a long line is prose
    words = len(line.split())
    if words > NOTICE_WORDS:
        return None
    short = words <= SHORT_WORDS
    patterns = _ui_patterns()
    if short:
        for reason, pattern in patterns:
            if pattern.search(line):
                return reason
    elif any(word in line.lower() for word in LICENCE_WORDS) and patterns[-1][1].search(line):
        return patterns[-1][0]
    if ("http" in line or "www." in line or "](" in line) and _link_share(line) >= 0.5:
        return "link-dense line"
    if (verbs and short and not continues_prose and line[-1] not in ".!?\"”'’)"
            and not any(char.isdigit() for char in line) and not _has_verb(line)):
        return "short line without a verb"
    return None


def find_furniture(text: str, verbs: bool = True) -> list[dict[str, Any]]:
    """Ranges ``{"start", "end", "reason"}`` of the furniture lines of ``text``.

    ``verbs=False`` leaves out the "short line without a verb" rule.
    """
    found: list[dict[str, Any]] = []
    seen: set[str] = set()
    previous_end = -2
    previous_line = ""
    for match in LINE.finditer(text):
        start, end = match.span()
        raw = match.group()
        line = raw.strip()
        if not line:
            continue
        adjacent = start == previous_end + 1
        continues = (adjacent and len(previous_line) >= WRAPPED_MIN
                     and previous_line[-1] not in ".!?:\"”") or (
            text[end:end + 2].lstrip("\n")[:1].islower())
        reason = None
        if line[-1] not in ".!?\"”" and len(line) <= REPEATED_MAX:  # a title, not a sentence
            key = normalize(line)
            reason = "repeated line" if key in seen else None
            seen.add(key)
        reason = reason or classify(line, continues, verbs)
        previous_end, previous_line = end, line
        if reason:
            start += len(raw) - len(raw.lstrip())
            found.append({"start": start, "end": start + len(line), "reason": reason})
    return found


FLATTENED = ("text/plain", "text/markdown", "application/pdf")


@hookimpl
def find_boilerplate(document: Record) -> list[dict[str, Any]]:
    """Mark reading-time lines, interface text, notices, repeated and verbless lines."""
    metadata = document.get("metadata", {})
    english = metadata.get("language", "en").split("-")[0] == "en"
    verbs = english and document["media_type"] in FLATTENED
    return find_furniture(document["text"], verbs=verbs)
