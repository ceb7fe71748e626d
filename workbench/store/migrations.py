"""The store's schema, as migrations: version -> steps, applied in order (SQLite, then
PostgreSQL below).

A step is an SQL statement, or a function of the connection for data that SQL alone cannot
convert. Each version runs in one transaction and is recorded in ``schema_version``; a
store whose version is higher than the last one here was written by a newer Workbench and
is refused. Add a new version for every change; never edit a released one.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from typing import Any

from workbench.records import now
from workbench.review import STALE_REASON, best_verdict
from workbench.store.binding import bind, reopened, same_words

UPGRADE_ACTOR = "workbench upgrade"


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _text_when(at: int | None, changes: list[tuple[int, str, str]], current: str) -> str:
    """The claim's text at audit position ``at``, from its ``reanchored`` entries
    ``(seq, text before, text after)``; the current text when nothing tells otherwise."""
    if at is None:
        return current
    earlier = [after for seq, _, after in changes if seq < at]
    if earlier:
        return earlier[-1]
    later = [before for seq, before, _ in changes if seq > at]
    return later[0] if later else current


def bind_reviewers_verdicts(db: sqlite3.Connection) -> None:
    """Record in each reviewer's verdict the text it rated, read back from the audit log,
    and mark stale (claim back to in-review) those whose claim's words changed since."""
    since = now()
    claims = db.execute("SELECT seq, status, record FROM claims WHERE reviewed = 1 "
                        "ORDER BY seq").fetchall()
    for claim_seq, status, record in claims:
        text = json.loads(record)["text"]
        changes = [(seq, json.loads(before)["text"], json.loads(after)["text"])
                   for seq, before, after in db.execute(
                       "SELECT seq, before, after FROM audit WHERE claim_seq = ? AND "
                       "action = 'reanchored' ORDER BY seq", (claim_seq,))]
        given = [(seq, json.loads(after)) for seq, after in db.execute(
            "SELECT seq, after FROM audit WHERE claim_seq = ? AND action = 'verdict' "
            "ORDER BY seq", (claim_seq,))]
        verdicts = []
        marked = []
        for verdict_seq, origin, verdict_record in db.execute(
                "SELECT seq, origin, record FROM verdicts WHERE claim_seq = ? ORDER BY seq",
                (claim_seq,)).fetchall():
            verdict = json.loads(verdict_record)
            if origin == "reviewer" and "quote" not in verdict:
                at = next((seq for seq, after in given if after == verdict), None)
                given = [(seq, after) for seq, after in given if seq != at]
                rated = _text_when(at, changes, text)
                verdict = bind(verdict, rated)
                if not same_words(rated, text):
                    verdict["stale"] = {"since": since, "reason": STALE_REASON, "text": text}
                    marked.append(verdict)
                db.execute("UPDATE verdicts SET record = ? WHERE seq = ?",
                           (_dumps(verdict), verdict_seq))
            verdicts.append(verdict)
        best = best_verdict({"verdicts": verdicts})
        if best is None or "stale" not in best:
            continue
        after = reopened(status) if marked else status
        db.execute("UPDATE claims SET stale = 1, status = ? WHERE seq = ?", (after, claim_seq))
        if marked:
            db.execute(
                "INSERT INTO audit (claim_seq, actor, at, action, before, after) "
                "VALUES (?, ?, ?, 'stale', ?, ?)",
                (claim_seq, UPGRADE_ACTOR, since, _dumps(
                    {"status": status, "verdicts": [
                        {"rating": v["rating"], "by": v["origin"]["name"],
                         "created": v["created"], "quote": v["quote"]} for v in marked]}),
                 _dumps({"status": after, "text": text, "reason": STALE_REASON})))


Step = str | Callable[[sqlite3.Connection], None]

MIGRATIONS: dict[int, list[Step]] = {
    1: [
        """CREATE TABLE documents (
            seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, uri TEXT NOT NULL,
            stored TEXT NOT NULL, superseded_by TEXT REFERENCES documents(id),
            record TEXT NOT NULL)""",
        "CREATE INDEX documents_uri ON documents(uri, superseded_by)",
        """CREATE TABLE claims (
            seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,
            document_id TEXT NOT NULL REFERENCES documents(id),
            status TEXT NOT NULL, assignee TEXT, start INTEGER NOT NULL,
            reviewed INTEGER NOT NULL DEFAULT 0, record TEXT NOT NULL)""",
        "CREATE INDEX claims_status ON claims(status)",
        # Partial: most claims have no assignee, and ``assignee = ?`` still uses it.
        "CREATE INDEX claims_assignee ON claims(assignee) WHERE assignee IS NOT NULL",
        "CREATE INDEX claims_document ON claims(document_id, start)",
        "CREATE INDEX claims_reviewed ON claims(reviewed) WHERE reviewed",
        """CREATE TABLE claim_kinds (
            kind TEXT NOT NULL, claim_seq INTEGER NOT NULL REFERENCES claims(seq),
            PRIMARY KEY (kind, claim_seq)) WITHOUT ROWID""",  # deleted by (kind, claim)
        """CREATE TABLE verdicts (
            seq INTEGER PRIMARY KEY, claim_seq INTEGER NOT NULL REFERENCES claims(seq),
            origin TEXT NOT NULL, record TEXT NOT NULL)""",
        "CREATE INDEX verdicts_claim ON verdicts(claim_seq)",
        """CREATE TABLE notes (
            seq INTEGER PRIMARY KEY, claim_seq INTEGER NOT NULL REFERENCES claims(seq),
            record TEXT NOT NULL)""",
        "CREATE INDEX notes_claim ON notes(claim_seq)",
        """CREATE TABLE audit (
            seq INTEGER PRIMARY KEY, claim_seq INTEGER NOT NULL REFERENCES claims(seq),
            actor TEXT NOT NULL, at TEXT NOT NULL, action TEXT NOT NULL, before TEXT,
            after TEXT)""",
        "CREATE INDEX audit_claim ON audit(claim_seq, seq)",
        """CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
        """CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
        """CREATE TRIGGER claims_never_deleted BEFORE DELETE ON claims
            BEGIN SELECT RAISE(ABORT, 'claims are never deleted'); END""",
    ],
    # Faster bulk inserts. A document's new claims get one ``created`` audit entry between
    # them (``claim_seq`` NULL, ``after`` names every claim with its status), pointed at by
    # ``claims.created``; a claim's kinds move from a table of their own (two index rows
    # per claim) into an indexed ``,kind,kind,`` column that ``--kind`` filters on.
    2: [
        """CREATE TABLE audit_v2 (
            seq INTEGER PRIMARY KEY, claim_seq INTEGER REFERENCES claims(seq),
            actor TEXT NOT NULL, at TEXT NOT NULL, action TEXT NOT NULL, before TEXT,
            after TEXT)""",
        "INSERT INTO audit_v2 SELECT seq, claim_seq, actor, at, action, before, after "
        "FROM audit",
        "DROP TABLE audit",  # drops its triggers too; recreated below
        "ALTER TABLE audit_v2 RENAME TO audit",
        "CREATE INDEX audit_claim ON audit(claim_seq, seq) WHERE claim_seq IS NOT NULL",
        """CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
        """CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
        "ALTER TABLE claims ADD COLUMN created INTEGER",
        "ALTER TABLE claims ADD COLUMN kinds TEXT NOT NULL DEFAULT ','",
        """UPDATE claims SET kinds = coalesce(
            (SELECT ',' || group_concat(kind, ',') || ',' FROM claim_kinds
             WHERE claim_seq = claims.seq), ',')""",
        "DROP TABLE claim_kinds",
        # One entry per claim (not two rows); ``--kind K`` alone merges the sets holding K.
        "CREATE INDEX claims_kinds ON claims(kinds)",
    ],
    # Reviewers' verdicts bound to the text they rated: ``claims.stale`` is 1 when a
    # claim's best verdict is a reviewer's whose text has changed since. The people of
    # ``workbench serve``: users (argon2 password hashes), their API tokens and sign-in
    # sessions (SHA-256 digests only).
    3: [
        "ALTER TABLE claims ADD COLUMN stale INTEGER NOT NULL DEFAULT 0",
        "CREATE INDEX claims_stale ON claims(stale) WHERE stale = 1",
        bind_reviewers_verdicts,
        """CREATE TABLE users (
            seq INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, role TEXT NOT NULL,
            password_hash TEXT NOT NULL, created TEXT NOT NULL)""",
        """CREATE TABLE api_tokens (
            seq INTEGER PRIMARY KEY,
            user_seq INTEGER NOT NULL REFERENCES users(seq) ON DELETE CASCADE,
            token_hash TEXT NOT NULL UNIQUE, label TEXT NOT NULL, created TEXT NOT NULL)""",
        "CREATE INDEX api_tokens_user ON api_tokens(user_seq)",
        """CREATE TABLE sessions (
            session_hash TEXT PRIMARY KEY,
            user_seq INTEGER NOT NULL REFERENCES users(seq) ON DELETE CASCADE,
            csrf TEXT NOT NULL, created TEXT NOT NULL, expires TEXT NOT NULL)""",
        "CREATE INDEX sessions_user ON sessions(user_seq)",
    ],
}


# PostgreSQL stores begin at version 3: the tables, columns and indexes SQLite has after
# the migrations above, in PostgreSQL's words (identity columns for SQLite's rowids,
# triggers calling one function that refuses). A later version adds its steps to both.
POSTGRES_MIGRATIONS: dict[int, list[str]] = {
    3: [
        """CREATE FUNCTION workbench_refuse() RETURNS trigger LANGUAGE plpgsql AS
            $$ BEGIN RAISE EXCEPTION '%', TG_ARGV[0]; END $$""",
        """CREATE TABLE documents (
            seq BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, id TEXT NOT NULL UNIQUE,
            uri TEXT NOT NULL, stored TEXT NOT NULL,
            superseded_by TEXT REFERENCES documents(id), record TEXT NOT NULL)""",
        "CREATE INDEX documents_uri ON documents(uri, superseded_by)",
        # ``seq`` is given by the writer (under the store's write lock), as in SQLite.
        """CREATE TABLE claims (
            seq BIGINT PRIMARY KEY, id TEXT NOT NULL UNIQUE,
            document_id TEXT NOT NULL REFERENCES documents(id),
            status TEXT NOT NULL, assignee TEXT, start INTEGER NOT NULL,
            reviewed INTEGER NOT NULL DEFAULT 0, record TEXT NOT NULL, created BIGINT,
            kinds TEXT COLLATE "C" NOT NULL DEFAULT ',', stale INTEGER NOT NULL DEFAULT 0)""",
        # (column, seq), since a listing walks its matches in seq order: SQLite's indexes
        # hold the rowid (its seq) after the column, PostgreSQL's only what they name.
        "CREATE INDEX claims_status ON claims(status, seq)",
        "CREATE INDEX claims_assignee ON claims(assignee, seq) WHERE assignee IS NOT NULL",
        "CREATE INDEX claims_document ON claims(document_id, start)",
        "CREATE INDEX claims_reviewed ON claims(seq) WHERE reviewed = 1",
        "CREATE INDEX claims_kinds ON claims(kinds, seq)",
        "CREATE INDEX claims_stale ON claims(stale) WHERE stale = 1",
        """CREATE TABLE verdicts (
            seq BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            claim_seq BIGINT NOT NULL REFERENCES claims(seq), origin TEXT NOT NULL,
            record TEXT NOT NULL)""",
        "CREATE INDEX verdicts_claim ON verdicts(claim_seq)",
        """CREATE TABLE notes (
            seq BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            claim_seq BIGINT NOT NULL REFERENCES claims(seq), record TEXT NOT NULL)""",
        "CREATE INDEX notes_claim ON notes(claim_seq)",
        """CREATE TABLE audit (
            seq BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            claim_seq BIGINT REFERENCES claims(seq), actor TEXT NOT NULL, at TEXT NOT NULL,
            action TEXT NOT NULL, before TEXT, after TEXT)""",
        "CREATE INDEX audit_claim ON audit(claim_seq, seq) WHERE claim_seq IS NOT NULL",
        """CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit FOR EACH ROW
            EXECUTE FUNCTION workbench_refuse('the audit log is append-only')""",
        """CREATE TRIGGER audit_never_truncated BEFORE TRUNCATE ON audit
            EXECUTE FUNCTION workbench_refuse('the audit log is append-only')""",
        """CREATE TRIGGER claims_never_deleted BEFORE DELETE ON claims FOR EACH ROW
            EXECUTE FUNCTION workbench_refuse('claims are never deleted')""",
        """CREATE TRIGGER claims_never_truncated BEFORE TRUNCATE ON claims
            EXECUTE FUNCTION workbench_refuse('claims are never deleted')""",
        """CREATE TABLE users (
            seq BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            name TEXT NOT NULL UNIQUE, role TEXT NOT NULL,
            password_hash TEXT NOT NULL, created TEXT NOT NULL)""",
        """CREATE TABLE api_tokens (
            seq BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            user_seq BIGINT NOT NULL REFERENCES users(seq) ON DELETE CASCADE,
            token_hash TEXT NOT NULL UNIQUE, label TEXT NOT NULL, created TEXT NOT NULL)""",
        "CREATE INDEX api_tokens_user ON api_tokens(user_seq)",
        """CREATE TABLE sessions (
            session_hash TEXT PRIMARY KEY,
            user_seq BIGINT NOT NULL REFERENCES users(seq) ON DELETE CASCADE,
            csrf TEXT NOT NULL, created TEXT NOT NULL, expires TEXT NOT NULL)""",
        "CREATE INDEX sessions_user ON sessions(user_seq)",
    ],
}
