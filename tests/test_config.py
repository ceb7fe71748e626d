"""Per-plugin configuration: workbench.toml / [tool.workbench], option schemas, disabling."""

from __future__ import annotations

import json

import pytest

from workbench import hookimpl
from workbench.config import find_config, load_settings, plugin_options
from workbench.errors import InputError
from workbench.records import make_signal
from workbench.testing import check_text, signals_of

TEXT = "The ceasefire held in 1994. Nothing else happened.\n"


class Configurable:
    """Flags a configurable word with a configurable weight."""

    @hookimpl
    def plugin_options_schema(self):
        return {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "word": {"type": "string", "minLength": 1},
                "weight": {"type": "number", "minimum": 0, "maximum": 1, "default": 0.6},
                "kinds": {"type": "array", "items": {"type": "string"}},
            },
            "required": ["word"],
        }

    @hookimpl
    def detect_signals(self, document):
        options = plugin_options("configurable")
        text = document["text"]
        start = text.find(options["word"])
        if start < 0:
            return []
        return [make_signal(text, "event", start, start + len(options["word"]),
                            options["weight"])]


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "article.txt"
    path.write_text(TEXT, encoding="utf-8")
    return str(path)


def test_options_reach_the_plugin_with_defaults():
    result = check_text(TEXT, plugins=[("configurable", Configurable())],
                        config={"plugins": {"configurable": {"word": "ceasefire"}}})
    [signal] = signals_of(result, "event")
    assert (signal["text"], signal["weight"]) == ("ceasefire", 0.6)


def test_invalid_option_names_plugin_and_path(run_cli, register_plugin, article,
                                              workbench_config):
    register_plugin(Configurable(), "configurable")
    path = workbench_config('[plugins.configurable]\nword = "x"\nkinds = ["a", 3]\n')
    result = run_cli("check", article)
    assert result.exit_code == 2
    assert result.stderr == (f"error: {path}: plugin configurable: "
                             "plugins.configurable.kinds[1]: 3 is not of type 'string'\n")
    assert result.stdout == ""


def test_missing_required_option_is_reported(run_cli, register_plugin, article, tmp_path,
                                             monkeypatch):
    register_plugin(Configurable(), "configurable")
    monkeypatch.delenv("WORKBENCH_CONFIG")
    monkeypatch.chdir(tmp_path)
    result = run_cli("check", article)
    assert result.exit_code == 2
    assert result.stderr == ("error: no configuration file: plugin configurable: "
                             "plugins.configurable: 'word' is a required property\n")


def test_out_of_range_option(register_plugin):
    register_plugin(Configurable(), "configurable")
    with pytest.raises(InputError, match=r"plugins\.configurable\.weight: 2 is greater than "
                                         r"the maximum of 1"):
        from workbench.config import build_settings

        build_settings({"plugins": {"configurable": {"word": "a", "weight": 2}}}, "cfg")


def test_options_for_a_plugin_without_schema_are_refused(run_cli, article, workbench_config):
    path = workbench_config("[plugins.temporal]\nlanguage = 'en'\n")
    result = run_cli("check", article)
    assert result.exit_code == 2
    assert result.stderr == (f"error: {path}: plugin temporal: plugins.temporal.language: "
                             "this plugin takes no options\n")


@pytest.mark.parametrize(("toml", "message"), [
    ("timeout = 'soon'\n", "timeout: 'soon' is not of type 'number'"),
    ("timeout = -1\n", "timeout: -1 is less than the minimum of 0"),
    ("colour = 'red'\n", "Additional properties are not allowed ('colour' was unexpected)"),
    ("disabled = ['nope']\n", "disabled[0]: unknown plugin 'nope'"),
    ("[plugins.nope]\ntimeout = 1\n", "plugins.nope: unknown plugin 'nope'"),
    ("[plugins.temporal]\ntimeout = 2\n",
     "plugins.temporal.timeout: this plugin takes no options"),
    ("timeout = [\n", "invalid TOML"),
])
def test_invalid_configuration_is_one_line(toml, message, run_cli, article, workbench_config):
    path = workbench_config(toml)
    result = run_cli("check", article)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {path}: ")
    assert message in result.stderr
    assert result.stderr.count("\n") == 1


def test_disabled_in_configuration_and_enable_per_run(run_cli, article, workbench_config):
    workbench_config('disabled = ["temporal"]\n')
    off = run_cli("check", article, "--format", "json")
    assert '"kind": "temporal"' not in off.output
    on = run_cli("check", article, "--format", "json", "--enable", "temporal")
    assert '"kind": "temporal"' in on.output
    listing = json.loads(run_cli("plugins", "--format", "json").output)
    assert {p["name"]: p["enabled"] for p in listing}["temporal"] is False
    assert "temporal 0.1.0 (bundled, disabled)" in run_cli("plugins").output


def test_disable_per_run(run_cli, article):
    assert '"kind": "temporal"' in run_cli("check", article, "--format", "json").output
    off = run_cli("check", article, "--format", "json", "--disable", "temporal")
    assert off.exit_code == 0
    assert '"kind": "temporal"' not in off.output
    unknown = run_cli("check", article, "--disable", "tmporal")
    assert unknown.exit_code == 2
    assert unknown.stderr.startswith("error: --disable: unknown plugin 'tmporal' (known: ")


def test_disabling_a_contribution_removes_it(run_cli, article):
    result = run_cli("check", article, "--format", "markdown", "--disable", "markdown_export")
    assert result.exit_code == 2
    assert "unknown format 'markdown'" in result.stderr
    assert run_cli("check", article, "--format", "markdown").exit_code == 0


def test_config_file_order(tmp_path, monkeypatch):
    monkeypatch.delenv("WORKBENCH_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)
    assert find_config() is None
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert find_config() is None
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.workbench]\ndisabled = ["temporal"]\n',
        encoding="utf-8")
    assert find_config() == ("pyproject.toml [tool.workbench]", {"disabled": ["temporal"]})
    assert load_settings().disabled == {"temporal"}
    (tmp_path / "workbench.toml").write_text("timeout = 5\n", encoding="utf-8")
    assert find_config() == ("workbench.toml", {"timeout": 5})
    (tmp_path / "other.toml").write_text("timeout = 7\n", encoding="utf-8")
    monkeypatch.setenv("WORKBENCH_CONFIG", "other.toml")
    assert find_config() == ("other.toml", {"timeout": 7})
    assert find_config("workbench.toml") == ("workbench.toml", {"timeout": 5})


def test_missing_config_file(run_cli, article):
    result = run_cli("check", article, "--config", "nowhere.toml")
    assert result.exit_code == 2
    assert result.stderr == "error: nowhere.toml: no such configuration file\n"


def test_invalid_options_schema_is_a_plugin_error(run_cli, register_plugin, article):
    class BadSchema:
        @hookimpl
        def plugin_options_schema(self):
            return {"type": "nonsense"}

    register_plugin(BadSchema(), "bad_schema")
    result = run_cli("check", article)
    assert result.exit_code == 3
    assert result.stderr.startswith("error: plugin bad_schema declares an invalid options "
                                    "schema: ")
