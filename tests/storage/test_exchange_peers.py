"""Who a workspace exchanged packs with: the list of packs, the last peer, the last pack sent
to a reviewer, and the count of open conflicts."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from storage.exchange import (
    conflicts,
    export_pack,
    import_pack,
    open_conflict_count,
    resolve_conflict,
)
from storage.exchange.peers import exchanges, last_peer, last_sent
from storage.importer import import_letter
from storage.store import Store
from tests.storage.conftest import letter
from tests.storage.test_exchange import start


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[tuple[Store, Store, str]]:
    """Ada's workspace, and Bob's made from her first pack."""
    ada, bob, matter = start(tmp_path)
    yield ada, bob, matter
    ada.close()
    bob.close()


def test_a_fresh_workspace_has_exchanged_nothing(store) -> None:
    matter = import_letter(store, letter(), b"x").matter.id
    assert exchanges(store, matter) == []
    assert last_peer(store, matter) is None
    assert open_conflict_count(store) == 0


def test_the_peer_of_the_last_pack_received_then_sent(pair, tmp_path: Path) -> None:
    ada, bob, matter = pair
    ada_id, bob_id = ada.me().id, bob.me().id
    # Bob received Ada's first pack (with no peer named on her side)
    assert last_peer(bob, matter) == ada_id
    assert last_peer(ada, matter) is None  # her only pack went to nobody in particular
    export_pack(ada, matter, tmp_path / "to-bob.rxp", since_peer=bob_id)
    assert last_peer(ada, matter) == bob_id
    sent = last_sent(ada, matter, bob_id)
    assert sent is not None and sent.direction == "export"
    assert [e.direction for e in exchanges(ada, matter)] == ["export", "export"]
    carol = ada.add_reviewer("Carol Chen", "CC2").id
    assert last_sent(ada, matter, carol) is None


def test_open_conflicts_are_counted_until_chosen(pair, tmp_path: Path) -> None:
    ada, bob, matter = pair
    comment = ada.comments(matter_id=matter)[0].id
    ada.save_draft(comment, "Ada's answer.")
    bob.save_draft(comment, "Bob's answer.")
    export_pack(bob, matter, tmp_path / "b.rxp", since_peer=ada.me().id)
    import_pack(ada, tmp_path / "b.rxp")
    assert open_conflict_count(ada) == 1
    resolve_conflict(ada, conflicts(ada, matter)[0].id, "local")
    assert open_conflict_count(ada) == 0
