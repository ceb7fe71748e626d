"""The plugin system: listing, isolation of failing plugins, --plugin, entry points."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from workbench import hookimpl, validation
from workbench.records import make_signal

ROOT = Path(__file__).parent.parent
SHOUTING = ROOT / "tests" / "data" / "workbench-shouting"
ARTICLE = "Officials said TEN MILLION tonnes moved in 2019.\n\nNothing else happened.\n"
BUNDLED = {"text_loader", "sentences", "temporal", "trade_measures", "text_export",
           "json_export", "markdown_export"}


def test_plugins_lists_bundled_plugins_with_hooks(run_cli):
    result = run_cli("plugins", "--format", "json")
    listing = {entry["name"]: entry for entry in json.loads(result.stdout)}
    assert set(listing) >= BUNDLED
    assert listing["temporal"]["origin"] == "bundled"
    assert listing["temporal"]["hooks"] == ["detect_signals"]
    assert listing["text_loader"]["hooks"] == ["register_loaders"]
    assert listing["temporal"]["version"]
    text = run_cli("plugins").stdout
    assert "temporal" in text and "hooks: detect_signals" in text


def test_plugins_lists_a_plugin_given_with_its_origin(run_cli, monkeypatch):
    monkeypatch.syspath_prepend(str(SHOUTING))
    path = str(SHOUTING / "workbench_shouting.py")
    result = run_cli("plugins", "--format", "json", "--plugin", path)
    assert result.exit_code == 0, result.stderr
    listing = {entry["name"]: entry for entry in json.loads(result.stdout)}
    assert listing["workbench_shouting"]["origin"] == "--plugin"
    assert listing["workbench_shouting"]["hooks"] == ["detect_signals"]
    text = run_cli("plugins", "--plugin", "workbench_shouting").stdout
    assert "workbench_shouting (--plugin)" in text
    assert "workbench_shouting" not in run_cli("plugins").stdout  # for that listing only


class InvalidLoader:
    """A loader for a media type of its own that returns an invalid document."""

    @hookimpl
    def register_loaders(self, register):
        from workbench.types import Loader

        register(Loader(name="hollow", media_types=("text/x-hollow",),
                        suffixes={".hollow": "text/x-hollow"}, load=lambda raw: {"id": 1}))


def test_nothing_checked_because_a_plugin_failed_is_said_and_exits_3(run_cli,
                                                                      register_plugin,
                                                                      tmp_path):
    register_plugin(InvalidLoader(), "hollow_loader")
    (tmp_path / "only.hollow").write_text(ARTICLE)
    result = run_cli("check", str(tmp_path), "--format", "json")
    assert result.exit_code == 3
    assert "plugin hollow_loader failed on" in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == ["error: nothing was checked: every input failed in a plugin"]
    assert result.stdout == ""
    assert "a document was not checked because of a plugin" in " ".join(
        run_cli("--help").stdout.split())


def test_readme_example_is_the_tested_plugin():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = re.search(r"```python\n(.*?)```", readme, re.S)
    assert example is not None
    assert example.group(1) == (SHOUTING / "workbench_shouting.py").read_text(encoding="utf-8")


def test_plugin_from_a_py_path(run_cli, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE)
    result = run_cli("check", str(article), "--format", "json",
                     "--plugin", str(SHOUTING / "workbench_shouting.py"))
    assert result.exit_code == 0, result.stderr
    signals = [s for entry in json.loads(result.stdout)["documents"]
               for c in entry["claims"] for s in c["signals"]]
    assert {"kind": "quantity", "text": "TEN MILLION", "detector": "workbench_shouting"} in [
        {k: s[k] for k in ("kind", "text", "detector")} for s in signals]


def test_plugin_from_a_module_name(run_cli, tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(SHOUTING))
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE)
    result = run_cli("check", str(article), "--plugin", "workbench_shouting")
    assert result.exit_code == 0
    assert 'quantity "TEN MILLION"' in result.stdout
    # the plugin was for one run only
    again = run_cli("check", str(article))
    assert 'quantity "TEN MILLION"' not in again.stdout


class Exploding:
    """A detector that always raises."""

    @hookimpl
    def detect_signals(self, document):
        raise RuntimeError("kaboom")


class Malformed:
    """A detector returning one invalid signal and one valid one."""

    @hookimpl
    def detect_signals(self, document):
        text = document["text"]
        good = make_signal(text, "quantity", 0, 8, 0.9)
        return [{**good, "kind": "Not A Kind!"}, good]


def test_raising_plugin_is_reported_once_per_document_and_skipped(run_cli, register_plugin,
                                                                  tmp_path):
    register_plugin(Exploding(), "exploding")
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text("It was signed over three decades ago. Then in 1997.")
    result = run_cli("check", str(tmp_path), "--format", "json")
    assert result.exit_code == 0
    lines = [line for line in result.stderr.splitlines() if "exploding" in line]
    assert lines == [f"plugin exploding failed on {tmp_path / n}: RuntimeError: kaboom"
                     for n in ("a.txt", "b.txt")]
    review = json.loads(result.stdout)
    assert [f["plugin"] for f in review["failures"]] == ["exploding", "exploding"]
    kinds = {k for e in review["documents"] for c in e["claims"] for k in c["kinds"]}
    assert "temporal" in kinds, "the other plugins' results are intact"


def test_strict_makes_a_failing_plugin_fatal(run_cli, register_plugin, tmp_path):
    register_plugin(Exploding(), "exploding")
    article = tmp_path / "a.txt"
    article.write_text("It was signed in 1997.")
    output = tmp_path / "review.json"
    result = run_cli("check", str(article), "--strict", "--output", str(output))
    assert result.exit_code == 3
    assert result.stderr.strip() == (
        f"error: plugin exploding failed on {article}: RuntimeError: kaboom")
    assert not output.exists()


def test_invalid_records_are_dropped_with_the_schema_error(run_cli, register_plugin):
    register_plugin(Malformed(), "malformed")
    result = run_cli("check", "-", "--format", "json", input="Officials counted 42 boats.")
    assert result.exit_code == 0
    assert "plugin malformed failed on <stdin>: returned an invalid signal: kind:" in result.stderr
    signals = json.loads(result.stdout)["documents"][0]["claims"][0]["signals"]
    assert [s["detector"] for s in signals if s["detector"] == "malformed"] == ["malformed"]
    strict = run_cli("check", "-", "--strict", input="Officials counted 42 boats.")
    assert strict.exit_code == 3


def test_trace_switch_prints_hook_calls(tmp_path):
    env = {**_subprocess_env(tmp_path), "WORKBENCH_TRACE_PLUGINS": "1"}
    result = subprocess.run([sys.executable, "-m", "workbench", "check", "-"], env=env,
                            input="It happened in 1997.", capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert re.search(r"^trace: temporal\.detect_signals [\d.]+ ms$", result.stderr, re.M)


def _subprocess_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WORKBENCH_")}
    env["WORKBENCH_CACHE_DIR"] = str(tmp_path / "cache")
    env.update(extra)
    return env


def _plugin_names(env: dict[str, str]) -> dict[str, dict]:
    listing = subprocess.run([sys.executable, "-m", "workbench", "plugins", "--format", "json"],
                             env=env, capture_output=True, text=True, check=True)
    return {entry["name"]: entry for entry in json.loads(listing.stdout)}


def test_installed_package_registers_through_its_entry_point(tmp_path):
    target = tmp_path / "site"
    target.mkdir()
    env = _subprocess_env(tmp_path, PYTHONPATH=str(target))
    assert "shouting" not in _plugin_names(env)
    assert list((tmp_path / "cache").glob("entry-points-*.json")), "the scan is cached"

    package = tmp_path / "workbench-shouting"  # pip builds in the folder: not in the tree
    shutil.copytree(SHOUTING, package, ignore=shutil.ignore_patterns("build", "*.egg-info"))
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--no-build-isolation", "--no-index", "--target", str(target),
                    str(package)], check=True, capture_output=True)
    entry = _plugin_names(env)["shouting"]  # the install invalidates the cached scan
    assert (entry["origin"], entry["distribution"], entry["version"]) == (
        "entry point", "workbench-shouting", "0.1.0")
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE)
    checked = subprocess.run([sys.executable, "-m", "workbench", "check", str(article)],
                             env=env, capture_output=True, text=True, check=True)
    assert 'quantity "TEN MILLION"' in checked.stdout

    env["WORKBENCH_LOAD_PLUGINS"] = "text_loader,sentences,text_export"
    assert set(_plugin_names(env)) == {"text_loader", "sentences", "text_export"}


def test_schemas_and_validate_commands(run_cli, tmp_path):
    listing = run_cli("schemas").stdout
    for name in validation.RECORD_SCHEMAS:
        assert f"{name}.schema.json" in listing
    shown = json.loads(run_cli("schemas", "--show", "verdict").stdout)
    assert shown["$id"] == "urn:workbench:verdict"
    review = json.loads(run_cli("check", "-", "--format", "json",
                                input="It was signed in 1997.").stdout)
    path = tmp_path / "review.json"
    path.write_text(json.dumps(review))
    ok = run_cli("validate", str(path))
    assert (ok.exit_code, ok.stdout.strip()) == (0, f"{path}: valid review")
    review["documents"][0]["claims"][0]["verdicts"] = [{
        "rating": "maybe", "confidence": 0.5, "rationale": "x", "sources": [],
        "origin": {"type": "plugin", "name": "p"}, "created": "2025-01-01T00:00:00Z"}]
    review["documents"][0]["claims"][0]["span"]["end"] -= 1
    path.write_text(json.dumps(review))
    bad = run_cli("validate", str(path))
    assert bad.exit_code == 1
    assert (f"{path}: documents[0].claims[0].verdicts[0].rating: 'maybe' is not one of "
            "['true', 'mostly-true'") in bad.stdout


def test_validate_tells_the_record_from_its_fields_and_says_which(run_cli, tmp_path):
    review = json.loads(run_cli("check", "-", "--format", "json",
                                input="It was signed in 1997.").stdout)
    entry = review["documents"][0]
    records = {"review": review, "claim": entry["claims"][0], "document": entry["document"]}
    for name, record in records.items():
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(record))
        result = run_cli("validate", str(path))
        assert (result.exit_code, result.stdout) == (0, f"{path}: valid {name}\n")

    claim = tmp_path / "claim.json"
    claim.write_text(json.dumps({**records["claim"], "checkworthiness": 2}))
    bad = run_cli("validate", str(claim))
    assert bad.exit_code == 1
    assert bad.stdout.splitlines() == [
        f"{claim}: checkworthiness: 2 is greater than the maximum of 1",
        f"{claim}: not a valid claim (1 problem)"]
    as_review = run_cli("validate", str(claim), "--schema", "review")
    assert as_review.exit_code == 1
    assert as_review.stdout.splitlines()[-1].startswith(f"{claim}: not a valid review (")

    unknown = tmp_path / "unknown.json"
    unknown.write_text('{"hello": 1}')
    result = run_cli("validate", str(unknown))
    assert result.exit_code == 2
    assert result.stderr == (f"error: {unknown}: cannot tell which record this is (a review "
                             "has documents, a claim a selector and a document_id); give "
                             "--schema NAME\n")


@pytest.mark.parametrize("schema", validation.SCHEMA_FILES)
def test_schemas_are_valid_2020_12(schema):
    assert validation.check_schemas() == []
    assert validation.load_schemas()[schema]["$schema"].endswith("2020-12/schema")
