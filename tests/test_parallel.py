"""A folder is checked on several processes with the same result, and the review streams."""

from __future__ import annotations

import json
import os
import re

import pytest
from workbench_plugins.json_review import JSON

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
    markdown = run_cli("check", str(folder), "--format", "markdown", "--jobs", "2")
    assert markdown.exit_code == 0 and markdown.stdout.count("\n## ") == len(ARTICLES)


class Hangs:
    """A detector that never returns in time."""

    @hookimpl
    def detect_signals(self, document):
        import time

        time.sleep(5)
        return []


def test_a_plugin_timed_out_in_a_worker_is_not_waited_for_again(run_cli, register_plugin,
                                                                   tmp_path, workbench_config):
    register_plugin(Hangs(), "hangs")
    folder = write_folder(tmp_path)
    workbench_config("[plugins.hangs]\ntimeout = 0.2\n")
    result = run_cli("check", str(folder), "--format", "json", "--jobs", "2")
    assert result.exit_code == 0
    late = [line for line in result.stderr.splitlines() if "did not return within" in line]
    assert 1 <= len(late) <= 2, "at most once per worker, not once per document"
    assert json.loads(result.stdout)["summary"]["documents"] == len(ARTICLES)


class WhoRendered:
    """A streaming exporter whose part of each document names the process that made it."""

    @hookimpl
    def register_exporters(self, register):
        import os

        from workbench.registry import Exporter, Stream

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


def _long_article(tmp_path, sentences: int = 4200):
    """One article of many short sentences: enough claims to be shared out."""
    path = tmp_path / "long.txt"
    lines = (f"The council spent {index} million dollars in {1900 + index % 120}."
             if index % 3 else f"Spending rose from 100 to {150 + index % 7} dollars, an "
             f"increase of 50 per cent." for index in range(sentences))
    path.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_long_article_is_checked_alike_on_one_process_and_on_two(run_cli, tmp_path,
                                                                    monkeypatch):
    from workbench import pipeline

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    article = _long_article(tmp_path)
    assert 2 * pipeline.CLAIMS_PER_PROCESS <= 4200  # so that two processes share the claims
    one = run_cli("check", str(article), "-f", "json", "--jobs", "1")
    two = run_cli("check", str(article), "-f", "json", "--jobs", "2")
    assert one.exit_code == two.exit_code == 0
    assert one.stdout == two.stdout
    claims = json.loads(two.stdout)["documents"][0]["claims"]
    assert len(claims) == 4200 and sum(bool(claim["verdicts"]) for claim in claims) > 1000


class FailsOnLateClaims:
    """A checker that raises on claims of the article's second half."""

    @hookimpl
    def check_claim(self, claim):
        if claim["span"]["start"] > 150_000:
            raise RuntimeError("late claim")
        return []


def test_a_detector_that_reads_the_whole_text_finds_the_same_on_two_processes(
        run_cli, register_plugin, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    register_plugin(QuantityPattern(r"\d+ million"), "millions")
    article = _long_article(tmp_path)
    one = run_cli("check", str(article), "-f", "json", "--jobs", "1")
    two = run_cli("check", str(article), "-f", "json", "--jobs", "2")
    assert one.exit_code == two.exit_code == 0
    assert one.stdout == two.stdout
    found = [signal for claim in json.loads(two.stdout)["documents"][0]["claims"]
             for signal in claim["signals"] if signal["detector"] == "millions"]
    assert len(found) == 2800  # once each: not once per process


class FailsOnLateSentences:
    """A detector that raises when its sentences are not the article's first ones."""

    @hookimpl
    def detect_signals(self, document, sentences):
        if sentences[0][0] > 0:
            raise RuntimeError("late sentences")
        return []


@pytest.mark.parametrize(("plugin", "message"), [
    (FailsOnLateClaims(), "RuntimeError: late claim"),  # a checker
    (FailsOnLateSentences(), "RuntimeError: late sentences"),  # a detector
], ids=["checker", "detector"])
def test_a_failure_in_the_second_process_is_reported_once_by_the_first(
        run_cli, register_plugin, tmp_path, plugin, message):
    register_plugin(plugin, "fails_late")
    article = _long_article(tmp_path)
    result = run_cli("check", str(article), "-f", "json", "--jobs", "2")
    assert result.exit_code == 0
    assert result.stderr.count("plugin fails_late failed on") == 1
    assert message in result.stderr
    review = json.loads(result.stdout)
    assert len(review["documents"][0]["claims"]) == 4200
    assert [failure["plugin"] for failure in review["failures"]] == ["fails_late"]

    strict = run_cli("check", str(article), "-f", "json", "--jobs", "2", "--strict")
    assert strict.exit_code == 3
    assert "error: plugin fails_late failed on" in strict.stderr
    assert strict.stdout == ""


class HugeNumbers:
    """A detector whose values JSON cannot carry (integers beyond 64 bits)."""

    @hookimpl
    def detect_signals(self, document):
        text = document["text"]
        return [make_signal(text, "quantity", m.start(), m.end(), 0.6,
                            {"n": int(m.group().split()[0]) * 10**20})
                for m in re.finditer(r"\d+ million", text)]


def test_claims_json_cannot_carry_come_back_from_the_second_process(run_cli, register_plugin,
                                                                    tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    register_plugin(HugeNumbers(), "huge")
    article = _long_article(tmp_path)
    one = run_cli("check", str(article), "-f", "text", "--jobs", "1")
    two = run_cli("check", str(article), "-f", "text", "--jobs", "2")
    assert one.exit_code == two.exit_code == 0
    assert one.stdout == two.stdout
    assert "1 documents, 4200 claims shown" in two.stdout


class DiesOnLateSentences:
    """A detector that ends its process when its sentences are not the article's first."""

    @hookimpl
    def detect_signals(self, document, sentences):
        if sentences[0][0] > 0:
            os._exit(9)
        return []


def test_a_second_process_that_dies_is_an_error_naming_the_article(run_cli, register_plugin,
                                                                   tmp_path):
    register_plugin(DiesOnLateSentences(), "dies_late")
    article = _long_article(tmp_path)
    output = tmp_path / "review.json"
    result = run_cli("check", str(article), "-f", "json", "--jobs", "2", "-o", str(output))
    assert result.exit_code == 3
    assert result.stderr.strip().endswith(
        f"a process checking {article} stopped without its results (exit code 9)")
    assert not output.exists()
