"""The desk's JSON API as a CMS uses it, over a real server and a real store."""

from __future__ import annotations

import hashlib
import json

import pytest
import requests
from desk_support import PAID, STORY, URI, running_desk


@pytest.fixture
def desk(tmp_path, store_location):
    """A desk over a store on each backend."""
    with running_desk(tmp_path, location=store_location) as served:
        yield served


def _paid(claims: list[dict]) -> dict:
    return next(claim for claim in claims if "$" in claim["text"])


def test_posting_an_article_returns_its_review_and_stores_it(desk):
    review = desk.post_article(STORY)
    assert review["document"]["uri"] == URI and review["failures"] == []
    paid = _paid(review["claims"])
    assert paid["text"] == PAID and paid["checkworthy"]
    assert set(review["stored"]["new"]) == {claim["id"] for claim in review["claims"]}
    listed = desk.api("rita").get(f"{desk.url}/api/v1/documents").json()
    assert [doc["uri"] for doc in listed] == [URI]
    assert listed[0]["claims"]["new"] == len(review["claims"])
    again = desk.post_article(STORY)
    assert again["stored"]["new"] == [] and len(again["stored"]["kept"]) == len(review["claims"])


def test_a_check_without_storing_leaves_the_store_alone(desk):
    response = desk.api("ed").post(f"{desk.url}/api/v1/articles",
                                   json={"uri": "cms:draft-1", "text": STORY, "store": False})
    assert response.status_code == 200 and response.json()["stored"] is None
    assert desk.api("ed").get(f"{desk.url}/api/v1/documents").json() == []


def test_an_html_article_is_checked_as_a_page(desk):
    page = (f"<html><head><title>Stadium</title></head><body><nav><a href='/'>Home</a></nav>"
            f"<article><p>{PAID}</p></article></body></html>")
    response = desk.api("ed").post(f"{desk.url}/api/v1/articles",
                                   json={"uri": "cms:page-1", "html": page})
    assert response.status_code == 200, response.text
    review = response.json()
    assert review["document"]["media_type"] == "text/html"
    assert review["document"]["title"] == "Stadium" and "Home" not in review["document"]["text"]
    assert _paid(review["claims"])["text"] == PAID


def test_claims_are_read_rated_and_moved_with_history(desk):
    paid = _paid(desk.post_article(STORY)["claims"])["id"]
    rita = desk.api("rita")
    claim_url = f"{desk.url}/api/v1/claims/{paid}"
    assert rita.patch(claim_url, json={"assignee": "rita", "status": "in-review"}).status_code \
        == 200
    note = rita.post(f"{claim_url}/notes", json={"text": "Asked the treasurer."})
    assert note.status_code == 201 and note.json()["notes"][0]["author"] == "rita"
    digest = hashlib.sha256(PAID.encode()).hexdigest()
    rated = rita.post(f"{claim_url}/verdicts", json={
        "rating": "true", "rationale": "The 2019 accounts show it.",
        "sources": ["https://example.org/accounts", "Annual report 2019, p. 12"],
        "confidence": 0.9, "quote_sha256": digest})
    assert rated.status_code == 201, rated.text
    verdict = rated.json()["verdict"]
    assert (verdict["quote"], verdict["quote_sha256"]) == (PAID, digest)
    assert verdict["sources"][1] == {"citation": "Annual report 2019, p. 12"}
    assert rita.patch(claim_url, json={"status": "checked"}).json()["status"] == "checked"
    history = rita.get(f"{claim_url}/history").json()
    assert [(e["actor"], e["action"]) for e in history] == [
        ("ed", "created"), ("rita", "assigned"), ("rita", "status"), ("rita", "note"),
        ("rita", "verdict"), ("rita", "status")]
    found = rita.get(f"{desk.url}/api/v1/claims", params={"assignee": "rita"}).json()
    assert [claim["id"] for claim in found] == [paid]
    searched = rita.get(f"{desk.url}/api/v1/claims", params={"q": "STADIUM site in 2019"}).json()
    assert [claim["id"] for claim in searched] == [paid]


def test_a_revised_article_marks_the_verdict_stale_for_the_cms(desk):
    paid = _paid(desk.post_article(STORY)["claims"])["id"]
    rita = desk.api("rita")
    rita.post(f"{desk.url}/api/v1/claims/{paid}/verdicts", json={
        "rating": "true", "rationale": "The accounts.", "sources": ["https://example.org/a"]})
    old_digest = hashlib.sha256(PAID.encode()).hexdigest()
    revised = desk.post_article(STORY.replace("$250 million", "$350 million"))
    assert revised["stored"]["stale"] == [paid] and revised["stored"]["changed"] == [paid]
    claim = _paid(revised["claims"])
    assert claim["status"] == "in-review" and claim["verdicts"][0]["stale"]["text"] == \
        claim["text"]
    stale = rita.get(f"{desk.url}/api/v1/claims", params={"stale": "1"}).json()
    assert [c["id"] for c in stale] == [paid]
    late = rita.post(f"{desk.url}/api/v1/claims/{paid}/verdicts", json={
        "rating": "false", "rationale": "Read before the change.",
        "sources": ["https://example.org/a"], "quote_sha256": old_digest})
    assert late.status_code == 409 and "text changed" in late.json()["error"]


def test_exports_in_any_format_with_a_word_when_empty(desk):
    desk.post_article(STORY)
    rita = desk.api("rita")
    markdown = rita.get(f"{desk.url}/api/v1/export", params={"format": "markdown"})
    assert markdown.status_code == 200 and markdown.headers["Content-Type"].startswith(
        "text/markdown") and "# Workbench review" in markdown.text
    empty = rita.get(f"{desk.url}/api/v1/export", params={"format": "claimreview"})
    assert empty.status_code == 200 and json.loads(empty.text) == []
    assert "nothing to publish" in empty.headers["Workbench-Note"]
    unknown = rita.get(f"{desk.url}/api/v1/export", params={"format": "nope"})
    assert unknown.status_code == 400 and "unknown format" in unknown.json()["error"]


@pytest.mark.parametrize(("body", "problem"), [
    ({"uri": URI}, 'give the article as "text" or as "html"'),
    ({"uri": URI, "text": "a", "html": "b"}, 'as "text" or as "html"'),
    ({"uri": "story.txt", "text": STORY}, "URI with a scheme"),
    ({"uri": "/etc/passwd", "text": STORY}, "URI with a scheme"),
    ({"uri": URI, "text": "   "}, "the article is empty"),
    ({"uri": URI, "text": STORY, "store": "yes"}, "must be true or false"),
    ({"uri": URI, "text": 5}, "must be a string"),
])
def test_bad_articles_get_one_clear_error(desk, body, problem):
    response = desk.api("ed").post(f"{desk.url}/api/v1/articles", json=body)
    assert response.status_code == 400 and problem in response.json()["error"]
    assert desk.api("ed").get(f"{desk.url}/api/v1/documents").json() == []


def test_refusals_have_their_status(desk):
    paid = _paid(desk.post_article(STORY)["claims"])["id"]
    ed = desk.api("ed")
    claim_url = f"{desk.url}/api/v1/claims/{paid}"
    assert ed.get(f"{desk.url}/api/v1/claims/clm-0000000000000000").status_code == 404
    moved = ed.patch(claim_url, json={"status": "published"})
    assert moved.status_code == 409 and "cannot go from new to published" in moved.json()["error"]
    assert ed.patch(claim_url, json={"assignee": "nobody-here"}).status_code == 400
    assert ed.post(claim_url + "/verdicts", json={"rating": "true", "rationale": "x"}
                   ).status_code == 400  # a true rating needs a source
    not_json = ed.post(claim_url + "/notes", data="text=hello")
    assert not_json.status_code == 400 and "send JSON" in not_json.json()["error"]
    huge = ed.post(f"{desk.url}/api/v1/articles", json={"uri": URI, "text": "x. " * 300_000})
    assert huge.status_code == 413
    assert ed.get(f"{desk.url}/api/v1/nothing-here").json()["error"]


def test_many_clients_at_once_lose_no_update(desk):
    from concurrent.futures import ThreadPoolExecutor

    claims = [c["id"] for c in desk.post_article(STORY)["claims"]]

    def notes(worker: int) -> list[int]:
        session = desk.api("rita")
        return [session.post(f"{desk.url}/api/v1/claims/{claims[n % len(claims)]}/notes",
                             json={"text": f"worker {worker} note {n}"}).status_code
                for n in range(15)]

    with ThreadPoolExecutor(8) as pool:
        codes = [code for batch in pool.map(notes, range(8)) for code in batch]
    assert codes == [201] * 120
    total = sum(len(requests.get(f"{desk.url}/api/v1/claims/{claim}", headers={
        "Authorization": f"Bearer {desk.tokens['rita']}"}).json()["notes"]) for claim in claims)
    assert total == 120


def test_articles_checked_at_once_get_the_reviews_they_get_alone(desk):
    """The pipeline runs in the server's threads: checks at the same time must not mix."""
    from concurrent.futures import ThreadPoolExecutor
    from pathlib import Path

    seeds = sorted((Path(__file__).parent.parent / "seeds").glob("*.txt"))
    texts = [seed.read_text(encoding="utf-8") for seed in seeds] + [STORY]

    def review(text: str) -> list[tuple]:
        response = desk.api("ed").post(f"{desk.url}/api/v1/articles",
                                       json={"uri": "cms:same", "text": text, "store": False})
        assert response.status_code == 200, response.text
        return [(c["text"], c["checkworthiness"], c["kinds"],
                 [(v["rating"], v["origin"]["name"]) for v in c["verdicts"]])
                for c in response.json()["claims"]]

    alone = [review(text) for text in texts]
    with ThreadPoolExecutor(4) as pool:
        together = list(pool.map(review, texts * 3))
    assert together == alone * 3
