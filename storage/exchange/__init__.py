"""Exchange packs: reviewers on separate laptops merge each other's work and lose none of it.

A pack is a zip (storage.exchange.pack) holding one matter's records, its documents' files and,
for every mergeable field, that field's history.

The merge model
---------------
- Append-only kinds — events, answer versions, status changes, due-date changes, document files —
  are merged as unions by id (or SHA-256). History from both sides is kept.
- Mutable records are split into fields: an answer's draft, status, owner and due date; a note's
  text and its resolved state; and, as a whole row each, reviewers, matters, documents,
  comments and split corrections. Each field has a chain of *revisions*: (value digest, parent
  revisions), with ids derived from their content, kept in `exchange_revisions`; the field's
  current revision is its *head* (`exchange_heads`).
- A field's local changes become a revision when the workspace next exchanges (export seals
  every field of the matter; import seals the records the pack touches): autosaves cost nothing.
  A field never sealed starts from its default (an answer is '', open, no owner, no due date),
  so two workspaces that never touched it agree.
- On import, for each field, with L our head and R theirs: L == R or R is an ancestor of L → ours
  is newer, nothing to do; L an ancestor of R → take theirs; otherwise both changed it since
  they last agreed: equal values (or two resolutions of one note: the earlier wins) merge on
  their own into a revision with both parents; different values become a *conflict*: our value
  stays, theirs waits in `conflicts` until `resolve_conflict`, whose choice is written through
  the store's methods and recorded as a revision with both parents — so the other workspace
  takes it as a plain change, and its own copy of the conflict is settled.
- `export_pack(..., since_peer=R)` carries only what changed since the last pack sent to R: rows
  of append-only kinds added since (local row order), and records with a revision added since.
  If R never imported that earlier pack, the next import reports what it misses
  (PackNeedsEarlier) or, at worst, asks about changes it cannot place — it never drops any.
- Everything a pack holds is checked before anything is written (storage.exchange.pack and
  .records); the merge runs in one transaction. Re-importing a pack changes nothing.
"""
from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from storage.exchange.conflict import Conflict, conflicts, diff_words, resolve_conflict
    from storage.exchange.export import PackSummary, export_pack
    from storage.exchange.merge import ImportSummary, import_pack
    from storage.exchange.pack import DamagedPack, PackNeedsEarlier, PackTooNew
    from storage.store import Store

# All on first use: the window counts open conflicts (`open_conflict_count`, here) as it
# starts, and should not pay the conflict screen's model, the pack writer, the merge and the
# pack reader for it.
_HOME = {"Conflict": "conflict", "conflicts": "conflict", "diff_words": "conflict",
         "resolve_conflict": "conflict", "PackSummary": "export", "export_pack": "export",
         "ImportSummary": "merge", "import_pack": "merge", "DamagedPack": "pack",
         "PackNeedsEarlier": "pack", "PackTooNew": "pack"}

__all__ = ["Conflict", "DamagedPack", "ImportSummary", "PackNeedsEarlier", "PackSummary",
           "PackTooNew", "conflicts", "diff_words", "export_pack", "import_pack",
           "open_conflict_count", "resolve_conflict"]


def open_conflict_count(store: Store) -> int:
    """Conflicts waiting for the local reviewer's choice, in every matter."""
    row = store._one("SELECT count(*) AS n FROM conflicts WHERE resolved_at IS NULL", [])
    return int(row["n"]) if row else 0


def __getattr__(name: str) -> object:
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{_HOME[name]}"), name)
