"""A plugin that raises, returns the wrong type, hangs or edits its records is reported
with its name and skipped; the other plugins' results stay intact (fatal under --strict)."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from workbench import hookimpl
from workbench.calls import call_each
from workbench.errors import PluginError
from workbench.isolation import PluginTimeout, RecordMutated, Settings, WrongResult
from workbench.plugins import use_settings
from workbench.records import make_signal
from workbench.testing import check_text, signals_of

TEXT = "The treaty was signed in 1994. Prices rose after the war.\n"
TINY = 0.2  # seconds: the time limit the hanging plugin runs into


class Good:
    """A detector that flags the word "treaty"."""

    @hookimpl
    def detect_signals(self, document):
        text = document["text"]
        start = text.index("treaty")
        return [make_signal(text, "treaty", start, start + len("treaty"), 0.7)]


class Raises:
    @hookimpl
    def detect_signals(self, document):
        raise RuntimeError("boom")


class WrongType:
    @hookimpl
    def detect_signals(self, document):
        return 42


class Mutates:
    @hookimpl
    def detect_signals(self, document):
        document["text"] = document["text"].upper()
        return []


class Hangs:
    def __init__(self) -> None:
        self.release = threading.Event()
        self.calls = 0

    @hookimpl
    def detect_signals(self, document):
        self.calls += 1
        self.release.wait(10)
        return []


class MutatesClaim:
    @hookimpl
    def score_claim(self, claim):
        claim["kinds"].append("mutated")
        return 0.9


@pytest.fixture
def hangs() -> Iterator[Hangs]:
    plugin = Hangs()
    try:
        yield plugin
    finally:
        plugin.release.set()  # let the abandoned worker thread finish


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "article.txt"
    path.write_text(TEXT, encoding="utf-8")
    return str(path)


BROKEN = [
    (Raises, "RuntimeError: boom"),
    (WrongType, "detect_signals returned int, expected list or tuple or None"),
    (Mutates, "detect_signals changed the document it was given (changes undone"),
]


@pytest.mark.parametrize(("broken", "message"), BROKEN, ids=lambda v: getattr(v, "__name__", ""))
def test_broken_plugin_is_reported_and_others_intact(broken, message, capsys):
    result = check_text(TEXT, plugins=[("good", Good()), ("broken", broken())],
                        strict=False)
    assert [s["text"] for s in signals_of(result, "treaty")] == ["treaty"]
    assert result["document"]["text"] == TEXT  # a mutation is undone
    err = capsys.readouterr().err
    assert f"plugin broken failed on test.txt: {message}" in err


@pytest.mark.parametrize(("broken", "message"), BROKEN, ids=lambda v: getattr(v, "__name__", ""))
def test_broken_plugin_is_fatal_when_strict(broken, message):
    with pytest.raises(PluginError, match="plugin broken failed"):
        check_text(TEXT, plugins=[("good", Good()), ("broken", broken())], strict=True)


@pytest.mark.parametrize(("broken", "message"), BROKEN, ids=lambda v: getattr(v, "__name__", ""))
def test_broken_plugin_through_the_cli(broken, message, run_cli, register_plugin, article):
    register_plugin(Good(), "good")
    register_plugin(broken(), "broken")
    result = run_cli("check", article, "--format", "json")
    assert result.exit_code == 0
    assert f"plugin broken failed on {article}: {message}" in result.stderr
    assert '"kind": "treaty"' in result.output
    assert '"plugin": "broken"' in result.output  # the review records the failure

    strict = run_cli("check", article, "--strict")
    assert strict.exit_code == 3
    assert f"error: plugin broken failed on {article}: {message}" in strict.stderr


def test_hanging_plugin_is_stopped_and_skipped(hangs, capsys):
    result = check_text(TEXT + TEXT, plugins=[("good", Good()), ("hangs", hangs)],
                        config={"plugins": {"hangs": {"timeout": TINY}}}, strict=False)
    assert [s["text"] for s in signals_of(result, "treaty")] == ["treaty"]
    assert hangs.calls == 1
    assert (f"plugin hangs failed on test.txt: detect_signals did not return within "
            f"{TINY:g} s (skipped for the rest of the run)") in capsys.readouterr().err


def test_hanging_plugin_through_the_cli(hangs, run_cli, register_plugin, article, tmp_path,
                                         workbench_config):
    register_plugin(Good(), "good")
    register_plugin(hangs, "hangs")
    second = tmp_path / "second.txt"
    second.write_text(TEXT, encoding="utf-8")
    workbench_config(f"[plugins.hangs]\ntimeout = {TINY}\n")
    # --jobs 1: the plugin's calls are counted in this process, not in worker processes
    result = run_cli("check", article, str(second), "--format", "json", "--jobs", "1")
    assert result.exit_code == 0
    assert "did not return within 0.2 s" in result.stderr
    assert result.output.count('"kind": "treaty"') == 2
    assert hangs.calls == 1  # not called again on the second document

    strict = run_cli("check", article, "--strict")
    assert strict.exit_code == 3
    assert "error: plugin hangs failed" in strict.stderr


def test_global_timeout_applies_to_every_plugin(hangs, capsys):
    check_text(TEXT, plugins=[("hangs", hangs)], config={"timeout": TINY}, strict=False)
    assert "did not return within 0.2 s" in capsys.readouterr().err


def test_main_thread_calls_need_no_hand_off():
    seen = []

    class WhichThread:
        @hookimpl
        def detect_signals(self):
            seen.append(threading.current_thread())
            return []

    check_text(TEXT, plugins=[("which", WhichThread())], config={"timeout": 0})
    check_text(TEXT, plugins=[("which", WhichThread())])
    assert seen == [threading.current_thread()] * 2


def test_time_limit_also_holds_outside_the_main_thread(hangs, capsys):
    errors: list[BaseException] = []

    def run() -> None:
        try:
            check_text(TEXT, plugins=[("hangs", hangs)], config={"timeout": TINY},
                       strict=False)
        except BaseException as error:
            errors.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=10)
    assert not thread.is_alive() and errors == []
    assert "did not return within 0.2 s" in capsys.readouterr().err


def test_mutated_claim_is_restored_through_the_plugin_manager(workbench_plugins):
    workbench_plugins(("mutates", MutatesClaim()))
    claim = {"text": "x", "kinds": ["temporal"]}
    errors: list[tuple[str, BaseException]] = []
    with use_settings(Settings()):
        results = call_each("score_claim", lambda name, error: errors.append((name, error)),
                            claim=claim, document={"text": "x"})
    assert results == []
    assert claim == {"text": "x", "kinds": ["temporal"]}
    assert [(name, type(error)) for name, error in errors] == [("mutates", RecordMutated)]
    assert "score_claim changed the claim it was given" in str(errors[0][1])


def test_one_mutation_is_traced_to_its_plugin_and_the_others_keep_their_results(
        workbench_plugins):
    seen = []

    class Reads:
        @hookimpl
        def check_claim(self, claim):
            seen.append(list(claim["kinds"]))
            return []

    class Breaks:
        @hookimpl
        def check_claim(self, claim):
            claim["kinds"].append(object())  # not even JSON
            return []

    workbench_plugins(("reads", Reads()), ("breaks", Breaks()))
    claim = {"text": "x", "kinds": ["temporal"]}
    errors: list[tuple[str, BaseException]] = []
    with use_settings(Settings()):
        results = call_each("check_claim", lambda name, error: errors.append((name, error)),
                            claim=claim)
    assert claim == {"text": "x", "kinds": ["temporal"]}
    assert [(name, type(error)) for name, error in errors] == [("breaks", RecordMutated)]
    assert results == [("reads", [])]
    assert seen[-1] == ["temporal"]  # the round whose results count saw the claim unchanged


def test_call_each_reports_each_fault_type(workbench_plugins, hangs):
    workbench_plugins(("wrong", WrongType()), ("hangs", hangs), ("good", Good()), helpers=())
    errors: dict[str, type] = {}
    settings = Settings(timeouts={"hangs": TINY})
    with use_settings(settings):
        results = call_each("detect_signals", lambda name, e: errors.update({name: type(e)}),
                            document={"text": TEXT}, sentences=[])
        again = call_each("detect_signals", lambda name, e: errors.update({name: type(e)}),
                          document={"text": TEXT}, sentences=[])
    assert errors == {"wrong": WrongResult, "hangs": PluginTimeout}
    assert [name for name, _ in results] == ["good"]
    assert [name for name, _ in again] == ["good"]
    assert hangs.calls == 1
    assert settings.timed_out == {"hangs"}


def test_hanging_loader_is_not_used_again(hangs, run_cli, register_plugin, tmp_path,
                                           workbench_config):
    from workbench.registry import Loader

    class SlowLoader:
        @hookimpl
        def register_loaders(self, register):
            register(Loader(name="slow", media_types=("text/x-slow",),
                            suffixes={".slow": "text/x-slow"},
                            load=lambda raw: hangs.detect_signals({})))

    register_plugin(SlowLoader(), "slow_loader")
    for name in ("a.slow", "b.slow"):
        (tmp_path / name).write_text("Text.\n", encoding="utf-8")
    workbench_config(f"[plugins.slow_loader]\ntimeout = {TINY}\n")
    result = run_cli("check", str(tmp_path), "--jobs", "1")  # calls counted in this process
    assert result.exit_code == 3  # nothing could be loaded: every failure is a plugin's
    assert "a.slow: load did not return within 0.2 s" in result.stderr
    assert "b.slow: skipped: it timed out earlier in this run" in result.stderr
    assert hangs.calls == 1


class EverySentence:
    """A detector that finds something to check in every sentence."""

    @hookimpl
    def detect_signals(self, document, sentences):
        return [make_signal(document["text"], "event", start, end, 0.6)
                for start, end in sentences]


class SlowChecker:
    """A checker that takes ``seconds`` on the claim that says "war"."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.calls = 0

    @hookimpl
    def check_claim(self, claim):
        self.calls += 1
        if "war" in claim["text"]:
            threading.Event().wait(self.seconds)
        return []


def test_each_plugin_keeps_its_own_limit_when_calls_share_a_timer(capsys):
    """A generous plugin called first leaves the timer pending for its long limit; the
    strict plugin after it must still be stopped at its own, shorter one."""
    import time

    patient, hasty = SlowChecker(0), SlowChecker(10)
    started = time.monotonic()
    # pluggy calls the plugin registered last first
    result = check_text(TEXT + TEXT, plugins=[("every", EverySentence()),
                                              ("hasty", hasty), ("patient", patient)],
                        config={"plugins": {"patient": {"timeout": 30},
                                            "hasty": {"timeout": TINY}}}, strict=False)
    assert time.monotonic() - started < 5
    assert "plugin hasty failed on test.txt: check_claim did not return within 0.2 s" \
        in capsys.readouterr().err
    claims = len(result["claims"])
    assert patient.calls == claims  # every claim; the hasty one up to its first time-out
    assert hasty.calls == [c["text"] for c in result["claims"]].index(
        "Prices rose after the war.") + 1


def test_no_timer_is_left_pending_after_a_run():
    import signal

    check_text(TEXT, plugins=[("every", EverySentence()), ("patient", SlowChecker(0))])
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_a_claim_changed_in_a_batch_is_restored_and_the_plugin_named(capsys):
    class Marks:
        @hookimpl
        def check_claim(self, claim):
            if "war" in claim["text"]:
                claim["signals"].append({"kind": "fake"})
            return []

    seen = []

    class Reads:
        @hookimpl
        def check_claim(self, claim):
            seen.append(len(claim["signals"]))
            return []

    result = check_text(TEXT, plugins=[("every", EverySentence()), ("marks", Marks()),
                                       ("reads", Reads())], strict=False)
    assert all(s.get("kind") != "fake" for c in result["claims"] for s in c["signals"])
    err = capsys.readouterr().err
    assert "plugin marks failed on test.txt: check_claim changed the claim" in err
    assert "reads" not in err
    assert seen[-len(result["claims"]):] == [1] * len(result["claims"])  # the round kept
