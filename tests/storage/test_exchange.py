"""Exchange packs: export, import and merge, conflicts and their resolution, hostile packs, and
property tests of two reviewers editing at random and exchanging both ways."""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from storage.errors import UserError
from storage.exchange import (
    DamagedPack,
    PackTooNew,
    conflicts,
    diff_words,
    export_pack,
    import_pack,
    resolve_conflict,
)
from storage.exchange import pack as pack_module
from storage.exchange_cli import add_parsers
from storage.importer import import_letter
from storage.models import STATUSES
from storage.store import Store
from tests.storage.conftest import letter

SHARED = ("reviewers", "matters", "documents", "comments", "corrections", "responses",
          "response_versions", "status_changes", "due_changes", "annotations", "events", "blobs")
TEXTS = ("Tell us about goodwill.", "Explain the tax effect.", "Revise the risk factors.")


def rows(store: Store, table: str) -> list[tuple[Any, ...]]:
    cursor = store.db.execute(f"SELECT * FROM {table}")
    return sorted((tuple(r) for r in cursor.fetchall()), key=repr)


def shared(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    return {t: rows(store, t) for t in SHARED}


def dump(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every table but the search index's own."""
    names = [r["name"] for r in store._all("SELECT name FROM sqlite_master WHERE type = 'table' "
                                           "AND name NOT LIKE 'search%'")]
    return {name: rows(store, name) for name in names}


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def start(folder: Path, texts: tuple[str, ...] = TEXTS) -> tuple[Store, Store, str]:
    """Ada's workspace with a letter and a note, and Bob's made from her full pack."""
    ada = Store.open(folder / "ada.rejoinder")
    ada.set_me("Ada Lovelace", "AL")
    ada.add_reviewer("Carol Chen", "CC")
    matter = import_letter(ada, letter(texts=texts), b"staff letter").matter.id
    ada.add_note(ada.comments(matter_id=matter)[0].id, "Check the 8% figure.")
    export_pack(ada, matter, folder / "start.rxp")
    bob = Store.open(folder / "bob.rejoinder")
    bob.set_me("Bob Brown", "BB")
    import_pack(bob, folder / "start.rxp")
    return ada, bob, matter


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[tuple[Store, Store, str]]:
    ada, bob, matter = start(tmp_path)
    yield ada, bob, matter
    ada.close()
    bob.close()


def send(source: Store, target: Store, matter: str, path: Path) -> Any:
    peer = target.me()
    assert peer is not None
    export_pack(source, matter, path, since_peer=peer.id)
    return import_pack(target, path)


def ids(store: Store, matter: str) -> list[str]:
    return [c.id for c in store.comments(matter_id=matter)]


# -- the round trip and one-sided changes ----------------------------------------------------------

def test_round_trip_into_an_empty_workspace_recreates_the_matter(pair, tmp_path) -> None:
    ada, bob, matter = pair
    assert [m.title for m in bob.matters()] == [ada.matter(matter).title]
    mine, theirs = shared(ada), shared(bob)
    for table in SHARED:  # Bob's workspace also has himself, and the event that made him
        assert set(mine[table]) <= set(theirs[table])
        assert len(theirs[table]) - len(mine[table]) == (table in ("reviewers", "events"))
    assert {r.name for r in bob.reviewers()} == {"Ada Lovelace", "Bob Brown", "Carol Chen"}
    document = bob.documents(matter)[0]
    assert bob.display_pdf(document.id) == ada.display_pdf(document.id)
    assert bob.notes(ids(bob, matter)[0])[0].body == "Check the 8% figure."


def test_changes_made_on_one_side_only_are_taken(pair, tmp_path) -> None:
    ada, bob, matter = pair
    first, second, third = ids(ada, matter)
    ada.save_draft(first, "We tested goodwill at the reporting-unit level.")
    ada.checkpoint(first, "For counsel")
    ada.set_status(first, "drafting")
    note = ada.notes(first)[0]
    bob.set_owner(second, bob.me().id)  # type: ignore[union-attr]
    bob.set_due(second, "2017-09-15", "Extension granted")
    bob.resolve_note(note.id)
    bob.add_note(third, "Who owns the risk factors?")
    summary = send(ada, bob, matter, tmp_path / "a.rxp")
    assert summary.updated == {"responses": 1} and summary.new_conflicts == 0
    send(bob, ada, matter, tmp_path / "b.rxp")
    assert shared(ada) == shared(bob)
    assert ada.response(second).due_date == "2017-09-15"
    assert ada.note(note.id).resolved_by == bob.me().id  # type: ignore[union-attr]
    assert [v.label for v in bob.versions(first)] == ["For counsel", "Status: drafting"]
    assert conflicts(ada, matter) == conflicts(bob, matter) == []


def test_a_precedent_quotation_travels_and_warns_the_colleague_too(pair, tmp_path) -> None:
    """A passage of another company's answer used in a draft is never filed unnoticed: the
    colleague who receives the draft is warned by their exports as the quoter is."""
    from storage.precedent.quotes import unreviewed, use_as_starting_point, warning
    from storage.precedent.search import Precedent

    ada, bob, matter = pair
    first = ids(ada, matter)[0]
    precedent = Precedent(1, "Acme Corp", "2019-05-01", "Form 10-K", None, 3, "",
                          "Tell us how you tested goodwill.",
                          "We test goodwill each October at the reporting-unit level.",
                          "2019-05-15", "closed", None, 1.0)
    quote = use_as_starting_point(ada, first, precedent,
                                  "We test goodwill each October at the reporting-unit level.")
    send(ada, bob, matter, tmp_path / "quote.rxp")
    assert [q.id for q in unreviewed(bob, matter)] == [quote.id]
    assert warning(bob, matter) == warning(ada, matter) is not None
    bob.resolve_note(quote.note_id)  # Bob rewrote it and says so
    send(bob, ada, matter, tmp_path / "back.rxp")
    assert warning(ada, matter) is None
    send(ada, bob, matter, tmp_path / "again.rxp")  # nothing repeated
    assert rows(bob, "precedent_quotes") == rows(ada, "precedent_quotes")


def test_the_reviews_next_letter_imported_after_a_pack_joins_its_matter(tmp_path) -> None:
    """The letters' grouping keys are the workspace's own index, not carried: the receiver
    makes them, so the company's response imported by Bob joins the review Ada sent."""
    from storage.ingest import parse_letter

    samples = Path(__file__).resolve().parents[2] / "resources" / "samples"
    staff, response = (samples / "21vianet_2017-08-16_staff_reconstructed.pdf",
                       samples / "21vianet_2017-08-30_response.txt")
    with Store.open(tmp_path / "ada.rejoinder") as ada:
        ada.set_me("Ada Lovelace", "AL")
        matter = import_letter(ada, parse_letter(staff.read_bytes(), staff.name),
                               staff.read_bytes()).matter.id
        export_pack(ada, matter, tmp_path / "staff.rxp")
    with Store.open(tmp_path / "bob.rejoinder") as bob:
        bob.set_me("Bob Brown", "BB")
        import_pack(bob, tmp_path / "staff.rxp")
        result = import_letter(bob, parse_letter(response.read_bytes(), response.name),
                               response.read_bytes())
        assert [m.id for m in bob.matters()] == [matter] == [result.matter.id]
        assert result.linked == 5  # every answer found its comment


def test_a_later_pack_carries_only_the_changes(pair, tmp_path) -> None:
    ada, bob, matter = pair
    send(ada, bob, matter, tmp_path / "1.rxp")
    ada.save_draft(ids(ada, matter)[1], "Only this changed.")
    summary = export_pack(ada, matter, tmp_path / "2.rxp",
                          since_peer=bob.me().id)  # type: ignore[union-attr]
    assert summary.since_pack_id is not None
    assert {k: n for k, n in summary.counts.items() if n and k not in ("revisions", "heads")} \
        == {"responses": 1}
    assert summary.documents == 0
    assert import_pack(bob, tmp_path / "2.rxp").updated == {"responses": 1}


# -- conflicts -------------------------------------------------------------------------------------

EDITS: dict[str, Callable[[Store, str, str], Any]] = {
    "draft": lambda s, c, who: s.save_draft(c, f"{who}'s answer."),
    "status": lambda s, c, who: s.set_status(c, "drafting" if who == "ada" else "in_review"),
    "owner_id": lambda s, c, who: s.set_owner(c, s.me().id),  # type: ignore[union-attr]
    "due_date": lambda s, c, who: s.set_due(c, "2017-09-06" if who == "ada" else "2017-09-20"),
}


@pytest.mark.parametrize("field", list(EDITS))
@pytest.mark.parametrize("choice", ["local", "remote"])
def test_both_sides_changing_a_field_is_a_conflict_until_someone_chooses(
        pair, tmp_path, field, choice) -> None:
    ada, bob, matter = pair
    comment = ids(ada, matter)[0]
    EDITS[field](ada, comment, "ada")
    EDITS[field](bob, comment, "bob")
    mine, theirs = ada.response(comment), bob.response(comment)
    send(ada, bob, matter, tmp_path / "a.rxp")
    send(bob, ada, matter, tmp_path / "b.rxp")
    assert getattr(ada.response(comment), field) == getattr(mine, field)  # nothing overwritten
    assert getattr(bob.response(comment), field) == getattr(theirs, field)
    (found,) = conflicts(ada, matter)
    assert (found.field, found.comment_id) == (field, comment)
    assert (found.local, found.remote) == (getattr(mine, field), getattr(theirs, field))
    assert len(conflicts(bob, matter)) == 1

    events = len(ada.events(entity_id=comment))
    resolved = resolve_conflict(ada, found.id, choice)
    assert resolved.resolution == choice and conflicts(ada, matter) == []
    wanted = getattr(mine if choice == "local" else theirs, field)
    assert getattr(ada.response(comment), field) == wanted
    if choice == "remote":
        assert len(ada.events(entity_id=comment)) > events
    summary = send(ada, bob, matter, tmp_path / "c.rxp")
    assert summary.settled_conflicts == 1 and summary.waiting == ()
    assert getattr(bob.response(comment), field) == wanted
    assert shared(ada) == shared(bob)


def test_a_combined_answer_is_kept_as_a_version_on_both_sides(pair, tmp_path) -> None:
    ada, bob, matter = pair
    comment = ids(ada, matter)[0]
    ada.save_draft(comment, "Goodwill was tested in Q4.")
    bob.save_draft(comment, "Goodwill was tested at year end.")
    summary = send(bob, ada, matter, tmp_path / "b.rxp")
    (found,) = summary.waiting
    assert ("local", "in Q4.") in diff_words(found.local, found.remote)
    with pytest.raises(UserError, match="combined text"):
        resolve_conflict(ada, found.id, "combined", "  ")
    resolve_conflict(ada, found.id, "combined", "Goodwill was tested in Q4, at year end.")
    send(ada, bob, matter, tmp_path / "a.rxp")
    assert bob.response(comment).draft == "Goodwill was tested in Q4, at year end."
    assert [v.label for v in bob.versions(comment)] == ["Merged: combined"]
    with pytest.raises(UserError, match="settled already"):
        resolve_conflict(ada, found.id, "local")


def test_importing_a_pack_twice_changes_nothing(pair, tmp_path) -> None:
    ada, bob, matter = pair
    comment = ids(ada, matter)[0]
    ada.save_draft(comment, "Ada's answer.")
    ada.add_note(comment, "A new note")
    bob.save_draft(comment, "Bob's answer.")
    send(ada, bob, matter, tmp_path / "a.rxp")
    before = dump(bob)
    summary = import_pack(bob, tmp_path / "a.rxp")
    assert summary.repeated and summary.added == {k: 0 for k in summary.added}
    assert dump(bob) == before


def test_reviewers_and_conflicts_survive_a_third_reviewer(pair, tmp_path) -> None:
    """Ada → Bob → Carol: Carol takes Bob's change to Ada's answer without a conflict."""
    ada, bob, matter = pair
    comment = ids(ada, matter)[0]
    ada.save_draft(comment, "First draft.")
    send(ada, bob, matter, tmp_path / "a.rxp")
    carol = Store.open(tmp_path / "carol.rejoinder")
    carol.set_me("Carol Chen", "CC")
    send(ada, carol, matter, tmp_path / "a2.rxp")
    bob.save_draft(comment, "Second draft, by Bob.")
    summary = send(bob, carol, matter, tmp_path / "b.rxp")
    assert summary.new_conflicts == 0
    assert carol.response(comment).draft == "Second draft, by Bob."
    carol.close()


# -- hostile and damaged packs ---------------------------------------------------------------------

def members_of(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def write_zip(path: Path, members: dict[str, bytes], *, fix_manifest: bool = True) -> None:
    """Rewrite a pack; with fix_manifest the manifest lists the members as they now are, so
    only the intended damage remains."""
    members = dict(members)
    if fix_manifest and "manifest.json" in members:
        manifest = json.loads(members["manifest.json"])
        manifest["members"] = {n: {"sha256": hashlib.sha256(d).hexdigest(), "size": len(d)}
                               for n, d in members.items() if n != "manifest.json"}
        members["manifest.json"] = json.dumps(manifest).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)


def edit_manifest(change: Callable[[dict[str, Any]], None]) -> Callable[[dict[str, bytes]], None]:
    def edit(members: dict[str, bytes]) -> None:
        manifest = json.loads(members["manifest.json"])
        change(manifest)
        members["manifest.json"] = json.dumps(manifest).encode()
    return edit


def edit_records(kind: str, change: Callable[[list[Any]], None]
                 ) -> Callable[[dict[str, bytes]], None]:
    def edit(members: dict[str, bytes]) -> None:
        found = json.loads(members[f"records/{kind}.json"])
        change(found)
        members[f"records/{kind}.json"] = json.dumps(found).encode()
    return edit


def _first(key: str, value: Any) -> Callable[[list[Any]], None]:
    def change(found: list[Any]) -> None:
        found[0][key] = value
    return change


HOSTILE: dict[str, tuple[Callable[[dict[str, bytes]], None], bool, str]] = {
    # name: (damage, fix the manifest's hashes afterwards, message)
    "dot-dot path": (lambda m: m.__setitem__("../../evil.txt", b"x"), True, "outside the pack"),
    "absolute path": (lambda m: m.__setitem__("/etc/evil", b"x"), True, "outside the pack"),
    "backslash path": (lambda m: m.__setitem__("blobs\\..\\evil", b"x"), True, "outside"),
    "drive letter": (lambda m: m.__setitem__("C:/evil", b"x"), True, "outside the pack"),
    "unexpected member": (lambda m: m.__setitem__("notes.txt", b"x"), True, "unexpected"),
    "wrong hash": (edit_records("comments", _first("text", "Tampered.")), False, "SHA-256"),
    "newer format": (edit_manifest(lambda m: m.__setitem__("version", 99)), True,
                     "newer version"),
    "newer schema": (edit_manifest(lambda m: m["schema"].append("m999_future")), True,
                     "newer version"),
    "not a pack manifest": (edit_manifest(lambda m: m.__setitem__("format", "x")), True,
                            "not a Rejoinder"),
    "no manifest": (lambda m: m.pop("manifest.json"), False, "no manifest"),
    "missing member": (lambda m: m.pop("records/events.json"), True, "lacks"),
    "bad id": (edit_records("comments", _first("id", "../../x")), True, "not an id"),
    "bad status": (edit_records("responses", _first("status", "shipped")), True,
                   "unknown value"),
    "bad type": (edit_records("comments", _first("seq", "first")), True, "not integer"),
    "bad regions": (edit_records("comments", _first("regions", "[1, 2]")), True, "region"),
    "other matter": (edit_records("comments", _first(
        "matter_id", "00000000-0000-4000-8000-000000000000")), True, "another matter"),
    "dangling reference": (edit_records("annotations", _first(
        "comment_id", "00000000-0000-4000-8000-000000000000")), True, "neither it nor"),
    "forged history": (edit_records("responses", _first("draft", "Forged.")), True,
                       "does not match its values"),
    "count mismatch": (edit_manifest(lambda m: m["counts"].__setitem__("comments", 7)), False,
                       "counts"),
}


@pytest.fixture
def victim(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """A good pack from Ada, and Bob's closed workspace (with work of his own) to aim it at."""
    ada, bob, matter = start(tmp_path)
    bob.save_draft(ids(bob, matter)[0], "Bob's own work.")
    ada.save_draft(ids(ada, matter)[0], "Ada's work.")
    export_pack(ada, matter, tmp_path / "good.rxp")
    ada.close()
    bob.close()
    yield tmp_path / "good.rxp", tmp_path / "bob.rejoinder"


def refused(workspace: Path, pack: Path, error: type[Exception] = DamagedPack,
            match: str = "") -> None:
    before = file_digest(workspace)
    with Store.open(workspace) as store:
        matters = dump(store)
        with pytest.raises(error, match=match) as caught:
            import_pack(store, pack)
        assert str(pack) in str(caught.value) and "Nothing in your workspace" in \
            str(caught.value)
        assert dump(store) == matters
    assert file_digest(workspace) == before


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_hostile_pack_is_refused_and_the_workspace_is_unchanged(victim, tmp_path, name) -> None:
    good, workspace = victim
    damage, fix, message = HOSTILE[name]
    members = members_of(good)
    damage(members)
    bad = tmp_path / "bad.rxp"
    write_zip(bad, members, fix_manifest=fix)
    refused(workspace, bad, match=message)


def test_the_good_pack_itself_imports(victim) -> None:
    good, workspace = victim
    with Store.open(workspace) as store:
        assert import_pack(store, good).new_conflicts == 1


@pytest.mark.parametrize("cut", [0.3, 0.9, 0.999])
def test_a_truncated_pack_is_refused(victim, tmp_path, cut) -> None:
    good, workspace = victim
    data = good.read_bytes()
    bad = tmp_path / "cut.rxp"
    bad.write_bytes(data[:int(len(data) * cut)])
    refused(workspace, bad, match="not a complete exchange pack|could not be read")


@pytest.mark.parametrize("content", [b"", b"%PDF-1.7 not a zip", bytes(range(256)) * 40])
def test_a_file_that_is_not_a_zip_is_refused(victim, tmp_path, content) -> None:
    _, workspace = victim
    bad = tmp_path / "not-a-pack.rxp"
    bad.write_bytes(content)
    refused(workspace, bad, match="not a complete exchange pack")


def test_a_newer_format_says_to_update(victim, tmp_path) -> None:
    good, workspace = victim
    members = members_of(good)
    edit_manifest(lambda m: m.__setitem__("version", 2))(members)
    write_zip(tmp_path / "new.rxp", members)
    refused(workspace, tmp_path / "new.rxp", PackTooNew, "Update Rejoinder")


def test_a_zip_bomb_is_refused_before_it_inflates(victim, tmp_path, monkeypatch) -> None:
    good, workspace = victim
    monkeypatch.setattr(pack_module, "MAX_MEMBER_BYTES", 4 << 20)
    members = members_of(good)
    members["blobs/" + hashlib.sha256(bytes(64 << 20)).hexdigest()] = bytes(64 << 20)
    write_zip(tmp_path / "bomb.rxp", members)
    assert (tmp_path / "bomb.rxp").stat().st_size < 1 << 20  # 64 MiB of zeros, deflated
    refused(workspace, tmp_path / "bomb.rxp", match="inflate")


def test_a_member_that_lies_about_its_size_stops_inflating(victim, tmp_path) -> None:
    """The zip's header says 100 bytes; the stream inflates to far more."""
    good, workspace = victim
    members = members_of(good)
    members["records/events.json"] = b" " * (8 << 20)
    write_zip(tmp_path / "liar.rxp", members)
    data = bytearray((tmp_path / "liar.rxp").read_bytes())
    for header in (b"PK\x03\x04", b"PK\x01\x02"):
        at = data.find(header)
        while at != -1:
            name_at = at + (30 if header == b"PK\x03\x04" else 46)
            length = int.from_bytes(data[at + (26 if header == b"PK\x03\x04" else 28):][:2],
                                    "little")
            if data[name_at:name_at + length] == b"records/events.json":
                size_at = at + (22 if header == b"PK\x03\x04" else 24)
                data[size_at:size_at + 4] = (100).to_bytes(4, "little")
            at = data.find(header, at + 4)
    (tmp_path / "liar.rxp").write_bytes(bytes(data))
    refused(workspace, tmp_path / "liar.rxp", match="inflates past|not a complete")


def test_export_is_atomic_and_needs_a_known_matter(pair, tmp_path) -> None:
    ada, _, matter = pair
    target = tmp_path / "out" / "pack.rxp"
    export_pack(ada, matter, target)
    assert sorted(p.name for p in target.parent.iterdir()) == ["pack.rxp"]
    with pytest.raises(UserError, match="no matter"):
        export_pack(ada, "00000000-0000-4000-8000-000000000000", tmp_path / "x.rxp")


# -- the commands ----------------------------------------------------------------------------------

def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    add_parsers(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    return int(args.run(args))


def test_the_commands(tmp_path, capsys) -> None:
    ada, bob, matter = start(tmp_path)
    peer = bob.me().id  # type: ignore[union-attr]
    ada.close()
    bob.close()
    out = str(tmp_path / "cli.rxp")
    assert run(["export-pack", "--workspace", str(tmp_path / "ada.rejoinder"),
                "--matter", matter, "--out", out, "--since-peer", peer]) == 0
    assert run(["import-pack", out, "--workspace", str(tmp_path / "bob.rejoinder")]) == 0
    assert "conflict(s) wait" in capsys.readouterr().out
    (tmp_path / "junk.rxp").write_bytes(b"junk")
    assert run(["import-pack", str(tmp_path / "junk.rxp"),
                "--workspace", str(tmp_path / "bob.rejoinder")]) == 1
    assert "junk.rxp" in capsys.readouterr().err
    with pytest.raises(SystemExit) as usage:
        run(["export-pack", "--matter", matter])
    assert usage.value.code == 2


# -- property tests --------------------------------------------------------------------------------

OPS = ("draft", "checkpoint", "status", "owner", "due", "note", "reply", "resolve", "edit")
DUES = (None, "2017-09-01", "2017-09-15", "2017-10-02")
# Two comments of three, and the answer's fields more often, so both sides often collide.
WEIGHTED = OPS + ("draft", "status", "owner", "due", "resolve")
side = st.lists(st.tuples(st.sampled_from(WEIGHTED), st.integers(0, 1), st.integers(0, 3)),
                min_size=1, max_size=10)
edits = st.tuples(side, side).map(lambda both: [("ada", *s) for s in both[0]]
                                  + [("bob", *s) for s in both[1]])
EXAMPLES = int(os.environ.get("REJOINDER_EXCHANGE_EXAMPLES", "60"))


def apply(store: Store, matter: str, who: str, op: str, index: int, pick: int) -> None:
    comment = ids(store, matter)[index]
    notes = store.notes(comment)
    me = store.me()
    assert me is not None
    owners = [None, me.id] + [r.id for r in store.reviewers() if r.name == "Carol Chen"]
    if op == "draft":
        store.save_draft(comment, f"{who} draft {pick}")
    elif op == "checkpoint":
        store.checkpoint(comment, f"{who} checkpoint")
    elif op == "status":
        store.set_status(comment, STATUSES[pick % len(STATUSES)])
    elif op == "owner":
        store.set_owner(comment, owners[pick % len(owners)])
    elif op == "due":
        store.set_due(comment, DUES[pick])
    elif op == "note" or (op == "reply" and notes):
        parent = notes[pick % len(notes)].id if op == "reply" else None
        store.add_note(comment, f"{who} {op} {pick}", parent_id=parent)
    elif op == "resolve" and notes:
        note = notes[pick % len(notes)]
        store.resolve_note(note.id, note.resolved_at is None)
    elif op == "edit":
        own = [n for n in notes if n.author_id == me.id]
        if own:
            store.edit_note(own[pick % len(own)].id, f"{who} edited {pick}")


FIELDS = ("draft", "status", "owner_id", "due_date")


def values(store: Store, matter: str) -> dict[tuple[str, str], Any]:
    """Every mergeable value: answers' fields and notes' text and resolution."""
    out: dict[tuple[str, str], Any] = {}
    for comment in ids(store, matter):
        response = store.response(comment)
        out.update({(comment, f): getattr(response, f) for f in FIELDS})
        for note in store.notes(comment):
            out[(note.id, "body")] = note.body
            out[(note.id, "resolved")] = None if note.resolved_at is None else \
                {"resolved_at": note.resolved_at, "resolved_by": note.resolved_by}
    return out


def expected(base: Any, ada: Any, bob: Any, field: str) -> tuple[Any, Any, bool]:
    """What Ada and Bob should hold after exchanging both ways, and whether they conflict."""
    if ada == bob or bob == base:
        return ada, ada, False
    if ada == base:
        return bob, bob, False
    if field == "resolved" and ada is not None and bob is not None:
        earlier = min(ada, bob, key=lambda v: v["resolved_at"])
        return earlier, earlier, False
    return ada, bob, True


@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(steps=edits, choices=st.lists(st.sampled_from(("local", "remote", "combined")),
                                     min_size=30, max_size=30))
def test_random_edits_on_two_laptops_merge_without_loss(steps, choices) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        ada, bob, matter = start(folder)
        try:
            _exchange_and_check(folder, ada, bob, matter, steps, choices)
        finally:
            ada.close()
            bob.close()


def _exchange_and_check(folder: Path, ada: Store, bob: Store, matter: str,
                        steps: list[tuple[str, str, int, int]], choices: list[str]) -> None:
    base = values(ada, matter)
    for who, op, index, pick in steps:
        apply(ada if who == "ada" else bob, matter, who, op, index, pick)
    mine, theirs = values(ada, matter), values(bob, matter)
    send(ada, bob, matter, folder / "1.rxp")
    send(bob, ada, matter, folder / "2.rxp")
    after_ada, after_bob = values(ada, matter), values(bob, matter)
    waiting = {(c.entity_id, c.field): c for c in conflicts(ada, matter)}
    for key in set(mine) | set(theirs):
        if key not in base:  # a note made on one side only: now on both, as it was made
            assert after_ada[key] == after_bob[key] == (mine.get(key, theirs.get(key)))
            continue
        want_ada, want_bob, conflict = expected(base[key], mine[key], theirs[key], key[1])
        assert (after_ada[key], after_bob[key]) == (want_ada, want_bob), key
        assert (key in waiting) == conflict, key
        if conflict:  # nothing lost: the other side's value waits beside ours
            assert (waiting[key].local, waiting[key].remote) == (mine[key], theirs[key])
    assert len(conflicts(bob, matter)) == len(waiting)
    event(f"conflicts: {min(len(waiting), 3)}{'+' if len(waiting) > 3 else ''}")
    event(f"fields changed on both sides: {sum(mine[k] != base.get(k) != theirs[k] for k in base)}")

    for conflict, choice in zip(waiting.values(), choices, strict=False):
        combined = "both" if conflict.field in ("draft", "body") else None
        resolve_conflict(ada, conflict.id, choice if combined else choice.replace(
            "combined", "remote"), combined)
    last = folder / "3.rxp"
    send(ada, bob, matter, last)
    assert conflicts(ada, matter) == conflicts(bob, matter) == []
    assert shared(ada) == shared(bob)
    before = dump(bob)
    import_pack(bob, last)
    assert dump(bob) == before


def test_an_undone_split_is_not_counted_as_a_comment_of_the_pack(tmp_path: Path) -> None:
    from storage import corrections
    from storage.exchange import export_pack

    with Store.open(tmp_path / "a.rejoinder") as store:
        store.set_me("Ada Lovelace", "AL")
        document = import_letter(store, letter(), b"x").document
        first = store.comments(document_id=document.id)[0]
        corrections.split_comment(store, first.id, first.text.index("goodwill"))
        corrections.undo(store)
        summary = export_pack(store, document.matter_id, tmp_path / "p.rejoinder-pack")
        assert summary.counts["comments"] == 3  # the retired one travels, to be retired there
        assert summary.shown_counts()["comments"] == 2
        assert " 2 comments" in summary.text()
