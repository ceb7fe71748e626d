"""The functions behind the CLI commands, callable without click."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator, Sequence
from itertools import chain
from pathlib import Path
from typing import Any

from workbench import isolation, validation
from workbench.claims import CHECKWORTHY_THRESHOLD
from workbench.errors import InputError, PluginError, RecordInvalid, WorkbenchError
from workbench.inputs import DEFAULT_MAX_BYTES, Target, discover
from workbench.output import open_atomic, write_atomic
from workbench.parallel import Outcome, check_all
from workbench.pipeline import CheckOptions, FailureLog
from workbench.plugins import (
    extra_plugins,
    get_plugin_manager,
    hooks_of,
    load_failures,
    plugin_info,
    use_settings,
)
from workbench.registry import Exporter, exporter, exporters, suffix_media_types
from workbench.review import (
    SummaryCounter,
    entry_matches_fail_on,
    narrow_entry,
    review_head,
)

Record = dict[str, Any]

EXIT_OK, EXIT_FAIL_ON, EXIT_INPUT, EXIT_PLUGIN = 0, 1, 2, 3


def _say(line: str) -> None:
    print(line, file=sys.stderr)


def exporter_named(name: str) -> Exporter:
    """The exporter for ``--format name``, or a one-line error listing the known ones."""
    found = exporter(name)
    if found is None:
        raise InputError("--format", f"unknown format {name!r} "
                         f"(choose from: {', '.join(sorted(exporters()))})")
    return found


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


def _progress(outcomes: Iterator[Outcome], count: int) -> Any:
    if count > 1 and sys.stderr.isatty():
        import click

        return click.progressbar(outcomes, length=count, label="checking", file=sys.stderr,
                                 item_show_func=lambda o: o.name if o else "")
    from contextlib import nullcontext

    return nullcontext(outcomes)


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
    encoding: str = "utf-8",
    jobs: int | None = None,
    show_dropped: bool = False,
    config: str | None = None,
    enable: Sequence[str] = (),
    disable: Sequence[str] = (),
    on_entry: Callable[[Record], Record] | None = None,
) -> int:
    """Check ``paths`` and write the review in ``format_name``; return the exit code.

    Inputs are checked on ``jobs`` processes (default: every CPU) and the review is written
    as results arrive when the exporter can stream, so memory does not grow with the number
    of inputs. ``encoding`` (a codec name or ``auto``) is how loaders decode inputs without
    a byte-order mark (see :class:`workbench.registry.RawInput`). ``config`` names a
    configuration file (else the one :mod:`workbench.config` finds); ``enable`` and
    ``disable`` override its ``disabled`` list for this run. ``on_entry`` sees each checked
    document (``{"document", "claims"}``, every claim) as soon as it is done, and returns
    the entry to review in its place (``check --store`` saves it and returns the stored
    claims, with their ids, statuses and reviewers' verdicts).
    """
    from workbench.config import load_settings

    with extra_plugins(list(plugin_specs)), \
            use_settings(load_settings(config, enable, disable)):
        log = FailureLog(strict=strict)
        for name, message in load_failures:
            log.add(name, "<startup>", f"failed to load: {message}")
        exporter = exporter_named(format_name)
        if min_score is None and exporter.checkworthy_only:
            min_score = CHECKWORTHY_THRESHOLD
        input_errors: list[InputError] = []
        targets = _targets(paths, input_errors)
        counter = SummaryCounter()
        failed_on: list[bool] = []

        # A streaming exporter renders each document where it was checked, unless the
        # entry must first reach on_entry here.
        render = exporter.name if exporter.stream is not None and on_entry is None else None

        def documents() -> Iterator[Record | str | bytes]:
            """Each checked document: its entry, or its part when the exporter streams."""
            # Workers narrow the claims to what the review shows, unless every claim
            # must first reach on_entry (the store keeps them all).
            # --fail-on is judged on every claim, before narrowing: by the worker, or here
            # on the stored entry, whose reviewers' verdicts outrank the plugins'.
            worker_min, worker_top = (None, None) if on_entry else (min_score, top)
            outcomes = check_all(targets, options or CheckOptions(), strict=strict,
                                 max_bytes=max_bytes, jobs=jobs, min_score=worker_min,
                                 top=worker_top, fail_on=None if on_entry else fail_on,
                                 encoding=encoding, render=render, show_dropped=show_dropped)
            with _progress(outcomes, len(targets)) as progress:
                for outcome in progress:
                    for failure in outcome.failures:
                        log.add(failure["plugin"], failure["document"], failure["message"])
                    if outcome.fatal is not None:
                        raise outcome.fatal
                    if outcome.input_error is not None:
                        input_errors.append(outcome.input_error)
                        _say(f"error: {outcome.input_error}")
                        continue
                    for line in outcome.report:
                        _say(line)
                    if outcome.meets_fail_on:
                        failed_on.append(True)
                    if outcome.part is not None and outcome.counts is not None:
                        counter.merge(outcome.counts)
                        yield outcome.part  # rendered (from a validated entry) by its worker
                        continue
                    if outcome.entry is None:
                        continue
                    entry = outcome.entry  # validated (and narrowed) by its worker
                    if on_entry is not None:
                        entry = on_entry(entry)
                        if fail_on and entry_matches_fail_on(entry, fail_on):
                            failed_on.append(True)
                        entry = narrow_entry(entry, min_score, top)
                    counter.add(entry)
                    yield exporter.part(entry) if exporter.stream is not None else entry

        checked = documents()
        first = next(checked, None)
        if first is None:
            if input_errors or not log.failures:
                return EXIT_INPUT
            _say("error: nothing was checked: every input failed in a plugin")
            return EXIT_PLUGIN
        _write_review(exporter, chain([first], checked), counter, log.failures, output)
    if input_errors:
        return EXIT_INPUT
    if failed_on:
        return EXIT_FAIL_ON
    return EXIT_OK


def _write(destination: Any, piece: str | bytes) -> None:
    destination.write(piece.encode("utf-8") if isinstance(piece, str) else piece)


def _write_review(exporter: Exporter, documents: Iterator[Record | str | bytes],
                  counter: SummaryCounter, failures: list[Record], output: str | None) -> None:
    """Export the review: piece by piece when the exporter streams (``documents`` are
    then its parts), else assembled whole from the entries.

    Either way the review is validated before any of it reaches ``output`` or stdout
    (see :func:`open_atomic`), so a run that fails leaves neither a partial review nor a
    half-written file.
    """
    review = review_head(failures)
    try:
        if exporter.stream is not None:

            def parts() -> Iterator[str | bytes]:
                yield from documents  # type: ignore[misc]
                review["summary"] = counter.summary()
                validation.validate("review", review)

            with open_atomic(output) as destination:
                for piece in exporter.stream.pieces(review, parts()):
                    _write(destination, piece)
            return
        entries = list(documents)  # each entry was validated where it was checked
        review["summary"] = counter.summary()
        validation.validate("review", review)
        content = exporter.export({**review, "documents": entries})
    except WorkbenchError:
        raise
    except Exception as error:
        raise PluginError(f"plugin {exporter.plugin} failed to export "
                          f"{exporter.name}: {type(error).__name__}: {error}") from error
    write_atomic(content, output)


def plugin_listing() -> list[dict[str, Any]]:
    """Every registered plugin with its version, origin, hooks, whether it is enabled in
    the active settings and its time limit per call (0: none), sorted by name."""
    manager = get_plugin_manager()
    settings = isolation.active()
    listing = []
    for name, plugin in sorted(manager.list_name_plugin()):
        info = plugin_info(name)
        listing.append({
            "name": name,
            "version": info.version,
            "origin": info.origin,
            "distribution": info.distribution,
            "hooks": hooks_of(plugin),
            "enabled": name not in settings.disabled,
            "timeout": settings.timeout_for(name),
        })
    return listing


# The fields that tell which record a JSON object is, most telling first.
RECORD_SHAPES = (
    ("review", ("documents",)),
    ("fact", ("entities", "facts")),
    ("claim", ("selector", "document_id")),
    ("verdict", ("rating", "origin")),
    ("document", ("sha256", "text")),
)


def record_schema(record: Any) -> str | None:
    """The schema a record's shape says it follows (a list is ClaimReview), if any."""
    if isinstance(record, list):
        return "claimreview"
    if isinstance(record, dict):
        for name, fields in RECORD_SHAPES:
            if all(field in record for field in fields):
                return name
    return None


def validate_file(file: str, schema_name: str | None = None) -> tuple[str, list[str]]:
    """The schema the JSON record in ``file`` was checked against and its errors (for
    reviews, offset errors too). Without ``schema_name`` the schema is picked from the
    record's shape (see :data:`RECORD_SHAPES`)."""
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
    if schema_name is None:
        schema_name = record_schema(record)
        if schema_name is None:
            raise InputError(file, "cannot tell which record this is (a review has "
                             "documents, a claim a selector and a document_id); give "
                             "--schema NAME")
    try:
        validation.validate(schema_name, record)
    except RecordInvalid as invalid:
        return schema_name, invalid.errors
    return schema_name, validation.offset_errors(record) if schema_name == "review" else []
