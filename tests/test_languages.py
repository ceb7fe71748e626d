"""The language of a document: detected, recorded, and no English rules applied silently."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from workbench import hookimpl
from workbench.records import make_signal

SPANISH = ("El gobierno impuso un arancel del 25 por ciento al acero en 2018, según el "
           "ministerio de comercio. Las importaciones cayeron un tercio en los dos años "
           "siguientes y las exportaciones se mantuvieron en cuatro millones de toneladas.")
CHINESE = ("政府在2018年对钢铁征收了百分之二十五的关税。商务部表示，此后两年进口下降了三分之一，"
           "而出口保持在每年约四百万吨。经济学家估计，这项关税使消费价格上涨了百分之零点三。")
ENGLISH = ("The government imposed a 25 per cent tariff on steel in 2018, according to the "
           "trade ministry. Imports fell by a third over the next two years.")
ENGLISH_DETECTORS = ("attribution", "comparisons", "opinion", "quantities", "temporal",
                     "trade_measures")


def check(run_cli: Callable[..., Result], path: Path, *args: str) -> tuple[dict, Result]:
    result = run_cli("check", str(path), "-f", "json", *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)["documents"][0], result


def test_spanish_text_gets_a_note_instead_of_english_rules(
        run_cli: Callable[..., Result], tmp_path: Path) -> None:
    path = tmp_path / "nota.txt"
    path.write_text(SPANISH, encoding="utf-8")
    entry, result = check(run_cli, path)
    metadata = entry["document"]["metadata"]
    assert metadata["language"] == "es"
    note = next(n for n in metadata["notes"] if n.startswith("the text is in language 'es'"))
    assert f"note: {path}: {note}" in result.stderr.splitlines()
    left_out = note.rsplit(": ", 1)[1].split(", ")
    assert set(ENGLISH_DETECTORS) <= set(left_out)
    assert any("scorer" in n for n in metadata["notes"])  # trained on English sentences
    assert not any(signal["detector"] in ENGLISH_DETECTORS
                   for claim in entry["claims"] for signal in claim["signals"])


def test_chinese_text_is_not_silently_empty(run_cli: Callable[..., Result],
                                            tmp_path: Path) -> None:
    path = tmp_path / "zh.txt"
    path.write_text(CHINESE, encoding="utf-8")
    entry, result = check(run_cli, path)
    assert entry["document"]["metadata"]["language"] == "zh"
    assert f"note: {path}: the text is in language 'zh'" in result.stderr


def test_english_text_gets_no_language_note(run_cli: Callable[..., Result],
                                            tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(ENGLISH, encoding="utf-8")
    entry, result = check(run_cli, path)
    assert entry["document"]["metadata"]["language"] == "en"
    assert "language" not in result.stderr
    assert any(signal["detector"] == "quantities"
               for claim in entry["claims"] for signal in claim["signals"])


def test_short_text_has_no_language_and_every_plugin_runs(
        run_cli: Callable[..., Result], tmp_path: Path) -> None:
    path = tmp_path / "short.txt"
    path.write_text("Tariffs rose 25 per cent in 2018.", encoding="utf-8")
    entry, result = check(run_cli, path)
    assert "language" not in entry["document"].get("metadata", {})
    assert "note:" not in result.stderr
    assert entry["claims"][0]["signals"]


class Spanish:
    """A detector that declares it reads Spanish only."""

    LANGUAGES = ("es",)

    @hookimpl
    def detect_signals(self, document: dict) -> list[dict]:
        text = document["text"]
        start = text.find("arancel")
        return [make_signal(text, "trade-measure", start, start + 7, 0.7)] if start >= 0 else []


def test_a_plugin_runs_on_the_languages_it_declares(
        run_cli: Callable[..., Result], register_plugin: Callable[[object, str], None],
        tmp_path: Path) -> None:
    register_plugin(Spanish(), "spanish_tariffs")
    spanish, english = tmp_path / "es.txt", tmp_path / "en.txt"
    spanish.write_text(SPANISH, encoding="utf-8")
    english.write_text(ENGLISH, encoding="utf-8")
    entry, _ = check(run_cli, spanish)
    assert "spanish_tariffs" in [s["detector"] for c in entry["claims"] for s in c["signals"]]
    assert "spanish_tariffs" not in " ".join(entry["document"]["metadata"]["notes"])
    entry, result = check(run_cli, english)
    assert "spanish_tariffs" not in [s["detector"] for c in entry["claims"]
                                     for s in c["signals"]]
    assert f"note: {english}: the text is in language 'en', which these plugins do not " \
        "read, so they were left out: spanish_tariffs" in result.stderr.splitlines()
