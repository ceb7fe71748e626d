"""The review desk used as a person uses it, in real headless Chromium (Debian's package,
driven by Playwright; never a downloaded browser): sign in, open an article, rate a claim,
see it in the history and the export, see the stale mark after the article changes.

Without Chromium the tests are skipped with the reason; under CI they fail.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from desk_support import PAID, STORY, password, running_desk


@pytest.fixture
def desk(tmp_path):
    with running_desk(tmp_path) as served:
        yield served


@pytest.fixture
def open_page(browser, desk):
    """A new browser context (its own cookies) whose page refuses every request to any
    other origin than the desk's, and records dialogs, errors and console complaints."""
    contexts = []

    def open_():
        context = browser.new_context(viewport={"width": 1280, "height": 900},
                                      accept_downloads=True)
        contexts.append(context)
        page = context.new_page()
        page.elsewhere, page.dialogs, page.problems = [], [], []

        def route(route_):
            if route_.request.url.startswith(desk.url):
                route_.continue_()
            else:
                page.elsewhere.append(route_.request.url)
                route_.abort()

        context.route("**/*", route)
        page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message),
                                          dialog.dismiss()))
        page.on("pageerror", lambda error: page.problems.append(str(error)))
        page.on("console", lambda message: page.problems.append(message.text)
                if message.type in ("error", "warning") else None)
        return page

    yield open_
    for context in contexts:
        context.close()


def sign_in(page, desk, name: str) -> None:
    page.goto(f"{desk.url}/documents")
    assert "/signin" in page.url
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", password(name))
    page.click("button:has-text('Sign in')")
    page.wait_for_url(f"{desk.url}/documents")


def test_rate_a_claim_see_it_in_history_and_export_then_see_it_go_stale(desk, open_page):
    desk.post_article(STORY)
    page = open_page()
    sign_in(page, desk, "rita")
    assert page.locator("header .who").inner_text().startswith("rita")
    page.click("text=City pays for stadium site")
    highlight = page.locator("article.text a.hl", has_text="$250 million")
    assert highlight.inner_text() == PAID
    highlight.click()
    panel = page.locator("section.panel")
    assert panel.locator("blockquote").inner_text() == PAID
    page.click("button:has-text('Take this claim')")
    page.locator("section.panel").get_by_role("button", name="in-review").click()
    page.select_option("select[name=rating]", "true")
    page.fill("textarea[name=rationale]", "The city's 2019 accounts list the payment.")
    page.fill("textarea[name=sources]", "https://example.org/accounts-2019")
    page.click("button:has-text('Record verdict')")
    verdict = page.locator("li.verdict").first
    assert "true" in verdict.locator(".badge").first.inner_text()
    assert "rita" in verdict.inner_text() and "2019 accounts" in verdict.inner_text()
    assert page.locator("section.panel .meta").nth(1).inner_text().startswith("in-review")
    assert page.locator("article.text a.hl.rating-true", has_text="$250 million").count() == 1

    page.click("section.panel a:has-text('history')")
    rows = page.locator("table.listing tbody tr")
    assert [rows.nth(i).locator("td").nth(2).inner_text() for i in range(rows.count())] == [
        "created", "assigned", "status", "verdict"]
    assert "verdict true (1.00) by rita" in rows.nth(3).inner_text()

    page.click("a:has-text('open it in its article')")
    with page.expect_download() as download:
        page.locator("form.exports").first.get_by_role("button", name="markdown").click()
    exported = Path(download.value.path()).read_text(encoding="utf-8")
    assert "True — line" in exported and "The city's 2019 accounts" in exported

    desk.post_article(STORY.replace("$250 million", "$350 million"))  # the CMS re-sends it
    page.goto(f"{desk.url}/documents")
    assert page.locator("a.stale-count").inner_text() == "1"
    page.click("text=City pays for stadium site")
    stale = page.locator("article.text a.hl.stale")
    assert stale.count() == 1 and "$350 million" in stale.inner_text()
    stale.click()
    box = page.locator(".stale-box")
    assert "the text changed since it was checked" in box.inner_text()
    assert "$250 million" in box.locator("q.rated").inner_text()
    assert "$350 million" in box.locator("q.now").inner_text()
    assert page.locator("section.panel .meta").nth(1).inner_text().startswith("in-review")
    page.goto(f"{desk.url}/claims?stale=1")
    assert page.locator("table.listing tbody tr").count() == 1
    assert page.problems == [] and page.dialogs == [] and page.elsewhere == []


def test_filters_search_and_sort_the_claims(desk, open_page):
    document = desk.post_article(STORY)["document"]["id"]
    page = open_page()
    sign_in(page, desk, "rita")
    page.goto(f"{desk.url}/documents/{document}")
    total = page.locator("aside ol.claims li.claim").count()
    page.fill("form.filters input[name=q]", "COUNCIL")
    page.press("form.filters input[name=q]", "Enter")
    items = page.locator("aside ol.claims li.claim")
    assert items.count() == 1 and "council approved" in items.first.inner_text()
    page.goto(f"{desk.url}/documents/{document}")
    page.check("form.filters input[name=checkworthy]")  # the script submits the form
    page.wait_for_url("**checkworthy=1**")
    worthy = page.locator("aside ol.claims li.claim").count()
    assert 0 < worthy < total and "pleasant" not in page.locator("aside ol.claims").inner_text()
    page.select_option("form.filters select[name=sort]", "score")
    page.wait_for_url("**sort=score**")
    scores = [float(text.rsplit("score ", 1)[1]) for text in
              page.locator("aside ol.claims li.claim .meta").all_inner_texts()]
    assert scores == sorted(scores, reverse=True)
    assert page.problems == []


def test_hostile_text_and_sources_stay_inert(desk, open_page):
    hostile = ("Evil & co said <script>window.__pwned=1</script><img src=x onerror="
               "window.__pwned=2> profits rose 40% in 2023.\n\n"
               "The file evil\u202egnp.exe was sent on 3 May 2024 to 12 staff.\n\n"
               "\"><a href=javascript:window.__pwned=3>click</a> It cost $5 million in 2022.\n")
    review = desk.post_article(hostile, uri="cms:hostile")
    # The lines with markup are page furniture (no claim), but they are in the article view.
    claim = next(c for c in review["claims"] if "\u202e" in c["text"])
    desk.api("rita").post(f"{desk.url}/api/v1/claims/{claim['id']}/verdicts", json={
        "rating": "false", "rationale": "<b>bold</b> claim \u202eredro",
        "sources": ["javascript:window.__pwned=4", "https://example.org/ok"]})
    page = open_page()
    sign_in(page, desk, "rita")
    page.goto(f"{desk.url}/documents/{review['document']['id']}?claim={claim['id']}")
    page.locator("section.panel").wait_for()
    assert page.evaluate("window.__pwned") is None
    assert page.locator("article.text script, article.text img").count() == 0
    assert "<script>window.__pwned=1</script>" in page.locator("article.text").inner_text()
    assert page.locator("a[href^='javascript']").count() == 0
    assert page.locator("ul.sources a").count() == 1  # only the https source is a link
    assert "javascript:window.__pwned=4" in page.locator("ul.sources").inner_text()
    # Shown as a mark wherever the text appears: article, list, panel, rationale.
    assert set(page.locator(".ctl").all_inner_texts()) == {"⟨U+202E⟩"}
    assert page.locator(".ctl").count() == 4 and "\u202e" not in page.content()
    assert "<b>bold</b>" in page.locator("li.verdict .rationale").inner_text()
    page.click("a.hl >> nth=0")
    assert page.dialogs == [] and page.evaluate("window.__pwned") is None
    assert page.problems == []


def test_an_admin_adds_a_user_who_can_then_sign_in(desk, open_page):
    page = open_page()
    sign_in(page, desk, "ada")
    page.click("nav a:has-text('Users')")
    page.fill("input[name=name]", "nina")
    page.select_option("select[name=role]", "editor")
    page.fill("input[name=password]", "nina-password-1")
    page.click("button:has-text('Add user')")
    assert "nina" in page.locator("table.listing").inner_text()
    page.click("button:has-text('Sign out')")
    assert "/signin" in page.url
    other = open_page()
    other.goto(f"{desk.url}/signin")
    other.fill("input[name=name]", "nina")
    other.fill("input[name=password]", "nina-password-1")
    other.click("button:has-text('Sign in')")
    other.wait_for_url(f"{desk.url}/documents")
    assert other.locator("details.check-form").count() == 1  # editors may check articles
    assert other.locator("nav a:has-text('Users')").count() == 0
