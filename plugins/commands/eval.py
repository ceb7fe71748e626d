"""``workbench eval FILE``: measure check-worthiness against your own labelled sentences.

FILE is CSV or TSV (chosen by suffix, or ``--delimiter``) with a header row. Each
sentence goes through the same pipeline as ``workbench check`` (detectors, then the
scorer) as a one-sentence document; a sentence counts as predicted positive when its
claim is check-worthy. The command prints precision, recall and F1 of the positive class,
accuracy and a confusion table, or all of it as JSON with ``--format json``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import click

from workbench import hookimpl
from workbench.errors import InputError
from workbench.records import Record

TRUTHY = frozenset(("1", "yes", "y", "true", "t", "positive", "checkworthy", "check-worthy"))


@dataclass
class Scores:
    """A confusion table and the figures derived from it."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    def add(self, actual: bool, predicted: bool) -> None:
        """Count one sentence."""
        if actual and predicted:
            self.tp += 1
        elif predicted:
            self.fp += 1
        elif actual:
            self.fn += 1
        else:
            self.tn += 1

    def figures(self) -> dict[str, float]:
        """Precision, recall and F1 of the positive class, and accuracy."""
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        total = self.tp + self.fp + self.fn + self.tn
        accuracy = (self.tp + self.tn) / total if total else 0.0
        return {"precision": round(precision, 4), "recall": round(recall, 4),
                "f1": round(f1, 4), "accuracy": round(accuracy, 4)}


def score_sentences(texts: Iterable[str], strict: bool = False) -> Iterator[Record | None]:
    """Run the check pipeline on each text as a one-sentence document; yield its claim.

    Yields ``None`` for a text with nothing but white space.
    """
    from workbench.claims import build_claims
    from workbench.pipeline import FailureLog, detect, score
    from workbench.plugins import failures_to
    from workbench.records import make_document
    from workbench.types import RawInput

    log = FailureLog(strict=strict)
    for number, text in enumerate(texts, 1):
        stripped = text.strip()
        if not stripped:
            yield None
            continue
        start = text.index(stripped[0])
        raw = RawInput(uri=f"sentence {number}", data=text.encode("utf-8", "replace"),
                       media_type="text/plain")
        document = make_document(raw, text)
        sentences = [(start, start + len(stripped))]
        with failures_to(log.handler(raw.uri)):
            claims = build_claims(document, sentences, detect(document, sentences, log))
            score(claims, document, log)
        yield claims[0]


def _miss(text: str, label: str, claim: Record | None) -> dict[str, Any]:
    """A misclassified sentence with its score, signal kinds and deciding features."""
    miss: dict[str, Any] = {"text": text, "label": label,
                            "score": claim["checkworthiness"] if claim else 0.0,
                            "kinds": claim["kinds"] if claim else []}
    if claim:
        from workbench.plugins import get_plugin_manager

        if get_plugin_manager().has_plugin("scorer"):
            from workbench_plugins.scorers.model import explain

            miss["features"] = explain(claim["text"], claim["signals"])
    return miss


def _column(header: list[str], name: str, option: str, path: str) -> int:
    if name in header:
        return header.index(name)
    folded = [index for index, column in enumerate(header) if column.lower() == name.lower()]
    if len(folded) == 1:
        return folded[0]
    raise InputError(path, f"no column {name!r} for {option} (columns: {', '.join(header)})")


def read_labelled(path: str, text_column: str, label_column: str,
                  delimiter: str | None = None) -> list[tuple[str, str]]:
    """``(text, label)`` rows of a CSV/TSV file with a header, or a one-line InputError."""
    file = Path(path)
    if delimiter is None:
        delimiter = "\t" if file.suffix.lower() in (".tsv", ".tab") else ","
    try:
        content = file.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except IsADirectoryError:
        raise InputError(path, "is a folder, not a CSV or TSV file") from None
    except UnicodeDecodeError:
        raise InputError(path, "not UTF-8 text") from None
    except OSError as error:
        raise InputError(path, error.strerror or str(error)) from None
    if "\x00" in content:
        raise InputError(path, "contains NUL bytes: not a CSV or TSV file")
    import csv

    try:
        rows = list(csv.reader(content.splitlines(), delimiter=delimiter))
    except csv.Error as error:
        raise InputError(path, f"cannot be read as CSV/TSV: {error}") from None
    if not rows:
        raise InputError(path, "is empty: expected a header row and labelled sentences")
    header = [column.strip() for column in rows[0]]
    text_index = _column(header, text_column, "--text-column", path)
    label_index = _column(header, label_column, "--label-column", path)
    data = []
    for line, row in enumerate(rows[1:], 2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) <= max(text_index, label_index):
            raise InputError(path, f"row {line} has {len(row)} fields, fewer than the header's "
                             f"{len(header)}")
        data.append((row[text_index], row[label_index].strip()))
    if not data:
        raise InputError(path, "has a header but no labelled sentences")
    return data


def evaluate(rows: list[tuple[str, str]], positive: str | None = None,
             keep_errors: int = 0) -> Scores:
    """Score each ``(text, label)`` row and count it against its label.

    ``positive`` is the label value of the positive class (compared case-insensitively);
    by default 1, yes, true and the like are positive.
    """
    scores = Scores()
    wanted = {positive.strip().lower()} if positive is not None else TRUTHY
    for (text, label), claim in zip(rows, score_sentences(t for t, _ in rows), strict=True):
        actual = label.lower() in wanted
        predicted = bool(claim and claim["checkworthy"])
        scores.add(actual, predicted)
        if actual != predicted and len(scores.errors) < keep_errors:
            scores.errors.append(_miss(text, label, claim))
    return scores


def report(path: str, scores: Scores, positive: str | None) -> dict[str, Any]:
    """The JSON-ready result of an evaluation."""
    from workbench.claims import CHECKWORTHY_THRESHOLD

    counts = asdict(scores)
    errors = counts.pop("errors")
    result = {"file": path, "sentences": scores.tp + scores.fp + scores.fn + scores.tn,
              "positive_label": positive if positive is not None else sorted(TRUTHY),
              "threshold": CHECKWORTHY_THRESHOLD, **counts, **scores.figures()}
    if errors:
        result["errors"] = errors
    return result


def _text_report(result: dict[str, Any]) -> str:
    positives = result["tp"] + result["fn"]
    width = max(len(str(result[key])) for key in ("tp", "fp", "fn", "tn")) + 2
    lines = [
        f"{result['file']}: {result['sentences']} sentences, {positives} positive, "
        f"threshold {result['threshold']}",
        f"precision {result['precision']:.3f}  recall {result['recall']:.3f}  "
        f"F1 {result['f1']:.3f}  accuracy {result['accuracy']:.3f}",
        "",
        f"{'':>12}{'predicted +':>{width + 11}}{'predicted -':>{width + 11}}",
        f"{'actual +':>12}{result['tp']:>{width + 11}}{result['fn']:>{width + 11}}",
        f"{'actual -':>12}{result['fp']:>{width + 11}}{result['tn']:>{width + 11}}",
    ]
    for error in result.get("errors", []):
        lines.append(f"  miss ({error['label']}, {error['score']:.2f}): {error['text']}")
        features = ", ".join(f"{f['feature']} {f['weight']:+.2f}"
                             for f in error.get("features", []))
        if features:
            lines.append(f"      because: {features}")
    return "\n".join(lines) + "\n"


@click.command(name="eval")
@click.argument("file", metavar="FILE")
@click.option("--text-column", default="text", show_default=True,
              help="Header of the column holding the sentences.")
@click.option("--label-column", default="label", show_default=True,
              help="Header of the column holding the labels.")
@click.option("--positive", metavar="VALUE",
              help="Label value of the check-worthy class (default: 1, yes, true, ...).")
@click.option("--delimiter", type=click.Choice(["comma", "tab", "semicolon"]),
              help="Field separator (default: tab for .tsv/.tab files, else comma).")
@click.option("-f", "--format", "format_name", type=click.Choice(["text", "json"]),
              default="text", show_default=True, help="Output format.")
@click.option("--show-errors", type=click.IntRange(min=0), default=0, metavar="N",
              help="Also list up to N misclassified sentences, with the features that "
                   "decided their score.")
def eval_command(file: str, text_column: str, label_column: str, positive: str | None,
                 delimiter: str | None, format_name: str, show_errors: int) -> None:
    """Score the labelled sentences in FILE and print precision, recall and F1.

    \b
    Examples:
      workbench eval labelled.csv --text-column sentence --label-column checkworthy
      workbench eval dev.tsv --text-column Text --label-column class_label \\
          --positive Yes --format json
    """
    separator = {"comma": ",", "tab": "\t", "semicolon": ";"}.get(delimiter or "")
    rows = read_labelled(file, text_column, label_column, separator)
    result = report(file, evaluate(rows, positive, keep_errors=show_errors), positive)
    if format_name == "json":
        click.echo(json.dumps(result, indent=2))
    else:
        sys.stdout.write(_text_report(result))


@hookimpl
def register_commands(cli: click.Group) -> None:
    """Add ``workbench eval``."""
    cli.add_command(eval_command)
