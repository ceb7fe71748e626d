"""Bad input gets one line naming the input, a non-zero exit code, and no partial output."""

from __future__ import annotations

import json
import sys

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


LATIN = "Caf\xe9 prices rose 25 per cent in 2019."


def test_text_that_is_not_utf8_is_refused_naming_its_likely_encoding(run_cli, tmp_path):
    latin = tmp_path / "story.txt"
    latin.write_bytes(LATIN.encode("cp1252"))
    (tmp_path / "good.txt").write_text(GOOD)
    result = run_cli("check", str(tmp_path), "--format", "json")
    assert_one_line_error(result, f"{latin}: not UTF-8 (byte 0xe9 at offset 3); it looks "
                          "like windows-1252: use --encoding windows-1252 or --encoding auto")
    assert "over three decades ago" in result.stdout  # the other input is still checked
    assert "Caf" not in result.stdout


def test_bytes_no_charset_explains_are_refused(run_cli, tmp_path):
    noise = tmp_path / "noise.txt"
    noise.write_bytes(bytes(range(0x80, 0x100)) * 4)
    for encoding in ("utf-8", "auto"):
        assert_one_line_error(run_cli("check", str(noise), "--encoding", encoding),
                              str(noise), "not valid UTF-8", "no other character set fits")


@pytest.mark.parametrize("option", ["windows-1252", "cp1252", "auto"])
def test_an_encoding_can_be_given_or_detected(run_cli, tmp_path, option):
    stories = [tmp_path / "a.txt", tmp_path / "b.txt"]  # two: checked by two processes
    for story in stories:
        story.write_bytes(LATIN.encode("cp1252"))
    result = run_cli("check", str(tmp_path), "--encoding", option, "--format", "json",
                     "--jobs", "2")
    assert result.exit_code == 0, result.stderr
    documents = [entry["document"] for entry in json.loads(result.stdout)["documents"]]
    assert [document["text"] for document in documents] == [LATIN, LATIN]
    assert {document["metadata"]["encoding"] for document in documents} == {"cp1252"}
    notes = [line for line in result.stderr.splitlines() if line.startswith("note:")]
    if option == "auto":  # a guess is said; a charset the user named is not
        assert notes == [f"note: {story}: not valid UTF-8 (byte 0xe9 at offset 3); "
                         "read as cp1252" for story in stories]
    else:
        assert notes == []


def test_bytes_the_given_encoding_cannot_decode_are_refused(run_cli, tmp_path):
    story = tmp_path / "story.txt"
    story.write_bytes(b"Hello \x81\x8d\x8f\x90\x9d world")  # not defined in windows-1252
    assert_one_line_error(run_cli("check", str(story)), str(story), "not UTF-8",
                          "--encoding auto")
    assert_one_line_error(run_cli("check", str(story), "--encoding", "windows-1252"),
                          f"{story}: not valid windows-1252 (byte 0x81 at offset 6)")


@pytest.mark.parametrize("name", ["klingon", "base64"])
def test_an_unknown_encoding_is_a_usage_error(run_cli, tmp_path, name):
    article = tmp_path / "a.txt"
    article.write_text(GOOD)
    result = run_cli("check", str(article), "--encoding", name)
    assert result.exit_code == 2
    assert f"Invalid value for '--encoding': unknown encoding '{name}'" in result.stderr
    assert result.stdout == ""


def test_a_utf8_byte_order_mark_is_fine(run_cli, tmp_path):
    marked = tmp_path / "marked.txt"
    marked.write_bytes(b"\xef\xbb\xbf" + GOOD.encode())
    result = run_cli("check", str(marked), "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["documents"][0]["document"]["text"] == GOOD


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


def test_a_plugin_exiting_on_import_is_reported(run_cli, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(GOOD)
    quitter = tmp_path / "quitter.py"
    quitter.write_text("raise SystemExit(3)\n")
    for command in (("check", str(article)), ("plugins",)):
        assert_one_line_error(run_cli(*command, "--plugin", str(quitter)),
                              f"{quitter}: plugin does not import: SystemExit: 3")


def test_a_plugin_folder_is_refused_saying_what_is_accepted(run_cli, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(GOOD)
    folder = tmp_path / "my_plugins"
    folder.mkdir()
    assert_one_line_error(run_cli("check", str(article), "--plugin", str(folder)),
                          f"{folder}: is a folder; give a plugin's .py file or the name of "
                          "an importable module")


def test_a_module_name_with_a_file_of_that_name_here_hints_at_the_path(
        run_cli, tmp_path, monkeypatch):
    article = tmp_path / "a.txt"
    article.write_text(GOOD)
    (tmp_path / "shouting_here.py").write_text("")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "path", [entry for entry in sys.path if entry not in ("", ".")])
    assert_one_line_error(run_cli("check", str(article), "--plugin", "shouting_here"),
                          "shouting_here: plugin does not import: ModuleNotFoundError",
                          "(to load the file, give its path: ./shouting_here.py)")


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
