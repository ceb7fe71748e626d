"""For any text, the offsets invariant holds through the whole pipeline."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.pipeline import FailureLog, check_input
from workbench.types import CheckOptions, RawInput

PIECES = st.sampled_from([
    "Tariffs rose 25 per cent in 2018.", "over three decades ago", " ", "\n", "\n\n", "  • ",
    "5 min read", "Published March 14, 2025", "Dr. Smith said", "<a href=\"/x\">x</a>",
    "[link](https://example.org)", "© 2024", "Table of Contents", "“quoted”", "é", "東京",
    "\t", "...", "?!", "1997–2000", "sanctions on steel", "\r\n", "&amp;", "<p>", "</p>",
])
TEXT = st.one_of(
    st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
            min_size=1, max_size=300),
    st.lists(PIECES, min_size=1, max_size=40).map("".join),
)


def assert_invariants(entry: dict) -> None:
    document = entry["document"]
    text = document["text"]
    dropped = [(d["start"], d["end"]) for d in document.get("metadata", {}).get("dropped", [])
               if "start" in d]
    for start, end in dropped:
        assert 0 <= start < end <= len(text)
    for claim in entry["claims"]:
        start, end = claim["span"]["start"], claim["span"]["end"]
        assert text[start:end] == claim["text"] == claim["selector"]["exact"]
        assert claim["text"] == claim["text"].strip() and claim["text"]
        assert not any(a < end and start < b for a, b in dropped)
        for signal in claim["signals"]:
            s_start, s_end = signal["span"]["start"], signal["span"]["end"]
            assert start <= s_start < end and s_end <= len(text)
            assert text[s_start:s_end] == signal["text"]


def check(text: str, media_type: str) -> dict | None:
    raw = RawInput("prop", text.encode("utf-8"), media_type)
    log = FailureLog(strict=True, emit=lambda _line: None)
    return check_input(raw, CheckOptions(), log)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_offsets_hold_for_any_text(text):
    entry = check(text, "text/plain")
    assert entry is not None
    assert entry["document"]["text"] == text
    assert_invariants(entry)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_offsets_hold_for_any_html(page):
    entry = check(page, "text/html")
    assert entry is not None
    assert_invariants(entry)
    text = entry["document"]["text"]
    for text_start, original_start, length in entry["document"]["offset_map"]:
        assert page[original_start:original_start + length] == (
            text[text_start:text_start + length])
