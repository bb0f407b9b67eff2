"""What a Word draft's styles and numbering parts say about its paragraphs and runs: whether a
paragraph is a list item (bulleted or numbered, at which level, in which list) and what bold,
italic and underline a style gives its text. Lists are decided by the numbering definitions the
paragraph (or its style) points at — bullet or a counting format — and, where the file has no
numbering part, by the style's name ("List Bullet 2", "List Number")."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FLAGS = ("b", "i", "u")  # bold, italic, underline as Word names them
ListKind = Literal["ul", "ol"]
_DEPTH = 12  # basedOn chains longer than this are a loop or a hostile file


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


def _val(element: etree._Element | None, name: str) -> str | None:
    found = None if element is None else element.find(_w(name))
    return None if found is None else found.get(_w("val"))


def flags_of(properties: etree._Element | None) -> dict[str, bool]:
    """The bold, italic and underline that run properties set (on or off); absent ones left
    out, so that a style's or a paragraph's show through."""
    out: dict[str, bool] = {}
    for name in FLAGS:
        found = None if properties is None else properties.find(_w(name))
        if found is not None:
            out[name] = found.get(_w("val"), "true").lower() not in ("0", "false", "none")
    return out


@dataclass(frozen=True)
class ListPlace:
    kind: ListKind
    level: int  # 0 for the outermost
    key: str  # the list definition: items sharing it count on as one list …
    num: str = ""  # … unless an item's numbering differs from the one before and
    restarts: bool = False  # restarts the count (LibreOffice gives a list's first item its own)

    def follows(self, before: ListPlace) -> bool:
        """Whether this item continues the list of the item `before` it (at its level)."""
        return (self.kind, self.key) == (before.kind, before.key) and not (
            self.num != before.num and self.restarts)


@dataclass
class Styles:
    styles: dict[str, etree._Element] = field(default_factory=dict)  # style id → w:style
    nums: dict[str, etree._Element] = field(default_factory=dict)  # numId → w:num
    abstract: dict[str, etree._Element] = field(default_factory=dict)  # id → w:abstractNum

    @classmethod
    def read(cls, styles: etree._Element | None, numbering: etree._Element | None) -> Styles:
        found = cls()
        for style in [] if styles is None else styles.iter(_w("style")):
            found.styles.setdefault(style.get(_w("styleId"), ""), style)
        for num in [] if numbering is None else numbering.iter(_w("num")):
            found.nums[num.get(_w("numId"), "")] = num
        for abstract in [] if numbering is None else numbering.iter(_w("abstractNum")):
            found.abstract[abstract.get(_w("abstractNumId"), "")] = abstract
        return found

    def _chain(self, style_id: str) -> list[etree._Element]:
        """The style and those it is based on, nearest first."""
        chain: list[etree._Element] = []
        while style_id in self.styles and len(chain) < _DEPTH:
            style = self.styles[style_id]
            if style in chain:
                break
            chain.append(style)
            style_id = _val(style, "basedOn") or ""
        return chain

    def name(self, style_id: str) -> str:
        """A style's name, lower case without spaces ("listbullet2"); its id if unnamed."""
        style = self.styles.get(style_id)
        name = _val(style, "name") if style is not None else None
        return "".join((name or style_id).split()).lower()

    def flags(self, style_id: str) -> dict[str, bool]:
        """The bold, italic and underline a style (or those it is based on) sets."""
        out: dict[str, bool] = {}
        for style in reversed(self._chain(style_id)):
            out.update(flags_of(style.find(_w("rPr"))))
        return out

    def list_place(self, properties: etree._Element | None) -> ListPlace | None:
        """Where a paragraph (its w:pPr) sits in a list, or None when it is no list item."""
        style_id = _val(properties, "pStyle") or ""
        num_id, num_level = self._numbering(properties, style_id)
        name = self.name(style_id)
        by_name: ListKind | None = ("ul" if name.startswith("listbullet") else
                                    "ol" if name.startswith("listnumber") else None)
        nested = re.search(r"(\d)$", name)  # "List Bullet 2" indents with level 0 numbering
        level = max(num_level, int(nested.group(1)) - 1 if nested and by_name else 0)
        if num_id == "0":
            return None  # numbering taken off explicitly
        if num_id is not None:
            kind = self._format(num_id, num_level)
            if kind == "none":
                return None
            chosen: ListKind = (by_name or "ul") if kind is None else (
                "ul" if kind == "bullet" else "ol")
            num = self.nums.get(num_id)
            definition = _val(num, "abstractNumId") if num is not None else None
            restarts = num is not None and any(
                o.get(_w("ilvl")) == str(num_level) and o.find(_w("startOverride")) is not None
                for o in num.iter(_w("lvlOverride")))
            return ListPlace(chosen, level, f"abstract{definition or 'num' + num_id}", num_id,
                             restarts)
        return ListPlace(by_name, level, f"style{name}") if by_name else None

    def _numbering(self, properties: etree._Element | None, style_id: str
                   ) -> tuple[str | None, int]:
        """The paragraph's numbering (numId, level), its own or its style's."""
        own = None if properties is None else properties.find(_w("numPr"))
        for numbering in [own] + [s.find(f"{_w('pPr')}/{_w('numPr')}")
                                  for s in self._chain(style_id)]:
            if numbering is not None and _val(numbering, "numId") is not None:
                level = _val(numbering, "ilvl") or "0"
                return _val(numbering, "numId"), int(level) if level.isdigit() else 0
        return None, 0

    def _format(self, num_id: str, level: int) -> str | None:
        """The number format of a list's level ("bullet", "decimal", "none"…), None when the
        file does not say."""
        num = self.nums.get(num_id)
        if num is None:
            return None
        for override in num.iter(_w("lvlOverride")):
            if override.get(_w("ilvl")) == str(level):
                found = override.find(f"{_w('lvl')}/{_w('numFmt')}")
                if found is not None:
                    return found.get(_w("val"))
        abstract = self.abstract.get(_val(num, "abstractNumId") or "")
        if abstract is None:
            return None
        for lvl in abstract.iter(_w("lvl")):
            if lvl.get(_w("ilvl")) == str(level):
                return _val(lvl, "numFmt")
        return None
