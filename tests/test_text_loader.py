"""Plain text and Markdown: the file is the text; datelines, bylines and links are metadata."""

from __future__ import annotations

import json

from workbench import validation

MARKDOWN = """# Port to Expand

By Maria Lopez
Published: 14 March 2025

The [port authority](https://example.org/port "Port") said **40 ships** docked in 2024,
up from 31 ([source](https://example.org/stats)).
"""


def entry_of(run_cli, path):
    result = run_cli("check", str(path), "--format", "json")
    assert result.exit_code == 0, result.stderr
    review = json.loads(result.stdout)
    validation.validate("review", review)
    assert validation.offset_errors(review) == []
    return review["documents"][0]


def test_markdown_is_kept_verbatim_with_its_links(run_cli, tmp_path):
    path = tmp_path / "story.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    document = entry_of(run_cli, path)["document"]
    assert document["text"] == MARKDOWN
    assert document["offset_map"] == [[0, 0, len(MARKDOWN)]]
    assert (document["title"], document["author"], document["published"]) == (
        "Port to Expand", "Maria Lopez", "2025-03-14")
    links = document["metadata"]["links"]
    assert [(link["url"], link["text"]) for link in links] == [
        ("https://example.org/port", "port authority"), ("https://example.org/stats", "source")]
    for link in links:
        span = link["span"]
        assert MARKDOWN[span["start"]:span["end"]] == link["text"]


def test_utf16_with_a_bom_maps_past_the_mark(run_cli, tmp_path):
    path = tmp_path / "utf16.txt"
    path.write_bytes("Tariffs rose 25 per cent in 2018.".encode("utf-16"))
    document = entry_of(run_cli, path)["document"]
    assert document["metadata"]["encoding"] == "utf-16-le"
    assert document["offset_map"] == [[0, 1, 33]]
