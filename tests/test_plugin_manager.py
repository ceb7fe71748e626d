"""Hooks are called through pluggy: wrappers, ordering and first results work as pluggy
documents them, and a failing plugin is reported by name while the run goes on."""

from __future__ import annotations

import json

from workbench import hookimpl
from workbench.records import make_signal

ARTICLE = "The fund paid 40 million dollars in 1997.\n\nIt was a good year.\n"


class Doubter:
    """A first scorer (tryfirst): every claim scores 0.2, whatever the bundled one says."""

    @hookimpl(tryfirst=True)
    def score_claim(self, claim):
        return 0.2


class Counter:
    """A new-style hook wrapper around the detectors: it adds a signal of its own to what
    they found."""

    @hookimpl(wrapper=True)
    def detect_signals(self, document, sentences):
        found = yield
        start = document["text"].index("good")
        return [*found, [make_signal(document["text"], "event", start, start + 4, 0.1)]]


ORDER: list[str] = []


class Earliest:
    """A detector that must run before every other (tryfirst)."""

    @hookimpl(tryfirst=True)
    def detect_signals(self, document):
        ORDER.append("earliest")
        return []


class Latest:
    """A detector that must run after every other (trylast)."""

    @hookimpl(trylast=True)
    def detect_signals(self, document):
        ORDER.append("latest")
        return []


def _review(run_cli, tmp_path, *args):
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    result = run_cli("check", str(article), "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_a_hook_wrapper_and_tryfirst_work_end_to_end(run_cli, register_plugin, tmp_path):
    register_plugin(Counter(), "counter")
    register_plugin(Doubter(), "doubter")
    register_plugin(Earliest(), "earliest")
    register_plugin(Latest(), "latest")
    ORDER.clear()
    claims = _review(run_cli, tmp_path)["documents"][0]["claims"]
    assert [claim["checkworthiness"] for claim in claims] == [0.2, 0.2]  # tryfirst wins
    good = claims[1]["signals"]
    assert [(s["text"], s["detector"]) for s in good] == [("good", "hook wrapper")]
    assert ORDER == ["earliest", "latest"]


class Exits:
    @hookimpl
    def detect_signals(self, document):
        raise SystemExit(0)


def test_a_plugin_calling_sys_exit_is_a_reported_failure(run_cli, register_plugin, tmp_path):
    register_plugin(Exits(), "exits")
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    result = run_cli("check", str(article), "--format", "json")
    assert result.exit_code == 0
    assert f"plugin exits failed on {article}: SystemExit: 0" in result.stderr
    assert json.loads(result.stdout)["summary"]["claims"] == 2  # the others still ran


class BrokenWrapper:
    @hookimpl(wrapper=True)
    def check_claim(self, claim):
        yield
        raise ValueError("the wrapper broke")


def test_a_failing_hook_wrapper_is_named_and_costs_its_document(run_cli, register_plugin,
                                                                tmp_path):
    register_plugin(BrokenWrapper(), "broken_wrapper")
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    result = run_cli("check", str(article), "--format", "json")
    assert result.exit_code == 3
    assert (f"plugin broken_wrapper failed on {article}: ValueError: the wrapper broke; the "
            "document was not checked") in result.stderr


class Mutates:
    @hookimpl
    def check_claim(self, claim):
        claim["kinds"].append("mine")
        return None


def test_check_text_catches_a_plugin_that_changes_its_arguments():
    import pytest

    from workbench.testing import check_text

    with pytest.raises(AssertionError, match=r"check_claim \(plugins: .*mutates.*\) changed "
                                             r"the claim it was given"):
        check_text("It was signed in 1997.", plugins=[("mutates", Mutates()), "temporal"])
