"""The headless commands `export-pack` and `import-pack` (wired into main.py by
`add_parsers`). Exit status: 0 done, 1 a file or workspace problem, 2 bad usage (argparse)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_FILE = 0, 1


def add_parsers(commands: Any) -> None:
    """Add the two commands to main.py's subparsers."""
    export = commands.add_parser(
        "export-pack", help="write a matter's exchange pack",
        description="Write one matter's records and documents to an exchange pack that another "
        "reviewer's Rejoinder can merge.")
    export.add_argument("--workspace", type=Path, default=argparse.SUPPRESS,
                        help="the workspace file (default: the one in your user data folder)")
    export.add_argument("--matter", required=True, metavar="ID", help="the matter's id")
    export.add_argument("--out", required=True, type=Path, metavar="PATH",
                        help="where to write the pack")
    export.add_argument("--since-peer", metavar="REVIEWER_ID",
                        help="only what changed since the last pack sent to this reviewer")
    export.set_defaults(run=cmd_export_pack)

    imp = commands.add_parser(
        "import-pack", help="merge an exchange pack into a workspace",
        description="Merge another reviewer's exchange pack; where you both changed the same "
        "thing, both versions are kept as a conflict for you to settle in the window.")
    imp.add_argument("pack", type=Path, metavar="PACK")
    imp.add_argument("--workspace", type=Path, default=argparse.SUPPRESS,
                     help="the workspace file (default: the one in your user data folder)")
    imp.set_defaults(run=cmd_import_pack)


def _open(args: argparse.Namespace, command: str) -> Any:
    from storage.errors import WorkspaceError
    from storage.session import open_store
    from storage.workspace import default_workspace_path

    try:
        return open_store(getattr(args, "workspace", None) or default_workspace_path())
    except WorkspaceError as error:
        print(f"rejoinder {command}: {error}", file=sys.stderr)
        return None


def cmd_export_pack(args: argparse.Namespace) -> int:
    from storage.errors import UserError
    from storage.exchange import export_pack

    store = _open(args, "export-pack")
    if store is None:
        return EXIT_FILE
    with store:
        try:
            summary = export_pack(store, args.matter, args.out, since_peer=args.since_peer)
        except (UserError, OSError) as error:
            print(f"rejoinder export-pack: {error}", file=sys.stderr)
            return EXIT_FILE
    print(summary.text())
    return EXIT_OK


def cmd_import_pack(args: argparse.Namespace) -> int:
    from storage.errors import UserError
    from storage.exchange import import_pack

    store = _open(args, "import-pack")
    if store is None:
        return EXIT_FILE
    with store:
        try:
            summary = import_pack(store, args.pack)
        except UserError as error:
            print(f"rejoinder import-pack: {error}", file=sys.stderr)
            return EXIT_FILE
    print("\n".join(summary.lines()))
    for conflict in summary.waiting:
        print(f"  conflict {conflict.id}: {conflict.label} of {conflict.entity} "
              f"{conflict.entity_id}")
    return EXIT_OK
