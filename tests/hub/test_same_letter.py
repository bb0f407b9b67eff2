"""One letter, one matter, everywhere: the same staff letter imported on two laptops before any
sync or pack ends as one matter on both, by pack or through the hub, with everyone's work kept
(and an answer both wrote differently waiting as a conflict)."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from storage.exchange import conflicts, export_pack, import_pack
from storage.hub.admin import add_member
from storage.hub.sync import sync
from storage.importer import import_letter
from storage.store import Store
from tests.storage.conftest import letter

Url = Callable[..., str]
TEXTS = ("Tell us about goodwill.", "Explain the tax effect.", "Revise the risk factors.")


def same_letter(store: Store) -> str:
    return import_letter(store, letter(texts=TEXTS), b"the same staff letter").matter.id


def work(ada: Store, bob: Store) -> tuple[str, str]:
    """Both import the letter; each answers and notes; both answer comment 1 differently."""
    mine, theirs = same_letter(ada), same_letter(bob)
    assert mine != theirs
    a, b = ada.comments(matter_id=mine), bob.comments(matter_id=theirs)
    ada.save_draft(a[0].id, "Ada's answer to 1.")
    bob.save_draft(b[0].id, "Bob's answer to 1.")
    ada.save_draft(a[1].id, "Ada's answer to 2.")
    bob.save_draft(b[2].id, "Bob's answer to 3.")
    bob.set_status(b[2].id, "drafting")
    ada.add_note(a[0].id, "Ada's note.")
    bob.add_note(b[1].id, "Bob's note.")
    return mine, theirs


def live(store: Store) -> list[str]:
    return [m.id for m in store.matters()]


def answers(store: Store) -> list[tuple[str, str]]:
    (matter,) = live(store)
    return [(store.response(c.id).draft, store.response(c.id).status)
            for c in store.comments(matter_id=matter)]


def notes(store: Store) -> list[str]:
    (matter,) = live(store)
    return sorted(r["body"] for r in store._all(
        "SELECT body FROM annotations WHERE matter_id = ?", [matter]))


def check_one_matter(ada: Store, bob: Store) -> None:
    assert live(ada) == live(bob) and len(live(ada)) == 1
    assert len(ada.comments(matter_id=live(ada)[0])) == 3
    assert [d for d, _ in answers(ada)][1:] == ["Ada's answer to 2.", "Bob's answer to 3."]
    assert answers(ada)[1:] == answers(bob)[1:]
    assert answers(ada)[2][1] == "drafting"
    assert notes(ada) == notes(bob) == ["Ada's note.", "Bob's note."]
    first = {answers(ada)[0][0], answers(bob)[0][0]} | {
        c.remote for s in (ada, bob) for c in conflicts(s, live(s)[0])}
    assert {"Ada's answer to 1.", "Bob's answer to 1."} <= first  # both kept


def test_by_packs(ada: Store, bob: Store, tmp_path: Path) -> None:
    mine, theirs = work(ada, bob)
    export_pack(ada, mine, tmp_path / "a.rxp")
    import_pack(bob, tmp_path / "a.rxp")
    (kept,) = live(bob)
    export_pack(bob, kept, tmp_path / "b.rxp")
    import_pack(ada, tmp_path / "b.rxp")
    check_one_matter(ada, bob)
    assert any(c.field == "draft" for c in conflicts(bob, kept) + conflicts(ada, kept))


def test_through_the_hub(ada: Store, bob: Store, url: Url) -> None:
    mine, theirs = work(ada, bob)
    sync(ada, url("alice"))
    add_member(url("boss"), mine, "bob")  # Bob joins the team of Ada's review
    summary = sync(bob, url("bob"))
    assert summary.created == []  # his own copy never became a second matter on the hub
    sync(ada, url("alice"))
    check_one_matter(ada, bob)
    assert live(ada) == [mine]


def test_the_hub_says_who_to_ask(ada: Store, bob: Store, url: Url) -> None:
    mine, _theirs = work(ada, bob)
    sync(ada, url("alice"))
    summary = sync(bob, url("bob"))  # not a member of Ada's review
    assert summary.created == [] and mine in " ".join(summary.notes)
    assert len(live(bob)) == 1


@pytest.mark.parametrize("first", ["ada", "bob"])
def test_the_same_choice_on_both_sides(ada: Store, bob: Store, tmp_path: Path,
                                       first: str) -> None:
    mine, theirs = work(ada, bob)
    one, other = (ada, bob) if first == "ada" else (bob, ada)
    export_pack(one, live(one)[0], tmp_path / "1.rxp")
    export_pack(other, live(other)[0], tmp_path / "2.rxp")
    import_pack(other, tmp_path / "1.rxp")
    import_pack(one, tmp_path / "2.rxp")
    assert live(ada) == live(bob)
