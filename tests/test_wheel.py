"""A non-editable wheel carries the schemas and the bundled plugins under their own names."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

ROOT = Path(__file__).parent.parent
# What the build reads: the project file, the readme it names, the packages it maps.
SOURCES = ("pyproject.toml", "README.md", "workbench", "plugins", "schemas")


def run(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(list(args), check=True, capture_output=True, text=True, **kwargs)


def _copy_sources(target: Path) -> Path:
    """A copy of what the wheel is built from: the build leaves build/ and *.egg-info in
    the folder it builds, which must not be the source tree."""
    target.mkdir()
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy2(source, target / name)
    return target


def test_wheel_installs_and_validates_a_review(tmp_path):
    before = sorted(path.name for path in ROOT.iterdir())
    run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
        "--no-index", "--wheel-dir", str(tmp_path / "dist"),
        str(_copy_sources(tmp_path / "source")))
    wheel = next((tmp_path / "dist").glob("workbench-*.whl"))
    assert sorted(path.name for path in ROOT.iterdir()) == before, "the tree stays clean"
    assert wheel.stat().st_size < 15_000_000, "the fact packs keep the wheel under 15 MB"

    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", str(venv))
    python = venv / "bin" / "python"
    site = Path(run(str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))")
                .stdout.strip())
    # Dependencies come from this environment; the wheel itself goes into the new venv.
    (site / "deps.pth").write_text(sysconfig.get_path("purelib") + "\n")
    run(sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
        "--no-deps", "--no-index", str(wheel))

    installed = {path.name for path in site.iterdir()}
    assert {"workbench", "workbench_plugins"} <= installed
    assert "plugins" not in installed and "schemas" not in installed
    assert (site / "workbench" / "schemas" / "review.schema.json").is_file()
    assert (site / "workbench" / "schemas" / "verdict.schema.json").is_file()
    pack = site / "workbench_plugins" / "data" / "packs" / "world"
    assert {path.name for path in pack.iterdir()} >= {"datapackage.json", "entities.csv",
                                                     "facts.csv", "sources.csv", "series.csv"}
    for served in ("templates/document.html", "static/desk.css", "static/desk.js"):
        assert (site / "workbench" / "serve" / served).is_file(), served

    env = {k: v for k, v in os.environ.items() if not k.startswith("WORKBENCH_")}
    env["WORKBENCH_CACHE_DIR"] = str(tmp_path / "cache")
    where = run(str(python), "-c", "from workbench import validation; "
                "print(validation.schema_dir())", env=env, cwd=tmp_path).stdout.strip()
    assert Path(where) == site / "workbench" / "schemas"

    review_file = tmp_path / "review.json"
    run(str(python), "-m", "workbench", "check", str(ROOT / "seeds"), "--format", "json",
        "--output", str(review_file), env=env, cwd=tmp_path)
    assert json.loads(review_file.read_text())["summary"]["documents"] == 3
    checked = run(str(python), "-m", "workbench", "validate", str(review_file),
                  env=env, cwd=tmp_path)
    assert checked.stdout.strip() == f"{review_file}: valid review"
    listing = json.loads(run(str(python), "-m", "workbench", "plugins", "--format", "json",
                             env=env, cwd=tmp_path).stdout)
    assert {entry["origin"] for entry in listing} == {"bundled"}
