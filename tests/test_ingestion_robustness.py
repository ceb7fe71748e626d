"""Awkward input gets a graceful result or one clear line: never a traceback or a hang."""

from __future__ import annotations

import json
import time

from workbench import validation


def check_json(run_cli, path, *args):
    result = run_cli("check", str(path), "--format", "json", *args)
    assert "Traceback" not in result.stderr
    return result


def review_of(result) -> dict:
    assert result.exit_code == 0, result.stderr
    review = json.loads(result.stdout)
    validation.validate("review", review)
    assert validation.offset_errors(review) == []
    return review


def test_one_line_of_a_megabyte(run_cli, tmp_path):
    line = tmp_path / "line.txt"
    sentence = ("Officials said that tariffs on steel, which had been debated for years by "
                "the committee and its many advisers in the capital and the provinces, rose "
                "25 per cent in 2018, over three decades after the first review. ")
    count = 1_000_000 // len(sentence)
    line.write_text(sentence * count)  # no newline at all
    started = time.perf_counter()
    result = run_cli("check", str(line), "--top", "1")
    assert time.perf_counter() - started < 30
    assert result.exit_code == 0, result.stderr
    assert "1 document, 1 claim shown, 1 check-worthy" in result.stdout


def test_nul_bytes_are_one_clear_error(run_cli, tmp_path):
    for name in ("nul.txt", "nul.html"):
        path = tmp_path / name
        path.write_bytes(b"Tariffs rose in 2018.\x00\x00 More text.")
        result = run_cli("check", str(path))
        assert result.exit_code == 2
        assert result.stderr.strip() == (
            f"error: {path}: binary file (NUL byte at offset 21), not text")


def test_truncated_html_still_gives_its_text(run_cli, tmp_path):
    page = tmp_path / "cut.html"
    page.write_text("<html><body><article><h2>Trade</h2><p>Tariffs on steel rose 25 per "
                    "cent in 2018.<p>Exports fell over three decades ago.<div class='sha")
    review = review_of(check_json(run_cli, page))
    texts = [c["text"] for c in review["documents"][0]["claims"]]
    assert "Tariffs on steel rose 25 per cent in 2018." in texts
    assert "Exports fell over three decades ago." in texts


def test_html_with_only_scripts_says_so(run_cli, tmp_path):
    page = tmp_path / "app.html"
    page.write_text("<html><head><script>window.app = {claims: 'Tariffs rose in 2018.'}"
                    "</script></head><body><script src='app.js'></script></body></html>")
    result = check_json(run_cli, page)
    review = review_of(result)
    assert review["documents"][0]["claims"] == []
    assert f"note: {page}: no article text found in the page" in result.stderr


def test_page_in_another_language(run_cli, tmp_path):
    page = tmp_path / "fr.html"
    page.write_text("<html lang='fr'><body><p>Les droits de douane sur l’acier ont augmenté "
                    "de 25 % en 2018, selon le ministère.</p><p>東京は日本の首都です。</p>"
                    "</body></html>", encoding="utf-8")
    result = check_json(run_cli, page)
    review = review_of(result)
    document = review["documents"][0]["document"]
    assert document["metadata"]["language"] == "fr"
    assert "東京は日本の首都です。" in document["text"]
    assert "language 'fr'" in result.stderr


def test_windows_1252_html_without_a_charset_is_refused_or_detected(run_cli, tmp_path):
    page = tmp_path / "legacy.html"
    page.write_bytes("<p>The minister’s “final” offer: 25 per cent in 2019.</p>"
                     .encode("cp1252"))
    refused = check_json(run_cli, page)
    assert refused.exit_code == 2
    assert refused.stderr.splitlines() == [
        f"error: {page}: not UTF-8 (byte 0x92 at offset 15); it looks like windows-1252: "
        "use --encoding windows-1252 or --encoding auto"]
    result = check_json(run_cli, page, "--encoding", "auto")
    review = review_of(result)
    assert "The minister’s “final” offer: 25 per cent in 2019." in (
        review["documents"][0]["document"]["text"])
    assert review["documents"][0]["document"]["metadata"]["encoding"] == "cp1252"
    assert f"note: {page}: not valid UTF-8 (byte 0x92 at offset 15); read as cp1252" in (
        result.stderr)


def test_declared_charset_is_used(run_cli, tmp_path):
    page = tmp_path / "declared.html"
    page.write_bytes('<meta charset="iso-8859-15"><p>Prix: 25 € en 2019.</p>'
                     .encode("iso-8859-15"))
    review = review_of(check_json(run_cli, page))
    assert "Prix: 25 € en 2019." in review["documents"][0]["document"]["text"]


def test_a_large_file_works_under_a_raised_limit(run_cli, tmp_path):
    article = tmp_path / "long.txt"
    article.write_text("Tariffs rose 25 per cent in 2018.\n\n" * 4_000)  # 140 kB
    refused = run_cli("check", str(article), "--max-size", "100KB")
    assert refused.exit_code == 2 and "--max-size" in refused.stderr
    review = review_of(check_json(run_cli, article, "--max-size", "200KB"))
    assert review["summary"]["claims"] == 4_000
