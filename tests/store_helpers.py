"""Articles and helpers shared by the store tests (imported, not a fixture module)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

ARTICLE = (
    "The trade agreement was negotiated over three decades ago in Geneva. "
    "Exports of steel grew in 1997 and again in 2003. "
    "The weather was pleasant that week. "
    "Officials met again in March 2019 to review the agreement. "
    "Nobody expected the talks to last until 2021.\n"
)
AGREEMENT = "The trade agreement was negotiated over three decades ago in Geneva."
EXPORTS = "Exports of steel grew in 1997 and again in 2003."
WEATHER = "The weather was pleasant that week."


def write(path: Path, text: str) -> Path:
    """Write ``text`` to ``path`` and return it."""
    path.write_text(text, encoding="utf-8")
    return path


def listed(run_cli: Any, db: Path, *options: str) -> list[dict[str, Any]]:
    """``claims list --format json`` parsed."""
    result = run_cli("--db", str(db), "claims", "list", "--format", "json", *options)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def claim_with(run_cli: Any, db: Path, text: str) -> dict[str, Any]:
    """The one stored claim whose text is ``text`` (not orphaned)."""
    found = [c for c in listed(run_cli, db) if c["text"] == text and c["status"] != "orphaned"]
    assert len(found) == 1, [c["text"] for c in listed(run_cli, db)]
    return found[0]


def raw(location: Any, sql: str, params: tuple = ()) -> list[tuple]:
    """Run ``sql`` on the store's database itself (SQLite file or PostgreSQL URL), past
    Workbench, as someone with direct access would; the rows it returns, committed."""
    location = str(location)
    if location.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(location, autocommit=True) as connection:
            cursor = connection.execute(sql.replace("?", "%s"), params or None)
            return cursor.fetchall() if cursor.description else []
    import sqlite3

    connection = sqlite3.connect(location)
    try:
        rows = connection.execute(sql, params).fetchall()
        connection.commit()
        return rows
    finally:
        connection.close()


def refusal(location: Any, sql: str) -> str:
    """The error the database gives for ``sql`` (which it must refuse)."""
    try:
        raw(location, sql)
    except Exception as error:  # sqlite3.IntegrityError or psycopg's RaiseException
        return str(error)
    raise AssertionError(f"the database accepted {sql!r}")
