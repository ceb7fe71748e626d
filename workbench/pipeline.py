"""Run the plugins over one input: load, segment, detect, score, check.

Every hook is called plugin by plugin, so a plugin that raises or returns an invalid
record is reported with its name and the document, and the run goes on without that
result (``strict`` makes it fatal).
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise
from typing import Any

import orjson

from workbench import validation
from workbench.calls import call_each, call_each_claim, implementations
from workbench.claims import CHECKWORTHY_THRESHOLD, build_claims, count_occurrences
from workbench.errors import InputError, PluginError, WorkbenchError
from workbench.isolation import active, describe, guarded_call, shared_timer
from workbench.records import now
from workbench.registry import RawInput, loader_for

Record = dict[str, Any]


@dataclass(frozen=True)
class CheckOptions:
    """Settings of a run that checker plugins may consult."""

    as_of: date | None = None
    online: bool = False


def online_enabled(flag: bool | None) -> bool:
    """``--online`` (True) or ``--offline`` (False) if given, else ``WORKBENCH_ONLINE=1``."""
    if flag is not None:
        return flag
    return os.environ.get("WORKBENCH_ONLINE", "").strip().lower() in {"1", "true", "yes", "on"}


@dataclass
class FailureLog:
    """Plugin failures of a run: each reported once per plugin and document."""

    strict: bool = False
    emit: Callable[[str], None] = field(default=lambda line: print(line, file=sys.stderr))
    failures: list[Record] = field(default_factory=list)

    def add(self, plugin: str, document: str, message: str) -> None:
        """Record that ``plugin`` failed on ``document``; raise under ``strict``."""
        line = f"plugin {plugin} failed on {document}: {message}"
        if self.strict:
            raise PluginError(line)
        if any(f["plugin"] == plugin and f["document"] == document for f in self.failures):
            return
        self.failures.append({"plugin": plugin, "document": document, "message": message})
        self.emit(line)

    def on_error(self, document: str) -> Callable[[str, BaseException], None]:
        """An ``on_error`` callback for :func:`workbench.calls.call_each`."""

        def handle(plugin: str, error: BaseException) -> None:
            if isinstance(error, InputError):
                raise error
            self.add(plugin, document, describe(error))

        return handle

    def invalid(self, plugin: str, document: str, schema: str, record: Any) -> None:
        """Record that ``plugin`` returned a ``schema`` record that does not validate."""
        self.add(plugin, document, f"returned an invalid {schema}: "
                 + "; ".join(validation.explain(schema, record)[:3]))


def load(raw: RawInput, log: FailureLog) -> Record | None:
    """Turn raw input into a validated Document, or ``None`` when its loader failed."""
    loader = loader_for(raw.media_type)
    if loader is None:
        raise InputError(raw.uri, f"no loader for media type {raw.media_type}")
    if active().skips(loader.plugin):
        log.add(loader.plugin, raw.uri, "skipped: it timed out earlier in this run")
        return None
    try:
        document = guarded_call(loader.plugin, "load", loader.load, ("raw",), {"raw": raw})
    except InputError:
        raise
    except Exception as error:
        log.add(loader.plugin, raw.uri, describe(error))
        return None
    if not validation.is_valid("document", document):
        log.invalid(loader.plugin, raw.uri, "document", document)
        return None
    return document


def _valid_sentences(value: Any, length: int) -> list[tuple[int, int]] | None:
    try:
        pairs = [(int(start), int(end)) for start, end in value]
    except (TypeError, ValueError):
        return None
    previous_end = 0
    for start, end in pairs:
        if not previous_end <= start < end <= length:
            return None
        previous_end = end
    return pairs


def segment(document: Record, log: FailureLog) -> list[tuple[int, int]]:
    """Sentences from the first segmenter that answers validly (else the whole text)."""
    text = document["text"]
    for plugin, call in implementations("segment_document"):
        try:
            value = call(document=document)
        except Exception as error:
            log.add(plugin, document["uri"], describe(error))
            continue
        if value is None:
            continue
        sentences = _valid_sentences(value, len(text))
        if sentences is None:
            log.add(plugin, document["uri"],
                    "returned sentences that are not sorted (start, end) pairs inside the text")
            continue
        return sentences
    stripped = text.strip()
    if not stripped:
        return []
    start = text.index(stripped[0])
    return [(start, start + len(stripped))]


def find_dropped(document: Record, log: FailureLog) -> list[tuple[int, int]]:
    """Ask boilerplate plugins which ranges are page furniture; record them; merge them.

    Valid ranges are appended to ``document["metadata"]["dropped"]`` (with the plugin
    that found them) and returned merged and sorted, for :func:`skip_dropped`.
    """
    uri = document["uri"]
    length = len(document["text"])
    found: list[Record] = []
    for plugin, ranges in call_each("find_boilerplate", log.on_error(uri), document=document):
        for item in ranges:
            try:
                start, end, reason = int(item["start"]), int(item["end"]), str(item["reason"])
            except (KeyError, TypeError, ValueError):
                log.add(plugin, uri, f"returned a boilerplate range without start, end and "
                        f"reason: {item!r}")
                continue
            if not 0 <= start < end <= length:
                log.add(plugin, uri, f"returned a boilerplate range [{start}, {end}) outside "
                        "the text")
                continue
            found.append({"start": start, "end": end, "reason": reason, "plugin": plugin})
    if not found:
        return []
    found.sort(key=lambda item: (item["start"], item["end"]))
    metadata = document.setdefault("metadata", {})
    metadata["dropped"] = [*metadata.get("dropped", []), *found]
    merged: list[tuple[int, int]] = []
    for item in found:
        if merged and item["start"] <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], item["end"]))
        else:
            merged.append((item["start"], item["end"]))
    return merged


def skip_dropped(text: str, sentences: list[tuple[int, int]],
                 dropped: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Cut the merged ``dropped`` ranges out of ``sentences``, keeping trimmed remainders."""
    if not dropped:
        return sentences
    kept: list[tuple[int, int]] = []
    index = 0
    for start, end in sentences:
        while index < len(dropped) and dropped[index][1] <= start:
            index += 1
        if index == len(dropped) or dropped[index][0] >= end:
            kept.append((start, end))  # the common case: nothing dropped inside
            continue
        position = start
        probe = index
        while probe < len(dropped) and dropped[probe][0] < end:
            _keep_trimmed(text, position, dropped[probe][0], kept)
            position = max(position, dropped[probe][1])
            probe += 1
        _keep_trimmed(text, position, end, kept)
    return kept


def _keep_trimmed(text: str, start: int, end: int, kept: list[tuple[int, int]]) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if stripped:
        offset = start + len(piece) - len(piece.lstrip())
        kept.append((offset, offset + len(stripped)))


def detect(document: Record, sentences: list[tuple[int, int]], log: FailureLog) -> list[Record]:
    """Collect every detector's valid signals, each tagged with its detector."""
    text = document["text"]
    uri = document["uri"]
    signals: list[Record] = []
    for plugin, found in call_each("detect_signals", log.on_error(uri),
                                   document=document, sentences=sentences):
        for signal in found:
            if isinstance(signal, dict):
                signal = {**signal, "detector": plugin}
            if not validation.is_valid("signal", signal):
                log.invalid(plugin, uri, "signal", signal)
                continue
            span = signal["span"]
            if not (span["start"] < span["end"] <= len(text)
                    and text[span["start"]:span["end"]] == signal["text"]):
                log.add(plugin, uri, f"returned a signal whose span {span} does not select "
                        f"its text {signal['text']!r}")
                continue
            signals.append(signal)
    return signals


def score(claims: list[Record], document: Record, log: FailureLog) -> None:
    """Let a scorer plugin replace the default check-worthiness of each claim."""
    if not any(True for _ in implementations("score_claim")):
        return
    scored = call_each_claim("score_claim", claims, log.on_error(document["uri"]),
                             firstresult=True, document=document)
    for claim, results in zip(claims, scored, strict=True):
        for plugin, value in results:
            if isinstance(value, int | float) and 0.0 <= value <= 1.0:
                claim["checkworthiness"] = round(float(value), 4)
                claim["checkworthy"] = claim["checkworthiness"] >= CHECKWORTHY_THRESHOLD
            else:
                log.add(plugin, document["uri"], f"returned a score outside [0, 1]: {value!r}")


def annotate(document: Record, options: CheckOptions, log: FailureLog) -> None:
    """Add each plugin's document-level findings to the document's metadata."""
    uri = document["uri"]
    for plugin, findings in call_each("annotate_document", log.on_error(uri),
                                      document=document, options=options):
        if not isinstance(findings, dict):
            log.add(plugin, uri, f"returned {type(findings).__name__}, expected a dict")
            continue
        metadata = document.setdefault("metadata", {})
        for key, value in findings.items():
            if key in metadata:
                log.add(plugin, uri, f"metadata key {key!r} is already set")
                continue
            metadata[key] = value


def worth_checking(claim: Record) -> bool:
    """Checkers see check-worthy claims, and any claim a detector found evidence in."""
    return claim["checkworthy"] or any(signal["weight"] > 0 for signal in claim["signals"])


def check(claims: list[Record], document: Record, options: CheckOptions,
          log: FailureLog, created: str | None = None) -> None:
    """Attach checker verdicts to each claim worth checking (made at ``created``, by
    default now)."""
    if not any(True for _ in implementations("check_claim")):
        return
    uri = document["uri"]
    created = created or now()
    worth = [claim for claim in claims if worth_checking(claim)]
    checked = call_each_claim("check_claim", worth, log.on_error(uri), document=document,
                              options=options)
    for claim, results in zip(worth, checked, strict=True):
        for plugin, verdicts in results:
            for verdict in verdicts:
                if isinstance(verdict, dict):
                    verdict = {**verdict, "origin": {"type": "plugin", "name": plugin},
                               "created": verdict.get("created", created)}
                if not validation.is_valid("verdict", verdict):
                    log.invalid(plugin, uri, "verdict", verdict)
                    continue
                claim["verdicts"].append(verdict)


# A document with at least this many sentences (each one claim) per process has them
# shared out among several processes, when the run may use them: one large article (a
# folder's inputs already keep every process busy).
CLAIMS_PER_PROCESS = 2000


def claims_of(document: Record, sentences: list[tuple[int, int]], options: CheckOptions,
              log: FailureLog, processes: int = 1) -> list[Record]:
    """The document's claims, detected, built, scored and checked, on up to ``processes``.

    The document is annotated once its claims are made and before they are scored. With
    several processes the sentences are shared out in runs of consecutive ones; each run
    but the first is handled in a forked process, which finds its signals and builds its
    claims while this one does the first run's, waits for the annotated metadata, then
    scores and checks its claims and sends them back with its plugin failures and the
    plugins that timed out there. A detector sees only its process's run of sentences,
    and keeps its signals where they start inside one.
    """
    created = now()
    shares = min(processes, len(sentences) // CLAIMS_PER_PROCESS)
    if shares <= 1 or not _may_fork():
        runs = [sentences]
    else:
        size = -(-len(sentences) // shares)
        runs = [sentences[start:start + size] for start in range(0, len(sentences), size)]
    workers = _start_workers(document, runs, options, log.strict, created)
    try:
        claims = build_claims(document, runs[0], detect(document, runs[0], log))
        annotate(document, options, log)
        for connection, _ in workers:
            with suppress(OSError):  # a worker that failed has said why: read below
                connection.send(document.get("metadata"))
        score(claims, document, log)
        check(claims, document, options, log, created)
        for connection, worker in workers:
            try:
                sent = connection.recv()
            except EOFError:
                raise PluginError(f"a process checking {document['uri']} stopped without "
                                  f"its results (exit code {worker.exitcode})") from None
            claims += _take_results(sent, log)
            worker.join()
    finally:
        for _, worker in workers:
            if worker.is_alive():
                worker.kill()
    return claims


def _start_workers(document: Record, runs: list[list[tuple[int, int]]],
                   options: CheckOptions, strict: bool, created: str
                   ) -> list[tuple[Any, Any]]:
    """A forked process for each run but the first, and the connection to it."""
    if len(runs) == 1:
        return []
    import multiprocessing

    context = multiprocessing.get_context("fork")
    seen: dict[str, int] = {}  # occurrences of each sentence in the runs before
    workers = []
    gc.freeze()  # the workers' collector leaves the records alone: their pages stay shared
    try:
        for before, run in pairwise(runs):
            count_occurrences(document["text"], before, seen)
            connection, child = context.Pipe()
            worker = context.Process(target=_claims_of_run_in_worker, daemon=True,
                                     args=(document, run, dict(seen), options, strict,
                                           created, child))
            worker.start()
            child.close()
            workers.append((connection, worker))
    finally:
        gc.unfreeze()
    return workers


def _may_fork() -> bool:
    import multiprocessing

    return ("fork" in multiprocessing.get_all_start_methods()
            and not multiprocessing.current_process().daemon)


def _claims_of_run_in_worker(document: Record, sentences: list[tuple[int, int]],
                             seen: dict[str, int], options: CheckOptions, strict: bool,
                             created: str, connection: Any) -> None:
    """:func:`claims_of` for one run of sentences in a forked process: send the claims."""
    log = FailureLog(strict=strict, emit=lambda _line: None)
    try:
        claims = build_claims(document, sentences, detect(document, sentences, log), seen)
        metadata = connection.recv()  # the annotations made meanwhile in the parent
        if metadata is not None:
            document["metadata"] = metadata
        score(claims, document, log)
        check(claims, document, options, log, created)
    except WorkbenchError as error:
        connection.send(("error", str(error), log.failures, set(active().timed_out)))
        return
    try:  # as JSON: orjson writes the records seven times faster than pickle does
        sent: bytes | list[Record] = orjson.dumps(claims)
    except TypeError:  # something JSON cannot hold (a lone surrogate, say): pickle it
        sent = claims
    connection.send(("done", sent, log.failures, set(active().timed_out)))


def _take_results(sent: tuple[Any, ...], log: FailureLog) -> list[Record]:
    """A worker's claims; its failures are reported here (once per plugin, as ever)."""
    status, results, failures, timed_out = sent
    active().timed_out.update(timed_out)
    for failure in failures:
        log.add(failure["plugin"], failure["document"], failure["message"])
    if status == "error":
        raise PluginError(results)
    return orjson.loads(results) if isinstance(results, bytes) else results


def check_input(raw: RawInput, options: CheckOptions, log: FailureLog,
                processes: int = 1) -> Record | None:
    """Run the whole pipeline on one input; return ``{"document", "claims"}``.

    Every plugin call for the input shares one interval timer (see
    :func:`workbench.isolation.shared_timer`); a large document's claims are found, scored
    and checked on up to ``processes`` processes (see :func:`claims_of`).
    """
    with shared_timer():
        return _check_input(raw, options, log, processes)


def _check_input(raw: RawInput, options: CheckOptions, log: FailureLog,
                 processes: int) -> Record | None:
    document = load(raw, log)
    if document is None:
        return None
    dropped = find_dropped(document, log)
    sentences = skip_dropped(document["text"], segment(document, log), dropped)
    return {"document": document, "claims": claims_of(document, sentences, options, log,
                                                       processes)}
