"""The files ``workbench plugins new`` writes, as :class:`string.Template` texts.

Placeholders: ``$name`` (entry-point name), ``$hyphen`` (the name with hyphens),
``$dist`` (distribution), ``$module`` (Python module), ``$kind``, ``$summary``,
``$usage``. ``$$`` is a literal dollar sign.
"""

from __future__ import annotations

PYPROJECT = """\
[build-system]
requires = ["setuptools>=61"]
build-backend = "setuptools.build_meta"

[project]
name = "$dist"
version = "0.1.0"
description = "$summary"
readme = "README.md"
requires-python = ">=3.11"
dependencies = ["workbench"]

[project.optional-dependencies]
test = ["pytest"]

# This line is what makes Workbench find the plugin: group "workbench", name "$name".
[project.entry-points.workbench]
$name = "$module"

[tool.setuptools]
py-modules = ["$module"]
"""

README = """\
# $dist

$summary

A Workbench $kind plugin.

## Installation

Install it in the same environment as Workbench:

    pip install -e .

Then `workbench plugins` lists `$name`, and `workbench check` uses it.

## Usage

$usage

Leave it out of one run with `workbench check FILE --disable $name`, or of every run in a
folder with `disabled = ["$name"]` in its `workbench.toml`.

## Development

    pip install -e '.[test]'
    pytest

The tests use `workbench.testing` (installed with Workbench as a pytest plugin):
`check_text(text, plugins=[$module])` runs the real pipeline with only this plugin
(plus the bundled text loader and sentence splitter) and checks every record it returns.
"""

GITIGNORE = """\
__pycache__/
*.egg-info/
build/
dist/
.pytest_cache/
"""

# --------------------------------------------------------------------------------------
# detector
# --------------------------------------------------------------------------------------

DETECTOR_SUMMARY = "Flags percentages such as 40 per cent or 3.5% as statistic signals."
DETECTOR_USAGE = """\
    workbench check article.txt

Each percentage becomes a `statistic` signal. Its weight (how strongly it suggests a
checkable claim) is an option, checked against the plugin's schema:

    # workbench.toml
    [plugins.$name]
    weight = 0.8"""

DETECTOR_MODULE = '''\
"""$dist: flag percentages ("40 per cent", "3.5%") as ``statistic`` signals.

Replace ``PATTERN`` and ``KIND`` with what your detector looks for. Keep module import
cheap: Workbench imports every plugin at start-up, so load data or heavy libraries
inside functions (``functools.cache``).
"""

from __future__ import annotations

import re
from typing import Any

from workbench import hookimpl
from workbench.config import plugin_options
from workbench.records import make_signal

NAME = "$name"
KIND = "statistic"
DEFAULT_WEIGHT = 0.6
PATTERN = re.compile(r"\\b\\d+(?:\\.\\d+)?\\s?(?:%|per ?cent\\b|percent\\b)", re.IGNORECASE)


@hookimpl
def plugin_options_schema() -> dict[str, Any]:
    """The options ``[plugins.$name]`` in workbench.toml may set."""
    return {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "weight": {"type": "number", "minimum": 0, "maximum": 1,
                       "default": DEFAULT_WEIGHT},
        },
    }


@hookimpl
def detect_signals(document: dict[str, Any]) -> list[dict[str, Any]]:
    """One signal per percentage in the document's text."""
    text = document["text"]
    weight = plugin_options(NAME).get("weight", DEFAULT_WEIGHT)
    return [make_signal(text, KIND, match.start(), match.end(), weight)
            for match in PATTERN.finditer(text)]
'''

DETECTOR_TESTS = '''\
"""Tests of $dist, through Workbench's real pipeline."""

from importlib.metadata import entry_points

from workbench.testing import check_text, signals_of

import $module


def test_plugin_is_installed():
    assert "$name" in {ep.name for ep in entry_points(group="workbench")}


def test_flags_percentages():
    result = check_text("Turnout rose to 61.2% from 58 per cent.", plugins=[$module])
    assert [s["text"] for s in signals_of(result, "statistic")] == ["61.2%", "58 per cent"]
    assert result["claims"][0]["checkworthy"]


def test_leaves_other_numbers_alone():
    result = check_text("It has 300 members.", plugins=[$module])
    assert signals_of(result) == []


def test_weight_is_an_option():
    result = check_text("Up 5%.", plugins=[$module],
                        config={"plugins": {"$name": {"weight": 0.9}}})
    assert [s["weight"] for s in signals_of(result)] == [0.9]
'''

# --------------------------------------------------------------------------------------
# checker
# --------------------------------------------------------------------------------------

CHECKER_SUMMARY = "Marks claims about years after the as-of date as unverified forecasts."
CHECKER_USAGE = """\
    workbench check article.txt --as-of 2025-06-01

A check-worthy claim naming a year after the as-of date (or, without `--as-of`, after the
article's publication date) gets an `unverified` verdict saying it is a forecast, with the
computation that led there. It reads the structured `value` of the bundled `temporal`
detector's signals."""

CHECKER_MODULE = '''\
"""$dist: flag claims about years after the as-of date as forecasts to verify later.

A checker receives each check-worthy claim and returns verdicts made with
``workbench.records.make_verdict``. A rating other than ``unverified`` needs a source or
a computation: never rate a claim on a guess.
"""

from __future__ import annotations

from typing import Any

from workbench import hookimpl
from workbench.records import make_verdict


def reference_year(document: dict[str, Any], options: Any) -> int | None:
    """The year claims are judged against: --as-of, else the publication date."""
    if options.as_of is not None:
        return options.as_of.year
    published = document.get("published")
    return int(published[:4]) if published else None


@hookimpl
def check_claim(claim: dict[str, Any], document: dict[str, Any],
                options: Any) -> list[dict[str, Any]]:
    """An ``unverified`` verdict for a claim that names a year after the reference year."""
    now = reference_year(document, options)
    if now is None:
        return []
    years = [signal["value"]["year"] for signal in claim["signals"]
             if signal["kind"] == "temporal"
             and isinstance(signal.get("value"), dict) and "year" in signal["value"]]
    later = [year for year in years if year > now]
    if not later:
        return []
    return [make_verdict(
        "unverified", 0.6,
        f"Names {later[0]}, after {now}: a forecast that cannot be checked yet.",
        computation=f"{later[0]} > {now}",
    )]
'''

CHECKER_TESTS = '''\
"""Tests of $dist, through Workbench's real pipeline."""

from datetime import date
from importlib.metadata import entry_points

from workbench.types import CheckOptions
from workbench.testing import check_text, verdicts_of

import $module

AS_OF = CheckOptions(as_of=date(2025, 6, 1))


def test_plugin_is_installed():
    assert "$name" in {ep.name for ep in entry_points(group="workbench")}


def test_flags_a_year_after_the_as_of_date():
    # "temporal" is the bundled detector whose year signals this checker reads.
    result = check_text("The plant will close in 2031.", plugins=[$module, "temporal"],
                        options=AS_OF)
    [verdict] = verdicts_of(result)
    assert verdict["rating"] == "unverified"
    assert verdict["computation"] == "2031 > 2025"
    assert verdict["origin"] == {"type": "plugin", "name": "$name"}


def test_leaves_past_years_alone():
    result = check_text("The plant closed in 2011.", plugins=[$module, "temporal"],
                        options=AS_OF)
    assert verdicts_of(result) == []
'''

# --------------------------------------------------------------------------------------
# exporter
# --------------------------------------------------------------------------------------

EXPORTER_SUMMARY = "Exports the claims of a review as tab-separated values."
EXPORTER_USAGE = """\
    workbench check article.txt --format $name --output claims.tsv

One row per claim: document, line, score, kinds, claim text, best verdict."""

EXPORTER_MODULE = '''\
"""$dist: the claims of a review as tab-separated values, one row per claim.

An exporter receives the whole review record (``workbench schemas --show review``) and
returns ``str`` or ``bytes``; ``workbench check --format $name`` selects it.
"""

from __future__ import annotations

from typing import Any

from workbench import hookimpl
from workbench.types import Exporter
from workbench.review import best_verdict, line_and_column

COLUMNS = ("document", "line", "score", "kinds", "claim", "verdict")


def _cell(value: object) -> str:
    return " ".join(str(value).split())


def export_tsv(review: dict[str, Any]) -> str:
    """A header row, then one row per claim in document order."""
    rows = ["\\t".join(COLUMNS)]
    for entry in review["documents"]:
        document = entry["document"]
        for claim in entry["claims"]:
            line, _ = line_and_column(document["text"], claim["span"]["start"])
            verdict = best_verdict(claim)
            rows.append("\\t".join(_cell(value) for value in (
                document["uri"], line, f"{claim['checkworthiness']:.2f}",
                ",".join(claim["kinds"]), claim["text"],
                verdict["rating"] if verdict else "")))
    return "\\n".join(rows) + "\\n"


@hookimpl
def register_exporters(register) -> None:
    """Register the ``$name`` format."""
    register(Exporter(name="$name", description="Claims as tab-separated values.",
                      media_type="text/tab-separated-values", suffix=".tsv",
                      export=export_tsv))
'''

EXPORTER_TESTS = '''\
"""Tests of $dist: the format through the command line, the function directly."""

from importlib.metadata import entry_points

from workbench.review import build_review
from workbench.testing import check_text

import $module


def test_plugin_is_installed():
    assert "$name" in {ep.name for ep in entry_points(group="workbench")}


def test_one_row_per_claim():
    result = check_text("It opened in 1994.\\nIt is big.", plugins=["temporal"])
    rows = $module.export_tsv(build_review([result], [])).splitlines()
    assert rows[0].split("\\t") == list($module.COLUMNS)
    assert rows[1].split("\\t") == ["test.txt", "1", "0.50", "temporal", "It opened in 1994.", ""]
    assert rows[2].split("\\t")[:2] == ["test.txt", "2"]


def test_format_on_the_command_line(workbench_plugins, workbench_cli, tmp_path):
    workbench_plugins($module, "temporal")
    article = tmp_path / "article.txt"
    article.write_text("It opened in 1994.\\n", encoding="utf-8")
    result = workbench_cli("check", str(article), "--format", "$name")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1].endswith("It opened in 1994.\\t")
'''

# --------------------------------------------------------------------------------------
# loader
# --------------------------------------------------------------------------------------

LOADER_SUMMARY = "Loads .$name files: plain text whose # comment lines are left out."
LOADER_USAGE = """\
    workbench check notes.$name
    workbench check folder/        # picks up every .$name file

Lines starting with `#` are left out of the document's text; the offset map still leads
every character of the text back to its place in the file."""

LOADER_MODULE = '''\
"""$dist: load ``.$name`` files, plain text whose ``#`` comment lines are left out.

A loader turns the bytes of one input into a Document record (``make_document``). When the
text is not the file character for character, the offset map says where each run of text
came from, so reviews can point back into the original.
"""

from __future__ import annotations

from typing import Any

from workbench import hookimpl
from workbench.errors import InputError
from workbench.records import make_document
from workbench.types import Loader, RawInput

MEDIA_TYPE = "text/x-$hyphen"


def load(raw: RawInput) -> dict[str, Any]:
    """Keep every line that is not a ``#`` comment; map offsets back to the file."""
    try:
        original = raw.data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(raw.uri, f"not valid UTF-8 (byte {error.start})") from None
    kept: list[str] = []
    offset_map: list[list[int]] = []
    position = length = 0
    for line in original.splitlines(keepends=True):
        if not line.lstrip().startswith("#"):
            offset_map.append([length, position, len(line)])
            kept.append(line)
            length += len(line)
        position += len(line)
    return make_document(raw, "".join(kept), offset_map=offset_map)


@hookimpl
def register_loaders(register) -> None:
    """Register the loader for ``.$name`` files."""
    register(Loader(name="$name", media_types=(MEDIA_TYPE,),
                    suffixes={".$name": MEDIA_TYPE}, load=load))
'''

LOADER_TESTS = '''\
"""Tests of $dist, through Workbench's real pipeline."""

from importlib.metadata import entry_points

from workbench.records import original_offset
from workbench.testing import check_text

import $module

SOURCE = "# draft, not for print\\nThe bridge opened in 1994.\\n# check this\\nIt cost a lot.\\n"


def test_plugin_is_installed():
    assert "$name" in {ep.name for ep in entry_points(group="workbench")}


def test_comments_are_left_out_and_offsets_lead_back():
    result = check_text(SOURCE, plugins=[$module],
                        media_type=$module.MEDIA_TYPE)
    document = result["document"]
    assert document["text"] == "The bridge opened in 1994.\\nIt cost a lot.\\n"
    start = document["text"].index("It cost")
    assert SOURCE[original_offset(document, start):].startswith("It cost")
    assert [c["text"] for c in result["claims"]] == ["The bridge opened in 1994.",
                                                      "It cost a lot."]


def test_folder_scan_picks_up_the_suffix(workbench_plugins, workbench_cli, tmp_path):
    workbench_plugins($module, "json_export")
    (tmp_path / "a.$name").write_text(SOURCE, encoding="utf-8")
    result = workbench_cli("check", str(tmp_path), "--format", "json")
    assert result.exit_code == 0, result.output
    assert '"media_type": "text/x-$hyphen"' in result.stdout
'''

KINDS: dict[str, dict[str, str]] = {
    "detector": {"summary": DETECTOR_SUMMARY, "usage": DETECTOR_USAGE,
                 "module": DETECTOR_MODULE, "tests": DETECTOR_TESTS},
    "checker": {"summary": CHECKER_SUMMARY, "usage": CHECKER_USAGE,
                "module": CHECKER_MODULE, "tests": CHECKER_TESTS},
    "exporter": {"summary": EXPORTER_SUMMARY, "usage": EXPORTER_USAGE,
                 "module": EXPORTER_MODULE, "tests": EXPORTER_TESTS},
    "loader": {"summary": LOADER_SUMMARY, "usage": LOADER_USAGE,
               "module": LOADER_MODULE, "tests": LOADER_TESTS},
}
