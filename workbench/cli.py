"""The ``workbench`` command line: a thin layer over the pipeline, registry and review."""

from __future__ import annotations

import gc
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
SIZE_UNITS = {"": 1, "B": 1, "KB": 1000, "MB": 1000**2, "GB": 1000**3}


# Core commands defined outside this module, imported when first named or listed.
LAZY_COMMANDS = {
    "claims": ("workbench.commands.store", "claims"),
    "verdict": ("workbench.commands.store", "verdict"),
    "db": ("workbench.commands.store", "db_group"),
    "export": ("workbench.commands.export", "export"),
}


class WorkbenchGroup(click.Group):
    """A click group that turns :class:`WorkbenchError` into one line and its exit code.

    Commands from other modules and from plugins are added when first looked up, so a
    run imports only the command it runs (see :func:`_add_commands`).
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except WorkbenchError as error:
            click.echo(f"error: {error}", err=True)
            ctx.exit(error.exit_code)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The command ``cmd_name``, adding it first if a module or plugin defines it."""
        _add_commands(self, cmd_name)
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command name, after adding every module's and plugin's commands."""
        _add_commands(self, None)
        return super().list_commands(ctx)


def parse_size(value: str) -> int:
    """Parse ``50MB``, ``2GB`` or a byte count."""
    text = value.strip().upper().replace(" ", "")
    number = text.rstrip("KMGB")
    unit = text[len(number):]
    if unit not in SIZE_UNITS or not number.replace(".", "", 1).isdigit():
        raise InputError("--max-size", f"{value!r} is not a size such as 20MB or 500KB")
    return int(float(number) * SIZE_UNITS[unit])


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
@click.option("--db", metavar="PATH", envvar="WORKBENCH_DB", default="workbench.db",
              show_default=True, help="The claim store (SQLite file; env WORKBENCH_DB).")
def cli(db: str) -> None:
    """Find the checkable claims of articles, rank them, attach verdicts and sources.

    \b
    Start with:
      workbench check article.txt            ranked claims of one article
      workbench check seeds/ --format json   a review record of a whole folder
      workbench plugins                      what is installed and which hooks it uses
      workbench check article.txt --store    keep the claims in the store (--db)
      workbench claims list --status new     the editorial workflow over the store

    Exit codes: 0 ran, 1 a claim met --fail-on, 2 usage or input error,
    3 a plugin failed under --strict, or every input failed in a plugin.
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
              help="Keep only claims scoring at least this (0-1) in every format.")
@click.option("--top", type=click.IntRange(min=1), metavar="N",
              help="Keep only the N best claims of each document.")
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
@click.option("--store", is_flag=True,
              help="Save documents, claims and verdicts in the store (--db), one transaction "
                   "per document; a revised article's claims are re-anchored.")
@config_options
def check(paths: tuple[str, ...], format_name: str, output: str | None,
          plugin_specs: tuple[str, ...], strict: bool, fail_on: str | None,
          min_score: float | None, top: int | None, as_of: Any, max_size: str,
          encoding: str, jobs: int | None, show_dropped: bool, online: bool | None, store: bool,
          config: str | None, enable: tuple[str, ...], disable: tuple[str, ...]) -> None:
    """Find, rank and check the claims in PATH... (files, folders, or - for stdin).

    Folders are searched recursively for files the loaders accept (.txt, .md,
    .html, .htm by default). A file that cannot be read is reported on stderr and
    the others are still checked; the exit code is then 2.

    \b
    Examples:
      workbench check article.txt
      workbench check drafts/ --format markdown --output review.md
      cat story.txt | workbench check - --format json --top 10
      workbench check story.txt --plugin my_detector.py --strict
      workbench check page.html --show-dropped
      workbench check story.html --online    # also ask Wikidata, fact-checks, cited links
    """
    from workbench.output import check_destination
    from workbench.pipeline import CheckOptions, online_enabled
    from workbench.run import run_check

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
            max_bytes=parse_size(max_size), encoding=encoding, jobs=jobs, show_dropped=show_dropped,
            config=config, enable=enable, disable=disable, on_entry=on_entry,
        )
    sys.exit(exit_code)


@cli.command(name="plugins")
@click.option("--format", "format_name", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format.")
@click.option("--plugin", "plugin_specs", multiple=True, metavar="MODULE_OR_PATH",
              help="Also load this plugin module or .py file, as `check --plugin` does "
                   "(repeatable).")
@config_options
def plugins_command(format_name: str, plugin_specs: tuple[str, ...], config: str | None,
                    enable: tuple[str, ...], disable: tuple[str, ...]) -> None:
    """List every registered plugin: name, version, origin and the hooks it implements.

    Reads the configuration and --plugin as `workbench check` does, so it shows which
    plugins a run with the same --plugin/--config/--enable/--disable would use or leave
    out, and validates them.
    """
    from workbench.config import load_settings
    from workbench.plugins import extra_plugins, use_settings
    from workbench.run import plugin_listing

    with extra_plugins(list(plugin_specs)), \
            use_settings(load_settings(config, enable, disable)):
        listing = plugin_listing()
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
                                 "claimreview", "fact"]),
              help="Which record FILE holds (default: told by its fields, e.g. a review "
                   "has documents, a claim a selector and a document_id).")
def validate(file: str, schema_name: str | None) -> None:
    """Validate a JSON record and print every error with its path, then which schema
    it was checked against.

    Exit code 0 when valid, 1 when not, 2 when FILE cannot be read as JSON or its kind
    of record cannot be told (give --schema).
    """
    from workbench.run import validate_file

    used, problems = validate_file(file, schema_name)
    for problem in problems:
        click.echo(f"{file}: {problem}")
    if problems:
        click.echo(f"{file}: not a valid {used} ({len(problems)} "
                   f"problem{'s' if len(problems) > 1 else ''})")
        sys.exit(1)
    click.echo(f"{file}: valid {used}")


@cli.group(name="plugin")
def plugin_group() -> None:
    """Create Workbench plugins."""


@plugin_group.command(name="new")
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
      workbench plugin new percentages --kind detector
      cd workbench-percentages && pip install -e '.[test]' && pytest
    """
    from workbench.scaffold import create

    target = create(name, kind, directory)
    click.echo(f"created {target}/ ({kind})")
    for path in sorted(p for p in target.rglob("*") if p.is_file()):
        click.echo(f"  {path.relative_to(target)}")
    click.echo(f"next: cd {target} && pip install -e '.[test]' && pytest")


_core_added: set[str] = set()
_loaded_plugins_added = False  # whether the loaded plugins' register_commands has run


def _add_core_command(group: click.Group, name: str) -> None:
    if name not in _core_added:
        import importlib

        module, attribute = LAZY_COMMANDS[name]
        group.add_command(getattr(importlib.import_module(module), attribute), name)
        _core_added.add(name)


def _loaded_plugins_needed(name: str | None) -> bool:
    """Whether the up-front plugins' ``register_commands`` must run to find ``name``."""
    from workbench import plugins

    if _loaded_plugins_added:
        return False
    entries = plugins.manifest_entries()
    if entries is None:
        return True
    deferred = set(plugins.deferred_providers("register_commands"))
    return any(
        "register_commands" in entry["hooks"] and plugin not in deferred
        and (name is None or entry.get("commands") is None or name in entry["commands"])
        for plugin, entry in entries.items()
    )


def _add_commands(group: click.Group, name: str | None) -> None:
    """Add the command ``name`` (every command when None) from its module or plugins.

    The plugin manifest (:mod:`workbench.manifest`) says which plugins register which
    command names, so a core command imports no plugin for its own sake. Before any
    plugin adds commands every core command is added, as an eager start-up did, so a
    plugin's command still replaces a core command of the same name.
    """
    global _loaded_plugins_added
    from workbench import calls, plugins

    if name in LAZY_COMMANDS:
        _add_core_command(group, name)
    loaded_needed = _loaded_plugins_needed(name)
    deferred = plugins.deferred_providers("register_commands", name)
    if not loaded_needed and not deferred:
        return
    for core_name in LAZY_COMMANDS:
        _add_core_command(group, core_name)

    def report(plugin: str, error: BaseException) -> None:
        click.echo(f"error: plugin {plugin} failed to add commands: {error}", err=True)

    if loaded_needed:
        _loaded_plugins_added = True
        calls.call_each("register_commands", report, cli=group)
    for plugin_name in plugins.load_deferred(deferred):
        for implementer, call in calls.implementations("register_commands"):
            if implementer == plugin_name:
                try:
                    call(cli=group)
                except Exception as error:
                    report(plugin_name, error)


# A run makes a great many records (claims, signals), all acyclic and freed by reference
# counting; at Python's default thresholds the cyclic collector walks them again and
# again as a large article's claims pile up (a seventh of checking a 19 MB article).
# It runs less often here, as in mypy, which has the same kind of load.
GC_THRESHOLDS = (20_000, 20, 20)


def main() -> None:
    """Entry point of the ``workbench`` script."""
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        cli(prog_name="workbench")
    except Exception as error:  # anything else is a bug: one line, unless debugging
        if os.environ.get("WORKBENCH_DEBUG"):
            raise
        click.echo(f"error: internal error: {type(error).__name__}: {error} "
                   "(set WORKBENCH_DEBUG=1 for a traceback)", err=True)
        sys.exit(70)
