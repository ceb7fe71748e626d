"""Sizes and durations as users write them: ``20MB``, ``500KB``, ``30`` (seconds)."""

from __future__ import annotations

from workbench.errors import InputError

SIZE_UNITS = {"": 1, "B": 1, "KB": 1000, "MB": 1000**2, "GB": 1000**3}


def parse_size(value: str, name: str) -> int:
    """Bytes in ``50MB``, ``2GB`` or a byte count; ``name`` (an option or variable) is
    named in the one-line error for anything else."""
    text = value.strip().upper().replace(" ", "")
    number = text.rstrip("KMGB")
    unit = text[len(number):]
    if unit not in SIZE_UNITS or not number.replace(".", "", 1).isdigit():
        raise InputError(name, f"{value!r} is not a size such as 20MB or 500KB")
    return int(float(number) * SIZE_UNITS[unit])


def parse_seconds(value: str, name: str) -> float:
    """Seconds in ``30`` or ``2.5``; ``name`` is named in the one-line error otherwise."""
    text = value.strip().lower().removesuffix("s").strip()
    if not text.replace(".", "", 1).isdigit():
        raise InputError(name, f"{value!r} is not a number of seconds")
    return float(text)


def megabytes(size: int) -> str:
    """``size`` bytes as ``12.3 MB``."""
    return f"{size / 1_000_000:.1f} MB"
