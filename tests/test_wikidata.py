"""The Wikidata checker against a local server answering like the Wikidata API.

The items are fictional (ids from Q900001 up) so the test data states no real-world fact.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from online_support import silent_server, use_local_policy
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from workbench import net

ITEMS = {
    "Q900001": ("Atlantic Compact", ["ACO"], {
        "P571": [(("1952-04-04", 11), {})],
        "P2124": [(31, {"P585": ("2023-04-04", 11)}), (30, {"P585": ("2020-03-27", 11)})],
    }),
    "Q900002": ("Maria Velasquez", [], {
        "P166": [("Q900010", {"P585": ("2004", 9)}), ("Q900011", {})],
        "P39": [("Q900020", {"P580": ("2006-02-06", 11), "P582": ("2011-05-02", 11)}),
                ("Q900021", {"P580": ("1998-01-01", 11), "P582": ("2000-12-31", 11)})],
    }),
    "Q900010": ("Harbour Peace Prize", [], {}),
    "Q900011": ("Order of the Lantern", [], {}),
    "Q900020": ("Governor of the Northern Province", [], {}),
    "Q900021": ("Mayor of Eastport", [], {}),
    "Q900030": ("Atlantic Compact Stadium", [], {}),
    "Q900040": ("Elena Brandt", [], {
        "P39": [("Q900041", {"P580": ("2009-01-20", 11), "P582": ("2017-01-20", 11)})],
    }),
    "Q900041": ("Vice Governor of the Northern Province", [], {}),
    "Q900050": ("Port Union", [], {"P571": [(("1950", 9), {})]}),
    "Q900051": ("Port Union", [], {"P571": [(("1980", 9), {})]}),
}


def _time(value: str, precision: int) -> dict[str, Any]:
    padded = (value + "-01-01")[:10] if len(value) == 4 else value
    return {"snaktype": "value", "datavalue": {"type": "time", "value": {
        "time": f"+{padded}T00:00:00Z", "timezone": 0, "before": 0, "after": 0,
        "precision": precision, "calendarmodel": "http://www.wikidata.org/entity/Q1985727"}}}


def _statement(pid: str, value: Any, qualifiers: dict[str, Any]) -> dict[str, Any]:
    if isinstance(value, tuple):
        mainsnak = _time(*value)
    elif isinstance(value, str):
        mainsnak = {"snaktype": "value", "datavalue": {"type": "wikibase-entityid", "value": {
            "entity-type": "item", "id": value, "numeric-id": int(value[1:])}}}
    else:
        mainsnak = {"snaktype": "value", "datavalue": {"type": "quantity", "value": {
            "amount": f"+{value}", "unit": "1"}}}
    mainsnak["property"] = pid
    return {"mainsnak": mainsnak, "type": "statement", "rank": "normal",
            "qualifiers": {q: [_time(*v)] for q, v in qualifiers.items()}}


def entity(qid: str) -> dict[str, Any]:
    label, _aliases, claims = ITEMS[qid]
    return {"type": "item", "id": qid, "labels": {"en": {"language": "en", "value": label}},
            "claims": {pid: [_statement(pid, value, qualifiers) for value, qualifiers in values]
                       for pid, values in claims.items()}}


def api(request: Request) -> Response:
    """Answer wbsearchentities and wbgetentities like the real API does."""
    args = request.args
    if args.get("action") == "wbsearchentities":
        wanted = args["search"].casefold()
        hits = []
        for qid, (label, aliases, _) in ITEMS.items():
            texts = [label, *aliases]
            match = next((t for t in texts if wanted in t.casefold()), None)
            if match:
                hits.append({"id": qid, "label": label, "aliases": aliases,
                             "concepturi": f"http://www.wikidata.org/entity/{qid}",
                             "match": {"type": "label" if match == label else "alias",
                                       "language": "en", "text": match}})
        body = {"searchinfo": {"search": args["search"]}, "search": hits, "success": 1}
    elif args.get("action") == "wbgetentities":
        body = {"entities": {qid: entity(qid) for qid in args["ids"].split("|")},
                "success": 1}
    else:
        body = {"error": {"code": "badvalue"}}
    return Response(json.dumps(body), content_type="application/json")


@pytest.fixture(autouse=True)
def local_policy(tmp_path: Path, httpserver: HTTPServer,
                 monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    use_local_policy(tmp_path / "cache")
    monkeypatch.setenv("WORKBENCH_WIKIDATA_URL", httpserver.url_for("/w/api.php"))
    yield
    net.configure()


def check(run_cli: Callable[..., Result], tmp_path: Path, text: str,
          *flags: str) -> tuple[Result, list[dict[str, Any]]]:
    path = tmp_path / "article.txt"
    path.write_text(text, encoding="utf-8")
    result = run_cli("check", str(path), "--format", "json", *flags)
    data = json.loads(result.stdout) if result.stdout else {"documents": []}
    verdicts = [v for d in data["documents"] for c in d["claims"] for v in c["verdicts"]
                if v["origin"]["name"] == "wikidata_checker"]
    return result, verdicts


def serve_api(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/w/api.php").respond_with_handler(api)


def test_founding_year_contradiction_is_false_with_the_statement(
        run_cli: Callable[..., Result], httpserver: HTTPServer, tmp_path: Path) -> None:
    serve_api(httpserver)
    _, [verdict] = check(run_cli, tmp_path, "The Atlantic Compact was founded in 1958.\n",
                         "--online")
    assert verdict["rating"] == "false"
    assert "1952-04-04" in verdict["rationale"] and "1958" in verdict["computation"]
    [source] = verdict["sources"]
    assert source["url"] == httpserver.url_for("/wiki/Q900001") + "#P571"
    assert source["publisher"] == "Wikidata"
    assert source["quote"] == "inception (P571): 1952-04-04"


def test_agreement_is_never_rated_true(run_cli: Callable[..., Result], httpserver: HTTPServer,
                                       tmp_path: Path) -> None:
    serve_api(httpserver)
    _, [verdict] = check(run_cli, tmp_path, "The ACO was established on 4 April 1952.\n",
                         "--online")
    assert verdict["rating"] == "unverified"
    assert "agrees with 1952" in verdict["rationale"]


def test_award_year(run_cli: Callable[..., Result], httpserver: HTTPServer,
                    tmp_path: Path) -> None:
    serve_api(httpserver)
    _, verdicts = check(run_cli, tmp_path,
                        "Maria Velasquez won the Harbour Peace Prize in 2007.\n"
                        "Maria Velasquez won the Harbour Peace Prize in 2004.\n"
                        "Maria Velasquez won the Order of the Lantern in 2001.\n"
                        "Maria Velasquez won the Golden Fern in 2001.\n", "--online")
    wrong, right, undated = verdicts  # the Golden Fern is not listed: nothing is said
    assert wrong["rating"] == "false" and "2004" in wrong["rationale"]
    assert wrong["sources"][0]["url"].endswith("/wiki/Q900002#P166")
    assert "Harbour Peace Prize; point in time 2004" in wrong["sources"][0]["quote"]
    assert right["rating"] == "unverified" and "as claimed" in right["rationale"]
    assert undated["rating"] == "unverified" and "without a date" in undated["rationale"]


def test_an_undated_statement_prevents_a_false_rating(
        run_cli: Callable[..., Result], httpserver: HTTPServer, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Received twice, once without a date: the undated one might be the claimed year."""
    awards = [("Q900010", {"P585": ("2004", 9)}), ("Q900010", {})]
    monkeypatch.setitem(ITEMS, "Q900002", ("Maria Velasquez", [], {"P166": awards}))
    serve_api(httpserver)
    _, [verdict] = check(run_cli, tmp_path,
                         "Maria Velasquez won the Harbour Peace Prize in 2007.\n", "--online")
    assert verdict["rating"] == "unverified"


def test_position_held_terms(run_cli: Callable[..., Result], httpserver: HTTPServer,
                             tmp_path: Path) -> None:
    serve_api(httpserver)
    _, verdicts = check(run_cli, tmp_path,
                        "Maria Velasquez served as governor of the Northern Province from "
                        "2006 to 2011.\n"
                        "Maria Velasquez was governor of the Northern Province from 2006 to "
                        "2013.\n"
                        "Maria Velasquez was mayor of Eastport in 2004.\n", "--online")
    exact, overlap, outside = verdicts
    assert exact["rating"] == "unverified" and "agree" in exact["rationale"]
    assert overlap["rating"] == "unverified" and "differ" in overlap["rationale"]
    assert outside["rating"] == "false"
    assert "1998–2000" in outside["rationale"] and outside["sources"][0]["url"].endswith(
        "#P39")


def test_figures_are_compared_but_not_rated(run_cli: Callable[..., Result],
                                            httpserver: HTTPServer, tmp_path: Path) -> None:
    serve_api(httpserver)
    _, [verdict] = check(run_cli, tmp_path,
                         "In March 2023 the Atlantic Compact had 28 member states.\n", "--online")
    assert verdict["rating"] == "unverified"
    assert "31 (as of 2023-04-04)" in verdict["rationale"] and "-9.7%" in verdict["rationale"]


def test_a_name_without_an_exact_match_is_left_alone(
        run_cli: Callable[..., Result], httpserver: HTTPServer, tmp_path: Path) -> None:
    serve_api(httpserver)  # "Atlantic" only matches labels partially: no guess is made
    _, verdicts = check(run_cli, tmp_path, "Atlantic was founded in 1958.\n", "--online")
    assert verdicts == []
    assert [r.args["action"] for r, _ in httpserver.log] == ["wbsearchentities"]


def test_offline_makes_no_request(run_cli: Callable[..., Result], httpserver: HTTPServer,
                                  tmp_path: Path) -> None:
    serve_api(httpserver)
    result, verdicts = check(run_cli, tmp_path, "The Atlantic Compact was founded in 1958.\n")
    assert result.exit_code == 0 and verdicts == [] and httpserver.log == []


def test_second_run_is_served_from_the_cache(run_cli: Callable[..., Result],
                                             httpserver: HTTPServer, tmp_path: Path) -> None:
    serve_api(httpserver)
    text = "The Atlantic Compact was founded in 1958.\nMaria Velasquez won the Harbour " \
           "Peace Prize in 2007.\n"
    _, first = check(run_cli, tmp_path, text, "--online")
    sent = len(httpserver.log)
    use_local_policy(tmp_path / "cache")
    _, second = check(run_cli, tmp_path, text, "--online")
    assert len(httpserver.log) == sent and [v["rating"] for v in second] == ["false", "false"]
    assert [v["rationale"] for v in first] == [v["rationale"] for v in second]


def test_malformed_json_is_one_line_and_the_run_goes_on(
        run_cli: Callable[..., Result], httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/w/api.php").respond_with_data(
        '{"search": [', content_type="application/json")
    result, verdicts = check(run_cli, tmp_path, "The Atlantic Compact was founded in 1958.\n"
                             "The Atlantic Compact was dissolved in 1999.\n", "--online")
    assert result.exit_code == 0 and verdicts == []
    assert json.loads(result.stdout)["summary"]["claims"] == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("plugin wikidata_checker failed on ")
    assert lines[0].endswith("article.txt: NetworkError: GET "
                             f"{httpserver.url_for('/w/api.php')}: malformed JSON in the answer")


def test_a_silent_api_is_bounded_and_reported(run_cli: Callable[..., Result],
                                              tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    with silent_server() as base:
        monkeypatch.setenv("WORKBENCH_WIKIDATA_URL", base + "/w/api.php")
        text = "".join(f"The Atlantic Compact was founded in {1950 + n}.\n" for n in range(6))
        started = time.monotonic()
        result, verdicts = check(run_cli, tmp_path, text, "--online")
        elapsed = time.monotonic() - started
    assert result.exit_code == 0 and verdicts == []
    assert elapsed < 5  # two timed-out claims, then the host is skipped for the rest
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("plugin wikidata_checker failed on ")
    assert "no answer within 0.5 s" in line


def test_a_name_that_is_not_the_subject_is_not_compared(
        run_cli: Callable[..., Result], httpserver: HTTPServer, tmp_path: Path) -> None:
    serve_api(httpserver)
    _, verdicts = check(run_cli, tmp_path, "The partnership with the Atlantic Compact was "
                        "established in 1958.\nIn 1960, the Atlantic Compact was founded in "
                        "1958, and Maria Velasquez won the Harbour Peace Prize in 2004.\n",
                        "--online")
    assert [v["rating"] for v in verdicts] == ["false", "unverified"]
    assert "1958" in verdicts[0]["rationale"]


def test_an_office_is_matched_by_its_exact_role(run_cli, tmp_path, httpserver):
    httpserver.expect_request("/w/api.php").respond_with_handler(api)
    # A vice governor's term says nothing about the governorship: no verdict either way.
    _, verdicts = check(run_cli, tmp_path, "Elena Brandt served as governor from 2001 to 2005.",
                        "--online")
    assert verdicts == []
    _, verdicts = check(run_cli, tmp_path, "Elena Brandt served as vice governor from 2001 "
                        "to 2005.", "--online")
    assert [v["rating"] for v in verdicts] == ["false"]


def test_homonyms_and_active_verbs_are_left_unchecked(run_cli, tmp_path, httpserver):
    httpserver.expect_request("/w/api.php").respond_with_handler(api)
    _, verdicts = check(run_cli, tmp_path, "Port Union was founded in 1990.", "--online")
    assert verdicts == []  # two items share the name: which one is meant is not known
    _, verdicts = check(run_cli, tmp_path, "The Atlantic Compact established in 1990 a "
                        "new office.", "--online")
    assert verdicts == []  # an active verb: not a founding date
