"""Measure `workbench check` throughput (MB/s) and peak memory on a corpus built from the seeds.

Usage: python benchmarks/throughput.py [--size-mb 20] [--jobs N] [--format text]
                                       [--seeds seeds/] [--keep DIR]

Builds, in a temporary folder, a corpus of at least ``--size-mb`` MB by repeating the seed
articles with variations (paragraphs shuffled, years and figures shifted, one in four
rendered as an HTML page with navigation, a cookie banner and a footer), then times:

- (a) a folder of many article-sized files, and the same folder at half the size (peak
  memory should not grow with the corpus);
- (b) one large text file made of the same articles (with ``--max-size`` raised).

Every offline bundled plugin is on (the default). Peak RSS is the largest resident set of
the `workbench` process or any of its worker processes, from ``os.wait4``; CPU seconds
(user + system, workers included) are printed too, since wall time on a shared machine
depends on what else runs.
Targets on a 2-core machine: >= 5 MB/s for the folder, >= 2 MB/s for the large file.
"""

from __future__ import annotations

import argparse
import html
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
YEAR = re.compile(r"\b(19[5-9]\d|20[0-2]\d)\b")
NUMBER = re.compile(r"\b(\d{1,3})(?= per cent|%| states| billion| million)")


def vary(text: str, rng: random.Random) -> str:
    """A variant of an article: paragraphs shuffled after the first, figures shifted."""
    paragraphs = text.split("\n\n")
    head, body = paragraphs[:1], paragraphs[1:]
    rng.shuffle(body)
    shift = rng.randint(-5, 5)
    varied = "\n\n".join(head + body)
    varied = YEAR.sub(lambda m: str(int(m.group()) + shift), varied)
    return NUMBER.sub(lambda m: str(int(m.group()) + rng.randint(1, 9)), varied)


def as_html(text: str, title: str) -> str:
    """The article as a web page with the furniture a real page carries."""
    blocks = "\n".join(f"<p>{html.escape(p.strip())}</p>" for p in text.split("\n\n")
                       if p.strip())
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
            f"<title>{html.escape(title)}</title>"
            "<meta property='article:published_time' content='2025-04-25T08:00:00Z'>"
            "<script>window.dataLayer = [];</script><style>p { margin: 0 }</style></head>"
            "<body><header><nav><a href='/'>Home</a> <a href='/world'>World</a></nav></header>"
            "<div class='cookie-banner'>We use cookies. <button>Accept</button></div>"
            f"<article><h1>{html.escape(title)}</h1>\n{blocks}\n</article>"
            "<aside class='related'><ul><li><a href='/a'>Another story</a></li></ul></aside>"
            "<footer>© 2025 The Daily</footer></body></html>\n")


def build_corpus(seeds: Path, folder: Path, size: int, rng: random.Random) -> tuple[int, Path]:
    """Write article files into ``folder`` until they hold ``size`` bytes; also one big file."""
    articles = [p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt"))]
    folder.mkdir(parents=True)
    total, index = 0, 0
    big = folder.parent / f"{folder.name}-one-file.txt"
    with big.open("w", encoding="utf-8") as one_file:
        while total < size:
            text = vary(articles[index % len(articles)], rng)
            title = text.split("\n", 1)[0][:80]
            if index % 4 == 3:
                content, suffix = as_html(text, title), ".html"
            else:
                content, suffix = text, ".txt"
            path = folder / f"{index // 500:03d}" / f"article-{index:05d}{suffix}"
            path.parent.mkdir(exist_ok=True)
            path.write_text(content, encoding="utf-8")
            one_file.write(text + "\n\n")
            total += len(content.encode("utf-8"))
            index += 1
    return index, big


def run(command: list[str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak RSS (MB) of ``command`` and its worker processes."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    stderr = process.stderr.read().decode() if process.stderr else ""
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        sys.exit(f"failed: {' '.join(command)}\n{stderr}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def size_of(path: Path) -> int:
    """Bytes of a file, or of every file under a folder."""
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main() -> None:
    """Build the corpus, run the checks, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mb", type=float, default=20.0)
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--format", default="text")
    parser.add_argument("--seeds", type=Path, default=ROOT / "seeds")
    parser.add_argument("--keep", type=Path, help="build the corpus here and keep it")
    args = parser.parse_args()
    workbench = shutil.which("workbench") or str(Path(sys.executable).parent / "workbench")
    base = args.keep or Path(tempfile.mkdtemp(prefix="workbench-bench-"))
    try:
        size = int(args.size_mb * 1_000_000)
        half_count, _ = build_corpus(args.seeds, base / "half", size // 2, random.Random(1))
        count, big = build_corpus(args.seeds, base / "full", size, random.Random(2))
        jobs = ["--jobs", str(args.jobs)] if args.jobs else []
        out = base / "review.out"
        common = ["--format", args.format, "--output", str(out)]
        print(f"corpus: {count} files, {size_of(base / 'full') / 1e6:.1f} MB "
              f"(half: {half_count} files); one file: {size_of(big) / 1e6:.1f} MB; "
              f"format {args.format}; {os.cpu_count()} CPUs")
        for label, target, extra in (
            ("folder, half size", base / "half", jobs),
            ("folder", base / "full", jobs),
            ("one large file", big, ["--max-size", "1GB"]),
        ):
            seconds, cpu, peak = run([workbench, "check", str(target), *common, *extra])
            megabytes = size_of(target) / 1e6
            print(f"{label:<18} {megabytes:6.1f} MB in {seconds:6.2f} s = "
                  f"{megabytes / seconds:5.2f} MB/s (CPU {cpu:6.2f} s = "
                  f"{megabytes / cpu:5.2f} MB per CPU-second), peak RSS {peak:6.1f} MB, "
                  f"output {out.stat().st_size / 1e6:.1f} MB")
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
