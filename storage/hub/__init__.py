"""A team hub: a PostgreSQL database the firm's IT runs, through which reviewers' laptops sync
the same records exchange packs carry, merged the same way (storage.hub.sync). Who sees which
matter is enforced by PostgreSQL's row-level security (storage.hub.schema); the administrator's
commands are in storage.hub.admin. psycopg is the optional `hub` extra, imported on first use."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from storage.store import Store

# Here, not in storage.hub.sync, so the window's status bar can ask whether a hub is set without
# loading the sync and the pack reader it needs (some 4 ms of the start).
URL_SETTING = "hub:url"
LAST_SYNC = "hub:last_sync"


def configured_hub(store: Store) -> str | None:
    return store.setting(URL_SETTING)


def last_sync(store: Store) -> str | None:
    return store.setting(LAST_SYNC)
