"""Test helpers and pytest fixtures for plugin authors.

Installed as a pytest plugin (entry point ``pytest11``), so in a plugin's tests::

    from workbench.testing import check_text, signals_of

    import workbench_shouting


    def test_flags_capital_numbers():
        result = check_text("They paid TEN MILLION dollars.", plugins=[workbench_shouting])
        assert [s["text"] for s in signals_of(result)] == ["TEN MILLION"]

:func:`check_text` runs the real pipeline with only the plugins under test (plus the
bundled text loader and sentence splitter), fails on any plugin failure, and checks every
record against its schema and every span against the text before returning. It also fails
when a plugin changes a record it was given (a document, a claim): hooks return their
findings, and the core builds the records from them.

Fixtures: ``workbench_plugins`` (a plugin manager holding only the given plugins for one
test), ``workbench_cli`` (invoke the ``workbench`` command, stderr kept apart) and
``workbench_config`` (write a ``workbench.toml`` for one test).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from workbench import plugins as _plugins
from workbench import validation

Record = dict[str, Any]
PluginSpec = str | tuple[str, object] | object
# Enough to load plain text and split it into sentences: the pipeline's bare minimum.
HELPERS = ("text_loader", "sentences")


def _entry_points() -> dict[str, Any]:
    from importlib.metadata import entry_points

    return {ep.name: ep for ep in entry_points(group=_plugins.ENTRY_POINT_GROUP)}


def _name_of(plugin: object, entry_points: Mapping[str, Any]) -> str:
    """A module's entry-point name if it has one (so its configuration applies)."""
    if isinstance(plugin, ModuleType):
        for name, entry_point in entry_points.items():
            if entry_point.value == plugin.__name__:
                return name
        return plugin.__name__.rpartition(".")[2]
    return getattr(plugin, "__name__", type(plugin).__name__)


def _resolve(spec: PluginSpec, entry_points: Mapping[str, Any]) -> tuple[str, object]:
    if isinstance(spec, str):
        if spec not in entry_points:
            raise LookupError(f"no installed workbench plugin named {spec!r} "
                              f"(installed: {', '.join(sorted(entry_points))})")
        return spec, entry_points[spec].load()
    if isinstance(spec, tuple):
        name, plugin = spec
        return str(name), plugin
    return _name_of(spec, entry_points), spec


@contextmanager
def isolated_plugins(*specs: PluginSpec, helpers: Sequence[str] = HELPERS
                     ) -> Iterator[_plugins.PluginManager]:
    """Run the block with a plugin manager holding only the given plugins.

    Each spec is a module or object (named by its entry point when it has one), a
    ``(name, plugin)`` pair, or the name of an installed entry point. ``helpers`` are
    entry points added unless already given (``()`` for none).
    """
    entry_points = _entry_points()
    manager = _plugins.PluginManager()
    for spec in (*specs, *helpers):
        name, plugin = _resolve(spec, entry_points)
        if not manager.has_plugin(name) and not manager.is_registered(plugin):
            manager.register(plugin, name=name)
    with _plugins.using_manager(manager):
        yield manager


@contextmanager
def unchanged_arguments() -> Iterator[None]:
    """Fail when a hook implementation called inside the block changes a dict or list it
    was given (its arguments are compared as JSON before and after each call)."""
    import orjson

    def before(hook_name: str, hook_impls: Any, kwargs: Mapping[str, Any]) -> None:
        pictures.append({name: orjson.dumps(value, default=str) for name, value
                         in kwargs.items() if isinstance(value, dict | list)})

    def after(outcome: Any, hook_name: str, hook_impls: Any,
              kwargs: Mapping[str, Any]) -> None:
        taken = pictures.pop()
        for name, picture in taken.items():
            if orjson.dumps(kwargs[name], default=str) != picture:
                plugins = ", ".join(impl.plugin_name for impl in hook_impls)
                raise AssertionError(f"{hook_name} (plugins: {plugins}) changed the {name} "
                                     "it was given")

    pictures: list[dict[str, bytes]] = []
    undo = _plugins.get_plugin_manager().add_hookcall_monitoring(before, after)
    try:
        yield
    finally:
        undo()


def assert_valid(schema: str, record: Any) -> None:
    """Fail with every error and its path unless ``record`` matches schema ``schema``."""
    if not validation.is_valid(schema, record):
        problems = validation.explain(schema, record) or ["does not match the schema"]
        raise AssertionError(f"invalid {schema}:\n  " + "\n  ".join(problems))


def assert_offsets(document: Record, records: Iterable[Record]) -> None:
    """Fail unless each record's ``span`` selects exactly its ``text`` in the document."""
    text = document["text"]
    for index, record in enumerate(records):
        start, end = record["span"]["start"], record["span"]["end"]
        if not 0 <= start < end <= len(text) or text[start:end] != record["text"]:
            raise AssertionError(f"record {index}: text[{start}:{end}] is "
                                 f"{text[start:end]!r}, not {record['text']!r}")


def signals_of(result: Record, kind: str | None = None) -> list[Record]:
    """Every signal of a :func:`check_text` result, in text order (only ``kind``, if given)."""
    found = [signal for claim in result["claims"] for signal in claim["signals"]]
    return [signal for signal in found if kind is None or signal["kind"] == kind]


def verdicts_of(result: Record) -> list[Record]:
    """Every verdict of a :func:`check_text` result, claim by claim."""
    return [verdict for claim in result["claims"] for verdict in claim["verdicts"]]


def check_text(
    text: str,
    plugins: Sequence[PluginSpec] | None = (),
    *,
    config: Mapping[str, Any] | None = None,
    options: Any = None,
    media_type: str = "text/plain",
    uri: str = "test.txt",
    strict: bool = True,
) -> Record:
    """Run the pipeline on ``text``; return ``{"document", "claims"}``, every record checked.

    :param plugins: The plugins under test (see :func:`isolated_plugins`); ``None`` runs
        the plugins registered now instead.
    :param config: A configuration table as in ``workbench.toml``
        (``{"plugins": {"name": {...}}}``), validated against the plugins' schemas.
    :param options: :class:`workbench.types.CheckOptions` for checkers.
    :param strict: Raise :class:`workbench.errors.PluginError` when a plugin fails
        (``False``: the failure is only reported on stderr).
    """
    from workbench.config import applied, build_settings
    from workbench.pipeline import FailureLog, check_input
    from workbench.types import CheckOptions, RawInput

    with ExitStack() as stack:
        if plugins is not None:
            stack.enter_context(isolated_plugins(*plugins))
        settings = build_settings(dict(config or {}), "<test configuration>")
        stack.enter_context(applied(settings))
        stack.enter_context(unchanged_arguments())
        raw = RawInput(uri=uri, data=text.encode("utf-8"), media_type=media_type)
        result = check_input(raw, options or CheckOptions(), FailureLog(strict=strict))
    if result is None:
        raise AssertionError(f"the loader for {media_type} failed on the text")
    assert_valid("document", result["document"])
    for claim in result["claims"]:
        assert_valid("claim", claim)
        assert_offsets(result["document"], [claim, *claim["signals"]])
    return result


# --------------------------------------------------------------------------------------
# pytest fixtures
# --------------------------------------------------------------------------------------


@pytest.fixture
def workbench_plugins() -> Iterator[Callable[..., _plugins.PluginManager]]:
    """Call with plugins to run the rest of the test with only those plugins registered."""
    with ExitStack() as stack:

        def use(*specs: PluginSpec, helpers: Sequence[str] = HELPERS
                ) -> _plugins.PluginManager:
            return stack.enter_context(isolated_plugins(*specs, helpers=helpers))

        yield use


@pytest.fixture
def workbench_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Any]:
    """Invoke ``workbench ARGS...`` in-process; the result has ``output`` and ``stderr``.

    The run ignores any ``workbench.toml`` of the current folder (an empty configuration
    is in force unless the test writes one with ``workbench_config``).
    """
    from click.testing import CliRunner

    from workbench.cli import cli

    if "WORKBENCH_CONFIG" not in os.environ:
        empty = tmp_path / "empty-workbench.toml"
        empty.write_text("", encoding="utf-8")
        monkeypatch.setenv("WORKBENCH_CONFIG", str(empty))
    runner = CliRunner()

    def invoke(*args: str, input: str | bytes | None = None) -> Any:
        return runner.invoke(cli, list(args), input=input, catch_exceptions=False)

    return invoke


@pytest.fixture
def workbench_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[str], Path]:
    """Write TOML as the configuration in force for this test (via ``WORKBENCH_CONFIG``)."""

    def write(toml: str) -> Path:
        path = tmp_path / "workbench.toml"
        path.write_text(toml, encoding="utf-8")
        monkeypatch.setenv("WORKBENCH_CONFIG", str(path))
        return path

    return write
