"""Opening a workspace for work: the store, migrated (after a backup), and the data steps a
schema migration leaves for the store API once it is open (regrouping an old workspace's letters
into one matter per review). Every command and the window open workspaces here."""
from __future__ import annotations

from pathlib import Path

from storage.errors import WorkspaceError
from storage.store import Store


def open_store(path: Path) -> Store:
    """Open (or create) the workspace at `path`; raises `WorkspaceError` subclasses the user
    can act on."""
    store = Store.open(path)
    try:
        finish_upgrade(store)
    except BaseException:
        store.close()
        raise
    return store


def open_existing(path: Path | None) -> Store:
    """Open the workspace at `path` (None: the default one) for a command that works on one: a
    path with nothing there is refused (a typo must not make an empty workspace), as
    `WorkspaceError`."""
    if path is None:
        from storage.workspace import default_workspace_path

        path = default_workspace_path()
    path = Path(path)
    if not path.exists():
        raise WorkspaceError(f"There is no workspace at {path}. "
                             "Give the right file with --workspace.")
    return open_store(path)


def finish_upgrade(store: Store) -> None:
    """Work a schema step left for the store: regroup the letters of a workspace made when a
    matter was one company into one matter per review."""
    if store.setting("regroup_pending"):
        from storage.matters import regroup_workspace

        regroup_workspace(store)
