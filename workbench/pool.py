"""Run a function over many items in forked worker processes, results in item order.

Built for runs that must never hang: a worker that dies (a plugin's ``os._exit``, a
signal, the OOM killer) or that outlives an item's deadline costs only the item it held,
which is reported as lost while the others go on in a fresh worker; when the run ends,
or is interrupted, every worker is stopped at once.

Workers are forked, so they hold exactly the plugins registered in this process. They
ignore SIGINT and end quietly on SIGTERM and SIGHUP (the parent decides what an interrupt
means, and stops them), and their standard output is their standard error, so nothing a
plugin prints can reach a review written to stdout.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")
LOOKAHEAD = 8  # items handed out past the oldest unfinished one, per worker
GRACE = 5.0  # seconds past its deadline before a worker is killed


@dataclass
class Lost:
    """An item whose worker died or was killed before it answered."""

    reason: str


@dataclass
class _Task(Generic[T]):
    index: int
    item: T
    started: float


def can_fork() -> bool:
    """True where worker processes can be forked from this one."""
    return "fork" in multiprocessing.get_all_start_methods()


def _serve(function: Callable[[Any], Any], connection: Connection,
           inherited: list[Connection]) -> None:
    """A worker's loop: answer each item it is sent, until it is sent ``None`` or the
    parent is gone."""
    for end in inherited:  # the parent's ends of the pipes, held here too by the fork,
        end.close()        # would keep workers waiting for a parent that died
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for ending in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(ending, signal.SIG_DFL)
    os.dup2(2, 1)  # a plugin's print goes to stderr, never into a review on stdout
    while True:
        try:
            item = connection.recv()
        except EOFError:
            return
        if item is None:
            return
        try:
            connection.send(function(item))
        except BrokenPipeError:
            return


class _Worker:
    """One forked process and the item it is working on."""

    def __init__(self, context: Any, function: Callable[[Any], Any],
                 others: list[_Worker]) -> None:
        self.connection, child = context.Pipe()
        inherited = [self.connection, *(other.connection for other in others)]
        self.process = context.Process(target=_serve, args=(function, child, inherited),
                                       daemon=True)
        self.process.start()
        child.close()
        self.task: _Task[Any] | None = None

    def give(self, task: _Task[Any]) -> None:
        self.task = task
        self.connection.send(task.item)

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(1)
        self.connection.close()


def imap_ordered(function: Callable[[T], R], items: Sequence[T], processes: int,
                 deadline: float = 0) -> Iterator[R | Lost]:
    """``function(item)`` for each of ``items``, computed on up to ``processes`` workers
    and yielded in order; :class:`Lost` for an item whose worker died or took more than
    ``deadline`` seconds (``0``: no limit) plus a grace period. Where processes cannot
    be forked, the items are computed one by one in this process."""
    if not can_fork():
        yield from map(function, items)
        return
    context = multiprocessing.get_context("fork")
    processes = max(1, min(processes, len(items)))
    workers: list[_Worker] = []
    finished: dict[int, R | Lost] = {}
    handed = 0  # items handed out so far
    oldest = 0  # the next item to yield
    try:
        while oldest < len(items):
            for worker in [w for w in workers if w.task is None and not w.process.is_alive()]:
                worker.stop()
                workers.remove(worker)
            while len(workers) < processes:
                workers.append(_Worker(context, function, workers))
            for worker in workers:
                if worker.task is None and handed < min(len(items),
                                                        oldest + LOOKAHEAD * processes):
                    worker.give(_Task(handed, items[handed], time.monotonic()))
                    handed += 1
            busy = [worker for worker in workers if worker.task is not None]
            for worker in _ready(busy, deadline):
                task = worker.task
                assert task is not None
                result = _answer(worker, deadline)
                if isinstance(result, Lost):
                    worker.stop()
                    workers.remove(worker)
                worker.task = None
                finished[task.index] = result
            while oldest in finished:
                yield finished.pop(oldest)
                oldest += 1
    finally:
        for worker in workers:
            worker.stop()


def _ready(busy: list[_Worker], deadline: float) -> list[_Worker]:
    """The busy workers that answered, died or ran out of time, waiting for one."""
    waits = [worker.task.started + deadline + GRACE - time.monotonic()
             for worker in busy if worker.task is not None] if deadline else []
    timeout = max(0.0, min(waits)) if waits else None
    handles = {worker.connection: worker for worker in busy}
    handles.update({worker.process.sentinel: worker for worker in busy})
    ready = {handles[handle] for handle in wait(list(handles), timeout)}
    now = time.monotonic()
    ready.update(worker for worker in busy if deadline and worker.task is not None
                 and now > worker.task.started + deadline + GRACE)
    return [worker for worker in busy if worker in ready]


def _answer(worker: _Worker, deadline: float) -> Any:
    """What a ready worker has for its item: its result, or why it is lost."""
    if worker.connection.poll():
        try:
            return worker.connection.recv()
        except (EOFError, OSError):
            pass  # its end of the pipe closed before an answer: it died
    assert worker.task is not None
    overdue = bool(deadline) and time.monotonic() > worker.task.started + deadline + GRACE
    if overdue and worker.process.is_alive():
        return Lost(f"not finished {deadline:g} s after it started; its process was "
                    "stopped")
    worker.process.join(GRACE)  # it is ending: its descriptors closed before its exit code
    code = worker.process.exitcode
    how = (f"killed by signal {signal.Signals(-code).name}" if code is not None and code < 0
           else f"exit code {code}")
    return Lost(f"the process checking it ended ({how})")
