"""Check one input: load, drop furniture, segment, detect, build claims, annotate, score,
check. One document is checked in one process, each step one call of a pluggy hook.

A plugin that raises or returns an invalid record is reported with its name and the
document, and the run goes on without that result (``strict`` makes it fatal).
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field
from typing import Any

from workbench import validation
from workbench.claims import CHECKWORTHY_THRESHOLD, build_claims
from workbench.errors import InputError, PluginError
from workbench.plugins import DocumentTimeout, attributed, failures_to, get_plugin_manager
from workbench.records import now
from workbench.registry import loader_for
from workbench.types import CheckOptions, RawInput, Record
from workbench.visible import visible


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
        self.emit(visible(line))

    def handler(self, document: str) -> Callable[[str, BaseException], None]:
        """A failure handler (:func:`workbench.plugins.failures_to`) for one document."""
        return lambda plugin, error: self.add(plugin, document,
                                              f"{type(error).__name__}: {error}")

    def invalid(self, plugin: str, document: str, schema: str, record: Any) -> None:
        """Record that ``plugin`` returned a ``schema`` record that does not validate."""
        self.add(plugin, document, f"returned an invalid {schema}: "
                 + "; ".join(validation.explain(schema, record)[:3]))

    def wrong_type(self, plugin: str, document: str, value: Any, expected: str) -> None:
        """Record that ``plugin`` returned a value of the wrong type."""
        self.add(plugin, document, f"returned {type(value).__name__}, expected {expected}")


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`DocumentTimeout` in this thread when the block lasts over ``seconds``.

    Kept by the interval timer, so only in the main thread (where a check runs); ``0``
    (or another thread) means no limit.
    """
    if seconds <= 0 or threading.current_thread() is not threading.main_thread() \
            or not hasattr(signal, "setitimer"):
        yield
        return

    def ring(_signum: int, _frame: Any) -> None:
        raise DocumentTimeout(seconds)

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def network_time(options: CheckOptions, timeout: float) -> AbstractContextManager[None]:
    """The document's share of network time, for an online run (see
    :func:`workbench.net.document_time`); offline, nothing."""
    if not options.online:
        return nullcontext()
    from workbench import net

    return net.document_time(timeout)


def load(raw: RawInput, log: FailureLog) -> Record | None:
    """Turn raw input into a validated Document, or ``None`` when its loader failed."""
    loader = loader_for(raw.media_type)
    if loader is None:
        raise InputError(raw.uri, f"no loader for media type {raw.media_type}")
    try:
        document = loader.load(raw)
    except InputError:
        raise
    except DocumentTimeout as timeout:
        timeout.plugin = timeout.plugin or loader.plugin
        raise
    except Exception as error:
        log.add(loader.plugin, raw.uri, f"{type(error).__name__}: {error}")
        return None
    if not validation.is_valid("document", document):
        log.invalid(loader.plugin, raw.uri, "document", document)
        return None
    if raw.published is not None:  # the source's own date outranks one read in the text
        document = {**document, "published": raw.published}
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
    """Sentences from the first segmenter that answers validly (else the whole text as
    one); a segmenter whose answer is invalid is reported and the next one asked."""
    text = document["text"]
    manager = get_plugin_manager()
    hook = manager.hook.segment_document
    invalid: list[object] = []
    while (value := _answer(hook, document)) is not None:
        answer, plugin = value
        sentences = _valid_sentences(answer, len(text))
        if sentences is not None:
            return sentences
        log.add(plugin, document["uri"],
                "returned sentences that are not sorted (start, end) pairs inside the text")
        if not manager.has_plugin(plugin):
            break  # a hook wrapper's answer: there is no segmenter to leave out
        invalid.append(manager.get_plugin(plugin))
        hook = manager.subset_hook_caller("segment_document", remove_plugins=invalid)
    stripped = text.strip()
    if not stripped:
        return []
    start = text.index(stripped[0])
    return [(start, start + len(stripped))]


def _answer(hook: Any, document: Record) -> tuple[Any, str] | None:
    """A first-result hook's answer for ``document`` and the plugin that gave it."""
    with attributed() as plugin_of:
        answer = hook(document=document)
    return None if answer is None else (answer, plugin_of(answer))


def find_dropped(document: Record, log: FailureLog) -> list[tuple[int, int]]:
    """Ask boilerplate plugins which ranges are page furniture; record them; merge them.

    Valid ranges are appended to ``document["metadata"]["dropped"]`` (with the plugin
    that found them) and returned merged and sorted, for :func:`skip_dropped`.
    """
    uri = document["uri"]
    length = len(document["text"])
    found: list[Record] = []
    with attributed() as plugin_of:
        results = get_plugin_manager().hook.find_boilerplate(document=document)
    for ranges in results:
        plugin = plugin_of(ranges)
        if not isinstance(ranges, list | tuple):
            log.wrong_type(plugin, uri, ranges, "a list of ranges")
            continue
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
    kept: list[tuple[int, int]] = []
    index = 0
    for start, end in sentences:
        while index < len(dropped) and dropped[index][1] <= start:
            index += 1
        position = start
        probe = index
        while probe < len(dropped) and dropped[probe][0] < end:
            _keep_trimmed(text, position, dropped[probe][0], kept)
            position = max(position, dropped[probe][1])
            probe += 1
        _keep_trimmed(text, position, end, kept)
    return kept


def note_loss(document: Record, dropped: list[tuple[int, int]]) -> None:
    """Say in a note when furniture removal left nothing, or less than half the words of
    the loader's text: an article must never vanish silently."""
    text = document["text"]
    total = len(text.split())
    if not total or not dropped:
        return
    removed = sum(len(text[start:end].split()) for start, end in dropped)
    if removed * 2 <= total:
        return
    kept = total - removed
    what = "nothing" if kept <= 0 else f"{kept} of its {total} words ({kept / total:.0%})"
    document.setdefault("metadata", {}).setdefault("notes", []).append(
        f"page furniture removal left {what}; --show-dropped says what was left out and "
        "why, --keep-all keeps everything")


def _keep_trimmed(text: str, start: int, end: int, kept: list[tuple[int, int]]) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if stripped:
        offset = start + len(piece) - len(piece.lstrip())
        kept.append((offset, offset + len(stripped)))


def supports(plugin: object, language: str) -> bool:
    """Whether a plugin reads ``language`` (an ISO 639 code): it lists it in a module
    (or class) attribute ``LANGUAGES``, or has none (it reads any language)."""
    declared = getattr(plugin, "LANGUAGES", None)
    return declared is None or language in declared


def for_language(document: Record, name: str) -> Any:
    """The hook ``name`` without the plugins that do not read the document's language
    (``document["metadata"]["language"]``, set by its loader; unknown: every plugin).

    Plugins left out are named in a note on the document, so that a review never holds
    English rules silently applied to another language.
    """
    manager = get_plugin_manager()
    hook = getattr(manager.hook, name)
    language = document.get("metadata", {}).get("language")
    if not language:
        return hook
    primary = language.split("-")[0].lower()
    left_out = [impl for impl in hook.get_hookimpls() if not supports(impl.plugin, primary)]
    if not left_out:
        return hook
    names = ", ".join(sorted(impl.plugin_name for impl in left_out))
    document["metadata"].setdefault("notes", []).append(
        f"the text is in language {primary!r}, which these plugins do not read, so they "
        f"were left out: {names}")
    return manager.subset_hook_caller(name, remove_plugins=[impl.plugin for impl in left_out])


def detect(document: Record, sentences: list[tuple[int, int]], log: FailureLog) -> list[Record]:
    """Collect every detector's valid signals, each tagged with its detector."""
    text = document["text"]
    uri = document["uri"]
    signals: list[Record] = []
    with attributed() as plugin_of:
        results = for_language(document, "detect_signals")(document=document,
                                                           sentences=sentences)
    for found in results:
        plugin = plugin_of(found)
        if not isinstance(found, list | tuple):
            log.wrong_type(plugin, uri, found, "a list of signals")
            continue
        for signal_record in found:
            if isinstance(signal_record, dict):
                signal_record = {**signal_record, "detector": plugin}
            if not validation.is_valid("signal", signal_record):
                log.invalid(plugin, uri, "signal", signal_record)
                continue
            span = signal_record["span"]
            if not (span["start"] < span["end"] <= len(text)
                    and text[span["start"]:span["end"]] == signal_record["text"]):
                log.add(plugin, uri, f"returned a signal whose span {span} does not select "
                        f"its text {signal_record['text']!r}")
                continue
            signals.append(signal_record)
    return signals


def annotate(document: Record, options: CheckOptions, log: FailureLog) -> None:
    """Add each plugin's document-level findings to the document's metadata."""
    uri = document["uri"]
    with attributed() as plugin_of:
        results = get_plugin_manager().hook.annotate_document(document=document,
                                                              options=options)
    for findings in results:
        plugin = plugin_of(findings)
        if not isinstance(findings, dict):
            log.wrong_type(plugin, uri, findings, "a dict")
            continue
        metadata = document.setdefault("metadata", {})
        for key, value in findings.items():
            if key in metadata:
                log.add(plugin, uri, f"metadata key {key!r} is already set")
                continue
            metadata[key] = value


def score(claims: list[Record], document: Record, log: FailureLog) -> None:
    """Let a scorer plugin replace the default check-worthiness of each claim."""
    hook = for_language(document, "score_claim")
    if not hook.get_hookimpls():
        return
    with attributed() as plugin_of:
        for claim in claims:
            value = hook(claim=claim, document=document)
            if value is None:
                continue
            if isinstance(value, int | float) and not isinstance(value, bool) \
                    and 0.0 <= value <= 1.0:
                claim["checkworthiness"] = round(float(value), 4)
                claim["checkworthy"] = claim["checkworthiness"] >= CHECKWORTHY_THRESHOLD
            else:
                log.add(plugin_of(value), document["uri"],
                        f"returned a score that is not a number in [0, 1]: {value!r}")


def worth_checking(claim: Record) -> bool:
    """Checkers see check-worthy claims, and any claim a detector found evidence in."""
    return claim["checkworthy"] or any(signal["weight"] > 0 for signal in claim["signals"])


def check(claims: list[Record], document: Record, options: CheckOptions,
          log: FailureLog) -> None:
    """Attach checker verdicts to each claim worth checking."""
    hook = get_plugin_manager().hook.check_claim
    if not hook.get_hookimpls():
        return
    uri = document["uri"]
    created = now()
    with attributed() as plugin_of:
        for claim in filter(worth_checking, claims):
            for verdicts in hook(claim=claim, document=document, options=options):
                plugin = plugin_of(verdicts)
                if not isinstance(verdicts, list | tuple):
                    log.wrong_type(plugin, uri, verdicts, "a list of verdicts")
                    continue
                for verdict in verdicts:
                    if isinstance(verdict, dict):
                        verdict = {**verdict, "origin": {"type": "plugin", "name": plugin},
                                   "created": verdict.get("created", created)}
                    if not validation.is_valid("verdict", verdict):
                        log.invalid(plugin, uri, "verdict", verdict)
                        continue
                    claim["verdicts"].append(verdict)


def check_input(raw: RawInput, options: CheckOptions, log: FailureLog,
                timeout: float = 0) -> Record | None:
    """Run the whole pipeline on one input; return ``{"document", "claims"}``, or ``None``
    when its loader failed or it took longer than ``timeout`` seconds (``0``: no limit)."""
    try:
        with time_limit(timeout), failures_to(log.handler(raw.uri)), \
                network_time(options, timeout):
            document = load(raw, log)
            if document is None:
                return None
            dropped = [] if raw.keep_all else find_dropped(document, log)
            sentences = skip_dropped(document["text"], segment(document, log), dropped)
            note_loss(document, dropped)
            claims = build_claims(document, sentences, detect(document, sentences, log))
            annotate(document, options, log)
            score(claims, document, log)
            check(claims, document, options, log)
    except DocumentTimeout as timeout_error:
        log.add(timeout_error.plugin or "workbench", raw.uri,
                f"did not finish within {timeout_error.seconds:g} s; the document was not "
                "checked")
        return None
    except (InputError, PluginError):
        raise
    except Exception as error:
        wrapper = get_plugin_manager().culprit(error)
        if wrapper is None:
            raise  # not a plugin's: a bug of Workbench's own
        log.add(wrapper, raw.uri, f"{type(error).__name__}: {error}; the document was not "
                "checked")
        return None
    return {"document": document, "claims": claims}
