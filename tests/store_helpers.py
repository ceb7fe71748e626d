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
