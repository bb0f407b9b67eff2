"""`rejoinder import-docx FILE [--matter M] [--accept-all]`: bring counsel's marked-up Word draft
back without the window. Prints how the answers were mapped, the tracked changes waiting for a
decision (nothing is accepted unless --accept-all is given), and everything that was left out.
Exit status: 0 imported, 1 the file or workspace could not be read, 2 bad usage."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_FILE, EXIT_USAGE = 0, 1, 2


def add_parser(commands: Any) -> None:
    imp = commands.add_parser(
        "import-docx", help="bring back a marked-up Word draft of the response letter",
        description="Map a Word draft (tracked changes and comments included) onto the "
        "matter's comments. Each changed answer is kept as a version named after the file and "
        "waits for a decision in the window; Word comments become notes.")
    imp.add_argument("file", type=Path, metavar="FILE", help="the .docx")
    imp.add_argument("--matter", default="", help="the matter's id, or a part of its title "
                     "(needed only when the draft has lost its tags and the workspace holds "
                     "several matters)")
    imp.add_argument("--accept-all", action="store_true",
                     help="accept every answer's changes at once (otherwise they wait)")
    imp.add_argument("--workspace", type=Path, default=argparse.SUPPRESS,
                     help="the workspace file (default: the one in your user data folder)")
    imp.set_defaults(run=cmd_import_docx)


def cmd_import_docx(args: argparse.Namespace) -> int:
    from storage.errors import UserError, WorkspaceError
    from storage.exports.cli import UsageProblem, find_matter
    from storage.session import open_existing
    from storage.worddraft.importing import accept_all, import_draft

    try:
        store = open_existing(getattr(args, "workspace", None))
    except WorkspaceError as error:
        return _fail(str(error), EXIT_FILE)
    with store:
        try:
            matter = find_matter(store, args.matter).id if args.matter else None
            found = import_draft(store, args.file, matter)
            accepted = accept_all(store, found.id) if args.accept_all else 0
        except UsageProblem as problem:
            return _fail(str(problem), EXIT_USAGE)
        except UserError as error:
            return _fail(str(error), EXIT_FILE)
        print("\n".join(summary_lines(store, found.id, accepted)))
    return EXIT_OK


def summary_lines(store: Any, import_id: str, accepted: int = 0) -> list[str]:
    """What an import did, in plain lines (the command prints them; the window shows them)."""
    from storage.worddraft.importing import draft_answers, word_import

    found = word_import(store, import_id)
    report = found.report
    how = ", ".join(f"{n} by {k}" for k, n in sorted(report["by"].items()))
    lines = [f"{found.name}: {report['mapped']} answers mapped ({how}); {report['changed']} "
             f"changed, {report['unchanged']} unchanged; {report['tracked']} tracked changes; "
             f"{report['notes']} Word comments as notes."]
    if accepted:
        lines.append(f"Accepted the changes of {accepted} answers.")
    heads = {c.id: c for c in store.comments(matter_id=found.matter_id)}
    for answer in draft_answers(store, import_id):
        if answer.pending:
            comment = heads.get(answer.comment_id)
            by = ", ".join(answer.authors()) or "edits without tracking"
            lines.append(f"  waiting: comment {comment.number if comment else '?'} — "
                         f"{len(answer.changes)} tracked changes ({by}); decide in the window "
                         "(File ▸ Review Word draft…)")
    for title, key in (("Not mapped (nothing taken from it)", "unmapped"),
                       ("Tracked changes outside every answer (not taken)", "outside"),
                       ("Word comments outside every answer (not taken)", "stray_comments"),
                       ("Skipped (could not be read)", "skipped")):
        if report.get(key):
            lines.append(f"{title}:")
            lines += [f"  {item}" for item in report[key]]
    return lines


def _fail(message: str, code: int) -> int:
    print(f"rejoinder import-docx: {message}", file=sys.stderr)
    return code
