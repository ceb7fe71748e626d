"""docs/plugins.md is generated from the hook specs: it must be current, its examples real."""

from __future__ import annotations

import inspect
import types
from pathlib import Path

import pytest

from workbench import docs, hookspecs
from workbench.plugins import get_plugin_manager

ROOT = Path(__file__).parent.parent
HOOKS = sorted(name for name in dir(get_plugin_manager().hook) if not name.startswith("_"))


def test_plugins_md_is_current():
    committed = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    assert committed == docs.render(), "docs/plugins.md is stale: run `python -m workbench.docs`"


def test_check_flag_reports_stale_file(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert docs.main(["--check"]) == 1
    assert "docs/plugins.md is stale" in capsys.readouterr().err
    assert docs.main([]) == 0
    assert docs.main(["--check"]) == 0


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_is_documented_with_a_working_example(hook):
    spec = getattr(hookspecs, hook)
    doc = inspect.getdoc(spec) or ""
    assert ":param" in doc or not inspect.signature(spec).parameters
    _, marker, example = doc.partition("Example::")
    assert marker, f"{hook} has no example"
    module = types.ModuleType(f"example_{hook}")
    exec(compile(inspect.cleandoc(example), f"<example of {hook}>", "exec"), module.__dict__)
    implementation = getattr(module, hook)
    assert hasattr(implementation, "workbench_impl"), f"{hook} example lacks @hookimpl"
    assert f"#### `{hook}`" in docs.render()


def test_rst_literal_blocks_become_fenced_code():
    text = "Run it::\n\n    x = 1\n\nDone with ``x``."
    assert docs.rst_to_markdown(text) == "Run it:\n\n```python\nx = 1\n```\n\nDone with `x`.\n"


def _example_module(hook: str) -> types.ModuleType:
    example = (inspect.getdoc(getattr(hookspecs, hook)) or "").partition("Example::")[2]
    module = types.ModuleType(f"example_{hook}")
    exec(compile(inspect.cleandoc(example), f"<example of {hook}>", "exec"), module.__dict__)
    return module


def test_per_document_examples_do_what_they_say():
    from datetime import date

    from workbench.testing import check_text, signals_of, verdicts_of
    from workbench.types import CheckOptions

    lines = check_text("  first. line  \nsecond", plugins=[_example_module("segment_document")])
    assert [claim["text"] for claim in lines["claims"]] == ["first. line", "second"]
    found = check_text("Turnout rose 40 per cent.", plugins=[_example_module("detect_signals")])
    assert [s["text"] for s in signals_of(found, "statistic")] == ["40 per cent"]
    scored = check_text("Was it 1994? It was.",
                        plugins=[_example_module("score_claim"), "temporal"])
    assert scored["claims"][0]["checkworthiness"] == 0.1
    checked = check_text("It ends in 2090.", plugins=[_example_module("check_claim"), "temporal"],
                         options=CheckOptions(as_of=date(2025, 1, 1)))
    assert [v["rating"] for v in verdicts_of(checked)] == ["unverified"]


def _commands(group, prefix=""):
    import click

    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        yield f"{prefix}{name}", command
        if isinstance(command, click.Group):
            yield from _commands(command, f"{prefix}{name} ")


def test_every_command_and_option_says_what_it_does():
    import click

    from workbench.cli import cli

    missing = [f"{name} {param.opts[-1]}" for name, command in _commands(cli)
               for param in command.params
               if isinstance(param, click.Option) and not param.help and not param.hidden
               and param.name != "help"]
    assert missing == []
    assert all(command.help for _, command in _commands(cli))


def test_commands_that_print_records_take_f_for_their_format():
    from workbench.cli import cli

    takes = {name: any("-f" in param.opts for param in command.params)
             for name, command in _commands(cli)
             if any(param.name == "format_name" for param in command.params)}
    assert takes and all(takes.values()), takes
