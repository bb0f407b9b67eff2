"""The headless commands `sync` and `hub init | matters | add-member | remove-member` (wired
into main.py by `add_parsers`). Exit status: 0 done, 1 a hub or workspace problem, 2 bad usage.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_FAIL = 0, 1
_HUB_HELP = ("the hub: a PostgreSQL URL (postgresql://ROLE@HOST/DATABASE?sslmode=require) or "
             "service=NAME; the password comes from ~/.pgpass, never from Rejoinder")


def add_parsers(commands: Any) -> None:
    """Add `sync` and `hub` to main.py's subparsers."""
    sync = commands.add_parser(
        "sync", help="sync the workspace with the team hub",
        description="Push this workspace's changes to the team hub and pull the others', for "
        "the matters you are a member of. Where two people changed the same thing, both "
        "versions wait as a conflict, as with exchange packs.")
    sync.add_argument("--hub", metavar="URL", help=_HUB_HELP + " (default: the last one used)")
    sync.add_argument("--workspace", type=Path, default=argparse.SUPPRESS,
                      help="the workspace file (default: the one in your user data folder)")
    sync.add_argument("--accept-restored-hub", action="store_true",
                      help="trust a hub restored from an older backup: send this laptop's "
                      "matters to it whole again")
    sync.set_defaults(run=cmd_sync)

    hub = commands.add_parser("hub", help="set up and administer a team hub",
                              description="Set up a team hub (a PostgreSQL database) and say "
                              "who may see which matter.")
    sub = hub.add_subparsers(dest="hub_command", metavar="COMMAND", required=True)
    init = sub.add_parser("init", help="create or upgrade the hub's schema",
                          description="Create the hub's tables, roles and row-level security "
                          "in an empty database (or upgrade an older hub). Run it as the "
                          "database's owner, with the right to create roles.")
    init.add_argument("url", metavar="URL", help=_HUB_HELP)
    init.set_defaults(run=cmd_hub_init)
    listing = sub.add_parser("matters", help="list the hub's matters and their members")
    listing.add_argument("--hub", metavar="URL", required=True, help=_HUB_HELP)
    listing.set_defaults(run=cmd_hub_matters)
    for name, verb in (("add-member", "let a reviewer's role see and sync a matter"),
                       ("remove-member", "stop a reviewer's role seeing a matter")):
        member = sub.add_parser(name, help=verb, description=verb[0].upper() + verb[1:] +
                                " (as a member of the rejoinder_admin role).")
        member.add_argument("--hub", metavar="URL", required=True, help=_HUB_HELP)
        member.add_argument("--matter", metavar="ID", required=True, help="the matter's id")
        member.add_argument("role", metavar="ROLE", help="the reviewer's PostgreSQL login role")
        member.set_defaults(run=cmd_add_member if name == "add-member" else cmd_remove_member)


def _fail(command: str, error: Exception) -> int:
    print(f"rejoinder {command}: {error}", file=sys.stderr)
    return EXIT_FAIL


def cmd_sync(args: argparse.Namespace) -> int:
    from storage.errors import UserError
    from storage.exchange_cli import _open
    from storage.hub.sync import sync

    store = _open(args, "sync")
    if store is None:
        return EXIT_FAIL
    with store:
        try:
            summary = sync(store, args.hub, accept_restored=args.accept_restored_hub)
        except UserError as error:
            return _fail("sync", error)
    print("\n".join(summary.lines()))
    return EXIT_OK


def cmd_hub_init(args: argparse.Namespace) -> int:
    from storage.errors import UserError
    from storage.hub.admin import init_hub
    from storage.hub.connection import shown

    try:
        before, after, hub_id = init_hub(args.url)
    except UserError as error:
        return _fail("hub init", error)
    if before == after:
        print(f"{shown(args.url)} is a Rejoinder hub at version {after} already (id {hub_id}).")
    else:
        print(f"{shown(args.url)} is now a Rejoinder hub at version {after} "
              f"({'new' if before == 0 else f'was {before}'}; id {hub_id}). Add reviewers: "
              "CREATE ROLE alice LOGIN PASSWORD '…' IN ROLE rejoinder_reviewer; and "
              "administrators: GRANT rejoinder_admin TO bob;")
    return EXIT_OK


def cmd_hub_matters(args: argparse.Namespace) -> int:
    from storage.errors import UserError
    from storage.hub.admin import hub_matters

    try:
        found = hub_matters(args.hub)
    except UserError as error:
        return _fail("hub matters", error)
    for matter in found:
        print(f"{matter.id}  {matter.title}{'  (removed)' if matter.removed else ''}  "
              f"{matter.changes} change(s); members: {', '.join(matter.members) or 'none'}")
    return EXIT_OK


def cmd_add_member(args: argparse.Namespace) -> int:
    from storage.errors import UserError
    from storage.hub.admin import add_member

    try:
        added = add_member(args.hub, args.matter, args.role)
    except UserError as error:
        return _fail("hub add-member", error)
    print(f"{args.role} {'may now see' if added else 'could already see'} matter {args.matter}.")
    return EXIT_OK


def cmd_remove_member(args: argparse.Namespace) -> int:
    from storage.errors import UserError
    from storage.hub.admin import remove_member

    try:
        removed = remove_member(args.hub, args.matter, args.role)
    except UserError as error:
        return _fail("hub remove-member", error)
    print(f"{args.role} {'no longer sees' if removed else 'was no member of'} matter "
          f"{args.matter}; its laptop keeps its copy and pulls nothing more.")
    return EXIT_OK
