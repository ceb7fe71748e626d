"""Inputs a newsroom has: URLs, Word files, PDFs, and files whose name says nothing."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import Result
from online_support import use_local_policy
from pytest_httpserver import HTTPServer

from workbench import net, validation

STORY = ("The government imposed a 25 per cent tariff on steel in 2018, according to the "
         "trade ministry. Imports fell by a third over the next two years, and exports held "
         "steady at 4 million tonnes.")
PAGE = f"""<!DOCTYPE html><html lang="en"><head><title>Steel tariffs</title>
<script>var tracker = "<p>Buy now for 99 cents in 2024!</p>";</script></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Steel tariffs return</h1><p>{STORY}</p>
<p>Officials said <a href="/report">the 2019 report</a> found that prices rose 8 per cent.</p>
</article></body></html>"""


def review_of(result: Result) -> dict:
    assert result.exit_code == 0, result.stderr
    review = json.loads(result.stdout)
    validation.validate("review", review)
    assert validation.offset_errors(review) == []
    return review


def texts(review: dict) -> list[str]:
    return [claim["text"] for entry in review["documents"] for claim in entry["claims"]]


# -- URLs ---------------------------------------------------------------------------------


@pytest.fixture
def local_net(tmp_path: Path) -> Iterator[None]:
    use_local_policy(tmp_path / "cache")
    yield
    net.configure()


def test_url_is_fetched_and_read_as_the_page_it_is(
        run_cli: Callable[..., Result], httpserver: HTTPServer, local_net: None) -> None:
    httpserver.expect_request("/story").respond_with_data(PAGE, content_type="text/html")
    url = httpserver.url_for("/story")
    review = review_of(run_cli("check", url, "--format", "json"))
    document = review["documents"][0]["document"]
    assert (document["uri"], document["media_type"]) == (url, "text/html")
    assert STORY.split(". ")[0] + "." in texts(review)
    # Fetching the page is not --online: its links are not fetched, no checker went out.
    assert [request.path for request, _ in httpserver.log] == ["/story"]
    assert "link_checks" not in document.get("metadata", {})


def test_url_that_answers_404_is_one_line_error(
        run_cli: Callable[..., Result], httpserver: HTTPServer, local_net: None) -> None:
    httpserver.expect_request("/gone").respond_with_data("no", status=404)
    url = httpserver.url_for("/gone")
    result = run_cli("check", url)
    assert result.exit_code == 2
    assert result.stderr.strip() == f"error: {url}: HTTP 404 NOT FOUND"


def test_url_larger_than_max_size_is_refused_while_reading(
        run_cli: Callable[..., Result], httpserver: HTTPServer, local_net: None) -> None:
    httpserver.expect_request("/big").respond_with_data(PAGE * 400, content_type="text/html")
    url = httpserver.url_for("/big")
    result = run_cli("check", url, "--max-size", "100KB")
    assert result.exit_code == 2
    assert result.stderr.strip() == (f"error: {url}: page is over the 0.1 MB limit (raise it "
                                     "with --max-size)")


def test_url_to_a_private_address_is_refused_by_the_guard(
        run_cli: Callable[..., Result], httpserver: HTTPServer, tmp_path: Path) -> None:
    use_local_policy(tmp_path / "cache", allow=())  # 127.0.0.1 is no longer allowed
    try:
        httpserver.expect_request("/story").respond_with_data(PAGE, content_type="text/html")
        url = httpserver.url_for("/story")
        result = run_cli("check", url)
    finally:
        net.configure()
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {url}: ")
    assert "refusing to fetch a private, loopback or link-local address" in result.stderr
    assert httpserver.log == []


# -- Word ---------------------------------------------------------------------------------


def make_docx(path: Path) -> None:
    import docx

    document = docx.Document()
    document.core_properties.title = "Steel tariffs"
    document.core_properties.author = "Ada Writer"
    document.add_heading("Steel tariffs return", level=1)
    document.add_paragraph(STORY)
    document.add_paragraph("")  # an empty paragraph is no block
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Exports rose 12 per cent in 2021."
    table.cell(0, 1).text = "Imports fell 3 per cent in 2022."
    document.add_paragraph("Prices rose 8 per cent in 2019, the report said.")
    document.save(str(path))


def test_docx_is_read_with_each_block_mapped_to_its_paragraph(
        run_cli: Callable[..., Result], tmp_path: Path) -> None:
    path = tmp_path / "story.docx"
    make_docx(path)
    review = review_of(run_cli("check", str(path), "--format", "json"))
    document = review["documents"][0]["document"]
    assert document["media_type"].endswith("wordprocessingml.document")
    assert (document["title"], document["author"]) == ("Steel tariffs", "Ada Writer")
    text = document["text"]
    blocks = {text[p["span"]["start"]:p["span"]["end"]]: {k: v for k, v in p.items()
                                                            if k != "span"}
              for p in document["metadata"]["paragraphs"]}
    assert blocks == {
        "Steel tariffs return": {"index": 0},
        STORY: {"index": 1},
        "Exports rose 12 per cent in 2021.": {"table": 0, "row": 0, "cell": 0, "index": 0},
        "Imports fell 3 per cent in 2022.": {"table": 0, "row": 0, "cell": 1, "index": 0},
        "Prices rose 8 per cent in 2019, the report said.": {"index": 3},
    }
    assert "Exports rose 12 per cent in 2021." in texts(review)


def test_folder_scan_finds_word_and_pdf_files(run_cli: Callable[..., Result],
                                              tmp_path: Path) -> None:
    make_docx(tmp_path / "a.docx")
    make_pdf(tmp_path / "b.pdf", [STORY])
    review = review_of(run_cli("check", str(tmp_path), "--format", "json"))
    assert [e["document"]["uri"].rsplit("/", 1)[-1] for e in review["documents"]] == [
        "a.docx", "b.pdf"]


def test_corrupt_docx_is_one_line_error(run_cli: Callable[..., Result], tmp_path: Path) -> None:
    path = tmp_path / "broken.docx"
    make_docx(path)
    path.write_bytes(path.read_bytes()[:600])  # a zip cut short
    result = run_cli("check", str(path))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {path}: not a readable Word document (")
    assert len(result.stderr.strip().splitlines()) == 1


# -- PDF ----------------------------------------------------------------------------------


def make_pdf(path: Path, pages: list[str], password: str | None = None) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_title("Trade report")
    pdf.set_author("Trade Desk")
    pdf.set_font("Helvetica", size=11)
    for page in pages:
        pdf.add_page()
        if page:
            pdf.multi_cell(0, 6, page)
        else:
            pdf.rect(20, 20, 100, 60, style="F")  # a drawing, no text: what a scan gives
    if password:
        pdf.set_encryption(owner_password=password, user_password=password)
    pdf.output(str(path))


def test_pdf_is_read_page_by_page(run_cli: Callable[..., Result], tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    make_pdf(path, [STORY, "Prices rose 8 per cent in 2019, the report said."])
    review = review_of(run_cli("check", str(path), "--format", "json"))
    document = review["documents"][0]["document"]
    assert (document["media_type"], document["title"], document["author"]) == (
        "application/pdf", "Trade report", "Trade Desk")
    pages = document["metadata"]["pages"]
    assert [p["page"] for p in pages] == [1, 2]
    second = document["text"][pages[1]["span"]["start"]:pages[1]["span"]["end"]]
    assert second == "Prices rose 8 per cent in 2019, the report said."
    assert "Prices rose 8 per cent in 2019, the report said." in texts(review)


@pytest.mark.parametrize(("pages", "password", "message"), [
    ([""], None, "no text in the PDF's 1 page(s): scanned images? run it through OCR first"),
    ([STORY], "secret", "the PDF is encrypted with a password; save an unprotected copy first"),
])
def test_pdf_without_readable_text_is_one_line_error(
        run_cli: Callable[..., Result], tmp_path: Path, pages: list[str],
        password: str | None, message: str) -> None:
    path = tmp_path / "scan.pdf"
    make_pdf(path, pages, password)
    result = run_cli("check", str(path))
    assert result.exit_code == 2
    assert result.stderr.strip() == f"error: {path}: {message}"


def test_damaged_pdf_is_one_line_error(run_cli: Callable[..., Result], tmp_path: Path) -> None:
    path = tmp_path / "cut.pdf"
    path.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\n")
    result = run_cli("check", str(path))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {path}: not a readable PDF (")


# -- the content decides ------------------------------------------------------------------


@pytest.mark.parametrize("name", ["story", "story.txt"])
def test_html_without_an_html_name_is_read_as_html(
        run_cli: Callable[..., Result], tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(PAGE, encoding="utf-8")
    review = review_of(run_cli("check", str(path), "--format", "json"))
    document = review["documents"][0]["document"]
    assert document["media_type"] == "text/html"
    assert document["title"] == "Steel tariffs"
    assert not any("<" in text or "99 cents" in text for text in texts(review))


def test_pdf_and_docx_with_wrong_names_are_read_for_what_they_are(
        run_cli: Callable[..., Result], tmp_path: Path) -> None:
    make_pdf(tmp_path / "report.txt", [STORY])
    make_docx(tmp_path / "story.md")
    review = review_of(run_cli("check", str(tmp_path / "report.txt"), str(tmp_path / "story.md"),
                               "--format", "json"))
    assert [e["document"]["media_type"] for e in review["documents"]] == [
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"]


def test_markdown_that_opens_with_a_tag_stays_markdown(
        run_cli: Callable[..., Result], tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text("<div>Draft</div>\n\n" + STORY, encoding="utf-8")
    review = review_of(run_cli("check", str(path), "--format", "json"))
    assert review["documents"][0]["document"]["media_type"] == "text/markdown"
