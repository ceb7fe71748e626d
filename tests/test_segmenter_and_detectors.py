"""The bundled segmenter and detectors, called through the plugin manager."""

from __future__ import annotations

import pytest

from workbench.plugins import get_plugin_manager
from workbench.records import make_document
from workbench.types import RawInput


def document(text: str) -> dict:
    return make_document(RawInput("test.txt", text.encode(), "text/plain"), text)


def sentences(text: str) -> list[str]:
    spans = get_plugin_manager().hook.segment_document(document=document(text))
    return [text[start:end] for start, end in spans]


def signals(text: str, kind: str) -> list[tuple[str, object]]:
    results = get_plugin_manager().hook.detect_signals(document=document(text), sentences=[])
    return [(s["text"], s.get("value")) for found in results for s in found if s["kind"] == kind]


def test_abbreviations_and_initials_do_not_end_sentences():
    text = "Mr. Axworthy met Dr. J. Smith at 3 p.m. in Ottawa. The U.S. delegation left. Why?"
    assert sentences(text) == [
        "Mr. Axworthy met Dr. J. Smith at 3 p.m. in Ottawa.",
        "The U.S. delegation left.",
        "Why?",
    ]


def test_bullets_and_blank_line_paragraphs():
    text = ("Bullet Points:\n\n  • Tariffs rose in 2018. Exports fell.\n"
            "  • Sanctions targeting firms.\n\nA closing paragraph.")
    assert sentences(text) == ["Bullet Points:", "Tariffs rose in 2018.", "Exports fell.",
                               "Sanctions targeting firms.", "A closing paragraph."]


def test_headings_are_their_own_sentence_but_wrapped_prose_is_joined():
    heading = "China And Canada\nThe talks began in 1970 and ended later."
    assert sentences(heading) == ["China And Canada", "The talks began in 1970 and ended later."]
    wrapped = ("The existing international treaties were negotiated over three\n"
               "decades ago and new regulations are urgently needed to prevent\n"
               "weaponization. It matters.")
    assert sentences(wrapped) == [wrapped[:wrapped.index(" It")], "It matters."]


def test_quotes_close_the_sentence_they_end():
    text = 'He said "the deal is done." Then he left.'
    assert sentences(text) == ['He said "the deal is done."', "Then he left."]


@pytest.mark.parametrize("text, expected", [
    ("negotiated over three decades ago", ("over three decades ago", {
        "type": "relative", "amount": 3, "unit": "decade", "direction": "ago",
        "qualifier": "over"})),
    ("more than five decades ago", ("more than five decades ago", {
        "type": "relative", "amount": 5, "unit": "decade", "direction": "ago",
        "qualifier": "more than"})),
    ("two years before the United States did", ("two years before", {
        "type": "relative", "amount": 2, "unit": "year", "direction": "before"})),
    ("from 1996 to 2000", ("from 1996 to 2000", {"type": "range", "start": 1996, "end": 2000})),
    ("in the 1990s", ("the 1990s", {"type": "decade", "decade": 1990})),
    ("Post on Apr 25, 2025", ("Apr 25, 2025", {"type": "date", "date": "2025-04-25"})),
    ("during the second Obama term", ("the second Obama term", {
        "type": "term", "ordinal": "second", "who": "Obama"})),
    ("(Spring 1997), pp.4-9", ("Spring 1997", {"type": "season", "year": 1997})),
    ("since the mid-19th century", ("the mid-19th century", {
        "type": "century", "century": 19, "part": "mid"})),
    ("It was signed in 1967.", ("1967", {"type": "year", "year": 1967})),
])
def test_temporal_expressions(text, expected):
    assert signals(text, "temporal") == [expected]


@pytest.mark.parametrize("text", ["It costs $1999.", "Population: 2,018,000.",
                                  "A rise of 2019 per cent", "Call 1-800-1997"])
def test_numbers_that_are_not_years(text):
    assert signals(text, "temporal") == []


def test_trade_measures_with_targets_and_rates():
    text = ("Specific examples include the imposition of tariffs on aluminum and steel, "
            "sanctions targeting specific companies, and a 25% tariff on steel imports.")
    found = signals(text, "trade-measure")
    assert ("tariffs on aluminum and steel",
            {"measure": "tariffs", "target": "aluminum and steel"}) in found
    assert ("sanctions targeting specific companies",
            {"measure": "sanctions", "target": "specific companies"}) in found
    assert ("25% tariff on steel imports",
            {"measure": "tariff", "target": "steel imports", "rate_percent": 25.0}) in found


def test_bare_trade_measure_mentions_are_weak(run_cli):
    import json
    review = json.loads(run_cli("check", "-", "--format", "json",
                                input="Both faced trade protectionism and tariffs.").stdout)
    claim = review["documents"][0]["claims"][0]
    assert [s["weight"] for s in claim["signals"]] == [0.3]
