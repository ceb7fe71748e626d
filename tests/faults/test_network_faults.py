"""Faults of the network layer: huge and endless answers, trickling servers, addresses
hidden in IPv6, a cache that outlives the policy, a host asking to wait a day."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from online_support import trickling_server, use_local_policy
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from workbench import net


@pytest.fixture(autouse=True)
def local_policy(tmp_path: Path, httpserver: HTTPServer,
                 monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A private cache, 127.0.0.1 allowed, and the Wayback API on the local server."""
    use_local_policy(tmp_path / "cache")
    monkeypatch.setenv("WORKBENCH_WAYBACK_URL", httpserver.url_for("/archive"))
    httpserver.expect_request("/archive/wayback/available").respond_with_json({})
    yield
    net.configure()


def endless(_request: Request) -> Response:
    """A chunked answer that would go on for 600 MB."""
    block = b"x" * 65536
    return Response((block for _ in range(10_000)), content_type="application/octet-stream")


def article(tmp_path: Path, *urls: str, name: str = "article.txt") -> Path:
    """A text file with one check-worthy sentence citing each URL."""
    path = tmp_path / name
    path.write_text("\n".join(f"The convention was signed in December {1990 + n} (see {url})."
                              for n, url in enumerate(urls)) + "\n", encoding="utf-8")
    return path


def link_checks(result: Result) -> dict[str, dict[str, Any]]:
    """The link checks of every document of a JSON review, by URL."""
    assert result.exit_code == 0, result.stderr
    return {check["url"]: check for entry in json.loads(result.stdout)["documents"]
            for check in entry["document"]["metadata"].get("link_checks", [])}


# ---- size --------------------------------------------------------------------------------


def test_an_endless_answer_is_cut_at_the_size_limit(httpserver: HTTPServer,
                                                    tmp_path: Path) -> None:
    httpserver.expect_request("/huge").respond_with_handler(endless)
    use_local_policy(tmp_path / "cache", max_bytes=1_000_000)
    url = httpserver.url_for("/huge")
    started = time.monotonic()
    with pytest.raises(net.NetworkError, match=rf"^GET {url}: the answer is over the 1\.0 MB "
                                               r"limit \(WORKBENCH_HTTP_MAX_SIZE\)"):
        net.fetch("GET", url)
    assert time.monotonic() - started < 5
    assert (tmp_path / "cache" / "http_cache.sqlite").stat().st_size < 1_000_000


def test_an_announced_size_over_the_limit_is_refused_before_reading(
        httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/big").respond_with_data(b"x" * 300_000)
    use_local_policy(tmp_path / "cache", max_bytes=100_000)
    with pytest.raises(net.NetworkError, match=r"the answer is 0\.3 MB, over the 0\.1 MB limit"):
        net.fetch("GET", httpserver.url_for("/big"))
    assert len(net.fetch("GET", httpserver.url_for("/big"), max_bytes=400_000).content) \
        == 300_000  # a caller may set its own limit


def test_limits_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_HTTP_MAX_SIZE", "5MB")
    monkeypatch.setenv("WORKBENCH_HTTP_MAX_TIME", "12")
    monkeypatch.setenv("WORKBENCH_HTTP_DOCUMENT_TIME", "20")
    monkeypatch.setenv("WORKBENCH_HTTP_RUN_TIME", "600")
    settings = net.HttpSettings.from_env()
    assert (settings.max_bytes, settings.max_time, settings.document_time,
            settings.run_time) == (5_000_000, 12.0, 20.0, 600.0)
    monkeypatch.setenv("WORKBENCH_HTTP_MAX_SIZE", "lots")
    with pytest.raises(net.NetworkError, match=r"^WORKBENCH_HTTP_MAX_SIZE: 'lots' is not a size"):
        net.HttpSettings.from_env()
    monkeypatch.delenv("WORKBENCH_HTTP_MAX_SIZE")


# ---- time --------------------------------------------------------------------------------


@pytest.mark.parametrize("headers_too", [False, True], ids=["body", "headers"])
def test_a_trickling_server_is_stopped_at_the_time_limit_of_a_request(
        tmp_path: Path, headers_too: bool) -> None:
    use_local_policy(tmp_path / "cache", max_time=1.0)
    with trickling_server(0.1, 20, headers_too) as base:
        started = time.monotonic()
        with pytest.raises(net.NetworkError, match=rf"^GET {base}/slow: stopped: the time "
                                                   r"limit of a request \(1 s"):
            net.fetch("GET", base + "/slow")
        assert time.monotonic() - started < 3


@pytest.mark.parametrize("timeout", [None, 2, (1, 2), (None, 2)])
def test_a_caller_may_give_its_own_timeouts_or_no_time_limit(
        httpserver: HTTPServer, tmp_path: Path, timeout: object) -> None:
    httpserver.expect_request("/ok").respond_with_data("fine")
    use_local_policy(tmp_path / "cache", max_time=0)  # no limit per request
    assert net.fetch("GET", httpserver.url_for("/ok"), timeout=timeout).text == "fine"


def test_the_links_of_a_document_share_its_network_time(
        run_cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        workbench_config: Callable[[str], Path]) -> None:
    monkeypatch.setenv("WORKBENCH_HTTP_DOCUMENT_TIME", "1.5")
    use_local_policy(tmp_path / "cache")
    workbench_config("timeout = 30\n")
    with trickling_server(0.1, 8) as base:
        urls = [f"{base}/{n}" for n in range(3)]
        started = time.monotonic()
        result = run_cli("check", str(article(tmp_path, *urls)), "--online", "-f", "json")
        elapsed = time.monotonic() - started
    checks = link_checks(result)
    assert elapsed < 5  # not 3 x 8 s, nor the document's 30 s
    for url in urls:  # each URL is reported, none dropped with the document
        assert "the document's network time (1.5 s" in checks[url]["error"]


def test_the_documents_of_a_run_share_its_network_time(
        run_cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
        ) -> None:
    monkeypatch.setenv("WORKBENCH_HTTP_RUN_TIME", "1")
    use_local_policy(tmp_path / "cache")
    folder = tmp_path / "docs"
    folder.mkdir()
    with trickling_server(0.1, 8) as base:
        article(folder, f"{base}/first", name="1.txt")
        article(folder, f"{base}/second", name="2.txt")
        started = time.monotonic()
        result = run_cli("check", str(folder), "--online", "-f", "json", "--jobs", "1")
        elapsed = time.monotonic() - started
    checks = link_checks(result)
    assert elapsed < 5
    assert checks[f"{base}/first"]["error"] == (
        f"GET {base}/first: stopped: the run's network time (1 s, WORKBENCH_HTTP_RUN_TIME) "
        "ran out")
    assert checks[f"{base}/second"]["error"] == (
        f"HEAD {base}/second: not sent: the run's network time (1 s, "
        "WORKBENCH_HTTP_RUN_TIME) ran out")


# ---- addresses ---------------------------------------------------------------------------

# IPv6 addresses that carry 127.0.0.1 (or 8.8.8.8 behind a local-use NAT64 prefix).
EMBEDDING = {
    "IPv4-mapped": "::ffff:7f00:1",
    "IPv4-compatible": "::127.0.0.1",
    "NAT64": "64:ff9b::7f00:1",
    "NAT64 local-use": "64:ff9b:1::808:808",
    "6to4": "2002:7f00:1::1",
    "Teredo": "2001:0:4136:e378:8000:63bf:80ff:fffe",
}


@pytest.mark.parametrize("address", EMBEDDING.values(), ids=EMBEDDING.keys())
def test_an_ipv6_address_embedding_a_private_ipv4_one_is_refused(address: str) -> None:
    assert net.is_refused(address)


@pytest.mark.parametrize("address", ["64:ff9b::808:808", "2002:808:808::1"])
def test_an_ipv6_address_embedding_a_public_ipv4_one_is_fetched(address: str) -> None:
    assert not net.is_refused(address)  # DNS64 networks reach every IPv4-only site so


# The same forms carrying 169.254.169.254, the cloud metadata service.
METADATA = {
    "IPv4-mapped": "::ffff:a9fe:a9fe",
    "IPv4-compatible": "::169.254.169.254",
    "NAT64": "64:ff9b::a9fe:a9fe",
    "NAT64 local-use": "64:ff9b:1::a9fe:a9fe",
    "6to4": "2002:a9fe:a9fe::1",
    "Teredo": "2001:0:4136:e378:8000:63bf:5601:5601",
}


@pytest.mark.parametrize("address", METADATA.values(), ids=METADATA.keys())
def test_no_connection_is_tried_to_an_embedding_address(address: str) -> None:
    with pytest.raises(net.AddressRefused, match=r"resolves to .*: refusing to fetch"):
        net.fetch("GET", f"http://[{address}]:9/latest/")


@pytest.mark.parametrize("address", METADATA.values(), ids=METADATA.keys())
def test_a_redirect_to_an_embedding_address_is_refused(httpserver: HTTPServer,
                                                       address: str) -> None:
    httpserver.expect_request("/go").respond_with_response(
        Response("", status=302, headers={"Location": f"http://[{address}]/latest/"}))
    with pytest.raises(net.AddressRefused, match="refusing"):
        net.fetch("GET", httpserver.url_for("/go"))
    assert len(httpserver.log) == 1


def test_a_cached_answer_is_not_served_once_its_address_is_refused(
        httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/secret").respond_with_data("internal")
    url = httpserver.url_for("/secret")
    assert net.fetch("GET", url).text == "internal"  # cached while 127.0.0.1 was allowed
    use_local_policy(tmp_path / "cache", allow=())
    with pytest.raises(net.AddressRefused, match=r"127\.0\.0\.1: refusing to fetch"):
        net.fetch("GET", url)
    assert net.counts()["cached"] == 0


# ---- a host that asks to wait ------------------------------------------------------------


def test_a_day_long_retry_after_rests_the_host_not_the_checker(
        run_cli: Callable[..., Result], httpserver: HTTPServer, tmp_path: Path) -> None:
    busy = Response("slow down", status=429, headers={"Retry-After": "86400"})
    httpserver.expect_request("/busy").respond_with_response(busy)
    httpserver.expect_request("/other").respond_with_data("<title>Other</title>",
                                                          content_type="text/html")
    with HTTPServer(host="127.0.0.1", port=0) as elsewhere:
        elsewhere.expect_request("/page").respond_with_data("<title>Page</title>",
                                                            content_type="text/html")
        urls = [httpserver.url_for("/busy"), httpserver.url_for("/other"),
                elsewhere.url_for("/page")]
        started = time.monotonic()
        result = run_cli("check", str(article(tmp_path, *urls)), "--online", "-f", "json")
        elapsed = time.monotonic() - started
    checks = link_checks(result)
    assert elapsed < 5
    busy_requests = [request for request, _ in httpserver.log if request.path == "/busy"]
    assert len(busy_requests) == 1  # never retried, never asked again
    assert "asked to wait 86400 s" in checks[urls[0]]["error"]
    assert checks[urls[2]]["status"] == 200 and checks[urls[2]]["title"] == "Page"
    verdicts = [verdict for entry in json.loads(result.stdout)["documents"]
                for claim in entry["claims"] for verdict in claim["verdicts"]
                if verdict["origin"]["name"] == "link_checker"]
    assert len(verdicts) == 3  # the checker went on for every claim
