"""The application's icon and desktop name, set at start (gui/app.py `make_application`)."""
from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication

from gui.app import ICON_SIZES, make_application
from tests.conftest import ROOT


def test_every_window_gets_the_icon_at_each_size(qapp: QApplication) -> None:
    app = make_application()
    icon = app.windowIcon()
    assert not icon.isNull()
    assert set(ICON_SIZES) <= {size.width() for size in icon.availableSizes()}
    for size in ICON_SIZES:  # each file is there and decodes to its size
        assert icon.pixmap(QSize(size, size)).size() == QSize(size, size)


def test_the_desktop_name_is_the_menu_entry(qapp: QApplication) -> None:
    app = make_application()
    assert (ROOT / "packaging" / "linux" / f"{app.desktopFileName()}.desktop").is_file()
