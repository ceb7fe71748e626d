"""``workbench eval``: labelled sentences in, precision, recall, F1 and a confusion table out."""

from __future__ import annotations

import csv
import json

import pytest

from workbench import hookimpl

ROWS = [
    ("Unemployment fell from 7.8 per cent in 2009 to 4.7 per cent in 2016.", "Yes"),
    ("Canada spent $16.6 billion on defence in 2019, an increase of 40 per cent.", "Yes"),
    ("The Outer Space Treaty was signed in 1967 by 104 states.", "Yes"),
    ("We should explore new avenues for cooperation.", "No"),
    ("Joint ventures in renewable energy could be mutually beneficial.", "No"),
    ("Thank you very much, it is good to be here tonight.", "No"),
]


def _write(path, rows, delimiter=",", header=("sentence", "checkworthy")):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def test_eval_tsv_as_json(run_cli, tmp_path):
    path = _write(tmp_path / "labelled.tsv", ROWS, delimiter="\t")
    result = run_cli("eval", str(path), "--text-column", "sentence", "--label-column",
                     "checkworthy", "--positive", "Yes", "--format", "json")
    assert result.exit_code == 0, result.stderr
    figures = json.loads(result.stdout)
    assert figures["sentences"] == 6
    assert figures["tp"] + figures["fn"] == 3 and figures["fp"] + figures["tn"] == 3
    assert (figures["tp"], figures["fp"], figures["fn"], figures["tn"]) == (3, 0, 0, 3)
    assert (figures["precision"], figures["recall"], figures["f1"]) == (1.0, 1.0, 1.0)
    assert figures["positive_label"] == "Yes" and figures["threshold"] == 0.5


def test_eval_csv_text_report_counts_errors(run_cli, tmp_path):
    # Label one opinion as positive: it must show up as a false negative.
    rows = [*ROWS[:3], ("We should explore new avenues for cooperation.", "1"),
            ("It is good to be here tonight.", "0")]
    rows = [(text, "1" if label in ("Yes", "1") else "0") for text, label in rows]
    path = _write(tmp_path / "labelled.csv", rows, header=("Text", "Verdict"))
    result = run_cli("eval", str(path), "--text-column", "text", "--label-column", "verdict",
                     "--show-errors", "5")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"{path}: 5 sentences, 4 positive, threshold 0.5"
    assert lines[1].startswith("precision 1.000  recall 0.750  F1 0.857")
    assert lines[4].split() == ["actual", "+", "3", "1"]
    assert lines[5].split() == ["actual", "-", "0", "1"]
    assert "miss (1, " in result.stdout and "We should explore" in result.stdout


@pytest.mark.parametrize(("content", "args", "problem"), [
    ("sentence,label\nA claim.,1\n", ("--text-column", "text"),
     "no column 'text' for --text-column (columns: sentence, label)"),
    ("text,label\nA claim.,1\n", ("--label-column", "verdict"),
     "no column 'verdict' for --label-column (columns: text, label)"),
    ("", (), "is empty: expected a header row and labelled sentences"),
    ("text,label\n", (), "has a header but no labelled sentences"),
    ("text,label,source\nA claim.,1,x\nShort row\n", (),
     "row 3 has 1 fields, fewer than the header's 3"),
])
def test_eval_input_errors_are_one_line(run_cli, tmp_path, content, args, problem):
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    result = run_cli("eval", str(path), *args)
    assert result.exit_code == 2
    assert result.stderr == f"error: {path}: {problem}\n"
    assert result.stdout == ""


def test_eval_refuses_missing_binary_and_non_utf8_files(run_cli, tmp_path):
    result = run_cli("eval", str(tmp_path / "nope.csv"))
    assert (result.exit_code, result.stderr) == (2, f"error: {tmp_path / 'nope.csv'}: "
                                                    "no such file\n")
    binary = tmp_path / "data.csv"
    binary.write_bytes(b"text,label\x00\x00\n")
    assert "contains NUL bytes" in run_cli("eval", str(binary)).stderr
    latin = tmp_path / "latin.csv"
    latin.write_bytes("text,label\ncaf\xe9,1\n".encode("latin-1"))
    assert run_cli("eval", str(latin)).stderr == f"error: {latin}: not UTF-8 text\n"
    assert "is a folder" in run_cli("eval", str(tmp_path)).stderr


class NumberScorer:
    """Scores "Sentence scored N." N / 100, whatever the bundled scorer thinks."""

    @hookimpl(tryfirst=True)
    def score_claim(self, claim):
        """N / 100."""
        return int(claim["text"].split()[-1].rstrip(".")) / 100


def test_eval_ranks_within_groups_as_checkthat_does(run_cli, tmp_path, register_plugin):
    register_plugin(NumberScorer(), "number_scorer")
    rows = [(f"Sentence scored {n}.", label, group) for n, label, group in [
        (90, 1, "a"), (80, 0, "a"), (70, 1, "a"), (10, 0, "a"),
        (60, 0, "b"), (40, 1, "b"),
        (30, 0, "c"),  # no positive: not averaged
    ]]
    path = _write(tmp_path / "debates.csv", rows, header=("text", "label", "debate"))
    result = run_cli("eval", str(path), "--group-column", "debate", "--precision-at", "1",
                     "--precision-at", "2", "--precision-at", "9", "--format", "json")
    assert result.exit_code == 0, result.stderr
    ranking = json.loads(result.stdout)["ranking"]
    # a: AP (1/1 + 2/3) / 2, R-precision 1/2; b: AP 1/2, R-precision 0. P@9 is past every group.
    assert ranking == {"groups": 3, "groups_with_a_positive": 2,
                       "mean_average_precision": round((5 / 6 + 1 / 2) / 2, 4),
                       "r_precision": 0.25, "precision_at": {"1": 0.5, "2": 0.5}}
    text = run_cli("eval", str(path), "--group-column", "debate").stdout
    assert ("ranked by score within each of 3 groups (2 with a positive), averaged: MAP 0.667"
            "  R-precision 0.250  P@1 0.500") in text
    whole = json.loads(run_cli("eval", str(path), "--format", "json").stdout)["ranking"]
    assert whole["groups"] == 1 and whole["precision_at"]["1"] == 1.0
    missing = run_cli("eval", str(path), "--group-column", "speaker")
    assert missing.exit_code == 2
    assert "no column 'speaker' for --group-column" in missing.stderr
