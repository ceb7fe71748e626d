"""`workbench check` end to end through the CLI: formats, output, ranking, exit codes."""

from __future__ import annotations

import json
import os
import stat
import threading
from pathlib import Path

import pytest

from workbench import hookimpl, validation
from workbench.records import make_verdict

SEEDS = Path(__file__).parent.parent / "seeds"
SEED = SEEDS / "000_c600f1c3fd659fcc.txt"


def review_of(result) -> dict:
    assert result.exit_code == 0, result.output
    review = json.loads(result.stdout)
    validation.validate("review", review)
    return review


def test_json_review_is_valid_and_keeps_every_candidate(run_cli):
    review = review_of(run_cli("check", str(SEEDS), "--format", "json"))
    assert review["summary"]["documents"] == 3
    assert validation.offset_errors(review) == []
    all_claims = [c for entry in review["documents"] for c in entry["claims"]]
    assert len(all_claims) == review["summary"]["claims"]
    assert any(not c["checkworthy"] for c in all_claims), "non-check-worthy candidates stay"
    for entry in review["documents"]:
        text = entry["document"]["text"]
        for claim in entry["claims"]:
            start, end = claim["span"]["start"], claim["span"]["end"]
            assert text[start:end] == claim["text"] == claim["selector"]["exact"]
            assert text[:start].endswith(claim["selector"]["prefix"])
            assert text[end:].startswith(claim["selector"]["suffix"])


def test_detectors_fire_on_the_seed_articles(run_cli):
    review = review_of(run_cli("check", str(SEEDS), "--format", "json"))
    signals = {(s["kind"], s["text"]) for entry in review["documents"]
               for c in entry["claims"] for s in c["signals"]}
    assert ("temporal", "over three decades ago") in signals
    assert ("trade-measure", "tariffs on aluminum and steel") in signals
    # The dateline "5 min read Post on Apr 25, 2025" is page furniture: it dates the article
    # instead of becoming a claim.
    assert ("temporal", "Apr 25, 2025") not in signals
    published = {entry["document"]["uri"].rsplit("/", 1)[-1]: entry["document"]["published"]
                 for entry in review["documents"]}
    assert published["001_4ce4d3abd3835391.txt"] == "2025-04-25"


def test_claim_ids_are_stable_across_runs(run_cli):
    first = review_of(run_cli("check", str(SEED), "--format", "json"))
    second = review_of(run_cli("check", str(SEED), "--format", "json"))
    ids = [c["id"] for c in first["documents"][0]["claims"]]
    assert ids == [c["id"] for c in second["documents"][0]["claims"]]
    assert len(set(ids)) == len(ids)


def test_repeated_sentences_get_distinct_ids(run_cli):
    result = run_cli("check", "-", "--format", "json",
                     input="Tariffs rose in 2018.\n\nTariffs rose in 2018.\n")
    claims = review_of(result)["documents"][0]["claims"]
    assert [c["text"] for c in claims] == ["Tariffs rose in 2018."] * 2
    assert claims[0]["id"] != claims[1]["id"]


def score_of(line: str) -> float | None:
    """The score of a ranked line such as `  2. 0.75  line 3: ...`."""
    parts = line.split()
    if len(parts) > 2 and parts[0].rstrip(".").isdigit() and parts[2] == "line":
        return float(parts[1])
    return None


def test_text_output_ranks_checkworthy_claims_best_first(run_cli):
    result = run_cli("check", str(SEEDS))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    scores = [score_of(line) for line in lines if score_of(line) is not None]
    assert scores and all(score >= 0.5 for score in scores)
    first_doc = [score_of(line) for line in lines[1:lines.index("")]]
    doc_scores = [score for score in first_doc if score is not None]
    assert len(doc_scores) > 1
    assert doc_scores == sorted(doc_scores, reverse=True)
    assert "3 documents" in lines[-1]


def test_markdown_output(run_cli):
    result = run_cli("check", str(SEEDS), "--format", "markdown")
    assert result.exit_code == 0
    assert result.stdout.startswith("# Workbench review")
    assert "| Line | Score | Claim | Kinds | Verdict |" in result.stdout
    assert "over three decades ago" in result.stdout


def test_top_and_min_score_narrow_every_format(run_cli):
    review = review_of(run_cli("check", str(SEEDS), "--format", "json", "--top", "1"))
    assert all(len(entry["claims"]) <= 1 for entry in review["documents"])
    review = review_of(run_cli("check", str(SEEDS), "--format", "json", "--min-score", "0.7"))
    scores = [c["checkworthiness"] for e in review["documents"] for c in e["claims"]]
    assert scores and min(scores) >= 0.7


def test_stdin(run_cli):
    result = run_cli("check", "-", "--format", "json",
                     input="The treaty was signed over three decades ago.")
    review = review_of(result)
    assert review["documents"][0]["document"]["uri"] == "<stdin>"
    assert review["documents"][0]["claims"][0]["kinds"] == ["temporal"]


def test_output_file_is_written(run_cli, tmp_path):
    target = tmp_path / "review.json"
    result = run_cli("check", str(SEED), "--format", "json", "--output", str(target))
    assert result.exit_code == 0
    assert result.stdout == ""
    validation.validate("review", json.loads(target.read_text(encoding="utf-8")))
    assert [p.name for p in tmp_path.iterdir()] == ["review.json"]


def test_output_through_a_link_replaces_the_file_and_keeps_the_link(run_cli, tmp_path):
    target = tmp_path / "review.json"
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "latest.json"
    link.symlink_to(target)
    result = run_cli("check", str(SEED), "--format", "json", "--output", str(link))
    assert result.exit_code == 0
    assert link.is_symlink()
    validation.validate("review", json.loads(target.read_text(encoding="utf-8")))


def test_output_to_a_named_pipe_writes_into_it_and_keeps_it(run_cli, tmp_path):
    pipe = tmp_path / "review.pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []

    def read() -> None:
        with open(pipe, "rb") as stream:  # waits for the writer
            received.append(stream.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    result = run_cli("check", str(SEED), "--format", "json", "--output", str(pipe))
    reader.join(timeout=10)
    assert result.exit_code == 0
    assert stat.S_ISFIFO(os.stat(pipe).st_mode)  # not replaced by a regular file
    validation.validate("review", json.loads(received[0]))


def test_fail_on_checkworthy_exits_1(run_cli):
    assert run_cli("check", str(SEED), "--fail-on", "checkworthy").exit_code == 1
    quiet = run_cli("check", "-", "--fail-on", "checkworthy", input="What a lovely day.")
    assert quiet.exit_code == 0


class Refuter:
    """A checker that rates every claim false with a computation."""

    @hookimpl
    def check_claim(self, claim):
        return [make_verdict("false", 0.9, "Computed.", computation="1 + 1 = 2, not 3")]


def test_fail_on_rating_uses_the_best_verdict(run_cli, register_plugin):
    register_plugin(Refuter(), "refuter")
    assert run_cli("check", str(SEED), "--fail-on", "false").exit_code == 1
    assert run_cli("check", str(SEED), "--fail-on", "misleading").exit_code == 0
    text = run_cli("check", str(SEED)).stdout
    assert "verdict: false (0.90, refuter): Computed." in text
    assert "verdicts: " in text.splitlines()[-1]


@pytest.mark.parametrize("args", [["--help"], ["check", "--help"], ["plugins", "--help"],
                                  ["validate", "--help"], ["schemas", "--help"]])
def test_help_teaches(run_cli, args):
    result = run_cli(*args)
    assert result.exit_code == 0
    assert "Usage:" in result.stdout
    if args == ["check", "--help"]:
        for option in ("--format", "--output", "--plugin", "--strict", "--fail-on", "--top"):
            assert option in result.stdout


def test_version(run_cli):
    from workbench import __version__
    result = run_cli("--version")
    assert result.exit_code == 0 and __version__ in result.stdout


class QuietlyFalse:
    """A claim scored below the threshold that a checker still rates false."""

    @hookimpl
    def detect_signals(self, document):
        from workbench.records import make_signal
        text = document["text"]
        return [make_signal(text, "quantity", 0, 5, 0.3)]

    @hookimpl(tryfirst=True)
    def score_claim(self):
        return 0.1

    @hookimpl
    def check_claim(self):
        return [make_verdict("false", 0.9, "Redone.", computation="2 + 2 = 4, not 5")]


@pytest.mark.parametrize("format_name", ["text", "json", "markdown"])
def test_fail_on_sees_claims_the_reading_view_leaves_out(run_cli, register_plugin,
                                                          format_name):
    register_plugin(QuietlyFalse(), "quietly_false")
    result = run_cli("check", "-", "--format", format_name, "--fail-on", "false",
                     input="Two and two make five.")
    assert result.exit_code == 1
    if format_name == "text":
        assert "Two and two" not in result.stdout  # not check-worthy: not listed
