"""Shared fixtures: a CLI runner, and test plugins registered only for one test."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from importlib.metadata import distribution

import pytest
from click.testing import CliRunner, Result

# Environment variables a developer may have set that must not reach the suite: network
# settings (never the internet or their cache), tracing.
LEAKY_SETTINGS = ("WORKBENCH_TRACE_PLUGINS", "WORKBENCH_ONLINE", "WORKBENCH_FACTCHECK_API_KEY",
                  "WORKBENCH_HTTP_ALLOW", "WORKBENCH_WIKIDATA_URL", "WORKBENCH_FACTCHECK_URL",
                  "WORKBENCH_WAYBACK_URL")


def pytest_configure(config: pytest.Config) -> None:
    """Isolate the suite before any test module imports Workbench's plugins."""
    # Only the bundled plugins: third-party ones installed on this machine stay out.
    os.environ["WORKBENCH_LOAD_PLUGINS"] = ",".join(
        ep.name for ep in distribution("workbench").entry_points if ep.group == "workbench"
    )
    # An empty configuration, whatever workbench.toml the folder the tests run from has.
    os.environ["WORKBENCH_CONFIG"] = os.devnull
    for name in LEAKY_SETTINGS:
        os.environ.pop(name, None)


@pytest.fixture
def run_cli() -> Callable[..., Result]:
    """Invoke ``workbench`` with arguments (and optional stdin); stderr kept apart."""
    from workbench.cli import cli

    runner = CliRunner()

    def invoke(*args: str, input: str | bytes | None = None) -> Result:
        return runner.invoke(cli, list(args), input=input, catch_exceptions=False)

    return invoke


@pytest.fixture
def register_plugin() -> Iterator[Callable[[object, str], None]]:
    """Register plugin objects for one test; they are unregistered afterwards."""
    from workbench import plugins

    names: list[str] = []

    def register(plugin: object, name: str) -> None:
        plugins.register(plugin, name)
        names.append(name)

    try:
        yield register
    finally:
        for name in names:
            plugins.unregister(name)


@pytest.fixture(scope="session")
def httpserver_listen_address() -> tuple[str, int]:
    """Serve pytest-httpserver on 127.0.0.1 (not "localhost", which may also mean ::1)."""
    return ("127.0.0.1", 0)


@pytest.fixture(autouse=True, scope="session")
def private_http_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Keep any HTTP cache a test creates out of the user's cache directory."""
    os.environ["WORKBENCH_CACHE_DIR"] = str(tmp_path_factory.mktemp("http-cache"))
    yield
