"""The published fact-checks plugin against a local server answering like the claim search API.

Publishers, URLs and ratings below are fictional test data.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from online_support import use_local_policy
from pytest_httpserver import HTTPServer

from workbench import net

ANSWER = {"claims": [
    {"text": "The harbour tunnel was opened in 1987 and cost 40 million dollars.",
     "claimant": "A city councillor", "claimDate": "2021-05-02T00:00:00Z",
     "claimReview": [{"publisher": {"name": "Example Checks", "site": "checks.example"},
                      "url": "https://checks.example/harbour-tunnel",
                      "title": "No, the harbour tunnel did not open in 1987",
                      "reviewDate": "2021-05-10T14:00:00Z", "textualRating": "False",
                      "languageCode": "en"}]},
    {"text": "Bananas are blue.", "claimReview": [
        {"publisher": {"name": "Other"}, "url": "https://other.example/bananas",
         "textualRating": "False"}]},
]}


@pytest.fixture(autouse=True)
def local_policy(tmp_path: Path, httpserver: HTTPServer,
                 monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    use_local_policy(tmp_path / "cache")
    monkeypatch.setenv("WORKBENCH_FACTCHECK_URL", httpserver.url_for("/"))
    monkeypatch.setenv("WORKBENCH_FACTCHECK_API_KEY", "test-key")
    yield
    net.configure()


def verdicts_of(run_cli: Callable[..., Result], tmp_path: Path, *flags: str
                ) -> tuple[Result, list[dict[str, Any]]]:
    path = tmp_path / "article.txt"
    path.write_text("The harbour tunnel opened in March 1987 at a cost of 40 million dollars.\n",
                    encoding="utf-8")
    result = run_cli("check", str(path), "--format", "json", *flags)
    data = json.loads(result.stdout)
    return result, [v for c in data["documents"][0]["claims"] for v in c["verdicts"]
                    if v["origin"]["name"] == "factcheck_checker"]


def test_matching_reviews_are_attached_as_sources(run_cli: Callable[..., Result],
                                                  httpserver: HTTPServer,
                                                  tmp_path: Path) -> None:
    httpserver.expect_request("/v1alpha1/claims:search").respond_with_json(ANSWER)
    _, [verdict] = verdicts_of(run_cli, tmp_path, "--online")
    assert verdict["rating"] == "unverified"
    assert verdict["sources"] == [{
        "url": "https://checks.example/harbour-tunnel", "publisher": "Example Checks",
        "title": "No, the harbour tunnel did not open in 1987", "published": "2021-05-10",
        "quote": ANSWER["claims"][0]["text"]}]
    assert 'Example Checks (2021-05-10) rated' in verdict["rationale"]
    assert 'as "False"' in verdict["rationale"]
    assert "bananas" not in json.dumps(verdict)  # the unrelated review is left out
    [(request, _)] = httpserver.log
    assert request.args["key"] == "test-key" and "harbour" in request.args["query"]


def test_no_key_means_no_request(run_cli: Callable[..., Result], httpserver: HTTPServer,
                                 tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WORKBENCH_FACTCHECK_API_KEY")
    httpserver.expect_request("/v1alpha1/claims:search").respond_with_json(ANSWER)
    _, verdicts = verdicts_of(run_cli, tmp_path, "--online")
    assert verdicts == [] and httpserver.log == []


def test_no_similar_review_gives_no_verdict(run_cli: Callable[..., Result],
                                            httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/v1alpha1/claims:search").respond_with_json(
        {"claims": ANSWER["claims"][1:]})
    _, verdicts = verdicts_of(run_cli, tmp_path, "--online")
    assert verdicts == []


def test_api_errors_are_one_line_and_the_run_goes_on(run_cli: Callable[..., Result],
                                                     httpserver: HTTPServer,
                                                     tmp_path: Path) -> None:
    httpserver.expect_request("/v1alpha1/claims:search").respond_with_json(
        {"error": {"code": 403, "message": "API key not valid"}}, status=403)
    result, verdicts = verdicts_of(run_cli, tmp_path, "--online")
    assert result.exit_code == 0 and verdicts == []
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("plugin factcheck_checker failed on ") and "HTTP 403" in line
    assert "test-key" not in line


def test_the_api_key_is_not_stored_in_the_cache(run_cli: Callable[..., Result],
                                                httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/v1alpha1/claims:search").respond_with_json(ANSWER)
    verdicts_of(run_cli, tmp_path, "--online")
    net.reset()  # close the SQLite connections so every write is in the files
    stored = b"".join(path.read_bytes() for path in (tmp_path / "cache").iterdir())
    assert b"harbour" in stored and b"test-key" not in stored
