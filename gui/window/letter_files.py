"""Which files are letters (by their suffix), and the letters among dropped or chosen paths: what
the window's drops and file dialogs need before any import starts (`gui.window.importing`
loads with the first import)."""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

LETTER_SUFFIXES = (".pdf", ".htm", ".html", ".txt")
FILE_FILTERS = ("Letters (*.pdf *.htm *.html *.txt);;PDF letters (*.pdf);;"
                "EDGAR HTML letters (*.htm *.html);;Text letters (*.txt);;All files (*)")


def is_letter_file(path: Path) -> bool:
    return path.suffix.lower() in LETTER_SUFFIXES


def letter_files(paths: Iterable[Path]) -> list[Path]:
    """The letters among these paths, a folder standing for every letter below it (in name
    order, hidden files and folders left out), each once."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file() and is_letter_file(p)
                            and not any(part.startswith(".")
                                        for part in p.relative_to(path).parts))
        elif is_letter_file(path):
            found.append(path)
    return list(dict.fromkeys(found))
