"""Draw Rejoinder's icon: `python packaging/icons.py` writes resources/icons/.

The mark is a letter's speech bubble holding a section sign, on a dark tile. The section sign is
an outline taken from DejaVu Serif Bold, so the SVG needs no font where it is shown (librsvg,
Qt, a browser draw it alike). From the SVG come the PNGs the window and Linux desktops use,
the .ico PyInstaller gives a Windows build and the .icns a macOS one; both are written here
(PNG-compressed entries, as Windows Vista+ and macOS 10.7+ read them), so no Pillow is needed.
Run it again only to change the drawing; the outputs are committed."""
from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QImage, QPainter, QPainterPath
from PySide6.QtSvg import QSvgRenderer

OUT = Path(__file__).resolve().parents[1] / "resources" / "icons"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf")  # fonts-dejavu-core
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)  # the hicolor theme's usual folders
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_TYPES = ((b"icp4", 16), (b"icp5", 32), (b"icp6", 64), (b"ic07", 128), (b"ic08", 256),
              (b"ic09", 512), (b"ic10", 1024), (b"ic11", 32), (b"ic12", 64), (b"ic13", 256),
              (b"ic14", 512))

TILE, PAPER = "#23395b", "#f7f3ea"
SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256">
 <title>Rejoinder</title>
 <rect x="12" y="12" width="232" height="232" rx="52" fill="{tile}"/>
 <path fill="{paper}" d="M74 46 H182 A30 30 0 0 1 212 76 V154 A30 30 0 0 1 182 184 H116
  L74 218 L82 184 H74 A30 30 0 0 1 44 154 V76 A30 30 0 0 1 74 46 Z"/>
 <path fill="{tile}" fill-rule="{rule}" d="{section}"/>
</svg>
"""


def section_sign(centre: QPointF, height: float) -> tuple[str, str]:
    """The § glyph's outline as SVG path data fitted to `height`, and its fill rule."""
    family = QFontDatabase.applicationFontFamilies(QFontDatabase.addApplicationFont(str(FONT)))
    if not family:
        sys.exit(f"{FONT} is missing: install fonts-dejavu-core")
    font = QFont(family[0])
    font.setBold(True)
    font.setPixelSize(200)
    path = QPainterPath()
    path.addText(0, 0, font, "§")
    box = path.boundingRect()
    scale = height / box.height()
    parts, i = [], 0
    while i < path.elementCount():
        element = path.elementAt(i)
        points = [path.elementAt(i + k) for k in range(3)] if element.isCurveTo() else [element]

        def xy(point: object) -> str:
            x = centre.x() + (point.x - box.center().x()) * scale  # type: ignore[attr-defined]
            y = centre.y() + (point.y - box.center().y()) * scale  # type: ignore[attr-defined]
            return f"{x:.2f} {y:.2f}"

        verb = "M" if element.isMoveTo() else "C" if element.isCurveTo() else "L"
        parts.append(verb + " ".join(xy(p) for p in points))
        i += len(points)
    rule = "evenodd" if path.fillRule() == Qt.FillRule.OddEvenFill else "nonzero"
    return " ".join(parts), rule


def render(svg: bytes, size: int) -> bytes:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(QByteArray(svg)).render(painter, QRectF(0, 0, size, size))
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def ico(pngs: dict[int, bytes]) -> bytes:
    """A Windows icon: a directory of 16-byte entries, then each size's PNG."""
    sizes = sorted(pngs)
    offset = 6 + 16 * len(sizes)
    head, body = [struct.pack("<HHH", 0, 1, len(sizes))], []
    for size in sizes:
        side = 0 if size >= 256 else size  # 0 means 256
        head.append(struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(pngs[size]), offset))
        body.append(pngs[size])
        offset += len(pngs[size])
    return b"".join(head + body)


def icns(pngs: dict[int, bytes]) -> bytes:
    """A macOS icon: typed chunks of PNG data under an 'icns' header."""
    chunks = b"".join(kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size]
                      for kind, size in ICNS_TYPES)
    return b"icns" + struct.pack(">I", 8 + len(chunks)) + chunks


def main() -> None:
    QGuiApplication.instance() or QGuiApplication([])
    section, rule = section_sign(QPointF(128, 115), 104)
    svg = SVG.format(tile=TILE, paper=PAPER, section=section, rule=rule)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "rejoinder.svg").write_text(svg)
    pngs = {size: render(svg.encode(), size) for size in sorted({*PNG_SIZES, 1024})}
    for size in PNG_SIZES:
        (OUT / f"rejoinder-{size}.png").write_bytes(pngs[size])
    (OUT / "rejoinder.ico").write_bytes(ico({size: pngs[size] for size in ICO_SIZES}))
    (OUT / "rejoinder.icns").write_bytes(icns(pngs))
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
