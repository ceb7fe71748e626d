"""The bundled ``world`` fact pack: countries, memberships, office holders, Nobel prizes,
treaties and organisations, and World Bank series, with their sources.

Built reproducibly by ``tools/facts/build_all.sh`` from the sources listed in
``tools/facts/SOURCES.md`` (licences: CC BY 4.0 for the World Bank series, public domain
for the country codes; see each row of ``sources.csv``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from workbench_plugins import DATA

from workbench import hookimpl

FOLDER = DATA / "packs" / "world"


@hookimpl
def register_fact_packs(register: Callable[[Path], None]) -> None:
    """Register the bundled world pack."""
    register(FOLDER)
