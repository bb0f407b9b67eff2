"""EDGAR HTML → logical lines with bold/italic/underline shares, from the HTML text itself.

The words come from the markup, not from MuPDF's layout (which clips the right end of long lines
in some letters). Block elements and `<br>` end lines; `<hr>` and `page-break-*: always` styles
count pages; a table row becomes one line when each of its cells holds one line (a number beside
its comment, a row of figures), else its cells are read one after another, a short first cell
(a number, "Comment 1.", a bullet) being joined to the text beside it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from storage.ingest.lines import Line, clean

_BLOCKS = {"p", "div", "br", "tr", "td", "th", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5",
           "h6", "table", "hr", "blockquote", "center", "pre", "dl", "dt", "dd", "address",
           "section", "article", "header", "footer", "body", "html", "caption", "form"}
_VOID = {"br", "hr", "img", "meta", "link", "input", "col", "area", "base", "wbr", "param"}
_SKIP = {"head", "title", "style", "script", "noscript"}
_BOLD_TAGS = {"b", "strong"}
_ITALIC_TAGS = {"i", "em", "cite", "var"}
_UNDER_TAGS = {"u", "ins"}
_MARKER = re.compile(r"^(?:\(?[0-9]{1,3}[.)]|\(?[a-zA-Z][.)]|[ivx]{1,4}[.)]|[•·▪◦●\-–—*]|"
                     r"(?:staff'?s? )?comments? (?:no\. ?)?#? ?[0-9]{1,3}[.:]?)$", re.I)


@dataclass
class _Style:
    tag: str
    bold: bool = False
    italic: bool = False
    underline: bool = False
    hidden: bool = False
    break_after: bool = False


@dataclass
class _Run:
    text: str
    bold: bool
    italic: bool
    underline: bool


@dataclass
class _Table:
    rows: list[list[list[Line]]] = field(default_factory=list)
    row: list[list[Line]] | None = None


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[_Style] = [_Style("#root")]
        self.sinks: list[list[Line]] = [[]]
        self.tables: list[_Table] = []
        self.runs: list[_Run] = []
        self.page = 0
        self.skip = 0
        self.after_br = False

    # -- tags -------------------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skip += 1
            return
        css = " ".join((v or "") for k, v in attrs if k == "style").lower().replace(" ", "")
        if tag in _BLOCKS:
            self._flush(br=tag == "br")
        if "page-break-before:always" in css or "break-before:page" in css or tag == "hr":
            self.page += 1
        if tag == "table":
            self.tables.append(_Table())
        elif tag == "tr" and self.tables:
            self.tables[-1].row = []
        elif tag in ("td", "th") and self.tables:
            self.sinks.append([])
        if tag in _VOID:
            return
        top = self.stack[-1]
        self.stack.append(_Style(
            tag,
            bold=top.bold or tag in _BOLD_TAGS or _css_bold(css) is True,
            italic=top.italic or tag in _ITALIC_TAGS or "font-style:italic" in css,
            underline=top.underline or tag in _UNDER_TAGS or "underline" in css,
            hidden=top.hidden or "display:none" in css,
            break_after="page-break-after:always" in css or "break-after:page" in css))
        if _css_bold(css) is False:
            self.stack[-1].bold = False
        if "font-style:normal" in css:
            self.stack[-1].italic = False

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if tag in _VOID or not any(s.tag == tag for s in self.stack[1:]):
            return
        if tag in _BLOCKS:
            self._flush()
        if tag in ("td", "th") and self.tables and len(self.sinks) > 1:
            cell = self.sinks.pop()
            if self.tables[-1].row is not None:
                self.tables[-1].row.append(cell)
        elif tag == "tr" and self.tables and self.tables[-1].row is not None:
            self.tables[-1].rows.append(self.tables[-1].row)
            self.tables[-1].row = None
        elif tag == "table" and self.tables:
            self._close_table(self.tables.pop())
        while len(self.stack) > 1:
            style = self.stack.pop()
            if style.break_after:
                self.page += 1
            if style.tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.skip or self.stack[-1].hidden:
            return
        style = self.stack[-1]
        text = re.sub(r"\s+", " ", data)
        if text:
            self.runs.append(_Run(text, style.bold, style.italic, style.underline))

    # -- lines ------------------------------------------------------------------------------
    def _flush(self, br: bool = False) -> None:
        runs, self.runs = self.runs, []
        text = clean("".join(r.text for r in runs))
        if text:
            counts = [len(r.text.strip()) for r in runs]
            total = sum(counts) or 1
            share = [sum(c for c, r in zip(counts, runs, strict=True) if getattr(r, name))
                     / total for name in ("bold", "italic", "underline")]
            self.sinks[-1].append(Line(text, self.page, para=not self.after_br, bold=share[0],
                                       italic=share[1], underline=share[2]))
            self.after_br = br
        elif not br:
            self.after_br = False

    def _close_table(self, table: _Table) -> None:
        if table.row:
            table.rows.append(table.row)
        for row in table.rows:
            self.sinks[-1].extend(_row_lines(row))

    def result(self) -> list[Line]:
        self._flush()
        while self.tables:
            self._close_table(self.tables.pop())
        while len(self.sinks) > 1:
            cell = self.sinks.pop()
            self.sinks[-1].extend(cell)
        return self.sinks[0]


def _css_bold(css: str) -> bool | None:
    match = re.search(r"font-weight:(bold|bolder|normal|lighter|\d+)", css)
    if not match:
        return None
    value = match.group(1)
    return value in ("bold", "bolder") or (value.isdigit() and int(value) >= 600)


def _row_lines(row: list[list[Line]]) -> list[Line]:
    cells = [cell for cell in row if cell]
    if not cells:
        return []
    if all(len(cell) == 1 for cell in cells):
        return [_join([cell[0] for cell in cells])]
    out: list[Line] = []
    if len(cells[0]) == 1 and _MARKER.match(cells[0][0].text) and len(cells) > 1:
        first = _join([cells[0][0], cells[1][0]])
        out.append(first)
        out.extend(cells[1][1:])
        cells = cells[2:]
    for cell in cells:
        cell[0].para = True
        out.extend(cell)
    return out


def _join(parts: list[Line]) -> Line:
    text = " ".join(p.text for p in parts)
    weights = [len(p.text) for p in parts]
    total = sum(weights) or 1

    def share(name: str) -> float:
        return sum(getattr(p, name) * w for p, w in zip(parts, weights, strict=True)) / total

    return Line(text, parts[0].page, para=True, bold=share("bold"), italic=share("italic"),
                underline=share("underline"))


def html_lines(html: str) -> list[Line]:
    """The letter's logical lines in reading order."""
    parser = _Parser()
    parser.feed(html)
    parser.close()
    return parser.result()


def text_lines(text: str) -> list[Line]:
    """Plain text: one line per line; a blank line opens a paragraph; <PAGE> or \\f count pages."""
    lines: list[Line] = []
    page, blank = 0, True
    for raw in text.splitlines():
        if raw.strip().upper() == "<PAGE>" or "\f" in raw:
            page += 1
            raw = raw.replace("\f", "")
            if raw.strip().upper() == "<PAGE>":
                continue
        line = clean(raw)
        if not line:
            blank = True
            continue
        lines.append(Line(line, page, para=blank))
        blank = False
    return lines
