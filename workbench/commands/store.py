"""``workbench claims``, ``verdict`` and ``db``: the editorial workflow over the store."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from typing import Any

import click

from workbench.store.base import STATUSES, TRANSITIONS, ClaimFilter, Store
from workbench.visible import json_escaped, visible

Record = dict[str, Any]
RATINGS = ("true", "mostly-true", "mixed", "mostly-false", "false", "misleading", "outdated",
           "unverified")
USER_STATUSES = tuple(status for status in STATUSES if status != "orphaned")


def db_location() -> str:
    """The ``--db`` of the command group (``$WORKBENCH_DB``, else ``workbench.db``)."""
    return click.get_current_context().find_root().params["db"]


def actor() -> str:
    """Who is making a change: ``$WORKBENCH_REVIEWER``, else the login name."""
    import getpass

    try:
        return os.environ.get("WORKBENCH_REVIEWER") or getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def _open(create: bool = False) -> Store:
    from workbench.store import open_store

    return open_store(db_location(), create=create)


def _say(line: str) -> None:
    click.echo(visible(line), err=True)


def _say_all(lines: list[str]) -> None:
    for line in lines:
        _say(line)


def _verdict_line(verdict: Record) -> str:
    origin = verdict["origin"]
    who = origin["name"] + (" (reviewer)" if origin["type"] == "reviewer" else "")
    mark = "STALE " if "stale" in verdict else ""
    return (f"{mark}{verdict['rating']} ({verdict['confidence']:.2f}, {who}, "
            f"{verdict['created']}): {verdict['rationale']}")


def _stale_lines(verdict: Record, text: str, indent: str) -> list[str]:
    """Why a reviewer's verdict is stale, with the words it rated and the words now."""
    from workbench.review import changed_words

    if "stale" not in verdict:
        return []
    rated, now = changed_words(verdict["quote"], text)
    return [f"{indent}stale since {verdict['stale']['since']}: {verdict['stale']['reason']}",
            f"{indent}  rated: \"{rated}\"", f"{indent}  now:   \"{now}\""]


def _source_lines(verdict: Record, indent: str) -> list[str]:
    return [f"{indent}source: {s.get('url') or s.get('citation')}" for s in verdict["sources"]]


def _suggestion_lines(suggestion: Record) -> list[str]:
    import textwrap

    verdict = suggestion["verdict"]
    return [f"memory: {suggestion['claim']} resembles {suggestion['earlier']} "
            f"({suggestion['similarity']:.0%}): \"{textwrap.shorten(suggestion['text'], 80)}\"",
            f"    earlier verdict: {_verdict_line(verdict)}",
            *_source_lines(verdict, "    ")]


@contextmanager
def storing(location: str) -> Iterator[Callable[[Record], Record]]:
    """For ``check --store``: a callback saving each checked document, one transaction each.

    It reports what happened on stderr (new, re-anchored, orphaned claims, reviewers'
    verdicts gone stale, reworded claims and newsroom memory suggestions) and returns the
    document's claims as stored, but those orphaned or dismissed.
    """
    from workbench.store import open_store

    store = open_store(location, create=True)
    try:
        who = actor()

        def save(entry: Record) -> Record:
            report = store.save_entry(entry, who)
            changes = [f"{len(found)} {what}" for found, what in (
                (report.changed, "with changed text"),
                (report.stale, "with a reviewer's verdict now stale"),
                (report.reworded, "rewording an orphaned claim")) if found]
            _say(f"stored {report.uri} ({report.document_id}): {len(report.new)} new, "
                 f"{len(report.updated)} kept, {len(report.reanchored)} re-anchored, "
                 f"{len(report.orphaned)} orphaned" + "".join(f"; {c}" for c in changes))
            for event in report.stale:
                for verdict in event["verdicts"]:
                    _say(f"stale: {event['claim']} is back in review: {verdict['rating']} by "
                         f"{verdict['origin']['name']} ({verdict['created']}) rated other words")
                    _say_all(_stale_lines(verdict, event["text"], "    "))
            for event in report.reworded:
                _say(f"reworded: {event['claim']} rewords orphaned {event['earlier']}")
                for verdict in event["verdicts"]:
                    _say(f"    earlier verdict, now stale: {verdict['rating']} by "
                         f"{verdict['origin']['name']} ({verdict['created']})")
                    _say_all(_stale_lines(verdict, event["text"], "    "))
            for suggestion in report.suggestions:
                for line in _suggestion_lines(suggestion):
                    _say(line)
            claims = store.iter_claims(ClaimFilter(document=report.document_id))
            return {"document": entry["document"],
                    "claims": [claim for claim in claims
                               if claim["status"] not in ("orphaned", "dismissed")]}

        yield save
    finally:
        store.close()


def _stream(lines: Iterator[str]) -> None:
    """Print lines as they come, so that ``claims list | head`` answers at once, however
    large the store; a reader that stops early is not an error. A store error met
    midway (a damaged record) ends the listing with its one-line error (and exit code)
    after the whole lines before it."""
    from workbench.output import reader_gone

    try:
        for line in lines:
            click.echo(visible(line))
        sys.stdout.flush()
    except BrokenPipeError:
        reader_gone()


LIST_HEADER = (f"{'ID':<20}  {'STATUS':<9}  {'ASSIGNEE':<12}  SCORE  {'VERDICT':<20}  "
               "TEXT")


def _list_line(claim: Record) -> str:
    import textwrap

    from workbench.review import best_verdict

    verdict = best_verdict(claim)
    rating = verdict["rating"] if verdict else "-"
    if verdict is not None and "stale" in verdict:
        rating += " (stale)"
    return (f"{claim['id']}  {claim['status']:<9}  {claim.get('assignee') or '-':<12}  "
            f"{claim['checkworthiness']:5.2f}  {rating:<20}  "
            f"{textwrap.shorten(' '.join(claim['text'].split()), 60)}")


def _table(claims: Iterator[Record]) -> Iterator[str]:
    """The header, then a line per claim; nothing (and a word on stderr) when none match."""
    first = next(claims, None)
    if first is None:
        _say("no stored claims match")
        return
    yield LIST_HEADER
    yield _list_line(first)
    yield from map(_list_line, claims)


def _reviewer_first(claim: Record) -> Record:
    """The claim with its verdicts in the order every output shows them, best first."""
    from workbench.review import ranked_verdicts

    return {**claim, "verdicts": ranked_verdicts(claim)}


def _json(value: Any, indent: int | None = None) -> str:
    """JSON of ``value``, its texts as written but inert in a terminal (see
    :func:`workbench.visible.json_escaped`)."""
    return json_escaped(json.dumps(value, indent=indent, ensure_ascii=False))


def _json_array(claims: Iterator[Record]) -> Iterator[str]:
    """A JSON array of the claims, a line each."""
    first = next(claims, None)
    if first is None:
        yield "[]"
        return
    yield "[" + _json(_reviewer_first(first))
    for claim in claims:
        yield "," + _json(_reviewer_first(claim))
    yield "]"


@click.group()
def claims() -> None:
    """List, assign and move stored claims through review (new, in-review, checked,
    published, dismissed; orphaned when re-anchoring lost their text)."""


@claims.command(name="list")
@click.option("--status", type=click.Choice(STATUSES), help="Only claims with this status.")
@click.option("--assignee", metavar="PERSON", help="Only claims assigned to PERSON.")
@click.option("--document", metavar="ID|URI", help="Only this document (a uri: all revisions).")
@click.option("--kind", metavar="KIND", help="Only claims with this kind of signal.")
@click.option("--checkworthy", is_flag=True,
              help="Only check-worthy claims (score 0.50 or more).")
@click.option("--stale", is_flag=True,
              help="Only claims whose reviewer's verdict rated words the article no longer "
                   "has (back in review since).")
@click.option("--limit", type=click.IntRange(min=1), metavar="N", help="At most N claims.")
@click.option("-f", "--format", "format_name", type=click.Choice(["text", "json"]),
              default="text", show_default=True,
              help="text: a header, then one line per claim; json: an array of claims.")
def list_claims(status: str | None, assignee: str | None, document: str | None,
                kind: str | None, checkworthy: bool, stale: bool, limit: int | None,
                format_name: str) -> None:
    """List stored claims in the order they were stored: id, status, assignee,
    check-worthiness score, best verdict ("(stale)" when it rated other words) and text."""
    with _open() as store, closing(store.iter_claims(ClaimFilter(
            status=status, assignee=assignee, document=document, kind=kind, limit=limit,
            checkworthy=checkworthy, stale=stale))) as found:  # closed before the store
        if format_name == "json":  # all of the array or none of it: a program reads it
            from workbench.output import open_atomic

            with open_atomic(None) as out:
                for piece in _json_array(found):
                    out.write(piece.encode("utf-8") + b"\n")
            return
        _stream(_table(found))


@claims.command()
@click.argument("claim_id", metavar="ID")
@click.option("-f", "--format", "format_name", type=click.Choice(["text", "json"]),
              default="text", show_default=True,
              help="text: the claim for reading; json: the claim record.")
def show(claim_id: str, format_name: str) -> None:
    """Show one claim: text, place, status, verdicts (a reviewer's first), notes, and
    similar claims the newsroom already checked."""
    import textwrap

    from workbench.store.memory import suggestions

    with _open() as store:
        claim = _reviewer_first(store.get_claim(claim_id))
        if format_name == "json":
            click.echo(_json(claim, indent=2))
            return
        document = store.claim_document(claim_id)
        memory = suggestions(claim, store.checked_claims())
    lines = [f"{claim['id']}  {claim['status']}  assigned to {claim.get('assignee') or '-'}",
             f"document: {document['uri']} ({claim['document_id']}), characters "
             f"{claim['span']['start']}-{claim['span']['end']}",
             f"kinds: {', '.join(claim['kinds']) or '-'}; check-worthiness "
             f"{claim['checkworthiness']:.2f}",
             *textwrap.wrap(" ".join(claim["text"].split()), 100, initial_indent="  ",
                            subsequent_indent="  ")]
    if claim.get("succeeds"):
        lines.append(f"rewords {claim['succeeds']}, orphaned when its text left the article")
    if claim.get("succeeded_by"):
        lines.append(f"reworded as {claim['succeeded_by']} in a later revision")
    for verdict in claim["verdicts"]:
        lines.append(f"verdict: {_verdict_line(verdict)}")
        lines.extend(_stale_lines(verdict, claim["text"], "    "))
        lines.extend(_source_lines(verdict, "    "))
    lines.extend(f"note ({note['author']}, {note['created']}): {note['text']}"
                 for note in claim["notes"])
    for suggestion in memory:
        lines.extend(_suggestion_lines(suggestion))
    click.echo(visible("\n".join(lines)))


@claims.command()
@click.argument("claim_id", metavar="ID")
@click.argument("person")
def assign(claim_id: str, person: str) -> None:
    """Assign the claim to PERSON."""
    with _open() as store:
        store.assign(claim_id, person, actor())
    click.echo(f"{claim_id}: assigned to {person}")


# ``\b`` keeps click from rewrapping the table of moves.
STATUS_HELP = "Move the claim to STATUS.\n\n\b\nAllowed moves:\n" + "\n".join(
    f"  {before:<10} -> {', '.join(after)}" for before, after in TRANSITIONS.items())


@claims.command(help=STATUS_HELP)
@click.argument("claim_id", metavar="ID")
@click.argument("status", type=click.Choice(USER_STATUSES))
def status(claim_id: str, status: str) -> None:
    """Move the claim to STATUS; its --help lists the allowed moves."""
    with _open() as store:
        before = store.get_claim(claim_id)["status"]
        store.set_status(claim_id, status, actor())
    click.echo(f"{claim_id}: {before} -> {status}")


@claims.command()
@click.argument("claim_id", metavar="ID")
@click.argument("text")
def note(claim_id: str, text: str) -> None:
    """Add a note to the claim."""
    if not text.strip():
        raise click.BadParameter("a note needs some text", param_hint="TEXT")
    with _open() as store:
        store.add_note(claim_id, text, actor())
    click.echo(f"{claim_id}: note added")


@claims.command()
@click.argument("claim_id", metavar="ID")
@click.option("-f", "--format", "format_name", type=click.Choice(["text", "json"]),
              default="text", show_default=True,
              help="text: a line per change; json: an array of audit records.")
def history(claim_id: str, format_name: str) -> None:
    """Every change to the claim, oldest first: who, when, what, before and after."""
    with _open() as store:
        entries = store.history(claim_id)
    if format_name == "json":
        click.echo(_json(entries, indent=2))
        return
    for entry in entries:
        click.echo(visible(f"{entry['at']}  {entry['actor']}  {entry['action']}: "
                           f"{_json(entry['before'])} -> {_json(entry['after'])}"))


@click.command()
@click.argument("claim_id", metavar="ID")
@click.option("--rating", required=True, type=click.Choice(RATINGS),
              help="The verdict on the claim as a whole: true only when every part of it "
                   "holds; unverified when the sources do not settle it.")
@click.option("--rationale", required=True, help="Why: what the sources show.")
@click.option("--source", "sources", multiple=True, metavar="URL",
              help="A source backing the rating (repeatable; needed unless unverified).")
@click.option("--confidence", type=click.FloatRange(0, 1), default=1.0, show_default=True,
              help="How sure the reviewer is, from 0 to 1.")
@click.option("--reviewer", envvar="WORKBENCH_REVIEWER", metavar="NAME",
              help="Who rates (default: $WORKBENCH_REVIEWER).")
def verdict(claim_id: str, rating: str, rationale: str, sources: tuple[str, ...],
            confidence: float, reviewer: str | None) -> None:
    """Record a reviewer's verdict on a stored claim; it outranks plugins' verdicts."""
    from workbench.errors import InputError
    from workbench.records import make_verdict, now

    if not reviewer:
        raise InputError("--reviewer", "say who rates (or set WORKBENCH_REVIEWER)")
    if not rationale.strip():
        raise InputError("--rationale", "a verdict needs a rationale")
    if rating != "unverified" and not sources:
        raise InputError("--source", f"a {rating} rating needs at least one source")
    record = make_verdict(rating, confidence, rationale,
                          [{"url": url, "accessed": now()} for url in sources])
    record.update(origin={"type": "reviewer", "name": reviewer}, created=now())
    with _open() as store:
        store.add_verdict(claim_id, record, reviewer)
    click.echo(f"{claim_id}: {rating} by {reviewer}")


@click.group(name="db")
def db_group() -> None:
    """Maintain the store: backup, check, and copy between SQLite and PostgreSQL."""


@db_group.command()
@click.argument("file")
def backup(file: str) -> None:
    """Copy the store to the new SQLite file FILE while others may be using it (SQLite's
    online backup; a PostgreSQL store is copied from one snapshot)."""
    with _open() as store:
        store.backup(file)
    click.echo(f"backed up {store.location} to {file}")


@db_group.command(name="check")
def check_db() -> None:
    """Check the file's integrity and every record against its schema (exit 1 on problems)."""
    with _open() as store:
        problems = store.check()
    for problem in problems:
        click.echo(f"{store.location}: {problem}")
    if problems:
        sys.exit(1)
    click.echo(f"{store.location}: ok")


@db_group.command(name="copy")
@click.argument("source", metavar="SOURCE")
@click.argument("destination", metavar="DESTINATION")
def copy_db(source: str, destination: str) -> None:
    """Copy the whole store SOURCE into DESTINATION: documents, claims, verdicts, notes,
    the audit log, users, tokens and sessions, with their ids and sequence numbers.

    Each is a SQLite file or a postgresql:// URL. SOURCE is read in one snapshot, and
    DESTINATION written in one transaction: all of it or nothing. A SQLite DESTINATION
    must be a new file; a PostgreSQL one an empty database (or schema).

    \b
    Examples:
      workbench db copy workbench.db postgresql://desk@db.example/newsroom
      workbench db copy postgresql://desk@db.example/newsroom archive-2026.db
    """
    from workbench.store.copy import copy_between
    from workbench.store.postgres import shown

    counts = copy_between(source, destination)
    click.echo(f"copied {shown(source)} to {shown(destination)}: " + ", ".join(
        f"{count:,} {table}" for table, count in counts.items()))


COMMANDS = (claims, verdict, db_group)
