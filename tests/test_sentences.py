"""Sentence splitting on hard cases from real text (tests/data/sentences*.jsonl)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workbench.plugins import get_plugin_manager

DATA = Path(__file__).parent / "data"


def split(text: str) -> list[str]:
    spans = get_plugin_manager().hook.segment_document(document={"text": text})
    return [text[start:end] for start, end in spans]


@pytest.mark.parametrize(("text", "expected"), [
    ("Reagan passed the torch to George H.W. Bush. Bush moved to embrace Reaganism.",
     ["Reagan passed the torch to George H.W. Bush.", "Bush moved to embrace Reaganism."]),
    ("Talks on U.S.-N. Korea ties resumed. Both sides met.",
     ["Talks on U.S.-N. Korea ties resumed.", "Both sides met."]),
    ("The album went double platinum in the U.S. And the singer wed him in 1994.",
     ["The album went double platinum in the U.S.", "And the singer wed him in 1994."]),
    ("The second stage began at 6:25 p.m. Tuesday, Mr. Marcus said. It lasted an hour.",
     ["The second stage began at 6:25 p.m. Tuesday, Mr. Marcus said.", "It lasted an hour."]),
    ("Heart disease is the No. 5 killer. \"No. The aim is to leave,\" he said.",
     ["Heart disease is the No. 5 killer.", "\"No.", "The aim is to leave,\" he said."]),
    ("Pre-tax profits rose to £546m ($1.04bn). Revenues were £4.3bn. Costs fell.",
     ["Pre-tax profits rose to £546m ($1.04bn).", "Revenues were £4.3bn.", "Costs fell."]),
    ("He looked after country star Hank Williams Jr. He wrote Ring of Fire.",
     ["He looked after country star Hank Williams Jr.", "He wrote Ring of Fire."]),
    ("In 2012 then-Rep. Heath Shuler retired.", ["In 2012 then-Rep. Heath Shuler retired."]),
])
def test_abbreviations_and_initials(text: str, expected: list[str]) -> None:
    assert split(text) == expected


@pytest.mark.parametrize(("name", "at_least"), [("sentences.jsonl", 122),
                                                ("sentences-heldout.jsonl", 25)])
def test_cases_from_real_text(name: str, at_least: int) -> None:
    cases = [json.loads(line) for line in (DATA / name).read_text("utf-8").splitlines()]
    assert all(sentence in case["text"] for case in cases for sentence in case["sentences"])
    wrong = [case for case in cases if split(case["text"]) != case["sentences"]]
    assert len(cases) - len(wrong) >= at_least, [c["sentences"] for c in wrong]
