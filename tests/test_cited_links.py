"""The cited-links checker, run through `workbench check --online` against a local server."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from online_support import silent_server, use_local_policy
from pytest_httpserver import HTTPServer
from werkzeug import Response

from workbench import hookimpl, net
from workbench.records import make_document
from workbench.types import Loader

PAGE = "<html><head><title>Treaty &amp; text</title></head><body>...</body></html>"


@pytest.fixture(autouse=True)
def local_policy(tmp_path: Path, httpserver: HTTPServer,
                 monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A private cache, 127.0.0.1 allowed, and the Wayback API on the local server."""
    use_local_policy(tmp_path / "cache")
    monkeypatch.setenv("WORKBENCH_WAYBACK_URL", httpserver.url_for("/archive"))
    monkeypatch.delenv("WORKBENCH_ONLINE", raising=False)
    yield
    net.configure()


def article(tmp_path: Path, *urls: str) -> str:
    """A text file with one check-worthy sentence citing each URL."""
    lines = [f"The convention was signed in December {1990 + n} (see {url})."
             for n, url in enumerate(urls)]
    path = tmp_path / "article.txt"
    path.write_text("\n".join([*lines, "Nothing else here."]) + "\n", encoding="utf-8")
    return str(path)


def review(result: Result) -> dict[str, Any]:
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def link_verdicts(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [v for c in data["documents"][0]["claims"] for v in c["verdicts"]
            if v["origin"]["name"] == "link_checker"]


def test_live_link_gets_status_final_url_and_title(
        run_cli: Callable[..., Result], httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/old").respond_with_response(
        Response("", status=301, headers={"Location": httpserver.url_for("/treaty")}))
    httpserver.expect_request("/treaty").respond_with_data(PAGE, content_type="text/html")
    data = review(run_cli("check", article(tmp_path, httpserver.url_for("/old")),
                          "--online", "--format", "json"))
    [verdict] = link_verdicts(data)
    assert verdict["rating"] == "unverified"
    assert verdict["sources"][0]["url"] == httpserver.url_for("/old")
    assert verdict["sources"][0]["title"] == "Treaty & text"
    assert "answers HTTP 200" in verdict["rationale"]
    assert f"redirects to {httpserver.url_for('/treaty')}" in verdict["rationale"]
    [check] = data["documents"][0]["document"]["metadata"]["link_checks"]
    assert (check["status"], check["final_url"], check["method"]) == (
        200, httpserver.url_for("/treaty"), "GET")
    methods = [request.method for request, _ in httpserver.log]
    assert methods[0] == "HEAD" and "GET" in methods


def test_head_refused_falls_back_to_get(run_cli: Callable[..., Result], httpserver: HTTPServer,
                                        tmp_path: Path) -> None:
    httpserver.expect_request("/pdf", method="HEAD").respond_with_data("", status=405)
    httpserver.expect_request("/pdf", method="GET").respond_with_data(
        b"%PDF-1.4", content_type="application/pdf")
    data = review(run_cli("check", article(tmp_path, httpserver.url_for("/pdf")), "--online",
                          "--format", "json"))
    [check] = data["documents"][0]["document"]["metadata"]["link_checks"]
    assert (check["status"], check["method"], check["title"]) == (200, "GET", None)


def test_dead_link_gets_an_archived_copy(run_cli: Callable[..., Result], httpserver: HTTPServer,
                                         tmp_path: Path) -> None:
    dead = httpserver.url_for("/gone")
    snapshot = "http://web.archive.org/web/20150101000000/" + dead
    httpserver.expect_request("/gone").respond_with_data("not here", status=404)
    httpserver.expect_request("/archive/wayback/available", query_string={"url": dead}) \
        .respond_with_json({"archived_snapshots": {"closest": {
            "available": True, "url": snapshot, "timestamp": "20150101000000", "status": "200"}}})
    data = review(run_cli("check", article(tmp_path, dead), "--online", "--format", "json"))
    [verdict] = link_verdicts(data)
    assert verdict["sources"][0]["archived_url"] == snapshot
    assert "is dead (HTTP 404)" in verdict["rationale"]
    text = run_cli("check", article(tmp_path, dead), "--online").stdout
    assert "is dead (HTTP 404)" in text and snapshot in text


def test_second_run_makes_no_request(run_cli: Callable[..., Result], httpserver: HTTPServer,
                                     tmp_path: Path) -> None:
    httpserver.expect_request("/a").respond_with_data(PAGE, content_type="text/html")
    httpserver.expect_request("/b").respond_with_data("gone", status=410)
    httpserver.expect_request("/archive/wayback/available").respond_with_json(
        {"archived_snapshots": {}})
    path = article(tmp_path, httpserver.url_for("/a"), httpserver.url_for("/b"))
    first = review(run_cli("check", path, "--online", "--format", "json"))
    sent = len(httpserver.log)
    assert sent >= 4  # HEAD and GET of /a, HEAD and GET of /b, an archive lookup
    use_local_policy(tmp_path / "cache")  # a new session, as in a new process
    second = review(run_cli("check", path, "--online", "--format", "json"))
    assert len(httpserver.log) == sent
    assert net.counts()["network"] == 0
    assert link_verdicts(first)[1]["rationale"] == link_verdicts(second)[1]["rationale"]
    assert "no archived copy found" in link_verdicts(second)[1]["rationale"]


def test_offline_by_default_and_offline_wins(run_cli: Callable[..., Result],
                                             httpserver: HTTPServer, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    httpserver.expect_request("/a").respond_with_data("ok")
    path = article(tmp_path, httpserver.url_for("/a"))
    assert link_verdicts(review(run_cli("check", path, "--format", "json"))) == []
    monkeypatch.setenv("WORKBENCH_ONLINE", "1")
    assert link_verdicts(review(run_cli("check", path, "--offline", "--format", "json"))) == []
    assert httpserver.log == []
    assert len(link_verdicts(review(run_cli("check", path, "--format", "json")))) == 1


def test_unreachable_and_refused_links_are_reported_and_the_run_goes_on(
        run_cli: Callable[..., Result], httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/archive/wayback/available").respond_with_data("{oops")
    with silent_server() as silent:
        path = article(tmp_path, silent + "/slow", "http://10.0.0.7/intranet",
                       httpserver.url_for("/fine"))
        httpserver.expect_request("/fine").respond_with_data("fine")
        result = run_cli("check", path, "--online", "--format", "json")
    data = review(result)
    slow, private, fine = data["documents"][0]["document"]["metadata"]["link_checks"]
    assert slow["status"] is None and "no answer within 0.5 s" in slow["error"]
    assert "malformed JSON" in slow["archive_error"]
    slow_verdict, private_verdict, _ = link_verdicts(data)
    assert "archive lookup failed" in slow_verdict["rationale"]
    assert "archive" not in private_verdict["rationale"]  # a refused address is not looked up
    assert private["status"] is None and "refusing" in private["error"]
    assert fine["status"] == 200
    assert result.stderr == ""  # dead links are findings, not plugin failures


def test_loader_links_with_spans_are_checked(run_cli: Callable[..., Result],
                                             httpserver: HTTPServer, tmp_path: Path,
                                             register_plugin: Callable[[object, str], None]
                                             ) -> None:
    """Links a loader lists in metadata["links"] are attached to the claim holding their span."""
    url = httpserver.url_for("/report")
    httpserver.expect_request("/report").respond_with_data(PAGE, content_type="text/html")
    text = "The report was published in March 2019 by the ministry.\nNo link here.\n"
    anchor = text.index("The report")

    class LinkLoader:
        @hookimpl
        def register_loaders(self, register: Callable[[Loader], None]) -> None:
            def load(raw: Any) -> dict[str, Any]:
                return make_document(raw, text, metadata={"links": [
                    {"url": url, "text": "The report",
                     "span": {"start": anchor, "end": anchor + 10}},
                    {"url": "mailto:press@example.org", "text": "press"}]})

            register(Loader(name="links", media_types=("text/x-links",),
                            suffixes={".links": "text/x-links"}, load=load))

    register_plugin(LinkLoader(), "link_loader")
    path = tmp_path / "story.links"
    path.write_text("ignored", encoding="utf-8")
    data = review(run_cli("check", str(path), "--online", "--format", "json"))
    [verdict] = link_verdicts(data)
    assert verdict["sources"] == [{"url": url, "title": "Treaty & text",
                                   "accessed": verdict["sources"][0]["accessed"]}]
    assert [c["url"] for c in data["documents"][0]["document"]["metadata"]["link_checks"]] \
        == [url]


def test_titles_and_odd_links(run_cli: Callable[..., Result], httpserver: HTTPServer,
                              tmp_path: Path) -> None:
    """UTF-8 titles without a declared charset read right; a malformed link stays local."""
    httpserver.expect_request("/utf8").respond_with_data(
        "<title>Traité d’Ottawa</title>".encode(), content_type="text/html")
    httpserver.expect_request("/archive/wayback/available").respond_with_json(["not", "a", "map"])
    path = article(tmp_path, httpserver.url_for("/utf8"), "http://127.0.0.1:99999/port",
                   httpserver.url_for("/missing"))
    data = review(run_cli("check", path, "--online", "--format", "json"))
    good, broken, missing = data["documents"][0]["document"]["metadata"]["link_checks"]
    assert good["title"] == "Traité d’Ottawa"
    assert broken["status"] is None and broken["error"]
    assert missing["status"] == 500 and "unexpected answer" in missing["archive_error"]
