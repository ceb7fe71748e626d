"""Re-checking a revised article re-anchors its stored claims; lost ones are orphaned."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from store_helpers import AGREEMENT, ARTICLE, EXPORTS, WEATHER, claim_with, listed, write

from workbench.claims import quote_selector
from workbench.store.anchoring import anchor, approximate_ends


def _selector(text: str, quote: str) -> tuple[dict, dict]:
    start = text.index(quote)
    return quote_selector(text, start, start + len(quote)), {"start": start,
                                                            "end": start + len(quote)}


def test_anchor_keeps_the_stored_position_when_the_quote_is_there():
    selector, span = _selector(ARTICLE, EXPORTS)
    found = anchor(selector, span, ARTICLE)
    assert (found.start, found.end, found.method) == (span["start"], span["end"], "position")


def test_anchor_picks_the_occurrence_whose_context_matches():
    text = "Intro. " + ARTICLE + "Later: Exports of steel grew in 1997 and again in 2003. End."
    selector, span = _selector(ARTICLE, EXPORTS)
    found = anchor(selector, span, text)
    assert found.method == "exact"
    assert found.start == len("Intro. ") + span["start"]


def test_anchor_finds_a_lightly_edited_quote_and_gives_up_on_a_rewritten_one():
    selector, span = _selector(ARTICLE, AGREEMENT)
    edited = "A new first line.\n" + ARTICLE.replace("three decades", "four decades")
    found = anchor(selector, span, edited)
    assert found.method == "fuzzy"
    assert edited[found.start:found.end] == AGREEMENT.replace("three", "four")
    rewritten = ARTICLE.replace(AGREEMENT, "Geneva hosted many conferences.")
    assert anchor(selector, span, rewritten) is None


@settings(max_examples=150, deadline=None)
@given(st.text("ab c", min_size=1, max_size=10), st.text("ab c", max_size=40),
       st.integers(0, 3))
def test_approximate_search_reports_the_true_edit_distance(pattern, text, max_errors):
    from rapidfuzz.distance import Levenshtein

    best = [min(Levenshtein.distance(pattern, text[s:e]) for s in range(e + 1))
            for e in range(1, len(text) + 1)]
    found = approximate_ends(pattern, text, max_errors)
    for end, errors in found:
        assert best[end - 1] == errors <= max_errors
    if any(distance <= max_errors for distance in best):
        assert found


@pytest.fixture
def workflow(tmp_path, run_cli, monkeypatch, store_location):
    """An article stored with a reviewer's work on two claims."""
    monkeypatch.setenv("WORKBENCH_REVIEWER", "alice")
    article = write(tmp_path / "story.txt", ARTICLE)
    db = store_location
    assert run_cli("--db", str(db), "check", str(article), "--store").exit_code == 0
    agreement = claim_with(run_cli, db, AGREEMENT)["id"]
    weather = claim_with(run_cli, db, WEATHER)["id"]
    run_cli("--db", str(db), "claims", "assign", agreement, "bob")
    run_cli("--db", str(db), "claims", "status", agreement, "in-review")
    run_cli("--db", str(db), "claims", "note", agreement, "Check the treaty archive.")
    run_cli("--db", str(db), "verdict", agreement, "--rating", "mostly-true",
            "--rationale", "Signed in 1994.", "--source", "https://example.org/treaty")
    run_cli("--db", str(db), "claims", "note", weather, "Irrelevant.")
    return db, article, agreement, weather


def test_a_revision_carries_ids_statuses_notes_and_verdicts(workflow, run_cli):
    db, article, agreement, weather = workflow
    revised = ("Editor's note: updated on Monday.\n\n"
               + ARTICLE.replace("over three decades ago", "over four decades ago")
               .replace(WEATHER + " ", ""))
    write(article, revised)
    result = run_cli("--db", str(db), "check", str(article), "--store")
    assert result.exit_code == 0
    assert "1 new, 0 kept, 4 re-anchored, 1 orphaned" in result.stderr
    moved = next(c for c in listed(run_cli, db) if c["id"] == agreement)
    assert moved["text"] == AGREEMENT.replace("three", "four")
    assert revised[moved["span"]["start"]:moved["span"]["end"]] == moved["text"]
    assert (moved["status"], moved["assignee"]) == ("in-review", "bob")
    assert moved["notes"][0]["text"] == "Check the treaty archive."
    assert moved["verdicts"][0]["origin"] == {"type": "reviewer", "name": "alice"}
    gone = next(c for c in listed(run_cli, db) if c["id"] == weather)
    assert gone["status"] == "orphaned" and gone["notes"][0]["text"] == "Irrelevant."
    assert [c["id"] for c in listed(run_cli, db, "--status", "orphaned")] == [weather]
    history = json.loads(run_cli("--db", str(db), "claims", "history", agreement,
                                 "--format", "json").stdout)
    assert [entry["action"] for entry in history[-2:]] == ["reanchored", "stale"]
    assert history[-2]["before"]["text"] == AGREEMENT
    # The review written by the re-check shows the carried claim with its reviewer verdict.
    review = json.loads(run_cli("--db", str(db), "check", str(article), "--store",
                                "--format", "json").stdout)
    ids = [c["id"] for c in review["documents"][0]["claims"]]
    assert agreement in ids and weather not in ids
    assert run_cli("--db", str(db), "db", "check").exit_code == 0


def test_rechecking_the_same_text_changes_nothing(workflow, run_cli):
    db, article, agreement, _ = workflow
    before = listed(run_cli, db)
    result = run_cli("--db", str(db), "check", str(article), "--store")
    assert "0 new, 5 kept, 0 re-anchored, 0 orphaned" in result.stderr
    assert listed(run_cli, db) == before
    history = json.loads(run_cli("--db", str(db), "claims", "history", agreement,
                                 "--format", "json").stdout)
    assert "reanchored" not in [entry["action"] for entry in history]


def test_a_second_revision_reanchors_from_the_latest_one(workflow, run_cli):
    db, article, agreement, _ = workflow
    write(article, "First update.\n" + ARTICLE)
    run_cli("--db", str(db), "check", str(article), "--store")
    write(article, "Second update, longer than the first.\n" + ARTICLE)
    result = run_cli("--db", str(db), "check", str(article), "--store")
    assert "1 new, 0 kept, 5 re-anchored, 1 orphaned" in result.stderr
    claim = next(c for c in listed(run_cli, db) if c["id"] == agreement)
    assert claim["span"]["start"] == len("Second update, longer than the first.\n")
    orphans = listed(run_cli, db, "--status", "orphaned")
    assert [c["text"] for c in orphans] == ["First update."]  # kept, never deleted
    assert len(listed(run_cli, db)) == 7


def test_a_claim_whose_text_comes_back_is_no_longer_orphaned(workflow, run_cli):
    db, article, agreement, _ = workflow
    write(article, ARTICLE.replace(AGREEMENT + " ", ""))
    run_cli("--db", str(db), "check", str(article), "--store")
    assert next(c for c in listed(run_cli, db) if c["id"] == agreement)["status"] == "orphaned"
    write(article, ARTICLE)
    result = run_cli("--db", str(db), "check", str(article), "--store")
    assert result.exit_code == 0, result.output
    back = next(c for c in listed(run_cli, db) if c["id"] == agreement)
    assert (back["status"], back["text"]) == ("in-review", AGREEMENT)
    assert len(listed(run_cli, db)) == 5
    assert run_cli("--db", str(db), "db", "check").exit_code == 0


def test_articles_from_stdin_are_never_revisions_of_each_other(tmp_path, run_cli, store_location):
    db = store_location
    assert run_cli("--db", str(db), "check", "-", "--store", input=ARTICLE).exit_code == 0
    other = "Prices doubled in 2008. Wages rose in 2010.\n"
    result = run_cli("--db", str(db), "check", "-", "--store", input=other)
    assert "2 new, 0 kept, 0 re-anchored, 0 orphaned" in result.stderr
    assert listed(run_cli, db, "--status", "orphaned") == []
    assert len(listed(run_cli, db)) == 7
