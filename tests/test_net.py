"""The shared HTTP session: cache, retries, Retry-After, timeouts, the private-address guard."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from online_support import silent_server, use_local_policy
from pytest_httpserver import HTTPServer
from werkzeug import Response

from workbench import net
from workbench.pipeline import online_enabled


@pytest.fixture(autouse=True)
def local_policy(tmp_path: Path) -> Iterator[None]:
    """Every test gets its own cache and a policy that allows 127.0.0.1 only."""
    use_local_policy(tmp_path / "cache")
    yield
    net.configure()


def test_second_request_is_served_from_the_cache(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/page").respond_with_data("hello")
    first = net.fetch("GET", httpserver.url_for("/page"))
    second = net.fetch("GET", httpserver.url_for("/page"))
    assert (first.text, second.text) == ("hello", "hello")
    assert len(httpserver.log) == 1
    assert net.counts() == {"network": 1, "cached": 1}


def test_cache_survives_a_new_session(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/page").respond_with_data("hello")
    net.fetch("GET", httpserver.url_for("/page"))
    use_local_policy(tmp_path / "cache")  # a new session on the same SQLite file
    assert net.fetch("GET", httpserver.url_for("/page")).from_cache
    assert len(httpserver.log) == 1
    assert (tmp_path / "cache" / "http_cache.sqlite").is_file()


def test_user_agent_names_the_tool_and_version(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/ua").respond_with_data("ok")
    net.fetch("GET", httpserver.url_for("/ua"))
    agent = httpserver.log[0][0].headers["User-Agent"]
    assert agent.startswith("workbench/0.") and "fact-check" in agent


def test_server_errors_are_retried_until_success(httpserver: HTTPServer) -> None:
    for _ in range(2):
        httpserver.expect_ordered_request("/flaky").respond_with_data("down", status=500)
    httpserver.expect_ordered_request("/flaky").respond_with_json({"ok": True})
    assert net.get_json(httpserver.url_for("/flaky")) == {"ok": True}
    assert len(httpserver.log) == 3


def test_persistent_server_errors_end_as_one_line_error(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/down").respond_with_data("down", status=503)
    with pytest.raises(net.NetworkError, match=r"^GET http://127\.0\.0\.1:\d+/down: HTTP 503"):
        net.get_json(httpserver.url_for("/down"))
    assert len(httpserver.log) == 1 + net.settings().retries


def test_429_waits_for_retry_after(httpserver: HTTPServer) -> None:
    httpserver.expect_ordered_request("/busy").respond_with_response(
        Response("slow down", status=429, headers={"Retry-After": "1"}))
    httpserver.expect_ordered_request("/busy").respond_with_json([1, 2])
    started = time.monotonic()
    assert net.get_json(httpserver.url_for("/busy")) == [1, 2]
    assert time.monotonic() - started >= 0.9


def test_a_retry_after_longer_than_the_bound_is_not_waited_for(httpserver: HTTPServer) -> None:
    httpserver.expect_ordered_request("/busy").respond_with_response(
        Response("slow down", status=429, headers={"Retry-After": "3600"}))
    httpserver.expect_ordered_request("/busy").respond_with_json("ok")
    started = time.monotonic()
    with pytest.raises(net.NetworkError, match=r"HTTP 429 .*asks to wait 3600 s"):
        net.get_json(httpserver.url_for("/busy"))
    assert time.monotonic() - started < 1  # no retry: the answer came back at once
    assert len(httpserver.log) == 1


def test_malformed_json_is_a_one_line_error(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/api").respond_with_data("{not json",
                                                        content_type="application/json")
    with pytest.raises(net.NetworkError, match="malformed JSON"):
        net.get_json(httpserver.url_for("/api"))


def test_a_silent_server_times_out_and_is_then_skipped() -> None:
    with silent_server() as base:
        started = time.monotonic()
        with pytest.raises(net.NetworkError, match=r"no answer within 0\.5 s"):
            net.fetch("GET", base + "/a")
        with pytest.raises(net.NetworkError, match="no answer"):
            net.fetch("GET", base + "/b")
        with pytest.raises(net.NetworkError, match="skipped after 2 failed connections"):
            net.fetch("GET", base + "/c")
        assert time.monotonic() - started < 4  # two reads per request, then fail fast


def test_loopback_is_refused_unless_allowed(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/").respond_with_data("secret")
    use_local_policy(tmp_path / "cache", allow=())
    with pytest.raises(net.AddressRefused, match=r"127\.0\.0\.1: refusing to fetch"):
        net.fetch("GET", httpserver.url_for("/"))
    with pytest.raises(net.AddressRefused, match=r"resolves to (127\.0\.0\.1|::1)"):
        net.fetch("GET", f"http://localhost:{httpserver.port}/")
    assert httpserver.log == []


@pytest.mark.parametrize("target", ["http://169.254.169.254/latest/meta-data/",
                                    "http://10.1.2.3/", "http://[::1]:80/",
                                    "http://127.0.0.2/"])
def test_redirect_to_a_private_address_is_refused(httpserver: HTTPServer, target: str) -> None:
    httpserver.expect_request("/go").respond_with_response(
        Response("", status=302, headers={"Location": target}))
    with pytest.raises(net.AddressRefused, match="refusing"):
        net.fetch("GET", httpserver.url_for("/go"))
    assert len(httpserver.log) == 1


@pytest.mark.parametrize(("address", "refused"), [
    ("8.8.8.8", False), ("2001:4860:4860::8888", False), ("10.0.0.1", True),
    ("172.16.5.4", True), ("192.168.1.1", True), ("127.0.0.1", True), ("169.254.1.1", True),
    ("::1", True), ("fe80::1", True), ("fc00::1", True), ("::ffff:127.0.0.1", True),
    ("0.0.0.0", True), ("100.64.0.1", True), ("224.0.0.1", True)])
def test_address_classification(address: str, refused: bool) -> None:
    assert net.is_refused(address) is refused


def test_bounded_map_runs_concurrently_and_keeps_order() -> None:
    started = time.monotonic()
    assert net.map_bounded(lambda n: time.sleep(0.2) or n * 2, range(8)) == list(range(0, 16, 2))
    assert time.monotonic() - started < 1.0


def test_online_switch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WORKBENCH_ONLINE", raising=False)
    assert online_enabled(None) is False
    monkeypatch.setenv("WORKBENCH_ONLINE", "1")
    assert online_enabled(None) is True
    assert online_enabled(False) is False
    assert online_enabled(True) is True


def test_connected_peer_is_checked_too(httpserver: HTTPServer, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """If DNS changes between the check and the connection (rebinding), the socket is refused."""
    httpserver.expect_request("/").respond_with_data("secret")
    use_local_policy(tmp_path / "cache", allow=())
    monkeypatch.setattr(net, "check_address", lambda host, port: None)
    with pytest.raises(net.AddressRefused, match=r"connected to 127\.0\.0\.1"):
        net.fetch("GET", httpserver.url_for("/"))
    assert httpserver.log == []


def test_requests_to_one_host_are_spaced(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/n").respond_with_data("ok")
    use_local_policy(tmp_path / "cache", host_interval=0.2)
    started = time.monotonic()
    net.map_bounded(lambda n: net.fetch("GET", httpserver.url_for("/n"), params={"n": n}),
                    range(4))
    assert time.monotonic() - started >= 0.6  # four starts, 0.2 s apart
    assert len(httpserver.log) == 4
