"""What `check` writes to stdout: quiet when its reader leaves early."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

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
