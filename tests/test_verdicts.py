"""How a verdict is earned: every part of a claim checked, true only when all of it holds,
false only on a fact about the same subject, relation and qualifier."""

from __future__ import annotations

from datetime import date

import pytest

from workbench import hookimpl
from workbench.records import make_verdict
from workbench.review import best_verdict
from workbench.testing import check_text
from workbench.types import CheckOptions

AS_OF = CheckOptions(as_of=date(2025, 6, 1))


def verdict(text: str, options: CheckOptions = AS_OF) -> dict:
    """The reconciled verdict of the one claim of ``text`` (an empty dict for none)."""
    [claim] = check_text(text, plugins=None, options=options)["claims"]
    return best_verdict(claim) or {}


def rating(text: str, options: CheckOptions = AS_OF) -> str:
    return verdict(text, options).get("rating", "none")


def test_a_quotation_is_read_as_the_claim_it_quotes():
    """The words inside quotation marks are the claim, not an attribution to pass over."""
    text = "President Barack Obama abolished the income tax in his first year in office."
    assert rating(text) == "unverified"
    assert rating(f'"{text}"') == "unverified"
    assert rating(f"“{text}”") == "unverified"


def test_a_false_that_rests_on_a_complete_list_cites_the_list():
    found = verdict("Kosovo joined the United Nations in 2008.")
    assert found["rating"] == "false"
    assert "Kosovo is not among those that joined United Nations" in found["rationale"]
    assert any("gm_countries" in source["url"] for source in found["sources"])


@pytest.mark.parametrize(("text", "expected"), [
    ("Croatia joined the EU in 2013.", "true"),
    ("Croatia joined the EU in July 2013.", "true"),
    ("Croatia joined the EU in March 2013.", "false"),
    ("Austria joined the EU in 1995 together with Poland.", "false"),  # Poland: 2004
    ("Finland joined the EU in 1995 together with Sweden.", "true"),
    ("Austria joined the EU in 1995, the same year as Poland.", "false"),
    ("The United Kingdom never joined the EU.", "false"),
    ("Algeria has not joined the WTO.", "unverified"),  # WTO members are not all listed
])
def test_memberships_and_their_co_subjects(text, expected):
    assert rating(text) == expected


@pytest.fixture
def accord_pack(run_cli, tmp_path, monkeypatch):
    """A newsroom pack in force: a treaty signed in a city, with its entry into force."""
    pack = tmp_path / "treaty-desk"
    for relation, day, place in (("signed", "1949-04-04", ["--place", "brussels"]),
                                 ("entered_into_force", "1950-01-02", [])):
        added = run_cli("facts", "add", str(pack), "--subject", "harbour-accord",
                        "--subject-name", "Harbour Accord", "--subject-type", "treaty",
                        "--relation", relation, "--date", day, *place, "--source-url",
                        "https://example.org/treaties/harbour-accord", "--publisher",
                        "Treaty Desk", "--retrieved", "2025-01-02")
        assert added.exit_code == 0, added.stderr
    monkeypatch.setenv("WORKBENCH_FACTS", str(pack))


@pytest.mark.parametrize(("text", "expected"), [
    ("The Kyoto Protocol entered into force in 2005.", "true"),
    ("The Kyoto Protocol entered into force in 1997.", "false"),
    # adopted is not signed: no fact about when it was adopted, so no verdict either way
    ("The Harbour Accord was signed in Brussels in April 1949.", "true"),
    ("The Harbour Accord was signed in Canada in April 1949.", "false"),
    ("The Harbour Accord was adopted in 1949 at a conference in Belgium.", "unverified"),
    ("The Ottawa Treaty, which the United States never joined, entered into force in 1997.",
     "false"),  # it entered into force in 1999
])
def test_treaties_by_the_exact_relation_and_place(text, expected, accord_pack):
    assert rating(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Joe Biden served as vice president under Barack Obama from 2009 to 2017.", "true"),
    ("Joe Biden served as president from 2009 to 2017.", "false"),  # a vice president
    ("Barack Obama, who served as president from 2009 to 2017, was succeeded by Donald "
     "Trump.", "true"),
    ("Barack Obama, who served as president from 2009 to 2017, was succeeded by Joe Biden.",
     "false"),
    ("Grover Cleveland was succeeded by William McKinley as President of the United States.",
     "true"),  # his second term's successor
    ("Saddam Hussein served as president from 1979 to 2003.", "unverified"),  # no such list
])
def test_offices_by_exact_role_and_successions(text, expected):
    assert rating(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("The UN refugee agency UNHCR won the Nobel Peace Prize in 1954.", "true"),
    ("UNHCR won the Nobel Peace Prize in 1955.", "false"),  # not awarded that year
    ("Kofi Annan won the Nobel Peace Prize in 2001.", "true"),
    ("Kofi Annan won the Nobel Peace Prize in 2003.", "false"),  # the list is complete
])
def test_prizes_where_the_list_is_complete(text, expected):
    assert rating(text) == expected


def test_true_needs_every_part_of_the_sentence_checked():
    found = verdict("Croatia joined the EU in 2013 after a referendum.")
    assert found["rating"] == "unverified"
    assert "Supported: Croatia joined" in found["rationale"]
    assert "Not checked: 'after', 'referendum'." in found["rationale"]
    statuses = {a["statement"]: a["status"] for a in found["assertions"]}
    assert list(statuses.values()) == ["supported"]


def test_a_contradicted_part_makes_the_claim_false_and_says_which():
    found = verdict("Austria joined the EU in 1995 together with Poland.")
    contradicted = [a for a in found["assertions"] if a["status"] == "contradicted"]
    assert [a["statement"] for a in contradicted] == ["Poland joined European Union 1995"]
    assert "Poland joined European Union on 1 May 2004" in found["rationale"]
    assert any(source["url"].startswith("https://github.com/jfjelstul/eumem/blob/")
               for source in found["sources"])


@pytest.mark.parametrize(("text", "expected"), [
    ("Canada's population passed 40 million in 2023.", "true"),
    ("Canada's population passed 45 million in 2023.", "false"),
    ("Canada's population was 41 million in 2023.", "unverified"),  # close, not within
    ("China's economy grew 5.4 percent in 2023.", "true"),  # 5.42 by the World Bank
    ("China's economy grew 5.2 percent in 2023.", "unverified"),  # China's own figure
    ("China's economy shrank 5.4 percent in 2023.", "false"),
])
def test_statistics_within_the_precision_stated(text, expected):
    assert rating(text) == expected


def test_a_statistic_shows_the_series_value_and_its_source():
    found = verdict("Canada's population passed 40 million in 2023.")
    assert "population of Canada in 2023: 40.049 million" in found["rationale"]
    assert "at least 40 million" in found["rationale"]
    assert found["sources"][0]["url"].startswith("https://github.com/datasets/")


def test_relative_dates_are_computed_against_the_publication_date():
    assert rating("The Outer Space Treaty entered into force more than five decades ago."
                  ) == "true"
    assert rating("The Outer Space Treaty entered into force more than seven decades ago."
                  ) == "false"
    # No publication date and no --as-of: nothing to compute against.
    assert rating("The Outer Space Treaty entered into force more than five decades ago.",
                  CheckOptions()) == "unverified"


@pytest.mark.parametrize(("text", "expected"), [
    ("Exports rose from 4.0 to 5.0 billion dollars, an increase of 40 percent.", "false"),
    ("Exports rose from 4.0 to 5.0 billion dollars, an increase of 25 percent.", "none"),
    ("Of 120 members, 70 men and 50 women, a total of 130 people attended.", "false"),
    ("Service is compulsory for men aged 19 to 30, for a total of 12 months.", "none"),
    ("Mortality fell from 25 to 19 percent and the number of students has tripled.", "none"),
])
def test_arithmetic_only_where_the_text_states_it(text, expected):
    assert rating(text) == expected


def test_an_unverified_claim_about_known_things_has_leads_not_sources():
    found = verdict("NATO launched its air campaign against Yugoslavia in March 1999.")
    assert found["rating"] == "unverified" and found["sources"] == []
    assert any("nato.int" in lead["url"] for lead in found["leads"])


class AlwaysTrue:
    """A checker that rates every claim true, with a source."""

    @hookimpl
    def check_claim(self, claim):
        return [make_verdict("true", 0.7, "Trust me.", [{"url": "https://example.org/a"}])]


def test_checkers_that_disagree_give_mixed_with_both_shown():
    result = check_text("Austria joined the EU in 1995 together with Poland.",
                        plugins=[("always_true", AlwaysTrue()), "entities", "temporal",
                                 "facts_checker", "world_facts"], options=AS_OF)
    found = best_verdict(result["claims"][0])
    assert found["rating"] == "mixed"
    assert found["rationale"].startswith("Checkers disagree.")
    assert "always_true says true" in found["rationale"]
    assert "facts_checker says false" in found["rationale"]


def test_checkers_that_agree_raise_the_confidence():
    result = check_text("Croatia joined the EU in 2013.",
                        plugins=[("always_true", AlwaysTrue()), "entities", "temporal",
                                 "facts_checker", "world_facts"], options=AS_OF)
    claim = result["claims"][0]
    found = best_verdict(claim)
    assert found["rating"] == "true"
    assert found["confidence"] > max(v["confidence"] for v in claim["verdicts"])


def test_rationales_use_numbers_as_people_write_them():
    found = verdict("Canada's population passed 45 million in 2023.")
    assert "e+" not in found["rationale"] and "40.049 million" in found["rationale"]
