"""The desk's pages over real HTTP, signed in through the form: what they list and do."""

from __future__ import annotations

import re

import pytest
from desk_support import ARENA, PAID, STORY, form_token, running_desk


@pytest.fixture
def desk(tmp_path):
    with running_desk(tmp_path) as served:
        served.article = served.post_article(STORY)
        yield served


def _claim_ids(page: str) -> list[str]:
    return re.findall(r'<li class="claim"[^>]* id="item-(clm-[0-9a-f]{16})"', page)


def test_an_editor_checks_an_article_from_the_documents_page(desk):
    ed = desk.signed_in("ed")
    page = ed.get(f"{desk.url}/documents").text
    assert "Check an article" in page
    made = ed.post(f"{desk.url}/documents", data={
        "uri": "cms:brief-7", "media_type": "text/plain", "csrf_token": form_token(page),
        "text": "Prices doubled in 2008 after the merger. Wages rose 3% in 2010."},
        allow_redirects=False)
    assert made.status_code == 303 and made.headers["Location"].startswith("/documents/doc-")
    article = ed.get(desk.url + made.headers["Location"]).text
    assert "Prices doubled in 2008" in article and len(_claim_ids(article)) == 2
    bad = ed.post(f"{desk.url}/documents", data={
        "uri": "brief.txt", "text": "x", "csrf_token": form_token(page)})
    assert bad.status_code == 400 and "URI with a scheme" in bad.text
    assert 'value="brief.txt"' in bad.text  # what was typed is kept
    assert "Check an article" not in desk.signed_in("rita").get(f"{desk.url}/documents").text


def test_the_claims_list_filters_searches_and_sorts_on_the_server(desk):
    rita = desk.signed_in("rita")
    document = f"{desk.url}/documents/{desk.article['document']['id']}"
    every = _claim_ids(rita.get(document).text)
    assert len(every) == len(desk.article["claims"])
    found = _claim_ids(rita.get(document, params={"q": "ARENA"}).text)
    assert [next(c["text"] for c in desk.article["claims"] if c["id"] == i) for i in found] \
        == [ARENA]
    worthy = _claim_ids(rita.get(document, params={"checkworthy": "1"}).text)
    assert set(worthy) == {c["id"] for c in desk.article["claims"] if c["checkworthy"]}
    by_score = _claim_ids(rita.get(document, params={"sort": "score"}).text)
    scores = {c["id"]: c["checkworthiness"] for c in desk.article["claims"]}
    assert [scores[i] for i in by_score] == sorted(scores.values(), reverse=True)
    across = rita.get(f"{desk.url}/claims", params={"q": "stadium site in"}).text
    assert PAID[:40] in across and "1 claim" in across


def test_an_orphaned_claim_opens_in_the_article_it_left(desk):
    arena = next(c["id"] for c in desk.article["claims"] if c["text"] == ARENA)
    revised = desk.post_article(STORY.replace(ARENA, "Parking will be free on Sundays."))
    rita = desk.signed_in("rita")
    page = rita.get(f"{desk.url}/documents/{revised['document']['id']}",
                    params={"claim": arena}).text
    assert "Orphaned claims" in page and "in an earlier revision" in page
    assert ARENA in page and "Move to" not in page  # a reviewer cannot dismiss it


def test_export_buttons_download_or_say_why_not(desk):
    rita = desk.signed_in("rita")
    csv = rita.get(f"{desk.url}/export", params={"format": "csv"})
    assert csv.status_code == 200 and csv.headers["Content-Type"].startswith("text/csv")
    assert csv.headers["Content-Disposition"] == 'attachment; filename="workbench-review.csv"'
    assert PAID in csv.text
    empty = rita.get(f"{desk.url}/export", params={"format": "claimreview"})
    assert empty.status_code == 200 and "nothing to publish" in empty.text
    anyway = re.search(r'href="([^"]+anyway=1[^"]*)"', empty.text).group(1)
    download = rita.get(desk.url + anyway.replace("&amp;", "&"))
    assert download.headers["Content-Disposition"].endswith('.jsonld"') and \
        download.text.strip() == "[]"
    unknown = rita.get(f"{desk.url}/export", params={"format": "nope"})
    assert unknown.status_code == 400 and "unknown format" in unknown.text
