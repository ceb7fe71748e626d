"""Web pages: the extractor's article mapped onto the loader's blocks, nothing lost silently."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from workbench import validation
from workbench.registry import loader_for
from workbench.types import RawInput

PARAGRAPHS = [
    "The government imposed a 25 per cent tariff on steel in 2018, according to the trade "
    "ministry, which said the measure would protect about 140,000 jobs in the industry.",
    "Imports fell by a third over the next two years, while exports held steady at around "
    "4 million tonnes a year, the ministry's annual report shows.",
    "Economists at the central bank estimated that the tariff raised consumer prices by "
    "0.3 per cent, a figure the ministry disputes in its latest statement to parliament.",
    "The measure expires in 2026 unless parliament renews it, and a vote is expected in "
    "the spring after a public consultation that closes at the end of March.",
]
RELATED = "".join(f"<li><a href='/story/{n}'>Another story about trade number {n}</a></li>"
                  for n in range(8))
PAGE = f"""<!DOCTYPE html><html lang="en"><head><title>Steel tariffs | Daily</title></head>
<body><header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/biz">Business</a>
</nav></header>
<div class="cookie-banner">We use cookies to improve your experience since 2019.</div>
<main><article><h1>Steel tariffs return</h1>
{"".join(f"<p class='paywall'>{p}</p>" for p in PARAGRAPHS)}
<figure><img src="mill.jpg"><figcaption>A steel mill in 2018. Photo: Agency</figcaption></figure>
</article></main>
<aside><h2>Related</h2><ul>{RELATED}</ul></aside>
<footer><p>Copyright 2024 Daily Media Group. All rights reserved since 1998.</p></footer>
</body></html>"""


def load(page: str, keep_all: bool = False) -> dict:
    raw = RawInput("page.html", page.encode("utf-8"), "text/html", keep_all=keep_all)
    document = loader_for("text/html").load(raw)
    assert validation.is_valid("document", document), validation.explain("document", document)
    return document


def test_the_article_is_kept_and_maps_back_to_the_page_exactly() -> None:
    document = load(PAGE)
    text = document["text"]
    for paragraph in PARAGRAPHS:  # class="paywall" no longer costs the story
        assert paragraph in text
    for furniture in ("Home", "cookies", "Another story", "Copyright"):
        assert furniture not in text
    for start, original, length in document["offset_map"]:
        assert PAGE[original:original + length] == text[start:start + length]
    mapped = sum(length for _, _, length in document["offset_map"])
    assert mapped == len(text.replace("\n\n", ""))  # all of it: nothing here is decoded


def test_every_block_left_out_says_why_and_where() -> None:
    document = load(PAGE)
    dropped = document["metadata"]["dropped"]
    by_text = {item["text"]: item for item in dropped}
    assert by_text["Home World Business"]["reason"] == "page furniture (<header>)"
    assert by_text["Copyright 2024 Daily Media Group. All rights reserved since 1998."][
        "reason"] == "page furniture (<footer>)"
    for item in dropped:
        start, end = item["original"]["start"], item["original"]["end"]
        assert item["text"].split()[0] in PAGE[start:end]


def test_show_dropped_prints_the_reasons(run_cli: Callable[..., Result], tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    result = run_cli("check", str(page), "--format", "json", "--show-dropped")
    assert result.exit_code == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("dropped:")]
    assert f"dropped: {page}: removed by the loader: page furniture (<header>): " \
        "'Home World Business'" in lines


def test_keep_all_keeps_every_visible_block(run_cli: Callable[..., Result],
                                           tmp_path: Path) -> None:
    document = load(PAGE, keep_all=True)
    for text in ("Home World Business", "Another story about trade number 7", "Copyright 2024"):
        assert text in document["text"]
    assert document["metadata"]["dropped"] == []
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    kept = json.loads(run_cli("check", str(page), "-f", "json", "--keep-all").stdout)
    claims = [c["text"] for c in kept["documents"][0]["claims"]]
    assert "Copyright 2024 Daily Media Group." in claims


def test_a_page_that_keeps_nothing_says_so(run_cli: Callable[..., Result],
                                          tmp_path: Path) -> None:
    page = tmp_path / "menu.html"
    page.write_text("<html><body><nav><ul><li><a href='/a'>Tariffs</a></li>"
                    "<li><a href='/b'>Steel</a></li></ul></nav></body></html>")
    result = run_cli("check", str(page), "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert f"note: {page}: no article text found in the page" in result.stderr
    notes = json.loads(result.stdout)["documents"][0]["document"]["metadata"]["notes"]
    assert any("no article text found" in note for note in notes)


def test_furniture_removal_that_takes_most_of_a_text_says_so(
        run_cli: Callable[..., Result], tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    lines = ["Share this article", "Subscribe now", "Sign up for our newsletter",
             "Follow us on Twitter", "Read more", "Related articles", "Leave a comment",
             "Tariffs rose in 2018."]
    story.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_cli("check", str(story), "-f", "json")
    assert result.exit_code == 0, result.stderr
    note = (f"note: {story}: page furniture removal left 4 of its 25 words (16%); "
            "--show-dropped says what was left out and why, --keep-all keeps everything")
    assert note in result.stderr.splitlines()
    review = json.loads(result.stdout)
    assert note.split(": ", 2)[2] in review["documents"][0]["document"]["metadata"]["notes"]
    kept = run_cli("check", str(story), "-f", "json", "--keep-all")
    assert "page furniture removal" not in kept.stderr
    assert len(json.loads(kept.stdout)["documents"][0]["claims"]) == len(lines)


def test_metadata_from_the_page_and_the_date_from_htmldate() -> None:
    page = PAGE.replace("<title>", '<meta property="article:published_time" '
                        'content="2024-02-03T08:00:00Z"><meta name="author" '
                        'content="Ada Writer"><title>')
    document = load(page)
    assert (document["title"], document["author"], document["published"]) == (
        "Steel tariffs | Daily", "Ada Writer", "2024-02-03")


# -- faults from issue #23 -----------------------------------------------------------------


def check_within(run_cli: Callable[..., Result], tmp_path: Path, page: str,
                 seconds: int) -> dict:
    """Check ``page`` under a per-document time limit; the review of a run that kept it."""
    config = tmp_path / "workbench.toml"
    config.write_text(f"timeout = {seconds}\n")
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    result = run_cli("check", str(path), "-f", "json", "--config", str(config))
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stderr
    return json.loads(result.stdout)


def test_forty_thousand_unclosed_tags_are_not_quadratic(run_cli: Callable[..., Result],
                                                       tmp_path: Path) -> None:
    # Before: every stray </i> scanned the 40,000 open <b>: over 30 s, and the page dropped.
    page = ("<html><body><p>Tariffs on steel rose 25 per cent in 2018.</p>"
            + "<b>x " * 40_000 + "</i>" * 40_000 + "</body></html>")
    review = check_within(run_cli, tmp_path, page, 10)
    assert "Tariffs on steel rose 25 per cent in 2018." in [
        c["text"] for c in review["documents"][0]["claims"]]


def test_json_ld_nested_too_deep_is_ignored_and_the_text_kept(
        run_cli: Callable[..., Result], tmp_path: Path) -> None:
    # Before: RecursionError in the loader, and the whole page was not checked.
    deep = "[" * 200_000 + "]" * 200_000
    page = (f'<html><head><script type="application/ld+json">{deep}</script>'
            '<script type="application/ld+json">{"@type": "NewsArticle", '
            '"headline": "Steel tariffs", "datePublished": "2024-02-01"}</script></head>'
            "<body><p>Tariffs on steel rose 25 per cent in 2018.</p></body></html>")
    review = check_within(run_cli, tmp_path, page, 30)
    document = review["documents"][0]["document"]
    assert document["title"] == "Steel tariffs"
    assert "Tariffs on steel rose 25 per cent in 2018." in document["text"]


def test_a_script_ended_with_white_space_does_not_swallow_the_page() -> None:
    document = load("<p>Before.</p><script>var a = '</scripts>';</script\n  "
                    "data-x='1'><p>Tariffs on steel rose 25 per cent in 2018.</p>")
    assert re.split(r"\n\n", document["text"]) == [
        "Before.", "Tariffs on steel rose 25 per cent in 2018."]


def test_an_article_outside_the_visible_html_is_checked_with_a_note(
        run_cli: Callable[..., Result], tmp_path: Path) -> None:
    # A script-rendered page: its visible HTML is a menu and "Loading…", the story is in
    # <noscript>, which the loader never reads as text but trafilatura does.
    page = tmp_path / "app.html"
    page.write_text("<html><head><title>Steel</title></head><body><nav><a href='/'>Home</a>"
                    "</nav><div id='app'>Loading…</div><noscript><article>"
                    + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
                    + "</article></noscript></body></html>", encoding="utf-8")
    result = run_cli("check", str(page), "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert "the page's visible blocks hold only 0% of the article the extractor found" in (
        result.stderr)
    review = json.loads(result.stdout)
    assert validation.offset_errors(review) == []
    document = review["documents"][0]["document"]
    assert document["text"].split("\n\n") == PARAGRAPHS
    assert document["offset_map"] == []  # nothing of it is in the page's visible text
