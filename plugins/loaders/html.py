"""Load HTML pages: the article's blocks as text, with a map back to the source's offsets.

The page is read with the standard library's HTML tokenizer (``html.parser``), which
tolerates broken and truncated markup and reports where each token starts; lxml and
selectolax build better trees but do not say where a text node came from, and the
document must keep an exact map from its text back to the page.

The page is cut into blocks (headings, paragraphs, list items, block quotes, table cells,
each line of a block split at ``<br>``), white space collapsed as a browser would;
scripts, styles, the head and hidden elements never become text. Which blocks are the
article is trafilatura's decision, mapped onto these blocks
(:mod:`workbench_plugins.shared.article`); forms, menus and navigation are never kept.
When trafilatura finds no article (a very short page), the loader's own rules decide:
navigation, asides, page headers and footers (outside ``<article>``/``<main>``),
elements whose class, id or role names a cookie banner, share bar, newsletter prompt,
related-links box or advertisement, and blocks made mostly of links are left out. Each
block left out is recorded with its reason and its span in the page. Metadata: title
and author from JSON-LD, ``<meta>`` and ``<title>`` (then trafilatura's), the date from
htmldate (then JSON-LD, ``<meta>``, ``<time>``), else a dateline in the text; the
language; every link of the kept text with its span (``document["metadata"]["links"]``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from workbench_plugins.loaders.text import decode
from workbench_plugins.shared.article import TOO_LITTLE, Article, choose, extract_article, words
from workbench_plugins.shared.datelines import find_byline, find_dateline
from workbench_plugins.shared.language import language_of
from workbench_plugins.shared.page_metadata import as_date, page_metadata

from workbench import hookimpl
from workbench.records import Record, make_document
from workbench.types import Loader, RawInput

SKIPPED = frozenset(("script", "style", "noscript", "template", "svg", "math", "iframe",
                     "object", "canvas", "head", "select", "textarea", "button", "dialog"))
FURNITURE = frozenset(("nav", "aside", "form", "menu"))
PAGE_FRAME = frozenset(("header", "footer"))  # furniture unless inside <article> or <main>
BLOCKS = frozenset(("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "div",
                    "section", "article", "main", "pre", "td", "th", "dt", "dd", "figcaption",
                    "caption", "tr", "table", "ul", "ol", "dl", "address", "hr", "body",
                    "details", "summary", "figure", "center"))
VOID = frozenset(("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                  "source", "track", "wbr", "param", "keygen"))
FURNITURE_NAMES = (
    r"cookie|consent|gdpr|banner|share|sharing|social|newsletter|subscri|related|promo|"
    r"advert|\bads?\b|sponsor|breadcrumb|sidebar|\bmenu\b|popup|modal|comments?\b|"
    r"paywall|signup|sign-up|skip-link|toolbar")
FURNITURE_ROLES = frozenset(("navigation", "banner", "contentinfo", "complementary", "search",
                             "dialog", "alertdialog", "menu", "menubar", "toolbar"))
# Never the article, whatever the extractor says: menus and navigation are controls, and
# so are the labels and buttons of a form (a form may also wrap a whole page: its longer
# blocks are the extractor's to judge).
CONTROLS = frozenset(("<nav>", "<menu>", "role=navigation", "role=search", "role=dialog",
                      "role=alertdialog", "role=menu", "role=menubar", "role=toolbar"))
FORM_LABEL_WORDS = 3  # a block of a form with at most this many words is a control
GAP = re.compile(r"[ \t\n\r\f]{2,}|[\t\n\r\f]|^ | $")  # HTML white space to collapse
CUT_TAG = re.compile(r"<[/!?]?[A-Za-z]")
REFERENCE = re.compile(r"&#?[A-Za-z0-9]+;?")
CHARSET = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_:.-]{1,40})", re.I)
LINK_DENSE_SHARE, LINK_DENSE_WORDS = 0.6, 20
EXCERPT = 120
HIDDEN = "hidden"  # never text: scripts, styles, the head, hidden elements
OUTSIDE = "not part of the article (trafilatura)"


@cache
def _furniture_names() -> re.Pattern[str]:
    return re.compile(FURNITURE_NAMES, re.I)


@dataclass
class _Block:
    """The text of one block as it is built, with its runs back to the source."""

    parts: list[str] = field(default_factory=list)
    runs: list[list[int]] = field(default_factory=list)  # [block offset, source offset, length]
    length: int = 0
    space: int | None = None  # a collapsed space is pending; its source offset if one " "
    pending: bool = False
    link_chars: int = 0
    links: list[dict[str, Any]] = field(default_factory=list)
    reason: str | None = None  # why the loader's own rules call it furniture, if they do

    def add(self, text: str, source: int | None) -> None:
        """Append ``text``; ``source`` is where it starts in the page, if it is verbatim."""
        if self.pending and self.length:
            self._append(" ", self.space)
        self.pending, self.space = False, None
        self._append(text, source)

    def _append(self, text: str, source: int | None) -> None:
        if source is not None:
            last = self.runs[-1] if self.runs else None
            if last and last[0] + last[2] == self.length and last[1] + last[2] == source:
                last[2] += len(text)
            else:
                self.runs.append([self.length, source, len(text)])
        self.parts.append(text)
        self.length += len(text)

    def add_data(self, data: str, source: int, preformatted: bool) -> None:
        """Append page text starting at ``source``, collapsing white space unless ``<pre>``.

        Single spaces between words are kept verbatim (so long runs map back exactly);
        only longer runs, tabs and newlines become one space that maps nowhere.
        """
        if preformatted:
            self.add(data, source)
            return
        position = 0
        for gap in GAP.finditer(data):
            if gap.start() > position:
                self.add(data[position:gap.start()], source + position)
            self.pending = True
            self.space = source + gap.start() if gap.group() == " " else None
            position = gap.end()
        if position < len(data):
            self.add(data[position:], source + position)

    def lines(self) -> list[_Piece]:
        """The block cut at its line breaks (``<br>``), each line with its runs and links."""
        text = "".join(self.parts)
        pieces: list[_Piece] = []
        start = 0
        for line in text.split("\n"):
            end = start + len(line)
            if line.strip():
                runs = []
                for at, source, length in self.runs:  # the parts of runs inside the line
                    first, last = max(at, start), min(at + length, end)
                    if first < last:
                        runs.append([first - start, source + first - at, last - first])
                links = [{**link, "start": link["start"] - start, "end": link["end"] - start}
                         for link in self.links if start <= link["start"] and link["end"] <= end]
                pieces.append(_Piece(line, runs, links, self.reason))
            start = end + 1
        return pieces


@dataclass
class _Piece:
    """A line of a block: the unit kept or left out."""

    text: str
    runs: list[list[int]]
    links: list[dict[str, Any]]
    reason: str | None

    def original(self) -> dict[str, int] | None:
        """The span of the page it came from, if any of it maps back."""
        if not self.runs:
            return None
        return {"start": self.runs[0][1], "end": self.runs[-1][1] + self.runs[-1][2]}


def _parser() -> Any:
    """``html.parser.HTMLParser`` that ends a script or style as browsers do.

    Python 3.11's parser ends ``<script>`` only at ``</script>`` (white space allowed
    before ``>``), so ``</script\n  <!-- ... -->`` swallows the rest of the page as
    script; the HTML standard ends the element at ``</script`` followed by white space,
    ``/`` or ``>``, ignoring what comes before the next ``>``.
    """
    from html.parser import HTMLParser

    class Parser(HTMLParser):
        def set_cdata_mode(self, elem: str) -> None:
            super().set_cdata_mode(elem)
            self.interesting = re.compile(rf"</{re.escape(self.cdata_elem)}(?=[\t\n\r\f />])",
                                          re.I)

        def parse_endtag(self, i: int) -> int:
            elem = self.cdata_elem
            if elem is not None and self.rawdata[i + 2:i + 2 + len(elem)].lower() == elem:
                end = self.rawdata.find(">", i)
                if end < 0:
                    return -1
                self.handle_endtag(elem)
                self.clear_cdata_mode()
                return end + 1
            return int(super().parse_endtag(i))

    return Parser(convert_charrefs=False)


class _Extractor:
    """Walks the page's tokens, cutting it into blocks and reading metadata.

    Every visible block is kept with the reason the loader's own rules would drop it
    (``reason``); which blocks are the article is decided afterwards (see :func:`extract`).
    """

    def __init__(self, page: str) -> None:
        self.page = page
        self.line_starts = [0, *(m.end() for m in re.finditer("\n", page))]
        # (tag, what it opened: "hidden" or "furniture" for a region, else "")
        self.stack: list[tuple[str, str]] = []
        self.open_tags: Counter[str] = Counter()  # how many of each tag are on the stack
        self.hidden = False  # inside a script, style, head or hidden element
        self.furniture: str | None = None  # the open furniture region's reason (no nesting)
        self.frames = 0  # open <article>/<main> elements
        self.pre = 0
        self.blocks: list[_Block] = []
        self.block = _Block()
        self.link: dict[str, Any] | None = None
        self.meta: dict[str, str] = {}
        self.json_ld: list[str] = []
        self.capture: list[str] | None = None  # text of <title> or a JSON-LD script
        self.title_text = ""
        self.first_h1: str | None = None
        self.h1: list[str] | None = None
        self.times: list[str] = []
        self.lang: str | None = None
        parser = _parser()
        parser.handle_starttag = self.start
        parser.handle_startendtag = self.start_end
        parser.handle_endtag = self.end
        parser.handle_data = self.data
        parser.handle_entityref = self.reference
        parser.handle_charref = self.reference
        self.parser = parser

    def run(self) -> None:
        """Tokenize the whole page (less a tag cut off by its end: no text, as in a browser)."""
        cut = self.page.rfind("<")
        if cut > self.page.rfind(">") and CUT_TAG.match(self.page, cut):
            self.parser.feed(self.page[:cut])
        else:
            self.parser.feed(self.page)
        self.parser.close()
        while self.stack:
            self._pop()
        self._flush()

    def _offset(self) -> int:
        line, column = self.parser.getpos()
        return self.line_starts[line - 1] + column

    # -- structure ---------------------------------------------------------------------

    def _is_furniture(self, tag: str, attrs: dict[str, str | None]) -> str | None:
        if tag in SKIPPED or "hidden" in attrs or attrs.get("aria-hidden") == "true":
            return HIDDEN
        if tag in FURNITURE or (tag in PAGE_FRAME and not self.frames):
            return f"<{tag}>"
        role = (attrs.get("role") or "").lower()
        if role in FURNITURE_ROLES:
            return f"role={role}"
        names = f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
        found = _furniture_names().search(names) if names.strip() else None
        if found and tag not in ("article", "main", "body", "html"):
            return f"{tag} {found.group().lower()}"
        return None

    def start(self, tag: str, attr_list: list[tuple[str, str | None]]) -> None:
        """An opening tag."""
        attrs = dict(attr_list)
        self._metadata_tag(tag, attrs)
        if tag == "br" and not self.hidden:
            if self.block.length:
                self.block.add("\n", None)
            return
        if tag == "body":
            self.end("head")  # a <head> left open ends where the body starts
        if tag in BLOCKS:
            self._flush()
        if tag in VOID:
            return
        if tag in ("p", "li") and self.stack and self.stack[-1][0] == tag:
            self._pop()  # an unclosed <p> or <li> ends where the next one starts
        opens = ""
        if not self.hidden and self.furniture is None:
            reason = self._is_furniture(tag, attrs)
            if reason == HIDDEN:
                self.hidden, opens = True, "hidden"
            elif reason:
                self._flush()
                self.furniture, opens = f"page furniture ({reason})", "furniture"
        self.stack.append((tag, opens))
        self.open_tags[tag] += 1
        if tag in ("article", "main"):
            self.frames += 1
        elif tag == "pre":
            self.pre += 1
        elif tag == "a" and not self.hidden and attrs.get("href"):
            href = (attrs["href"] or "").strip()
            if href and not href.startswith(("#", "javascript:", "mailto:")):
                self.link = {"url": href, "block": self.block, "start": self.block.length,
                             "part": len(self.block.parts),
                             "space": self.block.pending and self.block.length > 0}
        elif tag == "h1" and not self.hidden and self.furniture is None \
                and self.first_h1 is None:
            self.h1 = []

    def start_end(self, tag: str, attr_list: list[tuple[str, str | None]]) -> None:
        """A self-closing tag (``<br/>``, ``<meta .../>``)."""
        self.start(tag, attr_list)
        if tag not in VOID:
            self.end(tag)

    def end(self, tag: str) -> None:
        """A closing tag: close it and whatever was left open inside it."""
        if tag in ("title", "script") and self.capture is not None:
            self._end_capture(tag)
        if not self.open_tags[tag]:
            return  # a stray end tag
        while self.stack:
            if self._pop() == tag:
                break

    def _pop(self) -> str:
        tag, opened = self.stack.pop()
        self.open_tags[tag] -= 1
        if tag in BLOCKS or opened == "furniture":
            self._flush()
        if opened == "hidden":
            self.hidden = False
        elif opened == "furniture":
            self.furniture = None
        if tag in ("article", "main"):
            self.frames -= 1
        elif tag == "pre":
            self.pre -= 1
        elif tag == "a" and self.link is not None:
            self._end_link()
        elif tag == "h1" and self.h1 is not None:
            self.first_h1 = " ".join("".join(self.h1).split()) or None
            self.h1 = None
        return tag

    def _end_link(self) -> None:
        link, self.link = self.link, None
        assert link is not None
        block = link["block"]
        if block is not self.block:
            return
        # Only the link's own parts are joined: a block of many links stays linear.
        text = "".join(block.parts[link["part"]:])
        if link["space"] and text.startswith(" "):
            text = text[1:]
        start = block.length - len(text)
        block.link_chars += len(text)
        block.links.append({"url": link["url"], "text": text, "start": start,
                            "end": block.length})

    def _flush(self) -> None:
        block = self.block
        if block.length:
            block.reason = self.furniture
            if block.reason is None and len(block.links) > 0 \
                    and block.link_chars / block.length >= LINK_DENSE_SHARE \
                    and len("".join(block.parts).split()) <= LINK_DENSE_WORDS:
                block.reason = "link-dense block"
            self.blocks.append(block)
        if self.link is not None and self.link["block"] is block:
            self.link["block"] = None
        self.block = _Block()

    # -- text --------------------------------------------------------------------------

    def data(self, data: str) -> None:
        """Text between tags (or the raw content of a script or style)."""
        if self.capture is not None:
            self.capture.append(data)
            return
        if self.hidden:
            return
        if self.h1 is not None:
            self.h1.append(data)
        self.block.add_data(data, self._offset(), self.pre > 0)

    def reference(self, _name: str) -> None:
        """A character reference (``&amp;``, ``&#8217;``): decoded, so not verbatim."""
        import html

        start = self._offset()
        match = REFERENCE.match(self.page, start)
        source = match.group() if match else "&"
        decoded = html.unescape(source)
        if self.capture is not None:
            self.capture.append(decoded)
        elif self.hidden:
            return
        elif decoded == source:
            self.block.add(source, start)
        else:
            if self.h1 is not None:
                self.h1.append(decoded)
            self.block.add(decoded, None)

    # -- metadata ----------------------------------------------------------------------

    def _metadata_tag(self, tag: str, attrs: dict[str, str | None]) -> None:
        if tag == "html" and attrs.get("lang"):
            self.lang = attrs["lang"]
        elif tag == "meta":
            key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "")
            content = attrs.get("content")
            if key and content and key.lower() not in self.meta:
                self.meta[key.lower()] = content.strip()
        elif (tag == "title" and not self.title_text) or (
                tag == "script" and (attrs.get("type") or "").lower() == "application/ld+json"):
            self.capture = []
        elif tag == "time" and attrs.get("datetime"):
            when = attrs["datetime"] or ""
            self.times.insert(0 if "pubdate" in attrs else len(self.times), when)

    def _end_capture(self, tag: str) -> None:
        text, self.capture = "".join(self.capture or []), None
        if tag == "title":
            self.title_text = " ".join(text.split())
        else:
            self.json_ld.append(text)


@dataclass
class Extraction:
    """What :func:`extract` found in a page."""

    text: str
    offset_map: list[list[int]]
    links: list[dict[str, Any]]
    dropped: list[dict[str, Any]]
    metadata: dict[str, str | None]  # title, author, published
    lang: str | None
    notes: list[str]


def _choose(pieces: list[_Piece], page: str, url: str | None,
            keep_all: bool) -> tuple[list[bool], list[str], Article | None, bool]:
    """Which pieces to keep, notes for the user, the extractor's article if any, and
    whether the article's own text must stand in for the blocks (they hold too little
    of it to be the article)."""
    if keep_all:
        return [True] * len(pieces), [], None, False
    by_rules = [piece.reason is None for piece in pieces]
    try:
        article = extract_article(page, url)
    except Exception as error:  # a bug in the extractor must not cost the page
        return by_rules, [f"the article extractor failed ({type(error).__name__}); blocks "
                          "were chosen by the loader's own rules"], None, False
    if article is None or not words(article.text):
        return by_rules, [], article, False
    choice = choose([piece.text for piece in pieces], article.text)
    if choice.coverage < TOO_LITTLE:
        note = (f"the page's visible blocks hold only {choice.coverage:.0%} of the article "
                "the extractor found (it is in the page's scripts or data, not its HTML); "
                "its text is checked as the extractor gives it, with no map back to the "
                "page")
        return [False] * len(pieces), [note], article, True
    kept = [keep and not _is_control(piece) for piece, keep in zip(pieces, choice.kept,
                                                                   strict=True)]
    return kept, [], article, False


def _is_control(piece: _Piece) -> bool:
    if piece.reason is None or not piece.reason.startswith("page furniture ("):
        return False
    region = piece.reason[len("page furniture ("):-1]
    return region in CONTROLS or (region == "<form>"
                                  and len(piece.text.split()) <= FORM_LABEL_WORDS)


def extract(page: str, url: str | None = None, keep_all: bool = False) -> Extraction:
    """The article text of ``page``, its offset map, links, dropped parts and metadata.

    The article's blocks are those trafilatura's extraction holds (see
    :mod:`workbench_plugins.shared.article`); when it finds none, those the loader's own
    rules keep. ``keep_all`` keeps every visible block.
    """
    extractor = _Extractor(page)
    extractor.run()
    pieces = [piece for block in extractor.blocks for piece in block.lines()]
    kept, notes, article, unmapped = _choose(pieces, page, url, keep_all)
    parts: list[str] = []
    offset_map: list[list[int]] = []
    links: list[dict[str, Any]] = []
    dropped: list[dict[str, Any]] = []
    position = 0
    for piece, keep in zip(pieces, kept, strict=True):
        if not keep:
            record: dict[str, Any] = {"reason": piece.reason or OUTSIDE,
                                      "text": " ".join(piece.text.split())[:EXCERPT]}
            if (original := piece.original()) is not None:
                record["original"] = original
            dropped.append(record)
            continue
        if parts:
            parts.append("\n\n")
            position += 2
        parts.append(piece.text)
        offset_map.extend([position + start, source, length]
                          for start, source, length in piece.runs)
        for link in piece.links:
            entry: dict[str, Any] = {"url": link["url"], "text": link["text"]}
            if link["end"] > link["start"]:
                entry["span"] = {"start": position + link["start"],
                                 "end": position + link["end"]}
            links.append(entry)
        position += len(piece.text)
    if unmapped and article is not None:
        parts = ["\n\n".join(line.strip() for line in article.text.splitlines() if line.strip())]
    metadata = page_metadata(extractor.json_ld, extractor.meta, extractor.title_text,
                             extractor.first_h1, extractor.times)
    if article is not None:
        # Measured on newspaper4k's test pages (benchmarks/extraction.py): the page's own
        # JSON-LD and <meta> give more right titles, htmldate more right dates, and
        # authors tie; each field is taken from the better source first.
        metadata = {"title": metadata["title"] or article.title,
                    "author": metadata["author"] or article.author,
                    "published": as_date(article.published) or metadata["published"]}
    return Extraction("".join(parts), offset_map, links, dropped, metadata, extractor.lang,
                      notes)


def _declared_charset(data: bytes) -> str | None:
    match = CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def load_html(raw: RawInput) -> Record:
    """Build a Document from an HTML page."""
    decoded = decode(raw, declared=_declared_charset(raw.data))
    url = raw.uri if raw.uri.startswith(("http://", "https://")) else None
    found = extract(decoded.text, url, raw.keep_all)
    offset_map = found.offset_map
    if decoded.skipped:
        offset_map = [[start, source + decoded.skipped, length]
                      for start, source, length in offset_map]
    text = found.text
    metadata: dict[str, Any] = {"links": found.links, "dropped": found.dropped,
                                "encoding": decoded.encoding}
    notes = [decoded.note] if decoded.note else []
    notes.extend(found.notes)
    language = language_of(text, declared=found.lang)
    if language:
        metadata["language"] = language
    if not text.strip():
        notes.append("no article text found in the page (only scripts, styles or furniture?)")
    if notes:
        metadata["notes"] = notes
    title, author, published = (found.metadata[key] for key in ("title", "author", "published"))
    return make_document(raw, text, offset_map=offset_map, metadata=metadata,
                         title=title, author=author or find_byline(text),
                         published=published or find_dateline(text))


@hookimpl
def register_loaders(register) -> None:
    """Register the HTML loader for text/html (.html, .htm)."""
    register(Loader(
        name="html",
        media_types=("text/html", "application/xhtml+xml"),
        suffixes={".html": "text/html", ".htm": "text/html", ".xhtml": "application/xhtml+xml"},
        load=load_html,
    ))
