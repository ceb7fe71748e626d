"""``workbench plugin new``: write a ready-to-install plugin package.

The layout follows llm's plugin template: one module per plugin, distribution
``workbench-NAME``, module ``workbench_NAME``, entry point ``NAME`` in the ``workbench``
group, a README and a pytest file that passes as written.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path
from string import Template

from workbench.errors import InputError

KINDS = ("detector", "checker", "exporter", "loader")
NAME = re.compile(r"^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$")
MAX_NAME = 40


def names(name: str) -> dict[str, str]:
    """The names derived from NAME: entry point, hyphenated, distribution and module."""
    if not NAME.match(name) or len(name) > MAX_NAME:
        raise InputError(name, "a plugin name is lower-case letters and digits, words "
                         f"joined by - or _, starting with a letter, at most {MAX_NAME} "
                         "characters (e.g. percentages, school-data)")
    underscored = name.replace("-", "_")
    if underscored == "workbench" or underscored.startswith("workbench_"):
        raise InputError(name, "leave out the workbench- prefix: it is added for you")
    hyphen = name.replace("_", "-")
    return {"name": underscored, "hyphen": hyphen, "dist": f"workbench-{hyphen}",
            "module": f"workbench_{underscored}"}


def files_for(name: str, kind: str) -> dict[str, str]:
    """Relative path -> content of every file of a new ``kind`` plugin called ``name``."""
    from workbench import scaffold_templates as templates

    if kind not in KINDS:
        raise InputError("--kind", f"unknown kind {kind!r} (choose from: {', '.join(KINDS)})")
    values = {**names(name), "kind": kind}
    parts = templates.KINDS[kind]
    values["summary"] = Template(parts["summary"]).substitute(values)
    values["usage"] = Template(parts["usage"]).substitute(values)
    module = values["module"]
    return {
        "pyproject.toml": Template(templates.PYPROJECT).substitute(values),
        "README.md": Template(templates.README).substitute(values),
        ".gitignore": templates.GITIGNORE,
        f"{module}.py": Template(parts["module"]).substitute(values),
        f"tests/test_{module}.py": Template(parts["tests"]).substitute(values),
    }


def create(name: str, kind: str = "detector", directory: str | None = None) -> Path:
    """Write the package into ``directory`` (default ``./workbench-NAME``), all or nothing.

    Refuses a directory that exists already, so nothing is ever overwritten.
    """
    files = files_for(name, kind)
    target = Path(directory or names(name)["dist"])
    if target.exists() or target.is_symlink():
        raise InputError(str(target), "already exists; choose another NAME or --directory")
    parent = target.parent
    if not parent.is_dir():
        raise InputError(str(target), f"folder {parent} does not exist")
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=parent))
    except OSError as error:
        raise InputError(str(target), f"cannot write here: {error.strerror}") from None
    try:
        for relative, content in files.items():
            path = staging / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(staging, 0o777 & ~umask)
        os.rename(staging, target)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise InputError(str(target), f"cannot write: {error.strerror or error}") from None
    return target
