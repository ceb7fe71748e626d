"""Tests of workbench-phrases through Workbench's pipeline, CLI and configuration."""

from __future__ import annotations

import json
from importlib.metadata import entry_points

import pytest
import workbench_phrases

from workbench.errors import InputError
from workbench.testing import check_text, signals_of

CUSTOM = """\
- kind: forecast
  weight: 0.7
  phrases: ["is expected to", "will reach"]
"""


def test_plugin_is_installed():
    assert "phrases" in {ep.name for ep in entry_points(group="workbench")}


def test_bundled_list_flags_promises_and_superlatives():
    result = check_text("The mayor PLEDGED  TO build the largest park. We will see.",
                        plugins=[workbench_phrases])
    found = [(s["kind"], s["text"], s["value"]["phrase"]) for s in signals_of(result)]
    assert found == [("promise", "PLEDGED  TO", "pledged to"),
                     ("superlative", "the largest", "the largest"),
                     ("promise", "We will", "we will")]
    assert result["claims"][0]["kinds"] == ["promise", "superlative"]


def test_whole_words_only():
    result = check_text("They unpledged to nobody; the onlyness of it.",
                        plugins=[workbench_phrases])
    assert signals_of(result) == []


def test_phrase_across_a_line_break():
    result = check_text("The minister promised\nto resign.", plugins=[workbench_phrases])
    assert [s["text"] for s in signals_of(result, "promise")] == ["promised\nto"]


def test_custom_list_and_case_from_configuration(tmp_path):
    phrases = tmp_path / "phrases.yaml"
    phrases.write_text(CUSTOM, encoding="utf-8")
    config = {"plugins": {"phrases": {"phrases_file": str(phrases), "case_sensitive": True}}}
    result = check_text("Sales will reach a peak. Sales Will Reach nothing.",
                        plugins=[workbench_phrases], config=config)
    assert [(s["kind"], s["text"], s["weight"]) for s in signals_of(result)] == [
        ("forecast", "will reach", 0.7)]


def test_invalid_list_names_the_bad_value(tmp_path):
    phrases = tmp_path / "bad.yaml"
    phrases.write_text("- kind: forecast\n  phrases: [ok, 3]\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.yaml: \[0\]\.phrases\[1\]: 3 is not of type"):
        check_text("Text.", plugins=[workbench_phrases],
                   config={"plugins": {"phrases": {"phrases_file": str(phrases)}}})


def test_missing_list_through_the_cli(workbench_plugins, workbench_cli, workbench_config,
                                      tmp_path):
    workbench_plugins(workbench_phrases, "json_export")
    article = tmp_path / "a.txt"
    article.write_text("We will win.\n", encoding="utf-8")
    workbench_config('[plugins.phrases]\nphrases_file = "nowhere.yaml"\n')
    result = workbench_cli("check", str(article), "--format", "json")
    assert result.exit_code == 2
    assert result.stderr == ("error: nowhere.yaml: no such phrase list "
                             "(set by plugins.phrases.phrases_file)\n")

    workbench_config("[plugins.phrases]\ncase_sensitive = 'yes'\n")
    result = workbench_cli("check", str(article), "--format", "json")
    assert result.exit_code == 2
    assert "plugin phrases: plugins.phrases.case_sensitive: 'yes' is not of type 'boolean'" \
        in result.stderr

    workbench_config("")
    result = workbench_cli("check", str(article), "--format", "json")
    assert result.exit_code == 0, result.output
    [claim] = json.loads(result.stdout)["documents"][0]["claims"]
    assert claim["kinds"] == ["promise"]
