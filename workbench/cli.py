"""The ``workbench`` command line: a thin layer over the pipeline, registry and review."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from contextlib import ExitStack
from datetime import date
from typing import Any

import click

from workbench import __version__
from workbench.errors import InputError, WorkbenchError

FORMATS_HINT = "Run `workbench plugins` to see every exporter."


# Core commands defined outside this module, imported when first named or listed.
LAZY_COMMANDS = {
    "claims": ("workbench.commands.store", "claims"),
    "verdict": ("workbench.commands.store", "verdict"),
    "db": ("workbench.commands.store", "db_group"),
    "export": ("workbench.commands.export", "export"),
    "users": ("workbench.commands.users", "users"),
    "serve": ("workbench.commands.serve", "serve"),
}


class WorkbenchGroup(click.Group):
    """A click group that turns :class:`WorkbenchError` into one line and its exit code.

    Workbench's own commands outside this module are imported when first named, so a
    run imports only the command it runs. Plugins' commands come from
    ``register_commands``, called on a group of their own when a name is not one of
    Workbench's, or when every command is listed; a plugin command named like one of
    Workbench's is refused.
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except WorkbenchError as error:
            from workbench.visible import visible

            click.echo(visible(f"error: {error}"), err=True)
            ctx.exit(error.exit_code)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The command ``cmd_name``: Workbench's own, else a plugin's."""
        if cmd_name in self.commands:
            return self.commands[cmd_name]
        if cmd_name in LAZY_COMMANDS:
            import importlib

            module, attribute = LAZY_COMMANDS[cmd_name]
            return getattr(importlib.import_module(module), attribute)
        return self.plugin_commands().get(cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command name, Workbench's and plugins'."""
        return sorted({*self.commands, *LAZY_COMMANDS, *self.plugin_commands()})

    def plugin_commands(self) -> dict[str, click.Command]:
        """The commands the registered plugins add, by name (collected once per set of
        plugins)."""
        from workbench.plugins import failures_to, get_plugin_manager

        manager = get_plugin_manager()
        if "commands" in manager.cache:
            return manager.cache["commands"]

        def report(plugin: str, error: BaseException) -> None:
            click.echo(f"error: plugin {plugin} failed to add commands: "
                       f"{type(error).__name__}: {error}", err=True)

        added = click.Group()
        with failures_to(report):
            manager.hook.register_commands(cli=added)
        commands: dict[str, click.Command] = {}
        for name, command in added.commands.items():
            if name in self.commands or name in LAZY_COMMANDS:
                click.echo(f"error: a plugin's command {name!r} was refused: Workbench has "
                           "a command of that name", err=True)
            else:
                commands[name] = command
        manager.cache["commands"] = commands
        return commands


def encoding_name(_ctx: click.Context, _param: click.Parameter, value: str) -> str:
    """``--encoding``: ``auto``, or the Python name of a text codec (``cp1252``)."""
    import codecs

    if value.lower() == "auto":
        return "auto"
    try:
        name = codecs.lookup(value).name
        b"\x00".decode(name, "ignore")  # refuses codecs that are not for text (base64...)
    except LookupError:
        raise click.BadParameter(f"unknown encoding {value!r} (give a character set such "
                                 "as utf-8 or windows-1252, or auto)") from None
    return name


def config_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add --config, --enable and --disable (plugin configuration of one run)."""
    options = [
        click.option("--config", metavar="FILE", help="Plugin configuration (default: "
                     "$WORKBENCH_CONFIG, ./workbench.toml, or [tool.workbench] in "
                     "./pyproject.toml)."),
        click.option("--enable", multiple=True, metavar="NAME",
                     help="Run this plugin although the configuration disables it."),
        click.option("--disable", multiple=True, metavar="NAME",
                     help="Leave this plugin out of this run (repeatable)."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


@click.group(cls=WorkbenchGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="workbench")
@click.option("--db", metavar="PATH|URL", envvar="WORKBENCH_DB", default="workbench.db",
              show_default=True, help="The claim store: a SQLite file, or a "
              "postgresql://USER@HOST/DATABASE URL (env WORKBENCH_DB).")
def cli(db: str) -> None:
    """Find the checkable claims of articles, rank them, attach verdicts and sources.

    \b
    Start with:
      workbench check article.txt            ranked claims of one article
      workbench check seeds/ --format json   a review record of a whole folder
      workbench plugins                      what is installed and which hooks it uses
      workbench check article.txt --store    keep the claims in the store (--db)
      workbench claims list --status new     the editorial workflow over the store

    \b
    Exit codes:
      0    checked (verdicts do not change it, unless --fail-on says so)
      1    a claim met --fail-on
      2    usage or input error (a file that cannot be read, a bad option)
      3    a plugin failed under --strict, or a document was not checked
           because of a plugin (it failed, ran out of time, or its process died)
      70   an internal error of Workbench (a bug: please report it)
      130  interrupted (Ctrl-C); 143 and 129 for SIGTERM and SIGHUP
    """


@cli.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("-f", "--format", "format_name", default="text", show_default=True,
              help=f"Output format: text, json, markdown, or one a plugin adds. {FORMATS_HINT}")
@click.option("-o", "--output", metavar="FILE",
              help="Write here instead of stdout (atomically: no half-written file).")
@click.option("--plugin", "plugin_specs", multiple=True, metavar="MODULE_OR_PATH",
              help="Load a plugin module or .py file for this run (repeatable).")
@click.option("--strict", is_flag=True, help="Make a failing plugin fatal (exit code 3).")
@click.option("--fail-on", type=click.Choice(
    ["true", "mostly-true", "mixed", "mostly-false", "false", "misleading", "outdated",
     "unverified", "checkworthy"]), metavar="RATING|checkworthy",
    help="Exit 1 when a claim's best verdict has this rating, or any claim is check-worthy.")
@click.option("--min-score", type=click.FloatRange(0, 1), metavar="SCORE",
              help="Keep only claims scoring at least this (0-1) in every format; a reading "
                   "view then shows all of them unless --top is given too.")
@click.option("--top", type=click.IntRange(min=0), metavar="N",
              help="Keep only the N best claims of each document (0: all). Reading views "
                   "(text, markdown, html, docx, sarif, github) show the best check-worthy "
                   "claims, 11 unless workbench.toml sets `top`, and say how many more "
                   "there are.")
@click.option("--as-of", type=click.DateTime(formats=["%Y-%m-%d"]), metavar="YYYY-MM-DD",
              help="Date relative claims are checked against (default: publication date).")
@click.option("--max-size", default="20MB", show_default=True, metavar="SIZE",
              help="Refuse inputs larger than this.")
@click.option("--encoding", default="utf-8", show_default=True, metavar="NAME|auto",
              callback=encoding_name,
              help="Character set of inputs without a byte-order mark (an HTML page's own "
                   "charset is used under the default), or auto to detect it and say so.")
@click.option("--online/--offline", default=None,
              help="Let network checkers (Wikidata, fact-check search, cited links) run; "
                   "default: WORKBENCH_ONLINE=1, else offline. --offline always wins.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), metavar="N",
              help="Check a folder's files on N processes (default: every CPU).")
@click.option("--show-dropped", is_flag=True,
              help="Print on stderr which lines were dropped as page furniture, and why.")
@click.option("--keep-all", is_flag=True,
              help="Leave nothing out as page furniture: every visible block of a page and "
                   "every line of a text is checked.")
@click.option("--store", is_flag=True,
              help="Save documents, claims and verdicts in the store (--db), one transaction "
                   "per document; a revised article's claims are re-anchored.")
@click.option("--executor", type=click.Choice(["local", "dask"]), default="local",
              show_default=True,
              help="Where documents are checked: local processes, or tasks on a Dask "
                   "cluster (--scheduler; else a LocalCluster of --jobs workers).")
@click.option("--scheduler", metavar="ADDRESS", envvar="WORKBENCH_DASK_SCHEDULER",
              help="The Dask scheduler for --executor dask, e.g. tcp://host:8786 "
                   "(env WORKBENCH_DASK_SCHEDULER).")
@click.option("--resume", is_flag=True,
              help="With --format jsonl|parquet and --output FOLDER/: go on with the run "
                   "written there, skipping the documents its manifest lists as done.")
@click.option("--shard-size", type=click.IntRange(min=1), metavar="DOCUMENTS",
              help="Documents per shard of --output FOLDER/ (default 1000).")
@config_options
def check(paths: tuple[str, ...], format_name: str, output: str | None,
          plugin_specs: tuple[str, ...], strict: bool, fail_on: str | None,
          min_score: float | None, top: int | None, as_of: Any, max_size: str,
          encoding: str, jobs: int | None, show_dropped: bool, keep_all: bool,
          online: bool | None, store: bool, executor: str, scheduler: str | None,
          resume: bool, shard_size: int | None,
          config: str | None, enable: tuple[str, ...], disable: tuple[str, ...]) -> None:
    """Find, rank and check the claims in PATH... (files, folders, URLs, or - for stdin).

    Folders are searched recursively for files the loaders accept (.txt, .md,
    .html, .htm, .docx, .pdf by default); a file named on the command line is read as
    what its content shows (an HTML page named story.txt is read as HTML). A URL is
    fetched through the guarded, cached session (this alone does not turn --online on).
    fsspec URLs (s3://, gs://, file://) and quoted glob patterns name many files; a
    .jsonl or .parquet file holds an article per row (text or html, url, date columns).
    A file that cannot be read is reported on stderr and the others are still checked;
    the exit code is then 2.

    --format jsonl or parquet writes one row per claim (document, score, verdicts) to a
    file, or to a folder of shards with a manifest (--output claims/), which --resume
    continues after a stop.

    \b
    Examples:
      workbench check article.txt
      workbench check drafts/ --format markdown --output review.md
      cat story.txt | workbench check - --format json --top 10
      workbench check story.txt --plugin my_detector.py --strict
      workbench check page.html --show-dropped
      workbench check https://example.org/story.html --keep-all
      workbench check report.docx minutes.pdf
      workbench check story.html --online    # also ask Wikidata, fact-checks, cited links
      workbench check archive.parquet --format parquet -o claims/ --executor dask
      workbench check 's3://bucket/2026/*.html' --executor dask --scheduler tcp://h:8786
    """
    from workbench.output import check_destination
    from workbench.pipeline import online_enabled
    from workbench.run import TABLE_FORMATS, Executor, run_check
    from workbench.types import CheckOptions
    from workbench.units import parse_size

    if format_name not in TABLE_FORMATS:
        check_destination(output)  # before anything is checked or stored
    as_of_date: date | None = as_of.date() if as_of else None
    with ExitStack() as stack:
        on_entry = None
        if store:
            from workbench.commands.store import db_location, storing

            on_entry = stack.enter_context(storing(db_location()))
        exit_code = run_check(
            list(paths), format_name=format_name, output=output, plugin_specs=plugin_specs,
            strict=strict, fail_on=fail_on, min_score=min_score, top=top,
            options=CheckOptions(as_of=as_of_date, online=online_enabled(online)),
            max_bytes=parse_size(max_size, "--max-size"), encoding=encoding, jobs=jobs,
            show_dropped=show_dropped, keep_all=keep_all, config=config, enable=enable,
            disable=disable, on_entry=on_entry,
            executor=Executor(executor, scheduler, plugin_specs), resume=resume,
            shard_documents=shard_size,
        )
    sys.exit(exit_code)


@cli.group(name="plugins", invoke_without_command=True)
@click.option("-f", "--format", "format_name", type=click.Choice(["text", "json"]),
              default="text", show_default=True,
              help="text: a line per plugin and its hooks; json: an array of records.")
@click.option("--plugin", "plugin_specs", multiple=True, metavar="MODULE_OR_PATH",
              help="Also load this plugin module or .py file, as `check --plugin` does "
                   "(repeatable).")
@config_options
@click.pass_context
def plugins_group(ctx: click.Context, format_name: str, plugin_specs: tuple[str, ...],
                  config: str | None, enable: tuple[str, ...],
                  disable: tuple[str, ...]) -> None:
    """List every registered plugin: name, version, origin and the hooks it implements.

    Reads the configuration and --plugin as `workbench check` does, so it shows which
    plugins a run with the same --plugin/--config/--enable/--disable would use or leave
    out, and validates them. `workbench plugins new NAME` writes a new plugin package.
    """
    if ctx.invoked_subcommand is not None:
        return
    from workbench.config import load_settings
    from workbench.plugins import extra_plugins
    from workbench.run import plugin_listing

    with extra_plugins(list(plugin_specs)):
        listing = plugin_listing(load_settings(config, enable, disable))
    if format_name == "json":
        click.echo(json.dumps(listing, indent=2))
        return
    for entry in listing:
        version = f" {entry['version']}" if entry["version"] else ""
        state = "" if entry["enabled"] else ", disabled"
        click.echo(f"{entry['name']}{version} ({entry['origin']}{state})")
        click.echo(f"    hooks: {', '.join(entry['hooks']) or '-'}")


@cli.command()
@click.option("--show", "show_name", metavar="NAME", help="Print one schema's JSON.")
def schemas(show_name: str | None) -> None:
    """List the JSON Schemas records are validated against (or print one with --show)."""
    from workbench import validation

    loaded = validation.load_schemas()
    if show_name:
        if show_name not in loaded:
            raise InputError("--show", f"unknown schema {show_name!r} "
                             f"(known: {', '.join(loaded)})")
        click.echo(json.dumps(loaded[show_name], indent=2))
        return
    folder = validation.schema_dir()
    for name, schema in loaded.items():
        click.echo(f"{name:<10} {schema['$id']:<22} {folder / f'{name}.schema.json'}")
        click.echo(f"           {schema.get('description', schema.get('title', ''))}")


@cli.command()
@click.argument("file", metavar="FILE")
@click.option("--schema", "schema_name",
              type=click.Choice(["review", "document", "claim", "verdict", "source",
                                 "claimreview"]),
              help="Which record FILE holds (default: told by its fields, e.g. a review "
                   "has documents, a claim a selector and a document_id).")
def validate(file: str, schema_name: str | None) -> None:
    """Validate a JSON record and print every error with its path, then which schema
    it was checked against.

    Exit code 0 when valid, 1 when not, 2 when FILE cannot be read as JSON or its kind
    of record cannot be told (give --schema).
    """
    from workbench.record_files import validate_file

    used, problems = validate_file(file, schema_name)
    for problem in problems:
        click.echo(f"{file}: {problem}")
    if problems:
        click.echo(f"{file}: not a valid {used} ({len(problems)} "
                   f"problem{'s' if len(problems) > 1 else ''})")
        sys.exit(1)
    click.echo(f"{file}: valid {used}")


@plugins_group.command(name="new")
@click.argument("name")
@click.option("--kind", type=click.Choice(["detector", "checker", "exporter", "loader"]),
              default="detector", show_default=True, help="Which hook the example implements.")
@click.option("--directory", metavar="DIR",
              help="Create the package here (default: ./workbench-NAME); must not exist.")
def plugin_new(name: str, kind: str, directory: str | None) -> None:
    """Write a ready plugin package NAME: pyproject with the entry point, the module with
    a working example, a README and a passing pytest file.

    \b
    Example:
      workbench plugins new percentages --kind detector
      cd workbench-percentages && pip install -e '.[test]' && pytest
    """
    from workbench.scaffold import create

    target = create(name, kind, directory)
    click.echo(f"created {target}/ ({kind})")
    for path in sorted(p for p in target.rglob("*") if p.is_file()):
        click.echo(f"  {path.relative_to(target)}")
    click.echo(f"next: cd {target} && pip install -e '.[test]' && pytest")


@cli.group(name="plugin", hidden=True)
def plugin_alias() -> None:
    """Create Workbench plugins (an alias of `workbench plugins new`)."""


plugin_alias.add_command(plugin_new)


class Terminated(BaseException):
    """SIGTERM or SIGHUP: ends the run as Ctrl-C does, cleaning up on the way out."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _terminate(signum: int, _frame: Any) -> None:
    raise Terminated(signum)


def main() -> None:
    """Entry point of the ``workbench`` script."""
    import signal

    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _terminate)
    try:
        code = cli(prog_name="workbench", standalone_mode=False)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except (click.Abort, KeyboardInterrupt):
        click.echo("Aborted!", err=True)
        sys.exit(130)
    except Terminated as terminated:
        sys.exit(128 + terminated.signum)
    except Exception as error:  # anything else is a bug: one line, unless debugging
        if os.environ.get("WORKBENCH_DEBUG"):
            raise
        from workbench.visible import visible

        click.echo(visible(f"error: internal error: {type(error).__name__}: {error} "
                           "(set WORKBENCH_DEBUG=1 for a traceback)"), err=True)
        sys.exit(70)
    sys.exit(code if isinstance(code, int) else 0)
