"""Build folders of real text no one on this project wrote, for the verdict benchmarks.

Usage: python benchmarks/corpora.py GENSIM_SDIST_DIR NEWSPAPER4K_SDIST_DIR OUT_DIR

Get the source distributions with (they carry real test data)::

    pip download --no-binary gensim --no-deps gensim -d sdists/
    pip download --no-binary :all: --no-deps newspaper4k -d sdists/
    for f in sdists/*.tar.gz; do tar xzf "$f" -C sdists/; done

Writes, each document in its own file:

- ``OUT/lee/``: the Lee corpus of Australian news stories (2001; ``lee.cor`` and
  ``lee_background.cor`` in gensim's test data; Lee, Pincombe and Welsh, 2005);
- ``OUT/wikipedia/``: the English Wikipedia articles of gensim's test dump
  (``enwiki-latest-pages-articles1.xml-...-shortened.bz2``), wiki markup stripped (CC BY-SA);
- ``OUT/news/``: the reference article texts of newspaper4k's test pages
  (``tests/data/txt``), real news from many outlets.
"""

from __future__ import annotations

import bz2
import re
import sys
from pathlib import Path
from xml.etree import ElementTree

MARKUP = [
    (re.compile(r"<!--.*?-->", re.S), ""),
    (re.compile(r"<ref[^>/]*/>"), ""),
    (re.compile(r"<ref[^>]*>.*?</ref>", re.S), ""),
    (re.compile(r"\{\|.*?\|\}", re.S), ""),  # tables
    (re.compile(r"\[\[(?:File|Image|Category):[^\]]*(?:\[\[[^\]]*\]\][^\]]*)*\]\]"), ""),
    (re.compile(r"\[\[(?:[^|\]]*\|)?([^\]]*)\]\]"), r"\1"),
    (re.compile(r"\[https?://\S+ ([^\]]*)\]"), r"\1"),
    (re.compile(r"'{2,}"), ""),
    (re.compile(r"<[^>]+>"), ""),
    (re.compile(r"^[*#:;]+\s*", re.M), ""),
    (re.compile(r"^=+\s*(.*?)\s*=+\s*$", re.M), r"\1"),
]
TEMPLATE = re.compile(r"\{\{[^{}]*\}\}")


def strip_wiki(text: str) -> str:
    """Wiki markup to plain text, roughly: templates, references, tables and links go."""
    previous = None
    while previous != text:  # templates nest
        previous, text = text, TEMPLATE.sub("", text)
    for pattern, replacement in MARKUP:
        text = pattern.sub(replacement, text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def wikipedia(dump: Path, out: Path) -> int:
    """One file per article of the dump (redirects and stubs left out)."""
    out.mkdir(parents=True, exist_ok=True)
    count = 0
    with bz2.open(dump) as handle:
        for _, element in ElementTree.iterparse(handle):
            if not element.tag.endswith("page"):
                continue
            title = next((e.text for e in element.iter() if e.tag.endswith("title")), "")
            body = next((e.text for e in element.iter() if e.tag.endswith("text")), "") or ""
            element.clear()
            if body.lower().startswith("#redirect") or len(body) < 2000:
                continue
            name = re.sub(r"[^A-Za-z0-9]+", "_", title or f"page{count}")[:60]
            (out / f"{name}.txt").write_text(f"{title}\n\n{strip_wiki(body)}\n",
                                             encoding="utf-8")
            count += 1
    return count


def lines_as_files(sources: list[Path], out: Path, prefix: str) -> int:
    """One file per line (one story per line, as the Lee corpus keeps them)."""
    out.mkdir(parents=True, exist_ok=True)
    count = 0
    for source in sources:
        for line in source.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.strip():
                count += 1
                (out / f"{prefix}{count:04d}.txt").write_text(line.strip() + "\n",
                                                              encoding="utf-8")
    return count


def main(argv: list[str]) -> int:
    """Build the folders; print what was written."""
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    gensim, newspaper, out = (Path(arg) for arg in argv)
    data = next(gensim.glob("**/gensim/test/test_data"))
    lee = lines_as_files([data / "lee.cor", data / "lee_background.cor"], out / "lee", "lee")
    wiki = wikipedia(next(data.glob("enwiki-latest-pages-articles1.xml-*shortened.bz2")),
                     out / "wikipedia")
    news_out = out / "news"
    news_out.mkdir(parents=True, exist_ok=True)
    news = 0
    for path in sorted(next(newspaper.glob("**/tests/data/txt")).glob("*.txt")):
        (news_out / path.name).write_bytes(path.read_bytes())
        news += 1
    print(f"lee: {lee} stories; wikipedia: {wiki} articles; news: {news} articles -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
