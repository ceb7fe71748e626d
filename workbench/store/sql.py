"""What the SQL backends of the claim store share: the tables, the queries and the writes.

:class:`SQLStore` holds the claim store over tables both SQLite and PostgreSQL keep alike
(``documents``, ``claims``, ``verdicts``, ``notes``, ``audit`` and the people's tables; see
:mod:`workbench.store.migrations`). A backend gives the connection (whose ``execute``
takes ``?`` placeholders), its write transaction, and the few SQL fragments that differ
between engines (class attributes below). Records are kept as JSON text next to the
columns queries filter on, and validated against ``schemas/`` whenever they are read back.
"""

from __future__ import annotations

import json
from abc import abstractmethod
from collections.abc import Callable, Generator, Iterator
from contextlib import AbstractContextManager
from types import EllipsisType
from typing import Any, ClassVar

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
from workbench.store.sqlite_faults import reported, reported_iter
from workbench.store.sqlite_people import PeopleTables

Record = dict[str, Any]

SCHEMA_VERSION = max(MIGRATIONS)  # of every backend: a change is a version for each
# Every audit row with the id of its claim (NULL for the one ``created`` row of a save).
AUDIT_SELECT = ("SELECT a.seq, c.id, a.actor, a.at, a.action, a.before, a.after "
                "FROM audit a LEFT JOIN claims c ON c.seq = a.claim_seq")
# SQLite's form of the claim query; PostgreSQL has its own (json_agg).
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


def _kinds(claim: Record) -> str:
    """The claim's kinds as the ``kinds`` column keeps them: ``,kind,kind,``."""
    return f",{','.join(claim['kinds'])}," if claim["kinds"] else ","


def _own_record(claim: Record) -> Record:
    """The claim without the fields kept elsewhere (a copy: faster than filtering)."""
    record = claim.copy()
    for key in OWN_PLACES:
        record.pop(key, None)
    return record


class SQLStore(PeopleTables, Store):
    """A store in an SQL database; a backend subclass opens the connection, migrates it,
    and says how its engine writes the few queries that are not standard SQL."""

    # The claim query (claim columns, verdicts and notes as JSON arrays), and conditions
    # on a claim ``c``: check-worthy; its text holds ``?`` (case-folded); its kinds hold
    # ``?`` (``,kind,``). The query of the claims a reviewer rated, in seq order.
    CLAIM_SELECT: ClassVar[str] = CLAIM_SELECT
    CHECKWORTHY: ClassVar[str] = "json_extract(c.record, '$.checkworthy') = 1"
    TEXT_HOLDS: ClassVar[str] = "instr(casefold(json_extract(c.record, '$.text')), ?) > 0"
    KINDS_HOLD: ClassVar[str] = "instr(c.kinds, ?) > 0"
    # Named, or SQLite walks every claim in seq order rather than sort the few reviewed.
    REVIEWED: ClassVar[str] = CLAIM_SELECT + " INDEXED BY claims_reviewed WHERE c.reviewed"
    # ``--kind K`` alone: merge the index range of each set of kinds holding K (SQLite
    # merges them in seq order without sorting), rather than walk every claim.
    MERGE_KIND_SETS: ClassVar[bool] = True
    # What the engine raises when a row breaks a constraint (a claim id stored twice).
    integrity_errors: tuple[type[Exception], ...] = ()

    location: str
    _db: Any  # the connection: ``execute(sql, params)`` with ``?`` placeholders
    _checked: list[Record] | None = None  # newsroom memory, see _memory
    _checked_version: Any = None

    @abstractmethod
    def _write(self) -> AbstractContextManager[Any]:
        """One write transaction, taken at once so that concurrent writers queue."""

    @abstractmethod
    def _data_version(self) -> Any:
        """A value that changes whenever another connection changes the store."""

    @abstractmethod
    def _migrate(self) -> None:
        """Bring the tables up to :data:`SCHEMA_VERSION`."""

    def _upgrade_from(self, version: int) -> None:
        """Refuse a store written by a newer Workbench; migrate an older one."""
        if version > SCHEMA_VERSION:
            raise StoreError(self.location, f"written by a newer Workbench (store schema "
                                            f"version {version}; this version reads up to "
                                            f"{SCHEMA_VERSION}): upgrade Workbench")
        if version < SCHEMA_VERSION:
            self._migrate()

    @abstractmethod
    def _snapshot(self) -> AbstractContextManager[Any]:
        """A read transaction: what is read inside it is one consistent state."""

    def _rows(self, sql: str, params: Any = ()) -> Iterator[tuple[Any, ...]]:
        """The rows of a query, streamed (never all in memory at once)."""
        yield from self._db.execute(sql, params)

    def _after_copy(self, db: Any) -> None:
        """Bring the engine's own counters in step after rows were copied in with their
        sequence numbers (inside the copying transaction)."""

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
        row = self._db.execute(self.CLAIM_SELECT + " WHERE c.id = ?", (claim_id,)).fetchone()
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
    def iter_claims(self, where: ClaimFilter) -> Generator[Record, None, None]:
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
            conditions.append(self.CHECKWORTHY)
        if where.text:
            conditions.append(self.TEXT_HOLDS)
            params.append(where.text.casefold())
        order = "c.seq"
        if where.document is not None:
            if self._document_column(where.document) == "id":
                conditions.append("c.document_id = ?")
            else:  # every revision of the article, so its orphans come along
                conditions.append("c.document_id IN (SELECT id FROM documents WHERE uri = ?)")
            params.append(where.document)
            order = "c.document_id, c.start"
        if where.kind is not None and not conditions and self.MERGE_KIND_SETS:
            sets = self._kind_sets(where.kind)
            if not sets:
                return
            if len(sets) <= MAX_KIND_SETS:  # merge one index range per set, in seq order
                sql = " UNION ALL ".join([self.CLAIM_SELECT + " WHERE c.kinds = ?"] * len(sets))
                sql += " ORDER BY 1"
                params.extend(sets)
            else:
                sql = self.CLAIM_SELECT + f" WHERE {self.KINDS_HOLD} ORDER BY c.seq"
                params.append(f",{where.kind},")
        else:
            if where.kind is not None:  # walk the other filter's index, check the kinds
                conditions.append(self.KINDS_HOLD)
                params.append(f",{where.kind},")
            sql = self.CLAIM_SELECT + (" WHERE " + " AND ".join(conditions) if conditions else "")
            sql += f" ORDER BY {order}"
        if where.limit is not None:
            sql += " LIMIT ?"
            params.append(where.limit)
        for row in self._rows(sql, params):
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
    def checked_claims(self) -> Generator[Record, None, None]:
        """Claims carrying a reviewer's verdict."""
        # Named, or SQLite walks every claim in seq order rather than sort the few reviewed.
        for row in self._db.execute(self.REVIEWED + " ORDER BY c.seq"):
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

    def _update_claim(self, db: Any, seq: int, claim: Record,
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

    def _save(self, db: Any, entry: Record,
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
            self.CLAIM_SELECT + f" WHERE c.document_id IN ({','.join('?' * len(sources))}) "
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

    def _insert(self, db: Any, doc_id: str, claims: list[Record],
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
                           "VALUES (NULL, ?, ?, 'created', ?) RETURNING seq",
                           (actor, now(), _dump({"document_id": doc_id, "claims": created}))
                           ).fetchone()[0]
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
        except self.integrity_errors as error:
            raise StoreError(self.location, f"cannot store these claims: {error} (a claim "
                                            "id is stored under another document)") from None
        if verdicts:
            db.executemany("INSERT INTO verdicts (claim_seq, origin, record) VALUES (?, ?, ?)",
                           verdicts)

    def _memory(self) -> list[Record]:
        """The checked claims, read again when another connection changed the store."""
        version = self._data_version()
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

    def _record_problems(self) -> list[str]:
        """Every record against its schema, each claim's span against its document's
        text, and each claim's creation against the audit log."""
        problems: list[str] = []
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
        for row in self._db.execute(self.CLAIM_SELECT + " ORDER BY c.seq"):
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
