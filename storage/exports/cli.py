"""`rejoinder export`: write an export without the window.

    rejoinder export --matter Insulet --format pack --out pack.pdf [--only open]
    rejoinder export --matter Insulet --format annotated --document 2016-06-30 --out a.pdf
    rejoinder export --matter Insulet --format pack --precedent firm.rejoinder-library --out p.pdf

main.py wires it with `add_export_parser(commands)`; the command returns 0 when the file was
written, 1 for a workspace or file problem, 2 for a usage problem (unknown matter, letter…).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from storage.exports import Progress, Selection, Warn, formats

if TYPE_CHECKING:
    from storage.models import Document, Matter
    from storage.store import Store

EXIT_OK, EXIT_FILE, EXIT_USAGE = 0, 1, 2


class UsageProblem(Exception):
    """The command line names something the workspace does not hold."""


def add_export_parser(commands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    export = commands.add_parser(
        "export", help="write a response letter, review pack, tracker or annotated letter",
        description="Write one export of a matter: the response letter as Word (docx) or "
        "EDGAR HTML (html), the review pack PDF (pack), the tracker spreadsheet (xlsx), or a "
        "letter with the reviewers' notes as PDF annotations (annotated).")
    export.add_argument("--workspace", type=Path, default=argparse.SUPPRESS,
                        help="the workspace file (default: the one in your user data folder)")
    export.add_argument("--matter", default="",
                        help="the matter's id, or a part of its title or company "
                        "(may be left out when the workspace holds one matter)")
    export.add_argument("--format", required=True, choices=formats.kinds(), dest="kind")
    export.add_argument("--only", choices=("all", "open"), default="all",
                        help="all comments (default) or only those not approved or filed")
    export.add_argument("--comments", default="",
                        help="comma-separated comment ids: export only these")
    export.add_argument("--document", default="",
                        help="a letter of the matter (id, file name or date): the letter to "
                        "annotate, or the staff letter a response letter answers")
    export.add_argument("--out", type=Path, required=True, help="the file to write")
    export.add_argument("--precedent", type=Path, default=None, metavar="LIBRARY",
                        help="review pack only: after each comment, its three best precedents "
                        "from this precedent library (rejoinder library build)")
    export.set_defaults(run=cmd_export)
    return export


def cmd_export(args: argparse.Namespace) -> int:
    from storage.errors import UserError, WorkspaceError
    from storage.precedent.quotes import warning as quote_warning
    from storage.session import open_existing

    if args.precedent is not None and not formats.get(args.kind).precedent:
        return _fail("--precedent is for the review pack only (--format pack).", EXIT_USAGE)
    try:
        store = open_existing(getattr(args, "workspace", None))
    except WorkspaceError as error:
        return _fail(str(error), EXIT_FILE)
    with store:
        try:
            matter = find_matter(store, args.matter)
            document = find_document(store, matter, args.document)
            selection = _selection(args)
            if args.kind in ("docx", "html", "redline") and \
                    (warning := quote_warning(store, matter.id)):
                _warn(warning)
            written = run_export(store, matter.id, args.kind, args.out, selection,
                                 document.id if document else None,
                                 precedent_library=args.precedent, warn=_warn)
        except UsageProblem as problem:
            return _fail(str(problem), EXIT_USAGE)
        except UserError as error:
            return _fail(str(error), EXIT_FILE)
    print(f"Wrote the {formats.get(args.kind).name} of {matter.title} to {written}")
    return EXIT_OK


def run_export(store: Store, matter_id: str, kind: str, out: Path, selection: Selection,
               document_id: str | None = None, progress: Progress | None = None, *,
               precedent_library: Path | None = None, warn: Warn | None = None) -> Path:
    """Write one export; the window's File → Export uses this too."""
    request = formats.Request(store, matter_id, out, selection, document_id, progress,
                              precedent_library, warn)
    return formats.get(kind).writer(request)


def _warn(line: str) -> None:
    print(f"rejoinder export: warning: {line}", file=sys.stderr)


def _selection(args: argparse.Namespace) -> Selection:
    ids = [part.strip() for part in args.comments.split(",") if part.strip()]
    if ids:
        return Selection.of(ids)
    return Selection.open() if args.only == "open" else Selection.all()


def find_matter(store: Store, wanted: str) -> Matter:
    matters = store.matters()
    if not matters:
        raise UsageProblem("The workspace holds no matter yet; import letters first.")
    wanted = wanted.strip()
    if not wanted:
        if len(matters) == 1:
            return matters[0]
        raise UsageProblem("Name the matter with --matter; the workspace holds "
                           + _listing(matters))
    exact = [m for m in matters if m.id == wanted]
    found = exact or [m for m in matters if wanted.lower() in m.title.lower()
                      or wanted.lower() in m.company.lower()]
    if len(found) == 1:
        return found[0]
    if not found:
        raise UsageProblem(f"No matter matches {wanted!r}; the workspace holds "
                           + _listing(matters))
    raise UsageProblem(f"{len(found)} matters match {wanted!r}: " + _listing(found)
                       + " Give more of the title, or the id.")


def find_document(store: Store, matter: Matter, wanted: str) -> Document | None:
    wanted = wanted.strip()
    if not wanted:
        return None
    documents = [d for d in store.documents(matter.id) if d.role != "reference"]
    for test in (lambda d: d.id == wanted, lambda d: d.name == wanted,
                 lambda d: d.letter_date == wanted and d.role == "staff",
                 lambda d: d.letter_date == wanted):
        found = [d for d in documents if test(d)]
        if found:
            return found[0]
    raise UsageProblem(f"{matter.title} has no letter {wanted!r}; its letters are "
                       + "; ".join(f"{d.label} ({d.name}, id {d.id})" for d in documents) + ".")


def _listing(matters: list[Matter]) -> str:
    return "; ".join(f"{m.title} (id {m.id})" for m in matters) + "."


def _fail(message: str, code: int) -> int:
    print(f"rejoinder export: {message}", file=sys.stderr)
    return code
