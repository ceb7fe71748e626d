"""What `check` writes to stdout: the whole review or nothing, quiet when its reader leaves."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from workbench import hookimpl
from workbench.types import Exporter, Stream

SEEDS = Path(__file__).parent.parent / "seeds"
PIPE_BUFFER = 64 * 1024  # what Linux holds in a pipe before a writer has to wait


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A folder of eighteen articles (the seeds, six times over)."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for copy in range(6):
        for seed in SEEDS.glob("*.txt"):
            shutil.copy(seed, folder / f"{copy}-{seed.name}")
    return folder


@pytest.mark.parametrize("format_name", ["text", "json"])
def test_a_reader_that_stops_after_one_line_is_not_an_error(corpus, format_name):
    process = subprocess.Popen(
        [sys.executable, "-m", "workbench", "check", str(corpus), "--format", format_name,
         "--min-score", "0", "--jobs", "1"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()  # as `| head -1` does: the rest cannot fit in the pipe
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=60) == 0, stderr
    assert first.strip()
    assert stderr == ""


def test_the_corpus_review_is_larger_than_a_pipe_holds(run_cli, corpus):
    """The test above only means something if the writer must wait for its reader."""
    result = run_cli("check", str(corpus), "--format", "text", "--min-score", "0")
    assert result.exit_code == 0
    assert len(result.stdout_bytes) > 2 * PIPE_BUFFER


ARTICLE = "The treaty was negotiated over three decades ago in Geneva.\n"


@pytest.fixture
def three_articles(tmp_path: Path) -> Path:
    """A folder of three short articles; the second one's name contains "second"."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for name in ("a-first.txt", "b-second.txt", "c-third.txt"):
        (folder / name).write_text(ARTICLE)
    return folder


class FailsOnTheSecondArticle:
    """A detector that raises on the second article."""

    @hookimpl
    def detect_signals(self, document):
        if "second" in document["uri"]:
            raise RuntimeError("cannot read this one")
        return []


class ExporterFailingMidway:
    """A streaming exporter that writes each article's name, and fails on the second."""

    @hookimpl
    def register_exporters(self, register):
        def name(entry):
            if "second" in entry["document"]["uri"]:
                raise OSError("the disk is full")
            return entry["document"]["uri"] + "\n"

        stream = Stream(part=name, head=lambda review: "names:\n")
        register(Exporter(name="names", description="article names", media_type="text/plain",
                          suffix=".txt", export=stream.whole, stream=stream))


@pytest.mark.parametrize("format_name", ["text", "json"])
def test_a_plugin_failing_midway_under_strict_leaves_stdout_empty(
        run_cli, register_plugin, three_articles, format_name):
    register_plugin(FailsOnTheSecondArticle(), "fails_on_the_second")
    result = run_cli("check", str(three_articles), "--strict", "--format", format_name,
                     "--jobs", "1")
    assert result.exit_code == 3, result.stderr
    assert "cannot read this one" in result.stderr
    assert result.stdout == ""


def test_an_exporter_failing_midway_leaves_stdout_empty(run_cli, register_plugin,
                                                        three_articles):
    register_plugin(ExporterFailingMidway(), "names_exporter")
    assert run_cli("check", str(three_articles / "a-first.txt"),
                   "--format", "names").stdout.startswith("names:\n")
    result = run_cli("check", str(three_articles), "--format", "names", "--jobs", "1")
    assert result.exit_code == 3
    assert result.stderr.strip() == ("error: plugin names_exporter failed to export names: "
                                     "OSError: the disk is full")
    assert result.stdout == ""


def test_a_review_larger_than_the_memory_spool_reaches_stdout_whole(run_cli, corpus,
                                                                    monkeypatch):
    from workbench import output

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # the two runs' verdicts alike
    in_memory = run_cli("check", str(corpus), "--format", "json", "--jobs", "1")
    monkeypatch.setattr(output, "SPOOL_BYTES", 1000)  # the rest waits in a temporary file
    on_disk = run_cli("check", str(corpus), "--format", "json", "--jobs", "1")
    assert on_disk.exit_code == in_memory.exit_code == 0
    assert len(on_disk.stdout_bytes) > 100 * output.SPOOL_BYTES
    review, spooled = json.loads(in_memory.stdout), json.loads(on_disk.stdout)
    assert [e["claims"] for e in spooled["documents"]] == \
        [e["claims"] for e in review["documents"]]
