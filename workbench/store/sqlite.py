"""The SQLite backend of the claim store.

One file; WAL journal (readers never wait for the writer; ``synchronous=NORMAL``, which
in WAL mode survives a crashed process), foreign keys on, and every write in one
``BEGIN IMMEDIATE`` transaction, so concurrent writers queue instead of losing updates: a
writer that finds the database busy retries every few milliseconds for up to 30 s
(SQLite's own busy handler backs off to 100 ms sleeps, which makes queues crawl).
Records are kept as JSON next to the columns queries filter on, and validated against
``schemas/`` whenever they are read back.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import EllipsisType
from typing import Any
from urllib.parse import quote

import orjson

from workbench import validation
from workbench.records import document_id, now
from workbench.review import is_reviewers, stale_verdict
from workbench.store import revisions
from workbench.store.base import (
    Changed,
    ClaimFilter,
    SaveReport,
    Store,
    StoreError,
    TextChanged,
    UnknownRecord,
    check_transition,
)
from workbench.store.binding import bind, reopened, text_digest
from workbench.store.memory import suggestions
from workbench.store.migrations import MIGRATIONS
from workbench.store.sqlite_faults import explain, reported, reported_iter, storage_fault
from workbench.store.sqlite_people import PeopleTables

Record = dict[str, Any]

SCHEMA_VERSION = max(MIGRATIONS)
# Every audit row with the id of its claim (NULL for the one ``created`` row of a save).
AUDIT_SELECT = ("SELECT a.seq, c.id, a.actor, a.at, a.action, a.before, a.after "
                "FROM audit a LEFT JOIN claims c ON c.seq = a.claim_seq")
BUSY_WAIT_MS = 20      # SQLite's own wait for a lock, before our retry loop takes over
WRITE_TIMEOUT = 30.0   # seconds a writer waits for its turn
CACHE_KIB = 65536      # page cache limit: index pages of a large store stay in memory
# Copy the WAL back into the database (and fsync) every ~40 MB instead of SQLite's 4 MB:
# a document of a thousand claims fills 4 MB, so bulk loads checkpointed at every commit.
CHECKPOINT_PAGES = 10000

CLAIM_SELECT = """SELECT c.seq, c.id, c.status, c.assignee, c.record,
    (SELECT json_group_array(json(record)) FROM
        (SELECT record FROM verdicts WHERE claim_seq = c.seq ORDER BY seq)),
    (SELECT json_group_array(json(record)) FROM
        (SELECT record FROM notes WHERE claim_seq = c.seq ORDER BY seq))
    FROM claims c"""
# ``--kind K`` alone reads each set of kinds holding K from the kinds index, merged in
# seq order by one compound SELECT (SQLite allows 500 terms); past this, it scans.
MAX_KIND_SETS = 400
# Fields of a claim kept in columns or tables of their own rather than in ``record``.
OWN_PLACES = ("id", "status", "assignee", "verdicts", "notes")

def _writable(path: Path) -> bool:
    """False when the file has no write permission bits or the process may not write it.

    Permission bits are honoured even for root, so a file marked read-only stays so.
    """
    return bool(path.stat().st_mode & 0o222) and os.access(path, os.W_OK)


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _dump(value: Any) -> str:
    """Compact JSON text, written by orjson (ten times faster) unless it refuses the value.

    The standard encoder takes over for integers beyond 64 bits (a plugin's signal value);
    records are read back with the standard decoder, which keeps such integers exact.
    """
    try:
        return orjson.dumps(value).decode()
    except TypeError:
        return _ENCODER.encode(value)


def _reviewed(claim: Record) -> int:
    verdicts = claim["verdicts"]
    return int(bool(verdicts) and any(v["origin"]["type"] == "reviewer" for v in verdicts))


def _stale(claim: Record) -> int:
    """1 when the claim's best verdict is a reviewer's that went stale (the ``stale``
    column, which ``claims list --stale`` filters on)."""
    return int(stale_verdict(claim) is not None)


def _casefold(text: str | None) -> str | None:
    """SQL ``casefold(text)``: Python's case folding (SQLite's ``lower`` knows only ASCII)."""
    return None if text is None else text.casefold()


def _kinds(claim: Record) -> str:
    """The claim's kinds as the ``kinds`` column keeps them: ``,kind,kind,``."""
    return f",{','.join(claim['kinds'])}," if claim["kinds"] else ","


def _own_record(claim: Record) -> Record:
    """The claim without the fields kept elsewhere (a copy: faster than filtering)."""
    record = claim.copy()
    for key in OWN_PLACES:
        record.pop(key, None)
    return record


class SQLiteStore(PeopleTables, Store):
    """A store in one SQLite file.

    A storage fault (a damaged page, a lock held too long, a full disk) met by any
    operation is reported as a :class:`StoreError` naming the file.
    """

    def __init__(self, location: str, *, create: bool = False) -> None:
        self.location = location
        path = Path(location)
        if path.is_dir():
            raise StoreError(location, "is a folder, not a database file")
        exists = path.exists()
        if not exists and not create:
            raise StoreError(location, "no store here (create one with "
                                       "`workbench check FILE --store`)")
        if not exists and not path.absolute().parent.is_dir():
            raise StoreError(location, f"folder {path.parent} does not exist")
        self.read_only = exists and not _writable(path)
        uri = f"file:{quote(str(path.absolute()))}" + ("?mode=ro" if self.read_only else "")
        self._checked: list[Record] | None = None  # newsroom memory, see _memory
        self._checked_version = 0
        try:
            self._db = sqlite3.connect(uri, uri=True, isolation_level=None,
                                       timeout=BUSY_WAIT_MS / 1000)
        except sqlite3.Error as error:
            raise StoreError(location, f"cannot open: {error}") from None
        try:
            self._db.execute(f"PRAGMA busy_timeout = {BUSY_WAIT_MS}")
            self._db.execute("PRAGMA foreign_keys = ON")
            self._db.execute("PRAGMA synchronous = NORMAL")
            self._db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
            self._db.execute(f"PRAGMA wal_autocheckpoint = {CHECKPOINT_PAGES}")
            self._db.create_function("casefold", 1, _casefold, deterministic=True)
            self._prepare(create)
        except sqlite3.Error as error:
            self._db.close()
            raise StoreError(location, explain(error)) from None
        except StoreError:
            self._db.close()
            raise

    # ---- opening and migrating ------------------------------------------------------

    def _prepare(self, create: bool) -> None:
        tables = {row[0] for row in self._db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not tables:
            if not create:
                raise StoreError(self.location, "empty database: not a Workbench store yet "
                                                "(create one with `workbench check FILE --store`)")
            version = 0
        elif "schema_version" not in tables:
            raise StoreError(self.location, "not a Workbench store (no schema_version table)")
        else:
            version = self._db.execute("SELECT max(version) FROM schema_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(self.location, f"written by a newer Workbench (store schema "
                                            f"version {version}; this version reads up to "
                                            f"{SCHEMA_VERSION}): upgrade Workbench")
        if version < SCHEMA_VERSION:
            self._migrate()

    def _migrate(self) -> None:
        if self.read_only:
            raise StoreError(self.location, "needs a schema upgrade but is read-only")
        self._db.execute("PRAGMA journal_mode = WAL")
        with self._write() as db:
            db.execute("CREATE TABLE IF NOT EXISTS schema_version "
                       "(version INTEGER PRIMARY KEY, applied TEXT NOT NULL)")
            current = db.execute("SELECT coalesce(max(version), 0) FROM schema_version"
                                 ).fetchone()[0]
            for version in range(current + 1, SCHEMA_VERSION + 1):
                for step in MIGRATIONS[version]:
                    if isinstance(step, str):
                        db.execute(step)
                    else:
                        step(db)
                db.execute("INSERT INTO schema_version VALUES (?, ?)", (version, now()))

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken at once so concurrent writers queue."""
        if self.read_only:
            raise StoreError(self.location, "the database file is read-only")
        deadline = time.monotonic() + WRITE_TIMEOUT
        while True:
            try:
                self._db.execute("BEGIN IMMEDIATE")
                break
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or time.monotonic() > deadline:
                    raise StoreError(self.location,
                                     f"cannot write: {explain(error)}") from None
                time.sleep(random.uniform(0.0005, 0.003))
        try:
            yield self._db
            self._db.execute("COMMIT")
        except sqlite3.Error as error:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            raise StoreError(self.location, f"cannot write: {explain(error)}") from None
        except BaseException:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            raise

    def close(self) -> None:
        """Close the connection."""
        self._db.close()

    # ---- reading records back -------------------------------------------------------

    def _valid(self, name: str, record: Record, what: str) -> Record:
        if not validation.is_valid(name, record):
            first = (validation.explain(name, record) or ["does not match the schema"])[0]
            raise StoreError(self.location, f"stored {what} is invalid: {first}")
        return record

    def _parsed(self, text: str, what: str) -> Any:
        """A stored JSON record; one that is not JSON is a :class:`StoreError` naming it."""
        try:
            return json.loads(text)
        except (TypeError, ValueError) as error:
            raise StoreError(self.location, f"stored {what} is damaged, its record is not "
                             f"JSON ({error}); restore the file from a backup") from None

    def _claim(self, row: tuple[Any, ...]) -> Record:
        _seq, claim_id, status, assignee, record, verdicts, notes = row
        claim = {"id": claim_id, **self._parsed(record, f"claim {claim_id}"),
                 "status": status,
                 "verdicts": json.loads(verdicts), "notes": json.loads(notes)}
        if assignee is not None:
            claim["assignee"] = assignee
        return self._valid("claim", claim, f"claim {claim_id}")

    def _row(self, claim_id: str) -> tuple[Any, ...]:
        row = self._db.execute(CLAIM_SELECT + " WHERE c.id = ?", (claim_id,)).fetchone()
        if row is None:
            raise UnknownRecord(claim_id, f"no such claim in {self.location}")
        return row

    @reported
    def get_claim(self, claim_id: str) -> Record:
        """The claim with its verdicts and notes, validated."""
        return self._claim(self._row(claim_id))

    def _document_column(self, ref: str) -> str:
        column = "id" if ref.startswith("doc-") else "uri"
        if self._db.execute(f"SELECT 1 FROM documents WHERE {column} = ?", (ref,)).fetchone():
            return column
        raise UnknownRecord(ref, f"no such document (id or uri) in {self.location}")

    @reported
    def get_document(self, ref: str) -> Record:
        """The document by id, or the latest revision stored under a uri."""
        column = self._document_column(ref)
        row = self._db.execute(f"SELECT id, record FROM documents WHERE {column} = ? "
                               "ORDER BY superseded_by IS NULL DESC, seq DESC", (ref,)).fetchone()
        what = f"document {row[0]}"
        return self._valid("document", self._parsed(row[1], what), what)

    @reported
    def latest_documents(self) -> list[Record]:
        """The latest revision of every article, in the order first stored."""
        rows = self._db.execute("SELECT id, record FROM documents WHERE superseded_by IS NULL "
                                "ORDER BY seq").fetchall()
        return [self._valid("document", self._parsed(record, f"document {doc}"),
                            f"document {doc}")
                for doc, record in rows]

    @reported
    def claim_document(self, claim_id: str) -> Record:
        """The document the claim is anchored in."""
        row = self._db.execute("SELECT d.id, d.record FROM claims c JOIN documents d "
                               "ON d.id = c.document_id WHERE c.id = ?", (claim_id,)).fetchone()
        if row is None:
            raise UnknownRecord(claim_id, f"no such claim in {self.location}")
        what = f"document {row[0]}"
        return self._valid("document", self._parsed(row[1], what), what)

    @reported_iter
    def iter_claims(self, where: ClaimFilter) -> Iterator[Record]:
        """Matching claims, streamed from one cursor."""
        conditions: list[str] = []
        params: list[Any] = []
        for column, value in (("status", where.status), ("assignee", where.assignee)):
            if value is not None:
                conditions.append(f"c.{column} = ?")
                params.append(value)
        if where.stale:
            conditions.append("c.stale = 1")
        if where.checkworthy:
            conditions.append("json_extract(c.record, '$.checkworthy') = 1")
        if where.text:
            conditions.append("instr(casefold(json_extract(c.record, '$.text')), ?) > 0")
            params.append(where.text.casefold())
        order = "c.seq"
        if where.document is not None:
            if self._document_column(where.document) == "id":
                conditions.append("c.document_id = ?")
            else:  # every revision of the article, so its orphans come along
                conditions.append("c.document_id IN (SELECT id FROM documents WHERE uri = ?)")
            params.append(where.document)
            order = "c.document_id, c.start"
        if where.kind is not None and not conditions:
            sets = self._kind_sets(where.kind)
            if not sets:
                return
            if len(sets) <= MAX_KIND_SETS:  # merge one index range per set, in seq order
                sql = " UNION ALL ".join([CLAIM_SELECT + " WHERE c.kinds = ?"] * len(sets))
                sql += " ORDER BY 1"
                params.extend(sets)
            else:
                sql = CLAIM_SELECT + " WHERE instr(c.kinds, ?) > 0 ORDER BY c.seq"
                params.append(f",{where.kind},")
        else:
            if where.kind is not None:  # walk the other filter's index, check the kinds
                conditions.append("instr(c.kinds, ?) > 0")
                params.append(f",{where.kind},")
            sql = CLAIM_SELECT + (" WHERE " + " AND ".join(conditions) if conditions else "")
            sql += f" ORDER BY {order}"
        if where.limit is not None:
            sql += " LIMIT ?"
            params.append(where.limit)
        for row in self._db.execute(sql, params):
            yield self._claim(row)

    def _kind_sets(self, kind: str) -> list[str]:
        """The distinct ``kinds`` values holding ``kind``, one index seek each."""
        found: list[str] = []
        last = ""
        while True:
            row = self._db.execute("SELECT kinds FROM claims WHERE kinds > ? "
                                   "ORDER BY kinds LIMIT 1", (last,)).fetchone()
            if row is None:
                return found
            last = row[0]
            if f",{kind}," in last:
                found.append(last)

    @reported
    def history(self, claim_id: str) -> list[Record]:
        """The claim's audit entries, oldest first (its creation from its save's entry)."""
        found = self._db.execute("SELECT seq, created FROM claims WHERE id = ?",
                                 (claim_id,)).fetchone()
        if found is None:
            raise UnknownRecord(claim_id, f"no such claim in {self.location}")
        seq, created = found
        rows = self._db.execute(
            "SELECT seq, ?, actor, at, action, before, after FROM audit WHERE claim_seq = ? "
            "UNION ALL SELECT seq, NULL, actor, at, action, before, after FROM audit "
            "WHERE seq = ? ORDER BY seq", (claim_id, seq, created)).fetchall()
        return [entry for row in rows for entry in self._audit(row, claim_id)]

    def _audit(self, row: tuple[Any, ...], only: str | None = None) -> list[Record]:
        """The audit entries of one row: one entry, or one per claim a save created
        (``only`` that claim's, when given)."""
        seq, claim, actor, at, action, before, after = row
        if claim is not None:
            changes = [(claim, json.loads(before) if before else None,
                        json.loads(after) if after else None)]
        else:
            created = json.loads(after) if after else None
            if action != "created" or not isinstance(created, dict) or not isinstance(
                    created.get("claims"), dict):
                raise StoreError(self.location, f"audit entry {seq} names no claim")
            changes = [(claim_id, None, {"status": status,
                                         "document_id": created.get("document_id")})
                       for claim_id, status in created["claims"].items()
                       if only is None or claim_id == only]
        return [self._valid("audit", {"seq": seq, "claim": claim_id, "actor": actor,
                                      "at": at, "action": action, "before": old,
                                      "after": new}, f"audit entry {seq}")
                for claim_id, old, new in changes]

    @reported_iter
    def checked_claims(self) -> Iterator[Record]:
        """Claims carrying a reviewer's verdict."""
        # Named, or SQLite walks every claim in seq order rather than sort the few reviewed.
        for row in self._db.execute(CLAIM_SELECT + " INDEXED BY claims_reviewed "
                                    "WHERE c.reviewed ORDER BY c.seq"):
            yield self._claim(row)

    @reported
    def claim_counts(self) -> dict[str, dict[str, int]]:
        """Claims of each document by status, and the stale ones, in one grouped query."""
        counts: dict[str, dict[str, int]] = {}
        for doc, status, number, stale in self._db.execute(
                "SELECT document_id, status, count(*), sum(stale) FROM claims "
                "GROUP BY document_id, status"):
            found = counts.setdefault(doc, {"stale": 0})
            found[status] = number
            found["stale"] += stale
        return counts

    # ---- writing --------------------------------------------------------------------

    def _log(self, claim_id: str, actor: str, action: str, before: Any, after: Any) -> None:
        self._db.execute(
            "INSERT INTO audit (claim_seq, actor, at, action, before, after) "
            "SELECT seq, ?, ?, ?, ?, ? FROM claims WHERE id = ?",
            (actor, now(), action, None if before is None else _dump(before), _dump(after),
             claim_id))

    def _update_claim(self, db: sqlite3.Connection, seq: int, claim: Record,
                      reviewers_changed: bool) -> None:
        """Rewrite a carried-over claim; its plugin verdicts are replaced, and its
        reviewers' verdicts too when ``reviewers_changed`` (one went stale)."""
        record = _dump(_own_record(claim))
        db.execute("UPDATE claims SET document_id = ?, status = ?, assignee = ?, "
                   "start = ?, reviewed = ?, stale = ?, kinds = ?, record = ? WHERE seq = ?",
                   (claim["document_id"], claim["status"], claim.get("assignee"),
                    claim["span"]["start"], _reviewed(claim), _stale(claim), _kinds(claim),
                    record, seq))
        replaced = [v for v in claim["verdicts"] if reviewers_changed or not is_reviewers(v)]
        db.execute("DELETE FROM verdicts WHERE claim_seq = ?" + (
            "" if reviewers_changed else " AND origin = 'plugin'"), (seq,))
        db.executemany("INSERT INTO verdicts (claim_seq, origin, record) VALUES (?, ?, ?)",
                       [(seq, v["origin"]["type"], _dump(v)) for v in replaced])

    def save_entry(self, entry: Record, actor: str) -> SaveReport:
        """Store one checked document with its claims in one transaction."""
        return self.save_entries([entry], actor)[0]

    @reported
    def save_entries(self, entries: list[Record], actor: str) -> list[SaveReport]:
        """Store several checked documents in one transaction: all of them or none.

        Every entry is validated before anything is written; each is then saved as
        :meth:`save_entry` saves it, in order (a later entry may be a revision of an
        earlier one). Fewer, larger transactions write each page of the claim-id index
        to the journal less often, which is what bulk loads spend most of their time on.
        """
        for entry in entries:
            document, fresh = entry["document"], entry["claims"]
            if not validation.is_valid("entry", {"document": document, "claims": fresh}):
                # One call for the whole document is a third cheaper than one per record;
                # only a failing entry is walked record by record, for the usual message.
                validation.validate("document", document)
                for claim in fresh:
                    validation.validate("claim", claim)
                validation.validate("entry", {"document": document, "claims": fresh})
        with self._write() as db:
            saved = [self._save(db, entry, actor) for entry in entries]
        if any(is_reviewers(v) for _, inserted in saved for c in inserted
               for v in c["verdicts"]):
            self._checked = None  # a successor came with an orphan's verdicts
        reports = []
        for report, inserted in saved:
            checked = self._memory() if inserted else []
            if checked:  # nothing reviewed yet (a first bulk load): no claim to compare with
                for claim in inserted:
                    report.suggestions.extend(suggestions(claim, checked))
            reports.append(report)
        return reports

    def _save(self, db: sqlite3.Connection, entry: Record,
              actor: str) -> tuple[SaveReport, list[Record]]:
        """Write one validated entry inside the caller's transaction; also the new claims."""
        document, fresh = entry["document"], entry["claims"]
        doc_id, uri = document["id"], document["uri"]
        report = SaveReport(document_id=doc_id, uri=uri)
        revisable = uri not in revisions.NO_IDENTITY
        previous = [row[0] for row in db.execute(
            "SELECT id FROM documents WHERE uri = ? AND superseded_by IS NULL AND id != ?",
            (uri, doc_id))] if revisable else []
        sources = [doc_id, *previous]
        stored = [self._claim(row) for row in db.execute(
            CLAIM_SELECT + f" WHERE c.document_id IN ({','.join('?' * len(sources))}) "
            "ORDER BY c.seq", sources)]
        db.execute("INSERT INTO documents (id, uri, stored, record) VALUES (?, ?, ?, ?) "
                   "ON CONFLICT (id) DO UPDATE SET superseded_by = NULL",
                   (doc_id, uri, now(), _dump(document)))
        if revisable:
            db.execute("UPDATE documents SET superseded_by = ? WHERE uri = ? AND id != ? "
                       "AND superseded_by IS NULL", (doc_id, uri, doc_id))
        if not stored:  # a document never seen before: nothing to re-anchor
            inserted = sorted(fresh, key=lambda claim: claim["span"]["start"])
            self._insert(db, doc_id, inserted, actor)
            report.new = [claim["id"] for claim in inserted]
            return report, inserted
        plan = revisions.plan(stored, document, fresh)
        seqs = dict(db.execute(
            f"SELECT id, seq FROM claims WHERE document_id IN ({','.join('?' * len(sources))})",
            sources).fetchall())
        for old, new, found in plan.carried:
            if old["status"] == "orphaned":  # its text is back: restore its status
                new["status"] = self._status_before_orphaned(old["id"])
            marked = plan.stale.get(old["id"], [])
            status = new["status"]
            if marked:
                new["status"] = reopened(status)
            self._update_claim(db, seqs[old["id"]], new, bool(marked))
            if old["text"] != new["text"]:
                report.changed.append(old["id"])
            if (old["document_id"] != doc_id or found.method != "position"
                    or old["status"] != status or old["text"] != new["text"]):
                report.reanchored.append(old["id"])
                self._log(old["id"], actor, "reanchored",
                          {"document_id": old["document_id"], "span": old["span"],
                           "text": old["text"], "status": old["status"]},
                          {"document_id": doc_id, "span": new["span"], "text": new["text"],
                           "status": status})
            else:
                report.updated.append(old["id"])
            if marked:
                self._log_stale(old["id"], actor, status, new, marked)
                report.stale.append({"claim": old["id"], "verdicts": marked,
                                     "text": new["text"]})
        successors = {orphan["id"]: successor for orphan, successor in plan.succeeded}
        for old in plan.orphaned:
            record = _own_record(old)
            if old["id"] in successors:
                record["succeeded_by"] = successors[old["id"]]["id"]
            db.execute("UPDATE claims SET status = 'orphaned', record = ? WHERE seq = ?",
                       (_dump(record), seqs[old["id"]]))
            report.orphaned.append(old["id"])
            self._log(old["id"], actor, "orphaned", {"status": old["status"]},
                      {"status": "orphaned"})
        self._insert(db, doc_id, plan.inserted, actor)
        report.new = [claim["id"] for claim in plan.inserted]
        for orphan, successor in plan.succeeded:
            self._log(successor["id"], actor, "reworded",
                      {"claim": orphan["id"], "text": orphan["text"]},
                      {"text": successor["text"], "status": successor["status"],
                       "assignee": successor.get("assignee")})
            report.reworded.append({"claim": successor["id"], "earlier": orphan["id"],
                                    "verdicts": [v for v in successor["verdicts"]
                                                 if "stale" in v],
                                    "text": successor["text"]})
        return report, plan.inserted

    def _log_stale(self, claim_id: str, actor: str, status: str, claim: Record,
                   marked: list[Record]) -> None:
        """The audit entry of reviewers' verdicts gone stale (both wordings, the status)."""
        self._log(claim_id, actor, "stale",
                  {"status": status, "verdicts": [
                      {"rating": v["rating"], "by": v["origin"]["name"],
                       "created": v["created"], "quote": v["quote"]} for v in marked]},
                  {"status": claim["status"], "text": claim["text"],
                   "reason": marked[0]["stale"]["reason"]})

    def _status_before_orphaned(self, claim_id: str) -> str:
        row = self._db.execute("SELECT a.before FROM audit a JOIN claims c ON c.seq = "
                               "a.claim_seq WHERE c.id = ? AND a.action = 'orphaned' "
                               "ORDER BY a.seq DESC LIMIT 1", (claim_id,)).fetchone()
        return json.loads(row[0])["status"] if row and row[0] else "new"

    def _insert(self, db: sqlite3.Connection, doc_id: str, claims: list[Record],
                actor: str) -> None:
        """Insert new claims in bulk: one ``executemany`` per table, one audit row.

        The audit row is the ``created`` entry of every claim inserted (``after`` maps
        each claim id to its status); ``claims.created`` points at it.
        """
        if not claims:
            return
        created: dict[str, str] = {}
        for claim in claims:
            if claim["document_id"] != doc_id:
                raise StoreError(self.location, f"claim {claim['id']} names document "
                                                f"{claim['document_id']}, not {doc_id}")
            created[claim["id"]] = claim["status"]
        audit = db.execute("INSERT INTO audit (claim_seq, actor, at, action, after) "
                           "VALUES (NULL, ?, ?, 'created', ?)",
                           (actor, now(), _dump({"document_id": doc_id, "claims": created}))
                           ).lastrowid
        first = db.execute("SELECT coalesce(max(seq), 0) FROM claims").fetchone()[0] + 1
        rows: list[tuple[Any, ...]] = []
        verdicts: list[tuple[Any, ...]] = []
        dumps = orjson.dumps
        for seq, claim in enumerate(claims, first):
            record = claim.copy()  # _own_record and _dump, inlined: this loop is hot
            del record["id"], record["status"], record["verdicts"], record["notes"]
            assignee = record.pop("assignee", None)
            try:
                text = dumps(record).decode()
            except TypeError:  # an integer beyond 64 bits: see _dump
                text = _dump(record)
            rows.append((seq, claim["id"], doc_id, claim["status"], assignee,
                         claim["span"]["start"], _reviewed(claim), _stale(claim), audit,
                         _kinds(claim), text))
            if claim["verdicts"]:
                verdicts.extend((seq, v["origin"]["type"], _dump(v)) for v in claim["verdicts"])
        try:
            db.executemany("INSERT INTO claims (seq, id, document_id, status, assignee, start, "
                           "reviewed, stale, created, kinds, record) "
                           "VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows)
        except sqlite3.IntegrityError as error:
            raise StoreError(self.location, f"cannot store these claims: {error} (a claim "
                                            "id is stored under another document)") from None
        if verdicts:
            db.executemany("INSERT INTO verdicts (claim_seq, origin, record) VALUES (?, ?, ?)",
                           verdicts)

    def _memory(self) -> list[Record]:
        """The checked claims, read again when another connection changed the store."""
        version = self._db.execute("PRAGMA data_version").fetchone()[0]
        if self._checked is None or version != self._checked_version:
            self._checked = list(self.checked_claims())
            self._checked_version = version
        return self._checked

    def _change(self, claim_id: str, actor: str, action: str,
                statements: list[tuple[str, tuple[Any, ...]]],
                log: Callable[[Record], tuple[Any, Any]]) -> None:
        """Run ``statements`` on one claim and log ``log(state)`` (before, after), atomically.

        ``state`` holds the claim's ``status`` and ``assignee``; ``log`` may refuse the
        change by raising.
        """
        with self._write() as db:
            row = db.execute("SELECT status, assignee FROM claims WHERE id = ?",
                             (claim_id,)).fetchone()
            if row is None:
                raise UnknownRecord(claim_id, f"no such claim in {self.location}")
            before, after = log({"status": row[0], "assignee": row[1]})
            for sql, params in statements:
                db.execute(sql, params)
            self._log(claim_id, actor, action, before, after)

    @reported
    def assign(self, claim_id: str, person: str | None, actor: str, *,
               expected: str | EllipsisType | None = ...) -> None:
        """Assign (or, with ``None``, unassign) the claim."""

        def allowed(state: Record) -> tuple[Any, Any]:
            if expected is not ... and state["assignee"] != expected:
                raise Changed(claim_id, f"it was assigned to {state['assignee'] or 'nobody'} "
                                        "meanwhile")
            return {"assignee": state["assignee"]}, {"assignee": person}

        self._change(claim_id, actor, "assigned",
                     [("UPDATE claims SET assignee = ? WHERE id = ?", (person, claim_id))],
                     allowed)

    @reported
    def set_status(self, claim_id: str, status: str, actor: str, *,
                   expected: str | None = None) -> None:
        """Move the claim along the workflow."""

        def allowed(state: Record) -> tuple[Any, Any]:
            if expected is not None and state["status"] != expected:
                raise Changed(claim_id, f"it was moved to {state['status']} meanwhile")
            check_transition(claim_id, state["status"], status)
            return {"status": state["status"]}, {"status": status}

        self._change(claim_id, actor, "status",
                     [("UPDATE claims SET status = ? WHERE id = ?", (status, claim_id))],
                     allowed)

    @reported
    def add_note(self, claim_id: str, text: str, actor: str) -> None:
        """Append a note."""
        note = {"text": text, "author": actor, "created": now()}
        self._change(claim_id, actor, "note",
                     [("INSERT INTO notes (claim_seq, record) "
                       "SELECT seq, ? FROM claims WHERE id = ?", (_dump(note), claim_id))],
                     lambda state: (None, note))

    @reported
    def add_verdict(self, claim_id: str, verdict: Record, actor: str) -> Record:
        """Append a verdict; a reviewer's is bound to the claim's text in the same
        transaction (and refused when it names another text, see :class:`TextChanged`)."""
        validation.validate("verdict", verdict)
        self._checked = None
        reviewer = is_reviewers(verdict)
        with self._write() as db:
            row = db.execute("SELECT seq, record FROM claims WHERE id = ?",
                             (claim_id,)).fetchone()
            if row is None:
                raise UnknownRecord(claim_id, f"no such claim in {self.location}")
            if reviewer:
                text = json.loads(row[1])["text"]
                read = verdict.get("quote_sha256") or (
                    text_digest(verdict["quote"]) if "quote" in verdict else None)
                if read is not None and read != text_digest(text):
                    raise TextChanged(claim_id, "its text changed since it was read: read "
                                                "it again and rate what it says now")
                verdict = bind({k: v for k, v in verdict.items() if k != "stale"}, text)
            db.execute("INSERT INTO verdicts (claim_seq, origin, record) VALUES (?, ?, ?)",
                       (row[0], verdict["origin"]["type"], _dump(verdict)))
            if reviewer:  # the newest reviewer's verdict ranks first: the claim is not stale
                db.execute("UPDATE claims SET reviewed = 1, stale = 0 WHERE seq = ?", (row[0],))
            self._log(claim_id, actor, "verdict", None, verdict)
        return verdict

    # ---- maintenance ----------------------------------------------------------------

    def backup(self, destination: str) -> None:
        """Copy the store with SQLite's online backup API, then rename into place.

        The copy gets the store file's permission bits (the temporary file it is written
        to is private until then).
        """
        path = Path(destination)
        folder = path.absolute().parent
        if not folder.is_dir():
            raise StoreError(destination, f"folder {path.parent} does not exist")
        if path.exists() and path.resolve() == Path(self.location).resolve():
            raise StoreError(destination, "is the store itself")
        try:
            handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.",
                                                 suffix=".tmp")
            os.close(handle)
        except OSError as error:
            raise StoreError(destination, f"cannot write here: {error.strerror}") from None
        try:
            target = sqlite3.connect(temporary)
            try:
                self._db.backup(target)
            finally:
                target.close()
            os.chmod(temporary, stat.S_IMODE(os.stat(self.location).st_mode))
            os.replace(temporary, path)
        except (OSError, sqlite3.Error) as error:
            Path(temporary).unlink(missing_ok=True)
            raise StoreError(destination, f"cannot write the backup: {error}") from None

    def check(self) -> list[str]:
        """Integrity and foreign-key checks, then every record against its schema.

        A damaged file that SQLite cannot even walk is one problem, said in one line.
        """
        try:
            return self._check()
        except sqlite3.DatabaseError as error:
            if not storage_fault(error):
                raise
            return [explain(error)]

    def _check(self) -> list[str]:
        problems = [row[0] for row in self._db.execute("PRAGMA integrity_check")
                    if row[0] != "ok"]
        problems += [f"{table} row {rowid}: broken reference to {parent}"
                     for table, rowid, parent, _ in self._db.execute("PRAGMA foreign_key_check")]
        texts: dict[str, str] = {}
        for doc, record in self._db.execute("SELECT id, record FROM documents ORDER BY seq"):
            try:
                document = self._valid("document", json.loads(record), f"document {doc}")
            except (StoreError, ValueError) as error:
                problems.append(str(error))
                continue
            if document_id(document["text"]) != doc or document["id"] != doc:
                problems.append(f"document {doc}: id does not match its text")
            texts[doc] = document["text"]
        for row in self._db.execute(CLAIM_SELECT + " ORDER BY c.seq"):
            try:
                claim = self._claim(row)
            except (StoreError, ValueError) as error:
                problems.append(str(error))
                continue
            span, text = claim["span"], texts.get(claim["document_id"], "")
            if text[span["start"]:span["end"]] != claim["text"]:
                problems.append(f"claim {claim['id']}: span does not select its text")
        for row in self._db.execute(AUDIT_SELECT + " ORDER BY a.seq"):
            try:
                self._audit(row)
            except (StoreError, ValueError) as error:
                problems.append(str(error))
        return problems + self._creations_missing()

    def _creations_missing(self) -> list[str]:
        """Claims whose ``created`` audit row does not name them (one row read per save)."""
        problems: list[str] = []
        named: Any = {}
        current = None
        for claim_id, created in self._db.execute(
                "SELECT id, created FROM claims WHERE created IS NOT NULL ORDER BY seq"):
            if created != current:
                current = created
                row = self._db.execute("SELECT after FROM audit WHERE seq = ? AND action = "
                                       "'created' AND claim_seq IS NULL", (created,)).fetchone()
                try:
                    named = json.loads(row[0])["claims"] if row else {}
                except (TypeError, ValueError, KeyError):
                    named = {}
            if claim_id not in named:
                problems.append(f"claim {claim_id}: audit entry {created} does not record "
                                "its creation")
        return problems
