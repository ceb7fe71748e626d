"""The bundled exporters through `workbench check --format NAME` and the registry."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from exporters_support import (
    ARTICLE,
    EVIL_SOURCE,
    SAFE_SOURCE,
    RatingPlugin,
    check,
    review_json,
    write_article,
)

from workbench import hookimpl, validation
from workbench.registry import exporters
from workbench.types import Exporter, Loader

FORMATS = {"html": "text/html", "markdown": "text/markdown",
           "claimreview": "application/ld+json", "annotations": "application/ld+json",
           "sarif": "application/sarif+json", "github": "text/plain", "csv": "text/csv",
           "csv-excel": "text/csv",
           "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


@pytest.fixture
def article(tmp_path, register_plugin) -> Path:
    """The payload article on disk, with the rating plugin registered."""
    register_plugin(RatingPlugin(), "rating")
    return write_article(tmp_path)


def rated(review: dict) -> dict[str, dict]:
    """Claims of the first document by marker word."""
    found = {}
    for claim in review["documents"][0]["claims"]:
        for marker in ("FALSEFACT", "TRUEFACT", "MIXEDFACT", "OPENFACT"):
            if marker in claim["text"]:
                found[marker] = claim
    return found


def test_every_format_is_registered_through_the_registry():
    registered = exporters()
    for name, media_type in FORMATS.items():
        assert registered[name].media_type == media_type
        assert registered[name].plugin  # registered by a named (bundled) plugin
    reading = {name for name, exporter in registered.items() if exporter.checkworthy_only}
    assert reading >= {"html", "markdown", "sarif", "github", "docx"}
    assert not reading & {"csv", "claimreview", "annotations", "json"}


def test_plugin_modules_import_no_heavy_library():
    modules = ", ".join(f"workbench_plugins.exporters.{name}" for name in (
        "html", "claimreview", "annotations", "sarif", "github", "csv", "docx", "markdown"))
    code = (f"import sys, {modules}\n"
            "heavy = ('docx', 'lxml', 'playwright', 'jsonschema')\n"
            "print([m for m in heavy if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"


def test_markdown_lists_claims_in_order_with_verdicts_and_escapes(run_cli, article):
    result = check(run_cli, article, "markdown")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    positions = [out.index(f"### {n}.") for n in (1, 2, 3, 4)]
    assert positions == sorted(positions)
    assert "### 1. False — line 3" in out
    assert "**Verdict:** false, confidence 0.90" in out
    assert f"[Table 1](<{SAFE_SOURCE['url']}>)" in out
    assert "**Computation:** 3% of 100 = 3" in out
    assert "No verdict yet." in out
    # Article and plugin text never becomes HTML or a link.
    assert not re.search(r"(?<!\\)<(script|img)", out)
    assert r"\<script\>" in out
    assert "](<javascript:" not in out and "(javascript:" in out.replace("\\", "")


def test_markdown_of_a_document_without_claims(run_cli, tmp_path):
    path = write_article(tmp_path, text="Nothing here at all.\n")
    result = check(run_cli, path, "markdown")
    assert result.exit_code == 0
    assert "No claims to show." in result.stdout


def test_claimreview_one_per_rated_claim_and_valid(run_cli, article):
    result = check(run_cli, article, "claimreview")
    assert result.exit_code == 0, result.stderr
    items = json.loads(result.stdout)
    validation.validate("claimreview", items)
    by_rating = {item["reviewRating"]["alternateName"]: item for item in items}
    assert set(by_rating) == {"false", "true", "mixed"}  # OPENFACT has no verdict
    false = by_rating["false"]
    assert false["@context"] == "https://schema.org" and false["@type"] == "ClaimReview"
    assert false["reviewRating"]["ratingValue"] == 1
    assert (false["reviewRating"]["bestRating"], false["reviewRating"]["worstRating"]) == (5, 1)
    assert by_rating["true"]["reviewRating"]["ratingValue"] == 5
    assert "FALSEFACT" in false["claimReviewed"]
    assert false["itemReviewed"]["@type"] == "Claim"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", false["datePublished"])
    assert false["citation"] == [{"@type": "CreativeWork", "url": SAFE_SOURCE["url"],
                                  "name": "Table 1"}]  # the javascript: source is left out
    assert "url" not in false  # a local draft has no public URL


def test_claimreview_of_a_web_article_names_it(run_cli, article):
    review = review_json(run_cli, article)
    document = review["documents"][0]["document"]
    document.update(uri="https://news.example.org/story", author="A. Writer",
                    published="2025-04-25")
    items = json.loads(exporters()["claimreview"].export(review))
    item = items[0]
    claim_id = rated(review)["FALSEFACT"]["id"]
    assert item["url"] == f"https://news.example.org/story#{claim_id}"
    assert item["itemReviewed"]["appearance"]["url"] == "https://news.example.org/story"
    assert item["itemReviewed"]["author"] == {"@type": "Person", "name": "A. Writer"}
    assert item["itemReviewed"]["datePublished"] == "2025-04-25"
    validation.validate("claimreview", items)


def test_claimreview_output_passes_workbench_validate(run_cli, article, tmp_path):
    target = tmp_path / "reviews.jsonld"
    assert check(run_cli, article, "claimreview", "-o", str(target)).exit_code == 0
    result = run_cli("validate", str(target), "--schema", "claimreview")
    assert result.exit_code == 0 and "valid claimreview" in result.stdout


def test_claimreview_schema_is_listed_and_rejects_bad_ratings(run_cli):
    assert "claimreview" in run_cli("schemas").stdout
    bad = [{"@context": "https://schema.org", "@type": "ClaimReview", "claimReviewed": "x",
            "reviewRating": {"@type": "Rating", "ratingValue": 9, "bestRating": 5,
                             "worstRating": 1, "alternateName": "maybe"},
            "itemReviewed": {"@type": "Claim", "appearance": {"@type": "CreativeWork"}},
            "author": {"@type": "Organization", "name": "x"}, "datePublished": "2025-01-01"}]
    assert not validation.is_valid("claimreview", bad)
    assert validation.check_schemas() == []


def test_annotations_anchor_each_claim_by_quote_and_code_point_position(run_cli, article):
    result = check(run_cli, article, "annotations")
    assert result.exit_code == 0, result.stderr
    collection = json.loads(result.stdout)
    assert collection["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert collection["type"] == "AnnotationCollection"
    items = collection["first"]["items"]
    review = review_json(run_cli, article)
    assert collection["total"] == len(items) == len(review["documents"][0]["claims"])
    text = ARTICLE
    for item in items:
        assert item["type"] == "Annotation"
        assert item["target"]["source"] == article.resolve().as_uri()
        quote, position = item["target"]["selector"]
        assert quote["type"] == "TextQuoteSelector"
        assert position["type"] == "TextPositionSelector"
        assert text[position["start"]:position["end"]] == quote["exact"]
        assert text[:position["start"]].endswith(quote["prefix"])
    emoji = next(i for i in items if "TRUEFACT" in i["target"]["selector"][0]["exact"])
    # Code points, not UTF-16 units: the emoji before it count one each.
    assert emoji["target"]["selector"][1]["start"] == ARTICLE.index("A quote")
    assert emoji["motivation"] == "assessing"
    body = emoji["body"][0]
    assert body["purpose"] == "assessing" and body["value"].startswith("True (confidence 0.80")
    assert {"id": SAFE_SOURCE["url"], "type": "Text", "purpose": "linking"} in emoji["body"]
    falsy = next(i for i in items if "FALSEFACT" in i["target"]["selector"][0]["exact"])
    assert not any(b.get("id", "").startswith("javascript:") for b in falsy["body"])
    open_claim = next(i for i in items if "OPENFACT" in i["target"]["selector"][0]["exact"])
    assert open_claim["motivation"] == "highlighting"


MARKUP = "Intro [[bold]] words.\n[[The]] agency said FALSEFACT 🎉 exports [[fell]].\n"


class MarkupLoader:
    """Loads ``.tmk`` files, dropping ``[[``/``]]`` markers, with an exact offset map."""

    @staticmethod
    def load(raw):
        from workbench.records import make_document

        source = raw.data.decode("utf-8")
        text, runs, position = "", [], 0
        for piece in re.split(r"(\[\[|\]\])", source):
            if piece and piece not in ("[[", "]]"):
                runs.append([len(text), position, len(piece)])
                text += piece
            position += len(piece)
        return make_document(raw, text, offset_map=runs)

    @hookimpl
    def register_loaders(self, register):
        """Register the test markup loader."""
        register(Loader(name="markup", media_types=("text/x-test-markup",),
                        suffixes={".tmk": "text/x-test-markup"}, load=self.load))


def _markup_article(tmp_path, register_plugin) -> Path:
    register_plugin(MarkupLoader(), "markup_loader")
    register_plugin(RatingPlugin(), "rating")
    folder = tmp_path / "docs"
    folder.mkdir()
    write_article(folder, "my story.tmk", MARKUP)
    return folder


def test_sarif_locates_claims_in_the_original_file(run_cli, tmp_path, register_plugin,
                                                   monkeypatch):
    folder = _markup_article(tmp_path, register_plugin)
    monkeypatch.chdir(tmp_path)
    result = run_cli("check", "docs", "--format", "sarif")
    assert result.exit_code == 0, result.stderr
    log = json.loads(result.stdout)
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["tool"]["driver"]["name"] == "workbench"
    rules = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    (result_,) = [r for r in run["results"] if "FALSEFACT" in r["message"]["text"]]
    assert rules[result_["ruleIndex"]] == result_["ruleId"] == "workbench/false"
    assert result_["level"] == "error"
    location = result_["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "docs/my%20story.tmk"
    region = location["region"]
    original = (folder / "my story.tmk").read_text(encoding="utf-8").split("\n")[1]
    # In the original line the claim starts inside "[[The]]" and ends after "fell]].".
    assert (region["startLine"], region["endLine"]) == (2, 2)
    assert region["startColumn"] == original.index("The") + 1
    assert region["endColumn"] == original.index("fell]].") + len("fell]].") + 1
    assert result_["properties"]["positions"] == "original"


def test_sarif_falls_back_to_the_text_when_the_file_changed(run_cli, article, capsys):
    review = review_json(run_cli, article)
    article.write_text("Changed.\n" + ARTICLE, encoding="utf-8")
    log = json.loads(exporters()["sarif"].export(review))
    assert capsys.readouterr().err == (f"warning: {article}: changed since it was checked; "
                                       "lines and columns are counted in the checked text\n")
    results = log["runs"][0]["results"]
    assert {r["properties"]["positions"] for r in results} == {"text"}
    false = next(r for r in results if r["ruleId"] == "workbench/false")
    assert false["locations"][0]["physicalLocation"]["region"]["startLine"] == 3


def test_github_annotations_one_line_per_claim(run_cli, tmp_path, register_plugin,
                                               monkeypatch):
    _markup_article(tmp_path, register_plugin)
    monkeypatch.chdir(tmp_path)
    result = run_cli("check", "docs", "--format", "github")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    (line,) = [line for line in lines if "FALSEFACT" in line]
    original = MARKUP.split("\n")[1]
    assert line.startswith(f"::error file=docs/my story.tmk,line=2,col={original.index('The') + 1},"
                           "endLine=2,endColumn=")
    assert "title=workbench%3A false::False (confidence 0.90)" in line
    assert "Sources: https://stats.example.org/table?id=1&y=2" in line


def test_github_annotations_escape_line_breaks_and_percent(run_cli, article):
    result = check(run_cli, article, "github")
    lines = result.stdout.splitlines()
    assert len(lines) == 4  # the check-worthy claims only
    assert [line.split(" ", 1)[0] for line in lines] == ["::error", "::notice", "::warning",
                                                        "::notice"]
    assert "growth was 3%25." in lines[1]


def test_csv_has_stable_columns_and_one_row_per_claim(run_cli, article):
    result = check(run_cli, article, "csv")
    assert result.exit_code == 0, result.stderr
    assert not result.stdout_bytes.startswith(b"\xef\xbb\xbf")
    table = list(csv.DictReader(io.StringIO(result.stdout)))
    review = review_json(run_cli, article)
    assert len(table) == len(review["documents"][0]["claims"])  # every claim, not only ranked
    assert list(table[0]) == ["document", "title", "claim_id", "line", "column", "start", "end",
                              "text", "kinds", "checkworthiness", "checkworthy", "status",
                              "assignee", "rating", "confidence", "verdict_by", "rationale",
                              "computation", "sources", "notes", "stale", "rated_text"]
    row = next(r for r in table if "FALSEFACT" in r["text"])
    assert (row["rating"], row["confidence"], row["line"], row["column"]) == ("false", "0.90",
                                                                             "3", "1")
    assert ARTICLE[int(row["start"]):int(row["end"])] == row["text"]
    assert row["sources"] == f"{SAFE_SOURCE['url']}; {EVIL_SOURCE['url']}"
    assert next(r for r in table if "OPENFACT" in r["text"])["rating"] == "none"


def test_positions_ignore_a_byte_order_mark(run_cli, tmp_path, register_plugin):
    register_plugin(RatingPlugin(), "rating")
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffFALSEFACT said the 🎉 minister.\nTRUEFACT 🎉 again.\n".encode())
    table = list(csv.DictReader(io.StringIO(check(run_cli, path, "csv").stdout)))
    assert [(row["line"], row["column"]) for row in table] == [("1", "1"), ("2", "1")]
    github = check(run_cli, path, "github").stdout.splitlines()
    assert "line=1,col=1,endLine=1,endColumn=31," in github[0]


def test_csv_defuses_formulas_and_csv_excel_adds_a_bom(run_cli, tmp_path, register_plugin):
    register_plugin(RatingPlugin(), "rating")
    path = write_article(tmp_path, text="=HYPERLINK(1) says FALSEFACT today.\n")
    result = check(run_cli, path, "csv-excel")
    assert result.stdout_bytes.startswith(b"\xef\xbb\xbf")
    table = list(csv.DictReader(io.StringIO(result.stdout_bytes.decode("utf-8-sig"))))
    assert table[0]["text"] == "'=HYPERLINK(1) says FALSEFACT today."
    plain = list(csv.DictReader(io.StringIO(check(run_cli, path, "csv").stdout)))
    assert plain[0]["text"] == "'=HYPERLINK(1) says FALSEFACT today."  # a spreadsheet opens it


def _commented_text(document) -> dict[str, str]:
    """Text between each comment's range markers, by comment id, read from the XML."""
    from docx.oxml.ns import qn

    spans: dict[str, list[str]] = {}
    open_ids: set[str] = set()
    for element in document.element.body.iter():
        if element.tag == qn("w:commentRangeStart"):
            open_ids.add(element.get(qn("w:id")))
            spans.setdefault(element.get(qn("w:id")), [])
        elif element.tag == qn("w:commentRangeEnd"):
            open_ids.discard(element.get(qn("w:id")))
        elif element.tag == qn("w:t"):
            for comment_id in open_ids:
                spans[comment_id].append(element.text or "")
    return {key: "".join(parts) for key, parts in spans.items()}


def test_docx_comments_carry_verdicts_on_the_claims(run_cli, article, tmp_path):
    import docx

    target = tmp_path / "review.docx"
    result = check(run_cli, article, "docx", "--output", str(target))
    assert result.exit_code == 0, result.stderr
    document = docx.Document(str(target))
    comments = {str(c.comment_id): c for c in document.comments}
    assert len(comments) == 4
    anchored = _commented_text(document)
    by_marker = {}
    for comment_id, text in anchored.items():
        marker = next(m for m in ("FALSEFACT", "TRUEFACT", "MIXEDFACT", "OPENFACT") if m in text)
        by_marker[marker] = (text, comments[comment_id])
    claims = rated(review_json(run_cli, article))
    for marker, (text, _) in by_marker.items():
        assert text == claims[marker]["text"]
    false_comment = by_marker["FALSEFACT"][1]
    assert false_comment.text.startswith("False (confidence 0.90, plugin rating)")
    assert SAFE_SOURCE["url"] in false_comment.text
    assert by_marker["OPENFACT"][1].text.startswith("No verdict yet.")
    assert "<script>window.__pwned=1</script>" in "\n".join(p.text for p in document.paragraphs)


NOTE = {"text": 'Ask the desk <b onclick="window.__pwned=5">now</b>', "author": "Ed <itor>",
        "created": "2025-05-02T10:00:00Z"}


def test_reviewer_notes_appear_escaped_in_reading_formats(run_cli, article):
    import docx

    review = review_json(run_cli, article)
    claim = rated(review)["FALSEFACT"]
    claim["notes"].append(NOTE)
    validation.validate("review", review)
    html = exporters()["html"].export(review)
    assert "Ask the desk &lt;b onclick=&quot;window.__pwned=5&quot;&gt;now&lt;/b&gt;" in html
    assert "Ed &lt;itor&gt;" in html
    markdown = exporters()["markdown"].export(review)
    assert r"- Ask the desk \<b onclick=" in markdown and r"Ed \<itor\>" in markdown
    document = docx.Document(io.BytesIO(exporters()["docx"].export(review)))
    (comment,) = [c for c in document.comments if "Figures differ" in c.text]
    assert f"Note (Ed <itor>, {NOTE['created']}): {NOTE['text']}" in comment.text
    table = list(csv.DictReader(io.StringIO(exporters()["csv"].export(review))))
    assert next(r for r in table if r["claim_id"] == claim["id"])["notes"] == (
        f"{NOTE['author']}: {NOTE['text']}")


def test_docx_shows_characters_xml_cannot_hold(run_cli, tmp_path, register_plugin):
    import docx

    register_plugin(RatingPlugin(), "rating")
    path = write_article(tmp_path, text="Bell \x07 rang and FALSEFACT it did.\n")
    target = tmp_path / "bell.docx"
    assert check(run_cli, path, "docx", "-o", str(target)).exit_code == 0
    assert "Bell \\x07 rang" in docx.Document(str(target)).paragraphs[-2].text


@pytest.mark.parametrize("format_name", ["docx", "csv-excel", "html"])
def test_missing_folder_is_a_clear_error_and_writes_nothing(run_cli, article, tmp_path,
                                                            format_name):
    target = tmp_path / "missing" / "out.bin"
    result = check(run_cli, article, format_name, "--output", str(target))
    assert result.exit_code == 2
    assert result.stderr.strip().startswith(f"error: {target}: folder")
    assert not target.parent.exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into a read-only folder")
def test_read_only_folder_is_a_clear_error(run_cli, article, tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        result = check(run_cli, article, "docx", "--output", str(folder / "out.docx"))
    finally:
        folder.chmod(0o755)
    assert result.exit_code == 2
    assert "cannot write here" in result.stderr
    assert list(folder.iterdir()) == []


def test_failing_export_keeps_the_previous_file(run_cli, article, tmp_path, register_plugin):
    def explode(review):
        raise RuntimeError("disk full of opinions")

    class Broken:
        @hookimpl
        def register_exporters(self, register):
            register(Exporter(name="broken", description="fails", media_type="text/plain",
                              suffix=".txt", export=explode))

    register_plugin(Broken(), "broken_exporter")
    target = tmp_path / "review.docx"
    assert check(run_cli, article, "docx", "-o", str(target)).exit_code == 0
    before = target.read_bytes()
    result = check(run_cli, article, "broken", "-o", str(target))
    assert result.exit_code == 3
    assert "failed to export broken" in result.stderr
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["article.txt", "review.docx"]


def test_text_report_gives_each_claim_its_line(run_cli, article):
    out = check(run_cli, article, "text").stdout
    assert "line 3: The ministry said FALSEFACT" in out
    assert "line 7: The OPENFACT figure" in out


def test_every_format_numbers_lines_as_the_original_file_does(run_cli, tmp_path):
    """An HTML page's claims are on the page's lines, not the extracted text's, in the text
    report as in Markdown, CSV, SARIF and GitHub annotations."""
    page = ("<!DOCTYPE html>\n<html>\n<head>\n<title>Budget</title>\n</head>\n<body>\n"
            "<nav>\n<a href='/'>Home</a>\n</nav>\n<article>\n\n\n\n"
            "<p>The council approved the budget in March 2020 after two years of talks.</p>\n"
            "\n<p>It set aside\n$40 million for schools in 2021.</p>\n</article>\n"
            "</body>\n</html>\n")
    article = write_article(tmp_path, "budget.html", page)
    lines = page.split("\n")
    expected = [next(n for n, line in enumerate(lines, 1) if marker in line)
                for marker in ("The council approved", "It set aside")]
    text = check(run_cli, article, "text", "--min-score", "0").stdout
    assert sorted(int(n) for n in re.findall(r"line (\d+):", text)) == expected
    markdown = check(run_cli, article, "markdown", "--min-score", "0").stdout
    assert sorted(int(n) for n in re.findall(r"— line (\d+)", markdown)) == expected
    table = csv.DictReader(io.StringIO(check(run_cli, article, "csv").stdout))
    assert sorted(int(row["line"]) for row in table) == expected
    sarif = json.loads(check(run_cli, article, "sarif", "--min-score", "0").stdout)
    assert sorted(r["locations"][0]["physicalLocation"]["region"]["startLine"]
                  for r in sarif["runs"][0]["results"]) == expected
    github = check(run_cli, article, "github", "--min-score", "0").stdout
    assert sorted(int(n) for n in re.findall(r",line=(\d+),", github)) == expected
