"""Saving a whole document at once: one validation per entry, kinds kept in step."""

from __future__ import annotations

import pytest
from store_helpers import raw

from workbench.claims import build_claims
from workbench.errors import RecordInvalid
from workbench.records import document_id, make_signal
from workbench.store import open_store
from workbench.store.base import ClaimFilter

SENTENCES = ["Exports grew by 12 percent in 1997.", "Imports fell by 3 percent in 2003."]


def _entry(kinds: tuple[str, ...] = ("temporal", "quantity"), sentences: list[str] = SENTENCES,
           uri: str = "bulk.txt") -> dict:
    """The sentences as a checked document whose claims carry ``kinds`` signals."""
    text = " ".join(sentences) + "\n"
    document = {
        "id": document_id(text), "uri": uri, "media_type": "text/plain",
        "title": None, "author": None, "published": None,
        "retrieved": "2025-01-01T00:00:00Z", "sha256": "0" * 64, "text": text,
        "offset_map": [[0, 0, len(text)]],
    }
    spans, signals, offset = [], [], 0
    for sentence in sentences:
        spans.append((offset, offset + len(sentence)))
        year = sentence[-5:-1]
        if "temporal" in kinds:
            at = offset + sentence.index(year)
            signals.append(make_signal(text, "temporal", at, at + 4, 0.5,
                                       {"type": "year", "year": int(year)}))
        if "quantity" in kinds:
            share = sentence.split()[-4]
            at = offset + sentence.index(f" {share} percent") + 1
            signals.append(make_signal(text, "quantity", at, at + len(share) + 8, 0.4))
        offset += len(sentence) + 1
    signals = [{**signal, "detector": "test"} for signal in signals]
    return {"document": document, "claims": build_claims(document, spans, signals)}


def test_an_invalid_claim_rejects_the_whole_document(tmp_path, store_location):
    entry = _entry()
    entry["claims"][1]["status"] = "lost"
    with open_store(str(store_location), create=True) as store:
        with pytest.raises(RecordInvalid, match="invalid claim: status: 'lost'"):
            store.save_entry(entry, "tester")
        assert list(store.iter_claims(ClaimFilter())) == []
        assert store.latest_documents() == []


def test_a_recheck_replaces_a_claims_kinds(tmp_path, store_location):
    with open_store(str(store_location), create=True) as store:
        first = store.save_entry(_entry(), "tester")
        assert len(first.new) == 2
        assert len(list(store.iter_claims(ClaimFilter(kind="quantity")))) == 2
        again = store.save_entry(_entry(kinds=("temporal",)), "tester")
        assert sorted(again.updated) == sorted(first.new)
        assert list(store.iter_claims(ClaimFilter(kind="quantity"))) == []
        kept = list(store.iter_claims(ClaimFilter(kind="temporal")))
        assert [claim["kinds"] for claim in kept] == [["temporal"], ["temporal"]]
        assert [e["action"] for e in store.history(first.new[0])] == ["created"]


def test_a_signal_value_beyond_64_bits_is_kept_exactly(tmp_path, store_location):
    entry = _entry()
    entry["claims"][0]["signals"][0]["value"] = {"type": "count", "count": 10**25}
    with open_store(str(store_location), create=True) as store:
        store.save_entry(entry, "tester")
        stored = store.get_claim(entry["claims"][0]["id"])
    assert stored["signals"][0]["value"] == {"type": "count", "count": 10**25}
    assert isinstance(stored["signals"][0]["value"]["count"], int)


def test_one_audit_row_records_the_creation_of_every_claim_of_a_save(tmp_path, store_location):
    entry = _entry()
    entry["claims"][1]["status"] = "in-review"
    location = store_location
    with open_store(str(location), create=True) as store:
        report = store.save_entry(entry, "tester")
        store.assign(report.new[1], "bob", "alice")
        histories = [store.history(claim_id) for claim_id in report.new]
    document = entry["document"]["id"]
    first, second = histories
    assert first == [{"seq": 1, "claim": report.new[0], "actor": "tester",
                      "at": first[0]["at"], "action": "created", "before": None,
                      "after": {"status": "new", "document_id": document}}]
    assert second[0] == {**first[0], "claim": report.new[1],
                         "after": {"status": "in-review", "document_id": document}}
    assert [entry["action"] for entry in second] == ["created", "assigned"]
    rows = raw(location, "SELECT claim_seq, action FROM audit ORDER BY seq")
    assert rows == [(None, "created"), (2, "assigned")]


def _revised(entry: dict) -> dict:
    """The entry's article with its first sentence gone (same uri, same length)."""
    text = entry["document"]["text"].replace(SENTENCES[0], "-" * len(SENTENCES[0]))
    document = {**entry["document"], "id": document_id(text), "text": text}
    claims = [{**claim, "document_id": document["id"], "verdicts": [], "notes": []}
              for claim in entry["claims"][1:]]
    return {"document": document, "claims": claims}


def test_save_entries_writes_every_document_or_none(tmp_path, store_location):
    first, bad = _entry(), _entry()
    bad["document"] = {**bad["document"], "uri": "other.txt"}
    bad["claims"][0]["span"] = {"start": 0}
    with open_store(str(store_location), create=True) as store:
        with pytest.raises(RecordInvalid):
            store.save_entries([first, bad], "tester")
        assert store.latest_documents() == []
        assert list(store.iter_claims(ClaimFilter())) == []


def test_save_entries_saves_a_revision_after_its_original(tmp_path, store_location):
    original = _entry()
    revised = _revised(original)
    with open_store(str(store_location), create=True) as store:
        reports = store.save_entries([original, revised], "tester")
        assert [len(r.new) for r in reports] == [2, 0]
        assert reports[1].orphaned == [reports[0].new[0]]
        assert reports[1].reanchored == [reports[0].new[1]]  # now in another document
        latest = store.latest_documents()
        assert [d["id"] for d in latest] == [revised["document"]["id"]]
        statuses = {c["id"]: c["status"] for c in store.iter_claims(ClaimFilter())}
    assert statuses == {reports[0].new[0]: "orphaned", reports[0].new[1]: "new"}


def test_kind_alone_merges_every_set_of_kinds_in_stored_order(tmp_path, store_location):
    entries = [_entry(kinds, [f"Report {n}: {sentence}" for sentence in SENTENCES], f"{n}.txt")
               for n, kinds in enumerate([("temporal", "quantity"), ("temporal",),
                                          ("quantity",), ("temporal", "quantity")])]
    with open_store(str(store_location), create=True) as store:
        store.save_entries(entries, "tester")
        every = list(store.iter_claims(ClaimFilter()))

        def listed(**where: object) -> list[str]:
            return [claim["id"] for claim in store.iter_claims(ClaimFilter(**where))]

        for kind in ("temporal", "quantity"):
            expected = [claim["id"] for claim in every if kind in claim["kinds"]]
            assert listed(kind=kind) == expected and len(expected) == 6
            assert listed(kind=kind, limit=3) == expected[:3]
            assert listed(kind=kind, status="new") == expected
        assert listed(kind="tempo") == [] and listed(kind="event") == []


def test_a_claim_naming_another_document_is_refused(tmp_path, store_location):
    from workbench.store import StoreError

    entry = _entry()
    entry["claims"][1]["document_id"] = "doc-0000000000000000"
    with open_store(str(store_location), create=True) as store:
        with pytest.raises(StoreError, match="names document doc-0000000000000000, not doc-"):
            store.save_entry(entry, "tester")
        assert store.latest_documents() == []
        assert list(store.iter_claims(ClaimFilter())) == []
