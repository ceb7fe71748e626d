"""workbench-phrases: signals for claim types defined by a YAML list of phrases.

A newsroom that wants to track, say, campaign promises or superlatives lists the phrases
that introduce them; every match becomes a signal of that kind. The list ships with the
plugin (``default_phrases.yaml``) and can be replaced in ``workbench.toml``::

    [plugins.phrases]
    phrases_file = "newsroom-phrases.yaml"   # relative to the current folder
    case_sensitive = false

PyYAML and the compiled patterns are loaded on first use, not at start-up.
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from workbench import hookimpl
from workbench.config import plugin_options
from workbench.errors import InputError
from workbench.records import make_signal

NAME = "phrases"
DEFAULT_FILE = "default_phrases.yaml"

LIST_SCHEMA: dict[str, Any] = {
    "type": "array",
    "minItems": 1,
    "items": {
        "type": "object",
        "additionalProperties": False,
        "required": ["kind", "phrases"],
        "properties": {
            "kind": {"type": "string", "pattern": "^[a-z][a-z0-9-]*$"},
            "weight": {"type": "number", "minimum": 0, "maximum": 1, "default": 0.5},
            "phrases": {"type": "array", "minItems": 1,
                        "items": {"type": "string", "pattern": r"\w"}},
        },
    },
}


@hookimpl
def plugin_options_schema() -> dict[str, Any]:
    """``phrases_file``: a YAML list to use instead of the bundled one; ``case_sensitive``."""
    return {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "phrases_file": {"type": "string", "minLength": 1},
            "case_sensitive": {"type": "boolean", "default": False},
        },
    }


def _read_list(path: str | None) -> tuple[str, str]:
    """The name and text of the phrase list: the configured file or the bundled one."""
    if path is None:
        return DEFAULT_FILE, files(__name__).joinpath(DEFAULT_FILE).read_text(encoding="utf-8")
    try:
        return path, Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(path, "no such phrase list (set by plugins.phrases.phrases_file)"
                         ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(path, f"cannot read the phrase list: {error}") from None


@cache
def load_entries(path: str | None) -> list[dict[str, Any]]:
    """The validated entries of a phrase list; a bad list is one error naming the value."""
    import jsonschema_rs
    import yaml

    name, text = _read_list(path)
    try:
        entries = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as error:
        raise InputError(name, f"invalid YAML: {' '.join(str(error).split())}") from None
    if not jsonschema_rs.Draft202012Validator(LIST_SCHEMA).is_valid(entries):
        raise InputError(name, _explain(entries))
    return entries


def _explain(entries: Any) -> str:
    """The most relevant schema error of a bad list, as ``path: message``."""
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import best_match

    from workbench.validation import format_path

    problem = best_match(Draft202012Validator(LIST_SCHEMA).iter_errors(entries))
    assert problem is not None
    return f"{format_path(problem.absolute_path)}: {problem.message}"


def _pattern(phrase: str) -> str:
    """A phrase as a regular expression: words in order, any white space between."""
    body = r"\s+".join(re.escape(word) for word in phrase.split())
    start = r"\b" if phrase.strip()[0].isalnum() else ""
    end = r"\b" if phrase.strip()[-1].isalnum() else ""
    return f"{start}{body}{end}"


@cache
def matcher(path: str | None, case_sensitive: bool) -> tuple[re.Pattern[str],
                                                              dict[str, tuple[str, float]]]:
    """One pattern for every phrase (longest first), and each group's kind and weight."""
    groups: dict[str, tuple[str, float]] = {}
    parts = []
    phrases = [(phrase, entry) for entry in load_entries(path) for phrase in entry["phrases"]]
    for index, (phrase, entry) in enumerate(sorted(phrases, key=lambda p: -len(p[0]))):
        group = f"p{index}"
        groups[group] = (entry["kind"], float(entry.get("weight", 0.5)))
        parts.append(f"(?P<{group}>{_pattern(phrase)})")
    flags = 0 if case_sensitive else re.IGNORECASE
    return re.compile("|".join(parts), flags), groups


def find_phrases(text: str, path: str | None = None,
                 case_sensitive: bool = False) -> list[dict[str, Any]]:
    """Signals for every phrase of the list found in ``text``."""
    pattern, groups = matcher(path, case_sensitive)
    signals = []
    for match in pattern.finditer(text):
        group = match.lastgroup
        assert group is not None
        kind, weight = groups[group]
        signals.append(make_signal(text, kind, match.start(), match.end(), weight,
                                   {"phrase": " ".join(match.group().split()).lower()}))
    return signals


@hookimpl
def detect_signals(document: dict[str, Any]) -> list[dict[str, Any]]:
    """Flag each phrase of the configured list with its claim kind."""
    options = plugin_options(NAME)
    return find_phrases(document["text"], options.get("phrases_file"),
                        bool(options.get("case_sensitive", False)))
