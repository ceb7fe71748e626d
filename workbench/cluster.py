"""Check documents as tasks on a Dask cluster (``check --executor dask``).

Each document is one task, ``check_target(job, target)`` as a local worker process runs
it, with no state shared between tasks. A worker sets the run's plugins up once (its
``--plugin`` modules, the configuration's disabled plugins and options) and keeps them for
every later task of the run: the plugin manager is the worker process's own. A worker
that lacks one of the run's plugins refuses the run in one line. Outcomes come back in
the order of the inputs, with at most :data:`IN_FLIGHT` tasks per worker thread on the
cluster at once, so memory stays flat however many documents there are.

A worker that dies costs only the documents it held: the scheduler gives them to another
worker, and a document whose workers die :data:`ALLOWED_FAILURES` + 1 times is reported
as not checked (its process died), as the local pool reports it. Without a scheduler
address a ``LocalCluster`` of ``--jobs`` single-threaded worker processes is started for
the run and stopped after it.

dask and distributed come with the ``cluster`` extra and are imported only here.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench.config import Settings, active, applied
from workbench.errors import InputError, PluginLoadError, WorkbenchError
from workbench.plugins import extra_plugins, get_plugin_manager
from workbench.registry import exporter

if TYPE_CHECKING:
    from workbench.inputs import Target
    from workbench.run import Job, Outcome

SCHEDULER_VARIABLE = "WORKBENCH_DASK_SCHEDULER"
EXTRA = "pip install 'workbench[cluster]'"
IN_FLIGHT = 4  # tasks handed to the cluster per worker thread, ahead of the results read
ALLOWED_FAILURES = 2  # a document is retried on another worker this many times


@dataclass(frozen=True)
class RunSpec:
    """What a worker needs to check a run's documents as this process would."""

    job: Job
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
        stack.enter_context(applied(replace(spec.settings,
                                            disabled=frozenset(here - spec.plugins))))
    except BaseException:
        stack.close()
        raise
    _prepared = (spec.key, stack)


def check_task(spec: RunSpec, target: Target) -> Outcome:
    """One document checked on a worker (the task every document is)."""
    from workbench.run import Outcome, check_target

    try:
        _prepare(spec)
    except WorkbenchError as error:
        return Outcome(target.name, fatal=error)
    job = spec.job
    if spec.render is not None:
        job = replace(job, render=exporter(spec.render))
    return check_target(job, target)


def _modules() -> tuple[Any, Any]:
    try:
        import dask
        import distributed
    except ImportError:
        raise InputError("--executor dask", f"needs dask and distributed: {EXTRA}") from None
    return dask, distributed


def _spec(job: Job, plugin_specs: list[str]) -> RunSpec:
    """The run as workers are to set it up: this process's plugins and settings."""
    import uuid

    specs = tuple(str(Path(spec).absolute()) if spec.endswith(".py") else spec
                  for spec in plugin_specs)
    plugins = frozenset(name for name, _ in get_plugin_manager().list_name_plugin())
    render = job.render.name if job.render is not None else None
    return RunSpec(replace(job, render=None), render, active(), specs, plugins,
                   uuid.uuid4().hex)


@contextmanager
def connected(scheduler: str | None, workers: int) -> Iterator[Any]:
    """A client of the cluster at ``scheduler`` (else ``$WORKBENCH_DASK_SCHEDULER``), or of
    a LocalCluster of ``workers`` processes started for the block."""
    dask, distributed = _modules()
    address = scheduler or os.environ.get(SCHEDULER_VARIABLE)
    with dask.config.set({"distributed.scheduler.allowed-failures": ALLOWED_FAILURES,
                          "distributed.worker.daemon": False}):
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
                  scheduler: str | None, workers: int) -> Iterator[Outcome]:
    """The outcome of each of ``targets``, in order, each checked as a task on the
    cluster (see the module's documentation)."""
    from workbench.run import Outcome

    _, distributed = _modules()
    spec = _spec(job, plugin_specs)
    with connected(scheduler, workers) as client:
        threads = max(1, sum(client.nthreads().values()))
        pending: deque[tuple[Target, Any]] = deque()
        upcoming = iter(targets)
        while True:
            while len(pending) < IN_FLIGHT * threads:
                target = next(upcoming, None)
                if target is None:
                    break
                pending.append((target, client.submit(check_task, spec, target,
                                                      pure=False, retries=0)))
            if not pending:
                return
            target, future = pending.popleft()
            try:
                yield future.result()
            except distributed.KilledWorker:
                yield Outcome(target.name, failures=[{
                    "plugin": "workbench", "document": target.name,
                    "message": f"the processes checking it ended, {ALLOWED_FAILURES + 1} "
                               "times on the cluster's workers"}])
            except Exception as error:  # a task that failed in the worker itself
                yield Outcome(target.name, failures=[{
                    "plugin": "workbench", "document": target.name,
                    "message": f"its task failed on the cluster: {type(error).__name__}: "
                               f"{error}"}])
            finally:
                future.release()
