"""``workbench eval``: labelled sentences in, precision, recall, F1 and a confusion table out."""

from __future__ import annotations

import csv
import json

import pytest

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
