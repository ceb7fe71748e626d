"""Faults around files: the review aimed at an input or a read-only file, a run killed
while writing, names that are not UTF-8, folders that cannot be read, closed stdin/stdout."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

ARTICLE = "In 1994 the treaty cost $5 million, up 20% from 1990.\n"


def workbench(*args: str, cwd: Path, shell_redirect: str = "") -> subprocess.CompletedProcess[str]:
    """Run ``python -m workbench ARGS`` in a shell (for ``<&-``/``>&-``)."""
    command = " ".join([sys.executable, "-m", "workbench", *args]) + shell_redirect
    return subprocess.run(["sh", "-c", command], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, "WORKBENCH_CACHE_DIR": str(cwd / "cache")},
                          timeout=60)


def test_the_review_never_replaces_an_input(run_cli: Callable[..., Result],
                                            tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    article = folder / "story.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    for paths in ([str(article)], [str(folder)]):
        result = run_cli("check", *paths, "-o", str(folder / "." / "story.txt"))
        assert result.exit_code == 2
        assert result.stderr == (f"error: {folder / '.' / 'story.txt'}: is the input "
                                 f"{article}: the review would replace it; write the review "
                                 "to another file\n")
        assert article.read_text(encoding="utf-8") == ARTICLE


def test_a_read_only_file_is_not_replaced(run_cli: Callable[..., Result],
                                          tmp_path: Path) -> None:
    article = tmp_path / "story.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    protected = tmp_path / "review.txt"
    protected.write_text("an editor's review\n", encoding="utf-8")
    protected.chmod(0o444)
    store = str(tmp_path / "store.db")
    assert run_cli("--db", store, "check", str(article), "--store").exit_code == 0
    for command in (["check", str(article)], ["export", "-f", "text"]):
        result = run_cli("--db", store, *command, "-o", str(protected))
        assert result.exit_code == 2
        assert f"{protected}: is read-only" in result.stderr
        assert protected.read_text(encoding="utf-8") == "an editor's review\n"
        assert stat.S_IMODE(protected.stat().st_mode) == 0o444


def test_a_replaced_review_keeps_its_permissions(run_cli: Callable[..., Result],
                                                 tmp_path: Path) -> None:
    article = tmp_path / "story.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    private = tmp_path / "review.txt"
    private.write_text("old\n", encoding="utf-8")
    private.chmod(0o600)
    assert run_cli("check", str(article), "-o", str(private)).exit_code == 0
    assert "1. 1.00" in private.read_text(encoding="utf-8")
    assert stat.S_IMODE(private.stat().st_mode) == 0o600


def test_a_run_killed_while_writing_leaves_a_file_the_next_run_removes(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for index in range(30):
        (folder / f"{index:02d}.txt").write_text(ARTICLE * 50, encoding="utf-8")
    slow = tmp_path / "slow.py"
    slow.write_text("import time\nfrom workbench import hookimpl\n\n@hookimpl\n"
                    "def detect_signals(document):\n    time.sleep(0.3)\n    return []\n")
    output = tmp_path / "out" / "review.json"
    output.parent.mkdir()
    env = {**os.environ, "WORKBENCH_CACHE_DIR": str(tmp_path / "cache")}
    run = subprocess.Popen([sys.executable, "-m", "workbench", "check", str(folder),
                            "--plugin", str(slow), "-f", "json", "-o", str(output),
                            "--jobs", "1"], env=env, stderr=subprocess.DEVNULL,
                           start_new_session=True)
    deadline = time.monotonic() + 30
    while not list(output.parent.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)  # some documents written
    os.killpg(run.pid, signal.SIGKILL)  # no handler runs: as the OOM killer or a power cut
    run.wait(10)
    [leftover] = output.parent.iterdir()
    assert leftover.name == f"review.json.{run.pid}.workbench-partial"  # seen, not hidden
    done = subprocess.run([sys.executable, "-m", "workbench", "check", str(folder / "00.txt"),
                           "-f", "json", "-o", str(output)], env=env, capture_output=True)
    assert done.returncode == 0, done.stderr
    assert [path.name for path in output.parent.iterdir()] == ["review.json"]


@pytest.mark.parametrize("format_name", ["text", "json", "csv", "markdown"])
def test_a_file_name_that_is_not_utf8_is_reported_and_the_others_checked(
        run_cli: Callable[..., Result], tmp_path: Path, format_name: str) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "good.txt").write_text(ARTICLE, encoding="utf-8")
    latin1 = os.fsdecode(bytes(folder) + b"/caf\xe9.txt")  # "café.txt" in Latin-1
    Path(latin1).write_text(ARTICLE, encoding="utf-8")
    output = tmp_path / f"review.{format_name}"
    result = run_cli("check", str(folder), "-f", format_name, "-o", str(output))
    assert result.exit_code == 2
    assert result.stderr == (f"error: {folder}/caf\\xe9.txt: the file name is not UTF-8; "
                             "rename the file\n")
    assert str(folder / "good.txt") in output.read_text(encoding="utf-8")


def test_a_subfolder_that_cannot_be_read_is_reported(run_cli: Callable[..., Result],
                                                     tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "articles"
    locked = folder / "locked"
    locked.mkdir(parents=True)
    (folder / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (locked / "hidden.txt").write_text(ARTICLE, encoding="utf-8")
    locked.chmod(0)
    if os.geteuid() == 0:  # root reads any folder: refuse it as the kernel would a user
        scandir = os.scandir

        def refusing(path: object = ".") -> object:
            if os.fspath(path) == str(locked):  # type: ignore[arg-type]
                raise PermissionError(13, "Permission denied", str(locked))
            return scandir(path)  # type: ignore[arg-type]

        monkeypatch.setattr(os, "scandir", refusing)
    try:
        result = run_cli("check", str(folder), "-f", "json")
    finally:
        locked.chmod(0o755)
    assert result.exit_code == 2
    assert result.stderr == (f"error: {locked}: cannot read this folder (Permission denied); "
                             "its files were not checked\n")
    assert [entry["document"]["uri"] for entry in json.loads(result.stdout)["documents"]] \
        == [str(folder / "good.txt")]


def test_closed_standard_input_is_one_line(tmp_path: Path) -> None:
    result = workbench("check", "-", cwd=tmp_path, shell_redirect=" <&-")
    assert (result.returncode, result.stderr) == (2, "error: <stdin>: standard input is "
                                                     "closed\n")


def test_closed_standard_output_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text(ARTICLE, encoding="utf-8")
    result = workbench("check", "story.txt", cwd=tmp_path, shell_redirect=" >&-")
    assert (result.returncode, result.stderr) == (
        2, "error: stdout: standard output is closed; write the review to a file with -o "
           "FILE\n")
    stored = workbench("--db", "store.db", "check", "story.txt", "--store", "-o", "review.txt",
                       cwd=tmp_path, shell_redirect=" >&-")
    assert stored.returncode == 0, stored.stderr  # with -o it needs no stdout
    assert "1. 1.00" in (tmp_path / "review.txt").read_text(encoding="utf-8")
    listed = workbench("--db", "store.db", "claims", "list", cwd=tmp_path)
    assert listed.stdout.count("clm-") == 1  # the store took nothing meant for stdout
