"""Bad input gets one line naming the input, a non-zero exit code, and no partial output."""

from __future__ import annotations

import pytest

GOOD = "The treaty was negotiated over three decades ago.\n"


def assert_one_line_error(result, *fragments: str, code: int = 2) -> None:
    assert result.exit_code == code, (result.stdout, result.stderr)
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in errors[0]


def test_nonexistent_path(run_cli, tmp_path):
    missing = tmp_path / "nope.txt"
    assert_one_line_error(run_cli("check", str(missing)), str(missing), "no such file")


def test_folder_without_supported_files(run_cli, tmp_path):
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    assert_one_line_error(run_cli("check", str(tmp_path)), str(tmp_path), "no supported files")


def test_empty_file(run_cli, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n")
    assert_one_line_error(run_cli("check", str(empty)), str(empty), "empty")


def test_binary_file(run_cli, tmp_path):
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 50)
    assert_one_line_error(run_cli("check", str(binary)), str(binary), "binary")


def test_invalid_utf8_is_read_as_windows_1252_and_said(run_cli, tmp_path):
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("Caf\xe9 prices rose 25 per cent in 2019.".encode("latin-1"))
    result = run_cli("check", str(latin))
    assert result.exit_code == 0, result.stderr
    assert "Café prices rose 25 per cent in 2019." in result.stdout
    note = [line for line in result.stderr.splitlines() if line.startswith("note:")]
    assert len(note) == 1 and str(latin) in note[0]
    assert "UTF-8" in note[0] and "0xe9" in note[0] and "cp1252" in note[0]


def test_file_over_the_size_limit(run_cli, tmp_path):
    big = tmp_path / "big.txt"
    with big.open("wb") as stream:
        stream.truncate(50 * 1000 * 1000)  # sparse: 50 MB without writing them
    assert_one_line_error(run_cli("check", str(big)), str(big), "50.0 MB", "--max-size")


def test_max_size_can_be_raised_and_lowered(run_cli, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(GOOD)
    assert_one_line_error(run_cli("check", str(article), "--max-size", "10B"), "limit")
    assert run_cli("check", str(article), "--max-size", "1KB").exit_code == 0
    assert_one_line_error(run_cli("check", str(article), "--max-size", "lots"), "--max-size")


def test_unknown_format(run_cli, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(GOOD)
    assert_one_line_error(run_cli("check", str(article), "--format", "pdf"),
                          "--format", "'pdf'", "json", "markdown", "text")


def test_plugin_that_does_not_import(run_cli, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(GOOD)
    broken = tmp_path / "broken_plugin.py"
    broken.write_text("import no_such_module_anywhere\n")
    assert_one_line_error(run_cli("check", str(article), "--plugin", str(broken)),
                          str(broken), "does not import", "no_such_module_anywhere")
    assert_one_line_error(run_cli("check", str(article), "--plugin", "no_such_plugin_module"),
                          "no_such_plugin_module", "does not import")
    assert_one_line_error(run_cli("check", str(article), "--plugin", "missing.py"),
                          "missing.py", "no such plugin file")


def test_one_bad_file_does_not_stop_the_others(run_cli, tmp_path):
    (tmp_path / "good.txt").write_text(GOOD)
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe\x00\x00garbage\x00")
    output = tmp_path / "out"
    output.mkdir()
    result = run_cli("check", str(tmp_path), "--format", "json", "--output",
                     str(output / "review.json"))
    assert_one_line_error(result, "bad.txt")
    assert "over three decades ago" in (output / "review.json").read_text()


def test_output_into_a_missing_folder_writes_nothing(run_cli, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(GOOD)
    target = tmp_path / "missing" / "review.json"
    assert_one_line_error(run_cli("check", str(article), "--output", str(target)),
                          str(target), "does not exist")
    assert not target.parent.exists()


@pytest.mark.parametrize("target, problem", [
    ("missing/review.json", "does not exist"),
    (".", "is a folder, not a file"),
])
def test_an_unusable_output_is_refused_before_anything_is_stored(run_cli, tmp_path, target,
                                                                 problem):
    article = tmp_path / "a.txt"
    article.write_text(GOOD)
    db = tmp_path / "side.db"
    output = str(tmp_path / target)
    result = run_cli("--db", str(db), "check", str(article), "--store", "--output", output)
    assert_one_line_error(result, output, problem)
    assert not db.exists()
    assert result.stdout == ""


def test_failed_run_keeps_the_previous_output(run_cli, tmp_path):
    target = tmp_path / "review.json"
    target.write_text("previous")
    result = run_cli("check", str(tmp_path / "missing.txt"), "--output", str(target))
    assert result.exit_code == 2
    assert target.read_text() == "previous"


@pytest.mark.parametrize("content, problem", [
    (b"", "no such file"),
    (b"{not json", "invalid JSON at line 1"),
    (b"\xff\xfe", "not UTF-8"),
])
def test_validate_bad_files(run_cli, tmp_path, content, problem):
    path = tmp_path / "review.json"
    if content:
        path.write_bytes(content)
    assert_one_line_error(run_cli("validate", str(path)), str(path), problem)
