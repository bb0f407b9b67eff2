"""What a hub's administrator does from the command line: set the hub up (`hub init`), list its
matters, and add or remove a matter's members. The rights are PostgreSQL's: only a role in
`rejoinder_admin` may change membership, and the row-level security policies do the rest."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from storage.hub.connection import HubDenied, HubError, connect, shown
from storage.hub.schema import REVIEWER_ROLE, check_version, init


@dataclass(frozen=True)
class HubMatter:
    id: str
    title: str
    created_by: str
    removed: bool
    members: tuple[str, ...]
    changes: int


def init_hub(url: str) -> tuple[int, int, str]:
    """Create or migrate the hub at `url`: (version before, version now, hub id)."""
    with connect(url) as conn:
        conn.autocommit = True  # each step makes its own transaction
        return init(conn, url)


def hub_matters(url: str) -> list[HubMatter]:
    """The matters this role may see (an administrator sees them all), with their members."""
    with connect(url) as conn:
        check_version(conn, url)
        found = conn.execute(
            "SELECT m.id, m.title, m.created_by, m.removed_at IS NOT NULL, "
            "coalesce(array_agg(b.member ORDER BY b.member) FILTER (WHERE b.member IS NOT "
            "NULL), '{}'), (SELECT count(*) FROM rejoinder.changes c WHERE c.matter_id = m.id) "
            "FROM rejoinder.matters m LEFT JOIN rejoinder.members b ON b.matter_id = m.id "
            "GROUP BY m.id ORDER BY m.title, m.id").fetchall()
    return [HubMatter(r[0], r[1], r[2], r[3], tuple(r[4]), r[5]) for r in found]


def add_member(url: str, matter_id: str, role: str) -> bool:
    """Let `role` see and sync the matter; False if it already could."""
    from psycopg import errors, sql

    with connect(url) as conn:
        check_version(conn, url)
        _known(conn, url, matter_id)
        exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s AND rolcanlogin",
                              [role]).fetchone()
        if not exists:
            raise HubError(f"There is no login role {role!r} on {shown(url)}. Nothing was "
                           f"changed. Have IT create it first: CREATE ROLE {role} LOGIN "
                           f"PASSWORD '…' IN ROLE {REVIEWER_ROLE};")
        try:
            with conn.transaction():
                added = conn.execute(
                    "INSERT INTO rejoinder.members (matter_id, member) VALUES (%s, %s) "
                    "ON CONFLICT DO NOTHING", [matter_id, role]).rowcount
                row = conn.execute("SELECT pg_has_role(%s, %s, 'MEMBER')",
                                   [role, REVIEWER_ROLE]).fetchone()
                in_group = bool(row and row[0])
                if not in_group:
                    conn.execute(sql.SQL("GRANT {} TO {}").format(
                        sql.Identifier(REVIEWER_ROLE), sql.Identifier(role)))
        except (errors.InsufficientPrivilege, errors.InvalidGrantOperation) as error:
            raise _not_admin(url, error) from None
    return bool(added)


def remove_member(url: str, matter_id: str, role: str) -> bool:
    """Stop `role` seeing the matter (its laptop keeps its copy, and pulls nothing more);
    False if it was no member."""
    from psycopg import errors

    with connect(url) as conn:
        check_version(conn, url)
        _known(conn, url, matter_id)
        try:
            with conn.transaction():
                removed = conn.execute("DELETE FROM rejoinder.members WHERE matter_id = %s "
                                       "AND member = %s", [matter_id, role]).rowcount
        except errors.InsufficientPrivilege as error:
            raise _not_admin(url, error) from None
    return bool(removed)


def _known(conn: Any, url: str, matter_id: str) -> None:
    from psycopg import errors

    try:
        found = conn.execute("SELECT 1 FROM rejoinder.matters WHERE id = %s",
                             [matter_id]).fetchone()
    except errors.InsufficientPrivilege as error:
        raise _not_admin(url, error) from None
    if not found:
        raise HubError(f"{shown(url)} has no matter {matter_id} that you may see. Nothing was "
                       "changed. A matter reaches the hub when a reviewer first syncs it; "
                       "`rejoinder hub matters` lists those there.")


def _not_admin(url: str, error: Exception) -> HubDenied:
    return HubDenied(f"{shown(url)} refused: only a member of the rejoinder_admin role may "
                     f"change who sees a matter ({str(error).strip().splitlines()[0]}). "
                     "Nothing was changed.")
