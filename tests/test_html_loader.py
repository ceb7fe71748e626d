"""The HTML loader: article blocks kept, furniture dropped, metadata read, offsets mapped."""

from __future__ import annotations

import json

from workbench import validation
from workbench.records import original_offset
from workbench.registry import loader_for
from workbench.types import RawInput

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Steel tariffs | The Example Daily</title>
  <meta property="article:published_time" content="2024-02-03T08:00:00+01:00">
  <meta name="author" content="Meta Author">
  <style>p { color: red }</style>
  <script>var tracker = "<p>not article text</p>";</script>
</head>
<body>
  <header><nav><a href="/">Home</a> <a href="/world">World</a></nav></header>
  <div id="cookie-consent">We use cookies to improve your experience. <button>OK</button></div>
  <!-- an editor's comment that is not text -->
  <article>
    <h1>Steel   tariffs return</h1>
    <p>The government imposed a 25 per cent tariff on steel in 2018,
       according to <a href="https://example.org/report">the trade report</a>.</p>
    <p>Prices rose &ldquo;sharply&rdquo; &amp; quickly.</p>
    <ul><li>Imports fell by a third.</li><li>Exports held steady</li></ul>
    <blockquote>We will not back down, the minister said.</blockquote>
    <form><label>Email</label><input name="email"></form>
  </article>
  <aside class="related"><a href="/other">Another story about tariffs</a></aside>
  <footer>Copyright 2024 The Example Daily</footer>
</body>
</html>
"""


def load(page: str | bytes, uri: str = "page.html") -> dict:
    data = page.encode("utf-8") if isinstance(page, str) else page
    document = loader_for("text/html").load(RawInput(uri, data, "text/html"))
    assert validation.is_valid("document", document), validation.explain("document", document)
    return document


def test_keeps_article_blocks_and_drops_furniture():
    text = load(PAGE)["text"]
    assert text.split("\n\n") == [
        "Steel tariffs return",
        "The government imposed a 25 per cent tariff on steel in 2018, according to the "
        "trade report.",
        "Prices rose “sharply” & quickly.",
        "Imports fell by a third.",
        "Exports held steady",
        "We will not back down, the minister said.",
    ]
    for furniture in ("not article text", "color", "Home", "cookies", "comment", "Email",
                      "Another story", "Copyright"):
        assert furniture not in text


def test_offset_map_is_exact_for_verbatim_text():
    document = load(PAGE)
    text = document["text"]
    runs = document["offset_map"]
    assert runs, "the map is not empty"
    for text_start, original_start, length in runs:
        assert PAGE[original_start:original_start + length] == text[text_start:text_start + length]
    covered = sum(length for _, _, length in runs)
    assert covered >= 0.9 * len(text.replace("\n\n", "")), "almost all text maps back"
    # decoded entities and collapsed white space map nowhere rather than somewhere wrong
    quote = text.index("“")
    assert original_offset(document, quote) is None
    assert original_offset(document, text.index("sharply")) == PAGE.index("sharply")


def test_offset_map_skips_a_byte_order_mark():
    document = load(b"\xef\xbb\xbf<p>Tariffs rose in 2018.</p>")
    start, original, length = document["offset_map"][0]
    assert document["text"] == "Tariffs rose in 2018."
    assert (start, original, length) == (0, 4, 21)  # the BOM counts as one character


def test_links_are_metadata_with_spans_into_the_text():
    document = load(PAGE)
    links = document["metadata"]["links"]
    assert links == [{"url": "https://example.org/report", "text": "the trade report",
                      "span": {"start": document["text"].index("the trade report"),
                               "end": document["text"].index("the trade report") + 16}}]


def test_metadata_title_and_author_from_json_ld_first_then_meta_tags():
    document = load(PAGE)
    assert document["title"] == "Steel tariffs | The Example Daily"
    assert document["author"] == "Meta Author"
    assert document["published"] == "2024-02-03"
    assert document["metadata"]["language"] == "en"
    # The date comes from htmldate, which reads the same tags (here without the <meta> one).
    json_ld = PAGE.replace('<meta property="article:published_time" '
                           'content="2024-02-03T08:00:00+01:00">', "")
    json_ld = json_ld.replace("<style>", """<script type="application/ld+json">
        {"@context": "https://schema.org", "@graph": [{"@type": "NewsArticle",
         "headline": "Tariffs on steel return", "datePublished": "2024-02-01",
         "author": [{"@type": "Person", "name": "Ada Writer"}]}]}</script><style>""")
    document = load(json_ld)
    assert (document["title"], document["author"], document["published"]) == (
        "Tariffs on steel return", "Ada Writer", "2024-02-01")


def test_date_from_time_element_or_dateline():
    timed = load('<p>By Ann Lee</p><time datetime="2023-11-05">5 Nov</time>'
                 "<p>Tariffs rose in 2018.</p>")
    assert timed["published"] == "2023-11-05"
    assert timed["author"] == "Ann Lee"
    dateline = load("<p>Published March 14, 2025</p><p>Tariffs rose in 2018.</p>")
    assert dateline["published"] == "2025-03-14"


def test_link_dense_blocks_are_dropped_and_reported():
    document = load('<p>Tariffs rose in 2018 after a long review.</p>'
                    '<ul><li><a href="/a">Read: the story of tariffs</a></li></ul>')
    assert "story of tariffs" not in document["text"]
    reasons = [item["reason"] for item in document["metadata"]["dropped"]]
    assert reasons == ["link-dense block"]


def test_check_html_end_to_end_with_show_dropped(run_cli, tmp_path):
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    result = run_cli("check", str(page), "--format", "json", "--show-dropped")
    assert result.exit_code == 0, result.stderr
    review = json.loads(result.stdout)
    assert validation.offset_errors(review) == []
    entry = review["documents"][0]
    assert entry["document"]["media_type"] == "text/html"
    assert any("25 per cent tariff on steel" in c["text"] for c in entry["claims"])
    dropped = [line for line in result.stderr.splitlines() if line.startswith("dropped:")]
    assert any("removed by the loader" in line and "cookie" in line for line in dropped)
    assert any("<footer>" in line for line in dropped)
    assert entry["document"]["metadata"]["dropped"], "the review carries what was dropped"
