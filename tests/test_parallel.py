"""A folder is checked on several processes with the same result, the review streams, and
no worker that dies, hangs or prints can hang or spoil the run."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from workbench_plugins.exporters.json import JSON

from workbench import hookimpl
from workbench.records import make_signal

ARTICLES = {
    f"{index:02d}.txt": f"Report {index}\n\nThe council spent TEN MILLION dollars in "
    f"{1990 + index}.\n\nIt was signed over three decades ago.\n"
    for index in range(6)
}


class QuantityPattern:
    """A test detector: a quantity signal at each match of its pattern in the whole text
    (it ignores the sentences it is given)."""

    def __init__(self, pattern: str) -> None:
        self.pattern = re.compile(pattern)

    @hookimpl
    def detect_signals(self, document):
        text = document["text"]
        return [make_signal(text, "quantity", m.start(), m.end(), 0.6)
                for m in self.pattern.finditer(text)]


class Exploding:
    """A detector that always raises."""

    @hookimpl
    def detect_signals(self, document):
        raise RuntimeError("kaboom")


def write_folder(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text)
    return folder


def test_jobs_give_the_same_review_in_the_same_order(run_cli, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    folder = write_folder(tmp_path)
    serial = run_cli("check", str(folder), "--format", "json", "--jobs", "1")
    parallel = run_cli("check", str(folder), "--format", "json", "--jobs", "2")
    assert serial.exit_code == parallel.exit_code == 0
    assert serial.stdout == parallel.stdout
    uris = [e["document"]["uri"] for e in json.loads(parallel.stdout)["documents"]]
    assert uris == [str(folder / name) for name in sorted(ARTICLES)]


def test_plugins_registered_in_process_reach_the_workers(run_cli, register_plugin, tmp_path):
    register_plugin(QuantityPattern(r"TEN MILLION"), "shouting")  # in this process only
    folder = write_folder(tmp_path)
    result = run_cli("check", str(folder), "--format", "json", "--jobs", "2")
    review = json.loads(result.stdout)
    shouting = [sum(s["detector"] == "shouting" for c in e["claims"] for s in c["signals"])
                for e in review["documents"]]
    assert shouting == [1] * len(ARTICLES)


def test_strict_failure_in_a_worker_writes_nothing(run_cli, register_plugin, tmp_path):
    register_plugin(Exploding(), "exploding")
    folder = write_folder(tmp_path)
    output = tmp_path / "review.json"
    result = run_cli("check", str(folder), "--strict", "--jobs", "2", "-f", "json",
                     "-o", str(output))
    assert result.exit_code == 3
    assert result.stderr.strip() == (
        f"error: plugin exploding failed on {folder / '00.txt'}: RuntimeError: kaboom")
    assert not output.exists()
    assert list(tmp_path.iterdir()) == [folder], "no temporary file is left behind"


def test_streamed_json_is_the_json_export(run_cli, tmp_path):
    folder = write_folder(tmp_path)
    output = tmp_path / "review.json"
    assert run_cli("check", str(folder), "-f", "json", "-o", str(output)).exit_code == 0
    streamed = output.read_bytes()
    review = json.loads(streamed)
    assert JSON.whole(review) == streamed
    assert streamed.decode() == json.dumps(review, indent=2, ensure_ascii=False) + "\n"
    assert review["summary"]["documents"] == len(ARTICLES)


def test_text_and_markdown_of_a_folder(run_cli, tmp_path):
    folder = write_folder(tmp_path)
    text = run_cli("check", str(folder), "--jobs", "2", "--top", "1")
    assert text.exit_code == 0
    ranked = re.findall(r"^ +(\d+)\. \d\.\d\d  line", text.stdout, re.M)
    assert ranked == ["1"] * len(ARTICLES)  # --top 1: the best claim of each document
    assert text.stdout.rstrip().endswith(f"{len(ARTICLES)} documents, {len(ARTICLES)} claims "
                                         f"shown, {len(ARTICLES)} check-worthy")
    one = run_cli("check", str(folder / "00.txt"), "--top", "1")
    assert one.stdout.rstrip().endswith("1 document, 1 claim shown, 1 check-worthy")
    markdown = run_cli("check", str(folder), "--format", "markdown", "--jobs", "2")
    assert markdown.exit_code == 0 and markdown.stdout.count("\n## ") == len(ARTICLES)


class WhoRendered:
    """A streaming exporter whose part of each document names the process that made it."""

    @hookimpl
    def register_exporters(self, register):
        import os

        from workbench.types import Exporter, Stream

        stream = Stream(part=lambda entry: f"{entry['document']['uri']} {os.getpid()}\n")
        register(Exporter(name="who", description="who rendered", media_type="text/plain",
                          suffix=".txt", export=stream.whole, stream=stream))


def test_documents_are_rendered_in_the_workers_that_checked_them(run_cli, register_plugin,
                                                                 tmp_path):
    import os

    register_plugin(WhoRendered(), "who")
    folder = write_folder(tmp_path)
    lines = run_cli("check", str(folder), "--format", "who", "--jobs", "2").stdout.split("\n")
    uris, pids = zip(*(line.split(" ") for line in lines if line), strict=True)
    assert [uri.rsplit("/", 1)[1] for uri in uris] == sorted(ARTICLES)  # in input order
    assert str(os.getpid()) not in pids

    stored = run_cli("--db", str(tmp_path / "store.db"), "check", str(folder), "--store",
                     "--format", "who", "--jobs", "2").stdout.split("\n")
    # The store sees the entries first, so they are rendered here, once stored.
    assert {line.split(" ")[1] for line in stored if line} == {str(os.getpid())}


class DiesOn:
    """A detector that ends its process (as a plugin's os._exit or the OOM killer would)
    on documents whose text holds ``marker``."""

    def __init__(self, marker: str, how: str) -> None:
        self.marker, self.how = marker, how

    @hookimpl
    def detect_signals(self, document):
        if self.marker in document["text"]:
            if self.how == "exit":
                os._exit(0)
            os.kill(os.getpid(), signal.SIGKILL)
        return []


@pytest.mark.parametrize("how", ["exit", "kill"])
def test_a_worker_that_dies_costs_only_its_document(run_cli, register_plugin, tmp_path, how):
    register_plugin(DiesOn("in 1992.", how), "dies")
    folder = write_folder(tmp_path)
    result = run_cli("check", str(folder), "--format", "json", "--jobs", "2")
    assert result.exit_code == 3  # a document was not checked: a CI gate must not pass
    review = json.loads(result.stdout)
    checked = [Path(entry["document"]["uri"]).name for entry in review["documents"]]
    assert checked == [name for name in sorted(ARTICLES) if name != "02.txt"]
    ended = "exit code 0" if how == "exit" else "killed by signal SIGKILL"
    assert f"plugin workbench failed on {folder / '02.txt'}: the process checking it ended " \
           f"({ended})" in result.stderr
    assert f"error: 1 document not checked because of a plugin: {folder / '02.txt'}" \
        in result.stderr


class HangsOn:
    """A detector that hangs on one document where no alarm can reach it (signals
    blocked, as in C code that never returns to Python)."""

    @hookimpl
    def detect_signals(self, document):
        if "in 1991." in document["text"]:
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
            time.sleep(60)
        return []


def test_a_hung_worker_is_stopped_after_the_time_limit(run_cli, register_plugin, tmp_path,
                                                       workbench_config):
    register_plugin(HangsOn(), "hangs")
    workbench_config("timeout = 0.5\n")
    folder = write_folder(tmp_path)
    started = time.monotonic()
    result = run_cli("check", str(folder), "--format", "json", "--jobs", "2")
    assert time.monotonic() - started < 20
    assert result.exit_code == 3
    assert f"plugin workbench failed on {folder / '01.txt'}: not finished 0.5 s after it " \
           "started; its process was stopped" in result.stderr
    assert json.loads(result.stdout)["summary"]["documents"] == len(ARTICLES) - 1


class Sleeps:
    """A detector that takes its time in Python code, where the time limit reaches it."""

    @hookimpl
    def detect_signals(self, document):
        if "in 1993." in document["text"]:
            time.sleep(30)
        return []


def test_the_time_limit_names_the_plugin_that_was_running(run_cli, register_plugin, tmp_path,
                                                          workbench_config):
    register_plugin(Sleeps(), "sleepy")
    workbench_config("timeout = 0.5\n")
    folder = write_folder(tmp_path)
    for jobs in ("1", "2"):
        result = run_cli("check", str(folder), "--format", "json", "--jobs", jobs)
        assert result.exit_code == 3
        assert f"plugin sleepy failed on {folder / '03.txt'}: did not finish within 0.5 s; " \
               "the document was not checked" in result.stderr
    single = run_cli("check", str(folder / "03.txt"))
    assert single.exit_code == 3 and "plugin sleepy failed on" in single.stderr


class Chatty:
    """A detector that prints to standard output, in Python and on the raw descriptor."""

    @hookimpl
    def detect_signals(self, document):
        print("chatter from a plugin")
        os.write(1, b"raw chatter\n")
        return []


def test_a_plugin_printing_cannot_spoil_the_review_on_stdout(tmp_path):
    folder = write_folder(tmp_path)
    plugin = tmp_path / "chatty.py"
    plugin.write_text("import os\nfrom workbench import hookimpl\n\n"
                      "@hookimpl\ndef detect_signals(document):\n"
                      "    print('chatter from a plugin')\n"
                      "    os.write(1, b'raw chatter\\n')\n    return []\n")
    for paths in ([str(folder)], [str(folder / "00.txt")]):
        result = subprocess.run([sys.executable, "-m", "workbench", "check", *paths,
                                 "--plugin", str(plugin), "-f", "json"],
                                capture_output=True, text=True, env=_env(tmp_path))
        assert result.returncode == 0, result.stderr
        json.loads(result.stdout)  # the review alone
        assert "chatter from a plugin" in result.stderr and "raw chatter" in result.stderr


def _as_a_foreground_job():
    """Ctrl-C's default meaning, even when the suite itself runs in the background (a
    shell starts background jobs with SIGINT ignored, and a child inherits that)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _env(tmp_path):
    return {**os.environ, "WORKBENCH_CACHE_DIR": str(tmp_path / "cache")}


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143),
                                              (signal.SIGHUP, 129)])
def test_an_interrupted_run_ends_at_once_and_leaves_nothing(tmp_path, signum, code):
    folder = tmp_path / "many"
    folder.mkdir()
    for index in range(40):
        (folder / f"{index:02d}.txt").write_text(ARTICLES["00.txt"])
    plugin = tmp_path / "slow.py"
    plugin.write_text("import time\nfrom workbench import hookimpl\n\n"
                      "@hookimpl\ndef detect_signals(document):\n"
                      "    time.sleep(1)\n    return []\n")
    output = tmp_path / "out" / "review.json"
    output.parent.mkdir()
    run = subprocess.Popen([sys.executable, "-m", "workbench", "check", str(folder),
                            "--plugin", str(plugin), "-f", "json", "-o", str(output),
                            "--jobs", "2"], env=_env(tmp_path), stderr=subprocess.PIPE,
                           start_new_session=True, preexec_fn=_as_a_foreground_job)
    time.sleep(2)
    started = time.monotonic()
    os.killpg(run.pid, signum)  # as a terminal's Ctrl-C reaches the whole process group
    _, stderr = run.communicate(timeout=10)
    assert time.monotonic() - started < 2, stderr
    assert run.returncode == code, stderr
    assert list(output.parent.iterdir()) == []  # no review, no temporary file
    assert b"Traceback" not in stderr
