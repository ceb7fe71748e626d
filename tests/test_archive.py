"""Archive-scale inputs and outputs: tables of articles, fsspec URLs and globs, claim rows
as JSON Lines or Parquet, shards with a manifest, and resuming a stopped run."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from store_helpers import write

STORIES = [
    "The city paid $250 million for the stadium site in 2019, according to its accounts.\n",
    "Exports of steel grew by 12 percent in 1997 and again in 2003.\n",
    "The council approved the budget in March 2020 after two years of talks.\n",
]
PAGE = ("<html><head><title>Fares</title></head><body><article><h1>Fares rise</h1>"
        "<p>A single ticket will cost $8.25 from June 2025, the transit agency said.</p>"
        "</article></body></html>")


def _jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(record) + "\n" for record in records),
                    encoding="utf-8")
    return path


def _rows(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


def test_a_jsonl_table_of_articles_becomes_claim_rows(tmp_path, run_cli):
    table = _jsonl(tmp_path / "articles.jsonl", [
        {"url": "https://news.example/stadium", "text": STORIES[0], "date": "2025-03-14"},
        {"url": "https://news.example/fares", "html": PAGE},
        {"url": "https://news.example/empty", "headline": "no body"},
        {"text": STORIES[1], "date": "last week"},
    ])
    with (tmp_path / "articles.jsonl").open("a", encoding="utf-8") as stream:
        stream.write("{not json\n")
    result = run_cli("check", str(table), "--format", "jsonl")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"error: {table}#3: no text or html in this row: nothing to check",
        f"error: {table}#4: its date 'last week' is not a date (YYYY-MM-DD, or an RFC 3339 "
        "time)",
        f"error: {table}#5: line 5 is not JSON (Expecting property name enclosed in double "
        "quotes: line 1 column 2 (char 1))",
    ]
    rows = _rows(result.stdout)
    assert {row["uri"] for row in rows} == {"https://news.example/stadium",
                                            "https://news.example/fares"}
    stadium = next(row for row in rows if row["uri"].endswith("stadium"))
    assert stadium["input"] == f"{table}#1" and stadium["published"] == "2025-03-14"
    assert stadium["text"] == STORIES[0].strip() and stadium["checkworthy"] is True
    fare = next(row for row in rows if "$8.25" in row["text"])
    assert fare["title"] == "Fares" and fare["kinds"]
    assert set(fare) == {"input", "document_id", "uri", "title", "published", "language",
                         "claim_id", "text", "start", "end", "kinds", "checkworthiness",
                         "checkworthy", "status", "rating", "confidence", "verdicts"}


def test_parquet_in_parquet_out_is_queried_with_duckdb(tmp_path, run_cli):
    import duckdb
    import pyarrow
    import pyarrow.parquet

    articles = tmp_path / "articles.parquet"
    pyarrow.parquet.write_table(pyarrow.Table.from_pylist([
        {"url": f"https://news.example/{n}", "text": story, "date": f"2025-0{n + 1}-01"}
        for n, story in enumerate(STORIES)]), articles)
    out = tmp_path / "claims.parquet"
    result = run_cli("check", str(articles), "--format", "parquet", "--output", str(out))
    assert result.exit_code == 0, result.output
    rows = duckdb.sql(f"SELECT uri, published, text, checkworthy, verdicts FROM '{out}' "
                      "ORDER BY uri").fetchall()
    assert [(uri, published) for uri, published, *_ in rows] == [
        ("https://news.example/0", "2025-01-01"), ("https://news.example/1", "2025-02-01"),
        ("https://news.example/2", "2025-03-01")]
    assert [text for _, _, text, _, _ in rows] == [story.strip() for story in STORIES]
    assert all(isinstance(json.loads(verdicts), list) for *_, verdicts in rows)
    manifest = json.loads(Path(f"{out}.manifest.json").read_text(encoding="utf-8"))
    assert manifest["complete"] is True and manifest["format"] == "parquet"
    assert manifest["counts"] == {"documents": 3, "claims": 3, "failures": 0,
                                  "input_errors": 0, "not_checked": 0}
    assert manifest["inputs"] == [str(articles)] and "scorer" in manifest["plugins"]


def test_fsspec_urls_and_glob_patterns_name_many_files(tmp_path, run_cli):
    import fsspec

    memory = fsspec.filesystem("memory")
    for number, story in enumerate(STORIES):
        memory.pipe(f"/wb-test/2025/story{number}.txt", story.encode())
    memory.pipe("/wb-test/2025/notes.bin", b"\x00\x01")
    try:
        result = run_cli("check", "memory://wb-test/2025/", "--format", "jsonl", "--jobs", "1")
        assert result.exit_code == 0, result.output
        assert sorted({row["input"] for row in _rows(result.stdout)}) == [
            f"memory:///wb-test/2025/story{n}.txt" for n in range(3)]
        globbed = run_cli("check", "memory://wb-test/2025/story[12].txt", "-f", "jsonl")
        assert {row["uri"] for row in _rows(globbed.stdout)} == {
            "memory:///wb-test/2025/story1.txt", "memory:///wb-test/2025/story2.txt"}
    finally:
        memory.rm("/wb-test", recursive=True)
    folder = tmp_path / "archive"
    (folder / "a").mkdir(parents=True)
    for number, story in enumerate(STORIES):
        write(folder / "a" / f"{number}.txt", story)
    local = run_cli("check", f"file://{folder}/**/*.txt", "-f", "jsonl")
    assert local.exit_code == 0, local.output
    assert len({row["input"] for row in _rows(local.stdout)}) == 3
    pattern = run_cli("check", f"{folder}/a/[01].txt", "-f", "jsonl")
    assert {row["input"] for row in _rows(pattern.stdout)} == {
        f"{folder}/a/0.txt", f"{folder}/a/1.txt"}
    for given, problem in ((f"{folder}/none/*.txt", "no file matches this pattern"),
                           ("memory://wb-test/nothing.txt", "no such file or folder")):
        missing = run_cli("check", given)
        assert missing.exit_code == 2
        assert missing.stderr == f"error: {given}: {problem}\n"


def test_bad_table_outputs_are_refused_before_anything_is_checked(tmp_path, run_cli):
    story = write(tmp_path / "story.txt", STORIES[0])
    stdout = run_cli("check", str(story), "--format", "parquet")
    assert stdout.exit_code == 2
    assert stdout.stderr == ("error: --format parquet: needs --output FILE or --output "
                             "FOLDER/\n")
    resumed = run_cli("check", str(story), "-f", "jsonl", "-o", str(tmp_path / "c.jsonl"),
                      "--resume")
    assert resumed.exit_code == 2 and "continues a run written to a folder" in resumed.stderr
    review = run_cli("check", str(story), "-f", "json", "--resume")
    assert review.exit_code == 2 and review.stderr == (
        "error: --resume: continues a run written with --format jsonl or parquet to a "
        "folder (--output FOLDER/)\n")
    broken = write(tmp_path / "broken.parquet", "not parquet at all\n")
    result = run_cli("check", str(broken), "-f", "jsonl")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {broken}: not a readable Parquet file (")
    assert len(result.stderr.splitlines()) == 1
    folder = tmp_path / "claims"
    assert run_cli("check", str(story), "-f", "jsonl", "-o", f"{folder}/").exit_code == 0
    again = run_cli("check", str(story), "-f", "jsonl", "-o", f"{folder}/")
    assert again.exit_code == 2
    assert again.stderr == (f"error: {folder}/: holds the results of an earlier run: "
                            "continue it with --resume, or write to an empty folder\n")
    other = run_cli("check", str(story), "-f", "parquet", "-o", f"{folder}/", "--resume")
    assert other.exit_code == 2 and "holds jsonl shards, not parquet" in other.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["_manifest.json", "part-00000.jsonl"]


SLOW_PLUGIN = '''
import time

from workbench import hookimpl


@hookimpl
def detect_signals(document):
    if "SLOW" in document["text"]:
        time.sleep(60)
    return []
'''


def test_a_run_killed_midway_resumes_where_it_stopped(tmp_path, run_cli):
    import pyarrow.parquet

    folder = tmp_path / "articles"
    folder.mkdir()
    for number in range(6):
        text = STORIES[number % 3].replace("2019", str(1990 + number))
        write(folder / f"{number}.txt", text + ("SLOW down.\n" if number == 3 else ""))
    plugin = write(tmp_path / "slow.py", SLOW_PLUGIN)
    out = tmp_path / "claims"
    process = subprocess.Popen(
        [sys.executable, "-m", "workbench", "check", str(folder), "--plugin", str(plugin),
         "--format", "parquet", "--output", f"{out}/", "--shard-size", "1", "--jobs", "1"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    manifest = out / "_manifest.json"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if len(json.loads(manifest.read_text())["shards"]) == 3:
                break
        except (OSError, ValueError):
            pass
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    stopped = json.loads(manifest.read_text())
    assert stopped["complete"] is False and len(stopped["shards"]) == 3
    pyarrow.parquet.write_table(pyarrow.parquet.read_table(out / "part-00000.parquet"),
                                out / "part-00003.parquet")  # as if killed before the manifest
    resumed = run_cli("check", str(folder), "--format", "parquet", "--output", f"{out}/",
                      "--resume", "--shard-size", "2")
    assert resumed.exit_code == 0, resumed.output
    final = json.loads(manifest.read_text())
    assert final["complete"] is True and len(final["resumed"]) == 1
    assert [len(shard["documents"]) for shard in final["shards"]] == [1, 1, 1, 2, 1]
    done = [name for shard in final["shards"] for name in shard["documents"]]
    assert sorted(done) == sorted(str(path) for path in folder.iterdir())
    table = pyarrow.parquet.read_table(out).to_pylist()
    claims = Counter(row["input"] for row in table)  # each document's claims, once
    assert claims == {name: 2 if name.endswith("3.txt") else 1 for name in done}
    assert len(table) == sum(shard["rows"] for shard in final["shards"])
    assert sorted(p.name for p in out.iterdir()) == [
        "_manifest.json", *(f"part-{n:05d}.parquet" for n in range(5))]
    finished = run_cli("check", str(folder), "-f", "parquet", "-o", f"{out}/", "--resume")
    assert finished.exit_code == 0
    assert "every input was checked by the earlier run" in finished.stderr


def test_a_plain_check_imports_none_of_the_engines(tmp_path):
    story = write(tmp_path / "story.txt", STORIES[0])
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "workbench", "check",
                             str(story)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    imported = {line.split("|")[-1].strip().split(".")[0]
                for line in result.stderr.splitlines() if line.startswith("import time:")}
    assert "workbench" in imported
    assert imported & {"dask", "distributed", "fsspec", "pyarrow", "psycopg", "duckdb"} == set()
