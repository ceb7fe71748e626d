"""The offline checkers: knowledge base, temporal arithmetic and internal consistency.

Through the CLI (``workbench check``, ``--as-of``) and through the plugin manager (the
pipeline's ``check`` stage with a document whose publication date is known).
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from workbench_plugins.shared.facts import knowledge_base

from workbench import validation
from workbench.claims import build_claims
from workbench.pipeline import FailureLog, check, detect, segment
from workbench.records import make_document
from workbench.review import best_verdict
from workbench.types import CheckOptions, RawInput

ROOT = Path(__file__).parent.parent
VERDICT_SET = ROOT / "benchmarks" / "data" / "verdicts.jsonl"


def check_file(run_cli, tmp_path, text: str, *args: str) -> dict[str, dict]:
    """Run ``workbench check`` on ``text``; return each claim's best verdict by claim text."""
    path = tmp_path / "article.txt"
    path.write_text(text, encoding="utf-8")
    result = run_cli("check", str(path), "--format", "json", *args)
    assert result.exit_code == 0, result.output
    review = json.loads(result.stdout)
    validation.validate("review", review)
    return {claim["text"]: best_verdict(claim) for claim in review["documents"][0]["claims"]}


def check_text(text: str, published: str | None = None, as_of: date | None = None,
               all_claims: bool = False) -> list[dict]:
    """The pipeline's stages on one text with a publication date; returns the claims."""
    raw = RawInput(uri="test:article", data=text.encode(), media_type="text/plain")
    document = make_document(raw, text, published=published)
    log = FailureLog(strict=True)
    sentences = segment(document, log)
    claims = build_claims(document, sentences, detect(document, sentences, log))
    if all_claims:  # what a quantity detector would flag: check every sentence
        for claim in claims:
            claim["checkworthy"] = True
    check(claims, document, CheckOptions(as_of=as_of), log)
    return claims


# -- the fact file ------------------------------------------------------------------------


def test_fact_file_is_valid_versioned_and_every_fact_is_sourced():
    data = json.loads((ROOT / "plugins" / "data" / "facts.json").read_text(encoding="utf-8"))
    assert validation.is_valid("fact", data), validation.explain("fact", data)[:3]
    assert data["version"]
    facts = data["facts"]
    assert len(facts) >= 300
    assert len({fact["id"] for fact in facts}) == len(facts)
    for fact in facts:
        assert fact["entity"] in data["entities"], fact["id"]
        obj = fact.get("qualifiers", {}).get("object")
        assert obj is None or obj in data["entities"], fact["id"]
        source = fact["source"]
        assert source["url"].startswith("https://") and source["publisher"] and source["title"]
    assert "fact" in validation.load_schemas()


def test_a_broken_fact_is_rejected_by_the_schema():
    data = json.loads((ROOT / "plugins" / "data" / "facts.json").read_text(encoding="utf-8"))
    del data["facts"][0]["source"]["url"]
    assert not validation.is_valid("fact", data)
    data = json.loads((ROOT / "plugins" / "data" / "facts.json").read_text(encoding="utf-8"))
    data["facts"][0]["value"] = {"type": "date", "date": "1 March 1999"}
    assert not validation.is_valid("fact", data)


def test_alias_index_tolerates_paraphrase_but_not_lowercase_acronyms():
    kb = knowledge_base()
    names = {m.entity for m in kb.mentions("the landmine convention and the Mine Ban Treaty")}
    assert names == {"ottawa-treaty"}
    assert [m.entity for m in kb.mentions("Canada's foreign minister")] == ["fm-canada"]
    assert kb.mentions("they told us that nato was fine") == []
    assert [m.entity for m in kb.mentions("the US joined NATO")] == ["united-states", "nato"]


def test_plugin_modules_load_the_knowledge_base_lazily():
    code = ("import workbench_plugins.checkers.facts, workbench_plugins.checkers.time_spans, "
            "workbench_plugins.checkers.arithmetic\n"
            "from workbench_plugins.shared.facts import knowledge_base\n"
            "assert knowledge_base.cache_info().currsize == 0\n"
            "print(len(knowledge_base().facts))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert int(result.stdout) >= 300


# -- knowledge base checker through the CLI --------------------------------------------------

KB_TEXT = """The Ottawa Treaty entered into force in 1999.

The landmine convention came into force in 1998.

Lloyd Axworthy was Canada's foreign minister from 1996 to 2000.

Lloyd Axworthy was Canada's foreign minister from 1993 to 2000.

Jody Williams won the Nobel Peace Prize in 1998.

Canada was exempted from the US tariffs on steel and aluminum in 2018.

The US imposed 25 per cent tariffs on aluminum in 2018.

The Mine Ban Treaty was signed in Ottawa in December 1997.

Canada did not sign the Ottawa Treaty in 1997.
"""


def test_knowledge_base_verdicts_through_the_cli(run_cli, tmp_path):
    verdicts = check_file(run_cli, tmp_path, KB_TEXT)
    rating = {text: (v["rating"] if v else None) for text, v in verdicts.items()}
    assert rating["The Ottawa Treaty entered into force in 1999."] == "true"
    assert rating["The landmine convention came into force in 1998."] == "false"
    assert rating["Lloyd Axworthy was Canada's foreign minister from 1996 to 2000."] == "true"
    assert rating["Lloyd Axworthy was Canada's foreign minister from 1993 to 2000."] == "false"
    assert rating["Jody Williams won the Nobel Peace Prize in 1998."] == "false"
    assert rating["Canada was exempted from the US tariffs on steel and aluminum in 2018."] \
        == "misleading"
    assert rating["The US imposed 25 per cent tariffs on aluminum in 2018."] == "false"
    # True but not fully covered (the place), and negated: both left to a person.
    assert rating["The Mine Ban Treaty was signed in Ottawa in December 1997."] == "unverified"
    assert rating["Canada did not sign the Ottawa Treaty in 1997."] in (None, "unverified")
    wrong = verdicts["Jody Williams won the Nobel Peace Prize in 1998."]
    assert wrong["sources"][0]["url"] == "https://www.nobelprize.org/prizes/peace/1997/summary/"
    assert "1997, not 1998" in wrong["rationale"]


@pytest.mark.parametrize(("text", "expected"), [
    ("Finland and Sweden joined NATO in 2023 and 2024 respectively.", "true"),
    ("Finland and Sweden joined NATO in 2024 and 2023 respectively.", "false"),
    ("Joseph Rotblat and the Pugwash Conferences won the Nobel Peace Prize in 1995.", "true"),
    # A title is not a claim about a term of office.
    ("In 1973 President Nixon called on Americans to save energy.", None),
    # A subset is not the organisation's size.
    ("There are six countries in Africa that are members of the United Nations.", None),
    # A country's own signature is not the treaty's opening for signature (China: 1992).
    ("China signed the NPT in 1992.", None),
    ("The NPT entered into force for China in 1992.", None),
    # ... but a country in a relative clause is not the one acting.
    ("The treaty banning landmines, which Canada championed, took effect on March 1, 1998.",
     "false"),
    # Building the wall is not its fall.
    ("The Berlin Wall was built in 1961.", None),
    # A date owned by another verb or clause is not the one being checked.
    ("In 1999 NATO, founded in 1949, admitted Poland.", "unverified"),
    ("In 1999 NATO, which was founded fifty years earlier, admitted Poland.", None),
    ("In 1999 Poland joined NATO.", "true"),
])
def test_subjects_are_paired_with_their_own_dates(text, expected):
    claim, = check_text(text, published="2012-10-01", all_claims=True)
    verdict = best_verdict(claim)
    assert (verdict["rating"] if verdict else None) == expected


def test_state_claims_become_outdated_after_publication():
    text = "NATO has 30 member states."
    claim, = check_text(text, published="2021-06-01", as_of=date(2025, 1, 1), all_claims=True)
    assert best_verdict(claim)["rating"] == "outdated"
    claim, = check_text(text, published="2021-06-01", as_of=date(2022, 1, 1), all_claims=True)
    assert best_verdict(claim)["rating"] == "true"
    claim, = check_text("NATO has 35 member states.", published="2025-02-01", all_claims=True)
    assert best_verdict(claim)["rating"] == "false"
    claim, = check_text("Justin Trudeau is the Prime Minister of Canada.", published="2023-05-01",
                        as_of=date(2025, 6, 1), all_claims=True)
    assert best_verdict(claim)["rating"] == "outdated"


# -- temporal arithmetic --------------------------------------------------------------------

SPACE = "The Outer Space Treaty was negotiated over three decades ago.\n"


@pytest.mark.parametrize(("as_of", "expected"), [
    (None, "unverified"), ("2001-01-01", "true"), ("1990-01-01", "false"),
])
def test_relative_time_against_as_of(run_cli, tmp_path, as_of, expected):
    args = ("--as-of", as_of) if as_of else ()
    verdict = check_file(run_cli, tmp_path, SPACE, *args)[SPACE.strip()]
    assert verdict["rating"] == expected
    assert verdict["origin"]["name"] == "time_checker"
    assert "27 January 1967" in verdict["computation"]
    if as_of is None:
        assert "publication years 1998 and later; 1997 in part" in verdict["rationale"]
    else:
        assert verdict["computation"].startswith(f"{as_of} (--as-of)")
        assert verdict["sources"][0]["url"] == "https://en.wikipedia.org/wiki/Outer_Space_Treaty"


def test_relative_time_uses_the_publication_date_and_the_previous_sentence():
    text = ("Both share concerns over the weaponization of outer space. The existing "
            "international treaties were negotiated over three decades ago.")
    claims = check_text(text, published="2001-03-01")
    verdict = best_verdict(claims[1])
    # The treaty is inferred from the previous sentence, so the rating is hedged.
    assert verdict["rating"] == "mostly-true"
    assert "2001-03-01 (publication date)" in verdict["computation"]


@pytest.mark.parametrize(("text", "expected"), [
    # 24 August 1949 to 18 February 1952: 2.5 years exactly, 3 in calendar years.
    ("Canada joined NATO in 1949, three years before Greece did.", "unverified"),
    ("Canada joined NATO in 1949, ten years before Greece did.", "false"),
    # A date the text states is not checked by the interval: the span alone is not "true".
    ("In 1999, two years after the treaty was signed in 1997, it entered into force.",
     "unverified"),
    ("In 1999, four years after the treaty was signed in 1997, it entered into force.", "false"),
])
def test_interval_readings(text, expected):
    claim, = check_text(text)
    verdict = next(v for v in claim["verdicts"] if v["origin"]["name"] == "time_checker")
    assert verdict["rating"] == expected


def test_interval_between_two_events():
    text = ("Canada recognized the People's Republic of China in 1970, two years before "
            "the United States did.")
    claim, = check_text(text)
    verdicts = {v["origin"]["name"]: v for v in claim["verdicts"]}
    assert verdicts["time_checker"]["rating"] == "false"
    assert "= 8.2 years exactly, 9 in calendar years" in verdicts["time_checker"]["computation"]
    # The KB checker confirms 1970 but does not call the whole sentence true.
    assert verdicts["facts_checker"]["rating"] == "unverified"
    assert best_verdict(claim)["rating"] == "false"


# -- internal consistency -------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected", "shown"), [
    ("In May 2019 exports rose from 4.0 to 5.0 billion, an increase of 40 per cent.",
     "false", "+25.0%"),
    ("In May 2019 exports rose from 4.0 to 5.0 billion, an increase of 25 per cent.",
     "unverified", "+25.0%"),
    ("In May 2020 imports fell from $10 billion to $12 billion, a decline of 20%.",
     "false", "+20.0%"),
    ("In May 2023 exports doubled from $3 billion to $9 billion.", "false", "= 3"),
    ("In May 2024 16 of the 32 members, or 60 per cent, agreed.", "false", "= 50.0%"),
    ("In May 2024 35 of the 32 members agreed.", "false", "35 > 32"),
    ("In May 2018 Canada imposed duties of $5 billion on steel and $3 billion on aluminum, "
     "a total of $9 billion.", "false", "= 8 billion"),
    ("Lloyd Axworthy served from 2000 to 1996.", "false", "2000 > 1996"),
    # A dotted capital I, whose lowercase is two characters, in a scale word.
    ("In May 2019 exports rose from 4.0 to 5.0 b\u0130llion, an increase of 40 per cent.",
     "false", "+25.0%"),
])
def test_arithmetic_inside_the_text(text, expected, shown):
    claim, = check_text(text)
    verdict = next(v for v in claim["verdicts"] if v["origin"]["name"] == "arithmetic_checker")
    assert verdict["rating"] == expected
    assert shown in verdict["computation"]


def test_treaty_stages_out_of_order_across_the_article():
    claims = check_text("The Ottawa Treaty was signed in 1997.\n\n"
                        "Years later the Ottawa Treaty entered into force in 1995.")
    verdict = next(v for v in claims[1]["verdicts"]
                   if v["origin"]["name"] == "arithmetic_checker")
    assert verdict["rating"] == "false"
    assert "line 1" in verdict["rationale"]


# -- invariants and output ------------------------------------------------------------------


def test_every_verdict_is_backed_and_true_needs_a_fact():
    rows = [json.loads(line) for line in VERDICT_SET.read_text().splitlines() if line]
    assert len(rows) >= 40
    fact_urls = {fact["source"]["url"] for fact in knowledge_base().facts}
    checked = 0
    for row in rows:
        as_of = date.fromisoformat(row["as_of"]) if row["as_of"] else None
        for claim in check_text(row["text"], row["published"], as_of, all_claims=True):
            for verdict in claim["verdicts"]:
                checked += 1
                validation.validate("verdict", verdict)
                if verdict["rating"] != "unverified":
                    assert verdict["sources"] or verdict.get("computation"), row["id"]
                if verdict["rating"] in ("true", "mostly-true"):
                    assert any(s["url"] in fact_urls for s in verdict["sources"]), row["id"]
            best = best_verdict(claim)
            if row["expected"] in ("false", "outdated", "misleading") and best:
                assert best["rating"] not in ("true", "mostly-true"), row["id"]
    assert checked >= 60


def test_text_and_markdown_show_verdicts_sources_and_counts(run_cli, tmp_path):
    path = tmp_path / "article.txt"
    path.write_text(KB_TEXT + "\n" + SPACE, encoding="utf-8")
    text = run_cli("check", str(path), "--as-of", "2001-01-01").stdout
    assert "verdict: false (0.80, facts_checker): Contradicted by the knowledge base" in text
    assert "source: The Nobel Peace Prize 1997, Nobel Prize Outreach (nobelprize.org), " \
           "https://www.nobelprize.org/prizes/peace/1997/summary/" in text
    assert "verdict: true (0.80, time_checker)" in text
    summary = text.strip().splitlines()[-1]
    assert "verdicts: 3 true" in summary and "4 false" in summary and "1 misleading" in summary
    markdown = run_cli("check", str(path), "--format", "markdown").stdout
    assert "**misleading**" in markdown
    assert "- [Trump tariffs](<https://en.wikipedia.org/wiki/Trump_tariffs>), Wikipedia" \
        in markdown


def test_validate_command_checks_a_fact_file(run_cli, tmp_path):
    result = run_cli("validate", str(ROOT / "plugins" / "data" / "facts.json"), "--schema", "fact")
    assert result.exit_code == 0 and "valid fact" in result.output
    data = json.loads((ROOT / "plugins" / "data" / "facts.json").read_text(encoding="utf-8"))
    data["facts"][0]["source"]["url"] = "http://example.org/no-tls"
    broken = tmp_path / "facts.json"
    broken.write_text(json.dumps(data), encoding="utf-8")
    result = run_cli("validate", str(broken), "--schema", "fact")
    assert result.exit_code == 1
    assert "facts[0].source.url" in result.output
