"""How many claims the reading views show, and the line that says how many more there are.

A test scorer gives each sentence "Item N is listed." the score N/100, so which claims are
check-worthy (score >= 0.5) and which are the best is known exactly.
"""

from __future__ import annotations

import io
import json
import re
import zipfile

import pytest

from workbench import hookimpl, validation
from workbench.config import DEFAULT_TOP

SCORES = [95, 91, 88, 84, 80, 77, 73, 70, 66, 63, 60, 57, 55, 52, 50, 45, 30, 10]
CHECKWORTHY = sum(score >= 50 for score in SCORES)  # 15
ARTICLE = "\n\n".join(f"Item {score} is listed." for score in SCORES) + "\n"
NOTICE = re.compile(r"(\d+) more check-worthy claims? not shown; --top N or --min-score S "
                    r"to see them")


class ItemScorer:
    """Scores "Item N is listed." N / 100, whatever the bundled scorer thinks."""

    @hookimpl(tryfirst=True)
    def score_claim(self, claim):
        """N / 100 for an item sentence."""
        match = re.match(r"Item (\d+)", claim["text"])
        return int(match.group(1)) / 100 if match else None


@pytest.fixture
def article(tmp_path, register_plugin):
    register_plugin(ItemScorer(), "item_scorer")
    path = tmp_path / "story.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def _shown(stdout: str) -> list[int]:
    """The item numbers a text review lists, in its order."""
    return [int(n) for n in re.findall(r"line \d+: Item (\d+)", stdout)]


def _hidden(stdout: str) -> int | None:
    found = NOTICE.findall(stdout)
    assert len(found) <= 1
    return int(found[0]) if found else None


def test_default_length_shows_the_best_and_counts_the_rest(run_cli, article):
    result = run_cli("check", str(article))
    assert result.exit_code == 0, result.stderr
    assert _shown(result.stdout) == SCORES[:DEFAULT_TOP]
    assert _hidden(result.stdout) == CHECKWORTHY - DEFAULT_TOP


@pytest.mark.parametrize(("args", "shown", "hidden"), [
    (("--top", "3"), SCORES[:3], CHECKWORTHY - 3),
    (("--top", "0"), SCORES[:CHECKWORTHY], None),  # 0: every check-worthy claim
    (("--min-score", "0.5"), SCORES[:CHECKWORTHY], None),  # a score alone: all above it
    (("--min-score", "0.75"), [s for s in SCORES if s >= 75], CHECKWORTHY - 6),
    (("--min-score", "0.2", "--top", "40"), [s for s in SCORES if s >= 20], None),
])
def test_top_and_min_score_set_the_length(run_cli, article, args, shown, hidden):
    result = run_cli("check", str(article), *args)
    assert _shown(result.stdout) == shown
    assert _hidden(result.stdout) == hidden


def test_workbench_toml_sets_the_default_length(run_cli, article, tmp_path):
    config = tmp_path / "workbench.toml"
    config.write_text("top = 4\n", encoding="utf-8")
    result = run_cli("check", str(article), "--config", str(config))
    assert _shown(result.stdout) == SCORES[:4]
    assert _hidden(result.stdout) == CHECKWORTHY - 4
    # --top still wins over the file.
    assert _shown(run_cli("check", str(article), "--config", str(config), "--top", "2")
                  .stdout) == SCORES[:2]


def test_a_bad_length_in_workbench_toml_is_one_line(run_cli, article, tmp_path):
    config = tmp_path / "workbench.toml"
    config.write_text("top = -1\n", encoding="utf-8")
    result = run_cli("check", str(article), "--config", str(config))
    assert result.exit_code == 2
    assert result.stderr == f"error: {config}: top: -1 is less than the minimum of 0\n"


@pytest.mark.parametrize("format_name", ["markdown", "html", "github"])
def test_every_text_reading_view_says_how_many_more(run_cli, article, format_name):
    result = run_cli("check", str(article), "--format", format_name, "--top", "5")
    assert result.exit_code == 0, result.stderr
    assert _hidden(result.stdout) == CHECKWORTHY - 5


def test_sarif_and_docx_say_how_many_more(run_cli, article, tmp_path):
    sarif = json.loads(run_cli("check", str(article), "--format", "sarif", "--top", "5").stdout)
    [run] = sarif["runs"]
    assert len(run["results"]) == 5
    [notice] = run["invocations"][0]["toolExecutionNotifications"]
    assert _hidden(notice["message"]["text"]) == CHECKWORTHY - 5
    assert notice["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith(
        "story.txt")
    target = tmp_path / "review.docx"
    run_cli("check", str(article), "--format", "docx", "--top", "5", "-o", str(target))
    with zipfile.ZipFile(io.BytesIO(target.read_bytes())) as docx:
        body = docx.read("word/document.xml").decode("utf-8")
    assert _hidden(body) == CHECKWORTHY - 5


def test_data_formats_keep_every_claim_unless_narrowed(run_cli, article):
    review = json.loads(run_cli("check", str(article), "--format", "json").stdout)
    [entry] = review["documents"]
    assert len(entry["claims"]) == len(SCORES)
    assert "not_shown" not in entry["document"].get("metadata", {})
    narrowed = json.loads(run_cli("check", str(article), "--format", "json", "--top", "3")
                          .stdout)
    validation.validate("review", narrowed)
    [entry] = narrowed["documents"]
    assert len(entry["claims"]) == 3
    assert entry["document"]["metadata"]["not_shown"] == CHECKWORTHY - 3


def test_top_help_states_the_default(run_cli):
    assert f"claims, {DEFAULT_TOP} unless workbench.toml" in " ".join(
        run_cli("check", "--help").stdout.split())
