"""Deeply nested HTML made shallow before anything lays it out.

MuPDF's HTML layout recurses once per open element and dies (SIGSEGV) somewhere past a thousand
of them: 10,000 nested `<div>`, 50,000 unclosed `<b>`. Real letters nest a few dozen deep. So
the markup is read with a real HTML parser (`html.parser`), the open elements are tracked as an
HTML parser closes them (an end tag closes what it encloses; a new paragraph, list item, cell
or row closes the one before), and tags opened past `MAX_DEPTH` are dropped with their end
tags; their text is kept. Markup that never goes that deep is returned exactly as it came.
"""
from __future__ import annotations

from html.parser import HTMLParser

MAX_DEPTH = 100

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
         "source", "track", "wbr", "basefont", "frame", "isindex", "keygen"}
_CLOSES_P = {"address", "article", "aside", "blockquote", "center", "details", "dir", "div",
             "dl", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
             "h5", "h6", "header", "hr", "li", "main", "menu", "nav", "ol", "p", "pre",
             "section", "table", "ul", "dd", "dt"}
# A start tag that implicitly ends an open sibling: (the siblings it ends, where to stop looking).
_ENDS_SIBLING = {
    "li": ({"li"}, {"ul", "ol", "menu", "dir"}),
    "dt": ({"dt", "dd"}, {"dl"}),
    "dd": ({"dt", "dd"}, {"dl"}),
    "td": ({"td", "th"}, {"tr", "table"}),
    "th": ({"td", "th"}, {"tr", "table"}),
    "tr": ({"tr", "td", "th"}, {"table", "tbody", "thead", "tfoot"}),
    "option": ({"option"}, {"select", "datalist"}),
}
_P_SCOPE = {"table", "td", "th", "button", "html", "body"}


def shallow(markup: str, max_depth: int = MAX_DEPTH) -> str:
    """`markup` with no element nested deeper than `max_depth`; unchanged when none is."""
    if markup.count("<") <= max_depth:
        return markup
    flattener = _Flattener(max_depth)
    flattener.feed(markup)
    flattener.close()
    return "".join(flattener.out) if flattener.dropped_any else markup


class _Flattener(HTMLParser):
    def __init__(self, max_depth: int) -> None:
        super().__init__(convert_charrefs=False)
        self.max_depth = max_depth
        self.out: list[str] = []
        self.stack: list[str] = []
        self.dropped: dict[str, int] = {}
        self.dropped_any = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._implied_ends(tag)
        raw = self.get_starttag_text() or f"<{tag}>"
        if tag in _VOID:
            self.out.append(raw)
        elif len(self.stack) < self.max_depth:
            self.stack.append(tag)
            self.out.append(raw)
        else:
            self.dropped[tag] = self.dropped.get(tag, 0) + 1
            self.dropped_any = True

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(self.get_starttag_text() or f"<{tag}/>")

    def handle_endtag(self, tag: str) -> None:
        if self.dropped.get(tag):  # the dropped are the innermost: opened on a full stack
            self.dropped[tag] -= 1
        elif tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass
            self.out.append(f"</{tag}>")
        elif tag not in _VOID:
            self.out.append(f"</{tag}>")

    def _implied_ends(self, tag: str) -> None:
        if tag in _CLOSES_P:
            self._pop_to({"p"}, _P_SCOPE)
        if tag in _ENDS_SIBLING:
            ends, stop = _ENDS_SIBLING[tag]
            self._pop_to(ends, stop)

    def _pop_to(self, ends: set[str], stop: set[str]) -> None:
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index] in ends:
                del self.stack[index:]
                return
            if self.stack[index] in stop:
                return

    def handle_data(self, data: str) -> None:
        self.out.append(data)

    def handle_entityref(self, name: str) -> None:
        self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.out.append(f"&#{name};")

    def handle_comment(self, data: str) -> None:
        self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self.out.append(f"<!{decl}>")

    def handle_pi(self, data: str) -> None:
        self.out.append(f"<?{data}>")

    def unknown_decl(self, data: str) -> None:
        self.out.append(f"<![{data}]>")
