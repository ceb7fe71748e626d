"""The faster paths of the scorer, the consistency checker and the text report give what
the plain definitions give: the model's feature sum, every sentence part's treaty stages,
and textwrap's lines."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

from workbench_plugins.checkworthiness import (
    OPINION_CAP,
    contributions,
    is_opinion_only,
    probability,
)

SEEDS = Path(__file__).parent.parent / "seeds"


def _review(run_cli, path: Path, *args: str) -> dict:
    result = run_cli("check", str(path), "--format", "json", "--as-of", "2025-06-01", *args)
    return json.loads(result.stdout)


def test_scores_are_the_models_sum_over_the_sentence_features(run_cli):
    review = _review(run_cli, SEEDS)
    claims = [claim for document in review["documents"] for claim in document["claims"]]
    assert len(claims) > 100
    for claim in claims:
        # The definition `workbench eval --show-errors` explains scores with.
        expected = probability(contributions(claim["text"], claim["signals"])[0])
        if is_opinion_only(claim["signals"]):
            expected = min(expected, OPINION_CAP)
        assert claim["checkworthiness"] == round(expected, 4), claim["text"]


def _stage_verdicts(run_cli, tmp_path: Path, text: str) -> dict[str, str]:
    article = tmp_path / "stages.txt"
    article.write_text(text, encoding="utf-8")
    review = _review(run_cli, article)
    return {claim["text"]: verdict["rationale"]
            for claim in review["documents"][0]["claims"] for verdict in claim["verdicts"]
            if verdict["origin"]["name"] == "consistency_checker"}


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


def test_text_report_wraps_claims_as_textwrap_does(run_cli, tmp_path):
    sentences = [
        "S1 In 1997 the well-known anti-personnel mine ban was signed by 122 states in "
        "Ottawa, a figure the co-chairs of the follow-up meetings cited again in 2004.",
        "S2 Between 1990 and 2000 -- the so-called post-Cold-War decade -- trade rose by "
        "40 per cent, from 4.0 to 5.6 billion dollars, according to the 2001 report.",
        "S3 Exports rose by 35 per cent in 2019 to $4.2 billion, according to the table "
        "annual_trade_statistics_for_the_fiscal_years_ending_in_2019_and_2020_final_version_"
        "two.csv of the ministry.",
        "S4 In 2004, 144 states had ratified the convention, " + "and 12 more signed it "
        * 6 + "by 2010.",
        "S5 In 2001 exports rose by 12 per cent, the ministry of industrialised "
        "state-owned-enterprise sectors said in 2002.",
    ]
    article = tmp_path / "long.txt"
    article.write_text("\n\n".join(sentences), encoding="utf-8")
    out = run_cli("check", str(article), "--top", "10").stdout.splitlines()
    bodies: dict[str, tuple[int, list[str]]] = {}
    for index, line in enumerate(out):
        head = HEAD.match(line)
        if head is None:
            continue
        body = [line[head.end():]]
        for rest in out[index + 1:]:
            if not rest.startswith(" " * head.end()):
                break
            body.append(rest[head.end():])
        bodies[body[0][:2]] = (head.end(), body)
    assert set(bodies) == {"S1", "S2", "S3", "S4", "S5"}
    for sentence in sentences:
        width, body = bodies[sentence[:2]]
        assert body == textwrap.wrap(sentence, 100 - width)
        assert len(body) > 1
    # A line broken after a hyphen, and a word longer than a line cut.
    assert bodies["S5"][1][0].endswith("state-")
    assert max(map(len, bodies["S3"][1])) == 100 - bodies["S3"][0]


def test_only_four_non_ascii_letters_match_ascii_ones_ignoring_case():
    # ascii_lowered's premise: it returns None for exactly these, and for any other text
    # its lowercase has the same length and no ASCII letter a non-ASCII one did not have.
    from workbench_plugins.factbase import ascii_lowered

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
    from workbench_plugins.factbase import GENERIC_OFFICES
    from workbench_plugins.kb_checker import _OFFICE_KEYWORDS

    for words in GENERIC_OFFICES:
        for phrase in words.split("|"):
            for variant in (phrase.replace("[- ]", "-"), phrase.replace("[- ]", " ")):
                assert any(keyword in variant for keyword in _OFFICE_KEYWORDS), variant
