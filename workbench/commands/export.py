"""``workbench export``: an annotated review of the store, in any registered format."""

from __future__ import annotations

import click

from workbench.commands.store import db_location
from workbench.store.base import STATUSES


@click.command()
@click.option("-f", "--format", "format_name", required=True, metavar="NAME",
              help="An exporter's name: text, json, markdown, or one a plugin adds "
                   "(`workbench plugins` lists them).")
@click.option("-o", "--output", metavar="FILE",
              help="Write here instead of stdout (atomically: no half-written file).")
@click.option("--document", metavar="ID|URI",
              help="Only this document (a uri means its latest revision).")
@click.option("--status", type=click.Choice(STATUSES), help="Only claims with this status.")
@click.option("--include-dismissed", is_flag=True,
              help="Keep dismissed claims (left out unless --status dismissed asks for them).")
def export(format_name: str, output: str | None, document: str | None,
           status: str | None, include_dismissed: bool) -> None:
    """Export the stored claims (latest revision of each article) as a review.

    Reviewers' verdicts, notes and statuses come along; a reviewer's verdict is shown
    before any plugin's, marked stale when the claim's text changed since it was given.
    Dismissed claims are left out unless asked for.

    \b
    Examples:
      workbench export --format markdown --output review.md
      workbench export --format json --status checked --document story.txt
    """
    from workbench.output import write_atomic
    from workbench.run import exporter_named
    from workbench.store import open_store
    from workbench.store.export import export_store

    exporter = exporter_named(format_name)
    with open_store(db_location()) as store:
        content, empty = export_store(
            store, exporter, lambda line: click.echo(f"warning: {line}", err=True), document,
            status, include_dismissed)
    write_atomic(content, output)
    if empty:
        click.echo(f"note: {format_name}: {empty}", err=True)
