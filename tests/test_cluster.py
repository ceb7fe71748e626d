"""``check --executor dask``: documents as tasks on a real dask.distributed cluster."""

from __future__ import annotations

import json
import sys
import time

import pytest
from store_helpers import write

STORIES = [
    "The city paid $250 million for the stadium site in 2019, according to its accounts.\n",
    "Exports of steel grew by 12 percent in 1997 and again in 2003.\n",
    "The council approved the budget in March 2020 after two years of talks.\n",
    "Officials said the arena would open in 2024 with 18,000 seats.\n",
]
SHOUTING = '''
import re

from workbench import hookimpl
from workbench.records import make_signal


@hookimpl
def detect_signals(document):
    return [make_signal(document["text"], "quantity", m.start(), m.end(), 0.6)
            for m in re.finditer(r"MILLION", document["text"])]
'''
EXITING = '''
import os

from workbench import hookimpl


@hookimpl
def detect_signals(document):
    if "EXIT" in document["text"]:
        os._exit(9)
    return []
'''


@pytest.fixture
def folder(tmp_path):
    """Four short articles, one of which shouts."""
    articles = tmp_path / "articles"
    articles.mkdir()
    for number, story in enumerate(STORIES):
        write(articles / f"{number}.txt", story.replace("million", "MILLION"))
    return articles


def _claims(review: dict) -> list[tuple]:
    return [(document["document"]["uri"], claim["id"], claim["checkworthiness"],
             sorted(claim["kinds"]), [v["rating"] for v in claim["verdicts"]])
            for document in review["documents"] for claim in document["claims"]]


def test_a_local_cluster_checks_as_the_process_pool_does(folder, tmp_path, run_cli):
    plugin = write(tmp_path / "shouting.py", SHOUTING)
    local = run_cli("check", str(folder), "--plugin", str(plugin), "-f", "json", "--jobs", "2")
    assert local.exit_code == 0, local.output
    dask = run_cli("check", str(folder), "--plugin", str(plugin), "-f", "json",
                   "--executor", "dask", "--jobs", "2")
    assert dask.exit_code == 0, dask.output
    expected, got = json.loads(local.stdout), json.loads(dask.stdout)
    assert _claims(got) == _claims(expected) and len(_claims(got)) == 4
    assert got["summary"] == expected["summary"]
    paid = next(c for d in got["documents"] for c in d["claims"] if "MILLION" in c["text"])
    assert any(signal["detector"] == "shouting" for signal in paid["signals"])


def test_a_worker_that_dies_costs_only_its_document(folder, tmp_path, run_cli):
    write(folder / "9.txt", "EXIT now: the talks ended in 2021.\n")
    plugin = write(tmp_path / "exiting.py", EXITING)
    result = run_cli("check", str(folder), "--plugin", str(plugin), "-f", "jsonl",
                     "--executor", "dask", "--jobs", "2")
    assert result.exit_code == 3
    assert {json.loads(line)["input"] for line in result.stdout.splitlines()} == {
        str(folder / f"{n}.txt") for n in range(4)}
    lost = str(folder / "9.txt")
    assert (f"plugin workbench failed on {lost}: the worker processes checking it died (or "
            "ran past the 60 s time limit), each time it was tried on the cluster"
            ) in result.stderr
    assert result.stderr.splitlines()[-1] == f"error: 1 document not checked because of a " \
                                             f"plugin: {lost}"


HANGING = '''
import time

from workbench import hookimpl


@hookimpl
def detect_signals(document):
    if "HANG" in document["text"]:
        time.sleep(600)
    return []
'''


def test_a_document_past_its_time_limit_ends_its_worker_not_the_run(folder, tmp_path, run_cli,
                                                                    workbench_config):
    write(folder / "9.txt", "HANG on: the talks ended in 2021.\n")
    plugin = write(tmp_path / "hanging.py", HANGING)
    workbench_config("timeout = 1\n")
    started = time.monotonic()
    result = run_cli("check", str(folder), "--plugin", str(plugin), "-f", "jsonl",
                     "--executor", "dask", "--jobs", "2")
    assert time.monotonic() - started < 90
    assert result.exit_code == 3
    assert {json.loads(line)["input"] for line in result.stdout.splitlines()} == {
        str(folder / f"{n}.txt") for n in range(4)}
    assert (f"plugin workbench failed on {folder / '9.txt'}: the worker processes checking "
            "it died (or ran past the 1 s time limit), each time it was tried on the cluster"
            ) in result.stderr


def test_the_scheduler_comes_from_the_environment(folder, run_cli, monkeypatch):
    from distributed import LocalCluster

    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster:
        monkeypatch.setenv("WORKBENCH_DASK_SCHEDULER", cluster.scheduler_address)
        result = run_cli("check", str(folder), "-f", "jsonl", "--executor", "dask")
        assert result.exit_code == 0, result.output
        assert len(result.stdout.splitlines()) == 4
        assert "check_task" in cluster.scheduler.task_prefixes  # its tasks ran there
    nowhere = run_cli("check", str(folder), "--executor", "dask", "--scheduler",
                      "tcp://127.0.0.1:9")
    assert nowhere.exit_code == 2
    assert nowhere.stderr.startswith("error: tcp://127.0.0.1:9: cannot reach the Dask "
                                     "scheduler (")


def test_without_the_cluster_extra_the_error_names_it(folder, run_cli, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)
    result = run_cli("check", str(folder), "--executor", "dask")
    assert result.exit_code == 2
    assert result.stderr == ("error: --executor dask: needs dask and distributed: pip "
                             "install 'workbench[cluster]'\n")
