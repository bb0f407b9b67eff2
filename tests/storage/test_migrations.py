"""Opening workspaces: new ones, old ones (backup first), newer ones (refused, untouched),
files that are not workspaces, and a second running copy."""
from __future__ import annotations

import hashlib
import multiprocessing
import sqlite3
from pathlib import Path

import pytest

from storage.errors import WorkspaceError, WorkspaceLocked, WorkspaceTooNew
from storage.schema import migrations
from storage.session import open_store
from storage.store import Store


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_workspace_has_every_table_and_wal(workspace_path: Path) -> None:
    with Store.open(workspace_path) as store:
        tables = set(store.db.table_names())
        mode = store.db.execute("PRAGMA journal_mode").fetchone()[0]
    assert {"matters", "documents", "comments", "responses", "response_versions",
            "status_changes", "annotations", "reviewers", "events", "blobs"} <= tables
    assert mode == "wal"
    assert not list(workspace_path.parent.glob("*.backup-*")), "no backup of a new workspace"


def test_reopening_a_current_workspace_makes_no_backup(workspace_path: Path) -> None:
    Store.open(workspace_path).close()
    Store.open(workspace_path).close()
    assert not list(workspace_path.parent.glob("*.backup-*"))


def test_old_workspace_is_backed_up_then_migrated(workspace_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    with Store.open(workspace_path) as store:
        store.set_me("Grace Hopper", "GH")
    registered = list(migrations._migrations)

    def m999_add_column(db) -> None:  # type: ignore[no-untyped-def]
        db.execute("ALTER TABLE matters ADD COLUMN letterhead TEXT")

    monkeypatch.setattr(migrations, "_migrations",
                        registered + [migrations._Migration("m999_add_column", m999_add_column)])
    with Store.open(workspace_path) as store:
        assert "letterhead" in store.db["matters"].columns_dict
        assert store.me() is not None and store.me().name == "Grace Hopper"
    backups = list(workspace_path.parent.glob("*.backup-*-before-m999_add_column*"))
    assert len(backups) == 1
    old = sqlite3.connect(backups[0])
    assert old.execute("SELECT name FROM reviewers").fetchall() == [("Grace Hopper",)]
    assert "letterhead" not in [r[1] for r in old.execute("PRAGMA table_info(matters)")]
    old.close()


def test_failed_migration_leaves_data_and_stays_pending(workspace_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    with Store.open(workspace_path) as store:
        store.set_me("Grace Hopper", "GH")

    def m999_broken(db) -> None:  # type: ignore[no-untyped-def]
        db.execute("ALTER TABLE matters ADD COLUMN half_done TEXT")
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(migrations, "_migrations", list(migrations._migrations)
                        + [migrations._Migration("m999_broken", m999_broken)])
    with pytest.raises(RuntimeError):
        Store.open(workspace_path)
    conn = sqlite3.connect(workspace_path)
    assert "half_done" not in [r[1] for r in conn.execute("PRAGMA table_info(matters)")]
    assert conn.execute("SELECT name FROM reviewers").fetchall() == [("Grace Hopper",)]
    conn.close()


def test_workspace_from_a_newer_version_is_refused_untouched(workspace_path: Path) -> None:
    Store.open(workspace_path).close()
    conn = sqlite3.connect(workspace_path)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                 "VALUES ('rejoinder', 'm500_from_the_future', '2030-01-01')")
    conn.commit()
    conn.close()
    before = digest(workspace_path)
    with pytest.raises(WorkspaceTooNew, match="newer version"):
        Store.open(workspace_path)
    assert digest(workspace_path) == before
    assert not list(workspace_path.parent.glob("*.backup-*"))


def test_a_file_that_is_not_a_workspace_is_refused(tmp_path: Path) -> None:
    bogus = tmp_path / "letter.pdf"
    bogus.write_bytes(b"%PDF-1.4 not a database at all" * 100)
    before = digest(bogus)
    with pytest.raises(WorkspaceError, match="not a Rejoinder workspace"):
        Store.open(bogus)
    assert digest(bogus) == before


def test_other_sqlite_file_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(WorkspaceError, match="not a Rejoinder workspace"):
        Store.open(other)


def _hold_open(path: str, ready, release) -> None:  # type: ignore[no-untyped-def]
    store = Store.open(Path(path))
    ready.set()
    release.wait(30)
    store.close()


def test_second_running_copy_is_refused(workspace_path: Path) -> None:
    Store.open(workspace_path).close()
    context = multiprocessing.get_context("spawn")
    ready, release = context.Event(), context.Event()
    holder = context.Process(target=_hold_open, args=(str(workspace_path), ready, release))
    holder.start()
    try:
        assert ready.wait(30)
        with pytest.raises(WorkspaceLocked, match="open in another running Rejoinder"):
            Store.open(workspace_path)
    finally:
        release.set()
        holder.join(30)
    Store.open(workspace_path).close()  # free again once the other copy has gone


def _old_workspace(path: Path) -> dict[str, str]:
    """A workspace as Rejoinder made it before matters were reviews: one company's two reviews
    (2016 and 2019) in one matter, with a draft, a status and a note on a comment."""
    import json

    from sqlite_utils import Database

    from storage.ids import new_id, now, sha256
    from storage.rows import comment_rows
    from tests.storage.conftest import letter

    db = Database(path)
    migrations.apply(db, stop_before="m005_reviews_and_letter_kinds")
    matter_id = new_id()
    db["matters"].insert({"id": matter_id, "title": "Example Corp — Form 10-K",
                          "company": "Example Corp", "file_numbers": '["001-00001"]',
                          "filings": "[]", "created_at": now()})
    ids: dict[str, str] = {"matter": matter_id}
    letters = [letter("staff", date="2016-03-01"),
               letter("response", date="2016-03-15", answers="2016-03-01"),
               letter("staff", date="2019-03-01",
                      filing="Form 10-K for the Fiscal Year Ended December 31, 2018")]
    for number, parsed in enumerate(letters):
        data = f"old letter {number}".encode()
        db.execute("INSERT OR IGNORE INTO blobs VALUES (?, ?, ?)", [sha256(data), len(data), data])
        document_id = ids[parsed.letter_date or ""] = new_id()
        as_json = parsed.to_json()
        for extra in ("letter_kind", "cited_letter_dates", "extension_until"):
            as_json.pop(extra, None)  # an old parse knew none of these
        db["documents"].insert({
            "id": document_id, "matter_id": matter_id, "role": parsed.kind,
            "name": parsed.source_name, "source_format": "pdf", "sha256": sha256(data),
            "display_sha256": sha256(data), "letter_date": parsed.letter_date,
            "answers_letter_date": parsed.answers_letter_date, "round": number + 1,
            "page_count": 1, "warnings": "[]", "parse": json.dumps(as_json),
            "imported_at": now(), "imported_by": None})
        db["comments"].insert_all(comment_rows(parsed, matter_id, document_id))
    comment_id = db.execute("SELECT id FROM comments WHERE document_id = ? ORDER BY seq",
                            [ids["2019-03-01"]]).fetchone()[0]
    ids["comment"] = comment_id
    db["responses"].insert({"comment_id": comment_id, "draft": "<p>Our considered reply</p>",
                            "draft_text": "Our considered reply", "status": "drafting",
                            "due_date": "2019-03-15"})
    db["annotations"].insert({"id": new_id(), "matter_id": matter_id, "comment_id": comment_id,
                              "target": "comment", "regions": "[]", "body": "Ask the auditors",
                              "created_at": now(), "updated_at": now()})
    db.close()
    return ids


def test_an_old_workspace_is_regrouped_by_review_keeping_the_work(workspace_path: Path) -> None:
    ids = _old_workspace(workspace_path)
    with open_store(workspace_path) as store:  # as every command and the window open one
        matters = store.matters()
        assert len(matters) == 2
        grouped = sorted(sorted(d.letter_date or "" for d in store.documents(m.id))
                         for m in matters)
        assert grouped == [["2016-03-01", "2016-03-15"], ["2019-03-01"]]
        comment = store.comment(ids["comment"])
        assert comment.matter_id != ids["matter"] or len(store.documents(ids["matter"])) == 1
        response = store.response(comment.id)
        assert response.draft == "<p>Our considered reply</p>" and response.status == "drafting"
        (note,) = store.notes(comment.id)
        assert note.body == "Ask the auditors" and note.matter_id == comment.matter_id
        hits = store.db.execute("SELECT matter_id FROM search "
                                "WHERE search MATCH 'considered OR auditors'").fetchall()
        assert hits == [(comment.matter_id,)] * 2  # the index follows the move
        assert store.setting("regroup_pending") is None
        assert all(" — Form 10-K for the Fiscal Year" in m.title for m in matters)
    backups = list(workspace_path.parent.glob("*.backup-*-before-m005_reviews_and_letter_kinds*"))
    assert len(backups) == 1
    old = sqlite3.connect(backups[0])
    assert old.execute("SELECT count(*) FROM matters").fetchone() == (1,)
    old.close()
