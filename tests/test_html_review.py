"""The HTML review page: escaping checked in the source, behaviour in headless Chromium.

The browser tests drive the Debian ``chromium`` package through Playwright (never a
downloaded browser). Without Chromium they are skipped locally; under CI they fail.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import pytest
from exporters_support import ARTICLE, EVIL_SOURCE, RatingPlugin, check, review_json, write_article

BUNDLED_DETECTORS = ("temporal", "trade_measures", "quantities", "comparisons", "attribution",
                     "citations", "entities", "opinion")


@pytest.fixture
def page_file(tmp_path, register_plugin, run_cli) -> tuple[Path, dict]:
    """The payload article's HTML review on disk, and its review record."""
    register_plugin(RatingPlugin(), "rating")
    article = write_article(tmp_path)
    target = tmp_path / "review.html"
    # Only the marker kinds, so the filter counts below do not depend on other detectors.
    only_markers = [f"--disable={name}" for name in BUNDLED_DETECTORS]
    result = check(run_cli, article, "html", "--output", str(target), *only_markers)
    assert result.exit_code == 0, result.stderr
    return target, review_json(run_cli, article, *only_markers)


def test_page_source_escapes_everything_and_pins_its_script(page_file):
    html = page_file[0].read_text(encoding="utf-8")
    assert "<script>window.__pwned" not in html
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html
    assert '"onmouseover="' not in html and "&quot;onmouseover=&quot;" in html
    assert "<img" not in html
    assert 'href="javascript:' not in html
    scripts = re.findall(r"<script>(.*?)</script>", html, re.S)
    assert len(scripts) == 1
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in html
    assert "default-src 'none'" in html
    assert "http://" not in html.replace("http://www.w3.org", "")  # no external resource


# ----------------------------------------------------------------------------------------
# In a real browser
# ----------------------------------------------------------------------------------------


@pytest.fixture
def open_page(browser, page_file):
    """Open the review page offline; every request other than the page itself is refused."""
    contexts = []

    def open_(bypass_csp: bool = False):
        context = browser.new_context(viewport={"width": 1200, "height": 900},
                                      bypass_csp=bypass_csp)
        contexts.append(context)
        page = context.new_page()
        url = page_file[0].as_uri()
        requests: list[str] = []
        dialogs: list[str] = []
        errors: list[str] = []

        def route(route_):
            requests.append(route_.request.url)
            if route_.request.url == url:
                route_.continue_()
            else:
                route_.abort()

        context.route("**/*", route)
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(url)
        page.wait_for_selector("a.hl")
        return page, requests, dialogs, errors

    yield open_
    for context in contexts:
        context.close()


HIGHLIGHTED = """() => {
  const out = {};
  document.querySelectorAll("li.claim").forEach((li) => {
    out[li.id] = Array.from(document.querySelectorAll("a.hl"))
      .filter((a) => a.dataset.claims.split(" ").includes(li.id))
      .map((a) => a.textContent).join("");
  });
  return out;
}"""


def test_claims_are_highlighted_at_their_offsets_offline(open_page, page_file, tmp_path):
    page, requests, _, errors = open_page()
    review = page_file[1]
    claims = {f"d0-{c['id']}": c["text"] for c in review["documents"][0]["claims"]
              if c["checkworthy"]}
    # The claims after the emoji lines only line up if code points became UTF-16 offsets.
    assert page.evaluate(HIGHLIGHTED) == claims
    assert any("🧪" in text for text in claims.values())
    assert page.evaluate("document.querySelector('article.text').textContent") == ARTICLE
    assert requests == [page_file[0].as_uri()]  # nothing fetched from anywhere else
    assert errors == []
    screenshot = tmp_path / "html-review.png"
    page.screenshot(path=str(screenshot), full_page=True)
    print(f"screenshot: {screenshot}")
    assert screenshot.stat().st_size > 10_000


def _visible(page) -> dict[str, bool]:
    return page.evaluate("""() => Object.fromEntries(Array.from(
        document.querySelectorAll("li.claim")).map((li) => [li.dataset.rating, !li.hidden]))""")


def _lit(page) -> dict[str, bool]:
    return page.evaluate("""() => Object.fromEntries(Array.from(document.querySelectorAll(
        "a.hl")).map((a) => [a.className.match(/rating-(\\S+)/)[1],
                             !a.classList.contains("off")]))""")


def test_filters_hide_and_show_claims(open_page):
    page, *_ = open_page()
    everything = {"false": True, "true": True, "mixed": True, "none": True}
    assert _visible(page) == everything == _lit(page)
    page.get_by_label("false (1)").click()
    assert _visible(page) == {**everything, "false": False} == _lit(page)
    assert page.inner_text("#shown") == "Showing 3 of 4 claims"
    page.get_by_label("statistic (2)").click()  # hides the true claim too
    assert _visible(page) == {"false": False, "true": False, "mixed": True, "none": True}
    page.get_by_label("false (1)").click()
    page.get_by_label("statistic (2)").click()
    assert _visible(page) == everything == _lit(page)


def test_clicking_a_highlight_opens_its_note(open_page):
    page, *_ = open_page()
    mark = page.locator("a.hl.rating-mixed")
    mark.click()
    target = page.evaluate("location.hash")
    assert target.startswith("#d0-clm-")
    assert "MIXEDFACT" in page.inner_text(target)
    page.locator(f"{target} a.back").click()
    assert page.evaluate("document.activeElement.dataset.claims") == target[1:]


def test_article_and_source_payloads_never_run(open_page):
    # Without the page's Content-Security-Policy, so escaping alone is what is tested.
    page, _, dialogs, errors = open_page(bypass_csp=True)
    for mark in page.locator("a.hl").all():
        mark.hover()
    page.locator("li.claim").first.hover()
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert dialogs == [] and errors == []
    assert page.evaluate("document.scripts.length") == 2  # the data block and the page script
    handlers = page.evaluate("""() => Array.from(document.querySelectorAll("*")).flatMap(
        (el) => Array.from(el.attributes).filter((a) => a.name.startsWith("on")))
        .length""")
    assert handlers == 0
    links = page.evaluate("Array.from(document.links).map((a) => a.protocol)")
    assert set(links) <= {"https:", "file:"}
    assert EVIL_SOURCE["url"] in page.inner_text("aside")  # shown, as text


def test_print_view_hides_the_filters(open_page):
    page, *_ = open_page()
    page.emulate_media(media="print")
    assert page.is_hidden("form#filters")
    assert page.is_visible("aside ol.claims")
