"""The editorial workflow through the CLI: check --store, claims, verdict, history."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from store_helpers import (
    AGREEMENT,
    ARTICLE,
    EXPORTS,
    WEATHER,
    claim_with,
    listed,
    raw,
    refusal,
    write,
)


@pytest.fixture
def stored(tmp_path, run_cli, monkeypatch, store_location):
    """A store holding the test article (on each backend), and a reviewer named in the
    environment."""
    monkeypatch.setenv("WORKBENCH_REVIEWER", "alice")
    article = write(tmp_path / "article.txt", ARTICLE)
    db = store_location
    result = run_cli("--db", str(db), "check", str(article), "--store")
    assert result.exit_code == 0, result.output
    return db, article


def test_check_store_saves_every_claim_with_its_document(stored, run_cli):
    db, article = stored
    claims = listed(run_cli, db)
    assert [c["text"] for c in claims] == [AGREEMENT, EXPORTS, WEATHER,
                                           "Officials met again in March 2019 to review the "
                                           "agreement.",
                                           "Nobody expected the talks to last until 2021."]
    assert {c["status"] for c in claims} == {"new"}
    assert "temporal" in claims[0]["kinds"]
    result = run_cli("--db", str(db), "claims", "show", claims[0]["id"])
    assert f"document: {article}" in result.stdout
    assert AGREEMENT in result.stdout


def test_db_option_defaults_to_env_then_workbench_db(tmp_path, run_cli, monkeypatch):
    article = write(tmp_path / "a.txt", ARTICLE)
    monkeypatch.chdir(tmp_path)
    assert run_cli("check", str(article), "--store").exit_code == 0
    assert (tmp_path / "workbench.db").is_file()
    monkeypatch.setenv("WORKBENCH_DB", str(tmp_path / "other.db"))
    assert run_cli("check", str(article), "--store").exit_code == 0
    assert (tmp_path / "other.db").is_file()


def test_filters_by_status_assignee_document_and_kind(stored, run_cli):
    db, article = stored
    agreement = claim_with(run_cli, db, AGREEMENT)["id"]
    exports = claim_with(run_cli, db, EXPORTS)["id"]
    assert run_cli("--db", str(db), "claims", "assign", agreement, "bob").exit_code == 0
    assert run_cli("--db", str(db), "claims", "status", exports, "in-review").exit_code == 0
    assert [c["id"] for c in listed(run_cli, db, "--assignee", "bob")] == [agreement]
    assert [c["id"] for c in listed(run_cli, db, "--status", "in-review")] == [exports]
    assert WEATHER not in [c["text"] for c in listed(run_cli, db, "--kind", "temporal")]
    assert len(listed(run_cli, db, "--kind", "temporal")) == 4
    assert len(listed(run_cli, db, "--document", str(article))) == 5
    assert len(listed(run_cli, db, "--limit", "2")) == 2
    text = run_cli("--db", str(db), "claims", "list", "--assignee", "bob").stdout
    header, line = text.splitlines()
    assert header.split() == ["ID", "STATUS", "ASSIGNEE", "SCORE", "VERDICT", "TEXT"]
    assert line.startswith(agreement) and "bob" in line
    missing = run_cli("--db", str(db), "claims", "list", "--document", "nowhere.txt")
    assert missing.exit_code == 2
    assert "nowhere.txt: no such document" in missing.stderr


def test_status_follows_the_workflow(stored, run_cli):
    db, _ = stored
    claim = claim_with(run_cli, db, AGREEMENT)["id"]
    for status in ("in-review", "checked", "published"):
        result = run_cli("--db", str(db), "claims", "status", claim, status)
        assert result.exit_code == 0, result.output
    before = run_cli("--db", str(db), "claims", "history", claim, "--format", "json").stdout
    result = run_cli("--db", str(db), "claims", "status", claim, "new")
    assert result.exit_code == 2
    assert result.stderr == (f"error: {claim}: cannot go from published to new "
                             "(from published: in-review)\n")
    after = run_cli("--db", str(db), "claims", "history", claim, "--format", "json").stdout
    assert after == before
    assert claim_with(run_cli, db, AGREEMENT)["status"] == "published"


def test_unknown_ids_are_one_line_errors(stored, run_cli):
    db, _ = stored
    for args in (("claims", "show", "clm-0000000000000000"),
                 ("claims", "assign", "clm-0000000000000000", "bob"),
                 ("claims", "note", "clm-0000000000000000", "hello"),
                 ("claims", "history", "clm-0000000000000000"),
                 ("verdict", "clm-0000000000000000", "--rating", "unverified",
                  "--rationale", "no idea")):
        result = run_cli("--db", str(db), *args)
        assert result.exit_code == 2, args
        assert result.stderr == f"error: clm-0000000000000000: no such claim in {db}\n"


def test_human_verdict_outranks_plugins_everywhere(stored, run_cli, register_plugin):
    db, article = stored

    class Checker:
        @staticmethod
        def check_claim(claim):
            from workbench.records import make_verdict

            return [make_verdict("false", 0.99, "a plugin's guess", computation="1 != 2")]

    from workbench import hookimpl

    Checker.check_claim = hookimpl(Checker.check_claim)
    register_plugin(Checker(), "guesser")
    assert run_cli("--db", str(db), "check", str(article), "--store").exit_code == 0
    claim = claim_with(run_cli, db, AGREEMENT)
    assert [v["origin"]["name"] for v in claim["verdicts"]] == ["guesser"]
    result = run_cli("--db", str(db), "verdict", claim["id"], "--rating", "true",
                     "--rationale", "The treaty was signed in 1994.",
                     "--source", "https://example.org/treaty", "--confidence", "0.8")
    assert result.exit_code == 0, result.output
    line = run_cli("--db", str(db), "claims", "list").stdout.splitlines()[1]
    assert line.split()[:2] == [claim["id"], "new"] and " true " in line
    shown = run_cli("--db", str(db), "claims", "show", claim["id"]).stdout
    verdict_lines = [ln for ln in shown.splitlines() if ln.startswith("verdict:")]
    assert verdict_lines[0].startswith("verdict: true (0.80, alice (reviewer)")
    assert "source: https://example.org/treaty" in shown
    exported = run_cli("--db", str(db), "export", "--format", "markdown").stdout
    row = next(ln for ln in exported.splitlines() if ln.startswith("|") and AGREEMENT in ln)
    assert row.endswith("| **true** (0.80) |")
    rechecked = run_cli("--db", str(db), "check", str(article), "--store", "--format", "text")
    assert "verdict: true (0.80, alice)" in rechecked.stdout
    origins = [v["origin"]["name"] for v in claim_with(run_cli, db, AGREEMENT)["verdicts"]]
    assert origins == ["alice", "guesser"]  # the plugin's verdict replaced, not repeated


def test_verdict_needs_reviewer_source_and_valid_rating(stored, run_cli, monkeypatch):
    db, _ = stored
    claim = claim_with(run_cli, db, AGREEMENT)["id"]
    no_source = run_cli("--db", str(db), "verdict", claim, "--rating", "false",
                        "--rationale", "wrong date")
    assert no_source.exit_code == 2
    assert no_source.stderr == "error: --source: a false rating needs at least one source\n"
    monkeypatch.delenv("WORKBENCH_REVIEWER")
    nobody = run_cli("--db", str(db), "verdict", claim, "--rating", "unverified",
                     "--rationale", "cannot tell")
    assert nobody.exit_code == 2 and "--reviewer" in nobody.stderr
    bad = run_cli("--db", str(db), "verdict", claim, "--rating", "maybe", "--rationale", "x")
    assert bad.exit_code == 2
    named = run_cli("--db", str(db), "verdict", claim, "--rating", "unverified",
                    "--rationale", "cannot tell", "--reviewer", "carol")
    assert named.exit_code == 0
    assert claim_with(run_cli, db, AGREEMENT)["verdicts"][0]["origin"] == {
        "type": "reviewer", "name": "carol"}


def test_history_records_who_when_what_before_after(stored, run_cli):
    db, _ = stored
    claim = claim_with(run_cli, db, EXPORTS)["id"]
    run_cli("--db", str(db), "claims", "assign", claim, "bob")
    run_cli("--db", str(db), "claims", "assign", claim, "dan")
    run_cli("--db", str(db), "claims", "note", claim, "Ask the statistics office.")
    entries = json.loads(run_cli("--db", str(db), "claims", "history", claim,
                                 "--format", "json").stdout)
    assert [e["action"] for e in entries] == ["created", "assigned", "assigned", "note"]
    assert entries[2]["before"] == {"assignee": "bob"}
    assert entries[2]["after"] == {"assignee": "dan"}
    assert {e["actor"] for e in entries[1:]} == {"alice"}
    assert entries[3]["after"]["text"] == "Ask the statistics office."
    text = run_cli("--db", str(db), "claims", "history", claim).stdout.splitlines()
    assert text[1].endswith('alice  assigned: {"assignee": null} -> {"assignee": "bob"}')
    assert claim_with(run_cli, db, EXPORTS)["notes"][0]["author"] == "alice"


def test_audit_log_is_append_only(stored):
    db, _ = stored
    assert "append-only" in refusal(db, "UPDATE audit SET actor = 'mallory'")
    assert "append-only" in refusal(db, "DELETE FROM audit")
    assert "never deleted" in refusal(db, "DELETE FROM claims")
    assert raw(db, "SELECT count(*) FROM audit WHERE actor = 'mallory'") == [(0,)]


def test_newsroom_memory_suggests_an_earlier_verdict(stored, run_cli, tmp_path):
    db, _ = stored
    claim = claim_with(run_cli, db, AGREEMENT)["id"]
    run_cli("--db", str(db), "verdict", claim, "--rating", "mostly-true",
            "--rationale", "Signed in 1994, thirty-one years before.",
            "--source", "https://example.org/archive/1994")
    other = write(tmp_path / "other.txt",
                  "Back then, the trade agreement was negotiated in Geneva over three "
                  "decades ago. Prices doubled in 2008.\n")
    result = run_cli("--db", str(db), "check", str(other), "--store")
    assert result.exit_code == 0
    assert f"resembles {claim}" in result.stderr
    assert "earlier verdict: mostly-true" in result.stderr
    assert "source: https://example.org/archive/1994" in result.stderr
    new = claim_with(run_cli, db, "Back then, the trade agreement was negotiated in Geneva "
                     "over three decades ago.")["id"]
    shown = run_cli("--db", str(db), "claims", "show", new).stdout
    assert f"memory: {new} resembles {claim}" in shown
    unrelated = claim_with(run_cli, db, "Prices doubled in 2008.")["id"]
    assert "memory:" not in run_cli("--db", str(db), "claims", "show", unrelated).stdout


def test_of_two_reviewer_verdicts_in_one_second_the_later_wins(stored, run_cli, monkeypatch):
    db, _ = stored
    claim = claim_with(run_cli, db, AGREEMENT)["id"]
    monkeypatch.setattr("workbench.records.now", lambda: "2025-03-01T12:00:00Z")
    for reviewer, rating in (("alice", "false"), ("bob", "mostly-true")):
        result = run_cli("--db", str(db), "verdict", claim, "--rating", rating,
                         "--rationale", "Signed in 1994.", "--source",
                         "https://example.org/treaty", "--reviewer", reviewer)
        assert result.exit_code == 0, result.output
    line = next(line for line in run_cli("--db", str(db), "claims", "list").stdout.splitlines()
                if line.startswith(claim))
    assert line.split()[4] == "mostly-true"
    shown = run_cli("--db", str(db), "claims", "show", claim).stdout
    first = next(line for line in shown.splitlines() if line.startswith("verdict:"))
    assert first.startswith("verdict: mostly-true (1.00, bob (reviewer), 2025-03-01T12:00:00Z)")


def test_json_lists_a_reviewers_verdict_before_the_plugins(tmp_path, run_cli, store_location):
    wrong = "Exports rose from 10 to 20 tonnes, an increase of 50 per cent."
    db = store_location
    article = write(tmp_path / "sums.txt", wrong + "\n")
    assert run_cli("--db", str(db), "check", str(article), "--store").exit_code == 0
    claim = claim_with(run_cli, db, wrong)
    assert [(v["origin"]["type"], v["rating"]) for v in claim["verdicts"]] == [
        ("plugin", "false")]
    assert run_cli("--db", str(db), "verdict", claim["id"], "--rating", "true",
                   "--rationale", "The 50 is a typo for 100.", "--source",
                   "https://example.org/stats", "--reviewer", "alice").exit_code == 0
    shown = json.loads(run_cli("--db", str(db), "claims", "show", claim["id"],
                               "--format", "json").stdout)
    for record in (shown, claim_with(run_cli, db, wrong)):
        assert [(v["origin"]["type"], v["rating"]) for v in record["verdicts"]] == [
            ("reviewer", "true"), ("plugin", "false")]


def test_status_help_lists_the_allowed_moves_aligned(run_cli):
    from workbench.store import TRANSITIONS

    text = run_cli("claims", "status", "--help").stdout
    lines = text.splitlines()
    start = lines.index("  Allowed moves:") + 1
    moves = lines[start:start + len(TRANSITIONS)]
    assert [line.split("->")[0].strip() for line in moves] == list(TRANSITIONS)
    assert {line.index("->") for line in moves} == {len("    in-review  ")}
    assert {len(line) - len(line.lstrip()) for line in moves} == {4}


def test_list_has_a_header_scores_and_a_checkworthy_filter(stored, run_cli):
    db, _ = stored
    every = listed(run_cli, db)
    worthy = listed(run_cli, db, "--checkworthy")
    assert [c["id"] for c in worthy] == [c["id"] for c in every if c["checkworthy"]]
    assert WEATHER not in [c["text"] for c in worthy] and len(worthy) < len(every)
    lines = run_cli("--db", str(db), "claims", "list", "--checkworthy").stdout.splitlines()
    assert lines[0].split() == ["ID", "STATUS", "ASSIGNEE", "SCORE", "VERDICT", "TEXT"]
    for line, claim in zip(lines[1:], worthy, strict=True):
        assert line.split()[3] == f"{claim['checkworthiness']:.2f}"
    none = run_cli("--db", str(db), "claims", "list", "--stale")
    assert none.exit_code == 0 and none.stdout == "" and "no stored claims match" in none.stderr


def test_a_listing_whose_reader_stops_after_one_line_ends_quietly(tmp_path, run_cli,
                                                                  store_location):
    """`claims list | head -1` on a listing larger than a pipe holds: exit 0, nothing on
    stderr (the listing's cursor is closed before the store)."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for number in range(50):
        write(folder / f"{number}.txt", " ".join(
            f"Exports of steel from port number {number} grew by {line + 3} percent in "
            f"{1980 + line}, officials said." for line in range(15)) + "\n")
    db = store_location
    assert run_cli("--db", str(db), "check", str(folder), "--store").exit_code == 0
    assert len(run_cli("--db", str(db), "claims", "list").stdout) > 64 * 1024
    process = subprocess.Popen([sys.executable, "-m", "workbench", "--db", str(db), "claims",
                                "list"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    header = process.stdout.readline()
    process.stdout.close()
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=60) == 0, stderr
    assert header.startswith(b"ID ")
    assert stderr == ""
