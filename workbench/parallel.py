"""Check many inputs on several cores, yielding results in input order.

Workers are forked from the running process, so they hold exactly the plugins registered
in it (entry points, ``--plugin`` modules, plugins a test registered). Where ``fork`` is
not available, or for one input, or with ``jobs=1``, inputs are checked in this process.

A worker prints nothing: what it has to say (plugin failures, unreadable input) travels
back in its :class:`Outcome` and the parent reports it, in input order. At most a few
results per worker are in flight, so memory stays flat however many inputs there are.
A plugin that runs out of time in one worker is skipped by the others for the inputs
handed out after the parent learns of it (a few inputs already under way may still wait
for it once each).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from workbench import isolation, validation
from workbench.errors import InputError, WorkbenchError
from workbench.inputs import Target, read
from workbench.pipeline import CheckOptions, FailureLog, check_input
from workbench.registry import exporter
from workbench.review import SummaryCounter, document_report, entry_matches_fail_on, narrow_entry

Record = dict[str, Any]
CHUNK = 4  # inputs handed to a worker at a time: fewer round trips for small files
IN_FLIGHT_PER_JOB = 4 * CHUNK


@dataclass
class Outcome:
    """What checking one input gave: an entry, or the reason there is none."""

    name: str
    entry: Record | None = None
    failures: list[Record] = field(default_factory=list)
    input_error: InputError | None = None
    fatal: WorkbenchError | None = None  # a plugin failure under strict, an invalid record
    timed_out: frozenset[str] = frozenset()  # plugins that ran out of time in this process
    meets_fail_on: bool = False  # a claim met --fail-on (judged before narrowing)
    report: list[str] = field(default_factory=list)  # lines for stderr about the document
    # The exporter's part for the entry, made where it was checked (the entry is then not
    # sent back), and the entry's counts for the review's summary.
    part: str | bytes | None = None
    counts: SummaryCounter | None = None


def default_jobs() -> int:
    """The number of CPUs this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def check_target(task: tuple[Target, frozenset[str]], options: CheckOptions, strict: bool,
                 max_bytes: int, min_score: float | None = None,
                 top: int | None = None, fail_on: str | None = None,
                 encoding: str = "utf-8", render: str | None = None,
                 show_dropped: bool = False, processes: int = 1) -> Outcome:
    """Read (asking the loader for ``encoding``) and check one input; never raises for
    bad input or a failing plugin.

    ``task`` is the input and the plugins known to have timed out elsewhere in the run
    (they are skipped here too). The entry is validated, judged against ``fail_on``, then
    narrowed to ``min_score`` and ``top`` (so a worker sends back only the claims the
    review will show, while --fail-on still sees every claim whatever the format). With
    ``render``, the name of a streaming exporter, the outcome holds the exporter's part
    for the entry and its counts instead of the entry. The report says what the loader
    noted (and, with ``show_dropped``, what was dropped). A large document's claims are
    found, scored and checked on up to ``processes`` processes.
    """
    target, timed_out = task
    settings = isolation.active()
    settings.timed_out.update(timed_out)
    log = FailureLog(strict=strict, emit=lambda _line: None)
    outcome = Outcome(target.name, failures=log.failures)
    try:
        outcome.entry = check_input(read(target, max_bytes, encoding), options, log,
                                    processes)
    except InputError as error:
        outcome.input_error = error
        return outcome
    except WorkbenchError as error:
        outcome.fatal = error
        return outcome
    if outcome.entry is not None:
        try:
            validation.validate("entry", outcome.entry)
        except WorkbenchError as error:
            outcome.entry, outcome.fatal = None, error
        else:
            outcome.meets_fail_on = bool(fail_on) and entry_matches_fail_on(outcome.entry,
                                                                            fail_on)
            outcome.entry = narrow_entry(outcome.entry, min_score, top)
            outcome.report = document_report(outcome.entry["document"], show_dropped)
            if render is not None:
                _render(outcome, render)
    outcome.timed_out = frozenset(settings.timed_out)
    return outcome


def _render(outcome: Outcome, exporter_name: str) -> None:
    """Replace the outcome's entry by the exporter's part for it and its counts."""
    entry, outcome.entry = outcome.entry, None
    assert entry is not None
    found = exporter(exporter_name)
    assert found is not None
    try:
        outcome.part = found.part(entry)
    except WorkbenchError as error:
        outcome.fatal = error
        return
    outcome.counts = SummaryCounter()
    outcome.counts.add(entry)


def _tasks(targets: list[Target], slots: threading.Semaphore | None = None,
           ) -> Iterator[tuple[Target, frozenset[str]]]:
    """Each target with the plugins timed out so far (the parent learns of them from the
    outcomes), waiting for a free slot first when ``slots`` is given."""
    for target in targets:
        if slots is not None:
            slots.acquire()
        yield target, frozenset(isolation.active().timed_out)


def _learn(outcome: Outcome) -> Outcome:
    isolation.active().timed_out.update(outcome.timed_out)
    return outcome


def check_all(targets: list[Target], options: CheckOptions, *, strict: bool = False,
              max_bytes: int, jobs: int | None = None, min_score: float | None = None,
              top: int | None = None, fail_on: str | None = None,
              encoding: str = "utf-8", render: str | None = None,
              show_dropped: bool = False) -> Iterator[Outcome]:
    """Check ``targets`` with up to ``jobs`` processes; yield their outcomes in order (see
    :func:`check_target` for the arguments)."""
    jobs = default_jobs() if jobs is None else jobs
    work = partial(check_target, options=options, strict=strict, max_bytes=max_bytes,
                   min_score=min_score, top=top, fail_on=fail_on, encoding=encoding,
                   render=render, show_dropped=show_dropped)
    if jobs <= 1 or len(targets) <= 1:  # one input may use every process for its claims
        yield from map(partial(work, processes=max(1, jobs)), _tasks(targets))
        return
    import multiprocessing  # only a run of several inputs needs it: keep start-up fast

    if "fork" not in multiprocessing.get_all_start_methods():
        yield from map(work, _tasks(targets))
        return
    processes = min(jobs, len(targets))
    slots = threading.Semaphore(processes * IN_FLIGHT_PER_JOB)
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        outcomes: Iterable[Outcome] = pool.imap(work, _tasks(targets, slots), CHUNK)
        for outcome in outcomes:
            slots.release()
            yield _learn(outcome)
