"""``workbench users`` and ``workbench serve`` on the command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import requests

from workbench.accounts import digest
from workbench.store import open_store

WORKBENCH = str(Path(sys.executable).with_name("workbench"))


def test_users_are_added_listed_changed_and_removed(tmp_path, run_cli):
    db = str(tmp_path / "desk.db")
    added = run_cli("--db", db, "users", "add", "dana", "--role", "admin", "--password-stdin",
                    input="a-long-password\n")
    assert added.exit_code == 0 and added.stdout == "added dana (admin)\n"
    short = run_cli("--db", db, "users", "add", "rita", "--password-stdin", input="short\n")
    assert short.exit_code == 2 and "10 to 1024 characters" in short.stderr
    bad = run_cli("--db", db, "users", "add", "ri ta", "--password-stdin",
                  input="a-long-password\n")
    assert bad.exit_code == 2 and "a user name is 1 to 64 letters" in bad.stderr
    again = run_cli("--db", db, "users", "add", "dana", "--password-stdin",
                    input="a-long-password\n")
    assert again.exit_code == 2 and "already a user of this name" in again.stderr
    token = run_cli("--db", db, "users", "token", "dana", "--label", "cms")
    secret = token.stdout.strip()
    assert secret.startswith("wbt_") and "shown only now" in token.stderr
    with open_store(db) as store:
        assert store.token_user(digest(secret)).name == "dana"
        assert secret not in (tmp_path / "desk.db").read_bytes().decode("latin-1")
    listed = json.loads(run_cli("--db", db, "users", "list", "-f", "json").stdout)
    assert [(u["name"], u["role"], u["tokens"]) for u in listed] == [("dana", "admin", 1)]
    assert run_cli("--db", db, "users", "role", "dana", "editor").exit_code == 0
    assert run_cli("--db", db, "users", "passwd", "dana", "--password-stdin",
                   input="another-long-one\n").exit_code == 0
    with open_store(db) as store:
        from workbench.accounts import verify_password

        user = store.get_user("dana")
        assert user.role == "editor" and verify_password(user.password_hash, "another-long-one")
    assert run_cli("--db", db, "users", "token", "dana", "--revoke").stdout == \
        "revoked 1 token of dana\n"
    assert run_cli("--db", db, "users", "remove", "dana").exit_code == 0
    missing = run_cli("--db", db, "users", "remove", "dana")
    assert missing.exit_code == 2 and "no such user" in missing.stderr


def test_serve_needs_a_store_with_users(tmp_path, run_cli):
    db = str(tmp_path / "desk.db")
    none = run_cli("--db", db, "serve")
    assert none.exit_code == 1 and "make one by adding its first user" in none.stderr
    with open_store(db, create=True):
        pass
    empty = run_cli("--db", db, "serve")
    assert empty.exit_code == 1 and "no users yet" in empty.stderr


def test_serve_listens_on_this_machine_only_by_default(tmp_path, run_cli):
    db = str(tmp_path / "desk.db")
    run_cli("--db", db, "users", "add", "dana", "--password-stdin", input="a-long-password\n")
    server = subprocess.Popen([WORKBENCH, "--db", db, "serve", "--port", "0"],
                              stderr=subprocess.PIPE, text=True,
                              env={**os.environ, "WORKBENCH_CONFIG": os.devnull})
    try:
        line = server.stderr.readline()
        assert line.startswith("workbench desk on http://127.0.0.1:"), line
        url = line.split(" on ", 1)[1].split("/ over", 1)[0]
        page = requests.get(f"{url}/signin", timeout=10)
        assert page.status_code == 200 and "Sign in" in page.text
    finally:
        server.terminate()
        server.wait(10)
    assert server.returncode in (0, 143, -15)
