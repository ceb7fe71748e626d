"""Hook specifications: every extension point of Workbench, and nothing else.

A plugin is any module or object with functions named after these hooks and marked with
``@workbench.hookimpl``. Implementations may accept any subset of a hook's arguments.
Records passed in and out are plain dicts that match the JSON Schemas in ``schemas/``; the
core validates whatever a plugin returns and drops (or, under ``--strict``, refuses) what
does not match.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pluggy

from workbench.types import CheckOptions, Exporter, Loader

if TYPE_CHECKING:
    import click

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

    ``load`` receives a :class:`workbench.types.RawInput`: ``uri``, ``data`` (the
    bytes), ``media_type`` and ``encoding``, how the run asks text to be decoded
    (``check --encoding``): a Python codec name, ``utf-8`` by default, or ``auto`` to
    detect the character set and say so in a note. A loader that decodes text honours
    it; ``workbench_plugins.loaders.text.decode(raw)`` does, as the bundled loaders do
    (strict UTF-8 by default, byte-order marks, binary data refused).

    :param register: Callback taking a :class:`workbench.types.Loader`.

    Example::

        from workbench import hookimpl
        from workbench.records import make_document
        from workbench.types import Loader


        def load_log(raw):
            return make_document(raw, raw.data.decode("utf-8"))


        @hookimpl
        def register_loaders(register):
            register(Loader(name="log", media_types=("text/x-log",),
                            suffixes={".log": "text/x-log"}, load=load_log))
    """


@hookspec
def register_exporters(register: Callable[[Exporter], None]) -> None:
    r"""Register review exporters by calling ``register(Exporter(...))``.

    An exporter turns a validated review dict into ``str`` or ``bytes``; its name is what
    ``--format NAME`` selects. An exporter that can write a review piece by piece also
    gives ``stream=Stream(part=..., head=..., tail=...)`` (see
    :class:`workbench.types.Stream`): runs too large to hold then never hold the
    review, and each document's part is made in the worker process that checked it.
    A format that leaves claims out (ClaimReview publishes rated ones) gives
    ``explain_empty=``, a function saying why a review's output is empty, which the
    command prints instead of an empty result without a word.

    :param register: Callback taking a :class:`workbench.types.Exporter`.

    Example::

        from workbench import hookimpl
        from workbench.types import Exporter


        def export_lines(review):
            return "".join(claim["text"] + "\n" for entry in review["documents"]
                           for claim in entry["claims"])


        @hookimpl
        def register_exporters(register):
            register(Exporter(name="lines", description="One claim per line.",
                              media_type="text/plain", suffix=".txt", export=export_lines))
    """


@hookspec
def register_commands(cli: click.Group) -> None:
    """Add sub-commands to the ``workbench`` command group.

    Called once per process, when a command that is not one of Workbench's own is
    looked up or when every command is listed (``workbench --help``). Use
    ``@cli.command()`` or ``cli.add_command()``; a plugin's command replaces a core
    command of the same name.

    :param cli: The top-level click group.

    Example::

        import click

        from workbench import hookimpl


        @hookimpl
        def register_commands(cli):
            @cli.command(help="Say hello.")
            @click.argument("name")
            def hello(name):
                click.echo(f"hello {name}")
    """


@hookspec
def register_fact_packs(register: Callable[[str | Path], None]) -> None:
    """Register folders holding fact packs by calling ``register(folder)``.

    A fact pack is a Frictionless Data Package of sourced facts (entities, facts, sources
    and optionally statistical series, as CSV); the bundled checkers and the entity
    detector read every registered pack, a later one outranking an earlier one on the same
    subject and relation. A newsroom's own packs come after those of plugins (``facts``
    in ``workbench.toml``). See ``workbench facts --help`` and the README.

    :param register: Callback taking the folder of a pack (its ``datapackage.json``).

    Example::

        from pathlib import Path

        from workbench import hookimpl


        @hookimpl
        def register_fact_packs(register):
            register(Path(__file__).with_name("election-facts"))
    """


# --------------------------------------------------------------------------------------
# Per document: called for each document of a run, in this order.
# --------------------------------------------------------------------------------------


@hookspec
def find_boilerplate(document: dict[str, Any]) -> list[dict[str, Any]] | None:
    r"""Mark page furniture in a document's text: ranges that are not the article.

    Return ``[{"start": int, "end": int, "reason": str}, ...]``, half-open offsets into
    ``document["text"]`` (reading-time lines, share prompts, licence notices, repeated
    titles...). The text itself is left unchanged, so every offset stays exact: the core
    records the ranges in ``document["metadata"]["dropped"]`` and no claim is made from
    text inside them. All results are collected.

    :param document: The Document record, as its loader made it.

    Example::

        from workbench import hookimpl


        @hookimpl
        def find_boilerplate(document):
            # drop "Advertisement" lines
            text, found, start = document["text"], [], 0
            for line in text.split("\n"):
                if line.strip() == "Advertisement":
                    left = start + len(line) - len(line.lstrip())
                    found.append({"start": left, "end": left + len("Advertisement"),
                                  "reason": "advertisement"})
                start += len(line) + 1
            return found
    """


@hookspec(firstresult=True)
def segment_document(document: dict[str, Any]) -> list[tuple[int, int]] | None:
    r"""Split a document's text into sentences.

    Return ``[(start, end), ...]``: sorted, non-overlapping, half-open offsets into
    ``document["text"]`` (Unicode code points), trimmed of surrounding white space, or
    ``None`` to let another segmenter answer. Stops at first non-None result.

    :param document: The Document record.

    Example::

        from workbench import hookimpl


        @hookimpl
        def segment_document(document):
            # one sentence per non-empty line
            spans, start = [], 0
            for line in document["text"].split("\n"):
                if line.strip():
                    left = start + len(line) - len(line.lstrip())
                    spans.append((left, start + len(line.rstrip())))
                start += len(line) + 1
            return spans
    """


@hookspec
def detect_signals(
    document: dict[str, Any], sentences: list[tuple[int, int]]
) -> list[dict[str, Any]] | None:
    r"""Find evidence that sentences carry checkable assertions.

    Return a list of signals ``{"kind", "span": {"start", "end"}, "text", "weight",
    "value"?}`` with offsets into ``document["text"]``; the core fills in ``detector``
    and attaches each signal to the sentence its span starts in (a signal that starts
    in none is dropped). All results are collected.

    A detector that reads only some languages lists them, as ISO 639 codes, in a module
    (or class) attribute ``LANGUAGES = ("en",)``: it is then not called for a document
    whose ``metadata["language"]`` is another one, and a note on the document names it.
    Without ``LANGUAGES`` it is called for every language.

    :param document: The Document record.
    :param sentences: The segmenter's ``(start, end)`` pairs, page furniture left out.

    Example::

        import re

        from workbench import hookimpl
        from workbench.records import make_signal

        PERCENT = re.compile(r"\b\d+(?:\.\d+)?\s?(?:%|per ?cent)")


        @hookimpl
        def detect_signals(document):
            text = document["text"]
            return [make_signal(text, "statistic", m.start(), m.end(), 0.6)
                    for m in PERCENT.finditer(text)]
    """


@hookspec(firstresult=True)
def score_claim(claim: dict[str, Any], document: dict[str, Any]) -> float | None:
    """Return the claim's check-worthiness in [0, 1], or ``None`` to pass.

    Called once per candidate claim, after its signals are merged. Without an answer the
    core combines the signal weights (noisy-or). Stops at first non-None result. A scorer
    declares the languages it reads as a detector does (``LANGUAGES``).

    :param claim: The Claim record (``checkworthiness`` not yet final).
    :param document: The Document record it belongs to.

    Example::

        from workbench import hookimpl


        @hookimpl
        def score_claim(claim):
            # questions are rarely check-worthy
            if claim["text"].rstrip().endswith("?"):
                return 0.1
            return None
    """


@hookspec
def annotate_document(document: dict[str, Any], options: CheckOptions) -> dict[str, Any] | None:
    """Return document-level findings to add to ``document["metadata"]``.

    Called once per document, after its claims are made and before they are scored
    and checked, so that ``check_claim`` implementations can read the findings (link
    checks, say) without changing the document themselves. Return a dict of new metadata keys, or
    ``None``; a key that is already set is reported and skipped. All results are
    collected.

    :param document: The Document record.
    :param options: The run's :class:`workbench.types.CheckOptions`.

    Example::

        from workbench import hookimpl


        @hookimpl
        def annotate_document(document):
            words = len(document["text"].split())
            return {"reading_minutes": max(1, round(words / 230))}
    """


@hookspec
def check_claim(
    claim: dict[str, Any], document: dict[str, Any], options: CheckOptions
) -> list[dict[str, Any]] | None:
    """Return verdicts for one claim worth checking.

    Called for each claim that is check-worthy or carries a signal of positive weight.

    Each verdict is ``{"rating", "confidence", "rationale", "sources", "computation"?}``;
    the core fills in ``origin`` and ``created``. A rating other than ``unverified`` must
    carry a source or a computation. All results are collected.

    :param claim: The Claim record.
    :param document: The Document record it belongs to.
    :param options: The run's :class:`workbench.types.CheckOptions` (as-of date, online).

    Example::

        from workbench import hookimpl
        from workbench.records import make_verdict


        @hookimpl
        def check_claim(claim, options):
            years = [s["value"]["year"] for s in claim["signals"]
                     if s["kind"] == "temporal" and s.get("value", {}).get("type") == "year"]
            if options.as_of and any(year > options.as_of.year for year in years):
                return [make_verdict("unverified", 0.5,
                                     "Mentions a year after the as-of date: a forecast?")]
            return None
    """


# --------------------------------------------------------------------------------------
# Configuration: read when a run starts.
# --------------------------------------------------------------------------------------


@hookspec
def plugin_options_schema() -> dict[str, Any] | None:
    """Return the JSON Schema (2020-12) of this plugin's options, or ``None`` for none.

    Options come from the plugin's table in ``workbench.toml`` (``[plugins.NAME]``, NAME
    being the entry-point name). They are validated against this schema when a run
    starts, and an invalid value stops the run with one line naming the plugin and the
    value's path. The plugin reads them, with the top-level ``default`` values filled
    in, through ``workbench.config.plugin_options(NAME)``.

    Example::

        from workbench import hookimpl
        from workbench.config import plugin_options


        @hookimpl
        def plugin_options_schema():
            return {"type": "object", "additionalProperties": False,
                    "properties": {"weight": {"type": "number", "minimum": 0,
                                              "maximum": 1, "default": 0.6}}}


        def weight():
            return plugin_options("my_plugin")["weight"]
    """
