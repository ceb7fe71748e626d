"""Per-run plugin configuration: ``workbench.toml`` or ``[tool.workbench]`` in pyproject.toml.

::

    disabled = ["trade_measures"]   # plugins not called in this folder's runs
    timeout = 60                    # seconds to check one document (0: no limit)
    facts = ["newsroom-facts/"]     # fact packs of the newsroom (relative to this file)
    top = 11                        # reading views: the N best check-worthy claims of a
                                    # document (0: all); --top and --min-score override it

    [plugins.phrases]               # one table per plugin, by entry-point name: its
    phrases_file = "phrases.yaml"   # options, checked against the schema the plugin
                                    # returns from plugin_options_schema()

The file is found in this order: ``--config FILE``, the ``WORKBENCH_CONFIG`` environment
variable, ``workbench.toml`` in the current folder, ``[tool.workbench]`` in the current
folder's ``pyproject.toml``. Every problem is reported as one line naming the file, the
plugin and the path of the bad value, e.g.
``workbench.toml: plugin phrases: plugins.phrases.weight: 2 is greater than the maximum of 1``.

``workbench check --disable NAME`` leaves a plugin out of one run and ``--enable NAME``
brings back one the file disables; ``workbench plugins`` takes the same flags (and
``--config``) and shows which plugins such a run would call. A disabled plugin is not
called at all in the run, and what it registers (loaders, exporters) is not offered;
sub-commands it adds stay, since they are added before any configuration is read.

A document that is not checked within ``timeout`` seconds is reported as not checked,
naming the plugin that was running, and the run goes on with the next document.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

from workbench.errors import InputError, PluginError
from workbench.plugins import attributed, failures_to, get_plugin_manager, without

ENVIRONMENT_VARIABLE = "WORKBENCH_CONFIG"
DEFAULT_TIMEOUT = 60.0
# Nine news stories in ten have no more check-worthy claims than this (90th percentile
# over 280 stories of the Lee corpus, benchmarks/news_ranking.py): a reading view shows all
# of them, and the best of a longer article with a line saying how many more there are.
DEFAULT_TOP = 11

FILE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "disabled": {"type": "array", "items": {"type": "string"}},
        "timeout": {"type": "number", "minimum": 0},
        "facts": {"type": "array", "items": {"type": "string", "minLength": 1}},
        "top": {"type": "integer", "minimum": 0},
        "plugins": {"type": "object", "additionalProperties": {"type": "object"}},
    },
}


class Settings(NamedTuple):
    """How a run uses its plugins: which are left out, the time limit per document, how
    many claims a reading view shows (0: all) and each plugin's options."""

    disabled: frozenset[str] = frozenset()
    timeout: float = DEFAULT_TIMEOUT
    top: int = DEFAULT_TOP
    options: Mapping[str, dict[str, Any]] = MappingProxyType({})
    facts: tuple[str, ...] = ()  # fact pack folders of the newsroom


_active = Settings()


def active() -> Settings:
    """The settings of the current run (the defaults outside a run)."""
    return _active


@contextmanager
def applied(settings: Settings) -> Iterator[Settings]:
    """Make ``settings`` the active ones until the block ends, the plugins they disable
    left out."""
    global _active
    previous, _active = _active, settings
    try:
        with without(settings.disabled):
            yield settings
    finally:
        _active = previous


def plugin_options(name: str) -> dict[str, Any]:
    """The options configured for plugin ``name`` in this run, schema defaults filled in.

    Plugins call this with their entry-point name, e.g. ``plugin_options("phrases")``.
    """
    return dict(_active.options.get(name, {}))


def find_config(explicit: str | None = None) -> tuple[str, dict[str, Any]] | None:
    """The configuration in force as ``(file name, table)``, or ``None`` when there is none."""
    chosen = explicit or os.environ.get(ENVIRONMENT_VARIABLE)
    if chosen:
        return chosen, _read(Path(chosen), chosen)
    local = Path("workbench.toml")
    if local.is_file():
        return str(local), _read(local, str(local))
    project = Path("pyproject.toml")
    if project.is_file():
        try:
            data = project.read_bytes()
        except OSError:
            return None
        if b"tool.workbench" not in data:
            return None  # most projects: no need to parse their pyproject.toml at all
        table = _parse(data, "pyproject.toml").get("tool", {}).get("workbench")
        if isinstance(table, dict):
            return "pyproject.toml [tool.workbench]", table
    return None


def _read(path: Path, name: str) -> dict[str, Any]:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(name, "no such configuration file") from None
    except OSError as error:
        raise InputError(name, error.strerror or str(error)) from None
    return _parse(data, name)


def _parse(data: bytes, name: str) -> dict[str, Any]:
    import tomllib

    try:
        return tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise InputError(name, "not UTF-8 text") from None
    except tomllib.TOMLDecodeError as error:
        raise InputError(name, f"invalid TOML: {error}") from None


def _first_error(schema: dict[str, Any], value: Any, prefix: tuple[str | int, ...]) -> str:
    """The most relevant schema error of ``value`` as ``path: message``."""
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import best_match

    from workbench.validation import format_path

    error = best_match(Draft202012Validator(schema).iter_errors(value))
    if error is None:
        return f"{format_path(prefix)}: does not match the schema"
    return f"{format_path((*prefix, *error.absolute_path))}: {error.message}"


def _is_valid(schema: dict[str, Any], value: Any) -> bool:
    import jsonschema_rs

    return bool(jsonschema_rs.Draft202012Validator(schema).is_valid(value))


def _declaration_failed(plugin: str, error: BaseException) -> None:
    raise PluginError(f"plugin {plugin} failed to declare its options: "
                      f"{type(error).__name__}: {error}") from error


def options_schemas() -> dict[str, dict[str, Any]]:
    """The options schema each plugin declares through ``plugin_options_schema``."""
    schemas: dict[str, dict[str, Any]] = {}
    with failures_to(_declaration_failed), attributed() as plugin_of:
        declared = get_plugin_manager().hook.plugin_options_schema()
    for schema in declared:
        plugin = plugin_of(schema)
        if not isinstance(schema, dict):
            raise PluginError(f"plugin {plugin} declares options that are not a JSON "
                              "Schema object")
        try:
            _is_valid(schema, {})
        except Exception as error:
            first = str(error).splitlines()[0]
            raise PluginError(f"plugin {plugin} declares an invalid options schema: "
                              f"{first}") from None
        schemas[plugin] = schema
    return schemas


def with_defaults(schema: dict[str, Any], options: dict[str, Any]) -> dict[str, Any]:
    """``options`` with the ``default`` of each top-level property it leaves out."""
    filled = dict(options)
    for key, prop in schema.get("properties", {}).items():
        if key not in filled and isinstance(prop, dict) and "default" in prop:
            filled[key] = prop["default"]
    return filled


def _check_names(names: Iterable[str], known: set[str], where: str) -> None:
    for name in names:
        if name not in known:
            raise InputError(where, f"unknown plugin {name!r} (known: {', '.join(sorted(known))})")


def build_settings(table: dict[str, Any], source: str, enable: Sequence[str] = (),
                   disable: Sequence[str] = ()) -> Settings:
    """Validate a configuration table and turn it into run :class:`Settings`."""
    if not _is_valid(FILE_SCHEMA, table):
        raise InputError(source, _first_error(FILE_SCHEMA, table, ()))
    known = {name for name, _ in get_plugin_manager().list_name_plugin()}
    configured: dict[str, dict[str, Any]] = table.get("plugins", {})
    for name in configured:
        if name not in known:
            raise InputError(source, f"plugins.{name}: unknown plugin {name!r} "
                             f"(known: {', '.join(sorted(known))})")
    for index, name in enumerate(table.get("disabled", [])):
        if name not in known:
            raise InputError(source, f"disabled[{index}]: unknown plugin {name!r}")
    _check_names(enable, known, "--enable")
    _check_names(disable, known, "--disable")

    schemas = options_schemas()
    options: dict[str, dict[str, Any]] = {}
    for name in sorted(set(configured) | set(schemas)):
        given = dict(configured.get(name, {}))
        schema = schemas.get(name)
        if schema is None:
            if given:
                raise InputError(source, f"plugin {name}: plugins.{name}.{next(iter(given))}: "
                                 "this plugin takes no options")
            continue
        if not _is_valid(schema, given):
            raise InputError(source, f"plugin {name}: "
                             + _first_error(schema, given, ("plugins", name)))
        options[name] = with_defaults(schema, given)

    disabled = (set(table.get("disabled", [])) - set(enable)) | set(disable)
    folder = Path(source).parent if Path(source).is_file() else Path()
    facts = tuple(str(folder / path) for path in table.get("facts", []))
    return Settings(disabled=frozenset(disabled),
                    timeout=float(table.get("timeout", DEFAULT_TIMEOUT)),
                    top=int(table.get("top", DEFAULT_TOP)), options=options, facts=facts)


def load_settings(config: str | None = None, enable: Sequence[str] = (),
                  disable: Sequence[str] = ()) -> Settings:
    """Settings of a run: the configuration file in force plus ``--enable``/``--disable``."""
    found = find_config(config)
    source, table = found if found else ("no configuration file", {})
    return build_settings(table, source, enable, disable)
