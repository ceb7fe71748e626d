"""The seed articles go through the whole pipeline."""

from pathlib import Path

SEEDS = Path(__file__).parent.parent / "seeds"


def test_check_seeds_text(run_cli):
    result = run_cli("check", str(SEEDS))
    assert result.exit_code == 0, result.output
    assert "over three decades ago" in result.output
    assert "tariffs on aluminum and steel" in result.output
