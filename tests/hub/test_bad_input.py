"""What goes wrong, said plainly, with the workspace unchanged: an unreachable hub, a wrong
password, another application's database, a newer hub, tampered rows; and `hub init` on each."""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest

from main import main
from storage.exchange.pack import PackTooNew
from storage.hub.admin import init_hub
from storage.hub.connection import (
    HubLoginFailed,
    HubRefused,
    HubTooNew,
    HubUnreachable,
    NotAHub,
)
from storage.hub.sync import sync
from storage.store import Store
from tests.hub.pg import Cluster, free_port
from tests.hub.test_sync import first_matter, share
from tests.storage.test_exchange import dump

Url = Callable[..., str]


@pytest.fixture
def owner(cluster: Cluster, hub: str) -> Iterator[psycopg.Connection]:
    with psycopg.connect(cluster.url(database=hub), autocommit=True) as conn:
        yield conn


def unchanged(store: Store, url: str, error: type[Exception], match: str) -> None:
    before = dump(store)
    with pytest.raises(error, match=match):
        sync(store, url)
    assert dump(store) == before


def test_unreachable_hub(ada: Store) -> None:
    first_matter(ada)
    unchanged(ada, f"postgresql://alice@127.0.0.1:{free_port()}/hub", HubUnreachable,
              "Could not reach the team hub at 127.0.0.1.*Nothing in your workspace was changed")


def test_wrong_password(ada: Store, url: Url) -> None:
    first_matter(ada)
    unchanged(ada, url("alice", password="wrong"), HubLoginFailed,
              "refused the login.*password authentication failed.*~/.pgpass")


def test_another_applications_database(ada: Store, cluster: Cluster) -> None:
    with psycopg.connect(cluster.url(), autocommit=True) as conn:
        conn.execute("CREATE DATABASE shop")
    with psycopg.connect(cluster.url(database="shop"), autocommit=True) as conn:
        conn.execute("CREATE TABLE customers (id int)")
    first_matter(ada)
    unchanged(ada, cluster.url(database="shop"), NotAHub, "is not a Rejoinder hub")
    with pytest.raises(NotAHub, match="another application"):
        init_hub(cluster.url(database="shop"))
    with psycopg.connect(cluster.url(database="shop")) as conn:
        assert conn.execute("SELECT to_regnamespace('rejoinder')").fetchone() == (None,)


def test_a_newer_hub_is_refused_untouched(ada: Store, url: Url, owner: psycopg.Connection
                                          ) -> None:
    owner.execute("UPDATE rejoinder.hub SET value = '99' WHERE key = 'version'")
    first_matter(ada)
    unchanged(ada, url("alice"), HubTooNew, "newer Rejoinder.*hub version 99")
    tables = owner.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'rejoinder'"
                           ).fetchone()
    with pytest.raises(HubTooNew, match="left untouched"):
        init_hub(url("postgres"))
    assert owner.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'rejoinder'"
                         ).fetchone() == tables
    assert owner.execute("SELECT count(*) FROM rejoinder.matters").fetchone() == (0,)


def test_init_twice_changes_nothing(url: Url) -> None:
    before, after, hub_id = init_hub(url("postgres"))
    assert before == after == 2 and len(hub_id) == 36


def tamper(owner: psycopg.Connection, change: Callable[[dict], None], rehash: bool = True
           ) -> None:
    seq, text = owner.execute("SELECT seq, records FROM rejoinder.changes ORDER BY seq DESC "
                              "LIMIT 1").fetchone()
    records = json.loads(text)
    change(records)
    text = json.dumps(records)
    digest = hashlib.sha256(text.encode()).hexdigest() if rehash else "0" * 64
    owner.execute("UPDATE rejoinder.changes SET records = %s, sha256 = %s WHERE seq = %s",
                  [text, digest, seq])


def shared_with_bob(ada: Store, url: Url) -> str:
    matter = first_matter(ada)
    ada.save_draft(ada.comments(matter_id=matter)[0].id, "Ada's answer.")
    sync(ada, url("alice"))
    share(url, matter, "bob")
    return matter


def _comment_text(records: dict) -> None:
    records["comments"][0]["text"] = "Something the staff never wrote."


def _unknown_reviewer(records: dict) -> None:
    records["responses"][0]["owner_id"] = "00000000-0000-4000-8000-000000000000"


def _bad_id(records: dict) -> None:
    records["comments"][0]["id"] = "not-an-id"


def _bad_status(records: dict) -> None:
    records["responses"][0]["status"] = "pwned"


@pytest.mark.parametrize("change, match", [
    (_comment_text, "does not match its values"),
    (_unknown_reviewer, "neither it nor your workspace holds"),
    (_bad_id, "is not an id"),
    (_bad_status, "unknown value"),
])
def test_tampered_rows_are_refused(ada: Store, bob: Store, url: Url, owner: psycopg.Connection,
                                   change: Callable[[dict], None], match: str) -> None:
    shared_with_bob(ada, url)
    tamper(owner, change)
    unchanged(bob, url("bob"), HubRefused, f"refuses.*{match}")


def test_a_bad_hash_is_refused(ada: Store, bob: Store, url: Url, owner: psycopg.Connection
                               ) -> None:
    shared_with_bob(ada, url)
    tamper(owner, lambda records: None, rehash=False)
    unchanged(bob, url("bob"), HubRefused, "do not match their SHA-256")


def test_a_tampered_letter_file_is_refused(ada: Store, bob: Store, url: Url,
                                           owner: psycopg.Connection) -> None:
    shared_with_bob(ada, url)
    owner.execute("UPDATE rejoinder.blobs SET data = 'evil'::bytea")
    unchanged(bob, url("bob"), HubRefused, "does not match its SHA-256")


def _set_records(owner: psycopg.Connection, text: str) -> None:
    seq = owner.execute("SELECT max(seq) FROM rejoinder.changes").fetchone()[0]
    owner.execute("UPDATE rejoinder.changes SET records = %s, sha256 = %s WHERE seq = %s",
                  [text, hashlib.sha256(text.encode()).hexdigest(), seq])


@pytest.mark.parametrize("text, match", [
    # nested past Python's stack, with room enough between brackets to pass for records
    ('{"comments": ' + ("[" + " " * 40) * 100_000 + "]" * 100_000 + "}", "nested too deeply"),
    ('{"comments": [' + ",".join(["[]"] * 200_000) + "]}", "almost all brackets"),
])
def test_hostile_records_on_the_hub_are_refused_in_a_line(
        ada: Store, bob: Store, url: Url, owner: psycopg.Connection, text: str, match: str
        ) -> None:
    shared_with_bob(ada, url)
    _set_records(owner, text)
    unchanged(bob, url("bob"), HubRefused, match)


def test_a_change_past_the_size_limit_is_refused_before_it_is_read(
        ada: Store, bob: Store, url: Url, monkeypatch: pytest.MonkeyPatch) -> None:
    shared_with_bob(ada, url)
    monkeypatch.setattr("storage.hub.sync.MAX_MEMBER_BYTES", 1000)  # a change's records: more
    unchanged(bob, url("bob"), HubRefused, "bytes of records, more than the 1,000")


def test_files_past_the_size_limit_are_refused_before_they_are_read(
        ada: Store, bob: Store, url: Url, monkeypatch: pytest.MonkeyPatch) -> None:
    shared_with_bob(ada, url)
    monkeypatch.setattr("storage.hub.sync.MAX_TOTAL_BYTES", 5)  # the letter file: 12 bytes
    unchanged(bob, url("bob"), HubRefused, "files .* larger than Rejoinder takes")
    monkeypatch.setattr("storage.hub.sync.MAX_TOTAL_BYTES", 1 << 30)
    monkeypatch.setattr("storage.hub.sync.MAX_MEMBER_BYTES", 1 << 30)
    sync(bob, url("bob"))  # within the limits, the same change comes in
    assert bob.matters()


def test_a_change_from_a_newer_rejoinder_is_refused(ada: Store, bob: Store, url: Url,
                                                    owner: psycopg.Connection) -> None:
    shared_with_bob(ada, url)
    owner.execute("UPDATE rejoinder.changes SET schema = schema || '[\"m999_future\"]'")
    unchanged(bob, url("bob"), PackTooNew, "newer Rejoinder.*m999_future")


def test_the_command_line_says_what_went_wrong(tmp_path: Path, url: Url,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    workspace = str(tmp_path / "cli.rejoinder")
    assert main(["sync", "--workspace", workspace]) == 1
    assert "No team hub is set" in capsys.readouterr().err
    with Store.open(Path(workspace)) as store:
        store.set_me("Carol Chen", "CC")
    assert main(["sync", "--hub", url("carol", password="nope"), "--workspace",
                 workspace]) == 1
    assert "refused the login" in capsys.readouterr().err
    assert main(["sync", "--hub", url("carol"), "--workspace", workspace]) == 0
    assert "Synced with the team hub at" in capsys.readouterr().out
    assert main(["hub", "init", url("postgres")]) == 0
    assert "version 2 already" in capsys.readouterr().out


def test_an_older_hub_is_migrated_by_init_and_refused_by_sync(
        ada: Store, cluster: Cluster, monkeypatch: pytest.MonkeyPatch) -> None:
    from storage.hub import schema
    from tests.hub.pg import create_hub

    monkeypatch.setattr(schema, "STEPS", schema.STEPS[:1])
    create_hub(cluster, "old_hub")  # made by a Rejoinder that knew version 1 only
    monkeypatch.undo()
    first_matter(ada)
    unchanged(ada, cluster.url("alice", "old_hub"), NotAHub, "hub version 1.*needs 2.*hub init")
    assert init_hub(cluster.url(database="old_hub"))[:2] == (1, 2)
    assert sync(ada, cluster.url("alice", "old_hub")).created
