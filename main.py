"""Rejoinder: start the window, or run one headless command.

    rejoinder [--workspace PATH]                 the window
    rejoinder parse --json FILE                  a letter's segmentation as JSON
    rejoinder import FILE... [--workspace PATH]  import letters into a workspace
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

EXIT_OK, EXIT_FILE, EXIT_USAGE = 0, 1, 2


def cmd_parse(args: argparse.Namespace) -> int:
    from storage.errors import UserError
    from storage.ingest import parse_file

    try:
        letter = parse_file(args.file, password=args.password)
    except UserError as error:
        print(f"rejoinder parse: {error}", file=sys.stderr)
        return EXIT_FILE
    print(json.dumps(letter.to_json(), indent=1 if args.json else None, ensure_ascii=False))
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="rejoinder", description=__doc__.splitlines()[0])
    parser.add_argument("--workspace", type=Path, help="the workspace file to open")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    parse = commands.add_parser("parse", help="print a letter's segmentation",
                                description="Split one letter into its numbered comments.")
    parse.add_argument("--json", action="store_true", help="print JSON (the only format)")
    parse.add_argument("--password", help="password of an encrypted PDF")
    parse.add_argument("file", type=Path, help="a PDF, EDGAR HTML or plain-text letter")
    parse.set_defaults(run=cmd_parse)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from gui.app import run

        return run(args.workspace)
    return int(args.run(args))


if __name__ == "__main__":
    sys.exit(main())
