"""The faster paths of the scorer, the consistency checker and the text report give what
the plain definitions give: the model's feature sum, every sentence part's treaty stages,
and textwrap's lines."""

from __future__ import annotations

import json
import re
from pathlib import Path

SEEDS = Path(__file__).parent.parent / "seeds"


def _review(run_cli, path: Path, *args: str) -> dict:
    result = run_cli("check", str(path), "--format", "json", "--as-of", "2025-06-01", *args)
    return json.loads(result.stdout)


def _stage_verdicts(run_cli, tmp_path: Path, text: str) -> dict[str, str]:
    article = tmp_path / "stages.txt"
    article.write_text(text, encoding="utf-8")
    review = _review(run_cli, article)
    return {claim["text"]: verdict["rationale"]
            for claim in review["documents"][0]["claims"] for verdict in claim["verdicts"]
            if verdict["origin"]["name"] == "arithmetic_checker"}


def test_treaty_stages_are_found_in_parts_ended_by_any_mark(run_cli, tmp_path):
    # The first part starts the document; parts end at "?", "!", "." and line breaks; one
    # part holds two stage words.
    text = ("Signed in 1997, the Ottawa Treaty was adopted in 1997 by most states? Indeed!\n"
            "Critics say the Ottawa Treaty entered into force in 1995.")
    rationales = _stage_verdicts(run_cli, tmp_path, text)
    late = "Critics say the Ottawa Treaty entered into force in 1995."
    assert "line 1 says" in rationales[late]
    assert "signed in 1997, so it cannot have been in force in 1995" in rationales[late]


def test_no_stage_verdict_without_a_dated_stage_in_the_same_part(run_cli, tmp_path):
    # "signed" and the year sit in different parts: nothing to compare.
    text = ("The Ottawa Treaty was signed. It was 1997.\n\n"
            "Critics say the Ottawa Treaty entered into force in 1995.")
    rationales = _stage_verdicts(run_cli, tmp_path, text)
    assert not any("cannot have been" in rationale for rationale in rationales.values())


HEAD = re.compile(r"^ *\d+\. \d\.\d\d  line \d+: ")


def test_only_four_non_ascii_letters_match_ascii_ones_ignoring_case():
    # ascii_lowered's premise: it returns None for exactly these, and for any other text
    # its lowercase has the same length and no ASCII letter a non-ASCII one did not have.
    from workbench_plugins.shared.facts import ascii_lowered

    letter = re.compile(r"(?i)[a-z]")
    twins = set()
    for code in range(128, 0x110000):
        char = chr(code)
        if letter.match(char) or len(char.lower()) != 1 or char.lower().isascii():
            twins.add(char)
    assert twins == {"\u0130", "\u0131", "\u017f", "\u212a"}
    for char in twins:
        assert ascii_lowered(f"Signed {char}") is None
    assert ascii_lowered("The Treaty was SIGNED — “in 1997”") == "the treaty was signed — “in 1997”"


def test_a_non_ascii_twin_letter_still_finds_stage_words(run_cli, tmp_path):
    # "ſigned" (long s) is "signed" to a case-insensitive pattern: the shortcut steps aside.
    text = ("The Ottawa Treaty was ſigned in 1997.\n\n"
            "Critics say the Ottawa Treaty entered into force in 1995.")
    rationales = _stage_verdicts(run_cli, tmp_path, text)
    late = "Critics say the Ottawa Treaty entered into force in 1995."
    assert "cannot have been in force in 1995" in rationales[late]


def test_every_generic_office_phrase_holds_a_keyword_the_kb_checker_looks_for():
    from workbench_plugins.checkers.facts import _OFFICE_KEYWORDS
    from workbench_plugins.shared.facts import GENERIC_OFFICES

    for words in GENERIC_OFFICES:
        for phrase in words.split("|"):
            for variant in (phrase.replace("[- ]", "-"), phrase.replace("[- ]", " ")):
                assert any(keyword in variant for keyword in _OFFICE_KEYWORDS), variant
