"""One test per hook, and a meta-test that keeps it so (as datasette does)."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import click
import pytest

from workbench import hookimpl
from workbench.errors import PluginError
from workbench.plugins import get_plugin_manager
from workbench.records import make_document, make_signal, make_verdict
from workbench.testing import check_text, signals_of, verdicts_of
from workbench.types import CheckOptions, Exporter, Loader

TESTS = Path(__file__).parent
HOOK_TEST = re.compile(r"^def (test_hook_\w+)\(", re.M)
HOOKS = sorted(name for name in dir(get_plugin_manager().hook) if not name.startswith("_"))


def _hook_tests() -> set[str]:
    return {name for path in TESTS.glob("test_*.py")
            for name in HOOK_TEST.findall(path.read_text(encoding="utf-8"))}


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_has_a_test(hook):
    assert f"test_hook_{hook}" in _hook_tests(), (
        f"hook {hook} has no test: add `def test_hook_{hook}(...)` somewhere in tests/")


def test_hook_register_loaders(run_cli, register_plugin, tmp_path):
    class Pipes:
        """Loads ``.pipes`` files: fields separated by |, one article per file."""

        @hookimpl
        def register_loaders(self, register):
            def load(raw):
                return make_document(raw, raw.data.decode("utf-8").replace("|", " "))

            register(Loader(name="pipes", media_types=("text/x-pipes",),
                            suffixes={".pipes": "text/x-pipes"}, load=load))

    register_plugin(Pipes(), "pipes")
    (tmp_path / "a.pipes").write_text("Signed|in|1994.\n", encoding="utf-8")
    result = run_cli("check", str(tmp_path), "--format", "json")
    assert result.exit_code == 0, result.output
    review = json.loads(result.stdout)
    assert review["documents"][0]["document"]["media_type"] == "text/x-pipes"
    assert review["documents"][0]["claims"][0]["text"] == "Signed in 1994."


def test_hook_register_exporters(run_cli, register_plugin, tmp_path):
    class Count:
        @hookimpl
        def register_exporters(self, register):
            register(Exporter(name="count", description="Number of claims.",
                              media_type="text/plain", suffix=".txt",
                              export=lambda review: f"{review['summary']['claims']}\n"))

    register_plugin(Count(), "count")
    path = tmp_path / "a.txt"
    path.write_text("One in 1994. Two in 1995. Three.\n", encoding="utf-8")
    result = run_cli("check", str(path), "--format", "count")
    assert (result.exit_code, result.stdout) == (0, "3\n")


def test_hook_register_commands(run_cli, register_plugin):
    from workbench.cli import cli

    class Hello:
        @hookimpl
        def register_commands(self, cli):
            @cli.command(name="hello-test")
            @click.argument("name")
            def hello(name):
                click.echo(f"hello {name}")

    register_plugin(Hello(), "hello")
    try:
        get_plugin_manager().hook.register_commands(cli=cli)
        result = run_cli("hello-test", "world")
        assert (result.exit_code, result.stdout) == (0, "hello world\n")
    finally:
        cli.commands.pop("hello-test", None)


def test_hook_segment_document():
    class Lines:
        @hookimpl
        def segment_document(self, document):
            text, spans, start = document["text"], [], 0
            for line in text.split("\n"):
                if line.strip():
                    spans.append((start, start + len(line)))
                start += len(line) + 1
            return spans

    result = check_text("first line. still first\nsecond", plugins=[("lines", Lines())])
    assert [c["text"] for c in result["claims"]] == ["first line. still first", "second"]


def test_hook_segment_document_first_valid_answer_wins(capsys):
    class Overlapping:
        @hookimpl(tryfirst=True)
        def segment_document(self):
            return [(0, 5), (3, 8)]

    result = check_text("One. Two.", plugins=[("overlapping", Overlapping())], strict=False)
    assert [c["text"] for c in result["claims"]] == ["One.", "Two."]  # the bundled splitter
    assert "plugin overlapping failed" in capsys.readouterr().err


def test_hook_detect_signals():
    class Percent:
        @hookimpl
        def detect_signals(self, document, sentences):
            text = document["text"]
            assert sentences == [(0, 19)]
            start = text.index("40%")
            return [make_signal(text, "statistic", start, start + 3, 0.8, {"percent": 40})]

    result = check_text("Turnout was 40% up.", plugins=[("percent", Percent())])
    [signal] = signals_of(result)
    assert signal == {"kind": "statistic", "span": {"start": 12, "end": 15}, "text": "40%",
                      "weight": 0.8, "value": {"percent": 40}, "detector": "percent"}
    assert result["claims"][0]["checkworthiness"] == 0.8


def test_hook_score_claim():
    class Questions:
        @hookimpl
        def score_claim(self, claim, document):
            assert claim["document_id"] == document["id"]
            return 0.05 if claim["text"].endswith("?") else None

    result = check_text("Was it in 1994? It was in 1994.",
                        plugins=[("questions", Questions()), "temporal"])
    assert [(c["checkworthiness"], c["checkworthy"]) for c in result["claims"]] == [
        (0.05, False), (0.5, True)]


def test_hook_check_claim():
    class Future:
        @hookimpl
        def check_claim(self, claim, options):
            years = [s["value"]["year"] for s in claim["signals"] if "year" in s["value"]]
            if any(year > options.as_of.year for year in years):
                return [make_verdict("unverified", 0.4, "A year after the as-of date.")]
            return []

    result = check_text("It ends in 2090. It began in 1990.",
                        plugins=[("future", Future()), "temporal"],
                        options=CheckOptions(as_of=date(2025, 1, 1)))
    [verdict] = verdicts_of(result)
    assert verdict["origin"] == {"type": "plugin", "name": "future"}
    assert result["claims"][0]["verdicts"] == [verdict]


def test_hook_annotate_document():
    class Findings:
        @hookimpl
        def annotate_document(self, document):
            return {"words": len(document["text"].split())}

        @hookimpl
        def check_claim(self, claim, document):
            words = document["metadata"]["words"]
            return [make_verdict("unverified", 0.1, f"The article has {words} words.")]

    class Clashing:
        @hookimpl
        def annotate_document(self):
            return {"words": -1}

    result = check_text("It began in 1990.", plugins=[("findings", Findings()), "temporal"])
    assert result["document"]["metadata"]["words"] == 4
    assert verdicts_of(result)[0]["rationale"] == "The article has 4 words."
    with pytest.raises(PluginError, match=r"metadata key 'words' is already set"):
        check_text("It began in 1990.",
                   plugins=[("findings", Findings()), ("clashing", Clashing()), "temporal"])


def test_hook_plugin_options_schema():
    seen = {}

    class Tunable:
        @hookimpl
        def plugin_options_schema(self):
            return {"type": "object",
                    "properties": {"limit": {"type": "integer", "default": 3}}}

        @hookimpl
        def detect_signals(self):
            from workbench.config import plugin_options

            seen.update(plugin_options("tunable"))
            return []

    check_text("Some text.", plugins=[("tunable", Tunable())])
    assert seen == {"limit": 3}
    check_text("Some text.", plugins=[("tunable", Tunable())],
               config={"plugins": {"tunable": {"limit": 9}}})
    assert seen == {"limit": 9}
