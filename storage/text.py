"""Plain text out of the rich text a draft may be stored as (the HTML Qt's editor writes)."""
from __future__ import annotations

from html.parser import HTMLParser

_BLOCKS = {"p", "div", "li", "br", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "script", "head", "title"):
            self._skip += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")
        if tag == "li":
            self.parts.append("• ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script", "head", "title"):
            self._skip = max(0, self._skip - 1)

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    parser.close()
    lines = [" ".join(line.split()) for line in "".join(parser.parts).splitlines()]
    return "\n".join(line for line in lines if line).strip()


# Symbol and Wingdings fonts draw their glyphs at private-use code points (U+F020–U+F0FF): a
# Word bullet is U+F0B7, which any other font shows as a box. The usual ones, as the characters
# they draw; any other private-use character is dropped (it has no meaning outside its font).
_SYMBOL_FONT = {
    0xF0B7: "•", 0xF06C: "●", 0xF09F: "•", 0xF0A7: "▪", 0xF06E: "■", 0xF0A8: "□",
    0xF071: "❑", 0xF076: "❖", 0xF0D8: "➢", 0xF0E0: "→", 0xF0AE: "→", 0xF0FC: "✓",
    0xF0FB: "✗", 0xF02D: "-", 0xF0B0: "°", 0xF0B1: "±", 0xF0D7: "×", 0xF0A3: "≤",
    0xF0B3: "≥", 0xF0BE: "—", 0xF0E2: "®", 0xF0E3: "©", 0xF0E4: "™", 0xF0D2: "®",
    0xF0D3: "©", 0xF0D4: "™", 0xF020: " ",
}


def is_private_use(char: str) -> bool:
    code = ord(char)
    return 0xE000 <= code <= 0xF8FF or 0xF0000 <= code <= 0x10FFFF


def printable(text: str) -> str:
    """`text` without private-use characters: symbol-font bullets and marks become the real
    characters they draw ("\\uf0b7" → "•"), any other is dropped. Applied where a letter's text
    is read and where exports write text, so no box reaches a letter we file."""
    if not any(is_private_use(char) for char in text):
        return text
    return "".join(_SYMBOL_FONT.get(ord(char), "") if is_private_use(char) else char
                   for char in text)
