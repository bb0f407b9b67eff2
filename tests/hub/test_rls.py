"""Who may see what, enforced by PostgreSQL: a client that skips Rejoinder and writes SQL
directly, as a non-member, can read, insert, update and delete nothing of a matter; only an
administrator changes membership; a removed member pulls nothing more."""
from __future__ import annotations

import json
import uuid
from collections.abc import Callable

import psycopg
import pytest
from psycopg import errors

from storage.hub.admin import add_member, hub_matters, remove_member
from storage.hub.connection import HubDenied
from storage.hub.sync import sync
from storage.store import Store
from tests.hub.pg import Cluster
from tests.hub.test_sync import first_matter, share

Url = Callable[..., str]


@pytest.fixture
def matter(ada: Store, url: Url) -> str:
    """Ada's matter on the hub, with a note, shared with Bob (not with Mallory)."""
    found = first_matter(ada)
    ada.add_note(ada.comments(matter_id=found)[0].id, "Privileged: the 8% figure is wrong.")
    sync(ada, url("alice"))
    share(url, found, "bob")
    return found


def denied(conn: psycopg.Connection, sql: str, params: list[object]) -> bool:
    """True if PostgreSQL refused the statement or it touched no row."""
    try:
        with conn.transaction():
            return conn.execute(sql, params).rowcount == 0  # type: ignore[arg-type]
    except (errors.InsufficientPrivilege, errors.ForeignKeyViolation):
        return True


def test_a_non_member_reads_nothing(matter: str, url: Url) -> None:
    with psycopg.connect(url("mallory")) as conn:
        for table in ("matters", "members", "changes", "blobs", "letters"):
            assert conn.execute(f"SELECT count(*) FROM rejoinder.{table}").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM rejoinder.changes WHERE records LIKE "
                            "'%%Privileged%%'").fetchone()[0] == 0
    with psycopg.connect(url("bob")) as conn:  # the member reads it
        assert conn.execute("SELECT count(*) FROM rejoinder.changes WHERE records LIKE "
                            "'%%Privileged%%'").fetchone()[0] == 1


def test_a_non_member_writes_nothing(matter: str, url: Url, cluster: Cluster, hub: str) -> None:
    with psycopg.connect(url("mallory")) as conn:
        change = [matter, str(uuid.uuid4()), str(uuid.uuid4()), json.dumps({"id": "x"}),
                  "[]", "{}", "0" * 64, "mallory"]
        assert denied(conn, "INSERT INTO rejoinder.changes (matter_id, push_id, client_id, "
                      "author, schema, records, sha256, pushed_by) VALUES (%s, %s, %s, %s, %s, "
                      "%s, %s, %s)", change)
        assert denied(conn, "INSERT INTO rejoinder.blobs (matter_id, sha256, data) "
                      "VALUES (%s, %s, %s)", [matter, "0" * 64, b"x"])
        assert denied(conn, "INSERT INTO rejoinder.members (matter_id, member) VALUES (%s, %s)",
                      [matter, "mallory"])
        assert denied(conn, "INSERT INTO rejoinder.letters (sha256, matter_id) VALUES (%s, %s)",
                      ["0" * 64, matter])
        assert denied(conn, "DELETE FROM rejoinder.letters", [])
        assert denied(conn, "UPDATE rejoinder.letters SET matter_id = 'x'", [])
        assert denied(conn, "UPDATE rejoinder.changes SET records = '{}'", [])
        assert denied(conn, "UPDATE rejoinder.matters SET removed_at = now() WHERE id = %s",
                      [matter])
        assert denied(conn, "DELETE FROM rejoinder.changes", [])
        assert denied(conn, "DELETE FROM rejoinder.members", [])
        assert denied(conn, "DELETE FROM rejoinder.blobs", [])
    with psycopg.connect(url("bob")) as conn:  # even a member never rewrites history
        assert denied(conn, "UPDATE rejoinder.changes SET records = '{}'", [])
        assert denied(conn, "DELETE FROM rejoinder.changes", [])
        assert denied(conn, "INSERT INTO rejoinder.changes (matter_id, push_id, client_id, "
                      "author, schema, records, sha256, pushed_by) VALUES (%s, %s, %s, %s, %s, "
                      "%s, %s, %s)", [matter, str(uuid.uuid4()), str(uuid.uuid4()), "{}", "[]",
                                      "{}", "0" * 64, "alice"])  # pushing as someone else
    with psycopg.connect(cluster.url(database=hub)) as conn:  # the owner sees it unchanged
        assert conn.execute("SELECT count(*), min(length(records)) > 2 FROM "
                            "rejoinder.changes").fetchone() == (1, True)
        assert conn.execute("SELECT count(*) FROM rejoinder.members").fetchone()[0] == 2


def test_only_an_administrator_changes_membership(matter: str, url: Url) -> None:
    with pytest.raises(HubDenied, match="rejoinder_admin"):
        add_member(url("alice"), matter, "mallory")
    with pytest.raises(HubDenied):
        remove_member(url("bob"), matter, "alice")
    listed = {m.id: m for m in hub_matters(url("boss"))}
    assert listed[matter].members == ("alice", "bob")


def test_a_removed_member_pulls_nothing_more(matter: str, ada: Store, bob: Store,
                                             url: Url) -> None:
    sync(bob, url("bob"))
    assert remove_member(url("boss"), matter, "bob")
    ada.add_note(ada.comments(matter_id=matter)[1].id, "After Bob left.")
    sync(ada, url("alice"))
    bob.add_note(bob.comments(matter_id=matter)[1].id, "Bob, after he left.")
    summary = sync(bob, url("bob"))
    assert summary.pulled == [] and not summary.pushed
    assert "no longer a member" in " ".join(summary.notes)
    assert bob._one("SELECT 1 AS x FROM annotations WHERE body = 'After Bob left.'", []) is None
    assert bob.matter(matter)  # the laptop keeps its copy
