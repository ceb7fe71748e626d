"""``workbench eval FILE``: measure check-worthiness against your own labelled sentences.

FILE is CSV or TSV (chosen by suffix, or ``--delimiter``) with a header row. Each
sentence goes through the same pipeline as ``workbench check`` (detectors, then the
scorer) as a one-sentence document; a sentence counts as predicted positive when its
claim is check-worthy. The command prints precision, recall and F1 of the positive class,
accuracy and a confusion table, and the ranking measures of the CheckThat! lab: the
sentences ranked by score within each group (``--group-column``, e.g. a debate or an
article; else the whole file), average precision, R-precision and precision at k of each
group, averaged over the groups that hold a positive (mean average precision); or all of
it as JSON with ``--format json``.
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
PRECISION_AT = (1, 5, 10, 20, 50)


@dataclass
class Scores:
    """A confusion table and the figures derived from it."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    ranked: list[tuple[float, bool, str]] = field(default_factory=list)  # score, label, group

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


def ranking(ranked: list[tuple[float, bool, str]], ks: Iterable[int] = PRECISION_AT
            ) -> dict[str, Any]:
    """Ranking measures of ``(score, positive, group)`` items, as the CheckThat! lab
    computes them: within each group the items are ranked by score (highest first, ties
    in input order); average precision, R-precision (precision at the number of
    positives) and precision at each k (hits in the first k over k) are averaged over
    the groups that hold a positive. A k larger than every group is left out."""
    groups: dict[str, list[tuple[float, bool]]] = {}
    for score, positive, group in ranked:
        groups.setdefault(group, []).append((score, positive))
    largest = max((len(items) for items in groups.values()), default=0)
    wanted = sorted({k for k in ks if k <= largest})
    measured = []
    for items in groups.values():
        order = [positive for _, positive in sorted(items, key=lambda item: -item[0])]
        positives = sum(order)
        if not positives:
            continue
        hits, precision_sum = 0, 0.0
        for rank, positive in enumerate(order, 1):
            if positive:
                hits += 1
                precision_sum += hits / rank
        measured.append((precision_sum / positives, sum(order[:positives]) / positives,
                         [sum(order[:k]) / k for k in wanted]))
    count = len(measured)

    def mean(values: Iterable[float]) -> float:
        return round(sum(values) / count, 4) if count else 0.0

    return {"groups": len(groups), "groups_with_a_positive": count,
            "mean_average_precision": mean(m[0] for m in measured),
            "r_precision": mean(m[1] for m in measured),
            "precision_at": {str(k): mean(m[2][i] for m in measured)
                             for i, k in enumerate(wanted)}}


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
                  delimiter: str | None = None, group_column: str | None = None
                  ) -> list[tuple[str, str, str]]:
    """``(text, label, group)`` rows of a CSV/TSV file with a header (the group is ``""``
    without ``group_column``), or a one-line InputError."""
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
    group_index = (None if group_column is None
                   else _column(header, group_column, "--group-column", path))
    needed = max(text_index, label_index, -1 if group_index is None else group_index)
    data = []
    for line, row in enumerate(rows[1:], 2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) <= needed:
            raise InputError(path, f"row {line} has {len(row)} fields, fewer than the header's "
                             f"{len(header)}")
        group = "" if group_index is None else row[group_index].strip()
        data.append((row[text_index], row[label_index].strip(), group))
    if not data:
        raise InputError(path, "has a header but no labelled sentences")
    return data


def evaluate(rows: list[tuple[str, str, str]], positive: str | None = None,
             keep_errors: int = 0) -> Scores:
    """Score each ``(text, label, group)`` row and count it against its label.

    ``positive`` is the label value of the positive class (compared case-insensitively);
    by default 1, yes, true and the like are positive.
    """
    scores = Scores()
    wanted = {positive.strip().lower()} if positive is not None else TRUTHY
    for (text, label, group), claim in zip(rows, score_sentences(row[0] for row in rows),
                                           strict=True):
        actual = label.lower() in wanted
        predicted = bool(claim and claim["checkworthy"])
        scores.add(actual, predicted)
        scores.ranked.append((claim["checkworthiness"] if claim else 0.0, actual, group))
        if actual != predicted and len(scores.errors) < keep_errors:
            scores.errors.append(_miss(text, label, claim))
    return scores


def report(path: str, scores: Scores, positive: str | None,
           ks: Iterable[int] = PRECISION_AT) -> dict[str, Any]:
    """The JSON-ready result of an evaluation."""
    from workbench.claims import CHECKWORTHY_THRESHOLD

    counts = asdict(scores)
    errors = counts.pop("errors")
    counts.pop("ranked")
    result = {"file": path, "sentences": scores.tp + scores.fp + scores.fn + scores.tn,
              "positive_label": positive if positive is not None else sorted(TRUTHY),
              "threshold": CHECKWORTHY_THRESHOLD, **counts, **scores.figures(),
              "ranking": ranking(scores.ranked, ks)}
    if errors:
        result["errors"] = errors
    return result


def _ranking_line(figures: dict[str, Any]) -> str:
    """The ranking measures on one line: how many groups, MAP, R-precision, P@k."""
    if not figures["groups_with_a_positive"]:
        return "ranking: no positive sentence to rank"
    groups = figures["groups"]
    where = ("in the whole file" if groups == 1 else
             f"within each of {groups} groups ({figures['groups_with_a_positive']} with a "
             "positive), averaged")
    at = "  ".join(f"P@{k} {value:.3f}" for k, value in figures["precision_at"].items())
    name = "average precision" if groups == 1 else "MAP"
    return (f"ranked by score {where}: {name} {figures['mean_average_precision']:.3f}  "
            f"R-precision {figures['r_precision']:.3f}  {at}").rstrip()


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
        "",
        _ranking_line(result["ranking"]),
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
@click.option("--group-column", metavar="NAME",
              help="Header of a column naming each sentence's group (a debate, an article): "
                   "sentences are ranked within their group and the ranking measures "
                   "averaged over the groups (default: the whole file is one ranking).")
@click.option("--precision-at", "ks", type=click.IntRange(min=1), multiple=True,
              metavar="K", help="Report precision at K (repeatable; default: 1, 5, 10, 20, "
                                "50, those no larger than the largest group).")
@click.option("--delimiter", type=click.Choice(["comma", "tab", "semicolon"]),
              help="Field separator (default: tab for .tsv/.tab files, else comma).")
@click.option("-f", "--format", "format_name", type=click.Choice(["text", "json"]),
              default="text", show_default=True, help="Output format.")
@click.option("--show-errors", type=click.IntRange(min=0), default=0, metavar="N",
              help="Also list up to N misclassified sentences, with the features that "
                   "decided their score.")
def eval_command(file: str, text_column: str, label_column: str, positive: str | None,
                 group_column: str | None, ks: tuple[int, ...], delimiter: str | None,
                 format_name: str, show_errors: int) -> None:
    """Score the labelled sentences in FILE: precision, recall and F1 of the check-worthy
    class, and how well the scores rank them (mean average precision, precision at k).

    \b
    Examples:
      workbench eval labelled.csv --text-column sentence --label-column checkworthy
      workbench eval dev.tsv --text-column Text --label-column class_label \\
          --positive Yes --format json
      workbench eval debates.csv --text-column text --label-column label \\
          --group-column debate --precision-at 10
    """
    separator = {"comma": ",", "tab": "\t", "semicolon": ";"}.get(delimiter or "")
    rows = read_labelled(file, text_column, label_column, separator, group_column)
    result = report(file, evaluate(rows, positive, keep_errors=show_errors), positive,
                    ks or PRECISION_AT)
    if format_name == "json":
        click.echo(json.dumps(result, indent=2))
    else:
        sys.stdout.write(_text_report(result))


@hookimpl
def register_commands(cli: click.Group) -> None:
    """Add ``workbench eval``."""
    cli.add_command(eval_command)
