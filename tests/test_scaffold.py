"""`workbench plugin new` writes a package that installs with pip and passes its own tests."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from workbench.scaffold import KINDS, files_for, names

NAMES = {"detector": "percent-signs", "checker": "forecasts", "exporter": "tsv_rows",
         "loader": "notes"}


def test_names_follow_the_convention():
    assert names("school-data") == {"name": "school_data", "hyphen": "school-data",
                                    "dist": "workbench-school-data",
                                    "module": "workbench_school_data"}


@pytest.mark.parametrize("bad", ["", "Upper", "9lives", "a b", "trailing-", "a--b", "x" * 41,
                                 "über", "../escape"])
def test_invalid_names_are_refused(bad, run_cli, tmp_path):
    result = run_cli("plugin", "new", bad, "--directory", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {bad}: a plugin name is lower-case")
    assert not (tmp_path / "out").exists()


def test_prefix_is_refused(run_cli, tmp_path):
    result = run_cli("plugin", "new", "workbench-x", "--directory", str(tmp_path / "out"))
    assert (result.exit_code, result.stderr) == (
        2, "error: workbench-x: leave out the workbench- prefix: it is added for you\n")


def test_existing_directory_is_not_touched(run_cli, tmp_path):
    target = tmp_path / "mine"
    target.mkdir()
    (target / "keep.txt").write_text("mine", encoding="utf-8")
    result = run_cli("plugin", "new", "percent", "--directory", str(target))
    assert result.exit_code == 2
    assert result.stderr == f"error: {target}: already exists; choose another NAME or --directory\n"
    assert [p.name for p in target.iterdir()] == ["keep.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["mine"]  # no staging folder left


def test_default_directory_and_listing(run_cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run_cli("plugin", "new", "percent")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "created workbench-percent/ (detector)"
    made = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file())
    assert made == ["workbench-percent/.gitignore", "workbench-percent/README.md",
                    "workbench-percent/pyproject.toml",
                    "workbench-percent/tests/test_workbench_percent.py",
                    "workbench-percent/workbench_percent.py"]


@pytest.mark.parametrize("kind", KINDS)
def test_generated_python_compiles_and_names_the_entry_point(kind):
    import tomllib

    files = files_for(NAMES[kind], kind)
    n = names(NAMES[kind])
    project = tomllib.loads(files["pyproject.toml"])
    assert project["project"]["name"] == n["dist"]
    assert project["project"]["entry-points"]["workbench"] == {n["name"]: n["module"]}
    for path, content in files.items():
        if path.endswith(".py"):
            compile(content, path, "exec")


def _outer_site_packages() -> str:
    return sysconfig.get_paths()["purelib"]


def _run(*args: str | Path, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300)


def test_scaffolds_install_with_pip_and_work(run_cli, tmp_path):
    """Every kind: pip installs it into a fresh venv, `workbench plugins` lists it,
    `workbench check` uses it, and its own pytest file passes."""
    for kind, name in NAMES.items():
        result = run_cli("plugin", "new", name, "--kind", kind,
                         "--directory", str(tmp_path / name))
        assert result.exit_code == 0, result.output

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    inner = subprocess.run([python, "-c", "import sysconfig; "
                            "print(sysconfig.get_paths()['purelib'])"],
                           capture_output=True, text=True, check=True).stdout.strip()
    # Dependencies (workbench, pytest, pip, setuptools) come from this environment.
    Path(inner, "_outer.pth").write_text(
        f"import site; site.addsitedir({_outer_site_packages()!r})\n", encoding="utf-8")
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("WORKBENCH_", "PYTEST_"))}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"

    installed = _run(python, "-m", "pip", "install", "-q", "--no-deps",
                     "--no-build-isolation", "--no-index", *(tmp_path / n for n in NAMES.values()),
                     cwd=tmp_path, env=env)
    assert installed.returncode == 0, installed.stderr

    listing = _run(python, "-m", "workbench", "plugins", "--format", "json",
                   cwd=tmp_path, env=env)
    plugins = {p["name"]: p for p in json.loads(listing.stdout)}
    assert plugins["percent_signs"]["hooks"] == ["detect_signals", "plugin_options_schema"]
    assert plugins["percent_signs"]["distribution"] == "workbench-percent-signs"
    assert plugins["forecasts"]["hooks"] == ["check_claim"]
    assert plugins["tsv_rows"]["hooks"] == ["register_exporters"]
    assert plugins["notes"]["hooks"] == ["register_loaders"]

    article = tmp_path / "article.notes"
    article.write_text("# not for print\nTurnout rose 12% in 2031.\n", encoding="utf-8")
    config = tmp_path / "options.toml"
    config.write_text("[plugins.percent_signs]\nweight = 0.9\n", encoding="utf-8")
    checked = _run(python, "-m", "workbench", "check", article, "--format", "json",
                   "--as-of", "2025-01-01", "--config", config, cwd=tmp_path, env=env)
    assert checked.returncode == 0, checked.stderr
    [entry] = json.loads(checked.stdout)["documents"]
    assert entry["document"]["media_type"] == "text/x-notes"  # the loader
    [claim] = entry["claims"]
    assert {"kind": "statistic", "span": {"start": 13, "end": 16}, "text": "12%",
            "weight": 0.9, "detector": "percent_signs"} in claim["signals"]  # configured
    assert [v["origin"]["name"] for v in claim["verdicts"]] == ["forecasts"]
    rows = _run(python, "-m", "workbench", "check", article, "--format", "tsv_rows",
                cwd=tmp_path, env=env)
    assert rows.stdout.splitlines()[1].endswith("\tTurnout rose 12% in 2031.\t")

    tests = _run(python, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                 *(tmp_path / n / "tests" for n in NAMES.values()), cwd=tmp_path, env=env)
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert " passed" in tests.stdout and "failed" not in tests.stdout
