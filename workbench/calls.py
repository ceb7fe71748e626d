"""Call the implementations of a hook one by one, each under :mod:`workbench.isolation`.

A plugin that raises, times out, returns the wrong type or changes its arguments is
handed to the caller's ``on_error`` and the others still run, so one broken plugin never
hides the results of the rest. ``WORKBENCH_TRACE_PLUGINS=1`` prints every call, its
plugin and its time to stderr.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

from workbench import isolation
from workbench.plugins import generation, run_manager

# Per hook: the guards of its implementations, with what they were made for.
_guard_cache: dict[str, tuple[int, isolation.Settings, bool, list[isolation.Guard]]] = {}


def _guards(hook_name: str) -> Iterator[isolation.Guard]:
    """A guard for each implementation of a hook, in pluggy's order, less the plugins the
    run skips (checked as each is reached, so a plugin that times out on the way is left
    out).

    The guards are made once for a set of plugins, settings and thread kind (the timer
    serves the main thread only), since a run calls the same hooks document after
    document.
    """
    settings = isolation.active()
    in_main = threading.current_thread() is threading.main_thread()
    cached = _guard_cache.get(hook_name)
    if cached is None or cached[0] != generation() or cached[1] is not settings or \
            cached[2] != in_main:
        impls = reversed(getattr(run_manager().hook, hook_name).get_hookimpls())
        guards = [isolation.Guard(impl.plugin_name, hook_name, impl.function, impl.argnames)
                  for impl in impls]
        cached = _guard_cache[hook_name] = (generation(), settings, in_main, guards)
    for guard in cached[3]:
        if not settings.skips(guard.plugin):
            yield guard


def _guarded(guard: isolation.Guard, kwargs: dict[str, Any], pictures: dict[str, Any] | None,
             trace: bool, check_records: bool = True) -> Any:
    """One call through ``guard``, its time printed to stderr when ``trace``."""
    if not trace:
        return guard(kwargs, pictures, check_records)
    started = time.perf_counter()
    try:
        return guard(kwargs, pictures, check_records)
    finally:
        elapsed = (time.perf_counter() - started) * 1000
        print(f"trace: {guard.plugin}.{guard.hook} {elapsed:.2f} ms", file=sys.stderr)


def implementations(hook_name: str) -> Iterator[tuple[str, Callable[..., Any]]]:
    """Yield ``(plugin_name, call)`` for each implementation of a hook, in pluggy's order.

    Plugins disabled for the run, or timed out earlier in it, are left out.
    ``call(**kwargs)`` passes each implementation only the arguments it asks for, under
    the rules of :func:`workbench.isolation.guarded_call` (time limit, result type, no
    mutation), and prints its time to stderr when ``WORKBENCH_TRACE_PLUGINS`` is set.
    """
    trace = bool(os.environ.get("WORKBENCH_TRACE_PLUGINS"))
    for guard in _guards(hook_name):

        def call(_guard: isolation.Guard = guard, **kwargs: Any) -> Any:
            return _guarded(_guard, kwargs, None, trace)

        yield guard.plugin, call


def call_each(
    hook_name: str,
    on_error: Callable[[str, BaseException], None],
    firstresult: bool = False,
    **kwargs: Any,
) -> list[tuple[str, Any]]:
    """Call every implementation of a hook on its own.

    A plugin that raises, times out, returns the wrong type or changes its arguments
    (:mod:`workbench.isolation`) is handed to ``on_error(plugin_name, error)`` and the
    others still run, so one broken plugin never hides the results of the rest. Returns
    ``(plugin_name, result)`` for each non-None result (only the first, if
    ``firstresult``).

    The arguments are fingerprinted once, and compared once after all the
    implementations ran: per-claim hooks run thousands of times, and the comparison
    costs more than most plugins. Only when something changed are the arguments put
    back and the implementations run again, each checked on its own, to find which one
    changed them; the results of that second round are the ones returned.
    """
    trace = bool(os.environ.get("WORKBENCH_TRACE_PLUGINS"))
    if hook_name.startswith("register_"):
        results, errors = _call_all(hook_name, kwargs, None, firstresult, trace, True)
    else:
        pictures = isolation.fingerprint(hook_name, kwargs)
        results, errors = _call_all(hook_name, kwargs, pictures, firstresult, trace, False)
        if isolation.restore(kwargs, pictures):
            timeouts = [(name, error) for name, error in errors
                        if isinstance(error, isolation.PluginTimeout)]
            results, errors = _call_all(hook_name, kwargs, pictures, firstresult, trace, True)
            errors = timeouts + errors  # a plugin that timed out is not called again
    for plugin_name, error in errors:
        on_error(plugin_name, error)
    return results


# Claims fingerprinted and compared together: their pictures are what a round holds.
CLAIMS_PER_ROUND = 256


def call_each_claim(
    hook_name: str,
    claims: list[dict[str, Any]],
    on_error: Callable[[str, BaseException], None],
    firstresult: bool = False,
    **kwargs: Any,
) -> list[list[tuple[str, Any]]]:
    """:func:`call_each` for each of ``claims`` as the argument ``claim``, the other
    arguments shared: the results of each claim, in order.

    The claims go in rounds of :data:`CLAIMS_PER_ROUND`. In a round each implementation
    is called on every claim in turn (with ``firstresult``, on those no earlier one
    answered); the records are fingerprinted once for the round and compared once after
    its calls. Only when something changed are the records put back and the round's
    claims run again one by one through :func:`call_each`, which finds the plugin that
    changed them. All the calls share one interval timer
    (:func:`workbench.isolation.shared_timer`).
    """
    results: list[list[tuple[str, Any]]] = []
    with isolation.shared_timer():
        for start in range(0, len(claims), CLAIMS_PER_ROUND):
            results += _claims_round(hook_name, claims[start:start + CLAIMS_PER_ROUND],
                                     on_error, firstresult, kwargs)
    return results


def _claims_round(hook_name: str, claims: list[dict[str, Any]],
                  on_error: Callable[[str, BaseException], None], firstresult: bool,
                  kwargs: dict[str, Any]) -> list[list[tuple[str, Any]]]:
    """One round of :func:`call_each_claim`."""
    trace = bool(os.environ.get("WORKBENCH_TRACE_PLUGINS"))
    settings = isolation.active()
    pictures = isolation.fingerprint(hook_name, {"claims": claims, **kwargs})
    results: list[list[tuple[str, Any]]] = [[] for _ in claims]
    errors: list[tuple[str, Exception]] = []
    arguments = dict(kwargs)
    for guard in list(_guards(hook_name)):
        name = guard.plugin
        for found, claim in zip(results, claims, strict=True):
            if firstresult and found:
                continue
            if settings.skips(name):
                break  # it timed out: skipped for the rest of the run
            arguments["claim"] = claim
            try:
                result = _guarded(guard, arguments, None, trace, False)
            except Exception as error:
                errors.append((name, error))
                continue
            if result is not None:
                found.append((name, result))
    if isolation.restore({"claims": claims, **kwargs}, pictures):
        for plugin_name, error in errors:
            if isinstance(error, isolation.PluginTimeout):
                on_error(plugin_name, error)  # not called again, so not reported again
        return [call_each(hook_name, on_error, firstresult, claim=claim, **kwargs)
                for claim in claims]
    for plugin_name, error in errors:
        on_error(plugin_name, error)
    return results


def _call_all(hook_name: str, kwargs: dict[str, Any], pictures: dict[str, Any] | None,
              firstresult: bool, trace: bool, check_records: bool
              ) -> tuple[list[tuple[str, Any]], list[tuple[str, Exception]]]:
    """One round of :func:`call_each`: the results and the errors, by plugin name."""
    results: list[tuple[str, Any]] = []
    errors: list[tuple[str, Exception]] = []
    for guard in _guards(hook_name):
        try:
            result = _guarded(guard, kwargs, pictures, trace, check_records)
        except Exception as error:
            errors.append((guard.plugin, error))
            continue
        if result is not None:
            results.append((guard.plugin, result))
            if firstresult:
                break
    return results, errors
