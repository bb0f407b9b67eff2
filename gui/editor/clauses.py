"""The clause library in the window: Edit ▸ Insert clause… (Ctrl+Shift+K) picks a passage of the
workspace's library by typing a few letters of its title or words and puts it at the cursor in
the draft; the same dialog adds, edits and removes clauses (storage.clauses keeps them).

`ClauseCommands(bench, editor)` makes the action and hands it to the menus; the dialog
(`gui.editor.clause_dialogs`) and the library behind it load when the action is first chosen."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Slot

from gui.common.actions import Placed, make_action
from gui.common.workbench import Workbench

if TYPE_CHECKING:
    from gui.editor.editor import ResponseEditor
    from storage.clauses import Clause


class ClauseCommands(QObject):
    """Edit ▸ Insert clause… into the draft shown, and the library behind it."""

    def __init__(self, bench: Workbench, editor: ResponseEditor) -> None:
        super().__init__(bench.main_window())
        self.bench = bench
        self.editor = editor
        self.insert = make_action(bench.main_window(), "Insert c&lause…", ["Ctrl+Shift+K"],
                                  "Insert a passage of the clause library into the answer, at "
                                  "the cursor; the library can be edited there too")
        self.insert.triggered.connect(self.choose)

    def actions_by_menu(self) -> Placed:
        return {"edit.clauses": [self.insert]}

    @Slot()
    def choose(self) -> Clause | None:
        """Ask for a clause and insert it in the draft (when an answer can be written)."""
        from gui.editor.clause_dialogs import insert_clause  # on use, not at start

        return insert_clause(self.bench, self.editor)
