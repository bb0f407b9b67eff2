"""The desktop's files for the built program (packaging/linux/): the menu entry and the workspace
file type are well-formed and agree with each other, with the workspace suffix and with the
icons install.sh copies; a workspace given alone on the command line is opened."""
from __future__ import annotations

import configparser
import re
import shlex
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import main
from gui.window.main_window import WORKSPACE_FILTER
from storage.workspace import default_workspace_path
from tests.conftest import ROOT

LINUX = ROOT / "packaging" / "linux"
MIME_NS = "{http://www.freedesktop.org/standards/shared-mime-info}"


def desktop_entry() -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read_string((LINUX / "rejoinder.desktop").read_text(encoding="utf-8"))
    assert parser.sections() == ["Desktop Entry"]
    return dict(parser["Desktop Entry"])


def mime_types() -> dict[str, list[str]]:
    """Each declared type and its glob patterns."""
    root = ET.parse(LINUX / "rejoinder.xml").getroot()
    assert root.tag == f"{MIME_NS}mime-info"
    return {kind.attrib["type"]: [glob.attrib["pattern"] for glob in kind.iter(f"{MIME_NS}glob")]
            for kind in root.iter(f"{MIME_NS}mime-type")}


def test_the_workspace_type_is_the_workspace_suffix() -> None:
    assert mime_types() == {"application/x-rejoinder-workspace": ["*" + main.WORKSPACE_SUFFIX]}
    assert default_workspace_path().suffix == main.WORKSPACE_SUFFIX
    assert f"(*{main.WORKSPACE_SUFFIX})" in WORKSPACE_FILTER


def test_the_menu_entry_opens_that_type_with_the_program() -> None:
    entry = desktop_entry()
    assert entry["Type"] == "Application" and entry["Name"] == "Rejoinder"
    assert entry["MimeType"].rstrip(";").split(";") == list(mime_types())
    assert shlex.split(entry["Exec"]) == ["rejoinder", "%f"]  # install.sh rewrites the path
    assert entry["TryExec"] == "rejoinder" and entry["Terminal"] == "false"
    assert all(value.strip() == value and value for value in entry.values())


def test_install_copies_an_icon_for_each_size_it_names() -> None:
    entry = desktop_entry()
    script = (LINUX / "install.sh").read_text(encoding="utf-8")
    found = re.search(r'^sizes="([\d ]+)"$', script, re.MULTILINE)
    assert found is not None
    icons = ROOT / "resources" / "icons"
    for size in found.group(1).split():
        assert (icons / f"{entry['Icon']}-{size}.png").is_file()
    assert (icons / f"{entry['Icon']}.svg").is_file()


@pytest.mark.parametrize("argv", [["/home/a/Review.rejoinder"], ["--workspace", "x.rejoinder"]])
def test_a_workspace_given_alone_opens_in_the_window(monkeypatch: pytest.MonkeyPatch,
                                                     argv: list[str]) -> None:
    import gui.app

    opened: list[Path | None] = []
    monkeypatch.setattr(gui.app, "run", lambda path: opened.append(path) or 0)
    assert main.main(argv) == 0
    assert opened == [Path(argv[-1])]
