from __future__ import annotations

import dataclasses

from storage.importer import import_letter
from storage.store import Store
from storage.threads import thread
from tests.storage.conftest import letter


def follow_up(date: str, refs: tuple[int, ...]) -> object:
    first = letter(date=date, texts=("We note your response to prior comment 2.",))
    comment = dataclasses.replace(first.comments[0], prior_refs=refs)
    return dataclasses.replace(first, comments=(comment,))


def test_a_follow_up_links_to_the_comment_it_cites_and_back(store: Store) -> None:
    round1 = import_letter(store, letter(date="2017-06-01"), b"r1").document
    round2 = import_letter(store, follow_up("2017-07-01", (2,)), b"r2").document
    round3 = import_letter(store, follow_up("2017-08-01", (1,)), b"r3").document
    assert [d.round for d in store.documents(round1.matter_id) if d.role == "staff"] == [1, 2, 3]
    cited = store.comments(document_id=round1.id)[1]
    middle = store.comments(document_id=round2.id)[0]
    last = store.comments(document_id=round3.id)[0]
    seen = thread(store, middle.id)
    assert [c.id for c in seen.earlier] == [cited.id]
    assert [c.id for c in seen.later] == [last.id]
    assert [c.id for c in thread(store, cited.id).later] == [middle.id, last.id]
    assert [c.id for c in thread(store, last.id).earlier] == [cited.id, middle.id]


def test_a_comment_without_references_stands_alone(store: Store) -> None:
    doc = import_letter(store, letter(), b"x").document
    alone = thread(store, store.comments(document_id=doc.id)[0].id)
    assert alone.earlier == () and alone.later == ()
