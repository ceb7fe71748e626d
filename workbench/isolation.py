"""Keep one misbehaving plugin from spoiling a run: time limits, result types, mutation.

Every hook call of a run goes through a :class:`Guard` (made once per implementation
and hook, or by :func:`guarded_call` for a single call), which

- stops waiting for the plugin after its time limit (``timeout`` in configuration, 30 s
  by default; ``0`` turns the limit off) and reports :class:`PluginTimeout`; the plugin
  is then skipped for the rest of the run, because its call may still be running;
- checks the type of what the plugin returned (:data:`RESULT_TYPES`) and reports
  :class:`WrongResult`;
- compares a fingerprint of the records it was given before and after the call, and on
  a change restores them and reports :class:`RecordMutated`, so later plugins see the
  records as the core made them. (:func:`workbench.calls.call_each` compares once
  after all the implementations of a hook, and checks them one by one only when
  something changed: the comparison costs more than most per-claim plugins.)

In the main thread a timed call runs under an interval timer (SIGALRM, armed lazily: see
:func:`shared_timer`) that interrupts the plugin when its time is up; a plugin stuck
inside C code that does not return to Python is only interrupted when it does. In other
threads the call runs in a worker thread (a daemon thread, so a plugin that never
returns cannot keep the process alive); a call that outlives its limit keeps running
there and may still touch the records it holds, which is one more reason the plugin is
not called again. ``register_*`` hooks run at start-up in the calling thread, without a
limit. The limit is general rather than only for online plugins, since nothing marks a
plugin as online: 30 s is far above what an offline plugin needs, and ``timeout = 0``
(for one plugin or for all) turns the limit off.
"""

from __future__ import annotations

import _signal
import os
import queue
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import orjson

DEFAULT_TIMEOUT = 30.0

# What each hook may return besides None; a hook missing here is not checked.
RESULT_TYPES: dict[str, tuple[type, ...]] = {
    "segment_document": (list, tuple),
    "detect_signals": (list, tuple),
    "score_claim": (int, float),
    "check_claim": (list, tuple),
    "annotate_document": (dict,),
    "plugin_options_schema": (dict,),
}


class PluginFault(Exception):
    """A plugin broke a rule of the hook it implements; the message says how."""


def describe(error: BaseException) -> str:
    """A one-line account of a plugin's failure, for the failure log."""
    if isinstance(error, PluginFault):
        return str(error)
    return f"{type(error).__name__}: {error}"


class PluginTimeout(PluginFault):
    """A plugin did not return within its time limit."""


class WrongResult(PluginFault):
    """A plugin returned a value of the wrong type."""


class RecordMutated(PluginFault):
    """A plugin changed a record it was given."""


@dataclass(frozen=True)
class Settings:
    """How plugins run: which are disabled, their time limits and their options."""

    disabled: frozenset[str] = frozenset()
    default_timeout: float = DEFAULT_TIMEOUT
    timeouts: Mapping[str, float] = field(default_factory=dict)
    options: Mapping[str, dict[str, Any]] = field(default_factory=dict)
    timed_out: set[str] = field(default_factory=set, compare=False)

    def timeout_for(self, plugin: str) -> float:
        """Seconds ``plugin`` may take per call (``0``: no limit)."""
        return self.timeouts.get(plugin, self.default_timeout)

    def skips(self, plugin: str) -> bool:
        """True when ``plugin`` must not be called in this run."""
        return plugin in self.disabled or plugin in self.timed_out


_active = Settings()


def active() -> Settings:
    """The settings of the current run (defaults outside a run)."""
    return _active


@contextmanager
def applied(settings: Settings) -> Iterator[Settings]:
    """Make ``settings`` the active ones for the duration of a run."""
    global _active
    previous, _active = _active, settings
    try:
        yield settings
    finally:
        _active = previous


def plugin_options(name: str) -> dict[str, Any]:
    """The options configured for plugin ``name`` in this run, schema defaults filled in.

    Plugins call this with their entry-point name, e.g. ``plugin_options("phrases")``.
    """
    return dict(_active.options.get(name, {}))


# --------------------------------------------------------------------------------------
# Fingerprints of the records a plugin is given.
# --------------------------------------------------------------------------------------


# Per-claim hooks run once per sentence: their document (text and offset map can be large)
# is checked shallowly there, top-level keys and value identities, and deeply in the
# per-document hooks that run once.
SHALLOW_ARGUMENTS = {("score_claim", "document"), ("check_claim", "document")}


def fingerprint(hook: str, kwargs: Mapping[str, Any]) -> dict[str, Any]:
    """A picture of each dict or list argument taken before a call.

    Deep pictures are JSON bytes from orjson (records are JSON-like; an argument that is
    not is left unchecked): four times faster than a pickle, and unlike a marshal dump
    they do not depend on reference counts. Shallow pictures are a copy of the top
    level. A picture
    stays valid across calls, since a changed argument is restored to it: a caller that
    runs several plugins on the same arguments takes it once (see :func:`guarded_call`).
    """
    found: dict[str, Any] = {}
    for name, value in kwargs.items():
        if (hook, name) in SHALLOW_ARGUMENTS and isinstance(value, dict):
            found[name] = dict(value)
        elif isinstance(value, dict | list):
            try:
                found[name] = orjson.dumps(value)
            except TypeError:  # holds something JSON cannot represent
                continue
    return found


def _unchanged(value: Any, picture: Any) -> bool:
    if isinstance(picture, dict):
        return value.keys() == picture.keys() and all(
            value[key] is item for key, item in picture.items())
    try:
        return orjson.dumps(value) == picture
    except TypeError:  # the plugin put in something JSON cannot represent
        return False


def restore(kwargs: Mapping[str, Any], before: Mapping[str, Any]) -> list[str]:
    """Put back every argument whose picture (see :func:`fingerprint`) changed; return
    their names."""
    changed = []
    for name, picture in before.items():
        value = kwargs[name]
        if _unchanged(value, picture):
            continue
        changed.append(name)
        original = dict(picture) if isinstance(picture, dict) else orjson.loads(picture)
        if isinstance(value, dict):
            value.clear()
            value.update(original)
        elif len(value) == len(original) and all(isinstance(item, dict) for item in value):
            for item, item_before in zip(value, original, strict=True):
                item.clear()  # in place: the caller may hold these records elsewhere too
                item.update(item_before)
        else:
            value[:] = original
    return changed


# --------------------------------------------------------------------------------------
# Time limits: a worker thread per calling thread.
# --------------------------------------------------------------------------------------


class _Worker:
    """A daemon thread that runs one call at a time for the thread that owns it."""

    def __init__(self) -> None:
        self.inbox: queue.SimpleQueue[Any] = queue.SimpleQueue()
        thread = threading.Thread(target=self._serve, name="workbench-plugin", daemon=True)
        thread.start()

    def _serve(self) -> None:
        while True:
            function, args, outbox = self.inbox.get()
            try:
                outbox.put((True, function(*args)))
            except BaseException as error:  # handed back to the caller, who reports it
                outbox.put((False, error))

    def run(self, function: Callable[..., Any], args: tuple[Any, ...], timeout: float) -> Any:
        """Call ``function(*args)``; raise :class:`queue.Empty` after ``timeout`` s."""
        outbox: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self.inbox.put((function, args, outbox))
        ok, value = outbox.get(timeout=timeout)
        if ok:
            return value
        raise value


_local = threading.local()


class _Alarm(BaseException):
    """Raised inside a plugin when its time is up (not an Exception: plugins cannot
    swallow it with ``except Exception``)."""


# The interval timer is armed lazily: a call only sets its deadline, and the timer is set
# when none is pending or the pending one would ring after that deadline. When the timer
# rings inside a call whose deadline is still ahead (it was set for an earlier call), it is
# set again for the time left. So a run of calls costs a clock reading each instead of two
# system calls each, inside :func:`shared_timer`.
_alarm: dict[str, Any] = {"armed": False, "deadline": 0.0, "rings_at": None,
                          "previous": None, "shared": False}
_HAS_TIMER = hasattr(signal, "setitimer")  # not on Windows


def _set_timer(deadline: float, now: float) -> None:
    _alarm["rings_at"] = deadline
    signal.setitimer(signal.ITIMER_REAL, max(deadline - now, 1e-6))


def _ring(signum: int, frame: Any) -> None:
    ours = _alarm["rings_at"] is not None
    _alarm["rings_at"] = None
    if _alarm["armed"]:
        now = time.monotonic()
        if now >= _alarm["deadline"]:
            raise _Alarm
        _set_timer(_alarm["deadline"], now)
        return
    previous = _alarm["previous"]
    if not ours and callable(previous):  # someone else's alarm: hand it on
        previous(signum, frame)


def _forget_timer() -> None:
    """In a forked child: no timer of the parent is pending (timers are not inherited)."""
    _alarm["rings_at"] = None
    _alarm["armed"] = False


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_timer)


def _disarm() -> None:
    if _alarm["rings_at"] is not None:
        _alarm["rings_at"] = None
        signal.setitimer(signal.ITIMER_REAL, 0)


@contextmanager
def shared_timer() -> Iterator[None]:
    """Let the timed calls inside the block share one interval timer, cleared at its end.

    Outside such a block each timed call clears its timer when it returns.
    """
    outer = _alarm["shared"]
    _alarm["shared"] = True
    try:
        yield
    finally:
        _alarm["shared"] = outer
        if not outer:
            _disarm()


def _call_with_alarm(function: Callable[..., Any], args: tuple[Any, ...],
                     timeout: float) -> Any:
    """Call ``function(*args)`` under the interval timer; raise :class:`queue.Empty` late.

    The handler is installed once per process (installing it costs more than the call it
    guards) and only acts while one of our timers is pending.
    """
    # _signal.getsignal is signal.getsignal without the conversion to an enum, which
    # costs more than the rest of the guard when the handler is a function.
    if _signal.getsignal(signal.SIGALRM) is not _ring:
        _alarm["previous"] = signal.signal(signal.SIGALRM, _ring)
    now = time.monotonic()
    deadline = _alarm["deadline"] = now + timeout
    rings_at = _alarm["rings_at"]
    if rings_at is None or rings_at > deadline:
        _set_timer(deadline, now)
    try:
        try:
            _alarm["armed"] = True
            return function(*args)
        finally:
            _alarm["armed"] = False
            if not _alarm["shared"]:
                _disarm()
    except _Alarm:
        raise queue.Empty from None


def _call_in_worker(function: Callable[..., Any], args: tuple[Any, ...],
                    timeout: float) -> Any:
    """Call ``function(*args)`` in this thread's worker thread, abandoned when late."""
    worker = getattr(_local, "worker", None) or _Worker()
    _local.worker = worker
    try:
        return worker.run(function, args, timeout)
    except queue.Empty:
        _local.worker = None  # the old worker may be stuck for good: use a fresh one
        raise


def _seconds(value: float) -> str:
    return f"{value:g} s"


class Guard:
    """One hook implementation, ready to be called under the rules above many times.

    The plugin's time limit, the result types its hook allows and the way the limit is
    kept are looked up once: in the main thread an interval timer interrupts the plugin
    (no hand-off); elsewhere the call runs in a worker thread that is abandoned when late.
    """

    def __init__(self, plugin: str, hook: str, function: Callable[..., Any],
                 argnames: Iterable[str]) -> None:
        self.plugin, self.hook, self.function = plugin, hook, function
        self.argnames = tuple(argnames)
        self.limit = _active.timeout_for(plugin)
        self.expected = RESULT_TYPES.get(hook)
        in_main = threading.current_thread() is threading.main_thread()
        self.timed = _call_with_alarm if _HAS_TIMER and in_main else _call_in_worker

    def __call__(self, kwargs: Mapping[str, Any], pictures: Mapping[str, Any] | None = None,
                 check_records: bool = True) -> Any:
        """Call the implementation with its arguments from ``kwargs``; raise a
        :class:`PluginFault` when it breaks a rule.

        ``pictures`` is :func:`fingerprint` of ``kwargs`` taken by the caller before this
        call (and before earlier calls on the same arguments); without it one is taken
        here. With ``check_records`` false the records are not compared after the call:
        the caller compares them once after several calls (see
        :func:`workbench.calls.call_each`).
        """
        hook, function = self.hook, self.function
        args = tuple([kwargs[name] for name in self.argnames])
        if hook.startswith("register_"):
            return function(*args)
        if not check_records:
            before: dict[str, Any] = {}
        elif pictures is None:
            before = fingerprint(hook, {name: kwargs[name] for name in self.argnames})
        else:  # only what this implementation is given (it cannot reach the rest)
            before = {name: pictures[name] for name in self.argnames if name in pictures}
        limit = self.limit
        try:
            result = self.timed(function, args, limit) if limit > 0 else function(*args)
        except queue.Empty:
            _active.timed_out.add(self.plugin)
            raise PluginTimeout(f"{hook} did not return within {_seconds(limit)} "
                                "(skipped for the rest of the run)") from None
        except BaseException:
            if before:
                restore(kwargs, before)
            raise
        changed = restore(kwargs, before) if before else []
        if changed:
            raise RecordMutated(f"{hook} changed the {' and '.join(changed)} it was given "
                                "(changes undone, result dropped)")
        expected = self.expected
        if result is not None and expected and (
                not isinstance(result, expected) or isinstance(result, bool)):
            names = " or ".join(kind.__name__ for kind in expected)
            raise WrongResult(f"{hook} returned {type(result).__name__}, expected {names} "
                              "or None")
        return result


def guarded_call(plugin: str, hook: str, function: Callable[..., Any],
                 argnames: Iterable[str], kwargs: Mapping[str, Any],
                 pictures: Mapping[str, Any] | None = None, check_records: bool = True) -> Any:
    """Call one hook implementation once under the rules above (see :class:`Guard`)."""
    return Guard(plugin, hook, function, argnames)(kwargs, pictures, check_records)
