"""workbench.testing: the helpers plugin authors rely on must fail loudly and clean up."""

from __future__ import annotations

import pytest

from workbench import hookimpl
from workbench.errors import PluginError
from workbench.plugins import get_plugin_manager
from workbench.records import make_signal
from workbench.testing import (
    assert_offsets,
    assert_valid,
    check_text,
    isolated_plugins,
    signals_of,
)


class OffByOne:
    @hookimpl
    def detect_signals(self, document):
        signal = make_signal(document["text"], "event", 0, 3, 0.5)
        signal["span"]["end"] = 4
        return [signal]


def test_isolated_plugins_holds_only_the_given_plugins_and_restores():
    before = get_plugin_manager()
    with isolated_plugins(("offbyone", OffByOne()), "temporal") as manager:
        assert get_plugin_manager() is manager
        assert sorted(name for name, _ in manager.list_name_plugin()) == [
            "offbyone", "sentences", "temporal", "text_loader"]
    assert get_plugin_manager() is before


def test_unknown_entry_point_is_named():
    with pytest.raises(LookupError, match="no installed workbench plugin named 'nope'"):
        check_text("Text.", plugins=["nope"])


def test_check_text_fails_on_a_plugin_failure_unless_told_otherwise(capsys):
    with pytest.raises(PluginError, match=r"plugin offbyone failed on test\.txt: returned a "
                                          r"signal whose span"):
        check_text("Abc def.", plugins=[("offbyone", OffByOne())])
    result = check_text("Abc def.", plugins=[("offbyone", OffByOne())], strict=False)
    assert signals_of(result) == []
    assert "plugin offbyone failed" in capsys.readouterr().err


def test_check_text_with_the_registered_plugins():
    result = check_text("It was 1994.", plugins=None)
    assert [s["kind"] for s in signals_of(result)] == ["temporal"]


def test_assert_offsets_names_the_record():
    document = {"text": "Abc def."}
    assert_offsets(document, [{"span": {"start": 4, "end": 7}, "text": "def"}])
    with pytest.raises(AssertionError, match=r"record 1: text\[0:3\] is 'Abc', not 'abd'"):
        assert_offsets(document, [{"span": {"start": 0, "end": 3}, "text": "Abc"},
                                  {"span": {"start": 0, "end": 3}, "text": "abd"}])


def test_assert_valid_lists_errors_with_paths():
    with pytest.raises(AssertionError, match=r"invalid verdict:\n  rating: 'maybe' is not one"):
        assert_valid("verdict", {"rating": "maybe", "confidence": 0.5, "rationale": "r",
                                 "sources": [], "origin": {"type": "plugin", "name": "x"},
                                 "created": "2025-01-01T00:00:00Z"})


def test_fixtures_are_registered_through_the_entry_point(pytestconfig):
    plugin = pytestconfig.pluginmanager.get_plugin("workbench")
    assert plugin is not None and plugin.__name__ == "workbench.testing"
