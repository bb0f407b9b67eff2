"""Who this workspace exchanges packs with: the packs sent and received for a
matter (newest first) and the reviewer last exchanged with. (The open conflicts are counted in
`storage.exchange` itself: the window counts them as it starts.)"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from storage.store import Store

Direction = Literal["export", "import"]


@dataclass(frozen=True)
class Exchange:
    """One pack sent (export) or received (import)."""

    pack_id: str
    matter_id: str
    peer_id: str | None  # import: the pack's author; export: the reviewer it went to, if any
    direction: Direction
    at: str  # UTC ISO-8601


def exchanges(store: Store, matter_id: str) -> list[Exchange]:
    """The matter's packs sent and received, newest first."""
    found = store._all("SELECT pack_id, matter_id, peer_id, direction, at FROM exchanges "
                       "WHERE matter_id = ? ORDER BY at DESC, rowid DESC", [matter_id])
    return [Exchange(r["pack_id"], r["matter_id"], r["peer_id"], r["direction"], r["at"])
            for r in found]


def last_peer(store: Store, matter_id: str) -> str | None:
    """The reviewer (not the local one) of the matter's latest pack sent to or received from
    someone named; None when there is none."""
    me = store.me()
    for exchange in exchanges(store, matter_id):
        if exchange.peer_id and (me is None or exchange.peer_id != me.id):
            return exchange.peer_id
    return None


def last_sent(store: Store, matter_id: str, peer_id: str) -> Exchange | None:
    """The latest pack of the matter sent to this reviewer (what "changes since" follows on
    from), or None: then a pack "since" them carries the whole matter."""
    return next((e for e in exchanges(store, matter_id)
                 if e.direction == "export" and e.peer_id == peer_id), None)


def pack_recipients(store: Store) -> list[str]:
    """The reviewers a pack can go to: those who work on another copy of the workspace (a pack
    came from them or went to them, or changes they made arrived here), never the local one and
    never someone who is only an owner of comments here."""
    me = store.me()
    found = store._all(
        "SELECT id FROM reviewers WHERE id != ? AND (id IN (SELECT peer_id FROM exchanges "
        "WHERE peer_id IS NOT NULL) OR id IN (SELECT author_id FROM events "
        "WHERE author_id IS NOT NULL)) ORDER BY name", [me.id if me else ""])
    return [r["id"] for r in found]
