"""Shared fixtures: a CLI runner, and test plugins registered only for one test."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from importlib.metadata import distribution

import pytest

# Keep third-party plugins installed on this machine out of the run: only the bundled ones.
os.environ["WORKBENCH_LOAD_PLUGINS"] = ",".join(
    ep.name for ep in distribution("workbench").entry_points if ep.group == "workbench"
)
os.environ.pop("WORKBENCH_TRACE_PLUGINS", None)

from click.testing import CliRunner, Result

from workbench import plugins
from workbench.cli import cli


@pytest.fixture
def run_cli() -> Callable[..., Result]:
    """Invoke ``workbench`` with arguments (and optional stdin); stderr kept apart."""
    runner = CliRunner()

    def invoke(*args: str, input: str | bytes | None = None) -> Result:
        return runner.invoke(cli, list(args), input=input, catch_exceptions=False)

    return invoke


@pytest.fixture
def register_plugin() -> Iterator[Callable[[object, str], None]]:
    """Register plugin objects for one test; they are unregistered afterwards."""
    names: list[str] = []

    def register(plugin: object, name: str) -> None:
        plugins.register(plugin, name)
        names.append(name)

    try:
        yield register
    finally:
        for name in names:
            plugins.unregister(name)
