"""Build the self-contained Rejoinder folder with PyInstaller: `python packaging/build.py`.

Run it with the Python of a venv that has the project and the `package` extra installed
(`pip install '.[package]'`); it writes dist/rejoinder/ (the program is dist/rejoinder/rejoinder,
.exe on Windows, and dist/Rejoinder.app on macOS) and, on Linux, adds the menu entry, the
workspace file type and install.sh to the folder and packs it as
dist/rejoinder-VERSION-linux-ARCH.tar.gz."""
from __future__ import annotations

import platform
import shutil
import sys
import tarfile
from pathlib import Path

import PyInstaller.__main__

ROOT = Path(__file__).resolve().parents[1]
DIST, WORK = ROOT / "dist", ROOT / "build" / "pyinstaller"
LINUX = Path(__file__).resolve().parent / "linux"


def main() -> int:
    PyInstaller.__main__.run([str(ROOT / "packaging" / "rejoinder.spec"), "--noconfirm",
                              "--log-level", "WARN", "--distpath", str(DIST),
                              "--workpath", str(WORK)])
    if sys.platform.startswith("linux"):
        archive = add_linux_files(DIST / "rejoinder")
        print(f"built {DIST / 'rejoinder'} and {archive}")
    else:
        print(f"built {DIST}")
    return 0


def add_linux_files(folder: Path) -> Path:
    """The desktop's files beside the program, then the folder packed for handing round."""
    sys.path.insert(0, str(ROOT))
    from storage import __version__

    shutil.copy2(LINUX / "install.sh", folder / "install.sh")
    (folder / "share").mkdir(exist_ok=True)
    for name in ("rejoinder.desktop", "rejoinder.xml"):
        shutil.copy2(LINUX / name, folder / "share" / name)
    archive = DIST / f"rejoinder-{__version__}-linux-{platform.machine()}.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(folder, arcname="rejoinder")
    return archive


if __name__ == "__main__":
    sys.exit(main())
