"""The faster paths of the scorer, the claim builder, the segmenter and the boilerplate
finder give what their plain definitions give (each kept here, only as a reference)."""

from __future__ import annotations

import math
import re

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from workbench_plugins import boilerplate, checkworthiness, sentences

from workbench.claims import normalize

# Characters the scorer's tokens are made of, or that fold into them, or that look alike.
TRICKY = ("aZq'’.,$%?£€0917٣５²⁶ \t\n-–—“”\"()/:;!&#\xa0İıſKÅΣσςßﬁé\ud800\U0001f600")
TRICKY_TEXT = st.text(st.sampled_from(TRICKY), max_size=40)


def reference_tokens(text: str) -> list[str]:
    """The scorer's tokens as first defined: the pattern over the lowercased text whose
    digits are all "0"."""
    folded = re.sub(r"\d", "0", text.lower())
    return re.findall(r"[a-z]+(?:'[a-z]+)?|0+(?:[.,]0+)*|[$%£€?]", folded)


@settings(max_examples=2000, deadline=None)
@given(text=st.one_of(TRICKY_TEXT, st.text(max_size=60)))
@example(text="Don't pay $5, or 3.5%? Really?! 'Quoted' rock'n'roll a'b'c.")
@example(text="Σ İstanbul ＫELVIN ５,000 £3 €4")
def test_tokens_are_the_patterns_tokens(text):
    assert checkworthiness._tokens(text) == reference_tokens(text)


def test_non_ascii_characters_left_to_the_split_fold_into_no_token_character():
    # _tokens' premise: every non-ASCII character _NON_ASCII_TOKEN_CHARACTER lets through
    # folds into characters the token pattern never matches.
    token_characters = set("abcdefghijklmnopqrstuvwxyz0'.,$%?£€")
    every = "".join(map(chr, range(0x80, 0x110000)))
    passed = checkworthiness._NON_ASCII_TOKEN_CHARACTER.sub("", every)
    assert "K" not in passed and "£" not in passed and "٣" not in passed
    assert not set(checkworthiness._fold(passed)) & token_characters


def _vocabulary() -> list[str]:
    words = set()
    for name in checkworthiness.load_model()["weights"]:
        if name.startswith(("w:", "b:")):
            words.update(name[2:].split(" "))
    words.discard(checkworthiness.START)
    return sorted(words)


SIGNALS = st.lists(st.builds(
    lambda kind, kind_type: {"kind": kind, "value": {"type": kind_type} if kind_type else None},
    st.sampled_from(["quantity", "statistic", "opinion", "temporal", "attribution", "other"]),
    st.sampled_from([None, "money", "percent", "hedge", "recommendation", "quote", "odd"]),
), max_size=4)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(words=st.lists(st.sampled_from(_vocabulary()), max_size=50), signals=SIGNALS,
       data=st.data())
def test_logit_is_the_sum_over_the_named_features(words, signals, data):
    separators = data.draw(st.lists(st.sampled_from([" ", ", ", ". ", " - ", "’"]),
                                    min_size=len(words), max_size=len(words)))
    text = "".join(word.capitalize() + separator
                   for word, separator in zip(words, separators, strict=True))
    expected, _ = checkworthiness.contributions(text, signals)
    assert checkworthiness.logit(text, signals) == expected
    assert math.isfinite(expected)


@settings(max_examples=1000, deadline=None)
@given(text=st.one_of(st.text(st.sampled_from("ab C\t\n\xa0\u2003\u3000\x1c\x85ẞİ"), max_size=20),
                      st.text(max_size=40)))
@example(text=" a b")
@example(text="a b ")
@example(text="a  b")
def test_normalize_collapses_white_space_as_a_split_and_join(text):
    assert normalize(text) == " ".join(text.split()).casefold()


def test_every_white_space_character_but_the_space_is_unprintable():
    # normalize's premise: a printable text has no white space to collapse but spaces.
    spaces = [char for char in map(chr, range(0x110000)) if char.isspace()]
    assert [char for char in spaces if char.isprintable()] == [" "]


OLD_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9À-ÖØ-Þ])")


def reference_sentences(text: str) -> list[tuple[int, int]]:
    """split_sentences as first written: every piece trimmed on its own."""

    def trimmed(start: int, end: int) -> tuple[int, int] | None:
        piece = text[start:end]
        if not piece.strip():
            return None
        start += len(piece) - len(piece.lstrip())
        return start, start + len(piece.strip())

    def ends_sentence(sentence_start: int, boundary: int) -> bool:
        before = text[max(sentence_start, boundary - 12):boundary].split()
        word = before[-1].lstrip("\"'“‘([").lower() if before else ""
        closes = word in sentences.ABBREVIATIONS or (len(word) == 1 and word.isalpha())
        return not (text[boundary] == "." and closes)

    spans: list[tuple[int, int]] = []
    paragraph_start = 0
    for paragraph_break in [*sentences.PARAGRAPH_BREAK.finditer(text), None]:
        paragraph_end = paragraph_break.start() if paragraph_break else len(text)
        for unit_start, unit_end in sentences._units(text, paragraph_start, paragraph_end):
            bullet = sentences.BULLET.match(text, unit_start, unit_end)
            if bullet:
                unit_start = bullet.end()
            sentence_start = unit_start
            for match in OLD_BOUNDARY.finditer(text, unit_start, unit_end):
                if ends_sentence(sentence_start, match.start()):
                    span = trimmed(sentence_start, match.end())
                    if span:
                        spans.append(span)
                    sentence_start = match.end()
            span = trimmed(sentence_start, unit_end)
            if span:
                spans.append(span)
        paragraph_start = paragraph_break.end() if paragraph_break else len(text)
    return spans


PROSE = st.lists(st.sampled_from([
    "The", "treaty", "was", "signed", "Mr.", "Dr. Smith", "e.g.", "U.S.", "J.", "No.", "in",
    "1997", "3.5", "a", "b", ".", "?", "!", "…", "?!", "...", "\"", "“", "”", "’", "'", ")",
    "(", "[", "]", "É", "Ünal", " ", "  ", "\t", "\xa0", "\u2003", "\n", "\n\n", "\n \n",
    "- ", "• ", "1. ", "(a) ", "* ", "x" * 45, "It rose to 40 per cent of the total in 2001,",
]), max_size=40).map("".join)


@settings(max_examples=1500, deadline=None)
@given(text=st.one_of(PROSE, st.text(max_size=80)))
@example(text="Hi.  \n  Next one. (Then)   ")
def test_sentences_are_the_plain_definitions(text):
    assert sentences.split_sentences(text) == reference_sentences(text)


def reference_classify(line: str, continues_prose: bool) -> str | None:
    """boilerplate.classify as first written."""
    if "<" in line and boilerplate._markup_share(line) >= 0.25:
        return "stray markup"
    if len(line) > boilerplate.NOTICE_CHARS:
        return None
    words = len(line.split())
    if words > boilerplate.NOTICE_WORDS:
        return None
    patterns = boilerplate._ui_patterns()
    if words <= boilerplate.SHORT_WORDS:
        for reason, pattern in patterns:
            if pattern.search(line):
                return reason
    else:
        lowered = line.lower()
        if (any(word in lowered for word in boilerplate.LICENCE_WORDS)
                and patterns[-1][1].search(line)):
            return "licence or copyright notice"
    if ("http" in line or "www." in line or "](" in line) and boilerplate._link_share(line) >= 0.5:
        return "link-dense line"
    if (words <= boilerplate.SHORT_WORDS and not continues_prose
            and line[-1] not in ".!?\"”'’)" and not any(ch.isdigit() for ch in line)
            and not boilerplate._has_verb(line)):
        return "short line without a verb"
    return None


LINE_PIECES = st.lists(st.sampled_from([
    "Copyright", "COPYRİGHT", "copyrıght", "(c) 2020", "(C)1999", "All rights reſerved",
    "all  rights reserved", "Creative Commons", "CC-BY", "cc by", "Licensed under",
    "licenced under", "public domain", "©", "5 min read", "10-minute listen", "Published",
    "Updated on: March 14, 2025", "Share this article", "close", "Menu", "Read more",
    "http://example.com/a", "[link](http://b.c)", "www.example.org", "<b>", "</p>", "<a href=x>",
    "the", "treaty", "says", "running", "signed", "Ottawa", "²", "3", "٣", "ſ", "K", "é",
    ".", ",", ":", "!", "?", "”", "’", "'", ")", "-", "word", "words", "prose", "of", "and",
]), min_size=1, max_size=45).map(" ".join)


@settings(max_examples=2000, deadline=None)
@given(line=st.one_of(LINE_PIECES, st.text(min_size=1, max_size=60)), continues=st.booleans())
def test_classify_is_the_plain_definition(line, continues):
    line = line.strip() or "x"
    assert boilerplate.classify(line, continues) == reference_classify(line, continues)
