"""Rejoinder: start the window, or run one headless command.

    rejoinder [--workspace PATH]                 the window
    rejoinder PATH.rejoinder                     the window on that workspace (a double-click)
    rejoinder --version                          the version
    rejoinder parse --json FILE                  a letter's segmentation as JSON
    rejoinder import FILE... [--workspace PATH]  import letters into a workspace
    rejoinder matters --json [--workspace PATH]  the matters (reviews) and their letters
    rejoinder export --format docx|html|redline|pack|xlsx|annotated --out PATH [--matter M]
    rejoinder export --format pack --precedent LIBRARY --out PATH   with each comment's precedents
    rejoinder export-pack --matter ID --out PATH [--since-peer REVIEWER_ID] [--workspace PATH]
    rejoinder import-pack PACK [--workspace PATH]
    rejoinder import-docx FILE [--matter M] [--accept-all]   counsel's marked-up Word draft
    rejoinder check-edgar FILE...                EDGAR's rules for correspondence, checked
    rejoinder library build OUT LETTERS-OR-FOLDERS...   a precedent library (resumable)
    rejoinder library add LIBRARY LETTERS...     letters added to a precedent library
    rejoinder sync [--hub URL] [--workspace PATH]
    rejoinder hub init URL | matters | add-member | remove-member
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse

    from storage.store import Store

EXIT_OK, EXIT_FILE, EXIT_USAGE = 0, 1, 2
WORKSPACE_SUFFIX = ".rejoinder"  # the desktop's file type (packaging/linux/rejoinder.xml)
MUPDF_COMMANDS = ("import", "export", "export-pack", "import-pack")  # parse reads in a worker


def cmd_parse(args: argparse.Namespace) -> int:
    from storage.errors import UserError
    from storage.importer import read_letter_file
    from storage.ingest.isolated import parse_letter

    try:
        letter = parse_letter(read_letter_file(args.file), args.file.name,
                              password=args.password)
    except UserError as error:
        print(f"rejoinder parse: {error}", file=sys.stderr)
        return EXIT_FILE
    except Exception as error:  # a bug, but still this file could not be read
        print(f"rejoinder parse: {args.file} could not be split ({type(error).__name__}: "
              f"{error}). This is a bug in Rejoinder; please report it with the file.",
              file=sys.stderr)
        return EXIT_FILE
    print(json.dumps(letter.to_json(), indent=1 if args.json else None, ensure_ascii=False))
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from storage.errors import WorkspaceError
    from storage.importer import BatchStopped
    from storage.session import open_store
    from storage.workspace import default_workspace_path

    path = args.workspace or default_workspace_path()
    try:
        store = open_store(path)
    except WorkspaceError as error:
        print(f"rejoinder import: {error}", file=sys.stderr)
        return EXIT_FILE
    failed = 0
    with store:
        try:
            failed = _import_batch(store, args)
        except BatchStopped as stopped:
            print(f"rejoinder import: {stopped}", file=sys.stderr)
            return EXIT_FILE
    return EXIT_FILE if failed else EXIT_OK


def _import_batch(store: Store, args: argparse.Namespace) -> int:
    """Import the files, a line for each; how many were refused."""
    from storage.errors import UserError
    from storage.importer import import_files

    failed = 0
    for file, result in import_files(store, args.files, password=args.password):
        if isinstance(result, UserError):
            print(f"rejoinder import: {result}", file=sys.stderr)
            failed += 1
            continue
        what = "already in" if result.already_there else "imported into"
        print(f"{file}: {result.document.label}, {result.comment_count} comments, "
              f"{what} {result.matter.title}"
              + (f"; {result.linked} answers linked" if result.linked else ""), flush=True)
    return failed


def cmd_matters(args: argparse.Namespace) -> int:
    from storage.errors import WorkspaceError
    from storage.matters import listing
    from storage.session import open_store
    from storage.workspace import default_workspace_path

    try:
        store = open_store(args.workspace or default_workspace_path())
    except WorkspaceError as error:
        print(f"rejoinder matters: {error}", file=sys.stderr)
        return EXIT_FILE
    with store:
        print(json.dumps(listing(store), indent=1 if args.json else None, ensure_ascii=False))
    return EXIT_OK


def cmd_library_build(args: argparse.Namespace) -> int:
    from storage.precedent.build import run

    return run(args.out, args.letters, False, sys.stderr)


def cmd_library_add(args: argparse.Namespace) -> int:
    from storage.precedent.build import run

    return run(args.library, args.letters, True, sys.stderr)


def add_library_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    library = commands.add_parser("library", help="build or update a precedent library",
                                  description="The precedent library: other companies' "
                                  "comments, answers and outcomes, read from EDGAR letters.")
    verbs = library.add_subparsers(dest="verb", metavar="VERB", required=True)
    build = verbs.add_parser("build", help="build a library (a stopped build resumes)",
                             description="Read letters (and folders of them) into a precedent "
                             "library; run it again to resume.")
    build.add_argument("out", type=Path, metavar="OUT", help="the library file")
    build.add_argument("letters", nargs="+", type=Path, metavar="LETTERS-OR-FOLDERS")
    build.set_defaults(run=cmd_library_build)
    add = verbs.add_parser("add", help="add letters to a library",
                           description="Add letters (and folders of them) to a library.")
    add.add_argument("library", type=Path, metavar="LIBRARY")
    add.add_argument("letters", nargs="+", type=Path, metavar="LETTERS")
    add.set_defaults(run=cmd_library_add)


def build_parser() -> argparse.ArgumentParser:
    import argparse  # not for the window alone: some 6 ms of its start

    from storage import __version__

    parser = argparse.ArgumentParser(prog="rejoinder", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"Rejoinder {__version__}")
    parser.add_argument("--workspace", type=Path, help="the workspace file to open")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    parse = commands.add_parser("parse", help="print a letter's segmentation",
                                description="Split one letter into its numbered comments.")
    parse.add_argument("--json", action="store_true", help="print JSON (the only format)")
    parse.add_argument("--password", help="password of an encrypted PDF")
    parse.add_argument("file", type=Path, help="a PDF, EDGAR HTML or plain-text letter")
    parse.set_defaults(run=cmd_parse)

    imp = commands.add_parser("import", help="import letters into a workspace",
                              description="Import letters (PDF, EDGAR HTML, plain text) into a "
                              "workspace; each goes to the matter of its review.")
    imp.add_argument("files", nargs="+", type=Path, metavar="FILE")
    imp.add_argument("--workspace", type=Path, default=argparse.SUPPRESS,
                     help="the workspace file (default: the one in your user data folder)")
    imp.add_argument("--password", help="password of encrypted PDFs")
    imp.set_defaults(run=cmd_import)

    mat = commands.add_parser("matters", help="list the workspace's matters",
                              description="Print the workspace's matters (one per review) and "
                              "their letters as JSON.")
    mat.add_argument("--json", action="store_true", help="print JSON (the only format)")
    mat.add_argument("--workspace", type=Path, default=argparse.SUPPRESS,
                     help="the workspace file (default: the one in your user data folder)")
    mat.set_defaults(run=cmd_matters)

    from storage.exchange_cli import add_parsers as add_exchange_parsers
    from storage.exports.cli import add_export_parser

    add_export_parser(commands)

    add_exchange_parsers(commands)
    from storage.exports.edgar_check import add_parser as add_edgar_parser
    from storage.worddraft.cli import add_parser as add_word_parser

    add_word_parser(commands)
    add_edgar_parser(commands)
    add_library_parser(commands)

    from storage.hub.cli import add_parsers as add_hub_parsers

    add_hub_parsers(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    if getattr(sys, "frozen", False):  # a bundle: a spawned letter reader starts here, runs, ends
        import multiprocessing

        multiprocessing.freeze_support()
    argv = opened_file(sys.argv[1:] if argv is None else argv)
    window = window_workspace(argv)
    if window is not None:  # the window alone: no need for every command's parser (~20 ms)
        import gc

        gc.disable()  # no collections while the window starts; gui.app resumes them when idle
        from gui.app import run

        return run(window[0])
    args = build_parser().parse_args(argv)
    if args.command is None:
        from gui.app import run

        return run(args.workspace)
    if args.command in MUPDF_COMMANDS:
        from storage.ingest.mupdf import quiet

        quiet()  # MuPDF's complaints about damaged files stay off stdout
    return run_command(args)


def opened_file(argv: list[str]) -> list[str]:
    """A workspace given alone, as a file manager opens it (`rejoinder PATH.rejoinder`), is
    `--workspace PATH.rejoinder`."""
    if len(argv) == 1 and argv[0].endswith(WORKSPACE_SUFFIX) and not argv[0].startswith("-"):
        return ["--workspace", argv[0]]
    return argv


def window_workspace(argv: list[str]) -> tuple[Path | None] | None:
    """(the workspace,) when the arguments only open the window, else None: parse them all."""
    if not argv:
        return (None,)
    if len(argv) == 2 and argv[0] == "--workspace" and not argv[1].startswith("-"):
        return (Path(argv[1]),)
    if len(argv) == 1 and argv[0].startswith("--workspace=") and argv[0] != "--workspace=":
        return (Path(argv[0].removeprefix("--workspace=")),)
    return None


def run_command(args: argparse.Namespace) -> int:
    """Run a headless command; a fault of the machine (full disk, read-only folder, removed
    drive) met on the way is one line on stderr, not a traceback."""
    import sqlite3

    from storage.faults import explain

    try:
        return int(args.run(args))
    except (OSError, sqlite3.Error) as error:
        fault = explain(error, getattr(args, "workspace", None))
        if fault is None:
            raise
        print(f"rejoinder {args.command}: {fault}", file=sys.stderr)
        return EXIT_FILE


if __name__ == "__main__":
    sys.exit(main())
