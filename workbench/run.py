"""The functions behind the CLI commands, callable without click."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager, redirect_stdout
from dataclasses import dataclass, field, replace
from functools import partial
from itertools import chain
from typing import Any

from workbench import validation
from workbench.claims import CHECKWORTHY_THRESHOLD
from workbench.config import Settings, applied, load_settings
from workbench.errors import InputError, PluginError, WorkbenchError
from workbench.inputs import DEFAULT_MAX_BYTES, Target, discover, read
from workbench.output import open_atomic, write_atomic
from workbench.pipeline import FailureLog, check_input
from workbench.plugins import (
    extra_plugins,
    get_plugin_manager,
    hooks_of,
    load_failures,
    plugin_info,
)
from workbench.registry import exporter, exporters, suffix_media_types
from workbench.review import (
    SummaryCounter,
    document_report,
    entry_matches_fail_on,
    narrow_entry,
    review_head,
)
from workbench.types import CheckOptions, Exporter, Record
from workbench.visible import visible

EXIT_OK, EXIT_FAIL_ON, EXIT_INPUT, EXIT_PLUGIN = 0, 1, 2, 3
TABLE_FORMATS = ("jsonl", "parquet")  # claim rows: see workbench.claim_tables


def _say(line: str) -> None:
    print(visible(line), file=sys.stderr)


def exporter_named(name: str) -> Exporter:
    """The exporter for ``--format name``, or a one-line error listing the known ones."""
    found = exporter(name)
    if found is None:
        raise InputError("--format", f"unknown format {name!r} "
                         f"(choose from: {', '.join(sorted(exporters()))})")
    return found


@dataclass
class Outcome:
    """What checking one input gave: an entry (or its exporter's part), or why there is
    none."""

    name: str
    entry: Record | None = None
    failures: list[Record] = field(default_factory=list)
    input_error: InputError | None = None
    fatal: WorkbenchError | None = None  # a plugin failure under strict, an invalid record
    meets_fail_on: bool = False  # a claim met --fail-on (judged before narrowing)
    report: list[str] = field(default_factory=list)  # lines for stderr about the document
    # The exporter's part for the entry, made where it was checked (the entry is then not
    # sent back), and the entry's counts for the review's summary.
    part: str | bytes | None = None
    counts: SummaryCounter | None = None


@dataclass(frozen=True)
class Job:
    """How each input of a run is checked and narrowed (see :func:`check_target`)."""

    options: CheckOptions
    strict: bool = False
    max_bytes: int = DEFAULT_MAX_BYTES
    encoding: str = "utf-8"
    timeout: float = 0
    min_score: float | None = None
    top: int | None = None
    fail_on: str | None = None
    render: Exporter | None = None  # a streaming exporter: its part is made per input
    show_dropped: bool = False
    keep_all: bool = False


def check_target(job: Job, target: Target) -> Outcome:
    """Read and check one input; never raises for bad input or a failing plugin.

    The entry is validated, judged against ``fail_on``, then narrowed to ``min_score``
    and ``top`` (so only the claims the review shows travel back, while --fail-on still
    sees every claim). With ``render`` the outcome holds the exporter's part for the
    entry and its counts instead of the entry.
    """
    log = FailureLog(strict=job.strict, emit=lambda _line: None)
    outcome = Outcome(target.name, failures=log.failures)
    try:
        entry = check_input(read(target, job.max_bytes, job.encoding, job.keep_all),
                            job.options, log, job.timeout)
        if entry is None:
            return outcome
        validation.validate("entry", entry)
    except InputError as error:
        outcome.input_error = error
        return outcome
    except WorkbenchError as error:
        outcome.fatal = error
        return outcome
    outcome.meets_fail_on = job.fail_on is not None and entry_matches_fail_on(entry,
                                                                               job.fail_on)
    entry = narrow_entry(entry, job.min_score, job.top)
    outcome.report = document_report(entry["document"], job.show_dropped)
    if job.render is None:
        outcome.entry = entry
        return outcome
    try:
        outcome.part = job.render.part(entry)
    except WorkbenchError as error:
        outcome.fatal = error
    outcome.counts = SummaryCounter()
    outcome.counts.add(entry)
    return outcome


@dataclass(frozen=True)
class Executor:
    """Where documents are checked: ``local`` worker processes (:mod:`workbench.pool`),
    or ``dask`` tasks on a cluster (:mod:`workbench.cluster`; ``scheduler`` its address,
    else a LocalCluster of ``jobs`` workers)."""

    name: str = "local"
    scheduler: str | None = None
    plugin_specs: tuple[str, ...] = ()  # --plugin modules, which workers load too


def check_all(job: Job, targets: list[Target], jobs: int | None,
              executor: Executor = Executor()) -> Iterator[Outcome]:
    """Check ``targets`` on up to ``jobs`` worker processes (default: every CPU), yielding
    their outcomes in order; an input whose process died or hung is one failed outcome.

    One input is checked in this process, where its time limit still holds (starting a
    worker would cost a tenth of a run's time), with what plugins print sent to stderr
    and a plugin's ``os._exit`` turned into a failure of that plugin (see
    :func:`_exit_raises`). With the ``dask`` executor every input is a task on the
    cluster, one input too.
    """
    if executor.name == "dask":
        from workbench.cluster import check_on_dask

        yield from check_on_dask(job, targets, list(executor.plugin_specs),
                                 executor.scheduler, jobs or default_jobs(), check_target,
                                 Outcome)
        return
    work = partial(check_target, job)
    if len(targets) <= 1:
        for target in targets:
            with _stdout_to_stderr(), _exit_raises():
                outcome = work(target)
            yield outcome
        return
    from workbench.pool import Lost, imap_ordered

    for target, result in zip(targets, imap_ordered(work, targets, jobs or default_jobs(),
                                                     job.timeout), strict=True):
        if isinstance(result, Lost):
            yield Outcome(target.name, failures=[{"plugin": "workbench",
                                                  "document": target.name,
                                                  "message": result.reason}])
        else:
            yield result


@contextmanager
def _stdout_to_stderr() -> Iterator[None]:
    """Send what is written to stdout inside the block, by ``print`` or to the descriptor,
    to stderr: stdout is for the review alone."""
    if sys.stdout is not None:
        sys.stdout.flush()
    try:
        saved = os.dup(1)
    except OSError:  # no standard output at all
        saved = -1
    else:
        os.dup2(2, 1)
    try:
        with redirect_stdout(sys.stderr):
            yield
    finally:
        if sys.stdout is not None:
            sys.stdout.flush()
        if saved >= 0:
            os.dup2(saved, 1)
            os.close(saved)


@contextmanager
def _exit_raises() -> Iterator[None]:
    """Make ``os._exit`` raise :class:`SystemExit` inside the block, which the plugin
    guard reports as the failure of the plugin that called it.

    Otherwise a plugin calling it ends this process at once, with its exit code (0, say)
    and no review: a CI gate would pass with nothing checked. A process forked in the
    block (a plugin's own worker) still exits as it asks.
    """
    real_exit = os._exit
    parent = os.getpid()

    def exit_raises(code: int) -> None:
        if os.getpid() != parent:
            real_exit(code)
        raise SystemExit(f"os._exit({code}) called")

    os._exit = exit_raises  # type: ignore[assignment]
    try:
        yield
    finally:
        os._exit = real_exit


def default_jobs() -> int:
    """The number of CPUs this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _targets(paths: Sequence[str], errors: list[InputError]) -> list[Target]:
    """The inputs ``paths`` name, each read from its absolute path (a plugin that changes
    the working folder cannot make the next input unreadable)."""
    suffixes = suffix_media_types()
    targets: list[Target] = []
    for path in paths:
        try:
            targets.extend(target if target.path is None
                           else target._replace(path=target.path.absolute())
                           for target in discover([path], suffixes))
        except InputError as error:
            errors.append(error)
            _say(f"error: {error}")
    return targets


def _refuse_input_as_output(output: str | None, given: str | None,
                            targets: list[Target]) -> None:
    """Raise :class:`InputError` naming ``given`` when ``output`` (its absolute path) is
    one of the inputs: the review would replace the article it reviews."""
    if output in (None, "-"):
        return
    try:
        written = os.stat(output)
    except OSError:
        return  # not there yet: no input can be it
    for target in targets:
        if target.path is None:
            continue
        try:
            read = os.stat(target.path)
        except OSError:
            continue
        if (read.st_dev, read.st_ino) == (written.st_dev, written.st_ino):
            raise InputError(str(given), f"is the input {target.name}: the review would replace "
                             "it; write the review to another file")


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
    keep_all: bool = False,
    config: str | None = None,
    enable: Sequence[str] = (),
    disable: Sequence[str] = (),
    on_entry: Callable[[Record], Record] | None = None,
    executor: Executor = Executor(),
    resume: bool = False,
    shard_documents: int | None = None,
) -> int:
    """Check ``paths`` and write the review in ``format_name``; return the exit code.

    Inputs are checked on ``jobs`` worker processes (default: every CPU) and the review is
    written as results arrive when the exporter can stream, so memory does not grow with
    the number of inputs. ``encoding`` (a codec name or ``auto``) is how loaders decode
    inputs without a byte-order mark; ``keep_all`` keeps page furniture in. ``config``
    names a configuration file (else the one
    :mod:`workbench.config` finds); ``enable`` and ``disable`` override its ``disabled``
    list for this run. ``on_entry`` sees each checked document (``{"document",
    "claims"}``, every claim) as soon as it is done, and returns the entry to review in
    its place (``check --store`` saves it and returns the stored claims).

    ``executor`` says where documents are checked (local processes, or a Dask cluster).
    The ``jsonl`` and ``parquet`` formats write one row per claim to a file or a folder of
    shards of ``shard_documents`` documents each, with a manifest (see
    :mod:`workbench.claim_tables`); ``resume`` continues such a folder's run.
    """
    given_output = output
    if output not in (None, "-"):
        output = os.path.abspath(output)  # before any plugin can change the working folder
    table_format = format_name in TABLE_FORMATS
    if resume and not table_format:
        raise InputError("--resume", "continues a run written with --format jsonl or "
                                     "parquet to a folder (--output FOLDER/)")
    with extra_plugins(list(plugin_specs)), \
            applied(load_settings(config, enable, disable)) as settings, ExitStack() as stack:
        log = FailureLog(strict=strict)
        for name, message in load_failures:
            log.add(name, "<startup>", f"failed to load: {message}")
        chosen = None if table_format else exporter_named(format_name)
        if min_score is None and chosen is not None and chosen.checkworthy_only:
            # A reading view: the best check-worthy claims, as many as configured.
            min_score = CHECKWORTHY_THRESHOLD
            top = settings.top if top is None else top
        top = top or None  # 0: every claim
        input_errors: list[InputError] = []
        targets = _targets(paths, input_errors)
        _refuse_input_as_output(output, given_output, targets)
        table = None
        if table_format:
            from workbench.claim_tables import DEFAULT_SHARD_DOCUMENTS, ClaimTable

            versions = {name: plugin_info(name).version
                        for name, _ in sorted(get_plugin_manager().list_name_plugin())}
            table = stack.enter_context(ClaimTable.opened(
                format_name, output, given_output, paths, versions, resume,
                shard_documents or DEFAULT_SHARD_DOCUMENTS))
            targets = [target for target in targets if target.name not in table.done]
        counter = SummaryCounter()
        failed_on: list[bool] = []
        unchecked: list[str] = []
        # Workers narrow the claims and render them, unless every claim must first reach
        # on_entry here (the store keeps them all, and its verdicts decide --fail-on).
        job = Job(options or CheckOptions(), strict, max_bytes, encoding, settings.timeout,
                  show_dropped=show_dropped, keep_all=keep_all)
        if job.options.online:
            from workbench import net

            net.start_run()
        if on_entry is None:
            job = replace(job, min_score=min_score, top=top, fail_on=fail_on,
                          render=chosen if chosen and chosen.stream is not None else None)

        def documents() -> Iterator[tuple[str, Record | str | bytes]]:
            """Each checked document's input name, and its entry, or its part when the
            exporter streams."""
            with _progress(check_all(job, targets, jobs, executor), len(targets)) as progress:
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
                    failed_on.extend([True] if outcome.meets_fail_on else [])
                    if outcome.part is not None and outcome.counts is not None:
                        counter.merge(outcome.counts)
                        yield outcome.name, outcome.part
                        continue
                    entry = outcome.entry
                    if entry is None:
                        unchecked.append(outcome.name)
                        continue
                    if on_entry is not None:
                        entry = on_entry(entry)
                        if fail_on and entry_matches_fail_on(entry, fail_on):
                            failed_on.append(True)
                        entry = narrow_entry(entry, min_score, top)
                    counter.add(entry)
                    yield outcome.name, (chosen.part(entry) if chosen is not None
                                         and chosen.stream is not None else entry)

        checked = documents()
        if table is not None:
            for name, entry in checked:
                table.add(name, entry)  # type: ignore[arg-type]
            table.complete(log.failures, input_errors, unchecked)
            if table.done and not targets:
                _say(f"note: {given_output}: every input was checked by the earlier run")
        else:
            assert chosen is not None
            first = next(checked, None)
            if first is None:
                if input_errors or not log.failures:
                    return EXIT_INPUT
                _say("error: nothing was checked: every input failed in a plugin")
                return EXIT_PLUGIN
            _write_review(chosen, (piece for _, piece in chain([first], checked)), counter,
                          log.failures, output)
    if input_errors:
        return EXIT_INPUT
    if unchecked:
        _say(f"error: {_documents(len(unchecked))} not checked because of a plugin: "
             + ", ".join(unchecked))
        return EXIT_PLUGIN
    return EXIT_FAIL_ON if failed_on else EXIT_OK


def _documents(count: int) -> str:
    return f"{count} document" + ("" if count == 1 else "s")


def _write(destination: Any, piece: str | bytes) -> None:
    destination.write(piece.encode("utf-8") if isinstance(piece, str) else piece)


def _write_review(chosen: Exporter, documents: Iterator[Record | str | bytes],
                  counter: SummaryCounter, failures: list[Record], output: str | None) -> None:
    """Export the review: piece by piece when the exporter streams (``documents`` are
    then its parts), else assembled whole from the entries.

    Either way the review is validated before any of it reaches ``output`` or stdout
    (see :func:`open_atomic`), so a run that fails leaves neither a partial review nor a
    half-written file.
    """
    review = review_head(failures)
    try:
        if chosen.stream is not None:

            def parts() -> Iterator[str | bytes]:
                yield from documents  # type: ignore[misc]
                review["summary"] = counter.summary()
                validation.validate("review", review)

            with open_atomic(output) as destination:
                for piece in chosen.stream.pieces(review, parts()):
                    _write(destination, piece)
            return
        entries = list(documents)  # each entry was validated where it was checked
        review["summary"] = counter.summary()
        validation.validate("review", review)
        whole = {**review, "documents": entries}
        content = chosen.export(whole)
        empty = chosen.explain_empty(whole) if chosen.explain_empty else None
    except WorkbenchError:
        raise
    except Exception as error:
        raise PluginError(f"plugin {chosen.plugin} failed to export "
                          f"{chosen.name}: {type(error).__name__}: {error}") from error
    write_atomic(content, output)
    if empty:
        _say(f"note: {chosen.name}: {empty}")


def plugin_listing(settings: Settings) -> list[dict[str, Any]]:
    """Every registered plugin with its version, origin, hooks and whether ``settings``
    enable it, sorted by name."""
    listing = []
    for name, plugin in sorted(get_plugin_manager().list_name_plugin()):
        info = plugin_info(name)
        listing.append({
            "name": name,
            "version": info.version,
            "origin": info.origin,
            "distribution": info.distribution,
            "hooks": hooks_of(plugin),
            "enabled": name not in settings.disabled,
        })
    return listing
