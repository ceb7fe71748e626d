"""Shared fixtures: a CLI runner, and test plugins registered only for one test."""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Callable, Iterator
from importlib.metadata import distribution
from pathlib import Path

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


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A real PostgreSQL server for the session (Debian's ``postgresql`` package), stopped
    at the end; the URL of its ``workbench`` database. Skipped, saying why, only where
    PostgreSQL's binaries are not installed."""
    from postgres_support import binaries, temporary_server

    folder = binaries()
    if folder is None:
        pytest.skip("PostgreSQL is not installed (initdb, pg_ctl and postgres; Debian's "
                    "postgresql package): the PostgreSQL store is not tested")
    with temporary_server(folder) as url:
        yield url


_schemas = itertools.count()


def new_postgres_store(url: str) -> str:
    """The URL of a new, empty schema of the test server: a store of its own."""
    import psycopg
    from postgres_support import in_schema

    schema = f"test_{os.getpid()}_{next(_schemas)}"
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f"CREATE SCHEMA {schema}")
    return in_schema(url, schema)


@pytest.fixture(params=["sqlite", "postgres"])
def store_location(request: pytest.FixtureRequest, tmp_path: Path) -> Path | str:
    """Where a test's store lives: a new SQLite file, or a new PostgreSQL schema (the
    store's tests run on both backends)."""
    if request.param == "sqlite":
        return tmp_path / "claims.db"
    return new_postgres_store(request.getfixturevalue("postgres_url"))


CHROMIUM = os.environ.get("WORKBENCH_CHROMIUM") or shutil.which("chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-dev-shm-usage"]


@pytest.fixture(scope="module")
def browser():
    """A headless Chromium from the system's packages, shared by this module's tests."""
    if not CHROMIUM or not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed (.ci/run installs the Debian package)")
        pytest.skip("chromium is not installed: apt-get install chromium to run browser tests")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()
