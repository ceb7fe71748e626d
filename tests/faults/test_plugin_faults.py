"""Plugins that misbehave: print to stdout, exit the process, hang, change the working
folder, change the records they are given. None of it may spoil or fake a review."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from workbench import hookimpl
from workbench.testing import check_text

ARTICLE = "In 1994 the treaty cost $5 million, up 20% from 1990.\n"


def folder_of(tmp_path: Path, count: int) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for index in range(count):
        (folder / f"{index}.txt").write_text(ARTICLE.replace("1994", str(1980 + index)),
                                             encoding="utf-8")
    return folder


def plugin(tmp_path: Path, body: str, name: str = "misbehaving") -> Path:
    """A plugin file whose detect_signals runs ``body`` (indented by four spaces)."""
    path = tmp_path / f"{name}.py"
    path.write_text("import os, signal, sys, threading, time\nfrom workbench import hookimpl\n\n"
                    "@hookimpl\ndef detect_signals(document):\n"
                    + "".join(f"    {line}\n" for line in body.splitlines())
                    + "    return []\n", encoding="utf-8")
    return path


def workbench(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "workbench", *args], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60,
                          env={**os.environ, "WORKBENCH_CACHE_DIR": str(tmp_path / "cache")})


CHATTER = {
    "print": "print('chatter')",
    "raw write": "os.write(1, b'chatter\\n')",
    "thread": "t = threading.Thread(target=lambda: print('chatter', flush=True))\n"
              "t.start()\nt.join()",
}


@pytest.mark.parametrize("count", [1, 3], ids=["one input", "a folder"])
@pytest.mark.parametrize("how", CHATTER.values(), ids=CHATTER.keys())
def test_a_plugin_writing_to_stdout_cannot_spoil_the_review(tmp_path: Path, how: str,
                                                            count: int) -> None:
    folder = folder_of(tmp_path, count)
    paths = [str(folder / "0.txt")] if count == 1 else [str(folder)]
    result = workbench(tmp_path, "check", *paths, "--plugin", str(plugin(tmp_path, how)),
                       "-f", "json")
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)["documents"]) == count  # the review alone
    assert "chatter" in result.stderr


@pytest.mark.parametrize("how", ["sys.exit(0)", "os._exit(0)"])
def test_a_plugin_exiting_in_a_run_of_one_input_is_a_reported_failure(tmp_path: Path,
                                                                      how: str) -> None:
    article = folder_of(tmp_path, 1) / "0.txt"
    result = workbench(tmp_path, "check", str(article), "--plugin",
                       str(plugin(tmp_path, how)), "-f", "json")
    review = json.loads(result.stdout)  # a review, not nothing
    [failure] = review["failures"]
    assert failure["plugin"] == "misbehaving" and failure["message"].startswith("SystemExit")
    assert f"plugin misbehaving failed on {article}: SystemExit" in result.stderr
    strict = workbench(tmp_path, "check", str(article), "--plugin",
                       str(plugin(tmp_path, how)), "--strict")
    assert strict.returncode == 3 and strict.stdout == ""


@pytest.mark.parametrize("how", ["sys.exit(0)", "os._exit(0)"])
def test_a_plugin_exiting_in_a_folder_fails_the_run_visibly(tmp_path: Path, how: str) -> None:
    folder = folder_of(tmp_path, 3)
    body = f"if '1981' in document['text']:\n    {how}"
    result = workbench(tmp_path, "check", str(folder), "--plugin", str(plugin(tmp_path, body)),
                       "-f", "json", "--jobs", "2")
    review = json.loads(result.stdout)
    if how.startswith("sys"):  # a plugin failure: the document is checked without it
        assert result.returncode == 0
        assert review["summary"]["documents"] == 3
        assert review["failures"][0]["message"].startswith("SystemExit")
    else:  # its process is gone: the document is not checked, and the exit code says so
        assert result.returncode == 3
        assert review["summary"]["documents"] == 2
        assert f"error: 1 document not checked because of a plugin: {folder / '1.txt'}" \
            in result.stderr


def test_a_hung_worker_does_not_hang_the_run(tmp_path: Path) -> None:
    folder = folder_of(tmp_path, 3)
    (tmp_path / "workbench.toml").write_text("timeout = 0.5\n", encoding="utf-8")
    body = ("if '1981' in document['text']:\n"
            "    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})\n"
            "    time.sleep(120)")
    started = time.monotonic()
    result = workbench(tmp_path, "check", str(folder), "--plugin", str(plugin(tmp_path, body)),
                       "-f", "json", "--jobs", "2", "--config", str(tmp_path / "workbench.toml"))
    assert time.monotonic() - started < 20
    assert result.returncode == 3
    assert json.loads(result.stdout)["summary"]["documents"] == 2


@pytest.mark.parametrize("count", [1, 2], ids=["one input", "two inputs"])
def test_a_plugin_changing_the_working_folder_moves_nothing(tmp_path: Path,
                                                            count: int) -> None:
    work = tmp_path / "work"
    elsewhere = tmp_path / "elsewhere"
    work.mkdir()
    elsewhere.mkdir()
    for index in range(count):
        (work / f"{index}.txt").write_text(ARTICLE, encoding="utf-8")
    mover = plugin(tmp_path, f"os.chdir({str(elsewhere)!r})")
    result = workbench(work, "check", *[f"{index}.txt" for index in range(count)],
                       "--plugin", str(mover), "-f", "json", "-o", "review.json", "--jobs", "1")
    assert result.returncode == 0, result.stderr
    assert list(elsewhere.iterdir()) == []
    review = json.loads((work / "review.json").read_text(encoding="utf-8"))
    assert [entry["document"]["uri"] for entry in review["documents"]] \
        == [f"{index}.txt" for index in range(count)]


class ChangesMetadata:
    """A checker that writes into the document it is given."""

    @hookimpl
    def check_claim(self, claim, document, options):
        document.setdefault("metadata", {})["checked_by"] = "me"


@pytest.mark.parametrize("strict", [True, False])
def test_check_text_catches_a_checker_changing_the_document(strict: bool) -> None:
    with pytest.raises(AssertionError, match=r"check_claim .*changed the document it was given"):
        check_text(ARTICLE, plugins=["quantities", ChangesMetadata()], strict=strict)
