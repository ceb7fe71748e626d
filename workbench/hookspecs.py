"""Hook specifications: every extension point of Workbench, and nothing else.

A plugin is any module or object with functions named after these hooks and marked with
``@workbench.hookimpl``. Implementations may accept any subset of a hook's arguments.
Records passed in and out are plain dicts that match the JSON Schemas in ``schemas/``; the
core validates whatever a plugin returns and drops (or, under ``--strict``, refuses) what
does not match.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    import click

    from workbench.pipeline import CheckOptions
    from workbench.registry import Exporter, Loader

hookspec = pluggy.HookspecMarker("workbench")

# --------------------------------------------------------------------------------------
# Contributions: called once per process, each plugin hands things to ``register``.
# --------------------------------------------------------------------------------------


@hookspec
def register_loaders(register: Callable[[Loader], None]) -> None:
    """Register document loaders by calling ``register(Loader(...))``.

    A loader turns raw bytes of given media types (and file suffixes, for folder scans)
    into a Document record. When two plugins claim one media type, the one registered
    last wins and the clash is recorded.

    :param register: Callback taking a :class:`workbench.registry.Loader`.
    """


@hookspec
def register_exporters(register: Callable[[Exporter], None]) -> None:
    """Register review exporters by calling ``register(Exporter(...))``.

    An exporter turns a validated review dict into ``str`` or ``bytes``; its name is what
    ``--format NAME`` selects.

    :param register: Callback taking a :class:`workbench.registry.Exporter`.
    """


@hookspec
def register_commands(cli: click.Group) -> None:
    """Add sub-commands to the ``workbench`` command group.

    Called once when the CLI starts; use ``@cli.command()`` or ``cli.add_command()``.

    :param cli: The top-level click group.
    """


# --------------------------------------------------------------------------------------
# Per document: called for each document of a run, in this order.
# --------------------------------------------------------------------------------------


@hookspec
def find_boilerplate(document: dict[str, Any]) -> list[dict[str, Any]] | None:
    """Mark page furniture in a document's text: ranges that are not the article.

    Return ``[{"start": int, "end": int, "reason": str}, ...]``, half-open offsets into
    ``document["text"]`` (reading-time lines, share prompts, licence notices, repeated
    titles...). The text itself is left unchanged, so every offset stays exact: the core
    records the ranges in ``document["metadata"]["dropped"]`` and no claim is made from
    text inside them. All results are collected.

    :param document: The Document record, as its loader made it.
    """


@hookspec(firstresult=True)
def segment_document(document: dict[str, Any]) -> list[tuple[int, int]] | None:
    """Split a document's text into sentences.

    Return ``[(start, end), ...]``: sorted, non-overlapping, half-open offsets into
    ``document["text"]`` (Unicode code points), trimmed of surrounding white space, or
    ``None`` to let another segmenter answer. Stops at first non-None result.

    :param document: The Document record.
    """


@hookspec
def detect_signals(
    document: dict[str, Any], sentences: list[tuple[int, int]]
) -> list[dict[str, Any]] | None:
    """Find evidence that sentences carry checkable assertions.

    Return a list of signals ``{"kind", "span": {"start", "end"}, "text", "weight",
    "value"?}`` with offsets into ``document["text"]``; the core fills in ``detector``
    and attaches each signal to the sentence its span starts in. All results are
    collected.

    :param document: The Document record.
    :param sentences: The segmenter's ``(start, end)`` pairs.
    """


@hookspec(firstresult=True)
def score_claim(claim: dict[str, Any], document: dict[str, Any]) -> float | None:
    """Return the claim's check-worthiness in [0, 1], or ``None`` to pass.

    Called once per candidate claim, after its signals are merged. Without an answer the
    core combines the signal weights (noisy-or). Stops at first non-None result.

    :param claim: The Claim record (``checkworthiness`` not yet final).
    :param document: The Document record it belongs to.
    """


@hookspec
def check_claim(
    claim: dict[str, Any], document: dict[str, Any], options: CheckOptions
) -> list[dict[str, Any]] | None:
    """Return verdicts for one check-worthy claim.

    Each verdict is ``{"rating", "confidence", "rationale", "sources", "computation"?}``;
    the core fills in ``origin`` and ``created``. A rating other than ``unverified`` must
    carry a source or a computation. All results are collected.

    :param claim: The Claim record.
    :param document: The Document record it belongs to.
    :param options: The run's :class:`workbench.pipeline.CheckOptions` (as-of date, online).
    """
