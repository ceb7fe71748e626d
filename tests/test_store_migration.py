"""A store written by the previous schema version opens, migrates and reads the same."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

from workbench.store import open_store
from workbench.store.base import ClaimFilter
from workbench.store.migrations import MIGRATIONS

DATA = Path(__file__).parent / "data"


def _version_one_store(path: Path) -> Path:
    """The dump of a store made by Workbench's schema version 1 (check --store of an
    article, assign, note, status, verdict, then a revision re-checked), loaded into a file."""
    connection = sqlite3.connect(path)
    connection.executescript((DATA / "store-v1.sql").read_text(encoding="utf-8"))
    connection.close()
    return path


def _without_quotes(claims: list[dict]) -> list[dict]:
    """The claims with their verdicts' ``quote`` and ``quote_sha256`` left out (what a
    migration to version 3 adds to reviewers' verdicts)."""
    return [{**claim, "verdicts": [{k: v for k, v in verdict.items()
                                    if k not in ("quote", "quote_sha256")}
                                   for verdict in claim["verdicts"]]} for claim in claims]


def test_a_version_one_store_migrates_and_reads_as_before(tmp_path, run_cli):
    db = _version_one_store(tmp_path / "v1.db")
    expected = json.loads((DATA / "store-v1-expected.json").read_text(encoding="utf-8"))
    listed = run_cli("--db", str(db), "claims", "list", "--format", "json")
    assert listed.exit_code == 0, listed.output
    claims = json.loads(listed.stdout)
    assert _without_quotes(claims) == expected["claims"]
    rated = [(claim["text"], verdict) for claim in claims for verdict in claim["verdicts"]
             if verdict["origin"]["type"] == "reviewer"]
    assert rated and all(verdict["quote"] == text and verdict["quote_sha256"] ==
                         hashlib.sha256(text.encode()).hexdigest() for text, verdict in rated)
    for claim_id, history in expected["history"].items():
        result = run_cli("--db", str(db), "claims", "history", claim_id, "--format", "json")
        assert json.loads(result.stdout) == history, claim_id
    assert run_cli("--db", str(db), "db", "check").exit_code == 0
    connection = sqlite3.connect(db)
    versions = [row[0] for row in connection.execute("SELECT version FROM schema_version")]
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    connection.close()
    assert versions == sorted(MIGRATIONS) and "claim_kinds" not in tables


def test_kinds_and_the_audit_log_carry_over_and_keep_growing(tmp_path, run_cli):
    db = _version_one_store(tmp_path / "v1.db")
    expected = json.loads((DATA / "store-v1-expected.json").read_text(encoding="utf-8"))
    with open_store(str(db)) as store:
        for kind, count in (("temporal", 5), ("quantity", 0), ("tempo", 0)):
            found = [c["id"] for c in store.iter_claims(ClaimFilter(kind=kind))]
            assert found == [c["id"] for c in expected["claims"] if kind in c["kinds"]]
            assert len(found) == count, kind
        claim = expected["claims"][0]["id"]
        store.add_note(claim, "Checked after the upgrade.", "dana")
        history = store.history(claim)
    assert history[:-1] == expected["history"][claim]
    assert history[-1]["action"] == "note" and history[-1]["seq"] > history[-2]["seq"]
    connection = sqlite3.connect(db)
    try:
        connection.execute("DELETE FROM audit")
    except sqlite3.IntegrityError as error:
        assert "append-only" in str(error)
    else:
        raise AssertionError("the migrated audit log accepted a DELETE")
    finally:
        connection.close()


def _version_two_store(path: Path) -> Path:
    """A store made by schema version 2: the article stored, a payment rated true and
    checked, an arena claim rated and assigned, then the article revised ($250 million
    became $350 million, the arena sentence rewritten) and checked again. Version 2 kept
    the payment's verdict as it was, next to words nobody rated."""
    connection = sqlite3.connect(path)
    connection.executescript((DATA / "store-v2.sql").read_text(encoding="utf-8"))
    connection.close()
    return path


def test_a_version_two_store_binds_its_verdicts_and_finds_the_stale_one(tmp_path, run_cli):
    db = _version_two_store(tmp_path / "v2.db")
    expected = json.loads((DATA / "store-v2-expected.json").read_text(encoding="utf-8"))
    before = {claim["id"]: claim for claim in expected["claims"]}
    listed = run_cli("--db", str(db), "claims", "list", "--format", "json")
    assert listed.exit_code == 0, listed.output
    claims = {claim["id"]: claim for claim in json.loads(listed.stdout)}
    paid = next(i for i, c in claims.items() if "$350 million" in c["text"])
    arena = next(i for i, c in claims.items() if c["status"] == "orphaned")
    # Only the payment changed: its verdict rated "$250 million", read from the audit log.
    assert {i: c for i, c in _as_version_two(claims).items() if i != paid} == {
        i: c for i, c in before.items() if i != paid}
    verdict = claims[paid]["verdicts"][0]
    assert verdict["quote"] == claims[paid]["text"].replace("350", "250")
    assert verdict["stale"]["text"] == claims[paid]["text"]
    assert (before[paid]["status"], claims[paid]["status"]) == ("checked", "in-review")
    assert claims[arena]["verdicts"][0]["quote"] == claims[arena]["text"]  # never changed
    assert "stale" not in claims[arena]["verdicts"][0]
    stale = run_cli("--db", str(db), "claims", "list", "--stale", "--format", "json")
    assert [claim["id"] for claim in json.loads(stale.stdout)] == [paid]
    history = json.loads(run_cli("--db", str(db), "claims", "history", paid,
                                 "--format", "json").stdout)
    assert history[:-1] == expected["history"][paid]
    assert (history[-1]["action"], history[-1]["actor"]) == ("stale", "workbench upgrade")
    assert run_cli("--db", str(db), "db", "check").exit_code == 0


def _as_version_two(claims: dict[str, dict]) -> dict[str, dict]:
    """The claims as version 2 listed them: no quotes in their verdicts."""
    return {claim["id"]: claim for claim in _without_quotes(list(claims.values()))}
