"""The SQLite store's schema, as migrations: version -> statements, applied in order.

Each version runs in one transaction and is recorded in ``schema_version``; a store whose
version is higher than the last one here was written by a newer Workbench and is refused.
Add a new version for every change; never edit a released one.
"""

from __future__ import annotations

MIGRATIONS: dict[int, list[str]] = {
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
}
