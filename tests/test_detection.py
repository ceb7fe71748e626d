"""Detector plugins and the check-worthiness scorer, through the CLI and plugin manager."""

from __future__ import annotations

import json

import pytest

from workbench import validation


def _review(run_cli, text: str, *args: str) -> dict:
    result = run_cli("check", "-", "--format", "json", *args, input=text)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def _signals(run_cli, text: str, detector: str) -> list[dict]:
    review = _review(run_cli, text)
    return [s for entry in review["documents"] for claim in entry["claims"]
            for s in claim["signals"] if s["detector"] == detector]


def _by_text(signals: list[dict]) -> dict[str, dict]:
    return {s["text"]: s for s in signals}


def test_quantities_are_parsed_for_arithmetic(run_cli):
    text = ("Trade reached $16.6 billion, about 25 per cent of the total, across 122 states. "
            "Roughly three quarters of voters agreed after an increase of 40 per cent. "
            "Output went from 4.0 to 5.0 billion tonnes, and one in five firms fell by "
            "2.5 percentage points.")
    found = _by_text(_signals(run_cli, text, "quantities"))
    assert found["$16.6 billion"]["value"] == {"type": "money", "number": 16.6e9,
                                              "currency": "USD", "written": "16.6",
                                              "scale": 1e9}
    assert found["$16.6 billion"]["kind"] == "quantity"
    assert found["about 25 per cent"]["value"] == {"type": "percent", "number": 25.0,
                                                  "unit": "percent", "qualifier": "about",
                                                  "written": "25"}
    assert found["about 25 per cent"]["kind"] == "statistic"
    assert found["122 states"]["value"] == {"type": "count", "number": 122.0, "unit": "states",
                                            "written": "122"}
    assert found["Roughly three quarters"]["value"]["number"] == 0.75
    assert found["an increase of 40 per cent"]["value"] == {
        "type": "change", "direction": "increase", "number": 40.0, "unit": "percent",
        "written": "40"}
    change = found["from 4.0 to 5.0 billion"]["value"]
    assert (change["from"], change["to"], change["relative_change"]) == (4e9, 5e9, 0.25)
    assert found["one in five"]["value"]["number"] == 0.2
    assert found["fell by 2.5 percentage points"]["value"]["unit"] == "percentage points"


@pytest.mark.parametrize("text", [
    "The treaty was signed in 1967 and revised from 1996 to 2000.",
    "Five Principles of Peaceful Coexistence guide the talks.",
    "See Behind the Headlines 54:3 (Spring 1997), pp.4-9.",
    "It was posted on Apr 25, 2025 by the editors.",
])
def test_years_dates_names_and_references_are_not_quantities(run_cli, text):
    assert _signals(run_cli, text, "quantities") == []


def test_comparisons_and_superlatives(run_cli):
    text = ("Canada has the longest coastline in the world. It was the first, tentative "
            "discussion. Exports are higher than in 1990 and twice as large as imports. "
            "She ranked second.")
    found = _by_text(_signals(run_cli, text, "comparisons"))
    assert found["the longest coastline in the world"]["value"] == {
        "type": "superlative", "degree": "longest", "scope": "in the world"}
    assert found["the first"]["value"] == {"type": "ranking", "rank": 1}
    assert found["higher than"]["value"]["operator"] == ">"
    assert found["ranked second"]["value"]["rank"] == 2
    assert _signals(run_cli, "The rest of the west shows interest in the forest.",
                    "comparisons") == []


def test_attribution_and_quotation(run_cli):
    text = ("A recent Globe and Mail story described the talks. According to the World Bank, "
            "poverty fell. \"We will not back down from this fight,\" said Jane Smith. "
            "Based on the media reports, it failed.")
    found = _by_text(_signals(run_cli, text, "attribution"))
    assert found["A recent Globe and Mail story"]["value"] == {
        "type": "publication", "source": "Globe and Mail", "genre": "story"}
    assert found["According to the World Bank"]["value"]["source"] == "the World Bank"
    quote = found["\"We will not back down from this fight,\""]["value"]
    assert quote["type"] == "quote" and quote["speaker"] == "Jane Smith"
    assert found["media reports"]["value"]["type"] == "media"
    scare = "Some call these discussions “back-channels” and move on."
    assert _signals(run_cli, scare, "attribution") == []


def test_citations_and_footnotes(run_cli):
    text = ("A better understanding is urgently needed,68 in particular now. Growth held [12] "
            "and then [3, 5-7] fell (Smith et al., 2019).\n\n"
            "⁶⁸ Howard Balloch, *Behind the Headlines* 54:3 (Spring 1997), pp.4-9.")
    found = _by_text(_signals(run_cli, text, "citations"))
    assert found["68"]["value"] == {"type": "note", "numbers": [68]}
    assert found["⁶⁸"]["value"] == {"type": "note", "numbers": [68]}
    assert found["[3, 5-7]"]["value"]["numbers"] == [3, 5, 6, 7]
    assert found["(Smith et al., 2019)"]["value"]["year"] == 2019
    reference = found["*Behind the Headlines* 54:3 (Spring 1997)"]["value"]
    assert (reference["journal"], reference["volume"], reference["issue"],
            reference["year"]) == ("Behind the Headlines", 54, 3, 1997)
    assert found["pp.4-9"]["value"] == {"type": "pages", "first": 4, "last": 9}
    assert _signals(run_cli, "It costs $5,000 and 5G helps in 2019.", "citations") == []


def test_entities_are_the_fact_packs_catalogue(run_cli):
    text = ("The Outer Space Treaty and the Mine Ban Treaty followed the work of the "
            "Pugwash Conferences during the Cold War, while post-Cold War NATO grew. "
            "Kofi Annan was then UN Secretary-General, and the foreign minister spoke.")
    found = _by_text(_signals(run_cli, text, "entities"))
    assert found["Outer Space Treaty"]["kind"] == "treaty"
    assert found["Mine Ban Treaty"]["value"]["id"] == "ottawa-treaty"
    assert found["Pugwash Conferences"]["kind"] == "organization"
    assert found["Cold War"]["kind"] == "event"
    assert found["NATO"]["value"] == {"id": "nato", "type": "organisation",
                                      "name": "North Atlantic Treaty Organization"}
    assert found["Kofi Annan"]["kind"] == "person"
    assert found["UN Secretary-General"]["value"]["role"] == "secretary-general"
    assert found["foreign minister"]["kind"] == "office"  # a role, for any country
    # Acronyms match only in capitals; capitalised names need a capital in the text.
    assert _signals(run_cli, "The nato trump cards of the mandela effect.", "entities") == []


def write_pack(folder, entities="", facts="", sources=None):
    """A fact pack folder with the given CSV rows (after the header)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "datapackage.json").write_text(json.dumps(
        {"name": folder.name, "licenses": [{"name": "CC-BY-4.0"}]}), encoding="utf-8")
    (folder / "entities.csv").write_text("id,type,name,aliases\n" + entities,
                                         encoding="utf-8")
    (folder / "facts.csv").write_text(
        "id,subject,relation,object,date,end,place,source,quote,note\n" + facts,
        encoding="utf-8")
    (folder / "sources.csv").write_text(
        "id,publisher,title,url,retrieved,licence,note\n" + (sources or
        "desk,The Daily,Newsroom research desk,https://example.org/desk,2025-01-02,,\n"),
        encoding="utf-8")
    return folder


def test_a_newsroom_pack_extends_the_catalogue(run_cli, tmp_path, monkeypatch):
    pack = write_pack(tmp_path / "newsroom", entities=(
        "track-two,event,China-Canada Track Two Dialogue,Track Two Dialogue\n"))
    monkeypatch.setenv("WORKBENCH_FACTS", str(pack))
    found = _by_text(_signals(run_cli, "The Track Two Dialogue met at NATO.", "entities"))
    assert found["Track Two Dialogue"]["value"]["id"] == "track-two"
    assert "NATO" in found  # the bundled entities stay


def test_a_broken_pack_is_a_one_line_error(run_cli, tmp_path, monkeypatch):
    pack = write_pack(tmp_path / "bad", entities="Not An Id,nonsense,Name,\n")
    monkeypatch.setenv("WORKBENCH_FACTS", str(pack))
    result = run_cli("check", "-", input="NATO met.")
    assert result.exit_code == 2
    assert result.stderr.strip().startswith(f"error: {pack / 'entities.csv'}: fact pack "
                                            "bad: entity 'Not An Id': needs a lowercase id")
    monkeypatch.setenv("WORKBENCH_FACTS", str(tmp_path / "missing"))
    result = run_cli("check", "-", input="NATO met.")
    assert result.exit_code == 2
    assert result.stderr.strip() == (f"error: {tmp_path / 'missing'}: not a fact pack: no "
                                     "datapackage.json")


def test_opinion_cues_carry_no_weight(run_cli):
    text = "Joint ventures could be mutually beneficial. New avenues must be sought. Why not?"
    signals = _signals(run_cli, text, "opinion")
    assert {s["value"]["type"] for s in signals} >= {"speculation", "recommendation",
                                                     "question"}
    assert all(s["weight"] == 0.0 and s["kind"] == "opinion" for s in signals)


FACTS = [
    "Unemployment fell from 7.8 per cent in 2009 to 4.7 per cent in 2016.",
    "The Outer Space Treaty was signed in 1967 by the United States and the Soviet Union.",
    "Canada spent $16.6 billion on defence last year, an increase of 40 per cent.",
    "According to the World Bank, 122 states have ratified the convention.",
]
OPINIONS = [
    "Joint ventures in renewable energy could be mutually beneficial.",
    "We should explore new avenues for cooperation.",
    "This article will explore the potential for such a partnership.",
    "Innovative policy must be sought in that channels for dialogues should be maintained.",
    "Do you think that is a good idea?",
]


def test_scorer_ranks_checkable_sentences_above_opinions(run_cli):
    review = _review(run_cli, "\n\n".join(FACTS + OPINIONS))
    claims = {c["text"]: c for c in review["documents"][0]["claims"]}
    assert min(claims[t]["checkworthiness"] for t in FACTS) > max(
        claims[t]["checkworthiness"] for t in OPINIONS)
    assert all(claims[t]["checkworthy"] for t in FACTS)
    assert not any(claims[t]["checkworthy"] for t in OPINIONS)


def test_scoring_leaves_the_claim_alone_and_explains_misses(run_cli, tmp_path):
    review = _review(run_cli, "\n\n".join(FACTS + OPINIONS))
    assert review["failures"] == []  # the scorer did not touch the claims it was given
    validation.validate("review", review)
    # Label a fact as not check-worthy: eval lists it with the features behind its score.
    labelled = tmp_path / "labelled.tsv"
    labelled.write_text(f"text\tlabel\n{FACTS[0]}\tno\n", encoding="utf-8")
    result = run_cli("eval", str(labelled), "--show-errors", "3", "--format", "json")
    miss = json.loads(result.stdout)["errors"][0]
    assert miss["text"] == FACTS[0] and miss["score"] >= 0.5
    assert "statistic" in miss["kinds"]
    weights = [abs(f["weight"]) for f in miss["features"]]
    assert 0 < len(weights) <= 5 and weights == sorted(weights, reverse=True)
    assert {"kind:statistic", "type:statistic/percent"} & {f["feature"] for f in
                                                          miss["features"]}


def test_signal_offsets_are_exact_on_the_seed_articles(run_cli):
    from pathlib import Path

    seeds = Path(__file__).parent.parent / "seeds"
    result = run_cli("check", str(seeds), "--format", "json")
    review = json.loads(result.stdout)
    assert validation.offset_errors(review) == []
    kinds = {s["kind"] for entry in review["documents"] for c in entry["claims"]
             for s in c["signals"]}
    assert kinds >= {"temporal", "citation", "attribution", "treaty", "event", "organization",
                     "person", "trade-measure", "comparison", "opinion"}


def test_temporal_and_trade_measures_in_capitalised_sentences(run_cli):
    text = ("Tariffs on steel rose. In the 21st century the second Obama term began.\n\n"
            "Sanctions against Iran were lifted.")
    temporal = _by_text(_signals(run_cli, text, "temporal"))
    assert temporal["the 21st century"]["value"] == {"type": "century", "century": 21}
    assert temporal["the second Obama term"]["value"]["ordinal"] == "second"
    trade = _by_text(_signals(run_cli, text, "trade_measures"))
    assert trade["Tariffs on steel"]["value"] == {"measure": "tariffs", "target": "steel"}
    assert trade["Sanctions against Iran"]["value"]["target"] == "Iran"
