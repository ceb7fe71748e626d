"""How sound the verdicts are: no false claim rated true, few true claims rated false.

Usage: python benchmarks/eval_verdicts.py [--generated] [--heldout FILE.jsonl]
           [--liar DIR] [--real DIR ...] [--show N] [--write-confidence]

- ``--generated``: the generated adversarial set (``verdict_sets.py``; not held out: made
  from the packs by the people who wrote the patterns). Targets: 0 false rated true, at
  most 1% of true rated false.
- ``--heldout FILE``: a hand-written set of news-style sentences in JSON Lines
  (``{"text", "label": "true"|"false", "published": "YYYY-MM-DD", "category"}``), written
  by someone who had not read the checker code; each is checked in its own document under
  its dateline. Its counts are reported as they come: nothing is tuned on it.
- ``--liar DIR``: LIAR's train.tsv and valid.tsv (PolitiFact ratings; research use only,
  never shipped). Targets: no false or pants-fire statement rated true; at most 0.5% of
  true or mostly-true statements rated false.
- ``--real DIR``: folders of real text (``benchmarks/corpora.py`` builds them); every
  verdict other than ``unverified`` is listed for inspection.

The reconciled verdict of each claim (``workbench.review.best_verdict``) is what counts.
``--write-confidence`` writes the precision of ``true`` and ``false`` measured on the
held-out and LIAR sets into ``plugins/data/confidence.json`` (smoothed: (right + 1) /
(rated + 2)).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from workbench.pipeline import FailureLog, check_input
from workbench.plugins import get_plugin_manager
from workbench.review import best_verdict
from workbench.types import CheckOptions, RawInput, Record

ROOT = Path(__file__).resolve().parent.parent
LIAR_FALSE = {"false", "pants-fire"}
LIAR_TRUE = {"true", "mostly-true"}


def rating_of(text: str, published: date | None) -> tuple[str, Record | None]:
    """The rating the pipeline gives ``text`` checked as a one-sentence document under a
    dateline (``unverified`` when no checker rated it)."""
    dateline = f"Published {published.strftime('%B %d, %Y')}\n\n" if published else ""
    raw = RawInput(uri="sentence.txt", data=(dateline + text).encode("utf-8"),
                   media_type="text/plain")
    entry = check_input(raw, CheckOptions(as_of=published), FailureLog(emit=lambda _: None))
    if entry is None:
        return "unverified", None
    claims = [claim for claim in entry["claims"] if claim["text"].strip() in text]
    verdicts = [verdict for claim in claims if (verdict := best_verdict(claim))]
    rated = [v for v in verdicts if v["rating"] != "unverified"]
    chosen = next((v for v in rated if v["rating"] == "false"), rated[0] if rated else None)
    return (chosen["rating"], chosen) if chosen else ("unverified", None)


def tally(cases: Iterable[tuple[str, str, str, date | None]], show: int, title: str
          ) -> dict[str, Counter[str]]:
    """Check each ``(text, label, kind, published)``; print counts by label and rating,
    the dangerous misses, and counts by kind."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    kinds: dict[str, Counter[str]] = defaultdict(Counter)
    misses: list[str] = []
    for text, label, kind, published in cases:
        rating, verdict = rating_of(text, published)
        counts[label][rating] += 1
        kinds[kind][f"{label}->{rating}"] += 1
        wrong = (label == "false" and rating in ("true", "mostly-true")) or (
            label == "true" and rating in ("false", "mostly-false"))
        if wrong:
            misses.append(f"  {label} rated {rating}: {text}\n    "
                          f"{verdict['rationale'][:300] if verdict else ''}")
    print(f"== {title}")
    for label in sorted(counts):
        total = sum(counts[label].values())
        rated = ", ".join(f"{rating} {n}" for rating, n in counts[label].most_common())
        print(f"  {label:5} {total:5}: {rated}")
    false_true = sum(counts["false"][r] for r in ("true", "mostly-true"))
    true_false = sum(counts["true"][r] for r in ("false", "mostly-false"))
    print(f"  false rated true: {false_true} of {sum(counts['false'].values())}; "
          f"true rated false: {true_false} of {sum(counts['true'].values())}")
    if show:
        for line in misses[:show]:
            print(line)
        for kind in sorted(kinds):
            print(f"    {kind}: {dict(kinds[kind])}")
    return counts


def generated_cases() -> Iterator[tuple[str, str, str, date | None]]:
    """The generated adversarial set (verdict_sets.py)."""
    sys.path.insert(0, str(Path(__file__).parent))
    from verdict_sets import Maker
    from workbench_plugins.shared.facts import knowledge

    for case in Maker(knowledge()).cases():
        yield case.text, case.label, case.kind, case.published


def heldout_cases(path: Path) -> Iterator[tuple[str, str, str, date | None]]:
    """A hand-written JSON Lines set."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            published = date.fromisoformat(row["published"]) if row.get("published") else None
            yield row["text"], row["label"], row.get("category", ""), published


def liar_cases(folder: Path) -> Iterator[tuple[str, str, str, date | None]]:
    """LIAR statements rated false/pants-fire ("false") and true/mostly-true ("true")."""
    for name in ("train.tsv", "valid.tsv"):
        with open(folder / name, encoding="utf-8") as handle:
            for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
                if len(row) < 3:
                    continue
                label = "false" if row[1] in LIAR_FALSE else "true" if row[1] in LIAR_TRUE \
                    else None
                if label:
                    yield row[2], label, row[1], None


def real_verdicts(folder: Path, show: int) -> None:
    """List every rated verdict of the documents of a folder, for inspection."""
    counts: Counter[str] = Counter()
    listed = 0
    claims = 0
    for path in sorted(folder.glob("*.txt")):
        raw = RawInput(uri=str(path), data=path.read_bytes(), media_type="text/plain")
        entry = check_input(raw, CheckOptions(), FailureLog(emit=lambda _: None))
        if entry is None:
            continue
        for claim in entry["claims"]:
            claims += claim["checkworthy"]
            verdict = best_verdict(claim)
            if verdict is None:
                continue
            counts[verdict["rating"]] += 1
            counts["with leads"] += bool(verdict.get("leads"))
            counts["some assertion supported"] += any(
                a["status"] == "supported" for a in verdict.get("assertions", []))
            if verdict["rating"] != "unverified" and listed < show:
                listed += 1
                print(f"  {path.name}: {verdict['rating']}: {claim['text'][:200]}\n"
                      f"    {verdict['rationale'][:300]}")
    print(f"== {folder}: {claims} check-worthy claims; verdicts {dict(counts)}")


def write_confidence(counts: list[dict[str, Counter[str]]]) -> None:
    """Measured precision of true and false (smoothed) into data/confidence.json."""
    path = ROOT / "plugins" / "data" / "confidence.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    for rating in ("true", "false"):
        right = sum(c[rating][rating] for c in counts)
        rated = sum(c[label][rating] for c in counts for label in c)
        data["ratings"][rating] = {"confidence": round((right + 1) / (rated + 2), 3),
                                   "right": right, "rated": rated}
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {path}: {data['ratings']}")


def main() -> int:
    """Run the sets asked for; print their figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--generated", action="store_true")
    parser.add_argument("--heldout", type=Path)
    parser.add_argument("--liar", type=Path)
    parser.add_argument("--real", type=Path, action="append", default=[])
    parser.add_argument("--show", type=int, default=0, help="list up to N misses")
    parser.add_argument("--write-confidence", action="store_true")
    args = parser.parse_args()
    get_plugin_manager()
    measured = []
    if args.generated:
        tally(generated_cases(), args.show, "generated adversarial set (not held out)")
    if args.heldout:
        measured.append(tally(heldout_cases(args.heldout), args.show,
                              f"hand-written held-out set {args.heldout.name}"))
    if args.liar:
        measured.append(tally(liar_cases(args.liar), args.show, "LIAR train+valid"))
    for folder in args.real:
        real_verdicts(folder, args.show)
    if args.write_confidence and measured:
        write_confidence(measured)
    return 0


if __name__ == "__main__":
    sys.exit(main())
