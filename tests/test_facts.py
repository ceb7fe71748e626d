"""Facts as data: fact packs in force, a newsroom's own pack from `workbench facts`, packs
from plugins, and closed-world reasoning only where a pack declares it."""

from __future__ import annotations

import json
from pathlib import Path

from workbench import hookimpl
from workbench.records import make_document  # noqa: F401 (records stay importable)

PRIZE_ROWS = (
    "subject,relation,object,date,source_url,publisher,subject_name,subject_type,"
    "object_name,object_type\n"
    "ada-lind,won,daily-prize,2010,https://example.org/prize/2010,The Daily,Ada Lind,person,"
    "Daily Prize,prize\n"
    "ben-ortiz,won,daily-prize,2011,https://example.org/prize/2011,The Daily,Ben Ortiz,person,"
    ",\n"
    "cleo-marr,,,,,,Cleo Marr,person,,\n"
)


def _check(run_cli, tmp_path: Path, text: str, *args: str) -> dict:
    article = tmp_path / "article.txt"
    article.write_text(text, encoding="utf-8")
    result = run_cli("check", str(article), "-f", "json", "--as-of", "2025-06-01", *args)
    assert result.exit_code == 0, result.stderr
    [claim] = json.loads(result.stdout)["documents"][0]["claims"]
    return claim


def test_facts_list_names_the_bundled_pack_with_its_licence(run_cli):
    listed = json.loads(run_cli("facts", "list", "-f", "json").stdout)
    world = next(pack for pack in listed if pack["name"] == "workbench-world")
    assert world["origin"] == "bundled" and world["licence"] == "CC-BY-4.0"
    assert world["facts"] > 1000 and world["series"]
    assert "workbench-world 2.0.0 (bundled, CC-BY-4.0)" in run_cli("facts", "list").stdout


def test_facts_show_gives_each_fact_with_its_source(run_cli):
    shown = run_cli("facts", "show", "Kofi Annan").stdout
    assert "Kofi Annan won Nobel Peace Prize in 2001 [workbench-world]" in shown
    assert "source: Nobel Prize Outreach" in shown
    record = json.loads(run_cli("facts", "show", "european-union", "-f", "json").stdout)
    assert record["type"] == "organisation"
    joined = [f for f in record["facts"] if f["statement"].startswith("Croatia joined")]
    assert joined and joined[0]["source"]["url"].startswith(
        "https://github.com/jfjelstul/eumem/blob/")
    missing = run_cli("facts", "show", "Atlantis League")
    assert missing.exit_code == 2
    assert missing.stderr.startswith("error: Atlantis League: no entity has this id or name")


def test_a_newsroom_fact_round_trip(run_cli, tmp_path, workbench_config):
    pack = tmp_path / "newsroom-facts"
    added = run_cli("facts", "add", str(pack), "--subject", "croatia", "--relation", "joined",
                    "--object", "european-union", "--date", "2013-06-30", "--source-url",
                    "https://example.org/desk/croatia", "--publisher", "The Daily",
                    "--quote", "Croatia joined at midnight on 30 June 2013.")
    assert added.exit_code == 0, added.stderr
    valid = run_cli("facts", "validate", str(pack))
    assert (valid.exit_code, valid.stdout) == (0, f"{pack}: valid fact pack\n")
    workbench_config(f'facts = ["{pack.name}"]\n')  # relative to the configuration file
    claim = _check(run_cli, tmp_path, "Croatia joined the EU in June 2013.")
    [verdict] = claim["verdicts"]
    assert verdict["rating"] == "true"
    assert "(pack newsroom-facts, outranking pack workbench-world)" in verdict["rationale"]
    [fact] = verdict["assertions"][0]["facts"]
    assert fact["source"] == {"url": "https://example.org/desk/croatia", "title":
                              "https://example.org/desk/croatia", "publisher": "The Daily",
                              "quote": "Croatia joined at midnight on 30 June 2013."}
    listed = [p["name"] for p in json.loads(run_cli("facts", "list", "-f", "json").stdout)]
    assert listed == ["workbench-world", "newsroom-facts"]  # lowest precedence first


def test_facts_import_adds_all_rows_or_none(run_cli, tmp_path):
    pack = tmp_path / "prizes"
    rows = tmp_path / "rows.csv"
    rows.write_text(PRIZE_ROWS, encoding="utf-8")
    refused = run_cli("facts", "import", str(pack), str(rows))
    assert refused.exit_code == 2
    assert refused.stderr.startswith("error: row 3: relation '' is not one of")
    assert not pack.exists()  # nothing half-written
    rows.write_text(PRIZE_ROWS.rsplit("cleo-marr", 1)[0], encoding="utf-8")
    imported = run_cli("facts", "import", str(pack), str(rows))
    assert imported.stdout == f"{pack}: added 2 facts from {rows}\n"
    assert "ada-lind" in (pack / "entities.csv").read_text(encoding="utf-8")
    assert run_cli("facts", "validate", str(pack)).exit_code == 0


def test_absence_contradicts_only_where_a_pack_declares_it_complete(run_cli, tmp_path,
                                                                     monkeypatch):
    pack = tmp_path / "prizes"
    rows = tmp_path / "rows.csv"
    rows.write_text(PRIZE_ROWS.rsplit("cleo-marr", 1)[0], encoding="utf-8")
    run_cli("facts", "import", str(pack), str(rows))
    run_cli("facts", "add", str(pack), "--subject", "cleo-marr", "--subject-name",
            "Cleo Marr", "--subject-type", "person", "--relation", "born", "--date", "1970",
            "--source-url", "https://example.org/cleo", "--publisher", "The Daily")
    monkeypatch.setenv("WORKBENCH_FACTS", str(pack))
    text = "Cleo Marr won the Daily Prize in 2010."
    assert _check(run_cli, tmp_path, text)["verdicts"][0]["rating"] == "unverified"
    manifest = json.loads((pack / "datapackage.json").read_text(encoding="utf-8"))
    declaration = {"relation": "won", "object": "daily-prize", "from": 2010, "to": 2012,
                   "note": "every winner"}
    manifest["workbench"] = {"complete": [declaration]}
    (pack / "datapackage.json").write_text(json.dumps(manifest), encoding="utf-8")
    [verdict] = _check(run_cli, tmp_path, text)["verdicts"]
    assert verdict["rating"] == "false"
    assert "Ada Lind won Daily Prize in 2010 (every winner)" in verdict["rationale"]
    assert _check(run_cli, tmp_path, "Ada Lind won the Daily Prize in 2010."
                  )["verdicts"][0]["rating"] == "true"
    # Nobody won in 2012: only the list itself can say so, and it must be citable.
    unawarded = "Cleo Marr won the Daily Prize in 2012."
    [verdict] = _check(run_cli, tmp_path, unawarded)["verdicts"]
    assert verdict["rating"] == "unverified"
    assert "no source to cite for it" in verdict["rationale"]
    source = (pack / "sources.csv").read_text(encoding="utf-8").splitlines()[1].split(",")
    manifest["workbench"]["complete"][0]["source"] = source[0]
    (pack / "datapackage.json").write_text(json.dumps(manifest), encoding="utf-8")
    [verdict] = _check(run_cli, tmp_path, unawarded)["verdicts"]
    assert verdict["rating"] == "false"
    assert "the prize was not awarded in 2012" in verdict["rationale"]
    assert [s["url"] for s in verdict["sources"]] == [source[3]]


def test_facts_validate_lists_the_problems_of_a_broken_pack(run_cli, tmp_path):
    pack = tmp_path / "broken"
    run_cli("facts", "add", str(pack), "--subject", "finland", "--relation", "joined",
            "--object", "nato", "--date", "2023", "--source-url", "https://example.org/a",
            "--publisher", "Desk")
    facts = pack / "facts.csv"
    facts.write_text(facts.read_text(encoding="utf-8").replace("nato", "natto"),
                     encoding="utf-8")
    result = run_cli("facts", "validate", str(pack))
    assert result.exit_code == 1
    assert "unknown object 'natto'" in result.stdout


class ElectionPack:
    """An installed plugin's pack, registered through the hook."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @hookimpl
    def register_fact_packs(self, register):
        register(self.folder)


def test_hook_register_fact_packs(run_cli, register_plugin, tmp_path):
    pack = tmp_path / "election-facts"
    run_cli("facts", "add", str(pack), "--subject", "ada-lind", "--subject-name", "Ada Lind",
            "--subject-type", "person", "--relation", "held_office", "--object",
            "prime-minister-of-canada", "--date", "2030", "--source-url",
            "https://example.org/e", "--publisher", "Elections Desk")
    register_plugin(ElectionPack(pack), "election_facts")
    listed = json.loads(run_cli("facts", "list", "-f", "json").stdout)
    assert [(p["name"], p["origin"]) for p in listed][-1] == ("election-facts", "installed")
    found = json.loads(run_cli("facts", "show", "Ada Lind", "-f", "json").stdout)
    assert found["facts"][0]["statement"] == ("Ada Lind held the office of Prime Minister of "
                                              "Canada since 2030")


def test_a_pack_lead_points_a_reader_at_a_source_without_being_evidence(
        run_cli, tmp_path, workbench_config):
    pack = tmp_path / "desk-facts"
    run_cli("facts", "add", str(pack), "--subject", "harbour-board", "--subject-name",
            "Harbour Board", "--subject-type", "organisation", "--relation", "founded",
            "--date", "1901", "--source-url", "https://example.org/board/history",
            "--publisher", "Harbour Board")
    (pack / "sources.csv").open("a", encoding="utf-8").write(
        "minutes,City Archive,Board minutes,https://example.org/archive/minutes,,,\n")
    (pack / "leads.csv").write_text("subject,source,note\nharbour-board,minutes,\n",
                                    encoding="utf-8")
    workbench_config(f'facts = ["{pack.name}"]\n')
    claim = _check(run_cli, tmp_path, "The Harbour Board approved a new pier in 1999.")
    [verdict] = claim["verdicts"]
    assert verdict["rating"] == "unverified" and verdict["sources"] == []
    assert {lead["url"] for lead in verdict["leads"]} == {
        "https://example.org/board/history", "https://example.org/archive/minutes"}
    (pack / "leads.csv").write_text("subject,source\nharbour-board,nowhere\n",
                                    encoding="utf-8")
    broken = run_cli("check", str(tmp_path / "article.txt"))
    assert broken.exit_code != 0
    assert "source 'nowhere' is not in sources.csv" in broken.stderr


def test_the_kept_knowledge_follows_edits_and_survives_a_damaged_copy(run_cli, tmp_path):
    """Each run is a new process reading the knowledge base kept in the cache folder."""
    import os
    import subprocess
    import sys

    pack = tmp_path / "desk-facts"
    run_cli("facts", "add", str(pack), "--subject", "harbour-board", "--subject-name",
            "Harbour Board", "--subject-type", "organisation", "--relation", "founded",
            "--date", "1901", "--source-url", "https://example.org/board/history",
            "--publisher", "Harbour Board")
    article = tmp_path / "article.txt"
    article.write_text("The Harbour Board was founded in 1901.\n", encoding="utf-8")
    cache = tmp_path / "cache"
    env = {**os.environ, "WORKBENCH_CACHE_DIR": str(cache), "WORKBENCH_FACTS": str(pack)}

    def rating() -> str:
        done = subprocess.run([sys.executable, "-m", "workbench", "check", str(article),
                               "-f", "json", "--as-of", "2025-06-01"], env=env,
                              capture_output=True, text=True, check=True)
        [claim] = json.loads(done.stdout)["documents"][0]["claims"]
        return claim["verdicts"][0]["rating"]

    assert rating() == "true"
    [kept] = cache.glob("knowledge-*.pickle")
    kept.write_bytes(b"not a pickle")
    assert rating() == "true"
    facts = pack / "facts.csv"
    facts.write_text(facts.read_text(encoding="utf-8").replace("1901", "1911"),
                     encoding="utf-8")
    assert rating() == "false"
    assert len(list(cache.glob("knowledge-*.pickle"))) == 1  # the older one is gone
