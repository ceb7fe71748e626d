"""``workbench export``: any registered exporter over the store, never a half-written file."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from store_helpers import AGREEMENT, ARTICLE, WEATHER, claim_with, write

from workbench import hookimpl
from workbench.types import Exporter


@pytest.fixture
def stored(tmp_path, run_cli, monkeypatch, store_location):
    """A store with the test article; one claim checked by a reviewer."""
    monkeypatch.setenv("WORKBENCH_REVIEWER", "alice")
    article = write(tmp_path / "story.txt", ARTICLE)
    db = store_location
    assert run_cli("--db", str(db), "check", str(article), "--store").exit_code == 0
    claim = claim_with(run_cli, db, AGREEMENT)["id"]
    run_cli("--db", str(db), "claims", "status", claim, "in-review")
    run_cli("--db", str(db), "claims", "note", claim, "Archive copy requested.")
    run_cli("--db", str(db), "verdict", claim, "--rating", "mostly-true",
            "--rationale", "Signed in 1994.", "--source", "https://example.org/treaty")
    return db, article, claim


def test_export_json_is_a_valid_review_with_the_stored_work(stored, run_cli, tmp_path):
    db, _, claim = stored
    out = tmp_path / "review.json"
    result = run_cli("--db", str(db), "export", "--format", "json", "--output", str(out))
    assert result.exit_code == 0, result.output
    assert run_cli("validate", str(out)).exit_code == 0
    review = json.loads(out.read_text(encoding="utf-8"))
    claims = review["documents"][0]["claims"]
    assert len(claims) == 5
    exported = next(c for c in claims if c["id"] == claim)
    assert exported["status"] == "in-review"
    assert exported["notes"][0]["text"] == "Archive copy requested."
    assert review["summary"]["by_rating"] == {"mostly-true": 1}


def test_export_filters_by_status_and_document(stored, run_cli):
    db, article, claim = stored
    result = run_cli("--db", str(db), "export", "--format", "json", "--status", "in-review",
                     "--document", str(article))
    review = json.loads(result.stdout)
    assert [c["id"] for c in review["documents"][0]["claims"]] == [claim]
    none = run_cli("--db", str(db), "export", "--format", "json", "--status", "published")
    assert none.exit_code == 2
    assert none.stderr == f"error: {db}: no claims with status published to export\n"
    unknown = run_cli("--db", str(db), "export", "--format", "json", "--document", "doc-0")
    assert unknown.exit_code == 2 and "no such document" in unknown.stderr


def test_export_text_and_markdown_are_reading_views(stored, run_cli):
    db, _, _ = stored
    text = run_cli("--db", str(db), "export", "--format", "text").stdout
    assert "verdict: mostly-true (1.00, alice)" in text
    assert "The weather was pleasant" not in text  # not check-worthy, untouched
    markdown = run_cli("--db", str(db), "export", "--format", "markdown").stdout
    claims = json.loads(run_cli("--db", str(db), "export", "--format", "json").stdout
                        )["documents"][0]["claims"]
    shown = {c["text"] for c in claims if c["checkworthy"]}
    assert AGREEMENT in shown  # the reading views show exactly the check-worthy claims
    for claim in claims:
        assert (claim["text"] in markdown) is (claim["text"] in shown), claim["text"]


def test_any_registered_exporter_works(stored, run_cli, register_plugin):
    db, _, claim = stored

    class Counter:
        @hookimpl
        def register_exporters(self, register):
            register(Exporter(name="count", description="claims per status",
                              media_type="text/plain", suffix=".txt",
                              export=lambda review: json.dumps(
                                  {c["id"]: c["status"] for e in review["documents"]
                                   for c in e["claims"]})))

    register_plugin(Counter(), "counter")
    result = run_cli("--db", str(db), "export", "--format", "count")
    assert result.exit_code == 0
    assert json.loads(result.stdout)[claim] == "in-review"


def test_unknown_format_empty_store_and_missing_folder(stored, run_cli, tmp_path):
    db, _, _ = stored
    unknown = run_cli("--db", str(db), "export", "--format", "pdf")
    assert unknown.exit_code == 2
    assert unknown.stderr.startswith("error: --format: unknown format 'pdf' (choose from: ")
    empty = tmp_path / "empty.db"
    from workbench.store import open_store

    open_store(str(empty), create=True).close()
    nothing = run_cli("--db", str(empty), "export", "--format", "json")
    assert nothing.exit_code == 2 and "the store is empty" in nothing.stderr
    missing = tmp_path / "no" / "review.json"
    result = run_cli("--db", str(db), "export", "--format", "json", "--output", str(missing))
    assert result.exit_code == 2 and "does not exist" in result.stderr
    assert not missing.parent.exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into a read-only folder")
def test_read_only_folder_is_refused(stored, run_cli, tmp_path):
    db, _, _ = stored
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        result = run_cli("--db", str(db), "export", "--format", "json",
                         "--output", str(folder / "review.json"))
        assert result.exit_code == 2 and "cannot write here" in result.stderr
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)


def test_failing_exporter_leaves_the_old_file(stored, run_cli, register_plugin, tmp_path):
    db, _, _ = stored

    class Broken:
        @hookimpl
        def register_exporters(self, register):
            def export(review):
                raise RuntimeError("disk full of opinions")

            register(Exporter(name="broken", description="fails", media_type="text/plain",
                              suffix=".txt", export=export))

    register_plugin(Broken(), "broken")
    out = write(tmp_path / "review.txt", "previous review\n")
    result = run_cli("--db", str(db), "export", "--format", "broken", "--output", str(out))
    assert result.exit_code == 3
    assert "plugin broken failed to export broken: RuntimeError" in result.stderr
    assert out.read_text(encoding="utf-8") == "previous review\n"
    left = {"review.txt", "story.txt"} | ({"claims.db"} if isinstance(db, Path) else set())
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(left)


def test_changed_and_superseded_documents_are_warned_about(stored, run_cli):
    db, article, _ = stored
    old = json.loads(run_cli("--db", str(db), "export", "--format", "json").stdout)
    old_id = old["documents"][0]["document"]["id"]
    write(article, "A correction was added.\n" + ARTICLE)
    changed = run_cli("--db", str(db), "export", "--format", "json")
    assert changed.exit_code == 0
    assert changed.stderr == (f"warning: {article}: the file changed since its claims were "
                              f"stored; run `workbench check {article} --store` to re-anchor "
                              "them\n")
    run_cli("--db", str(db), "check", str(article), "--store")
    assert run_cli("--db", str(db), "export", "--format", "json").stderr == ""
    superseded = run_cli("--db", str(db), "export", "--format", "json", "--document", old_id)
    assert superseded.exit_code == 2
    assert superseded.stderr.splitlines() == [
        f"warning: {old_id}: a newer revision of {article} is stored "
        f"({superseded_by(run_cli, db)}); its claims were re-anchored there",
        f"error: {db}: no claims to export"]


def superseded_by(run_cli, db):
    """The id of the latest stored document."""
    review = json.loads(run_cli("--db", str(db), "export", "--format", "json").stdout)
    return review["documents"][0]["document"]["id"]


def test_dismissed_claims_are_left_out_unless_asked_for(stored, run_cli):
    db, _, claim = stored
    weather = claim_with(run_cli, db, WEATHER)["id"]
    assert run_cli("--db", str(db), "claims", "status", weather, "dismissed").exit_code == 0

    def exported(*options: str) -> list[str]:
        result = run_cli("--db", str(db), "export", "--format", "json", *options)
        assert result.exit_code == 0, result.output
        return [c["id"] for c in json.loads(result.stdout)["documents"][0]["claims"]]

    assert weather not in exported() and claim in exported()
    assert weather in exported("--include-dismissed")
    assert exported("--status", "dismissed") == [weather]
    for other in [c for c in exported() if c != claim]:
        run_cli("--db", str(db), "claims", "status", other, "dismissed")
    only = run_cli("--db", str(db), "export", "--format", "json", "--status", "in-review")
    assert only.exit_code == 0
    run_cli("--db", str(db), "claims", "status", claim, "dismissed")
    none = run_cli("--db", str(db), "export", "--format", "json")
    assert none.exit_code == 2
    assert none.stderr == (f"error: {db}: no claims to export (5 dismissed left out: add "
                           "--include-dismissed)\n")


def test_an_empty_claimreview_export_says_why(stored, run_cli, tmp_path):
    db, _, _ = stored
    rated = run_cli("--db", str(db), "export", "--format", "claimreview")
    assert len(json.loads(rated.stdout)) == 1 and rated.stderr == ""
    other = write(tmp_path / "other.txt", "Prices doubled in 2008. Wages rose in 2010.\n")
    result = run_cli("check", str(other), "--format", "claimreview")
    assert result.exit_code == 0 and json.loads(result.stdout) == []
    assert result.stderr == ("note: claimreview: nothing to publish, the output is an empty "
                             "array: 2 claims without a verdict other than unverified; rate a "
                             "claim with `workbench verdict`\n")
    run_cli("--db", str(db), "check", str(other), "--store")
    empty = run_cli("--db", str(db), "export", "--format", "claimreview", "--document",
                    str(other))
    assert empty.exit_code == 0 and json.loads(empty.stdout) == []
    assert "note: claimreview: nothing to publish" in empty.stderr
