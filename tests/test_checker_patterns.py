"""The checkers' faster patterns find what the plain ones find.

A :class:`~workbench_plugins.shared.facts.KeywordPattern` is tried only where the text has
one of its keywords; a pattern rewritten so that ``re`` can skip ahead (a check of the
character before a match moved after the match's first character) must match exactly
where the original did. Each is compared with the plain pattern on the seed articles, the
verdict set's claims, and generated mixes of the words the patterns look for.
"""

from __future__ import annotations

import json
import re
import string
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from workbench_plugins.checkers import arithmetic as consistency_checker
from workbench_plugins.checkers import facts as kb_checker
from workbench_plugins.checkers import time_spans as temporal_checker
from workbench_plugins.shared.facts import (
    FOLDS_INTO_WORD,
    KeywordPattern,
    ascii_lowered,
    knowledge_base,
    lacks,
    starting_text,
    word_starts,
)

ROOT = Path(__file__).parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
CLAIMS = [json.loads(line)["text"] for line in
          (ROOT / "benchmarks" / "data" / "verdicts.jsonl").read_text().splitlines()]


def keyword_patterns(value: Any, name: str) -> Iterator[tuple[str, KeywordPattern]]:
    """Every KeywordPattern in a module's globals, also inside lists, tuples and dicts."""
    if isinstance(value, KeywordPattern):
        yield name, value
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from keyword_patterns(item, f"{name}[{index}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from keyword_patterns(item, f"{name}[{key}]")


PATTERNS = dict(found for module in (kb_checker, consistency_checker, temporal_checker)
                for key, value in vars(module).items()
                for found in keyword_patterns(value, f"{module.__name__.split('.')[-1]}.{key}"))


def found(matches: Iterator[re.Match[str]]) -> list[tuple[tuple[int, int], dict[str, Any]]]:
    return [(match.span(), match.groupdict()) for match in matches]


def check_same(pattern: KeywordPattern, text: str) -> None:
    plain = re.compile(pattern.pattern, re.IGNORECASE)
    assert found(pattern.finditer(text)) == found(plain.finditer(text)), text
    first, plain_first = pattern.search(text), plain.search(text)
    assert (first and first.span()) == (plain_first and plain_first.span()), text


def test_the_checkers_have_keyword_patterns():
    assert {"arithmetic.STAGE_WORDS", "time_spans.TOPICS[0][0]"} <= set(PATTERNS)


def test_keyword_patterns_find_what_their_pattern_finds_in_real_text():
    texts = [*CLAIMS, *(seed.read_text(encoding="utf-8") for seed in SEEDS)]
    for pattern in PATTERNS.values():
        for text in texts:
            check_same(pattern, text)
            check_same(pattern, text.upper())


# Around what a pattern matches: numbers, punctuation, the non-ASCII letters that match
# ASCII ones ignoring case (the keyword search steps aside for them) and words holding a
# keyword inside them.
OTHER_WORDS = ["1997", "2001", "4.0", "$5 billion", "C$16.6 million", "25 per cent", "40%", "12",
               "the", "treaty", "NATO", "Canada", "in", "to", "and", "was", ",", ".", ";", "(",
               "\n", "ſigned", "İn", "Kelvin \u212a", "designed", "co-signed", "pre-", "_", "’s"]


# The characters of the generated text: ASCII, the letters that match ASCII ones ignoring
# case, and other spaces, digits, letters and punctuation.
ALPHABET = st.sampled_from(sorted(string.printable + "ſİıK\u212a\u00a0\u2009\u3000٣é’ǅ"))


@cache
def mixes(pattern: str) -> st.SearchStrategy[str]:
    """A few pieces of text a case-insensitive pattern matches (less its word boundaries
    and its first-letter test, which hypothesis cannot generate text for) and other words,
    with and without spaces between."""
    loose = re.sub(r"\\b|\(\?=\[[a-z]+\]\)", "", pattern)
    matching = st.from_regex(re.compile(loose, re.IGNORECASE), fullmatch=True,
                             alphabet=ALPHABET)
    parts = st.one_of(matching, matching, st.sampled_from(OTHER_WORDS))
    return st.lists(parts, min_size=1, max_size=4).flatmap(
        lambda parts: st.sampled_from([" ".join(parts), "".join(parts)]))


@pytest.mark.parametrize("name", sorted(PATTERNS))
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_keyword_patterns_find_what_their_pattern_finds_in_any_mix_of_their_words(name,
                                                                                   data):
    pattern = PATTERNS[name]
    check_same(pattern, data.draw(mixes(pattern.pattern)))


def test_a_keyword_pattern_never_overlaps_its_matches():
    # "signed" is a keyword at both places, but finditer does not look inside a match.
    pattern = KeywordPattern(r"\bsigned(?: signed)?", ("signed",))
    assert [m.span() for m in pattern.finditer("Signed signed signed")] == [(0, 13),
                                                                           (14, 20)]


def test_a_twin_letter_falls_back_to_the_plain_search():
    assert ascii_lowered("ſigned") is None
    assert consistency_checker.STAGE_WORDS.search("it was ſigned").group(0) == "ſigned"


# The pattern "A of B" had before its rewrite: the character before A is checked first.
OLD_SHARE = re.compile(r"(?<![\w.,])(?P<a>\d{1,6})\s+(?:out\s+)?of\s+(?:the\s+|its\s+|all\s+)?"
                       r"(?P<b>\d{1,6})(?![\w.,%])", re.IGNORECASE)
SHARE_TEXT = st.lists(st.sampled_from(
    ["1", "22", "333", "4444", "1234567", "٣", " ", "\t", ".", ",", "x", "_", "%", "of",
     "OF", "out", "the", "its", "all", "\n", "$"]), max_size=16).map("".join)


@settings(max_examples=400, deadline=None)
@given(text=SHARE_TEXT)
@example(text="12 of 32")
@example(text="1.12 of 32")
@example(text="x12 of 32")
@example(text="1234567 of 32")
def test_the_share_pattern_matches_where_it_did(text):
    assert found(consistency_checker.SHARE.finditer(text)) == found(OLD_SHARE.finditer(text))


# Treaty names, stage words, years and the marks that end a sentence part.
DOCUMENT_WORDS = ["the Ottawa Treaty", "the NPT", "the Outer Space Treaty", "it", "signed",
                  "Signed", "SIGNED", "ratified", "entered into force", "took effect",
                  "withdrew", "expired", "was", "in", "1967", "1997", "1999", "2001",
                  "and", ",", ".", "!", "?", "\n", "x", "designed"]
DOCUMENTS = st.lists(st.sampled_from(DOCUMENT_WORDS), min_size=1, max_size=30).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(text=DOCUMENTS, data=st.data())
@example(text="The Ottawa Treaty was signed in 1997. It entered into force in 1999.",
         data=None)
def test_the_events_of_a_span_are_the_documents_events_there(text, data):
    # Found from the parts the span overlaps only, they are what the whole text has there.
    spans = [(0, len(text)), (0, 0), (len(text), len(text)), (len(text) // 2, len(text))]
    if data is not None:
        start = data.draw(st.integers(0, len(text)))
        spans.append((start, data.draw(st.integers(start, len(text)))))
    everywhere = consistency_checker._events(text)
    for start, end in spans:
        assert consistency_checker._events_in(text, start, end) == [
            event for event in everywhere if start <= event[3] < end], (start, end)


@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_every_member_count_holds_a_word_the_kb_checker_looks_for(data):
    # kb_checker skips the count pattern in claims without one of COUNTED.
    text = data.draw(mixes(kb_checker._COUNT.pattern))
    if kb_checker._COUNT.search(text):
        assert not lacks(text, kb_checker.COUNTED), text


# The kb_checker's "entered into force" words as they were written before its alternatives
# were listed one by one: "(?:entered|came|went) into" is now three of them.
OLD_IN_FORCE = re.compile(r"\b(?:(?:entered|came|went) into (?:force|effect)|took effect|"
                          r"in force since|became effective)", re.IGNORECASE)


@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_the_in_force_trigger_matches_where_it_did(data):
    text = data.draw(mixes(OLD_IN_FORCE.pattern))
    new = kb_checker._TRIGGER_RE["entered_into_force"]
    assert found(new.finditer(text)) == found(OLD_IN_FORCE.finditer(text)), text


def test_starting_text_stops_where_a_match_may_differ():
    assert [starting_text(e) for e in ("signed", "recogni[sz]ed", "honou?red", "re-?imposed",
                                       r"became (?:a |the \w+ )?member", "n't")] == \
        ["signed", "recogni", "hono", "re", "became ", "n't"]
    with pytest.raises(ValueError):
        word_starts(("signed", r"\w"))


# -- the knowledge base's alias search --------------------------------------------------

KB = knowledge_base()
ALIASES = sorted({alias for entries in KB.by_first_word.values() for alias, *_ in entries})


def variants(alias: str) -> list[str]:
    """An alias in other cases, inside a longer word, and cut short."""
    return [alias, alias.upper(), alias.lower(), alias.title(), alias + "s", alias + "ian",
            alias[:-1], "x" + alias]


ALIAS_TEXT = st.lists(st.sampled_from(ALIASES).flatmap(lambda a: st.sampled_from(variants(a)))
                      | st.sampled_from([*OTHER_WORDS, "Straße", "ǅ", "_"]),
                      min_size=1, max_size=8).flatmap(
    lambda parts: st.sampled_from([" ".join(parts), "".join(parts)]))


def by_word(text: str) -> list:
    folded = text.casefold()
    return sorted(KB._mentions_word_by_word(text, folded if len(folded) == len(text) else None),
                  key=lambda m: m.start)


@settings(max_examples=200, deadline=None)
@given(text=ALIAS_TEXT)
@example(text="the US-China relations")
@example(text="Lloyd Axworthy, Canada's foreign minister")
def test_the_alias_automaton_finds_what_the_word_by_word_search_finds(text):
    folded = text.casefold()
    if len(folded) == len(text):
        assert sorted(KB._mentions_by_alias(text, folded), key=lambda m: m.start) == \
            by_word(text), text


def test_the_alias_automaton_finds_the_mentions_of_real_text():
    for text in [*CLAIMS, *(seed.read_text(encoding="utf-8") for seed in SEEDS)]:
        folded = text.casefold()
        assert sorted(KB._mentions_by_alias(text, folded), key=lambda m: m.start) == \
            by_word(text)


def test_only_one_character_case_folds_into_a_word_character():
    # The automaton's premise: a text whose case folding keeps its length keeps its words,
    # unless it has this character (then the words are looked at one by one).
    word = re.compile(r"\w")
    changed = {chr(code) for code in range(0x110000)
               if len(chr(code).casefold()) == 1
               and bool(word.match(chr(code))) != bool(word.match(chr(code).casefold()))}
    assert changed == {FOLDS_INTO_WORD}
    assert [m.entity for m in KB.mentions(f"NATO {FOLDS_INTO_WORD} Canada")] == ["nato",
                                                                                "canada"]


# Marks with runs of text between them, some longer than the first window looked back in.
MARKED = st.lists(st.one_of(st.sampled_from(".!?\n"), st.integers(0, 3000).map("a".__mul__)),
                  max_size=8).map("".join)


@settings(max_examples=300, deadline=None)
@given(text=MARKED, data=st.data())
def test_a_part_is_found_as_by_looking_back_from_its_position_to_the_start(text, data):
    from workbench_plugins.checkers.arithmetic import PART_END, _part_around

    position = data.draw(st.integers(0, len(text)))
    start = max(text.rfind(mark, 0, position) for mark in ".!?\n") + 1
    end = PART_END.search(text, position)
    assert _part_around(text, position, 0) == (start, end.start() if end else len(text))
