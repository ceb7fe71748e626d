"""Inputs built to reach slow or fragile code: a sentence of 80,000 numbers, an edited
article re-anchored in the store, JSON nested deep or holding huge integers or NaN.

How fast these are lives in ``benchmarks/quadratic.py``; here each case is checked for
its outcome: the document is not dropped at its time limit, re-anchoring reads the text
a bounded number of times, ``validate`` answers in one line.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from workbench.claims import quote_selector
from workbench.store.revisions import plan


@pytest.mark.parametrize(("detector", "piece", "count"), [
    ("quantities", lambda rng: str(rng.randint(100, 999)), 80_000),
    ("citations", lambda rng: f"[{rng.randint(1, 999)}]", 40_000),
], ids=["numbers", "citation markers"])
def test_a_sentence_of_many_findings_is_checked_within_the_time_limit(
        run_cli: Callable[..., Result], tmp_path: Path,
        workbench_config: Callable[[str], Path], detector: str,
        piece: Callable[[random.Random], str], count: int) -> None:
    rng = random.Random(1)
    path = tmp_path / "sentence.txt"
    path.write_text("The figures were " + ", ".join(piece(rng) for _ in range(count)) + ".\n",
                    encoding="utf-8")
    workbench_config("timeout = 20\n")  # the quadratic overlap tests needed minutes
    result = run_cli("check", str(path), "-f", "json", "--max-size", "10MB")
    assert result.exit_code == 0, result.stderr
    [entry] = json.loads(result.stdout)["documents"]
    found = [signal for claim in entry["claims"] for signal in claim["signals"]
             if signal["detector"] == detector]
    assert len(found) == count


class CountingText(str):
    """A text that counts the characters its ``find`` searches read."""

    read = 0

    def find(self, sub: Any, start: Any = 0, end: Any = None) -> int:  # type: ignore[override]
        end = len(self) if end is None else end
        found = super().find(sub, start, end)
        CountingText.read += (found + len(sub) if found != -1 else end) - start
        return found


def sentences_of(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for part in text.split("\n"):
        if part:
            spans.append((start, start + len(part)))
        start += len(part) + 1
    return spans


def claims_of(document_id: str, text: str) -> list[dict[str, Any]]:
    return [{"id": f"clm-{document_id}-{index}", "document_id": document_id,
             "text": text[start:end], "span": {"start": start, "end": end},
             "selector": quote_selector(text, start, end), "signals": [], "kinds": [],
             "status": "new", "notes": [], "verdicts": []}
            for index, (start, end) in enumerate(sentences_of(text))]


def test_re_anchoring_a_revision_reads_the_text_a_bounded_number_of_times() -> None:
    lines = [f"Item {n} of the budget cost {n * 7} dollars in {1900 + n % 100}."
             for n in range(4000)]
    old = "\n".join(lines) + "\n"
    lines.insert(3, "A new paragraph near the top says it cost 5 dollars in 2024.")
    lines[2000] = lines[2000].replace("budget", "plan")  # one claim edited
    new = CountingText("\n".join(lines) + "\n")
    CountingText.read = 0
    result = plan(claims_of("old", old), {"id": "new", "text": new}, claims_of("new", new))
    assert len(result.carried) == 4000 and not result.orphaned
    assert [claim["text"] for claim in result.inserted] == [lines[3]]
    assert CountingText.read <= 4 * len(new)  # not once per moved claim


def validate(run_cli: Callable[..., Result], path: Path, *args: str) -> Result:
    return run_cli("validate", str(path), *args)


def test_validate_json_nested_1000_deep_is_one_line(run_cli: Callable[..., Result],
                                                    tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 1000 + "]" * 1000, encoding="utf-8")
    for args in ((), ("--schema", "claim")):
        result = validate(run_cli, path, *args)
        assert (result.exit_code, result.stderr) == (
            2, f"error: {path}: JSON nested too deeply to read\n")


def test_validate_a_5000_digit_integer_is_one_line(run_cli: Callable[..., Result],
                                                   tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    path.write_text('{"documents": [],\n "n": ' + "9" * 5000 + "}", encoding="utf-8")
    result = validate(run_cli, path)
    assert (result.exit_code, result.stderr) == (
        2, f"error: {path}: an integer of 5,000 digits at line 2 column 7; at most 4,300 "
           "are read\n")


def test_validate_names_where_nan_is(run_cli: Callable[..., Result], tmp_path: Path) -> None:
    path = tmp_path / "verdict.json"
    path.write_text('{"rating": "unverified", "confidence": NaN, "rationale": "r", '
                    '"sources": [{"url": "https://example.org", "score": -Infinity}], '
                    '"origin": {"type": "plugin", "name": "x"}, '
                    '"created": "2020-01-01T00:00:00Z"}', encoding="utf-8")
    result = validate(run_cli, path)
    assert result.exit_code == 1
    assert result.stdout == (
        f"{path}: confidence: NaN is not a JSON number (JSON has no NaN or Infinity)\n"
        f"{path}: sources[0].score: -Infinity is not a JSON number (JSON has no NaN or "
        "Infinity)\n"
        f"{path}: not a valid verdict (2 problems)\n")


def test_validate_accepts_a_byte_order_mark(run_cli: Callable[..., Result],
                                            tmp_path: Path) -> None:
    verdict = {"rating": "unverified", "confidence": 0.2, "rationale": "Not checked.",
               "sources": [], "origin": {"type": "plugin", "name": "x"},
               "created": "2020-01-01T00:00:00Z"}
    path = tmp_path / "verdict.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(verdict).encode("utf-8"))
    result = validate(run_cli, path)
    assert (result.exit_code, result.stdout) == (0, f"{path}: valid verdict\n")


def test_validate_does_not_dump_a_huge_value(run_cli: Callable[..., Result],
                                             tmp_path: Path) -> None:
    path = tmp_path / "review.json"
    path.write_text('{"documents": ' + "[" * 500 + "]" * 500 + "}", encoding="utf-8")
    result = validate(run_cli, path)
    assert result.exit_code == 1
    assert max(len(line) for line in result.stdout.splitlines()) < 400  # not 1,000
