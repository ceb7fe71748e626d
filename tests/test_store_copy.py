"""``workbench db copy``: a whole store between SQLite and PostgreSQL, all of it or nothing."""

from __future__ import annotations

import json

from store_helpers import AGREEMENT, ARTICLE, EXPORTS, WEATHER, claim_with, listed, raw, write

from workbench.accounts import digest
from workbench.store import open_store


def _everything(run_cli, db) -> dict:
    """What the commands show of a store: every claim, each one's history, the users."""
    claims = listed(run_cli, db)
    histories = {claim["id"]: json.loads(run_cli("--db", str(db), "claims", "history",
                                                 claim["id"], "--format", "json").stdout)
                 for claim in claims}
    with open_store(str(db)) as store:
        users = [(u.name, u.role, u.password_hash, u.created, u.tokens) for u in store.users()]
        documents = store.latest_documents()
    return {"claims": claims, "history": histories, "users": users, "documents": documents}


def test_a_newsroom_moves_to_postgresql_and_back(tmp_path, run_cli, monkeypatch, postgres_url):
    from conftest import new_postgres_store

    monkeypatch.setenv("WORKBENCH_REVIEWER", "alice")
    article = write(tmp_path / "story.txt", ARTICLE)
    sqlite = tmp_path / "newsroom.db"
    assert run_cli("--db", str(sqlite), "check", str(article), "--store").exit_code == 0
    agreement = claim_with(run_cli, sqlite, AGREEMENT)["id"]
    run_cli("--db", str(sqlite), "claims", "assign", agreement, "bob")
    run_cli("--db", str(sqlite), "verdict", agreement, "--rating", "true", "--rationale",
            "Signed in 1994.", "--source", "https://example.org/treaty")
    write(article, ARTICLE.replace(WEATHER + " ", "").replace("1997", "1998"))
    assert run_cli("--db", str(sqlite), "check", str(article), "--store").exit_code == 0
    run_cli("--db", str(sqlite), "users", "add", "dana", "--role", "admin",
            "--password-stdin", input="a-long-password\n")
    token = run_cli("--db", str(sqlite), "users", "token", "dana").stdout.split()[-1]
    before = _everything(run_cli, sqlite)

    postgres = new_postgres_store(postgres_url)
    moved = run_cli("db", "copy", str(sqlite), postgres)
    assert moved.exit_code == 0, moved.output
    assert "2 documents, 5 claims, 1 verdicts" in moved.stdout
    assert _everything(run_cli, postgres) == before
    assert run_cli("--db", postgres, "db", "check").stdout == f"{postgres}: ok\n"
    with open_store(postgres) as store:
        assert store.token_user(digest(token)).name == "dana"
    # The moved store goes on: new sequence numbers follow the copied ones.
    exports = claim_with(run_cli, postgres, EXPORTS.replace("1997", "1998"))["id"]
    assert run_cli("--db", postgres, "claims", "note", exports, "Ask them.").exit_code == 0
    history = json.loads(run_cli("--db", postgres, "claims", "history", exports,
                                 "--format", "json").stdout)
    assert history[-1]["seq"] > max(e["seq"] for h in before["history"].values() for e in h)

    back = tmp_path / "back.db"
    assert run_cli("db", "copy", postgres, str(back)).exit_code == 0
    assert _everything(run_cli, back) == _everything(run_cli, postgres)
    assert run_cli("--db", str(back), "db", "check").exit_code == 0


def test_a_copy_into_a_store_in_use_is_refused_and_changes_nothing(tmp_path, run_cli,
                                                                     postgres_url):
    from conftest import new_postgres_store

    article = write(tmp_path / "story.txt", ARTICLE)
    sqlite = tmp_path / "one.db"
    assert run_cli("--db", str(sqlite), "check", str(article), "--store").exit_code == 0
    postgres = new_postgres_store(postgres_url)
    other = write(tmp_path / "other.txt", "Prices doubled in 2008.\n")
    assert run_cli("--db", postgres, "check", str(other), "--store").exit_code == 0
    before = raw(postgres, "SELECT id, record FROM claims ORDER BY seq")
    refused = run_cli("db", "copy", str(sqlite), postgres)
    assert refused.exit_code == 2
    assert refused.stderr == (f"error: {postgres}: already holds a store (documents has "
                              "rows): copy into an empty one\n")
    assert raw(postgres, "SELECT id, record FROM claims ORDER BY seq") == before
    existing = write(tmp_path / "taken.db", "not mine\n")
    taken = run_cli("db", "copy", postgres, str(existing))
    assert taken.exit_code == 2 and "exists: copy into a new file" in taken.stderr
    assert existing.read_text() == "not mine\n"
    missing = run_cli("db", "copy", str(tmp_path / "none.db"), str(tmp_path / "new.db"))
    assert missing.exit_code == 2 and "no store here" in missing.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["one.db", "other.txt", "story.txt",
                                                          "taken.db"]


def test_a_postgresql_store_backs_up_into_a_sqlite_file(tmp_path, run_cli, postgres_url):
    from conftest import new_postgres_store

    postgres = new_postgres_store(postgres_url)
    article = write(tmp_path / "story.txt", ARTICLE)
    assert run_cli("--db", postgres, "check", str(article), "--store").exit_code == 0
    copy = tmp_path / "copy.db"
    result = run_cli("--db", postgres, "db", "backup", str(copy))
    assert result.exit_code == 0, result.output
    assert listed(run_cli, copy) == listed(run_cli, postgres)
