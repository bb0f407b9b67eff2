"""The hub's schema in PostgreSQL: versioned steps applied by `rejoinder hub init`, never edited
once shipped; a hub of a newer version is refused untouched.

Everything lives in the schema `rejoinder`:

- `hub`: what the database is (application, hub id, version).
- `matters`: the matters the hub knows; a removed matter keeps its row as a tombstone.
- `members`: who may see a matter (PostgreSQL role names); only `rejoinder_admin` changes it,
  except that whoever first pushes a matter becomes its first member.
- `changes`: what laptops pushed, one row a push of one matter: the same records an exchange
  pack carries (JSON text, with its SHA-256), in the order the hub accepted them.
- `blobs`: the letters' and attachments' bytes, by matter and SHA-256.

Row-level security lets a role read and write only the rows of the matters it is a member of;
no role but the owner may change or delete a change once pushed.
"""
from __future__ import annotations

from typing import Any

from storage.hub.connection import APPLICATION, HubDenied, HubTooNew, NotAHub, shown

REVIEWER_ROLE = "rejoinder_reviewer"
ADMIN_ROLE = "rejoinder_admin"

_MINE = ("(SELECT m.matter_id FROM rejoinder.members m WHERE m.member = current_user)")
_ADMIN = f"pg_has_role(current_user, '{ADMIN_ROLE}', 'MEMBER')"

# (version, name, statements): applied in order, each version in one transaction.
STEPS: tuple[tuple[int, str, tuple[str, ...]], ...] = (
    (1, "initial", (
        "CREATE SCHEMA rejoinder",
        "CREATE TABLE rejoinder.hub (key text PRIMARY KEY, value text NOT NULL)",
        """CREATE TABLE rejoinder.matters (
            id text PRIMARY KEY CHECK (id ~ '^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$'),
            title text NOT NULL DEFAULT '',
            created_by name NOT NULL DEFAULT current_user,
            created_at timestamptz NOT NULL DEFAULT now(),
            removed_at timestamptz, removed_by name)""",
        """CREATE TABLE rejoinder.members (
            matter_id text NOT NULL REFERENCES rejoinder.matters(id),
            member name NOT NULL,
            added_by name NOT NULL DEFAULT current_user,
            added_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (matter_id, member))""",
        "CREATE INDEX members_member ON rejoinder.members (member)",
        """CREATE TABLE rejoinder.changes (
            seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            matter_id text NOT NULL REFERENCES rejoinder.matters(id),
            push_id uuid NOT NULL UNIQUE,
            client_id uuid NOT NULL,
            author jsonb NOT NULL,
            schema jsonb NOT NULL,
            records text NOT NULL,
            sha256 text NOT NULL,
            pushed_by name NOT NULL DEFAULT current_user,
            pushed_at timestamptz NOT NULL DEFAULT now())""",
        "CREATE INDEX changes_matter ON rejoinder.changes (matter_id, seq)",
        """CREATE TABLE rejoinder.blobs (
            matter_id text NOT NULL REFERENCES rejoinder.matters(id),
            sha256 text NOT NULL, data bytea NOT NULL,
            PRIMARY KEY (matter_id, sha256))""",
        # The first to push a matter becomes its member (the owner's right, not theirs).
        """CREATE FUNCTION rejoinder.first_member() RETURNS trigger LANGUAGE plpgsql
            SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
            BEGIN
                INSERT INTO rejoinder.members (matter_id, member, added_by)
                VALUES (NEW.id, NEW.created_by, NEW.created_by);
                RETURN NEW;
            END $$""",
        """CREATE TRIGGER matters_first_member AFTER INSERT ON rejoinder.matters
            FOR EACH ROW EXECUTE FUNCTION rejoinder.first_member()""",
        # A change, once pushed, is never altered: not even by a member.
        "REVOKE ALL ON ALL TABLES IN SCHEMA rejoinder FROM PUBLIC",
        "REVOKE ALL ON FUNCTION rejoinder.first_member() FROM PUBLIC",
        f"GRANT USAGE ON SCHEMA rejoinder TO {REVIEWER_ROLE}, {ADMIN_ROLE}",
        f"GRANT SELECT ON rejoinder.hub TO {REVIEWER_ROLE}, {ADMIN_ROLE}",
        f"GRANT SELECT, INSERT ON rejoinder.matters TO {REVIEWER_ROLE}, {ADMIN_ROLE}",
        f"GRANT UPDATE (title, removed_at, removed_by) ON rejoinder.matters "
        f"TO {REVIEWER_ROLE}, {ADMIN_ROLE}",
        f"GRANT SELECT ON rejoinder.members TO {REVIEWER_ROLE}",
        f"GRANT SELECT, INSERT, DELETE ON rejoinder.members TO {ADMIN_ROLE}",
        f"GRANT SELECT, INSERT ON rejoinder.changes, rejoinder.blobs TO {REVIEWER_ROLE}",
        f"GRANT SELECT ON rejoinder.changes TO {ADMIN_ROLE}",
        f"GRANT SELECT ON SEQUENCE rejoinder.changes_seq_seq TO {REVIEWER_ROLE}, {ADMIN_ROLE}",
        "ALTER TABLE rejoinder.matters ENABLE ROW LEVEL SECURITY",
        "ALTER TABLE rejoinder.members ENABLE ROW LEVEL SECURITY",
        "ALTER TABLE rejoinder.changes ENABLE ROW LEVEL SECURITY",
        "ALTER TABLE rejoinder.blobs ENABLE ROW LEVEL SECURITY",
        f"""CREATE POLICY members_read ON rejoinder.members FOR SELECT
            USING (member = current_user OR {_ADMIN})""",
        f"CREATE POLICY members_add ON rejoinder.members FOR INSERT WITH CHECK ({_ADMIN})",
        f"CREATE POLICY members_remove ON rejoinder.members FOR DELETE USING ({_ADMIN})",
        f"""CREATE POLICY matters_read ON rejoinder.matters FOR SELECT
            USING (id IN {_MINE} OR {_ADMIN})""",
        """CREATE POLICY matters_create ON rejoinder.matters FOR INSERT
            WITH CHECK (created_by = current_user AND removed_at IS NULL)""",
        f"""CREATE POLICY matters_change ON rejoinder.matters FOR UPDATE
            USING (id IN {_MINE}) WITH CHECK (id IN {_MINE})""",
        f"CREATE POLICY changes_read ON rejoinder.changes FOR SELECT USING (matter_id IN {_MINE})",
        f"""CREATE POLICY changes_push ON rejoinder.changes FOR INSERT
            WITH CHECK (matter_id IN {_MINE} AND pushed_by = current_user
                        AND matter_id NOT IN (SELECT id FROM rejoinder.matters
                                              WHERE removed_at IS NOT NULL))""",
        f"CREATE POLICY blobs_read ON rejoinder.blobs FOR SELECT USING (matter_id IN {_MINE})",
        f"CREATE POLICY blobs_push ON rejoinder.blobs FOR INSERT WITH CHECK (matter_id IN {_MINE})",
    )),
    # One letter, one matter: the letters of each matter, by SHA-256, so that a laptop about to
    # push a matter learns that the hub has the review of that letter already. The function
    # tells only the id of the matter holding bytes the caller already has.
    (2, "letters", (
        """CREATE TABLE rejoinder.letters (
            sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
            matter_id text NOT NULL REFERENCES rejoinder.matters(id),
            PRIMARY KEY (sha256, matter_id))""",
        "ALTER TABLE rejoinder.letters ENABLE ROW LEVEL SECURITY",
        f"CREATE POLICY letters_read ON rejoinder.letters FOR SELECT USING (matter_id IN {_MINE})",
        f"""CREATE POLICY letters_add ON rejoinder.letters FOR INSERT
            WITH CHECK (matter_id IN {_MINE})""",
        "REVOKE ALL ON rejoinder.letters FROM PUBLIC",
        f"GRANT SELECT, INSERT ON rejoinder.letters TO {REVIEWER_ROLE}",
        """CREATE FUNCTION rejoinder.matters_of_letters(wanted text[])
            RETURNS TABLE (sha256 text, matter_id text) LANGUAGE sql STABLE SECURITY DEFINER
            SET search_path = pg_catalog, pg_temp AS $$
            SELECT DISTINCT ON (l.sha256) l.sha256, l.matter_id FROM rejoinder.letters l
            JOIN rejoinder.matters m ON m.id = l.matter_id
            WHERE l.sha256 = ANY(wanted) AND m.removed_at IS NULL
            ORDER BY l.sha256, m.created_at, m.id $$""",
        "REVOKE ALL ON FUNCTION rejoinder.matters_of_letters(text[]) FROM PUBLIC",
        f"GRANT EXECUTE ON FUNCTION rejoinder.matters_of_letters(text[]) TO {REVIEWER_ROLE}",
    )),
)
VERSION = STEPS[-1][0]


def hub_version(conn: Any, url: str) -> tuple[int, str] | None:
    """(version, hub id) of the hub, None for a database with no hub at all. Raises NotAHub
    for a database that has a `rejoinder` schema of another kind; reads only."""
    found = conn.execute("SELECT to_regclass('rejoinder.hub') IS NOT NULL, "
                         "to_regnamespace('rejoinder') IS NOT NULL").fetchone()
    if not found[0]:
        if found[1]:
            raise NotAHub(f"{shown(url)} has a schema named 'rejoinder' that is not a "
                          "Rejoinder hub's. Nothing was changed. Use another database.")
        return None
    rows = dict(conn.execute("SELECT key, value FROM rejoinder.hub").fetchall())
    if rows.get("application") != APPLICATION or not str(rows.get("version", "")).isdigit():
        raise NotAHub(f"{shown(url)} is not a Rejoinder hub (its rejoinder.hub table belongs "
                      "to something else). Nothing was changed. Check the hub's address.")
    return int(rows["version"]), str(rows.get("hub_id", ""))


def check_version(conn: Any, url: str) -> str:
    """The hub's id, after checking it is a Rejoinder hub this version can use."""
    found = hub_version(conn, url)
    if found is None:
        raise NotAHub(f"{shown(url)} is not a Rejoinder hub: it has no rejoinder.hub table "
                      "(it may be another application's database). Nothing in your workspace "
                      "was changed. Check the hub's address, or ask the hub's administrator "
                      "to run `rejoinder hub init` on it.")
    version, hub_id = found
    if version > VERSION:
        raise HubTooNew(f"{shown(url)} was set up by a newer Rejoinder (hub version {version}; "
                        f"this one knows up to {VERSION}). Nothing was changed, here or on the "
                        "hub. Update Rejoinder, then sync again.")
    if version < VERSION:
        raise NotAHub(f"{shown(url)} is at hub version {version}; this Rejoinder needs "
                      f"{VERSION}. Nothing was changed. Ask the hub's administrator to run "
                      "`rejoinder hub init` with this version.")
    return hub_id


def init(conn: Any, url: str) -> tuple[int, int, str]:
    """Create or migrate the hub: (version before, version now, hub id). Each step runs in
    one transaction; a newer hub is refused before anything is written."""
    from storage.ids import new_id

    found = hub_version(conn, url)
    if found is None:
        _refuse_foreign(conn, url)
    before, hub_id = found if found else (0, new_id())
    if before > VERSION:
        raise HubTooNew(f"{shown(url)} was set up by a newer Rejoinder (hub version {before}; "
                        f"this one knows up to {VERSION}). It was left untouched. Use the "
                        "newer Rejoinder to manage it.")
    _ensure_roles(conn, url)
    for version, _name, statements in STEPS:
        if version <= before:
            continue
        with conn.transaction():
            for statement in statements:
                conn.execute(statement)  # type: ignore[arg-type]  # our own constant SQL
            conn.execute("INSERT INTO rejoinder.hub (key, value) VALUES ('application', %s), "
                         "('hub_id', %s), ('version', %s) ON CONFLICT (key) DO UPDATE SET "
                         "value = excluded.value WHERE rejoinder.hub.key = 'version'",
                         [APPLICATION, hub_id, str(version)])
    return before, VERSION, hub_id


def _refuse_foreign(conn: Any, url: str) -> None:
    """A hub is made in a database of its own: refuse one that holds another's tables."""
    tables = conn.execute(
        "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', "
        "'information_schema') AND n.nspname NOT LIKE 'pg_toast%%'").fetchone()[0]
    if tables:
        raise NotAHub(f"{shown(url)} already holds {tables} table(s) of another application. "
                      "Nothing was changed. Create an empty database for the hub "
                      "(createdb rejoinder_hub) and run `rejoinder hub init` on it.")


def _ensure_roles(conn: Any, url: str) -> None:
    """The two group roles the grants name, made once per PostgreSQL cluster."""
    from psycopg import errors, sql

    with conn.transaction():
        for role in (REVIEWER_ROLE, ADMIN_ROLE):
            exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role]).fetchone()
            if exists:
                continue
            try:
                conn.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(role)))
            except errors.InsufficientPrivilege:
                raise HubDenied(f"Setting up {shown(url)} needs the right to create roles "
                                f"({role}). Nothing was changed. Run `rejoinder hub init` as "
                                "the database's owner with CREATEROLE, or have IT run: "
                                f"CREATE ROLE {role} NOLOGIN;") from None
