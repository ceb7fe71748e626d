"""The store under stress and abuse: concurrent writers, SIGKILL, bad files."""

from __future__ import annotations

import hashlib
import itertools
import json
import multiprocessing
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from store_helpers import AGREEMENT, ARTICLE, claim_with, listed, write

from workbench.store import open_store
from workbench.store.base import ClaimFilter
from workbench.store.migrations import MIGRATIONS

WORKERS, UPDATES = 4, 500


@pytest.fixture
def db(tmp_path, run_cli):
    """A SQLite store holding the test article (for the tests about its file)."""
    path = tmp_path / "claims.db"
    article = write(tmp_path / "article.txt", ARTICLE)
    assert run_cli("--db", str(path), "check", str(article), "--store").exit_code == 0
    return path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _editor(location: str, claim_id: str, worker: int) -> None:
    """One editor's process: alternately add a note and reassign the claim."""
    with open_store(location) as store:
        for update in range(UPDATES):
            name = f"w{worker}-{update}"
            if update % 2:
                store.assign(claim_id, name, name)
            else:
                store.add_note(claim_id, name, name)


def test_concurrent_editors_lose_no_update(tmp_path, run_cli, store_location):
    db = store_location
    article = write(tmp_path / "article.txt", ARTICLE)
    assert run_cli("--db", str(db), "check", str(article), "--store").exit_code == 0
    claim = claim_with(run_cli, db, AGREEMENT)["id"]
    context = multiprocessing.get_context("fork")
    processes = [context.Process(target=_editor, args=(str(db), claim, worker))
                 for worker in range(WORKERS)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(60)
        assert process.exitcode == 0
    with open_store(str(db)) as store:
        notes = store.get_claim(claim)["notes"]
        history = store.history(claim)
    expected = {f"w{w}-{u}" for w in range(WORKERS) for u in range(0, UPDATES, 2)}
    assert len(notes) == len(expected) == WORKERS * UPDATES // 2
    assert {note["text"] for note in notes} == expected
    assigned = [entry for entry in history if entry["action"] == "assigned"]
    assert len(assigned) == WORKERS * UPDATES // 2
    # Each reassignment saw the one before it: no write was lost or interleaved.
    for previous, entry in itertools.pairwise(assigned):
        assert entry["before"] == previous["after"]
    assert len([entry for entry in history if entry["action"] == "note"]) == len(expected)


def _processes_naming(path: Path, within: float) -> list[int]:
    """The processes whose command line names ``path``, once none is left or after
    ``within`` seconds."""
    deadline = time.monotonic() + within
    while True:
        found = []
        for entry in Path("/proc").iterdir():
            try:
                if entry.name.isdigit() and str(path).encode() in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue  # ended while being read
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.1)


def _article(number: int, sentences: int) -> str:
    return " ".join(f"Report {number} says that exports grew by {i} percent in {1900 + i}."
                    for i in range(sentences)) + "\n"


def test_sigkill_during_check_store_leaves_whole_documents(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    documents, sentences = 30, 400
    for number in range(documents):
        write(folder / f"a{number:02}.txt", _article(number, sentences))
    location = tmp_path / "killed.db"
    env = {**os.environ, "WORKBENCH_REVIEWER": "robot"}
    process = subprocess.Popen(
        [sys.executable, "-m", "workbench", "--db", str(location), "check", str(folder),
         "--store", "--format", "json", "--output", str(tmp_path / "out.json")],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    stored = 0
    deadline = time.monotonic() + 30
    while stored < 2 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.01)
        try:
            reader = sqlite3.connect(f"file:{location}?mode=ro", uri=True)
            stored = reader.execute("SELECT count(*) FROM documents").fetchone()[0]
            reader.close()
        except sqlite3.Error:
            continue
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL
    assert _processes_naming(location, within=20) == [], "its workers outlived it"
    with open_store(str(location)) as store:
        assert store.check() == []
        kept = store.latest_documents()
        assert 2 <= len(kept) < documents, "the kill should land in the middle of the run"
        for document in kept:
            claims = list(store.iter_claims(ClaimFilter(document=document["id"])))
            assert len(claims) == sentences, document["uri"]
    assert not (tmp_path / "out.json").exists()


def test_a_corrupt_file_is_refused_and_left_alone(tmp_path, run_cli):
    bad = tmp_path / "corrupt.db"
    bad.write_bytes(b"this is not a database\n" * 200)
    before = _digest(bad)
    for args in (("claims", "list"), ("db", "check"),
                 ("check", str(write(tmp_path / "a.txt", ARTICLE)), "--store")):
        result = run_cli("--db", str(bad), *args)
        assert result.exit_code == 2, args
        assert result.stderr.splitlines()[-1] == (
            f"error: {bad}: not a valid SQLite database (file is not a database)")
    assert _digest(bad) == before


def test_a_read_only_file_can_be_read_but_not_changed(db, run_cli):
    claim = claim_with(run_cli, db, AGREEMENT)["id"]
    db.chmod(0o444)
    try:
        before = _digest(db)
        result = run_cli("--db", str(db), "claims", "assign", claim, "bob")
        assert result.exit_code == 2
        assert result.stderr == f"error: {db}: the database file is read-only\n"
        assert len(listed(run_cli, db)) == 5
        assert _digest(db) == before
    finally:
        db.chmod(0o644)
    assert claim_with(run_cli, db, AGREEMENT).get("assignee") is None


def test_a_store_from_a_newer_version_is_refused(db, run_cli):
    connection = sqlite3.connect(db)
    connection.execute("INSERT INTO schema_version VALUES (99, '2030-01-01')")
    connection.commit()
    connection.close()
    before = _digest(db)
    result = run_cli("--db", str(db), "claims", "assign",
                     claim_id := "clm-0000000000000000", "bob")
    assert result.exit_code == 2 and claim_id not in result.stderr
    assert result.stderr == (f"error: {db}: written by a newer Workbench (store schema "
                             f"version 99; this version reads up to {max(MIGRATIONS)}): upgrade "
                             "Workbench\n")
    assert _digest(db) == before


def test_missing_or_foreign_databases_are_not_created_or_touched(tmp_path, run_cli):
    missing = tmp_path / "none.db"
    result = run_cli("--db", str(missing), "claims", "list")
    assert result.exit_code == 2 and "no store here" in result.stderr
    assert not missing.exists()
    foreign = tmp_path / "foreign.db"
    connection = sqlite3.connect(foreign)
    connection.execute("CREATE TABLE stuff (x)")
    connection.commit()
    connection.close()
    result = run_cli("--db", str(foreign), "claims", "list")
    assert result.stderr == f"error: {foreign}: not a Workbench store (no schema_version table)\n"
    elsewhere = run_cli("--db", str(tmp_path / "no" / "such.db"), "check",
                        str(write(tmp_path / "a.txt", ARTICLE)), "--store")
    assert elsewhere.exit_code == 2 and "does not exist" in elsewhere.stderr


def test_db_check_finds_a_tampered_record(db, run_cli):
    assert run_cli("--db", str(db), "db", "check").stdout == f"{db}: ok\n"
    connection = sqlite3.connect(db)
    connection.execute("UPDATE claims SET status = 'lost' WHERE rowid = 1")
    connection.execute("UPDATE claims SET record = json_set(record, '$.span.start', 3) "
                       "WHERE rowid = 2")
    connection.commit()
    connection.close()
    result = run_cli("--db", str(db), "db", "check")
    assert result.exit_code == 1
    problems = result.stdout.splitlines()
    assert len(problems) == 2
    assert "is invalid: status: 'lost' is not one of" in problems[0]
    assert problems[1].endswith("span does not select its text")
    listing = run_cli("--db", str(db), "claims", "list")
    assert listing.exit_code == 2 and "is invalid" in listing.stderr


def test_backup_is_a_complete_consistent_copy(db, run_cli, tmp_path):
    copy = tmp_path / "copy.db"
    result = run_cli("--db", str(db), "db", "backup", str(copy))
    assert result.exit_code == 0, result.output
    assert listed(run_cli, copy) == listed(run_cli, db)
    assert run_cli("--db", str(copy), "db", "check").exit_code == 0
    nowhere = run_cli("--db", str(db), "db", "backup", str(tmp_path / "no" / "copy.db"))
    assert nowhere.exit_code == 2 and "does not exist" in nowhere.stderr
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".copy")] == []


def test_backup_has_the_permissions_of_the_store(db, run_cli, tmp_path):
    db.chmod(0o640)
    copy = tmp_path / "copy.db"
    assert run_cli("--db", str(db), "db", "backup", str(copy)).exit_code == 0
    assert stat.S_IMODE(copy.stat().st_mode) == 0o640


def test_db_check_finds_a_claim_whose_creation_is_not_logged(db, run_cli):
    claim = claim_with(run_cli, db, AGREEMENT)["id"]
    assert [e["action"] for e in json.loads(run_cli(
        "--db", str(db), "claims", "history", claim, "--format", "json").stdout)] == ["created"]
    connection = sqlite3.connect(db)
    connection.execute("INSERT INTO audit (claim_seq, actor, at, action, after) VALUES "
                       "(NULL, 'mallory', '2025-01-01T00:00:00Z', 'created', "
                       "'{\"document_id\": null, \"claims\": {}}')")
    connection.execute("UPDATE claims SET created = last_insert_rowid() WHERE id = ?", (claim,))
    connection.commit()
    connection.close()
    result = run_cli("--db", str(db), "db", "check")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{db}: claim {claim}: audit entry 2 does not record its creation"]


def _damage_the_claims_table(path: Path) -> None:
    """Overwrite 3 KB of the first page of the claims table, as a failing disk might."""
    connection = sqlite3.connect(path)
    page_size = connection.execute("PRAGMA page_size").fetchone()[0]
    root = connection.execute("SELECT rootpage FROM sqlite_master WHERE name = 'claims'"
                              ).fetchone()[0]
    connection.close()
    assert not Path(f"{path}-wal").exists(), "every change is in the file itself"
    with path.open("r+b") as stream:
        stream.seek(page_size * (root - 1))
        stream.write(b"\xab" * 3000)


def test_a_damaged_page_is_one_line_naming_the_store(tmp_path, run_cli):
    db = tmp_path / "mid.db"
    folder = tmp_path / "articles"
    folder.mkdir()
    for number in range(4):
        write(folder / f"{number}.txt", ARTICLE.replace("Geneva", f"Geneva {number}"))
    assert run_cli("--db", str(db), "check", str(folder), "--store").exit_code == 0
    claim = listed(run_cli, db)[0]["id"]
    _damage_the_claims_table(db)
    damaged = f"{db}: the database file is damaged (database disk image is malformed)"

    checked = run_cli("--db", str(db), "db", "check")
    assert checked.exit_code == 1
    assert [line.split(";")[0] for line in checked.stdout.splitlines()] == [damaged]
    for args in (("claims", "list"), ("claims", "list", "--format", "json"),
                 ("claims", "show", claim), ("claims", "show", claim, "--format", "json")):
        result = run_cli("--db", str(db), *args)
        assert result.exit_code == 2, args
        assert result.stdout == "", args
        assert [line.split(";")[0] for line in result.stderr.splitlines()] == [
            f"error: {damaged}"], args
