"""A store written by the previous schema version opens, migrates and reads the same."""

from __future__ import annotations

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


def test_a_version_one_store_migrates_and_reads_as_before(tmp_path, run_cli):
    db = _version_one_store(tmp_path / "v1.db")
    expected = json.loads((DATA / "store-v1-expected.json").read_text(encoding="utf-8"))
    listed = run_cli("--db", str(db), "claims", "list", "--format", "json")
    assert listed.exit_code == 0, listed.output
    assert json.loads(listed.stdout) == expected["claims"]
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
