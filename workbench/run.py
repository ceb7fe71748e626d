"""The functions behind the CLI commands, callable without click."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from workbench import validation
from workbench.claims import CHECKWORTHY_THRESHOLD
from workbench.errors import InputError, PluginError, RecordInvalid
from workbench.inputs import DEFAULT_MAX_BYTES, Target, discover, read
from workbench.output import write_atomic
from workbench.pipeline import CheckOptions, FailureLog, check_input
from workbench.plugins import (
    extra_plugins,
    get_plugin_manager,
    hooks_of,
    load_failures,
    plugin_info,
)
from workbench.registry import Exporter, exporters, suffix_media_types
from workbench.review import build_review, matches_fail_on, narrow

EXIT_OK, EXIT_FAIL_ON, EXIT_INPUT, EXIT_PLUGIN = 0, 1, 2, 3


def _say(line: str) -> None:
    print(line, file=sys.stderr)


def exporter_named(name: str) -> Exporter:
    """The exporter for ``--format name``, or a one-line error listing the known ones."""
    known = exporters()
    if name not in known:
        raise InputError("--format", f"unknown format {name!r} "
                         f"(choose from: {', '.join(sorted(known))})")
    return known[name]


def _targets(paths: Sequence[str], errors: list[InputError]) -> list[Target]:
    suffixes = suffix_media_types()
    targets: list[Target] = []
    for path in paths:
        try:
            targets.extend(discover([path], suffixes))
        except InputError as error:
            errors.append(error)
            _say(f"error: {error}")
    return targets


def _progress(targets: list[Target]) -> Any:
    if len(targets) > 1 and sys.stderr.isatty():
        import click

        return click.progressbar(targets, label="checking", file=sys.stderr,
                                 item_show_func=lambda t: t.name if t else "")
    from contextlib import nullcontext

    return nullcontext(targets)


def run_check(
    paths: Sequence[str],
    *,
    format_name: str = "text",
    output: str | None = None,
    plugin_specs: Sequence[str] = (),
    strict: bool = False,
    fail_on: str | None = None,
    min_score: float | None = None,
    top: int | None = None,
    options: CheckOptions | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_entry: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
) -> int:
    """Check ``paths`` and write the review in ``format_name``; return the exit code.

    ``on_entry`` sees each checked document (``{"document", "claims"}``) as soon as it is
    done, and returns the entry to review in its place (``check --store`` saves it and
    returns the stored claims, with their ids, statuses and reviewers' verdicts).
    """
    with extra_plugins(list(plugin_specs)):
        log = FailureLog(strict=strict)
        for name, message in load_failures:
            log.add(name, "<startup>", f"failed to load: {message}")
        exporter = exporter_named(format_name)
        input_errors: list[InputError] = []
        entries = []
        targets = _targets(paths, input_errors)
        with _progress(targets) as progress:
            for target in progress:
                try:
                    entry = check_input(read(target, max_bytes), options or CheckOptions(), log)
                except InputError as error:
                    input_errors.append(error)
                    _say(f"error: {error}")
                    continue
                if entry is not None:
                    entries.append(entry if on_entry is None else on_entry(entry))
        if not entries:
            return EXIT_INPUT if input_errors or not log.failures else EXIT_PLUGIN
        review = build_review(entries, log.failures)
        validation.validate("review", review)
        if min_score is None and exporter.checkworthy_only:
            min_score = CHECKWORTHY_THRESHOLD
        if min_score is not None or top is not None:
            review = narrow(review, min_score, top)
        try:
            content = exporter.export(review)
        except Exception as error:
            raise PluginError(f"plugin {exporter.plugin} failed to export "
                              f"{format_name}: {type(error).__name__}: {error}") from error
        write_atomic(content, output)
    if input_errors:
        return EXIT_INPUT
    if fail_on and matches_fail_on(review, fail_on):
        return EXIT_FAIL_ON
    return EXIT_OK


def plugin_listing() -> list[dict[str, Any]]:
    """Every registered plugin with its version, origin and hooks, sorted by name."""
    manager = get_plugin_manager()
    listing = []
    for name, plugin in sorted(manager.list_name_plugin()):
        info = plugin_info(name)
        listing.append({
            "name": name,
            "version": info.version,
            "origin": info.origin,
            "distribution": info.distribution,
            "hooks": hooks_of(plugin),
        })
    return listing


def validate_file(file: str, schema_name: str) -> list[str]:
    """Schema (and, for reviews, offset) errors of the JSON record in ``file``."""
    path = Path(file)
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(file, "no such file") from None
    except UnicodeDecodeError:
        raise InputError(file, "not UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise InputError(file, f"invalid JSON at line {error.lineno} column {error.colno}: "
                         f"{error.msg}") from None
    except OSError as error:
        raise InputError(file, error.strerror or str(error)) from None
    try:
        validation.validate(schema_name, record)
    except RecordInvalid as invalid:
        return invalid.errors
    return validation.offset_errors(record) if schema_name == "review" else []
