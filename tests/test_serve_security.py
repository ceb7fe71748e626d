"""The desk's defences over real HTTP: sign-in walls, CSRF, roles, tokens, headers."""

from __future__ import annotations

import re

import pytest
import requests
from desk_support import PAID, STORY, form_token, password, running_desk


@pytest.fixture
def desk(tmp_path, store_location):
    """A desk over a store on each backend."""
    with running_desk(tmp_path, location=store_location) as served:
        served.article = served.post_article(STORY)
        served.paid = next(c["id"] for c in served.article["claims"] if c["text"] == PAID)
        yield served


def _history(desk, claim_id: str) -> list[dict]:
    return desk.api("ada").get(f"{desk.url}/api/v1/claims/{claim_id}/history").json()


def test_nothing_is_readable_without_signing_in(desk):
    document = desk.article["document"]["id"]
    for path in ("/", "/documents", f"/documents/{document}", f"/documents/{document}?claim="
                 f"{desk.paid}", "/claims", f"/claims/{desk.paid}",
                 f"/claims/{desk.paid}/history", "/export?format=json", "/users"):
        response = requests.get(desk.url + path, allow_redirects=False)
        assert response.status_code == 302, path
        assert response.headers["Location"].startswith("/signin?next=/"), path
        assert "stadium" not in response.text.lower(), path
    page = requests.get(f"{desk.url}/documents")  # followed: the sign-in form, nothing else
    assert page.url.startswith(f"{desk.url}/signin") and "stadium" not in page.text.lower()
    assert requests.post(f"{desk.url}/claims/{desk.paid}/note",
                         data={"text": "x"}).status_code in (401, 403)
    assert _history(desk, desk.paid)[-1]["action"] == "created"


def test_the_api_needs_a_valid_token(desk):
    url = f"{desk.url}/api/v1/claims/{desk.paid}"
    none = requests.get(url)
    assert none.status_code == 401 and none.headers["WWW-Authenticate"].startswith("Bearer")
    assert "Authorization: Bearer" in none.json()["error"]
    assert requests.get(url, headers={"Authorization": "Bearer wbt_forged"}).status_code == 401
    assert requests.get(url, headers={"Authorization": f"Basic {desk.tokens['ada']}"}
                        ).status_code == 401
    signed_in = desk.signed_in("ada")  # a browser session is not a token
    assert signed_in.get(url).status_code == 401
    assert requests.post(f"{desk.url}/api/v1/articles",
                         json={"uri": "cms:x", "text": STORY}).status_code == 401
    assert desk.api("ada").get(url).status_code == 200


def test_signing_in_needs_the_right_password_and_stays_on_this_site(desk):
    session = requests.Session()
    token = form_token(session.get(f"{desk.url}/signin").text)
    wrong = session.post(f"{desk.url}/signin", data={
        "name": "rita", "password": "not-her-password", "csrf_token": token},
        allow_redirects=False)
    assert wrong.status_code == 401 and "Wrong name or password" in wrong.text
    assert "workbench_session" not in session.cookies
    nobody = session.post(f"{desk.url}/signin", data={
        "name": "nobody", "password": "whatever-it-is", "csrf_token": form_token(wrong.text)},
        allow_redirects=False)
    assert nobody.status_code == 401
    right = session.post(f"{desk.url}/signin?next=//evil.example/x", data={
        "name": "rita", "password": password("rita"), "csrf_token": form_token(nobody.text)},
        allow_redirects=False)
    assert right.status_code == 303 and right.headers["Location"] == "/documents"
    cookie = next(c for c in right.raw.headers.getlist("Set-Cookie")
                  if c.startswith("workbench_session="))
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert session.get(f"{desk.url}/documents").status_code == 200


def test_forms_without_the_session_token_are_refused(desk):
    session = desk.signed_in("rita")
    page = session.get(f"{desk.url}/documents/{desk.article['document']['id']}"
                       f"?claim={desk.paid}")
    token = form_token(page.text)
    note = f"{desk.url}/claims/{desk.paid}/note"
    assert session.post(note, data={"text": "no token"}).status_code == 403
    assert session.post(note, data={"text": "forged", "csrf_token": "x" * 43}).status_code == 403
    other = desk.signed_in("rob")  # another session's token is not this one's
    other_token = form_token(other.get(f"{desk.url}/documents").text)
    assert session.post(note, data={"text": "theirs", "csrf_token": other_token}
                        ).status_code == 403
    cross = session.post(note, data={"text": "from elsewhere", "csrf_token": token},
                         headers={"Origin": "https://evil.example"})
    assert cross.status_code == 403
    assert [e["action"] for e in _history(desk, desk.paid)] == ["created"]
    ok = session.post(note, data={"text": "Asked the treasurer.", "csrf_token": token},
                      headers={"Origin": desk.url}, allow_redirects=False)
    assert ok.status_code == 303
    assert _history(desk, desk.paid)[-1]["after"]["text"] == "Asked the treasurer."
    assert _history(desk, desk.paid)[-1]["actor"] == "rita"
    login_forged = requests.post(f"{desk.url}/signin", data={
        "name": "rita", "password": password("rita"), "csrf_token": "made-up"})
    assert login_forged.status_code == 403


def _post(session, url: str, path: str, page: str, **data: str) -> requests.Response:
    return session.post(url + path, data={**data, "csrf_token": form_token(page)},
                        allow_redirects=False)


def test_roles_are_enforced_on_pages(desk):
    document = f"/documents/{desk.article['document']['id']}?claim={desk.paid}"
    rita = desk.signed_in("rita")
    page = rita.get(desk.url + document).text
    assert "Move to" in page and ">published<" not in page and "Assign to" not in page
    base = f"/claims/{desk.paid}"
    assert _post(rita, desk.url, base + "/status", page, status="in-review").status_code == 303
    page = rita.get(desk.url + document).text
    assert _post(rita, desk.url, base + "/status", page, status="dismissed").status_code == 403
    assert _post(rita, desk.url, base + "/assign", page, assignee="rob").status_code == 403
    assert _post(rita, desk.url, base + "/take", page).status_code == 303
    assert rita.get(desk.url + "/users").status_code == 403
    assert _post(rita, desk.url, "/documents", page, uri="cms:x", text=STORY).status_code == 403
    rob = desk.signed_in("rob")
    rob_page = rob.get(desk.url + document).text
    assert "Take this claim" not in rob_page  # rita holds it
    assert _post(rob, desk.url, base + "/release", rob_page).status_code == 403
    ed = desk.signed_in("ed")
    ed_page = ed.get(desk.url + document).text
    assert _post(ed, desk.url, base + "/assign", ed_page, assignee="rob").status_code == 303
    assert ed.get(desk.url + "/users").status_code == 403
    ada = desk.signed_in("ada")
    users_page = ada.get(desk.url + "/users")
    assert users_page.status_code == 200 and "rita" in users_page.text
    actions = [(e["actor"], e["action"]) for e in _history(desk, desk.paid)]
    assert actions == [("ed", "created"), ("rita", "status"), ("rita", "assigned"),
                       ("ed", "assigned")]


def test_roles_are_enforced_on_the_api(desk):
    url = f"{desk.url}/api/v1/claims/{desk.paid}"
    rita = desk.api("rita")
    refused = rita.post(f"{desk.url}/api/v1/articles", json={"uri": "cms:x", "text": STORY})
    assert refused.status_code == 403 and "needs an editor" in refused.json()["error"]
    assert rita.patch(url, json={"status": "dismissed"}).status_code == 403
    assert rita.patch(url, json={"assignee": "rob"}).status_code == 403
    assert rita.patch(url, json={"assignee": "rita"}).status_code == 200
    assert desk.api("rob").patch(url, json={"assignee": None}).status_code == 403
    assert desk.api("ed").patch(url, json={"status": "dismissed"}).status_code == 200


def test_a_change_against_a_stale_page_is_refused(desk):
    document = f"/documents/{desk.article['document']['id']}?claim={desk.paid}"
    rita, rob = desk.signed_in("rita"), desk.signed_in("rob")
    rita_page, rob_page = rita.get(desk.url + document).text, rob.get(desk.url + document).text
    base = f"/claims/{desk.paid}"
    # Both pages showed the claim unassigned (the form says so in a hidden field).
    assert _post(rita, desk.url, base + "/take", rita_page,
                 expected_assignee="").status_code == 303
    late = _post(rob, desk.url, base + "/take", rob_page, expected_assignee="")
    assert late.status_code == 409 and "changed this claim meanwhile" in late.text
    assert desk.api("ada").get(f"{desk.url}/api/v1/claims/{desk.paid}").json()["assignee"] \
        == "rita"


def test_security_headers_on_every_page(desk):
    session = desk.signed_in("rita")
    for path in ("/signin", "/documents", f"/documents/{desk.article['document']['id']}",
                 "/api/v1/documents", "/static/desk.css"):
        response = session.get(desk.url + path, headers={
            "Authorization": f"Bearer {desk.tokens['rita']}"})
        headers = response.headers
        csp = headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp, path
        assert "unsafe-inline" not in csp and "default-src 'none'" in csp, path
        assert headers["X-Frame-Options"] == "DENY", path
        assert headers["X-Content-Type-Options"] == "nosniff", path
        assert headers["Referrer-Policy"] == "same-origin", path
    html = session.get(f"{desk.url}/documents").text
    assert not re.search(r"<script(?![^>]*\ssrc=)", html)  # no inline script at all
    assert session.get(f"{desk.url}/documents").headers["Cache-Control"] == "no-store"


def test_signing_out_or_a_new_password_ends_the_session(desk):
    from workbench.accounts import hash_password
    from workbench.store import open_store

    session = desk.signed_in("rita")
    page = session.get(f"{desk.url}/documents")
    out = session.post(f"{desk.url}/signout", data={"csrf_token": form_token(page.text)},
                       allow_redirects=False)
    assert out.status_code == 303
    assert session.get(f"{desk.url}/documents", allow_redirects=False).status_code == 302
    again = desk.signed_in("rita")
    assert again.get(f"{desk.url}/documents", allow_redirects=False).status_code == 200
    with open_store(str(desk.db)) as store:
        store.update_user("rita", password_hash=hash_password("a-new-password"))
    assert again.get(f"{desk.url}/documents", allow_redirects=False).status_code == 302


def test_hostile_article_text_is_escaped_in_the_page(desk):
    hostile = ("Evil & co said <script>window.__pwned=1</script> profits rose 40% in 2023.\n\n"
               "The file evil\u202egnp.exe was sent on 3 May 2024 to 12 staff.\n")
    review = desk.post_article(hostile, uri="cms:hostile")
    session = desk.signed_in("rita")
    html = session.get(f"{desk.url}/documents/{review['document']['id']}").text
    assert "<script>window.__pwned" not in html
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html
    assert "\u202e" not in html and "⟨U+202E⟩" in html
