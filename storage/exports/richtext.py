"""A draft answer as blocks of formatted runs, whatever it was stored as: the rich text Qt's
editor writes (HTML with <b>, <i>, <u>, styled <span>s, <p>, <br>, <ul>/<ol>/<li>) or plain text
(one paragraph a line; lines opening with a bullet become list items). The letter exports
render these blocks in Word and in EDGAR HTML."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from typing import Literal

ListKind = Literal["ul", "ol"]
_RICH = re.compile(r"<(?:!DOCTYPE|html|body|p|br|b|i|u|em|strong|span|div|ul|ol|li)\b", re.I)
_BULLET = re.compile(r"^\s*[•·▪‣◦\-–*]\s+")
_BLOCK_TAGS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr"}
_SKIP_TAGS = {"head", "style", "script", "title"}


@dataclass(frozen=True)
class Run:
    text: str  # "\n" is a line break inside the block
    bold: bool = False
    italic: bool = False
    underline: bool = False


@dataclass(frozen=True)
class Block:
    runs: tuple[Run, ...]
    list_kind: ListKind | None = None
    level: int = 0  # nesting depth of the list, 0 for the outermost
    list_id: int = 0  # items of one list share it (numbering restarts with a new list)

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


def blocks(draft: str) -> list[Block]:
    """The paragraphs and list items of a draft."""
    if not draft.strip():
        return []
    return _from_html(draft) if _RICH.search(draft) else _from_plain(draft)


def _from_plain(text: str) -> list[Block]:
    out: list[Block] = []
    list_id = 0
    for line in text.splitlines():
        if not line.strip():
            continue
        bullet = _BULLET.match(line)
        if bullet:
            if not out or out[-1].list_kind != "ul":
                list_id += 1
            out.append(Block((Run(line[bullet.end():].strip()),), "ul", 0, list_id))
        else:
            out.append(Block((Run(" ".join(line.split())),)))
    return out


def _from_html(html: str) -> list[Block]:
    parser = _Parser()
    parser.feed(html)
    parser.close()
    parser.flush()
    return parser.out


@dataclass(frozen=True)
class _Style:
    bold: bool = False
    italic: bool = False
    underline: bool = False


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[Block] = []
        self.runs: list[Run] = []
        self.styles: list[tuple[str, _Style]] = [("", _Style())]
        self.lists: list[tuple[ListKind, int]] = []
        self.skip = 0
        self.list_count = 0

    # -- tags ---------------------------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self.skip += 1
        elif tag == "br":
            self.runs.append(Run("\n", **vars(self.styles[-1][1])))
        elif tag in ("ul", "ol"):
            self.flush()
            self.list_count += 1
            self.lists.append((tag, self.list_count))  # type: ignore[arg-type]
        elif tag in _BLOCK_TAGS:
            self.flush()
        style = _apply(self.styles[-1][1], tag, dict(attrs).get("style") or "")
        if tag not in ("br", "img", "meta", "hr"):
            self.styles.append((tag, style))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.runs.append(Run("\n", **vars(self.styles[-1][1])))

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
        if tag in _BLOCK_TAGS:
            self.flush()
        if tag in ("ul", "ol") and self.lists:
            self.flush()
            self.lists.pop()
        for index in range(len(self.styles) - 1, 0, -1):
            if self.styles[index][0] == tag:
                del self.styles[index:]
                break

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        text = re.sub(r"\s+", " ", data)
        if text:
            self.runs.append(Run(text, **vars(self.styles[-1][1])))

    # -- blocks -------------------------------------------------------------------------------

    def flush(self) -> None:
        runs = _trim(_merge(self.runs))
        self.runs = []
        if not runs:
            return
        if self.lists and self._in_item():
            kind, list_id = self.lists[-1]
            self.out.append(Block(runs, kind, len(self.lists) - 1, list_id))
        else:
            self.out.append(Block(runs))

    def _in_item(self) -> bool:
        return any(tag == "li" for tag, _ in self.styles)


def _apply(style: _Style, tag: str, css: str) -> _Style:
    css = css.replace(" ", "").lower()
    if tag in ("b", "strong", "h1", "h2", "h3", "h4", "h5", "h6") or \
            re.search(r"font-weight:(bold|[6-9]00)", css):
        style = replace(style, bold=True)
    if re.search(r"font-weight:(normal|[1-4]00)", css):
        style = replace(style, bold=False)
    if tag in ("i", "em") or "font-style:italic" in css:
        style = replace(style, italic=True)
    if tag == "u" or ("text-decoration:" in css and "underline" in css):
        style = replace(style, underline=True)
    return style


def _merge(runs: list[Run]) -> list[Run]:
    """Neighbouring runs of the same style joined."""
    out: list[Run] = []
    for run in runs:
        if out and "\n" not in (run.text + out[-1].text) and \
                (out[-1].bold, out[-1].italic, out[-1].underline) == \
                (run.bold, run.italic, run.underline):
            out[-1] = replace(out[-1], text=out[-1].text + run.text)
        else:
            out.append(run)
    return out


def _trim(runs: list[Run]) -> tuple[Run, ...]:
    """Spaces and line breaks at the ends of a block removed."""
    while runs and not runs[0].text.strip():
        runs.pop(0)
    while runs and not runs[-1].text.strip():
        runs.pop()
    if not runs:
        return ()
    runs[0] = replace(runs[0], text=runs[0].text.lstrip(" "))
    runs[-1] = replace(runs[-1], text=runs[-1].text.rstrip(" "))
    return tuple(runs)


def as_text(found: list[Block]) -> str:
    """Blocks as plain text: a line each, list items marked "•" or numbered."""
    lines: list[str] = []
    counters: dict[int, int] = {}
    for block in found:
        text = block.text.replace("\n", " ").strip()
        if block.list_kind == "ol":
            counters[block.list_id] = counters.get(block.list_id, 0) + 1
            text = f"{counters[block.list_id]}. {text}"
        elif block.list_kind == "ul":
            text = "• " + text
        lines.append("    " * block.level + text)
    return "\n".join(lines)
