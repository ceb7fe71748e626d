"""Messages under faults: UTF-16 without a byte-order mark, a damaged store record."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

ARTICLE = "In 1994 the treaty cost $5 million.\nIn 1995 it cost $6 million.\n"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_recognised(run_cli: Callable[..., Result],
                                                       tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(ARTICLE.encode(encoding))
    refused = run_cli("check", str(path))
    assert (refused.exit_code, refused.stderr) == (
        2, f"error: {path}: looks like {encoding.upper()} without a byte-order mark: use "
           f"--encoding {encoding} or --encoding auto\n")
    detected = run_cli("check", str(path), "--encoding", "auto", "-f", "json")
    assert detected.exit_code == 0, detected.stderr
    [entry] = json.loads(detected.stdout)["documents"]
    assert entry["document"]["text"] == ARTICLE
    assert f"no byte-order mark; read as {encoding.upper()}" in detected.stderr


def test_binary_data_is_still_called_binary(run_cli: Callable[..., Result],
                                            tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" * 8)
    result = run_cli("check", str(path), "--encoding", "auto")
    assert (result.exit_code, result.stderr) == (
        2, f"error: {path}: binary file (NUL byte at offset 8), not text\n")


@pytest.fixture
def damaged_store(run_cli: Callable[..., Result], tmp_path: Path) -> tuple[str, str]:
    """A store of two claims whose second record was cut short; its path and that claim."""
    article = tmp_path / "story.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    db = str(tmp_path / "store.db")
    assert run_cli("--db", db, "check", str(article), "--store").exit_code == 0
    with sqlite3.connect(db) as connection:
        claim_id = connection.execute("SELECT id FROM claims ORDER BY seq DESC").fetchone()[0]
        connection.execute("UPDATE claims SET record = substr(record, 1, 40) WHERE id = ?",
                           (claim_id,))
    return db, claim_id


def test_a_damaged_record_is_one_line_naming_it(run_cli: Callable[..., Result],
                                                damaged_store: tuple[str, str]) -> None:
    db, claim_id = damaged_store
    line = (f"error: {db}: stored claim {claim_id} is damaged, its record is not JSON "
            "(Unterminated string starting at: line 1 column 39 (char 38)); restore the file "
            "from a backup\n")
    listed = run_cli("--db", db, "claims", "list")
    assert (listed.exit_code, listed.stderr) == (2, line)
    assert len(listed.stdout.splitlines()) == 2  # the header, the whole line of the good claim
    as_json = run_cli("--db", db, "claims", "list", "-f", "json")
    assert (as_json.exit_code, as_json.stderr, as_json.stdout) == (2, line, "")  # no half array
    shown = run_cli("--db", db, "claims", "show", claim_id)
    assert (shown.exit_code, shown.stderr, shown.stdout) == (2, line, "")
    exported = run_cli("--db", db, "export", "-f", "json")
    assert (exported.exit_code, exported.stderr, exported.stdout) == (2, line, "")
