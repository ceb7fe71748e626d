"""Which parts of a web page are its article: trafilatura's choice, mapped onto our blocks.

A helper the loaders share, not a plugin. trafilatura (a well-kept extractor that scores
at the top of the public article-extraction benchmarks) reads the page with lxml and
returns the article's text, but says nothing about where that text came from. The HTML
loader cuts the page into blocks of its own, each with an exact map back to the page;
:func:`choose` aligns the words of those blocks with trafilatura's words (a longest
common subsequence, so a phrase repeated elsewhere on the page is matched once, in order)
and keeps a block when at least half of its words are in the article.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from workbench_plugins.shared.scan import LazyPattern

# Scripts written without spaces between words: each character is a token of its own.
UNSPACED = ("\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf"
            "\u4e00-\u9fff\uf900-\ufaff")  # Thai, Lao, Burmese, Khmer, kana, Han
WORD = LazyPattern(rf"[{UNSPACED}]|[^\W{UNSPACED}]+")  # compiled for HTML pages only
KEEP_SHARE = 0.5  # a block is the article's when this share of its words is in it
TOO_LITTLE = 0.5  # blocks holding less of the article's words than this are not it
DATE_SEARCH = {"extensive_search": False, "original_date": True}


class Article(NamedTuple):
    """What the extractor found: the article's text, title, author and date (ISO)."""

    text: str
    title: str | None = None
    author: str | None = None
    published: str | None = None


def extract_article(page: str, url: str | None = None) -> Article | None:
    """trafilatura's article and metadata for ``page``, or ``None`` when it finds none.

    Comments below the article are left out, tables kept. Dates come from htmldate
    without its "extensive search", which hands long runs of page text to dateparser:
    seconds for an ordinary page with much text outside tags, minutes for a hostile one.
    """
    from trafilatura import bare_extraction

    found: Any = bare_extraction(page, url=url, with_metadata=True, include_comments=False,
                                 include_tables=True, deduplicate=False,
                                 date_extraction_params=DATE_SEARCH)
    if found is None:
        return None
    return Article(text=found.text or "", title=found.title or None,
                   author=found.author or None, published=found.date or None)


class Choice(NamedTuple):
    """Which blocks are the article's, and how much of the article they hold."""

    kept: list[bool]
    coverage: float  # share of the article's words found in the kept blocks


def words(text: str) -> list[str]:
    """The lower-cased words of ``text``: runs of letters and digits, or single characters
    of a script written without spaces (Chinese, Japanese, Thai...)."""
    return WORD.findall(text.lower())


def choose(blocks: list[str], article: str) -> Choice:
    """Keep each block of which at least half the words are the article's, in order.

    A block without words (a rule, a lone dash) goes with the block before it.
    """
    from rapidfuzz.distance import Indel

    ours: list[str] = []
    owner: list[int] = []
    for index, block in enumerate(blocks):
        found = words(block)
        ours.extend(found)
        owner.extend([index] * len(found))
    theirs = words(article)
    matched = [0] * len(blocks)
    for tag, start, end, _their_start, _their_end in Indel.opcodes(ours, theirs):
        if tag == "equal":
            for position in range(start, end):
                matched[owner[position]] += 1
    counts = [0] * len(blocks)
    for index in owner:
        counts[index] += 1
    kept: list[bool] = []
    for index in range(len(blocks)):
        if counts[index]:
            kept.append(matched[index] >= KEEP_SHARE * counts[index])
        else:
            kept.append(bool(kept) and kept[-1])
    found_words = sum(m for m, keep in zip(matched, kept, strict=True) if keep)
    return Choice(kept, found_words / len(theirs) if theirs else 1.0)
