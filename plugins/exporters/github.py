"""GitHub Actions workflow commands: each claim as an inline annotation of a pull request.

Prints one ``::error|warning|notice file=PATH,line=L,col=C,endLine=..,endColumn=..,
title=..::MESSAGE`` line per claim; run ``workbench check docs/ --format github`` as a step
of a workflow. Line and column are those of the original file.
"""

from __future__ import annotations

from workbench_plugins.shared import review_lines as common
from workbench_plugins.shared.ci_findings import findings, message, repository_path

from workbench import hookimpl
from workbench.records import Record
from workbench.types import Exporter
from workbench.visible import visible

COMMANDS = {"error": "error", "warning": "warning", "note": "notice"}


def _data(text: str) -> str:
    """Escape a workflow command's message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    """Escape a workflow command's property value."""
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def export_github(review: Record) -> str:
    """One workflow command line per claim, and a notice per document whose check-worthy
    claims were not all shown."""
    lines = []
    for entry in review["documents"]:
        hidden = common.not_shown_line(entry["document"])
        if hidden:
            path = repository_path(entry["document"]["uri"])
            lines.append(f"::notice file={_property(path)},title=workbench::{_data(hidden)}")
    for finding in findings(review):
        start_line, start_column, end_line, end_column = finding.region
        title = f"workbench: {common.rating_label(finding.rating)}"
        properties = [f"file={_property(finding.path)}", f"line={start_line}",
                      f"col={start_column}", f"endLine={end_line}"]
        if start_line == end_line:  # GitHub reads an end column only within one line
            properties.append(f"endColumn={end_column}")
        properties.append(f"title={_property(title)}")
        lines.append(f"::{COMMANDS[finding.level]} {','.join(properties)}::"
                     f"{_data(message(finding.claim))}")
    return visible("".join(line + "\n" for line in lines))


@hookimpl
def register_exporters(register) -> None:
    """Register the ``github`` format."""
    register(Exporter(name="github", description="GitHub Actions annotations, one per claim.",
                      media_type="text/plain", suffix=".txt", export=export_github,
                      checkworthy_only=True))
