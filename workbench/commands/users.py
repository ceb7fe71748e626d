"""``workbench users``: the people who may sign in to ``workbench serve``, and API tokens."""

from __future__ import annotations

import json
import sys

import click

from workbench.commands.store import db_location
from workbench.store.base import Store

ROLE_HELP = ("reviewer: notes, verdicts, taking claims; editor: also assigning, publishing, "
             "dismissing, checking articles; admin: also managing users.")


def _open(create: bool = False) -> Store:
    from workbench.store import open_store

    return open_store(db_location(), create=create)


def _password(name: str, from_stdin: bool) -> str:
    """A new password: one line of stdin, or typed twice at a hidden prompt."""
    from workbench.accounts import hash_password

    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt(f"Password for {name}", hide_input=True,
                                confirmation_prompt=True)
    return hash_password(password)


PASSWORD_STDIN = click.option("--password-stdin", is_flag=True,
                              help="Read the password from the first line of stdin "
                                   "(for scripts) instead of a prompt.")


@click.group()
def users() -> None:
    """Add, list and remove the people who may sign in to `workbench serve`, and give them
    API tokens for a CMS.

    \b
    Examples:
      workbench users add dana --role editor          # asks for a password twice
      workbench users token cms-bot --label newsroom-cms
      workbench users list
    """


@users.command()
@click.argument("name")
@click.option("--role", type=click.Choice(["reviewer", "editor", "admin"]),
              default="reviewer", show_default=True, help=ROLE_HELP)
@PASSWORD_STDIN
def add(name: str, role: str, password_stdin: bool) -> None:
    """Add user NAME (the store is created if there is none yet)."""
    from workbench.accounts import check_name

    check_name(name)
    password_hash = _password(name, password_stdin)
    with _open(create=True) as store:
        store.add_user(name, role, password_hash)
    click.echo(f"added {name} ({role})")


@users.command(name="list")
@click.option("-f", "--format", "format_name", type=click.Choice(["text", "json"]),
              default="text", show_default=True, help="text: a line per user; json: an array.")
def list_users(format_name: str) -> None:
    """List users: name, role, when added, how many API tokens they hold."""
    with _open() as store:
        found = store.users()
    if format_name == "json":
        click.echo(json.dumps([{"name": u.name, "role": u.role, "created": u.created,
                                "tokens": u.tokens} for u in found], indent=2))
        return
    if not found:
        click.echo("no users yet: add one with `workbench users add NAME --role admin`",
                   err=True)
        return
    click.echo(f"{'NAME':<20}  {'ROLE':<8}  {'ADDED':<20}  TOKENS")
    for user in found:
        click.echo(f"{user.name:<20}  {user.role:<8}  {user.created:<20}  {user.tokens}")


@users.command()
@click.argument("name")
def remove(name: str) -> None:
    """Remove user NAME with their tokens and sessions (the audit log keeps their name)."""
    with _open() as store:
        store.remove_user(name)
    click.echo(f"removed {name}")


@users.command()
@click.argument("name")
@PASSWORD_STDIN
def passwd(name: str, password_stdin: bool) -> None:
    """Set a new password for NAME; it signs them out everywhere."""
    with _open() as store:
        if store.get_user(name) is None:
            from workbench.store.base import UnknownRecord

            raise UnknownRecord(name, f"no such user in {store.location}")
        store.update_user(name, password_hash=_password(name, password_stdin))
    click.echo(f"password of {name} changed")


@users.command()
@click.argument("name")
@click.argument("role_name", metavar="ROLE", type=click.Choice(["reviewer", "editor", "admin"]))
def role(name: str, role_name: str) -> None:
    """Give NAME another ROLE."""
    with _open() as store:
        store.update_user(name, role=role_name)
    click.echo(f"{name} is now {role_name}")


@users.command()
@click.argument("name")
@click.option("--label", default="api", show_default=True, metavar="TEXT",
              help="What the token is for (shown nowhere else; for your records).")
@click.option("--revoke", is_flag=True, help="Revoke every token of NAME instead.")
def token(name: str, label: str, revoke: bool) -> None:
    """Create an API token for NAME and print it once (only its digest is kept). The API
    acts as NAME, with NAME's role: send it as `Authorization: Bearer TOKEN`."""
    from workbench.accounts import TOKEN_PREFIX, digest, new_secret

    with _open() as store:
        if revoke:
            count = store.revoke_tokens(name)
            click.echo(f"revoked {count} token{'' if count == 1 else 's'} of {name}")
            return
        secret = new_secret(TOKEN_PREFIX)
        store.add_token(name, digest(secret), label)
    click.echo(secret)
    click.echo(f"note: the API token of {name} ({label}) is shown only now; keep it secret",
               err=True)

