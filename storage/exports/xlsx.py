"""The tracker: a spreadsheet (openpyxl) with a row per comment, for people who filter and sort."""
from __future__ import annotations

from datetime import date
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from storage.due import is_overdue
from storage.exports import ALL, Progress, Selection, report, write_atomic
from storage.exports.gather import Bundle, Item, describe_event, gather, when
from storage.topics import KINDS

if TYPE_CHECKING:
    from storage.store import Store

# (header, width in characters)
COLUMNS = (("Matter", 26), ("Letter", 20), ("No.", 6), ("Headings", 32), ("Page", 6),
           ("Status", 11), ("Owner", 16), ("Due", 11), ("Overdue", 9), ("Comment", 60),
           ("Topics", 24), ("Answer", 70), ("Answer kind", 16), ("Unresolved notes", 40),
           ("Last change", 32), ("Changed by", 16), ("Changed at", 17))
STATUS_FILLS = {"open": "F8D7DA", "drafting": "FFF3CD", "in_review": "D6E4F5",
                "approved": "D4EDDA", "filed": "E2E3E5"}
HEADER_FILL = "1F3864"
MAX_CELL = 32_000  # Excel holds at most 32,767 characters in a cell
MAX_LINES = 12  # a row grows to show at most this many lines; the rest is in the cell


def export_tracker(store: Store, matter_id: str, path: Path | str,
                   selection: Selection = ALL, *, progress: Progress | None = None
                   ) -> Path:
    """Write the matter's tracker to `path` (.xlsx)."""
    bundle = gather(store, matter_id, selection)
    book = render(bundle, progress)
    buffer = BytesIO()
    book.save(buffer)

    def writer(out: BinaryIO) -> None:
        out.write(buffer.getvalue())

    return write_atomic(path, writer)


def render(bundle: Bundle, progress: Progress | None = None, today: date | None = None
           ) -> Workbook:
    book = Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet)
    sheet.title = "Comments"
    book.properties.title = f"Tracker — {bundle.matter.title}"
    _header(sheet)
    total = len(bundle.items)
    for done, item in enumerate(bundle.items):
        report(progress, done, total)
        _row(sheet, done + 2, row_values(bundle, item, today), item.response.status)
    report(progress, total, total)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{max(2, total + 1)}"
    _print_setup(sheet)
    return book


def row_values(bundle: Bundle, item: Item, today: date | None = None) -> list[Any]:
    """The cells of one comment's row, in COLUMNS order."""
    response, comment = item.response, item.comment
    last = item.events[-1] if item.events else None
    notes = "\n".join(f"{bundle.name(n.author_id) or 'Unknown'} ({when(n.created_at)[:10]}): "
                      f"{n.body}" for n in item.unresolved)
    return [
        bundle.matter.title, item.document.label, comment.number,
        " / ".join(comment.heading_path), comment.page, item.status_label,
        bundle.name(response.owner_id), _date(response.due_date),
        "Yes" if is_overdue(response.due_date, response.status, today) else "",
        comment.text, bundle.topics(item), item.answer_text,
        KINDS.get(item.kind or "", ""), notes,
        describe_event(last, bundle) if last else "",
        bundle.name(last.author_id) if last else "", when(last.at) if last else "",
    ]


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _header(sheet: Worksheet) -> None:
    line = Side(style="thin", color="FFFFFF")
    for column, (title, width) in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=column, value=title)
        cell.font = Font(name="Calibri", bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        cell.border = Border(right=line)
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.row_dimensions[1].height = 20


def _row(sheet: Worksheet, row: int, values: list[Any], status: str) -> None:
    wrap = Alignment(vertical="top", wrap_text=True)
    lines = 1
    for column, value in enumerate(values, start=1):
        if isinstance(value, str):
            value = ILLEGAL_CHARACTERS_RE.sub("", value)[:MAX_CELL]
            lines = max(lines, _lines(value, COLUMNS[column - 1][1]))
        cell = sheet.cell(row=row, column=column, value=value)
        cell.alignment = wrap
        if isinstance(value, date):
            cell.number_format = "yyyy-mm-dd"
    status_cell = sheet.cell(row=row, column=6)
    status_cell.fill = PatternFill("solid", fgColor=STATUS_FILLS.get(status, "FFFFFF"))
    status_cell.font = Font(name="Calibri", bold=True)
    if values[8]:
        sheet.cell(row=row, column=9).font = Font(name="Calibri", bold=True, color="C00000")
    sheet.row_dimensions[row].height = 15 * min(lines, MAX_LINES)


def _lines(text: str, width: int) -> int:
    """About how many lines a wrapped cell of this width shows."""
    return sum(max(1, -(-len(part) // max(1, width - 2))) for part in text.split("\n"))


def _print_setup(sheet: Worksheet) -> None:
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
