"""The faster paths of the scorer, the claim builder, the segmenter and the boilerplate
finder give what their plain definitions give (each kept here, only as a reference)."""

from __future__ import annotations

import math
import re

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from workbench_plugins import checkworthiness

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
