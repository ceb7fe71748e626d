"""Check documents as tasks on a Dask cluster (``check --executor dask``).

Each document is one task, ``check_target(job, target)`` as a local worker process runs
it, with no state shared between tasks. A worker sets the run's plugins up once (its
``--plugin`` modules, the configuration's disabled plugins and options) and keeps them for
every later task of the run: the plugin manager is the worker process's own. A worker
that lacks one of the run's plugins refuses the run in one line. Outcomes come back in
the order of the inputs, with at most :data:`IN_FLIGHT` tasks per worker thread on the
cluster at once, so memory stays flat however many documents there are.

A worker that dies costs only the document it held (a worker thread is given one at a
time): the scheduler gives it to another worker, and a document whose workers die
:data:`ALLOWED_FAILURES` + 1 times is reported as not checked (its process died), as the
local pool reports it. Without a scheduler address a ``LocalCluster`` of ``--jobs``
single-threaded worker processes is started for the run with these settings and stopped
after it; a cluster of one's own takes them from its scheduler's configuration.

dask and distributed come with the ``cluster`` extra and are imported only here.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeAlias

from workbench.config import Settings, active, applied
from workbench.errors import InputError, PluginLoadError, WorkbenchError
from workbench.inputs import Target
from workbench.plugins import extra_plugins, get_plugin_manager
from workbench.registry import exporter

# ``workbench.run``'s Job and Outcome (run hands in its check_target and Outcome: it
# imports this module, not the other way round).
Job: TypeAlias = Any
Outcome: TypeAlias = Any

SCHEDULER_VARIABLE = "WORKBENCH_DASK_SCHEDULER"
EXTRA = "pip install 'workbench[cluster]'"
IN_FLIGHT = 4  # tasks handed to the cluster per worker thread, ahead of the results read
ALLOWED_FAILURES = 2  # a document is retried on another worker this many times
TIMED_OUT = 124  # a worker's exit status when a document ran past its time limit


@dataclass(frozen=True)
class RunSpec:
    """What a worker needs to check a run's documents as this process would."""

    job: Job
    check: Any  # workbench.run.check_target: job, target -> outcome
    render: str | None  # the streaming exporter's name, looked up in the worker
    settings: Settings
    plugin_specs: tuple[str, ...]  # --plugin modules or absolute .py paths
    plugins: frozenset[str]  # the plugins the run uses
    key: str  # one run's set-up; a worker re-prepares when it changes


_prepared: tuple[str, ExitStack] | None = None


def _prepare(spec: RunSpec) -> None:
    """Set this worker's plugins up for ``spec`` (once per run, kept between tasks)."""
    global _prepared
    if _prepared is not None and _prepared[0] == spec.key:
        return
    if _prepared is not None:
        _prepared[1].close()
        _prepared = None
    stack = ExitStack()
    try:
        stack.enter_context(extra_plugins(list(spec.plugin_specs)))
        here = {name for name, _ in get_plugin_manager().list_name_plugin()}
        missing = sorted(spec.plugins - here)
        if missing:
            raise PluginLoadError(f"a worker of the cluster lacks the plugins "
                                  f"{', '.join(missing)}: install the same plugins on every "
                                  "worker")
        stack.enter_context(applied(spec.settings._replace(
            disabled=frozenset(here - spec.plugins))))
    except BaseException:
        stack.close()
        raise
    _prepared = (spec.key, stack)


def check_task(spec: RunSpec, target: Target) -> Outcome:
    """One document checked on a worker (the task every document is); a worker that
    cannot set the run up raises its :class:`WorkbenchError`.

    A task runs in a worker thread, where the per-document time limit cannot interrupt
    a plugin: a document still being checked when its time is up ends the worker
    process instead, as a local worker past its deadline is stopped. The cluster then
    retries it elsewhere, and reports it as not checked when every try ended so.
    """
    _prepare(spec)
    job = spec.job
    if spec.render is not None:
        job = replace(job, render=exporter(spec.render))
    if not job.timeout:
        return spec.check(job, target)
    watchdog = threading.Timer(job.timeout, _out_of_time, (target.name, job.timeout))
    watchdog.daemon = True
    watchdog.start()
    try:
        return spec.check(job, target)
    finally:
        watchdog.cancel()


def _out_of_time(name: str, seconds: float) -> None:
    """End this worker process: the document ``name`` ran past its time limit."""
    print(f"workbench: {name} was not checked within {seconds:g} s: ending this worker",
          file=sys.stderr, flush=True)
    os._exit(TIMED_OUT)


def _modules() -> tuple[Any, Any]:
    try:
        import dask
        import distributed
    except ImportError:
        raise InputError("--executor dask", f"needs dask and distributed: {EXTRA}") from None
    return dask, distributed


def _spec(job: Job, check: Any, plugin_specs: list[str]) -> RunSpec:
    """The run as workers are to set it up: this process's plugins and settings."""
    import uuid

    specs = tuple(str(Path(spec).absolute()) if spec.endswith(".py") else spec
                  for spec in plugin_specs)
    plugins = frozenset(name for name, _ in get_plugin_manager().list_name_plugin())
    render = job.render.name if job.render is not None else None
    return RunSpec(replace(job, render=None), check, render, active(), specs, plugins,
                   uuid.uuid4().hex)


@contextmanager
def connected(scheduler: str | None, workers: int) -> Iterator[Any]:
    """A client of the cluster at ``scheduler`` (else ``$WORKBENCH_DASK_SCHEDULER``), or of
    a LocalCluster of ``workers`` processes started for the block."""
    dask, distributed = _modules()
    address = scheduler or os.environ.get(SCHEDULER_VARIABLE)
    with dask.config.set({"distributed.scheduler.allowed-failures": ALLOWED_FAILURES,
                          # one document at a time on a worker thread, none waiting there:
                          # a worker that dies then costs only the document it was checking
                          "distributed.scheduler.worker-saturation": 1.0,
                          "distributed.worker.daemon": False,
                          # its sampling profiler (every 10 ms) feeds a dashboard that a
                          # run of check does not show
                          "distributed.worker.profile.enabled": False}):
        if address:
            try:
                client = distributed.Client(address, timeout="20s")
            except (OSError, TimeoutError, ValueError) as error:
                raise InputError(address, f"cannot reach the Dask scheduler ({error})"
                                 ) from None
            with client:
                yield client
            return
        with distributed.LocalCluster(n_workers=workers, threads_per_worker=1,
                                      processes=True, dashboard_address=None,
                                      silence_logs=40) as cluster, \
                distributed.Client(cluster) as client:
            yield client


def check_on_dask(job: Job, targets: list[Target], plugin_specs: list[str],
                  scheduler: str | None, workers: int, check: Any,
                  outcome: Any) -> Iterator[Outcome]:
    """The outcome of each of ``targets``, in order, each ``check(job, target)`` as a
    task on the cluster (see the module's documentation); ``outcome(name, failures=...,
    fatal=...)`` makes the outcome of a document whose task failed.

    Results are gathered as tasks finish (in batches, by the client's own thread), not
    one round trip per document, and put back in order here.
    """
    _, distributed = _modules()
    spec = _spec(job, check, plugin_specs)
    with connected(scheduler, workers) as client:
        window = IN_FLIGHT * max(1, sum(client.nthreads().values()))
        finished = distributed.as_completed(with_results=True, raise_errors=False)
        index: dict[str, int] = {}
        done: dict[int, Outcome] = {}
        submitted = oldest = 0

        def submit_more() -> None:
            nonlocal submitted
            while submitted < len(targets) and submitted - oldest < window:
                future = client.submit(check_task, spec, targets[submitted], pure=False,
                                       retries=0)
                index[future.key] = submitted
                finished.add(future)
                submitted += 1

        submit_more()
        for future, result in finished:
            number = index.pop(future.key)
            target = targets[number]
            if future.status != "error":
                done[number] = result
            else:
                done[number] = _failed(outcome, target, result[1], distributed, job.timeout)
            future.release()
            while oldest in done:
                yield done.pop(oldest)
                oldest += 1
            submit_more()


def _failed(outcome: Any, target: Target, error: BaseException, distributed: Any,
            timeout: float) -> Outcome:
    """The outcome of a document whose task raised ``error`` (``timeout``: the run's time
    limit per document, 0 for none)."""
    if isinstance(error, WorkbenchError):  # the worker could not set the run up
        return outcome(target.name, fatal=error)
    if isinstance(error, distributed.KilledWorker):
        limit = f" (or ran past the {timeout:g} s time limit)" if timeout else ""
        message = (f"the worker processes checking it died{limit}, each time it was tried "
                   "on the cluster")
    else:  # a task that failed in the worker itself
        message = f"its task failed on the cluster: {type(error).__name__}: {error}"
    return outcome(target.name, failures=[{"plugin": "workbench", "document": target.name,
                                           "message": message}])
