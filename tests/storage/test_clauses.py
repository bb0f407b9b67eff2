"""The clause library: kept per workspace, editable, exchanged in packs, and counted in the
commitments register when an answer holds a clause that commits."""
from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from storage.clauses import (
    add_clause,
    clauses,
    edit_clause,
    ensure_starters,
    remove_clause,
)
from storage.errors import UserError
from storage.exchange import export_pack, import_pack
from storage.importer import import_letter
from storage.search import commitments
from storage.store import Store
from tests.storage.conftest import letter

SEGMENTS = ("Going forward, the segment note of each annual report shows the Americas and "
            "Europe apart.")


def test_clauses_are_added_edited_and_removed(store: Store) -> None:
    made = add_clause(store, "  Respectfully  advises ", "The Company respectfully advises")
    assert (made.title, made.commits) == ("Respectfully advises", False)
    edited = edit_clause(store, made.id, "Advises", "The Company advises the Staff", True)
    assert [(c.title, c.body, c.commits) for c in clauses(store)] == [
        ("Advises", "The Company advises the Staff", True)]
    assert store.events(entity_id=edited.id)[-1].action == "edited"
    with pytest.raises(UserError, match="title"):
        add_clause(store, "", "words")
    remove_clause(store, made.id)
    assert clauses(store) == []
    assert not ensure_starters(store)  # a library once used is not refilled


def test_starters_are_the_same_on_every_laptop(tmp_path: Path) -> None:
    ids = []
    for name in ("a", "b"):
        with Store.open(tmp_path / f"{name}.rejoinder") as store:
            assert ensure_starters(store)
            ids.append([(c.id, c.body) for c in clauses(store)])
    assert ids[0] == ids[1] and len(ids[0]) == 3


def test_an_answer_holding_a_committing_clause_is_in_the_register(store: Store) -> None:
    document = import_letter(store, letter(), b"x").document
    first, second = store.comments(document_id=document.id)
    add_clause(store, "Segments going forward", SEGMENTS, commits=True)
    add_clause(store, "Not a promise", "Going forward is a phrase.", commits=False)
    store.save_draft(first.id, f"<p>We note the comment. {SEGMENTS}</p>")
    store.save_draft(second.id, "The Company will revise its disclosure in future filings.")
    found = commitments(store, document.matter_id)
    assert [(c.number, c.sentence, c.clause) for c in found] == [
        (1, SEGMENTS, "Segments going forward"),
        (2, "The Company will revise its disclosure in future filings.", None)]


def test_clauses_travel_in_packs_and_old_packs_still_import(tmp_path: Path) -> None:
    ada = Store.open(tmp_path / "ada.rejoinder")
    ada.set_me("Ada Lovelace", "AL")
    matter = import_letter(ada, letter(), b"x").matter.id
    clause = add_clause(ada, "Segments going forward", SEGMENTS, commits=True)
    export_pack(ada, matter, tmp_path / "one.rejoinder-pack")
    bob = Store.open(tmp_path / "bob.rejoinder")
    bob.set_me("Bob Brown", "BB")
    summary = import_pack(bob, tmp_path / "one.rejoinder-pack")
    assert summary.added.get("clauses") == 1
    assert [(c.id, c.body) for c in clauses(bob)] == [(clause.id, SEGMENTS)]
    edit_clause(bob, clause.id, "Segments", SEGMENTS + " Asia too.", True)
    export_pack(bob, matter, tmp_path / "two.rejoinder-pack", since_peer=ada.me().id)  # type: ignore
    assert import_pack(ada, tmp_path / "two.rejoinder-pack").updated.get("clauses") == 1
    assert clauses(ada)[0].body.endswith("Asia too.")
    old = _without_clauses(tmp_path / "one.rejoinder-pack", tmp_path / "old.rejoinder-pack")
    carol = Store.open(tmp_path / "carol.rejoinder")
    carol.set_me("Carol Chen", "CC")
    assert import_pack(carol, old).added.get("comments") == 2  # made before the library
    for store in (ada, bob, carol):
        store.close()


def _without_clauses(source: Path, target: Path) -> Path:
    """The pack as a Rejoinder without the clause library would have written it."""
    with zipfile.ZipFile(source) as z:
        members = {n: z.read(n) for n in z.namelist()}
    manifest = json.loads(members.pop("manifest.json"))
    members.pop("records/clauses.json")
    del manifest["members"]["records/clauses.json"], manifest["counts"]["clauses"]
    manifest["schema"] = [s for s in manifest["schema"] if "clause" not in s]
    with zipfile.ZipFile(target, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
        z.writestr("manifest.json", json.dumps(manifest))
    return target
