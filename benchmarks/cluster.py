"""The Dask executor beside the local process pool: throughput, per-document overhead,
scaling with 1 and 2 workers, and the expected throughput of a cluster of N machines.

Usage: python benchmarks/cluster.py [--size-mb 20] [--repeat 3] [--small 2000] [--keep DIR]

Data: the corpus of ``benchmarks/throughput.py`` (the seed articles, varied: paragraphs
shuffled, figures shifted, one in four as an HTML page with furniture), built in a
temporary folder; nothing about it shaped the executor. Runs are whole ``workbench check
FOLDER --format jsonl -o FILE`` processes, interleaved (pool, Dask, pool, Dask...) so that
the load of this shared machine hits both alike; each figure is the median of
``--repeat`` runs with the spread (min-max).

- Throughput: ``--jobs 2`` (forked processes) against ``--executor dask --jobs 2`` (a
  LocalCluster of 2 single-threaded worker processes, started and stopped by the run:
  its start-up is included), and the same with 1.
- Per-document overhead of the executor: ``--small`` one-sentence documents, where
  checking costs little, so the difference per document is what the executor adds.
- The scheduler's own cost per task: no-op tasks through a running LocalCluster.
- From these, the expected throughput on N machines (2 workers each) on paper.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import ROOT, build_corpus, run, size_of


def timed(command: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds (workers included) of a whole command."""
    seconds, cpu, _ = run(command)
    return seconds, cpu


def spread(values: list[float]) -> str:
    return (f"median {statistics.median(values):6.2f} s "
            f"(min {min(values):.2f}, max {max(values):.2f})")


def small_corpus(folder: Path, count: int) -> None:
    """``count`` one-sentence articles, so that the executor's cost shows."""
    folder.mkdir(parents=True)
    rng = random.Random(3)
    for index in range(count):
        (folder / f"s{index:05d}.txt").write_text(
            f"Exports grew by {rng.randint(1, 90)} percent in {rng.randint(1950, 2024)}.\n",
            encoding="utf-8")


def scheduler_overhead(tasks: int = 5000) -> float:
    """Milliseconds per no-op task through a LocalCluster of 2 workers."""
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None, silence_logs=40) as cluster, \
            Client(cluster) as client:
        client.submit(int, 0, pure=False).result()
        started = time.perf_counter()
        futures = [client.submit(int, i, pure=False) for i in range(tasks)]
        client.gather(futures)
        return (time.perf_counter() - started) * 1000 / tasks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mb", type=float, default=20.0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--small", type=int, default=2000)
    parser.add_argument("--keep", type=Path)
    parser.add_argument("--one-worker", action=argparse.BooleanOptionalAction, default=True,
                        help="also time 1 worker (for the scaling figure)")
    args = parser.parse_args()
    workbench = shutil.which("workbench") or str(Path(sys.executable).parent / "workbench")
    base = args.keep or Path(tempfile.mkdtemp(prefix="workbench-cluster-"))
    try:
        corpus = base / "corpus"
        if not corpus.exists():
            build_corpus(ROOT / "seeds", corpus, int(args.size_mb * 1e6), random.Random(2))
        small = base / "small"
        if not small.exists():
            small_corpus(small, args.small)
        documents = sum(1 for p in corpus.rglob("*") if p.is_file())
        megabytes = size_of(corpus) / 1e6
        out = base / "claims.jsonl"
        print(f"corpus: {documents} files, {megabytes:.1f} MB; small: {args.small} "
              f"one-sentence files; {os.cpu_count()} CPUs, load average "
              f"{os.getloadavg()[0]:.1f}")
        runs: dict[str, list[float]] = {}
        cpus: dict[str, list[float]] = {}
        setups = {
            "pool --jobs 2": (corpus, ["--jobs", "2"]),
            "dask --jobs 2": (corpus, ["--executor", "dask", "--jobs", "2"]),
            "pool --jobs 1": (corpus, ["--jobs", "1"]),
            "dask --jobs 1": (corpus, ["--executor", "dask", "--jobs", "1"]),
            "small: pool --jobs 2": (small, ["--jobs", "2"]),
            "small: dask --jobs 2": (small, ["--executor", "dask", "--jobs", "2"]),
        }
        if not args.one_worker:
            del setups["pool --jobs 1"], setups["dask --jobs 1"]
        for _ in range(args.repeat):
            for label, (folder, extra) in setups.items():
                seconds, cpu = timed([workbench, "check", str(folder), "--format", "jsonl",
                                      "--output", str(out), *extra])
                runs.setdefault(label, []).append(seconds)
                cpus.setdefault(label, []).append(cpu)
        for label, values in runs.items():
            folder = setups[label][0]
            size = size_of(folder) / 1e6
            print(f"{label:<22} {spread(values)}  {size / statistics.median(values):5.2f} "
                  f"MB/s  CPU {statistics.median(cpus[label]):6.2f} s")
        pool2, dask2 = (statistics.median(runs[k]) for k in ("pool --jobs 2", "dask --jobs 2"))

        ratios = [round(d / p, 3) for d, p in zip(runs["dask --jobs 2"],
                                                  runs["pool --jobs 2"], strict=True)]
        print(f"dask / pool with 2 workers: {dask2 / pool2:.3f} (target <= 1.15); "
              f"each interleaved pair: {ratios}")
        if args.one_worker:
            pool1, dask1 = (statistics.median(runs[k]) for k in ("pool --jobs 1",
                                                                 "dask --jobs 1"))
            print(f"scaling 1 -> 2 workers: pool {pool1 / pool2:.2f}x, "
                  f"dask {dask1 / dask2:.2f}x")
        small_pool, small_dask = (statistics.median(runs[k]) for k in
                                  ("small: pool --jobs 2", "small: dask --jobs 2"))
        per_document = (small_dask - small_pool) / args.small * 1000
        print(f"executor overhead: {per_document:.2f} ms per document (one-sentence "
              f"documents: dask {small_dask:.2f} s, pool {small_pool:.2f} s for {args.small}; "
              "LocalCluster start-up included)")
        task_ms = scheduler_overhead()
        print(f"scheduler: {task_ms:.3f} ms per no-op task (5,000 through 2 workers)")
        cost = 2 * dask2 / documents  # worker-seconds per document, executor included
        print(f"measured cost per document: {cost * 1000:.1f} ms of a worker "
              f"({megabytes / documents * 1000:.1f} KB per document)")
        print("expected throughput, N machines of 2 workers, one scheduler "
              "(documents/s = min(workers / cost, 1000 / scheduler ms per task)):")
        ceiling = 1000 / task_ms
        for machines in (1, 2, 4, 8, 16, 32, 64):
            rate = min(2 * machines / cost, ceiling)
            print(f"  N = {machines:>2}: {rate:8.0f} documents/s, "
                  f"{rate * megabytes / documents:6.1f} MB/s"
                  + ("  (scheduler-bound)" if rate == ceiling else ""))
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
        else:
            (base / "claims.jsonl").unlink(missing_ok=True)


if __name__ == "__main__":
    main()
