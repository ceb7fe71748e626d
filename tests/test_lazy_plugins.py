"""The plugin manifest: a run imports only the exporters and commands it uses, and the
manifest follows plugins being installed, edited and removed."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import click

from workbench import manifest
from workbench.cli import LAZY_COMMANDS, cli
from workbench.commands import export, store

ARTICLE = "Officials said 42 boats arrived in 2019.\n\nNothing else happened.\n"

EXPORTER = '''\
import os

from workbench import hookimpl
from workbench.registry import Exporter

with open(os.environ["LAZY_TEST_MARKER"], "a") as marker:
    marker.write("{module}\\n")


def export_count(review):
    """How many documents the review holds."""
    return "{label} %d\\n" % len(review["documents"])


@hookimpl
def register_exporters(register):
    """Register the counting exporter."""
    register(Exporter(name="{name}", description="count", media_type="text/plain",
                      suffix=".txt", export=export_count))
'''

COMMAND = '''\
import os

import click

from workbench import hookimpl

with open(os.environ["LAZY_TEST_MARKER"], "a") as marker:
    marker.write("{module}\\n")


@hookimpl
def register_commands(cli):
    """Add a greeting command."""
    @cli.command(name="{name}")
    def hello():
        click.echo("hello from {module}")
'''


LOADER = '''\
import os

from workbench import hookimpl
from workbench.records import make_document
from workbench.registry import Loader

with open(os.environ["LAZY_TEST_MARKER"], "a") as marker:
    marker.write("{module}\\n")


def load_shout(raw):
    """Shouted text, read in lower case."""
    return make_document(raw, raw.data.decode("utf-8").lower())


@hookimpl
def register_loaders(register):
    """Register the loader of .shout files."""
    register(Loader(name="shout", media_types=("text/x-shout",),
                    suffixes={{".shout": "text/x-shout"}}, load=load_shout))
'''


def _install(site: Path, module: str, source: str) -> None:
    """A minimal installed distribution: a module and the dist-info naming its entry point."""
    (site / f"{module}.py").write_text(source, encoding="utf-8")
    info = site / f"lazy_{module}-1.0.dist-info"
    info.mkdir(exist_ok=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: lazy-{module}\nVersion: 1.0\n",
                                   encoding="utf-8")
    (info / "entry_points.txt").write_text(f"[workbench]\n{module} = {module}\n",
                                           encoding="utf-8")


def _uninstall(site: Path, module: str) -> None:
    (site / f"{module}.py").unlink()
    shutil.rmtree(site / f"lazy_{module}-1.0.dist-info")


class Runner:
    """Runs ``python -m workbench`` with a private cache and an extra site folder."""

    def __init__(self, tmp_path: Path) -> None:
        self.site = tmp_path / "site"
        self.site.mkdir()
        self.marker = tmp_path / "imported.txt"
        self.article = tmp_path / "a.txt"
        self.article.write_text(ARTICLE, encoding="utf-8")
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("WORKBENCH_")}
        self.env.update(WORKBENCH_CACHE_DIR=str(tmp_path / "cache"), PYTHONPATH=str(self.site),
                        LAZY_TEST_MARKER=str(self.marker), WORKBENCH_CONFIG=os.devnull)

    def __call__(self, *args: str) -> subprocess.CompletedProcess[str]:
        self.marker.write_text("", encoding="utf-8")
        return subprocess.run([sys.executable, "-m", "workbench", *args], env=self.env,
                              capture_output=True, text=True)

    def imported(self) -> list[str]:
        return self.marker.read_text(encoding="utf-8").split()

    def manifest(self) -> dict:
        (found,) = (self.env_cache()).glob("plugins-*.json")
        return json.loads(found.read_text(encoding="utf-8"))

    def env_cache(self) -> Path:
        return Path(self.env["WORKBENCH_CACHE_DIR"])


def _stable(output: str) -> list[str]:
    return [line for line in output.splitlines()
            if '"generated"' not in line and '"retrieved"' not in line]


def test_check_imports_only_the_exporter_it_writes_with(tmp_path):
    run = Runner(tmp_path)
    _install(run.site, "lazy_count", EXPORTER.format(module="lazy_count", name="count",
                                                      label="documents:"))
    _install(run.site, "lazy_hello", COMMAND.format(module="lazy_hello", name="hello-lazy"))

    cold = run("check", str(run.article), "--format", "json")
    assert cold.returncode == 0, cold.stderr
    assert sorted(run.imported()) == ["lazy_count", "lazy_hello"]  # no manifest yet: all
    entries = run.manifest()["plugins"]
    assert entries["lazy_count"]["exporters"] == ["count"]
    assert entries["lazy_hello"]["commands"] == ["hello-lazy"]

    warm = run("check", str(run.article), "--format", "json")
    assert warm.returncode == 0, warm.stderr
    assert run.imported() == []
    assert _stable(warm.stdout) == _stable(cold.stdout)

    counted = run("check", str(run.article), "--format", "count")
    assert (counted.returncode, counted.stdout, run.imported()) == (
        0, "documents: 1\n", ["lazy_count"])
    assert run("hello-lazy").stdout == "hello from lazy_hello\n"
    assert run.imported() == ["lazy_hello"]
    assert run("--version").returncode == 0 and run.imported() == []

    listing = {entry["name"]: entry for entry in json.loads(
        run("plugins", "--format", "json").stdout)}
    assert listing["lazy_count"]["hooks"] == ["register_exporters"]
    assert listing["lazy_hello"]["hooks"] == ["register_commands"]
    assert "hello-lazy" in run("--help").stdout


def _uris(output: str) -> list[str]:
    return [Path(entry["document"]["uri"]).name for entry in json.loads(output)["documents"]]


def test_a_loader_is_imported_for_its_files_only(tmp_path):
    run = Runner(tmp_path)
    _install(run.site, "lazy_shout", LOADER.format(module="lazy_shout"))
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "b.shout").write_text(ARTICLE.upper(), encoding="utf-8")
    cold = run("check", str(folder), "--format", "json")
    assert _uris(cold.stdout) == ["a.txt", "b.shout"]

    assert run("check", str(run.article)).returncode == 0
    assert run.imported() == []
    warm = run("check", str(folder), "--format", "json")
    assert _stable(warm.stdout) == _stable(cold.stdout)
    assert run.imported() == ["lazy_shout"]
    # A disabled loader's suffixes drop out of the folder scan, as without a manifest.
    disabled = run("check", str(folder), "--format", "json", "--disable", "lazy_shout")
    assert _uris(disabled.stdout) == ["a.txt"]


def test_a_test_manager_defers_nothing(tmp_path):
    run = Runner(tmp_path)
    script = ("from workbench.registry import suffix_media_types\n"
              "from workbench.testing import isolated_plugins\n"
              "with isolated_plugins('text_loader', helpers=()):\n"
              "    print(sorted(suffix_media_types()))\n")
    prepare = "from workbench.plugins import get_plugin_manager; get_plugin_manager()"
    for code in (prepare, script):  # the first writes the manifest this sys.path uses
        listed = subprocess.run([sys.executable, "-c", code], env=run.env,
                                capture_output=True, text=True, check=True).stdout
    assert listed == "['.markdown', '.md', '.text', '.txt']\n"


def test_manifest_follows_edits_and_removals(tmp_path):
    run = Runner(tmp_path)
    _install(run.site, "lazy_count", EXPORTER.format(module="lazy_count", name="count",
                                                      label="documents:"))
    assert run("check", str(run.article), "--format", "count").stdout == "documents: 1\n"

    # An edit renames the exporter: the manifest is rebuilt, the old name is gone.
    _install(run.site, "lazy_count", EXPORTER.format(module="lazy_count", name="tally",
                                                      label="tally of documents:"))
    tally = run("check", str(run.article), "--format", "tally")
    assert (tally.returncode, tally.stdout) == (0, "tally of documents: 1\n")
    gone = run("check", str(run.article), "--format", "count")
    assert gone.returncode == 2
    assert "unknown format 'count'" in gone.stderr and "tally" in gone.stderr

    _uninstall(run.site, "lazy_count")
    removed = run("check", str(run.article), "--format", "tally")
    assert removed.returncode == 2 and "unknown format 'tally'" in removed.stderr
    assert "lazy_count" not in run("plugins").stdout


def test_a_name_two_plugins_register_is_never_deferred(tmp_path):
    run = Runner(tmp_path)
    # Registers "json" too: which one wins depends on the entry points' order, so both
    # load up front as they did before the manifest, and the same one wins.
    _install(run.site, "lazy_json", EXPORTER.format(module="lazy_json", name="json",
                                                    label="not json"))
    cold = run("check", str(run.article), "--format", "json")
    warm = run("check", str(run.article), "--format", "json")
    assert warm.returncode == cold.returncode == 0
    assert _stable(warm.stdout) == _stable(cold.stdout)
    assert run.imported() == ["lazy_json"]


def test_disabling_and_overriding_a_deferred_exporter(tmp_path):
    run = Runner(tmp_path)
    run("check", str(run.article))  # builds the manifest
    disabled = run("check", str(run.article), "--format", "json", "--disable", "json_review")
    assert disabled.returncode == 2
    assert "unknown format 'json'" in disabled.stderr and "markdown" in disabled.stderr

    # A --plugin registers after every entry point, deferred or not, so the bundled
    # exporter keeps the name "json", as it does without a manifest.
    override = tmp_path / "override.py"
    override.write_text(EXPORTER.format(module="override", name="json", label="override:"),
                        encoding="utf-8")
    result = run("check", str(run.article), "--format", "json", "--plugin", str(override))
    assert result.returncode == 0 and json.loads(result.stdout)["documents"]
    assert run.imported() == ["override"]


def test_deferrable_needs_unique_known_names():
    def entry(hooks, exporters=None, commands=None):
        return {"hooks": hooks, "exporters": exporters, "commands": commands}

    entries = {
        "detector": entry(["detect_signals", "register_exporters"], exporters=["a"]),
        "alone": entry(["register_exporters"], exporters=["b"]),
        "clash": entry(["register_exporters"], exporters=["a"]),
        "command": entry(["register_commands"], commands=["go"]),
        "silent": entry(["register_commands"]),  # registered nothing when described
    }
    # "command" shares its hook with "silent", whose names are unknown.
    assert set(manifest.deferrable(entries)) == {"alone"}
    del entries["silent"]
    assert set(manifest.deferrable(entries)) == {"alone", "command"}


def test_lazy_core_commands_are_the_store_and_export_commands():
    defined = {command.name: command for command in (*store.COMMANDS, export.export)}
    assert set(LAZY_COMMANDS) == set(defined)
    with click.Context(cli) as context:
        for name, command in defined.items():
            assert cli.get_command(context, name) is command


def test_fast_registration_finds_what_pluggy_finds():
    import importlib
    import types

    import pluggy

    from workbench import hookimpl, hookspecs, plugins

    extra = types.ModuleType("extra")
    exec("def detect_signals(document):\n    return []\n", extra.__dict__)  # no marker
    extra.marked = hookimpl(specname="score_claim")(lambda claim: 0.5)
    extra.unmarked = lambda document: None
    extra.number = 3
    modules = [(str(name), importlib.import_module(str(value)))
               for name, value, _, _ in plugins._installed_entry_points()]
    found = []
    for manager in (pluggy.PluginManager("workbench"), plugins._PluginManager("workbench")):
        manager.add_hookspecs(hookspecs)
        for name, module in [*modules, ("extra", extra)]:
            manager.register(module, name=name)
        found.append({name: sorted(caller.name for caller in
                                   manager.get_hookcallers(module) or [])
                      for name, module in [*modules, ("extra", extra)]})
    assert found[0] == found[1]
    assert found[1]["extra"] == ["score_claim"]
    assert found[1]["temporal"] == ["detect_signals"]
