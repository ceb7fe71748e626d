"""A reviewer's verdict is bound to the text it rated: a revision that changes the words
keeps the verdict, marks it stale in every view and sends the claim back to review."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest
from store_helpers import listed, write

from workbench.store import open_store
from workbench.store.base import TextChanged
from workbench.store.binding import same_words

STORY = (
    "The city paid $250 million for the stadium site in 2019.\n"
    "The council approved the budget in March 2020 after two years of talks.\n"
    "The weather was pleasant that week.\n"
    "Officials said the arena would open in 2024 with 18,000 seats.\n"
)
PAID = "The city paid $250 million for the stadium site in 2019."
ARENA = "Officials said the arena would open in 2024 with 18,000 seats."


def _cli(run_cli, db, *args, input=None):
    result = run_cli("--db", str(db), *args, input=input)
    assert result.exit_code == 0, result.output
    return result


def _id_of(run_cli, db, text):
    return next(c["id"] for c in listed(run_cli, db) if c["text"] == text)


@pytest.fixture
def rated(tmp_path, run_cli, monkeypatch, store_location):
    """The story stored, its payment rated true and checked by bob, the arena claim rated
    by carol and assigned to her."""
    monkeypatch.setenv("WORKBENCH_REVIEWER", "bob")
    article = write(tmp_path / "story.txt", STORY)
    db = store_location
    _cli(run_cli, db, "check", str(article), "--store")
    paid, arena = _id_of(run_cli, db, PAID), _id_of(run_cli, db, ARENA)
    _cli(run_cli, db, "claims", "status", paid, "in-review")
    _cli(run_cli, db, "verdict", paid, "--rating", "true", "--rationale",
         "The city's accounts show the payment.", "--source", "https://example.org/accounts")
    _cli(run_cli, db, "claims", "status", paid, "checked")
    _cli(run_cli, db, "claims", "assign", arena, "carol")
    _cli(run_cli, db, "verdict", arena, "--rating", "mostly-true", "--rationale",
         "It opened in 2024 with 17,500 seats.", "--source", "https://example.org/arena",
         "--reviewer", "carol")
    return db, article, paid, arena


def test_a_verdict_records_the_exact_text_it_rated(rated, run_cli):
    db, _, paid, _ = rated
    import hashlib

    verdict = next(c for c in listed(run_cli, db) if c["id"] == paid)["verdicts"][0]
    assert verdict["origin"] == {"type": "reviewer", "name": "bob"}
    assert verdict["quote"] == PAID
    assert verdict["quote_sha256"] == hashlib.sha256(PAID.encode()).hexdigest()
    assert "stale" not in verdict


def test_a_changed_figure_makes_the_verdict_stale_and_sends_the_claim_back(rated, run_cli):
    db, article, paid, _ = rated
    write(article, STORY.replace("$250 million", "$350 million"))
    result = _cli(run_cli, db, "check", str(article), "--store")
    assert "1 with changed text; 1 with a reviewer's verdict now stale" in result.stderr
    assert f"stale: {paid} is back in review: true by bob" in result.stderr
    assert 'rated: "… city paid $250 million for …"' in result.stderr
    assert 'now:   "… city paid $350 million for …"' in result.stderr
    claim = next(c for c in listed(run_cli, db) if c["id"] == paid)
    assert claim["status"] == "in-review"
    verdict = claim["verdicts"][0]
    assert (verdict["rating"], verdict["quote"]) == ("true", PAID)
    assert verdict["stale"]["reason"] == "the text changed since it was checked"
    assert verdict["stale"]["text"] == PAID.replace("250", "350") == claim["text"]
    assert [c["id"] for c in listed(run_cli, db, "--stale")] == [paid]
    table = _cli(run_cli, db, "claims", "list", "--stale").stdout.splitlines()
    assert table[1].split()[:6] == [paid, "in-review", "-", "0.99", "true", "(stale)"]
    shown = _cli(run_cli, db, "claims", "show", paid).stdout
    assert "verdict: STALE true (1.00, bob (reviewer)" in shown
    assert "the text changed since it was checked" in shown
    history = json.loads(_cli(run_cli, db, "claims", "history", paid, "-f", "json").stdout)
    assert history[-1]["action"] == "stale"
    assert history[-1]["before"]["status"] == "checked"
    assert history[-1]["before"]["verdicts"][0]["quote"] == PAID
    assert history[-1]["after"] == {"status": "in-review", "text": claim["text"],
                                    "reason": "the text changed since it was checked"}
    assert _cli(run_cli, db, "db", "check").stdout.endswith(": ok\n")


@pytest.fixture
def stale_store(rated, run_cli):
    db, article, paid, _ = rated
    write(article, STORY.replace("$250 million", "$350 million"))
    _cli(run_cli, db, "check", str(article), "--store")
    return db, paid


def _export(run_cli, db, name):
    return _cli(run_cli, db, "export", "--format", name)


def test_every_export_shows_the_stale_mark(stale_store, run_cli, tmp_path):
    db, paid = stale_store
    text = _export(run_cli, db, "text").stdout
    assert "verdict: true (STALE)" in text and "Rated “… city paid $250 million for …”" in text
    markdown = _export(run_cli, db, "markdown").stdout
    assert "True (stale) — line 1" in markdown and "**Stale:** the text changed" in markdown
    assert "| **true** (1.00), stale |" in markdown
    html = _export(run_cli, db, "html").stdout
    assert '<span class="badge stale">stale</span>' in html
    assert '<q class="rated">… city paid $250 million for …</q>' in html
    review = json.loads(_export(run_cli, db, "json").stdout)
    verdict = next(c for c in review["documents"][0]["claims"] if c["id"] == paid)["verdicts"][0]
    assert verdict["stale"]["text"].startswith("The city paid $350 million")
    row = next(r for r in csv.DictReader(io.StringIO(_export(run_cli, db, "csv").stdout))
               if r["claim_id"] == paid)
    assert (row["rating"], row["stale"], row["rated_text"]) == ("true", "yes", PAID)
    annotations = json.loads(_export(run_cli, db, "annotations").stdout)
    body = next(a for a in annotations["first"]["items"] if a["id"].endswith(paid))["body"][0]
    assert "True (stale)" in body["value"] and "$250 million" in body["value"]
    sarif = json.loads(_export(run_cli, db, "sarif").stdout)
    result = next(r for r in sarif["runs"][0]["results"] if r["properties"]["claimId"] == paid)
    assert result["properties"]["stale"] is True and "Stale:" in result["message"]["text"]
    assert "Stale: the text changed" in _export(run_cli, db, "github").stdout
    target = tmp_path / "review.docx"
    _cli(run_cli, db, "export", "--format", "docx", "--output", str(target))
    with zipfile.ZipFile(target) as archive:
        comments = archive.read("word/comments.xml").decode()
    assert "True (stale)" in comments and "Stale: the text changed" in comments


def test_a_stale_verdict_is_not_published_as_claimreview(stale_store, run_cli):
    db, paid = stale_store
    result = run_cli("--db", str(db), "export", "--format", "claimreview")
    reviews = json.loads(result.stdout)
    assert paid not in [item["identifier"] for item in reviews]
    # carol's mostly-true verdict on the arena claim is still fresh and published
    assert [item["reviewRating"]["alternateName"] for item in reviews] == ["mostly-true"]


def test_a_new_verdict_on_the_new_text_clears_the_mark(stale_store, run_cli):
    db, paid = stale_store
    _cli(run_cli, db, "verdict", paid, "--rating", "false", "--rationale",
         "The accounts say $250 million.", "--source", "https://example.org/accounts",
         "--reviewer", "dana")
    assert listed(run_cli, db, "--stale") == []
    claim = next(c for c in listed(run_cli, db) if c["id"] == paid)
    assert claim["verdicts"][0]["rating"] == "false"
    assert claim["verdicts"][0]["quote"] == PAID.replace("250", "350")
    assert "stale" in claim["verdicts"][1]  # the earlier one keeps its mark


def test_white_space_is_not_a_change_of_words(rated, run_cli):
    db, article, paid, _ = rated
    write(article, STORY.replace("paid $250 million for", "paid  $250  million for"))
    result = _cli(run_cli, db, "check", str(article), "--store")
    assert "stale" not in result.stderr
    assert listed(run_cli, db, "--stale") == []
    assert next(c for c in listed(run_cli, db) if c["id"] == paid)["status"] == "checked"


@pytest.mark.parametrize(("rated_text", "text", "same"), [
    ("It’s a “deal” – signed in the 1990s.", "It's a \"deal\" - signed in the 1990s.", True),
    ("Signed  in\n1994.", "Signed in 1994.", True),
    ("It cost $250 million.", "It cost $350 million.", False),
    ("It cost 250 million.", "It cost 250 billion.", False),
    ("Signed in 2019.", "Signed in 2020.", False),
    ("Smith said so.", "Smyth said so.", False),
    ("Prices rose.", "Prices rose!", False),
])
def test_what_counts_as_the_same_words(rated_text, text, same):
    assert same_words(rated_text, text) is same


def test_a_verdict_for_text_that_changed_meanwhile_is_refused(stale_store, run_cli):
    db, paid = stale_store
    with open_store(str(db)) as store:
        before = store.history(paid)
        verdict = {"rating": "true", "confidence": 1.0, "rationale": "Checked.",
                   "sources": [{"url": "https://example.org/x"}],
                   "origin": {"type": "reviewer", "name": "erin"},
                   "created": "2026-01-01T00:00:00Z", "quote": PAID}
        with pytest.raises(TextChanged, match="its text changed since it was read"):
            store.add_verdict(paid, verdict, "erin")
        assert store.history(paid) == before


def test_an_html_page_whose_price_changed(tmp_path, run_cli, monkeypatch, store_location):
    monkeypatch.setenv("WORKBENCH_REVIEWER", "bob")
    page = ("<!DOCTYPE html><html><head><title>Fares</title></head><body><article>"
            "<h1>Fares rise</h1><p>A single ticket will cost $8.25 from June 2025, the "
            "transit agency said.</p><p>The agency runs 40 bus routes.</p></article>"
            "</body></html>")
    article = write(tmp_path / "fares.html", page)
    db = store_location
    _cli(run_cli, db, "check", str(article), "--store")
    fare = next(c for c in listed(run_cli, db) if "$8.25" in c["text"])["id"]
    _cli(run_cli, db, "verdict", fare, "--rating", "true", "--rationale", "The fare table.",
         "--source", "https://example.org/fares")
    write(article, page.replace("$8.25", "$9.25"))
    _cli(run_cli, db, "check", str(article), "--store")
    claim = next(c for c in listed(run_cli, db) if c["id"] == fare)
    assert "$9.25" in claim["text"] and "$8.25" in claim["verdicts"][0]["quote"]
    assert "stale" in claim["verdicts"][0] and claim["status"] == "in-review"


def test_a_reworded_claim_links_to_its_orphan_and_carries_its_assignee(rated, run_cli):
    db, article, _, arena = rated
    reworded = ("City officials told reporters on Monday that the arena should now open "
                "in 2026, seating roughly 20,000.")
    write(article, STORY.replace(ARENA, reworded))
    result = _cli(run_cli, db, "check", str(article), "--store")
    assert "1 orphaned; 1 rewording an orphaned claim" in result.stderr
    successor = next(c for c in listed(run_cli, db) if c["text"] == reworded)
    orphan = next(c for c in listed(run_cli, db) if c["id"] == arena)
    assert f"reworded: {successor['id']} rewords orphaned {arena}" in result.stderr
    assert orphan["status"] == "orphaned" and orphan["succeeded_by"] == successor["id"]
    assert successor["succeeds"] == arena
    assert (successor["assignee"], successor["status"]) == ("carol", "in-review")
    carried = successor["verdicts"][0]
    assert (carried["rating"], carried["origin"]["name"]) == ("mostly-true", "carol")
    assert carried["quote"] == ARENA and carried["stale"]["text"] == reworded
    assert successor["id"] in [c["id"] for c in listed(run_cli, db, "--stale")]
    shown = _cli(run_cli, db, "claims", "show", successor["id"]).stdout
    assert f"rewords {arena}" in shown and "memory:" not in shown
    history = json.loads(_cli(run_cli, db, "claims", "history", successor["id"],
                              "-f", "json").stdout)
    assert [entry["action"] for entry in history] == ["created", "reworded"]
    assert history[1]["before"] == {"claim": arena, "text": ARENA}
    assert _cli(run_cli, db, "db", "check").stdout.endswith(": ok\n")


def test_an_unrelated_sentence_in_its_place_is_no_successor(rated, run_cli):
    db, article, _, arena = rated
    write(article, STORY.replace(ARENA, "Parking near the river will be free on Sundays."))
    result = _cli(run_cli, db, "check", str(article), "--store")
    assert "rewording" not in result.stderr
    new = next(c for c in listed(run_cli, db) if c["text"].startswith("Parking"))
    assert "succeeds" not in new and new.get("assignee") is None and new["status"] == "new"
    assert "succeeded_by" not in next(c for c in listed(run_cli, db) if c["id"] == arena)
